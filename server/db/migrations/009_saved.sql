-- 我的收藏 and 最近浏览 of signed-in residents, so they follow the resident from device to device.
CREATE TABLE saved_favourites (
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  service_code  text NOT NULL REFERENCES services (code),
  saved_at      timestamptz NOT NULL,
  PRIMARY KEY (user_id, service_code)
);

-- At most 20 per resident (trimmed on every write).
CREATE TABLE saved_recent (
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  service_code  text NOT NULL REFERENCES services (code),
  viewed_at     timestamptz NOT NULL,
  PRIMARY KEY (user_id, service_code)
);
CREATE INDEX saved_recent_user ON saved_recent (user_id, viewed_at DESC);
