-- The sender looks for claims that outlived their node every few seconds on every node: index just those rows,
-- so that look stays cheap however long the outbox grows.
CREATE INDEX outbox_sending ON outbox (claimed_until) WHERE status = 'sending';
