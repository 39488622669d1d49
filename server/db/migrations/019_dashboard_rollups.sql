-- 019 dashboard rollups (一屏观 over long periods): dashboard_daily (migration 018) summed per month, and per day and
-- department alone, so a year's figures read about twelve months of rows plus the days at its edges, and its trend
-- 366 rows per department instead of every (district, type, category) of every day.
--
-- Both are kept from dashboard_daily by statement-level triggers on it (its rows only ever change by the inserts and
-- updates of dashboard_shift and dashboard_rebuild): each statement's new rows minus its old rows, summed and added in
-- key order, in the same transaction — so they are exactly the sums of dashboard_daily at every commit.
-- dashboard_rebuild() now empties all three tables; its insert into dashboard_daily fills the rollups by the triggers.

CREATE TABLE dashboard_monthly (
  month           date    NOT NULL,  -- first day of the Asia/Shanghai month
  department_code text    NOT NULL,
  district        text    NOT NULL,
  type            text    NOT NULL,
  category        text    NOT NULL,
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
  PRIMARY KEY (month, department_code, district, type, category)
);

CREATE TABLE dashboard_days (
  day             date    NOT NULL,
  department_code text    NOT NULL,
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
  PRIMARY KEY (day, department_code)
);

-- Each statement's change of dashboard_daily (its new rows, and its old rows negated) is summed and added to both rollups
-- in key order by the statement trigger itself: a trigger's transition tables are visible to its own function only, and
-- reading them there (not passing them on as one jsonb value) keeps a statement of any size within bounds — the
-- rebuild's single insert of a million rows included.
CREATE FUNCTION dashboard_daily_inserted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO dashboard_monthly AS m (month, department_code, district, type, category, received, dispatched, signed_on_time, closed, closed_on_time, rated, satisfied, answered, resolved, defaults)
  SELECT date_trunc('month', d.day)::date, d.department_code, d.district, d.type, d.category, sum(d.received), sum(d.dispatched), sum(d.signed_on_time), sum(d.closed), sum(d.closed_on_time), sum(d.rated), sum(d.satisfied), sum(d.answered), sum(d.resolved), sum(d.defaults)
    FROM (SELECT n.* FROM new_rows n) d GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (month, department_code, district, type, category) DO UPDATE SET received = m.received + excluded.received, dispatched = m.dispatched + excluded.dispatched, signed_on_time = m.signed_on_time + excluded.signed_on_time, closed = m.closed + excluded.closed, closed_on_time = m.closed_on_time + excluded.closed_on_time, rated = m.rated + excluded.rated, satisfied = m.satisfied + excluded.satisfied, answered = m.answered + excluded.answered, resolved = m.resolved + excluded.resolved, defaults = m.defaults + excluded.defaults;
  INSERT INTO dashboard_days AS a (day, department_code, received, dispatched, signed_on_time, closed, closed_on_time, rated, satisfied, answered, resolved, defaults)
  SELECT d.day, d.department_code, sum(d.received), sum(d.dispatched), sum(d.signed_on_time), sum(d.closed), sum(d.closed_on_time), sum(d.rated), sum(d.satisfied), sum(d.answered), sum(d.resolved), sum(d.defaults)
    FROM (SELECT n.* FROM new_rows n) d GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, department_code) DO UPDATE SET received = a.received + excluded.received, dispatched = a.dispatched + excluded.dispatched, signed_on_time = a.signed_on_time + excluded.signed_on_time, closed = a.closed + excluded.closed, closed_on_time = a.closed_on_time + excluded.closed_on_time, rated = a.rated + excluded.rated, satisfied = a.satisfied + excluded.satisfied, answered = a.answered + excluded.answered, resolved = a.resolved + excluded.resolved, defaults = a.defaults + excluded.defaults;
  RETURN NULL;
END
$$;

