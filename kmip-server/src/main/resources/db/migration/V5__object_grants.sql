-- Access grants (x-authorized-client): one row per distinct grantee of each object, kept in step by the store in the
-- object write's transaction, so a Locate can list what was granted to a client without reading every attribute blob.
-- A grantee is an RFC 2253 subject DN (at most as long as managed_object.owner) or a lower-case hex SHA-256 fingerprint.
-- Rows stay when the object is destroyed: its metadata, grants included, stays readable, and a Locate with the
-- Destroyed storage status mask lists a destroyed object to its grantees as to its owner.
CREATE TABLE object_grant (
    uid     VARCHAR(64)   NOT NULL REFERENCES managed_object (uid),
    grantee VARCHAR(1024) NOT NULL,
    CONSTRAINT object_grant_unique UNIQUE (grantee, uid)
);
CREATE INDEX object_grant_uid ON object_grant (uid);
-- V6 (ObjectGrantsBackfill, Java) fills it from the objects already stored.
