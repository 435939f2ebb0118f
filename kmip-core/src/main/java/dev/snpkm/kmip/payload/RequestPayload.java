package dev.snpkm.kmip.payload;

/** The typed content of a Request Payload; one record per operation, {@link RawPayload} for the rest. */
public interface RequestPayload {}
