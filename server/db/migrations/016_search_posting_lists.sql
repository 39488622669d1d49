-- 016 each search term's postings as two arrays beside its document frequency (issue 18, search at 20,000 items).
-- Every node keeps the search index in memory and loads it at start and after each catalog change. Grouping
-- search_postings by term at that moment (3.5 million rows at 20,000 items, read in index order) took 60 s and more
-- on the 2-core bench machine; the loader now writes the grouped lists once, when it rewrites the index, and a node
-- reads ~80,000 rows. Filled here for databases loaded before.
ALTER TABLE search_terms
  ADD COLUMN codes   text[] NOT NULL DEFAULT '{}',
  ADD COLUMN weights real[] NOT NULL DEFAULT '{}';

UPDATE search_terms t SET codes = p.codes, weights = p.weights
FROM (SELECT term, array_agg(service_code) AS codes, array_agg(weight) AS weights FROM search_postings GROUP BY term) p
WHERE p.term = t.term;
