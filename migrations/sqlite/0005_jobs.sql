-- Background work shared by every server instance. A job is leased to one worker at a time; a
-- lease that runs out (the worker died) lets another worker take the job again.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- Scheduling the same job twice (for example the daily digest of one day) adds it once.
    unique_key TEXT UNIQUE,
    run_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    done_at INTEGER,
    last_error TEXT
);
CREATE INDEX jobs_due ON jobs (done_at, run_at);

-- The outbox is drained by every instance: a message is leased to one sender before it is sent.
ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
