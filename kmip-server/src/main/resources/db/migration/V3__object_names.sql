-- Name uniqueness (KMIP: Names are unique within a key management domain; here the domain is the owner).
-- One row per Name of every object whose state is not Destroyed / Destroyed Compromised, kept in step by the store
-- in the object write's transaction, so the unique key, not a check-then-insert, decides between concurrent requests.
-- The key holds SHA-256(UTF-8 name value), 32 bytes, as Name values can be longer than an index key may be.
CREATE TABLE object_name (
    owner       VARCHAR(1024) NOT NULL,  -- as managed_object.owner
    name_sha256 BYTEA         NOT NULL,
    uid         VARCHAR(64)   NOT NULL REFERENCES managed_object (uid),
    CONSTRAINT object_name_unique UNIQUE (owner, name_sha256)
);
CREATE INDEX object_name_uid ON object_name (uid);
-- V4 (ObjectNamesBackfill, Java) fills it from the objects already stored.
