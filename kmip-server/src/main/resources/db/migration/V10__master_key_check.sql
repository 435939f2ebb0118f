-- What the master key that seals this store's objects is, without revealing it: per key version, the SHA-256 of a key
-- derived from it for this purpose alone (MasterKeyCheck). A server started with another master key (master.key lost
-- and re-created, a cluster node given the wrong one, a restore with another appliance's key) refuses to start instead
-- of sealing new objects under a key that cannot open the old ones.
CREATE TABLE master_key_check (
    key_version INT   NOT NULL PRIMARY KEY,
    check_value BYTEA NOT NULL
);
