-- Managed objects, attestation nonces and the hash-chained audit log.
-- Portable SQL: H2 2.x (embedded, default) and PostgreSQL (multi-node) both accept it.

CREATE TABLE managed_object (
    uid                     VARCHAR(64)   NOT NULL PRIMARY KEY,
    object_type             INTEGER       NOT NULL,  -- KMIP Object Type enumeration value
    state                   INTEGER       NOT NULL,  -- KMIP State enumeration value
    owner                   VARCHAR(1024) NOT NULL,  -- identity of the creating client
    name                    VARCHAR(1024),           -- first Name attribute, for Locate
    cryptographic_algorithm INTEGER,
    cryptographic_length    INTEGER,
    object_group            VARCHAR(1024),
    attributes              BYTEA         NOT NULL,  -- TTLV-encoded attribute structure
    sealed_material         BYTEA,                   -- NULL once destroyed; metadata stays (KMIP Destroy)
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    material_destroyed_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX managed_object_name ON managed_object (name);
CREATE INDEX managed_object_owner ON managed_object (owner);
CREATE INDEX managed_object_type_state ON managed_object (object_type, state);

-- Single-use attestation nonces; only a hash of the value is kept.
CREATE TABLE attestation_nonce (
    nonce_id        VARCHAR(128)  NOT NULL PRIMARY KEY,
    value_sha256    BYTEA         NOT NULL,
    client_identity VARCHAR(1024) NOT NULL,
    object_uid      VARCHAR(64)   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    used            BOOLEAN       NOT NULL
);
CREATE INDEX attestation_nonce_expiry ON attestation_nonce (expires_at);

-- Append-only audit records; hash = SHA-256(prev_hash || canonical record), so an edit breaks the chain.
CREATE TABLE audit_record (
    seq         BIGINT        NOT NULL PRIMARY KEY,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(1024) NOT NULL,
    action      VARCHAR(128)  NOT NULL,
    object_uid  VARCHAR(64),
    outcome     VARCHAR(64)   NOT NULL,
    detail      VARCHAR(4000) NOT NULL,
    prev_hash   BYTEA         NOT NULL,
    hash        BYTEA         NOT NULL
);
