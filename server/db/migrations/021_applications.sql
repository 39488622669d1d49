-- 021 applications: online applications (在线办 办件) with their steps, 一件事 bundles of them, server-kept drafts,
-- e-licences (电子证照) issued on approval, and PDFs among the uploads (application materials).
-- The applicant's name, ID number and phone come from 实名 and are kept sealed (server/crypto) on the application, so
-- the record the law requires survives the account's erasure.

-- Numbers come from a sequence (no row lock shared by concurrent submissions): SQ + YYYYMMDD + 6 digits.
CREATE SEQUENCE application_number_seq;

CREATE TABLE application_bundles (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE,
  bundle_code      text NOT NULL REFERENCES bundles (code),
  user_id          uuid NOT NULL REFERENCES users (id),
  idempotency_key  text,
  idempotency_hash text,
  created_at       timestamptz NOT NULL,
  UNIQUE (user_id, idempotency_key)
);

CREATE TABLE applications (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE,
  user_id          uuid NOT NULL REFERENCES users (id),
  service_code     text NOT NULL REFERENCES services (code),
  department_code  text NOT NULL REFERENCES departments (code),
  bundle_id        uuid REFERENCES application_bundles (id),
  status           text NOT NULL CHECK (status IN ('submitted', 'correction', 'accepted', 'rejected', 'approved', 'denied')),
  form_version     text NOT NULL,
  fields           jsonb NOT NULL,
  -- [{materialId, name, provide, uploadIds, licenceId}]
  materials        jsonb NOT NULL,
  holder_name_enc  text,
  holder_id_enc    text,
  holder_phone_enc text,
  promised_days    integer NOT NULL CHECK (promised_days >= 0),
  submitted_at     timestamptz NOT NULL,
  accepted_at      timestamptz,
  -- The queue's clock: 预审 deadline before 受理, the promised date after it; while waiting for 补正 after 受理,
  -- days_left keeps the working days still left and deadline is where it stood.
  deadline         timestamptz NOT NULL,
  days_left        integer,
  -- The open 补正告知: {note, materialIds, fieldKeys}; null otherwise.
  correction       jsonb,
  -- The decision's result: {licenceId, delivery, postalAddress}.
  result           jsonb,
  decided_at       timestamptz,
  idempotency_key  text,
  idempotency_hash text,
  updated_at       timestamptz NOT NULL,
  UNIQUE (user_id, idempotency_key)
);
CREATE INDEX applications_user_idx ON applications (user_id, submitted_at DESC);
CREATE INDEX applications_bundle_idx ON applications (bundle_id) WHERE bundle_id IS NOT NULL;
-- The department's open queue sorted by deadline (the workbench pages it): only open rows are indexed.
CREATE INDEX applications_open_queue_idx ON applications (department_code, deadline, id) WHERE status IN ('submitted', 'correction', 'accepted');
CREATE INDEX applications_open_all_idx ON applications (deadline, id) WHERE status IN ('submitted', 'correction', 'accepted');
CREATE INDEX applications_department_idx ON applications (department_code, status, submitted_at DESC);

-- One row per step; never updated.
CREATE TABLE application_updates (
  id                    bigserial PRIMARY KEY,
  application_id        uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
  action                text NOT NULL,
  from_status           text,
  to_status             text NOT NULL,
  actor_kind            text NOT NULL CHECK (actor_kind IN ('resident', 'staff')),
  actor_staff_id        uuid,
  actor_department_code text,
  note                  text,
  data                  jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at            timestamptz NOT NULL
);
CREATE INDEX application_updates_application_idx ON application_updates (application_id, id);

-- Half-filled answers, one per resident and service (or bundle, as 'bundle:<code>').
CREATE TABLE application_drafts (
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  form_code  text NOT NULL,
  fields     jsonb NOT NULL,
  materials  jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, form_code)
);

CREATE SEQUENCE licence_number_seq;

CREATE TABLE licences (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE,
  user_id          uuid NOT NULL REFERENCES users (id),
  type             text NOT NULL,
  title            text NOT NULL,
  holder_name_enc  text,
  holder_masked    text NOT NULL,
  issuer           text NOT NULL,
  department_code  text REFERENCES departments (code),
  application_id   uuid REFERENCES applications (id),
  issued_at        timestamptz NOT NULL,
  revoked_at       timestamptz
);
CREATE INDEX licences_user_idx ON licences (user_id, issued_at DESC);

-- PDFs beside photos: an upload can now be a material of an application.
ALTER TABLE uploads ADD COLUMN application_id uuid REFERENCES applications (id);
ALTER TABLE uploads ADD COLUMN pages integer NOT NULL DEFAULT 1;
CREATE INDEX uploads_application_idx ON uploads (application_id) WHERE application_id IS NOT NULL;
