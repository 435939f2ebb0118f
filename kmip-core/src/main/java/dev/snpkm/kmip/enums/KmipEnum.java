package dev.snpkm.kmip.enums;

/** A KMIP enumeration constant: its 32-bit wire value and its specification name. */
public interface KmipEnum {
    int value();

    /** The name as the specification writes it, e.g. "Symmetric Key". */
    String specName();
}
