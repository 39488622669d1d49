-- 020 similar requests by words and concepts, and the 涉事单位 dossier (server/modules/similar explains the method).
-- The index terms changed from character bigrams to jieba words and civic concepts, and company keys became trade
-- names (鑫达贸易有限公司 = 鑫达公司 → 鑫达): the derived index is emptied here and the similar.backfill job rebuilds
-- it from requests (500 requests per batch, every minute, on any node).
TRUNCATE similar_postings, similar_terms, similar_entities;
TRUNCATE similar_docs RESTART IDENTITY;

-- A stable id per entity (kind + key), computed by the indexer: the dossier's address and the contact log's key.
ALTER TABLE similar_entities ADD COLUMN entity_id text NOT NULL;
CREATE INDEX similar_entities_entity_idx ON similar_entities (entity_id, filed_at);

-- 联系涉事单位: each attempt a dispatcher or clerk made to reach the entity, and how it went.
CREATE TABLE entity_contacts (
  id          bigserial PRIMARY KEY,
  entity_id   text NOT NULL,
  staff_id    uuid NOT NULL REFERENCES staff (id),
  method      text NOT NULL CHECK (method IN ('phone', 'visit', 'sms', 'letter', 'other')),
  result      text NOT NULL CHECK (result IN ('reached', 'unreachable', 'refused', 'promised')),
  note        text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL
);
CREATE INDEX entity_contacts_entity_idx ON entity_contacts (entity_id, created_at);
