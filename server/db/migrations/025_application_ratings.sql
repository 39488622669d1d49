-- 025 好差评 of online applications (一事一评 of a 办件): ratings and 整改 orders may have the subject kind 'application'
-- (ratings.subject_id / rating_rectifications.subject_id = applications.id). A 办件 ends when decided (approved,
-- rejected, denied; applications.decided_at); it may be rated for 7 days, then the ratings job gives the default.
--
-- The CHECK constraints were created inline in 017; PostgreSQL and PGlite both named them <table>_subject_kind_check
-- (looked up in pg_constraint on both).
ALTER TABLE ratings DROP CONSTRAINT ratings_subject_kind_check;
ALTER TABLE ratings ADD CONSTRAINT ratings_subject_kind_check CHECK (subject_kind IN ('appointment', 'application'));

ALTER TABLE rating_rectifications DROP CONSTRAINT rating_rectifications_subject_kind_check;
ALTER TABLE rating_rectifications ADD CONSTRAINT rating_rectifications_subject_kind_check
  CHECK (subject_kind IN ('appointment', 'request', 'application'));

-- The ratings job looks for ended applications whose 7-day window ran out (oldest decision first).
CREATE INDEX applications_rating_due_idx ON applications (decided_at) WHERE status IN ('approved', 'rejected', 'denied');
