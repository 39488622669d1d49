-- Outbox of notices to residents (WeChat subscribe messages), the consent they gave, the shared WeChat
-- access token, and API keys for partner systems (Open311, city-code scanners).

-- One row per notice. dedupe_key makes enqueueing idempotent (a retried write never queues twice);
-- the sender claims due rows with FOR UPDATE SKIP LOCKED, so two API nodes never send one row twice.
CREATE TABLE outbox (
  id             bigserial PRIMARY KEY,
  user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  template       text NOT NULL,
  data           jsonb NOT NULL,
  page           text,
  dedupe_key     text NOT NULL UNIQUE,
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts       integer NOT NULL DEFAULT 0,
  send_after     timestamptz NOT NULL,
  claimed_until  timestamptz,
  last_error     text,
  created_at     timestamptz NOT NULL,
  sent_at        timestamptz
);
CREATE INDEX outbox_due ON outbox (send_after) WHERE status = 'pending';
CREATE INDEX outbox_user ON outbox (user_id, created_at DESC);

-- WeChat one-time subscriptions: each accepted template allows one message. remaining counts what is left.
CREATE TABLE notice_consents (
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  template    text NOT NULL,
  remaining   integer NOT NULL DEFAULT 0 CHECK (remaining >= 0),
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (user_id, template)
);

-- The WeChat access token every node shares (stable_token, so a refresh by one node does not revoke another's).
CREATE TABLE platform_tokens (
  name        text PRIMARY KEY,
  token       text NOT NULL,
  expires_at  timestamptz NOT NULL
);

-- Partner API keys: only the SHA-256 of the key is stored; scope is e.g. 'open311' or 'citycode:transit'.
CREATE TABLE api_keys (
  id            uuid PRIMARY KEY,
  name          text NOT NULL,
  scope         text NOT NULL,
  key_hash      text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
