-- 003 catalog: the 一网通办 service items with their guides, themes, 一件事 bundles, search synonyms and the search index.

-- One row per service item; the full guide is kept as loaded (jsonb), the columns are what lists and filters need.
CREATE TABLE services (
  code            text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
  department_code text NOT NULL REFERENCES departments (code),
  name            text NOT NULL,
  audience        text NOT NULL CHECK (audience IN ('person', 'business', 'both')),
  item_type       text NOT NULL,
  online          boolean NOT NULL,
  bookable        boolean NOT NULL,
  promised_days   integer NOT NULL CHECK (promised_days >= 0),
  fee_label       text,
  guide           jsonb NOT NULL,
  -- sha-256 of the item as loaded: the loader rewrites a row only when its data changed.
  content_hash    text NOT NULL,
  -- 'active', or 'withdrawn' when the item left the data files (kept, never deleted).
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  popularity      integer NOT NULL DEFAULT 0,
  sort            integer NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_department_idx ON services (department_code) WHERE status = 'active';
CREATE INDEX services_popularity_idx ON services (popularity DESC, code) WHERE status = 'active';

CREATE TABLE themes (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
  name        text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  sort        integer NOT NULL DEFAULT 0
);

CREATE TABLE service_themes (
  service_code text NOT NULL REFERENCES services (code) ON DELETE CASCADE,
  theme_code   text NOT NULL REFERENCES themes (code) ON DELETE CASCADE,
  PRIMARY KEY (service_code, theme_code)
);
CREATE INDEX service_themes_theme_idx ON service_themes (theme_code, service_code);

CREATE TABLE bundles (
  code             text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
  name             text NOT NULL,
  description      text NOT NULL,
  audience         text NOT NULL CHECK (audience IN ('person', 'business', 'both')),
  shared_materials jsonb NOT NULL DEFAULT '[]'::jsonb,
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  sort             integer NOT NULL DEFAULT 0
);

CREATE TABLE bundle_items (
  bundle_code  text NOT NULL REFERENCES bundles (code) ON DELETE CASCADE,
  service_code text NOT NULL REFERENCES services (code),
  position     integer NOT NULL,
  PRIMARY KEY (bundle_code, service_code)
);

-- Search synonyms kept as data (seed/catalog/synonyms.json): a typo is replaced, a colloquial word adds its expansions.
CREATE TABLE search_synonyms (
  term       text PRIMARY KEY,
  kind       text NOT NULL CHECK (kind IN ('typo', 'expand')),
  expansions text[] NOT NULL
);

-- The inverted index: term → items. Terms carry a kind prefix (c: Chinese bigram, u: single character,
-- p: pinyin syllable pair, i:/i2: pinyin initials, w: latin word or number, = exact name/alias forms).
-- Derived data, rewritten by the loader only: no foreign key, so bulk loads skip a lookup per row.
CREATE TABLE search_postings (
  term         text NOT NULL,
  service_code text NOT NULL,
  weight       real NOT NULL,
  PRIMARY KEY (term, service_code)
);
CREATE INDEX search_postings_service_idx ON search_postings (service_code);

-- Document frequency per term (active items only), so a query weighs rare terms above common ones.
CREATE TABLE search_terms (
  term text PRIMARY KEY,
  df   integer NOT NULL
);
