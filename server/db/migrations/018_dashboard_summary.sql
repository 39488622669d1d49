-- 018 dashboard summary (一屏观 at 1,000,000 requests): the daily counts every summable figure needs, kept exact by
-- triggers in the same transaction as each change to the rows they count, and a partial index for the figures of
-- "now" (open, overdue), which cannot be summed by day.
--
-- dashboard_daily holds, per Asia/Shanghai day and (department, district, type, category) of the request, the counts
-- the figures read. department_code '' is the "city" row of received (every request filed that day) and the
-- department-less steps (the hotline's 直接答复 and the ratings of such requests); a department's row holds the
-- requests filed that day that were dispatched to it at some time (received) and its own steps. So:
--   city received        = sum(received) of the '' rows;   a department's received = sum(received) of its rows
--   city steps           = sum over all rows;              a department's steps    = sum over its rows
-- The step columns follow the definitions in README "一网统管 figures" (the same predicates as METRICS in
-- server/modules/dashboard/repo.ts, which the drill-down still runs over the raw rows):
--   dispatched / signed_on_time   'dispatch' rows; on time: the next 'sign'/'return' row (by id) is a 'sign' made by
--                                 the dispatch's data.signDeadline
--   closed / closed_on_time       'close'/'answer' rows (department data.handledBy); on time: by data.deadline
--   rated / satisfied / answered / resolved / defaults
--                                 'rate'/'revisit' rows (department data.handledBy) that no 'rating-excluded' row of
--                                 the request points at (data.ratingUpdateId, 申诉复核 upheld); satisfied: level >= 3;
--                                 answered: data.resolved present; resolved: true; defaults: data.default true (the
--                                 7-day 基本满意)
--
-- How it stays exact: dashboard_contribution(request) computes one request's counts from its update rows; every
-- change is applied as "contribution after − contribution before" of the request it touches, inside the statement
-- that makes it (BEFORE ROW triggers on requests and request_updates, so rows earlier in the same statement are
-- already visible and a multi-row statement telescopes). A step's trigger locks the request row first (the transition
-- code already holds it), so two transactions never compute a request's "before" from the same state. A failed write
-- rolls the summary back with it. dashboard_rebuild() recomputes the table from the rows (run below for existing data).

CREATE TABLE dashboard_daily (
  day             date    NOT NULL,
  department_code text    NOT NULL,
  district        text    NOT NULL,  -- '' when the request has none
  type            text    NOT NULL,
  category        text    NOT NULL,  -- '' when the request has none
  received        integer NOT NULL DEFAULT 0,
  dispatched      integer NOT NULL DEFAULT 0,
  signed_on_time  integer NOT NULL DEFAULT 0,
  closed          integer NOT NULL DEFAULT 0,
  closed_on_time  integer NOT NULL DEFAULT 0,
  rated           integer NOT NULL DEFAULT 0,
  satisfied       integer NOT NULL DEFAULT 0,
  answered        integer NOT NULL DEFAULT 0,
  resolved        integer NOT NULL DEFAULT 0,
  defaults        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, department_code, district, type, category)
);
-- A department's period: its own rows only.
CREATE INDEX dashboard_daily_department_idx ON dashboard_daily (department_code, day);

-- One request's counts, by day and department, from its update rows; p_drop leaves one row out and p_add adds one
-- (the row a trigger is about to insert, change or delete).
CREATE FUNCTION dashboard_contribution(p_req requests, p_drop bigint, p_add request_updates)
RETURNS TABLE (day date, department_code text, received int, dispatched int, signed_on_time int, closed int,
               closed_on_time int, rated int, satisfied int, answered int, resolved int, defaults int)
