-- 001 foundation: key/value metadata, the staff audit log, and the departments that own services.

CREATE TABLE app_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- Every staff action (and later system actions) appends one row; rows are never updated.
CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL,          -- 'staff' | 'resident' | 'system'
  actor_id   text,
  action     text NOT NULL,          -- e.g. 'request.reply'
  target     text,                   -- e.g. 'request:12345'
  detail     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_target_idx ON audit_log (target, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_kind, actor_id, at);

-- Reference data, loaded from server/db/seed/departments.json on every start.
CREATE TABLE departments (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
  name       text NOT NULL UNIQUE,
  short_name text,
  sort       integer NOT NULL DEFAULT 0
);
