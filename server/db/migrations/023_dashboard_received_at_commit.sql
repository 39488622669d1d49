-- 023 dashboard: a new request's "received" count is added when its transaction commits, not when its row goes in.
--
-- Every request filed on one day in one (district, type, category) adds to the same dashboard_daily row (and to its
-- monthly and per-day rollups, migration 019). Added by the BEFORE INSERT trigger of 018, that row stayed locked from
-- the request's INSERT to its COMMIT — through the whole filing (the similar-request index, the first update row, the
-- photos, the day's number) — so concurrent filings of one kind queued behind each other: the mixed-load bench
-- measured a mean 535 ms per request INSERT, nearly all of it waiting for that lock.
--
-- A request's contribution when its row is inserted is exactly one "received" on the city row ('' department) of its
-- filing day and (district, type, category): it has no update rows yet (they reference it). So the INSERT case of the
-- row trigger now does nothing, and a deferred constraint trigger adds that one count at commit, from the row as it
-- was inserted. Every other change still applies "after − before" at once (018); the counts are sums, so the order of
-- the deltas does not matter: a request whose district changes, or that is deleted, in the transaction that filed it
-- takes away at once the count it is about to add at commit, and the table is exact again when the transaction
-- commits — which is when anyone else can read it. A rolled-back transaction adds nothing.

CREATE OR REPLACE FUNCTION dashboard_request_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF TG_OP = 'INSERT' THEN
    -- Counted at commit by dashboard_request_received (below).
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

CREATE FUNCTION dashboard_request_received() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO dashboard_daily AS d (day, department_code, district, type, category, received)
  VALUES (((NEW.filed_at AT TIME ZONE 'UTC') + interval '8 hours')::date, '', COALESCE(NEW.district, ''), NEW.type,
          COALESCE(NEW.category, ''), 1)
  ON CONFLICT (day, department_code, district, type, category) DO UPDATE SET received = d.received + 1;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER requests_dashboard_received AFTER INSERT ON requests
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_request_received();