LANGUAGE sql STABLE AS $$
  WITH u AS (
    SELECT x.id, x.action, x.data, x.created_at FROM request_updates x
     WHERE x.request_id = (p_req).id AND x.id IS DISTINCT FROM p_drop
       AND x.action IN ('dispatch', 'sign', 'return', 'close', 'answer', 'rate', 'revisit', 'rating-excluded')
    UNION ALL
    SELECT (p_add).id, (p_add).action, (p_add).data, (p_add).created_at WHERE (p_add).id IS NOT NULL
  ),
  e (day, department_code, received, dispatched, signed_on_time, closed, closed_on_time, rated, satisfied, answered, resolved, defaults) AS (
    SELECT (((p_req).filed_at AT TIME ZONE 'UTC') + interval '8 hours')::date, '', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
    UNION ALL
    SELECT DISTINCT (((p_req).filed_at AT TIME ZONE 'UTC') + interval '8 hours')::date, u.data->>'departmentCode', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
      FROM u WHERE u.action = 'dispatch'
    UNION ALL
    SELECT ((u.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date, u.data->>'departmentCode', 0, 1,
           COALESCE((SELECT n.action = 'sign' AND n.created_at <= (u.data->>'signDeadline')::timestamptz
                       FROM u n WHERE n.id > u.id AND n.action IN ('sign', 'return') ORDER BY n.id LIMIT 1), false)::int,
           0, 0, 0, 0, 0, 0, 0
      FROM u WHERE u.action = 'dispatch'
    UNION ALL
    SELECT ((u.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date, COALESCE(u.data->>'handledBy', ''), 0, 0, 0, 1,
           COALESCE(u.created_at <= (u.data->>'deadline')::timestamptz, false)::int, 0, 0, 0, 0, 0
      FROM u WHERE u.action IN ('close', 'answer')
    UNION ALL
    SELECT ((u.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date, COALESCE(u.data->>'handledBy', ''), 0, 0, 0, 0, 0, 1,
           COALESCE((u.data->>'level')::int >= 3, false)::int, ((u.data->>'resolved') IS NOT NULL)::int,
           COALESCE((u.data->>'resolved')::boolean, false)::int, COALESCE((u.data->>'default')::boolean, false)::int
      FROM u WHERE u.action IN ('rate', 'revisit')
       AND NOT EXISTS (SELECT 1 FROM u x WHERE x.action = 'rating-excluded' AND x.data->>'ratingUpdateId' = u.id::text)
  )
  SELECT e.day, e.department_code, sum(e.received)::int, sum(e.dispatched)::int, sum(e.signed_on_time)::int,
         sum(e.closed)::int, sum(e.closed_on_time)::int, sum(e.rated)::int, sum(e.satisfied)::int,
         sum(e.answered)::int, sum(e.resolved)::int, sum(e.defaults)::int
    FROM e WHERE (p_req).id IS NOT NULL
   GROUP BY e.day, e.department_code
$$;

-- Applies "after − before" of one request to the table: p_old / p_new are the request row before and after (null:
-- none), with the update row to leave out and the one to add on each side. Only groups that change are written, in
-- key order (two transactions lock shared rows in the same order).
CREATE FUNCTION dashboard_shift(p_old requests, p_old_drop bigint, p_old_add request_updates,
                                p_new requests, p_new_drop bigint, p_new_add request_updates) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO dashboard_daily AS d (day, department_code, district, type, category, received, dispatched, signed_on_time,
                                    closed, closed_on_time, rated, satisfied, answered, resolved, defaults)
  SELECT c.day, c.department_code, c.district, c.type, c.category, sum(c.received), sum(c.dispatched), sum(c.signed_on_time),
         sum(c.closed), sum(c.closed_on_time), sum(c.rated), sum(c.satisfied), sum(c.answered), sum(c.resolved), sum(c.defaults)
    FROM (SELECT a.day, a.department_code, COALESCE((p_new).district, '') AS district, (p_new).type AS type,
                 COALESCE((p_new).category, '') AS category, a.received, a.dispatched, a.signed_on_time, a.closed,
                 a.closed_on_time, a.rated, a.satisfied, a.answered, a.resolved, a.defaults
            FROM dashboard_contribution(p_new, p_new_drop, p_new_add) a
          UNION ALL
          SELECT b.day, b.department_code, COALESCE((p_old).district, ''), (p_old).type, COALESCE((p_old).category, ''),
                 -b.received, -b.dispatched, -b.signed_on_time, -b.closed, -b.closed_on_time, -b.rated, -b.satisfied,
                 -b.answered, -b.resolved, -b.defaults
            FROM dashboard_contribution(p_old, p_old_drop, p_old_add) b) c
   GROUP BY c.day, c.department_code, c.district, c.type, c.category
  HAVING sum(c.received) <> 0 OR sum(c.dispatched) <> 0 OR sum(c.signed_on_time) <> 0 OR sum(c.closed) <> 0
      OR sum(c.closed_on_time) <> 0 OR sum(c.rated) <> 0 OR sum(c.satisfied) <> 0 OR sum(c.answered) <> 0
      OR sum(c.resolved) <> 0 OR sum(c.defaults) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (day, department_code, district, type, category) DO UPDATE SET
    received = d.received + excluded.received, dispatched = d.dispatched + excluded.dispatched,
    signed_on_time = d.signed_on_time + excluded.signed_on_time, closed = d.closed + excluded.closed,
    closed_on_time = d.closed_on_time + excluded.closed_on_time, rated = d.rated + excluded.rated,
    satisfied = d.satisfied + excluded.satisfied, answered = d.answered + excluded.answered,
    resolved = d.resolved + excluded.resolved, defaults = d.defaults + excluded.defaults
$$;

-- The update-row actions the counts read; a row of any other action changes nothing.
CREATE FUNCTION dashboard_counts_action(p_action text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT p_action IN ('dispatch', 'sign', 'return', 'close', 'answer', 'rate', 'revisit', 'rating-excluded')
$$;

CREATE FUNCTION dashboard_update_row_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r requests; BEGIN -- (BEGIN not at a line's start: the migration runner refuses transaction statements there)
  IF TG_OP = 'INSERT' THEN
    IF dashboard_counts_action(NEW.action) THEN
      SELECT * INTO r FROM requests WHERE id = NEW.request_id FOR NO KEY UPDATE;
      IF FOUND THEN PERFORM dashboard_shift(r, NULL, NULL, r, NULL, NEW); END IF;
    END IF;
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    -- A request being deleted has taken its counts away already (requests trigger): not found here.
    IF dashboard_counts_action(OLD.action) THEN
      SELECT * INTO r FROM requests WHERE id = OLD.request_id FOR NO KEY UPDATE;
      IF FOUND THEN PERFORM dashboard_shift(r, NULL, NULL, r, OLD.id, NULL); END IF;
    END IF;
    RETURN OLD;
  END IF;
  IF (dashboard_counts_action(OLD.action) OR dashboard_counts_action(NEW.action))
     AND (OLD.id, OLD.request_id, OLD.action, OLD.data, OLD.created_at) IS DISTINCT FROM (NEW.id, NEW.request_id, NEW.action, NEW.data, NEW.created_at) THEN
    IF OLD.request_id = NEW.request_id THEN
      SELECT * INTO r FROM requests WHERE id = NEW.request_id FOR NO KEY UPDATE;
      IF FOUND THEN PERFORM dashboard_shift(r, NULL, NULL, r, OLD.id, NEW); END IF;
    ELSE
      SELECT * INTO r FROM requests WHERE id = OLD.request_id FOR NO KEY UPDATE;
      IF FOUND THEN PERFORM dashboard_shift(r, NULL, NULL, r, OLD.id, NULL); END IF;
      SELECT * INTO r FROM requests WHERE id = NEW.request_id FOR NO KEY UPDATE;
      IF FOUND THEN PERFORM dashboard_shift(r, NULL, NULL, r, NULL, NEW); END IF;
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER request_updates_dashboard BEFORE INSERT OR UPDATE OR DELETE ON request_updates
  FOR EACH ROW EXECUTE FUNCTION dashboard_update_row_trigger();

CREATE FUNCTION dashboard_request_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_shift(NULL, NULL, NULL, NEW, NULL, NULL);
    RETURN NEW;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_shift(OLD, NULL, NULL, NULL, NULL, NULL);
    RETURN OLD;
  END IF;
  IF (OLD.id, OLD.filed_at, OLD.district, OLD.type, OLD.category) IS DISTINCT FROM (NEW.id, NEW.filed_at, NEW.district, NEW.type, NEW.category) THEN
    PERFORM dashboard_shift(OLD, NULL, NULL, NEW, NULL, NULL);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER requests_dashboard BEFORE INSERT OR UPDATE OR DELETE ON requests
  FOR EACH ROW EXECUTE FUNCTION dashboard_request_trigger();

-- The whole table from the rows (existing data now; after a bulk load made with the triggers disabled).
CREATE FUNCTION dashboard_rebuild() RETURNS void LANGUAGE sql AS $$
  TRUNCATE dashboard_daily;
  INSERT INTO dashboard_daily (day, department_code, district, type, category, received, dispatched, signed_on_time,
                               closed, closed_on_time, rated, satisfied, answered, resolved, defaults)
  SELECT c.day, c.department_code, COALESCE(r.district, ''), r.type, COALESCE(r.category, ''), sum(c.received),
         sum(c.dispatched), sum(c.signed_on_time), sum(c.closed), sum(c.closed_on_time), sum(c.rated), sum(c.satisfied),
         sum(c.answered), sum(c.resolved), sum(c.defaults)
    FROM requests r, LATERAL dashboard_contribution(r, NULL, NULL) c
   GROUP BY 1, 2, 3, 4, 5;
$$;

SELECT dashboard_rebuild();

-- Open and overdue "now" of the requests received in a period: only the open ones, with what the figures read.
CREATE INDEX requests_open_filed_idx ON requests (filed_at) INCLUDE (deadline, department_code, district, type, category)
  WHERE status IN ('submitted', 'accepted', 'dispatched', 'signed', 'processing', 'replied', 'returned');
