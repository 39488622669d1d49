-- 028 the place channel of the similar-request lookup (server/modules/similar/lookup.ts): besides the requests sharing
-- the query's rare words, the located requests a few hundred metres around it in the time window are candidates too
-- (a second caller often names the place differently: 嘉禾站 for 嘉禾望岗地铁站C口, 猎德 for 猎德村). A box on this
-- index: a strip of latitude, then longitude and time read from the index itself.
CREATE INDEX similar_docs_place_idx ON similar_docs (lat, lng, filed_at) WHERE lat IS NOT NULL;
