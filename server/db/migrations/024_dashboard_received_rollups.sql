-- 024 dashboard: "received" by type, by district and by category, per day and per month, for each department's rows
-- and the city's ('' rows) — so the city's and a department's view never read the full (district, type, category) key
-- of dashboard_daily (about 2,900 rows a day at a million requests a year; a 30-day city view read ~86,000 of them).
--
-- What the unfiltered views read (server/modules/dashboard/rollup.repo.ts):
--   the total, the department table and the trend: dashboard_days (019), per day and department;
--   received by type, by district and by category: these two tables, per (department, day or month, dimension, value).
-- Those groupings show only "received" (byType, byDistrict, the top and rising categories), so that is the one count
-- kept: a step that does not change a received count (a 签收, a close, a rating) writes nothing here.
--
-- How they stay exact: like 019's rollups, statement-level triggers on dashboard_daily (whose rows only ever change by
-- the inserts and updates of dashboard_shift, dashboard_request_received and dashboard_rebuild) add each statement's
-- new rows minus its old rows, by (department, day, dimension, value) and by month, in key order and in the same
-- transaction; groups whose received does not change are not written. dashboard_rebuild() now empties these too, and
-- its insert into dashboard_daily fills them by the triggers. Below, the rows built by 018/019 fill them once.

CREATE TABLE dashboard_received_days (
  department_code text    NOT NULL,  -- '' the city's rows (every request), else the department's
  day             date    NOT NULL,  -- Asia/Shanghai day the request was filed
  dim             text    NOT NULL CHECK (dim IN ('category', 'district', 'type')),
  value           text    NOT NULL,  -- the request's category / district / type ('' when it has none)
  received        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (department_code, day, dim, value)
);

CREATE TABLE dashboard_received_months (
  department_code text    NOT NULL,
  month           date    NOT NULL,  -- first day of the Asia/Shanghai month
  dim             text    NOT NULL CHECK (dim IN ('category', 'district', 'type')),
  value           text    NOT NULL,
  received        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (department_code, month, dim, value)
);

CREATE FUNCTION dashboard_daily_received_inserted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO dashboard_received_days AS a (department_code, day, dim, value, received)
  SELECT n.department_code, n.day, x.dim, x.value, sum(n.received)
    FROM new_rows n, LATERAL (VALUES ('category', n.category), ('district', n.district), ('type', n.type)) x (dim, value)
   WHERE n.received <> 0
   GROUP BY 1, 2, 3, 4 HAVING sum(n.received) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (department_code, day, dim, value) DO UPDATE SET received = a.received + excluded.received;
  INSERT INTO dashboard_received_months AS a (department_code, month, dim, value, received)
  SELECT n.department_code, date_trunc('month', n.day)::date, x.dim, x.value, sum(n.received)
    FROM new_rows n, LATERAL (VALUES ('category', n.category), ('district', n.district), ('type', n.type)) x (dim, value)
   WHERE n.received <> 0
   GROUP BY 1, 2, 3, 4 HAVING sum(n.received) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (department_code, month, dim, value) DO UPDATE SET received = a.received + excluded.received;
  RETURN NULL;
END
$$;

CREATE FUNCTION dashboard_daily_received_updated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO dashboard_received_days AS a (department_code, day, dim, value, received)
  SELECT c.department_code, c.day, x.dim, x.value, sum(c.received)
    FROM (SELECT n.department_code, n.day, n.category, n.district, n.type, n.received FROM new_rows n WHERE n.received <> 0
          UNION ALL
          SELECT o.department_code, o.day, o.category, o.district, o.type, -o.received FROM old_rows o WHERE o.received <> 0) c,
         LATERAL (VALUES ('category', c.category), ('district', c.district), ('type', c.type)) x (dim, value)
   GROUP BY 1, 2, 3, 4 HAVING sum(c.received) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (department_code, day, dim, value) DO UPDATE SET received = a.received + excluded.received;
  INSERT INTO dashboard_received_months AS a (department_code, month, dim, value, received)
  SELECT c.department_code, date_trunc('month', c.day)::date, x.dim, x.value, sum(c.received)
    FROM (SELECT n.department_code, n.day, n.category, n.district, n.type, n.received FROM new_rows n WHERE n.received <> 0
          UNION ALL
          SELECT o.department_code, o.day, o.category, o.district, o.type, -o.received FROM old_rows o WHERE o.received <> 0) c,
         LATERAL (VALUES ('category', c.category), ('district', c.district), ('type', c.type)) x (dim, value)
   GROUP BY 1, 2, 3, 4 HAVING sum(c.received) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (department_code, month, dim, value) DO UPDATE SET received = a.received + excluded.received;
  RETURN NULL;
END
$$;

CREATE TRIGGER dashboard_daily_received_inserted AFTER INSERT ON dashboard_daily
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_daily_received_inserted();
CREATE TRIGGER dashboard_daily_received_updated AFTER UPDATE ON dashboard_daily
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_daily_received_updated();

CREATE OR REPLACE FUNCTION dashboard_rebuild() RETURNS void LANGUAGE sql AS $$
  TRUNCATE dashboard_daily, dashboard_monthly, dashboard_days, dashboard_received_days, dashboard_received_months;
  INSERT INTO dashboard_daily (day, department_code, district, type, category, received, dispatched, signed_on_time,
                               closed, closed_on_time, rated, satisfied, answered, resolved, defaults)
  SELECT c.day, c.department_code, COALESCE(r.district, ''), r.type, COALESCE(r.category, ''), sum(c.received),
         sum(c.dispatched), sum(c.signed_on_time), sum(c.closed), sum(c.closed_on_time), sum(c.rated), sum(c.satisfied),
         sum(c.answered), sum(c.resolved), sum(c.defaults)
    FROM requests r, LATERAL dashboard_contribution(r, NULL, NULL) c
   GROUP BY 1, 2, 3, 4, 5;
$$;

-- Existing summary rows: the rollups from them.
INSERT INTO dashboard_received_days (department_code, day, dim, value, received)
SELECT d.department_code, d.day, x.dim, x.value, sum(d.received)
  FROM dashboard_daily d, LATERAL (VALUES ('category', d.category), ('district', d.district), ('type', d.type)) x (dim, value)
 WHERE d.received <> 0
 GROUP BY 1, 2, 3, 4 HAVING sum(d.received) <> 0;
INSERT INTO dashboard_received_months (department_code, month, dim, value, received)
SELECT d.department_code, date_trunc('month', d.day)::date, x.dim, x.value, sum(d.received)
  FROM dashboard_daily d, LATERAL (VALUES ('category', d.category), ('district', d.district), ('type', d.type)) x (dim, value)
 WHERE d.received <> 0
 GROUP BY 1, 2, 3, 4 HAVING sum(d.received) <> 0;
