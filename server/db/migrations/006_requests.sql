-- 006 requests: 12345 work orders (诉求), every step as an update row, the daily number counter, and uploaded photos.
-- Text and location stay in plain columns (content, address, district, lat/lng) so similar-request search (007) can
-- index them; the reporter's contact is sealed (server/crypto) like identity data.

CREATE TABLE request_counters (
  day  text PRIMARY KEY,          -- YYYYMMDD, Asia/Shanghai
  last integer NOT NULL
);

CREATE TABLE requests (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number             text NOT NULL UNIQUE,
  user_id            uuid REFERENCES users (id),           -- null for partner (Open311) requests without an account
  source             text NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'open311', 'hotline')),
  -- Idempotency: the scope (user:<id> / open311:<key id>) and the key the client sent, with a hash of the body.
  idempotency_scope  text,
  idempotency_key    text,
  idempotency_hash   text,
  type               text NOT NULL CHECK (type IN ('consult', 'help', 'complaint', 'report', 'suggestion')),
  category           text,
  content            text NOT NULL,
  lat                double precision,
  lng                double precision,
  address            text,
  district           text,
  street             text,
  contact_phone_enc  text,
  contact_name_enc   text,
  anonymous          boolean NOT NULL DEFAULT false,
  public             boolean NOT NULL DEFAULT false,
  status             text NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected', 'dispatched', 'signed', 'processing',
                                                     'replied', 'returned', 'closed', 'rated', 'merged')),
  department_code    text REFERENCES departments (code),
  filed_at           timestamptz NOT NULL,
  dispatch_deadline  timestamptz NOT NULL,
  deadline           timestamptz NOT NULL,
  warn_at            timestamptz NOT NULL,
  -- The deadline job records which warn_at / deadline it has already raised a warning / 督办 for (safe on many nodes).
  warned_for         timestamptz,
  overdue_for        timestamptz,
  supervised_at      timestamptz,
  extension_days     integer CHECK (extension_days BETWEEN 1 AND 30),
  closed_at          timestamptz,
  rating_level       smallint CHECK (rating_level BETWEEN 1 AND 5),
  rating_comment     text,
  rated_at           timestamptz,
  reopened           boolean NOT NULL DEFAULT false,
  merged_into        uuid REFERENCES requests (id),
  urge_count         integer NOT NULL DEFAULT 0,
  last_urged_at      timestamptz,
  updated_at         timestamptz NOT NULL,
  UNIQUE (idempotency_scope, idempotency_key),
  CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
  CHECK (merged_into IS NULL OR merged_into <> id)
);
CREATE INDEX requests_user_idx ON requests (user_id, filed_at DESC);
CREATE INDEX requests_department_idx ON requests (department_code, status, deadline);
CREATE INDEX requests_status_idx ON requests (status, deadline);
CREATE INDEX requests_merged_into_idx ON requests (merged_into) WHERE merged_into IS NOT NULL;

-- One row per step; never updated. actor_staff_id is for the audit trail only and never shown to residents.
CREATE TABLE request_updates (
  id                    bigserial PRIMARY KEY,
  request_id            uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  action                text NOT NULL,
  from_status           text,
  to_status             text NOT NULL,
  actor_kind            text NOT NULL CHECK (actor_kind IN ('resident', 'staff', 'system', 'partner')),
  actor_role            text NOT NULL,
  actor_department_code text,
  actor_staff_id        uuid,
  note                  text,
  data                  jsonb NOT NULL DEFAULT '{}'::jsonb,
  visible_to_resident   boolean NOT NULL,
  created_at            timestamptz NOT NULL
);
CREATE INDEX request_updates_request_idx ON request_updates (request_id, id);

-- Photos: the cleaned JPEG lives in the storage (DATA_DIR/uploads by default) under storage_key.
CREATE TABLE uploads (
  id           uuid PRIMARY KEY,
  user_id      uuid REFERENCES users (id),
  staff_id     uuid REFERENCES staff (id),
  storage_key  text NOT NULL UNIQUE,
  content_type text NOT NULL,
  bytes        integer NOT NULL,
  width        integer NOT NULL,
  height       integer NOT NULL,
  request_id   uuid REFERENCES requests (id) ON DELETE CASCADE,
  update_id    bigint REFERENCES request_updates (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  CHECK ((user_id IS NULL) <> (staff_id IS NULL))
);
CREATE INDEX uploads_request_idx ON uploads (request_id) WHERE request_id IS NOT NULL;
