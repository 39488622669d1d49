-- 022 通知公告: notices admins publish for a period (ends_at NULL = until withdrawn) to an audience.
CREATE TABLE announcements (
  id            uuid PRIMARY KEY,
  title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 80),
  body          text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
  audience      text NOT NULL CHECK (audience IN ('all', 'residents', 'staff')),
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz CHECK (ends_at IS NULL OR ends_at > starts_at),
  withdrawn_at  timestamptz,
  published_at  timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  created_by    uuid NOT NULL REFERENCES staff (id),
  updated_by    uuid NOT NULL REFERENCES staff (id)
);
-- The public list: notices not withdrawn, newest period first.
CREATE INDEX announcements_live ON announcements (starts_at DESC) WHERE withdrawn_at IS NULL;
