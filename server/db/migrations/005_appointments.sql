-- 005 appointments (预约办事): service halls and the bookable services each handles, staff closures, slots with
-- their capacity, residents' bookings, per-hall daily queue counters, and idempotency keys for retried POSTs.

-- Reference data, loaded from server/db/seed/halls.json on every start.
CREATE TABLE halls (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*$'),
  name        text NOT NULL,
  district    text NOT NULL,
  address     text NOT NULL,
  lat         double precision NOT NULL,
  lng         double precision NOT NULL,
  phone       text NOT NULL,
  hours       text NOT NULL,
  -- OpeningRules (src/domain/appointment.ts): { periods, slotMinutes, saturday? }
  opening     jsonb NOT NULL,
  sort        integer NOT NULL DEFAULT 0,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn'))
);

-- Which bookable services a hall handles, and how many people one slot takes for that service.
CREATE TABLE hall_services (
  hall_id      text NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
  service_code text NOT NULL REFERENCES services (code),
  capacity     integer NOT NULL CHECK (capacity > 0),
  PRIMARY KEY (hall_id, service_code)
);
CREATE INDEX hall_services_service_idx ON hall_services (service_code);

-- Days a hall's staff closed (停办): no slots are generated, existing ones are closed.
CREATE TABLE hall_closures (
  hall_id    text NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
  day        date NOT NULL,
  reason     text NOT NULL,
  closed_by  uuid REFERENCES staff (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (hall_id, day)
);

-- Generated lazily for the booking window from the hall's opening rules. booked never exceeds capacity:
-- the booking takes a seat with UPDATE … SET booked = booked + 1 WHERE booked < capacity.
CREATE TABLE slots (
  id           bigserial PRIMARY KEY,
  hall_id      text NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
  service_code text NOT NULL REFERENCES services (code),
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  capacity     integer NOT NULL CHECK (capacity >= 0),
  booked       integer NOT NULL DEFAULT 0,
  closed       boolean NOT NULL DEFAULT false,
  CHECK (booked >= 0 AND booked <= capacity),
  CHECK (ends_at > starts_at),
  UNIQUE (hall_id, service_code, starts_at)
);

CREATE TABLE appointments (
  id            uuid PRIMARY KEY,
  code          text NOT NULL UNIQUE,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  slot_id       bigint NOT NULL REFERENCES slots (id),
  hall_id       text NOT NULL REFERENCES halls (id),
  service_code  text NOT NULL REFERENCES services (code),
  starts_at     timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'cancelled', 'closed', 'no_show')),
  queue_number  text,
  reason        text,
  created_at    timestamptz NOT NULL,
  checked_in_at timestamptz,
  cancelled_at  timestamptz,
  no_show_at    timestamptz,
  -- The booking this one replaced by a reschedule.
  replaces      uuid REFERENCES appointments (id)
);
-- One active booking per resident and service, whatever the concurrency.
CREATE UNIQUE INDEX appointments_one_active_idx ON appointments (user_id, service_code) WHERE status = 'booked';
CREATE INDEX appointments_user_idx ON appointments (user_id, starts_at DESC);
CREATE INDEX appointments_hall_day_idx ON appointments (hall_id, starts_at);
CREATE INDEX appointments_due_idx ON appointments (starts_at) WHERE status = 'booked';
CREATE INDEX appointments_no_show_idx ON appointments (user_id, no_show_at) WHERE status = 'no_show';

-- 取号: the last queue number given per hall and day, taken with one atomic upsert.
CREATE TABLE hall_queue_counters (
  hall_id text NOT NULL REFERENCES halls (id) ON DELETE CASCADE,
  day     date NOT NULL,
  last    integer NOT NULL,
  PRIMARY KEY (hall_id, day)
);

-- A POST retried with the same Idempotency-Key answers the stored first result.
CREATE TABLE idempotency_keys (
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status       integer NOT NULL,
  body         jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
