-- The whole catalog schema at version 10, for a fresh SQLite catalog: what the legacy steps 1 to 10
-- (catalog/Migrations.java) leave behind. Times are epoch milliseconds; flags are 0 or 1.

CREATE TABLE backups (
  id TEXT PRIMARY KEY,
  database TEXT NOT NULL,
  engine TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL,
  object_key TEXT NOT NULL,
  manifest_key TEXT NOT NULL,
  size_bytes INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  raw_size_bytes INTEGER NOT NULL DEFAULT 0,
  raw_sha256 TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  heartbeat_at INTEGER,
  -- Empty for an ordinary backup; 'pre-restore' for the safety backup a restore takes first.
  label TEXT NOT NULL DEFAULT '',
  -- 1 for a backup retention keeps until `unpin`; keep_until keeps one until then.
  pinned INTEGER NOT NULL DEFAULT 0,
  keep_until INTEGER
);
CREATE INDEX backups_by_database ON backups (database, id);
CREATE INDEX backups_running ON backups (id) WHERE status = 'running';

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  database TEXT NOT NULL,
  backup_id TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE drills (
  id TEXT PRIMARY KEY,
  database TEXT NOT NULL,
  backup_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  rto_ms INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  checks TEXT NOT NULL,
  evidence_key TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX drills_by_database ON drills (database, id);

CREATE TABLE alert_state (
  database TEXT NOT NULL,
  kind TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  last_sent_at INTEGER NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (database, kind)
);

CREATE TABLE approval_requests (
  id TEXT PRIMARY KEY,
  database TEXT NOT NULL,
  backup_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  target TEXT NOT NULL,
  requester TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  denied_by TEXT NOT NULL,
  executed_at INTEGER,
  message_ref TEXT NOT NULL DEFAULT '',
  heartbeat_at INTEGER,
  error TEXT NOT NULL DEFAULT '',
  announce_pending INTEGER NOT NULL DEFAULT 0,
  state_since INTEGER NOT NULL DEFAULT 0,
  -- Both null for a backup restore; for a restore to a past moment in place, the time asked for
  -- (ISO-8601 as typed) and the bookmark found for it when asked, which approvals bind.
  restore_at TEXT,
  bookmark TEXT
);
CREATE INDEX approval_requests_by_message ON approval_requests (message_ref);

-- So an older Backstop, which reads the legacy version, takes this catalog for the version 10 it is.
PRAGMA user_version = 10;
