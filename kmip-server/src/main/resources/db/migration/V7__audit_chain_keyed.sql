-- The audit chain becomes keyed (HMAC-SHA256 under a key derived from the master key). Records written before this
-- migration stay as they are and keep verifying under the unkeyed SHA-256 rule: this table remembers how many there
-- were, and the server's first open after the upgrade appends a keyed switch-over record ("audit-chain-keyed") that
-- names that count and, by its HMAC over its predecessor's hash, seals the legacy records.
CREATE TABLE audit_chain_upgrade (
    legacy_through BIGINT NOT NULL
);
INSERT INTO audit_chain_upgrade (legacy_through) SELECT COALESCE(MAX(seq), 0) FROM audit_record;
