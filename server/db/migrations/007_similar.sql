-- 007 similar requests: the index over requests that the similar-request lookup, entity links and hotspots read
-- (server/modules/similar explains the method). Derived data: rebuilt from requests by the similar.backfill job.

-- One row per indexed request, with what narrowing needs next to it (type group, district, place, time, visibility).
-- public, user_id and category never change after filing, so keeping them here lets one index answer the lookup.
CREATE TABLE similar_docs (
  doc_id      integer GENERATED ALWAYS AS IDENTITY UNIQUE,
  request_id  uuid PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
  -- 'incident' (求助/投诉/举报), 'consult' or 'suggestion': only requests of one group can be twins.
  type_group  text NOT NULL CHECK (type_group IN ('incident', 'consult', 'suggestion')),
  category    text,
  district    text,
  lat         double precision,
  lng         double precision,
  public      boolean NOT NULL,
  user_id     uuid,
  filed_at    timestamptz NOT NULL,
  -- Every term of the text (server/modules/similar/text.ts terms()), for scoring the candidates.
  terms       text[] NOT NULL
);
CREATE INDEX similar_docs_hotspot_idx ON similar_docs (category, filed_at) WHERE lat IS NOT NULL;

-- The inverted index: informative term → requests, ordered by filing time so a lookup reads only its time window.
-- Stop terms and single characters stay out (they are in similar_docs.terms for scoring only).
CREATE TABLE similar_postings (
  term     text NOT NULL,
  filed_at timestamptz NOT NULL,
  doc_id   integer NOT NULL,
  PRIMARY KEY (term, filed_at, doc_id)
);
CREATE INDEX similar_postings_doc_idx ON similar_postings (doc_id);

-- Document frequency of every term over all indexed requests (IDF weighting).
CREATE TABLE similar_terms (
  term text PRIMARY KEY,
  df   integer NOT NULL CHECK (df >= 0)
);

-- Entities a request names: company, address, phone, plate. key is the normalised form (phones and plates as a
-- SHA-256, so the table is no list of numbers); text is what staff see (phones and plates already masked).
CREATE TABLE similar_entities (
  kind       text NOT NULL CHECK (kind IN ('company', 'address', 'phone', 'plate')),
  key        text NOT NULL,
  request_id uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  text       text NOT NULL,
  filed_at   timestamptz NOT NULL,
  PRIMARY KEY (kind, key, request_id)
);
CREATE INDEX similar_entities_request_idx ON similar_entities (request_id);
