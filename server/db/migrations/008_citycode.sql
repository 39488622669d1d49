-- 008 city code (一码通城): per-scene pseudonyms, printed elder codes, family delegation, replay guard and the usage log.
-- Codes themselves are signed statelessly (src/domain/citycode.ts); only what verification needs is stored.

-- Per-scene pseudonym → resident, written when a code is issued: lets online verification find the holder
-- (level, erased account, usage log) without the code carrying any personal data.
CREATE TABLE citycode_subjects (
  scene      text NOT NULL,
  sub        text NOT NULL,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (scene, sub),
  UNIQUE (user_id, scene)
);

-- Long-lived printed codes (≤ 180 days, one scene). id is the code's jti (16 hex). issued_by is the resident
-- or a family agent acting for them (citycode_delegations).
CREATE TABLE citycode_printed (
  id          text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  issued_by   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  scene       text NOT NULL,
  code        text NOT NULL,
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  revoked_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  CHECK (expires_at > issued_at AND expires_at <= issued_at + interval '180 days')
);
CREATE INDEX citycode_printed_user ON citycode_printed (user_id, issued_at DESC);

-- "Acting for": the principal (e.g. an elder) allowed the agent (a family member) to manage their printed codes.
CREATE TABLE citycode_delegations (
  principal_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  agent_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (principal_id, agent_id),
  CHECK (principal_id <> agent_id)
);
CREATE INDEX citycode_delegations_agent ON citycode_delegations (agent_id);

-- Replay guard: a rotating code is accepted once per scene, enforced by the primary key across all API nodes.
-- Rows are pruned once the code has expired (a job), since the verifier refuses expired codes anyway.
CREATE TABLE citycode_redemptions (
  scene       text NOT NULL,
  jti         text NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (scene, jti)
);
CREATE INDEX citycode_redemptions_exp ON citycode_redemptions (expires_at);

-- Every verification, accepted or refused. user_id is null when the code could not be tied to a resident
-- (tampered, unknown key, malformed). verifier is the partner key's or staff member's name.
CREATE TABLE citycode_uses (
  id          bigserial PRIMARY KEY,
  user_id     uuid REFERENCES users (id) ON DELETE CASCADE,
  scene       text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('rotating', 'printed', 'unknown')),
  jti         text,
  ok          boolean NOT NULL,
  reason      text,
  verifier    text NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX citycode_uses_user ON citycode_uses (user_id, at DESC);