CREATE FUNCTION dashboard_daily_updated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO dashboard_monthly AS m (month, department_code, district, type, category, received, dispatched, signed_on_time, closed, closed_on_time, rated, satisfied, answered, resolved, defaults)
  SELECT date_trunc('month', d.day)::date, d.department_code, d.district, d.type, d.category, sum(d.received), sum(d.dispatched), sum(d.signed_on_time), sum(d.closed), sum(d.closed_on_time), sum(d.rated), sum(d.satisfied), sum(d.answered), sum(d.resolved), sum(d.defaults)
    FROM (SELECT n.* FROM new_rows n UNION ALL SELECT o.day, o.department_code, o.district, o.type, o.category, -o.received, -o.dispatched, -o.signed_on_time, -o.closed, -o.closed_on_time, -o.rated, -o.satisfied, -o.answered, -o.resolved, -o.defaults FROM old_rows o) d GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (month, department_code, district, type, category) DO UPDATE SET received = m.received + excluded.received, dispatched = m.dispatched + excluded.dispatched, signed_on_time = m.signed_on_time + excluded.signed_on_time, closed = m.closed + excluded.closed, closed_on_time = m.closed_on_time + excluded.closed_on_time, rated = m.rated + excluded.rated, satisfied = m.satisfied + excluded.satisfied, answered = m.answered + excluded.answered, resolved = m.resolved + excluded.resolved, defaults = m.defaults + excluded.defaults;
  INSERT INTO dashboard_days AS a (day, department_code, received, dispatched, signed_on_time, closed, closed_on_time, rated, satisfied, answered, resolved, defaults)
  SELECT d.day, d.department_code, sum(d.received), sum(d.dispatched), sum(d.signed_on_time), sum(d.closed), sum(d.closed_on_time), sum(d.rated), sum(d.satisfied), sum(d.answered), sum(d.resolved), sum(d.defaults)
    FROM (SELECT n.* FROM new_rows n UNION ALL SELECT o.day, o.department_code, o.district, o.type, o.category, -o.received, -o.dispatched, -o.signed_on_time, -o.closed, -o.closed_on_time, -o.rated, -o.satisfied, -o.answered, -o.resolved, -o.defaults FROM old_rows o) d GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, department_code) DO UPDATE SET received = a.received + excluded.received, dispatched = a.dispatched + excluded.dispatched, signed_on_time = a.signed_on_time + excluded.signed_on_time, closed = a.closed + excluded.closed, closed_on_time = a.closed_on_time + excluded.closed_on_time, rated = a.rated + excluded.rated, satisfied = a.satisfied + excluded.satisfied, answered = a.answered + excluded.answered, resolved = a.resolved + excluded.resolved, defaults = a.defaults + excluded.defaults;
  RETURN NULL;
END
$$;

CREATE TRIGGER dashboard_daily_inserted AFTER INSERT ON dashboard_daily
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_daily_inserted();
CREATE TRIGGER dashboard_daily_updated AFTER UPDATE ON dashboard_daily
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_daily_updated();

CREATE OR REPLACE FUNCTION dashboard_rebuild() RETURNS void LANGUAGE sql AS $$
  TRUNCATE dashboard_daily, dashboard_monthly, dashboard_days;
  INSERT INTO dashboard_daily (day, department_code, district, type, category, received, dispatched, signed_on_time,
                               closed, closed_on_time, rated, satisfied, answered, resolved, defaults)
  SELECT c.day, c.department_code, COALESCE(r.district, ''), r.type, COALESCE(r.category, ''), sum(c.received),
         sum(c.dispatched), sum(c.signed_on_time), sum(c.closed), sum(c.closed_on_time), sum(c.rated), sum(c.satisfied),
         sum(c.answered), sum(c.resolved), sum(c.defaults)
    FROM requests r, LATERAL dashboard_contribution(r, NULL, NULL) c
   GROUP BY 1, 2, 3, 4, 5;
$$;

-- Existing summary rows (migration 018 built them): the rollups from them.
INSERT INTO dashboard_monthly (month, department_code, district, type, category, received, dispatched, signed_on_time, closed,
                               closed_on_time, rated, satisfied, answered, resolved, defaults)
SELECT date_trunc('month', day)::date, department_code, district, type, category, sum(received), sum(dispatched),
       sum(signed_on_time), sum(closed), sum(closed_on_time), sum(rated), sum(satisfied), sum(answered), sum(resolved), sum(defaults)
  FROM dashboard_daily GROUP BY 1, 2, 3, 4, 5;
INSERT INTO dashboard_days (day, department_code, received, dispatched, signed_on_time, closed, closed_on_time, rated, satisfied,
                            answered, resolved, defaults)
SELECT day, department_code, sum(received), sum(dispatched), sum(signed_on_time), sum(closed), sum(closed_on_time), sum(rated),
       sum(satisfied), sum(answered), sum(resolved), sum(defaults)
  FROM dashboard_daily GROUP BY 1, 2;
