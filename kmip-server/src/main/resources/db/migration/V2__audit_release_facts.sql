-- Attested key release facts as columns of their own, so `kmipctl audit` and reports can filter on them
-- (ARCHITECTURE.md: who, which key, measurement, chip, TCB, policy, decision, reason). NULL on other records.
ALTER TABLE audit_record ADD COLUMN policy       VARCHAR(256);
ALTER TABLE audit_record ADD COLUMN measurement  VARCHAR(96);   -- hex, 48 bytes
ALTER TABLE audit_record ADD COLUMN chip_id      VARCHAR(128);  -- hex, 64 bytes (8 significant on Turin)
ALTER TABLE audit_record ADD COLUMN reported_tcb VARCHAR(128);
ALTER TABLE audit_record ADD COLUMN reason       VARCHAR(128);  -- a bounded code, e.g. NONCE_EXPIRED
