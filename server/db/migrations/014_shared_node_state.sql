-- What API nodes on one PostgreSQL share instead of keeping per node: request-rate counters and background-job leases.

-- One fixed window per rate-limit key (client address, or 'auth:' + address). UNLOGGED: counters are worth
-- nothing after a crash and must not cost WAL on every request. Rows whose window ended are swept by a job.
CREATE UNLOGGED TABLE rate_limits (
  key          text PRIMARY KEY,
  hits         integer NOT NULL,
  window_start timestamptz NOT NULL
);

-- One row per background job: the node that claims a run moves next_at forward, so each run happens on one node.
-- locked_until stops a second node from starting while a run is in progress (a node that dies lets it lapse).
CREATE TABLE job_leases (
  name         text PRIMARY KEY,
  next_at      timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  locked_by    text,
  runs         bigint NOT NULL DEFAULT 0,
  last_run_at  timestamptz,
  last_run_by  text
);
