-- Cluster state: what several serve replicas and CLI processes sharing this catalog agree on.
-- Times are epoch milliseconds. A row past its expires_at is dead and removed lazily by the next writer.

-- One backup or restore per database: the process (host:pid:uuid) holding it renews expires_at while it runs
CREATE TABLE job_locks (
  database TEXT PRIMARY KEY,
  job TEXT NOT NULL,
  holder TEXT NOT NULL,
  acquired_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL);

-- Backups a drill or restore reads right now, so retention run by any process keeps them
CREATE TABLE backups_in_use (
  database TEXT NOT NULL,
  backup_id TEXT NOT NULL,
  holder TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (database, backup_id, holder));

-- Jobs waiting for their requester to press Confirm, by the unguessable token in the button
CREATE TABLE confirmations (
  token TEXT PRIMARY KEY,
  payload TEXT NOT NULL,
  expires_at BIGINT NOT NULL);

-- Keys handled once across processes: Slack event ids and request signatures
CREATE TABLE seen_keys (
  kind TEXT NOT NULL,
  seen_key TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (kind, seen_key));

CREATE INDEX seen_keys_by_expiry ON seen_keys (expires_at);

-- Every state change of a request is a compare-and-set on this number
ALTER TABLE approval_requests ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
