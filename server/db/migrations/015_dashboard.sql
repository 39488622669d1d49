-- 015 dashboard (一网统管 一屏观): the 问题是否解决 answer of a rating, the facts the figures compare written on the
-- update rows of earlier steps, and the indexes the dashboard's period queries use.
--
-- From this version on, server/modules/requests/transition.ts writes on each step's update row (data jsonb):
--   dispatch        signDeadline  the department's 签收 deadline (domain signDeadlineFrom: end of the next working day)
--   close / answer  deadline      the close deadline in force when it closed; handledBy: the department (null: hotline)
--   rate / revisit  resolved      the answer to 问题是否解决 (absent when not answered); handledBy as above
-- Rows written before this version get the same facts below. Two are approximations, for history only: the 签收
-- deadline skips weekends but not statutory holidays (the calendar lives in domain/calendar, not in SQL), and the
-- close deadline is the request's current one (it differs only for a request reopened since).

ALTER TABLE requests ADD COLUMN rating_resolved boolean;

UPDATE request_updates u
   SET data = u.data || jsonb_build_object('signDeadline', to_char(
         ((((u.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date
           + CASE extract(isodow FROM ((u.created_at AT TIME ZONE 'UTC') + interval '8 hours')::date)
               WHEN 5 THEN 4 WHEN 6 THEN 3 ELSE 2 END)::timestamp - interval '8 hours'),
         'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
 WHERE u.action = 'dispatch' AND NOT u.data ? 'signDeadline';

UPDATE request_updates u
   SET data = u.data || jsonb_build_object(
         'deadline', to_char(r.deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'handledBy', CASE WHEN u.action = 'close' THEN
           (SELECT d.data->>'departmentCode' FROM request_updates d
             WHERE d.request_id = u.request_id AND d.action = 'dispatch' AND d.id < u.id ORDER BY d.id DESC LIMIT 1) END)
  FROM requests r
 WHERE r.id = u.request_id AND u.action IN ('close', 'answer') AND NOT u.data ? 'deadline';

UPDATE request_updates u
   SET data = u.data || jsonb_build_object('handledBy',
         (SELECT c.data->>'handledBy' FROM request_updates c
           WHERE c.request_id = u.request_id AND c.action IN ('close', 'answer') AND c.id < u.id ORDER BY c.id DESC LIMIT 1))
 WHERE u.action IN ('rate', 'revisit') AND NOT u.data ? 'handledBy';

-- The steps the figures count, by kind and time (a period is a range of created_at).
CREATE INDEX request_updates_figures_idx ON request_updates (action, created_at)
  WHERE action IN ('dispatch', 'close', 'answer', 'rate', 'revisit');
-- 受理量 by the filing time.
CREATE INDEX requests_filed_idx ON requests (filed_at);
-- 响应率 reads, for each dispatch, the step after it (a 签收 or a 退单): from the index alone.
CREATE INDEX request_updates_sign_idx ON request_updates (request_id, id) INCLUDE (action, created_at)
  WHERE action IN ('sign', 'return');
-- A department's figures ask, per request, whether it was ever dispatched to that department: from the index alone.
CREATE INDEX request_updates_dispatched_to_idx ON request_updates (request_id, (data->>'departmentCode'))
  WHERE action = 'dispatch';
