-- Client certificates revoked with kmipctl clients revoke, by lower-case hex SHA-256 fingerprint of the DER
-- certificate. The deny list of every node on this store is the union of this table and its local
-- revoked-clients.txt, whose new lines each node publishes here (ClientDenyList), so a revocation made on one node of a
-- cluster reaches the others through the database. A revocation is permanent, as in a CRL: rows are never deleted.
CREATE TABLE revoked_client (
    fingerprint CHAR(64)                 NOT NULL PRIMARY KEY,
    revoked_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
