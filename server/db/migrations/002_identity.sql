-- 002 identity: residents and their sign-in identities, sessions, SMS codes, staff accounts and their lock-out guard.
-- Personal data is never stored in plain text: *_enc columns hold AES-256-GCM sealed values, *_hmac columns the
-- keyed HMAC used for lookups and uniqueness (server/crypto).

CREATE TABLE users (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  level             smallint NOT NULL DEFAULT 1 CHECK (level IN (1, 2)),
  phone_enc         text,
  phone_hmac        text UNIQUE,
  realname_name_enc text,
  id_number_enc     text,
  id_number_hmac    text UNIQUE,
  realname_at       timestamptz,
  created_at        timestamptz NOT NULL,
  -- Set by DELETE /api/me: the row stays as an empty tombstone so statistics keep counting, with no personal data.
  deleted_at        timestamptz,
  CHECK ((level = 2) = (id_number_hmac IS NOT NULL)),
  CHECK (deleted_at IS NULL OR (phone_enc IS NULL AND phone_hmac IS NULL AND realname_name_enc IS NULL
                                AND id_number_enc IS NULL AND id_number_hmac IS NULL))
);

-- One resident, several ways in. subject_hmac = HMAC(provider subject): SMS the phone, WeChat the unionid when
-- present else the openid, Alipay the user_id. subject_enc keeps what later sends need (e.g. the openid).
CREATE TABLE identities (
  provider      text NOT NULL CHECK (provider IN ('wechat', 'alipay', 'sms')),
  subject_hmac  text NOT NULL,
  subject_enc   text NOT NULL,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL,
  last_login_at timestamptz NOT NULL,
  PRIMARY KEY (provider, subject_hmac)
);
CREATE INDEX identities_user_idx ON identities (user_id);

CREATE TABLE staff (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username        text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name    text NOT NULL,
  password_hash   text NOT NULL,
  role            text NOT NULL CHECK (role IN ('dispatcher', 'dept_staff', 'hall_staff', 'admin')),
  department_code text REFERENCES departments (code),
  hall_id         text,
  disabled_at     timestamptz,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CHECK ((role = 'dept_staff') = (department_code IS NOT NULL)),
  CHECK ((role = 'hall_staff') = (hall_id IS NOT NULL))
);

-- Failed staff sign-ins per username (HMAC, so typos and unknown names are counted too without being stored).
CREATE TABLE staff_login_guard (
  username_hmac text PRIMARY KEY,
  failed_count  integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  updated_at    timestamptz NOT NULL
);

-- Opaque bearer tokens: only their SHA-256 is stored.
CREATE TABLE sessions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash   text NOT NULL UNIQUE,
  kind         text NOT NULL CHECK (kind IN ('resident', 'staff')),
  user_id      uuid REFERENCES users (id) ON DELETE CASCADE,
  staff_id     uuid REFERENCES staff (id) ON DELETE CASCADE,
  provider     text,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  revoked_at   timestamptz,
  CHECK ((kind = 'resident') = (user_id IS NOT NULL) AND (kind = 'staff') = (staff_id IS NOT NULL))
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX sessions_staff_idx ON sessions (staff_id) WHERE staff_id IS NOT NULL;

-- Login codes sent by SMS: the code is stored as an HMAC, the phone and client address as HMACs.
CREATE TABLE sms_codes (
  id         bigserial PRIMARY KEY,
  phone_hmac text NOT NULL,
  code_hmac  text NOT NULL,
  ip_hmac    text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  tries      integer NOT NULL DEFAULT 0,
  used_at    timestamptz
);
CREATE INDEX sms_codes_phone_idx ON sms_codes (phone_hmac, created_at);
CREATE INDEX sms_codes_ip_idx ON sms_codes (ip_hmac, created_at);
