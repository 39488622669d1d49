-- 027 onestop_require(ok, code): raises an exception carrying `code` as its message when ok is not true, so a single
-- statement can refuse its own writes. A submission is one statement (the application, its uploads, its first update
-- row, its notice and the draft, in data-modifying CTEs; see server/modules/applications/repo.ts submit); when an
-- upload turns out not to be the resident's, or to be taken by another application meanwhile, the statement calls
-- onestop_require(false, 'MATERIAL_INVALID') and everything it wrote is undone. SQLSTATE P0001 (raise_exception).
CREATE FUNCTION onestop_require(ok boolean, code text) RETURNS boolean
LANGUAGE plpgsql AS $$ BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = code;
  END IF;
  RETURN true;
END $$;
