-- 017 好差评 on every service: 一次一评 of hall visits (generic over the subject kind, so 办件 can join), the 7-day
-- default rating of a 12345 request, 整改 orders opened by a 差评, 申诉复核 of a rating.
--
-- A 12345 request's rating stays a request_updates row (action 'rate' / 'revisit', data { level, resolved?,
-- handledBy }); the default one is written by the ratings job as action 'rate' with data.default = true, dated when the
-- 7 days ran out, and marks the request here. An upheld appeal against it is a request_updates row 'rating-excluded'
-- with data { appealId, ratingUpdateId }.
ALTER TABLE requests ADD COLUMN rating_default boolean NOT NULL DEFAULT false;

-- One rating per subject. user_id is dropped (set null) when the resident erases the account, with comment and photo;
-- the level, indicators and the figures stay.
CREATE TABLE ratings (
  id              uuid PRIMARY KEY,
  subject_kind    text NOT NULL CHECK (subject_kind IN ('appointment')),
  subject_id      text NOT NULL,
  user_id         uuid REFERENCES users (id) ON DELETE SET NULL,
  department_code text NOT NULL REFERENCES departments (code),
  hall_id         text REFERENCES halls (id),
  level           smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  resolved        boolean,
  indicators      jsonb,
  comment         text,
  photo_id        uuid REFERENCES uploads (id) ON DELETE SET NULL,
  is_default      boolean NOT NULL DEFAULT false,
  excluded        boolean NOT NULL DEFAULT false,
  rated_at        timestamptz NOT NULL,
  UNIQUE (subject_kind, subject_id)
);
CREATE INDEX ratings_user_idx ON ratings (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX ratings_period_idx ON ratings (rated_at);

-- 整改: one per 差评. rating_ref is ratings.id (subject 'appointment') or request_updates.id (subject 'request').
CREATE TABLE rating_rectifications (
  id              uuid PRIMARY KEY,
  subject_kind    text NOT NULL CHECK (subject_kind IN ('appointment', 'request')),
  subject_id      text NOT NULL,
  rating_ref      text NOT NULL,
  department_code text NOT NULL REFERENCES departments (code),
  hall_id         text REFERENCES halls (id),
  user_id         uuid REFERENCES users (id) ON DELETE SET NULL,
  level           smallint NOT NULL CHECK (level BETWEEN 1 AND 2),
  rated_at        timestamptz NOT NULL,
  opened_at       timestamptz NOT NULL,
  deadline        timestamptz NOT NULL,
  contacted_at    timestamptz,
  contact_method  text CHECK (contact_method IN ('phone', 'sms', 'visit', 'other')),
  contact_summary text,
  result          text,
  done_at         timestamptz,
  done_by         uuid REFERENCES staff (id),
  verdict         text CHECK (verdict IN ('satisfied', 'unsatisfied')),
  verdict_at      timestamptz,
  UNIQUE (subject_kind, rating_ref),
  CHECK ((done_at IS NULL) = (result IS NULL))
);
CREATE INDEX rating_rectifications_queue_idx ON rating_rectifications (department_code, deadline) WHERE done_at IS NULL;
CREATE INDEX rating_rectifications_subject_idx ON rating_rectifications (subject_kind, subject_id);

-- 申诉复核 of a 差评 (through its 整改 order); at most one pending per order.
CREATE TABLE rating_appeals (
  id               uuid PRIMARY KEY,
  rectification_id uuid NOT NULL REFERENCES rating_rectifications (id),
  reason           text NOT NULL,
  filed_by         uuid NOT NULL REFERENCES staff (id),
  filed_at         timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'rejected')),
  decided_by       uuid REFERENCES staff (id),
  decided_at       timestamptz,
  note             text
);
CREATE UNIQUE INDEX rating_appeals_one_pending_idx ON rating_appeals (rectification_id) WHERE status = 'pending';
CREATE INDEX rating_appeals_status_idx ON rating_appeals (status, filed_at);

-- The ratings job looks for closed requests whose window ran out, and for recent 差评 of requests without a 整改.
CREATE INDEX requests_rating_due_idx ON requests (closed_at) WHERE status = 'closed';
