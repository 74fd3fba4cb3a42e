-- A submission's idempotency key was "draft-" and the draft's id. SQLite hands out the id of a
-- deleted row again when it was the largest (INTEGER PRIMARY KEY without AUTOINCREMENT), so once the
-- newest drafts had expired and been deleted, a new draft could get the id of one that had already
-- enrolled somebody, and its submission hit the unique key of that enrolment. The key is now made
-- at random when the draft is created; draft and availability ids (the two tables whose rows are
-- deleted) are never handed out twice, as with PostgreSQL's identity columns.
CREATE TABLE drafts_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    comune_istat TEXT NOT NULL,
    answers TEXT NOT NULL,
    step INTEGER NOT NULL,
    errors_step INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    applicant_id INTEGER REFERENCES applicants (id),
    outcome TEXT,
    status_token TEXT,
    submission_key TEXT NOT NULL
);
INSERT INTO drafts_new (id, token_hash, comune_istat, answers, step, errors_step, created_at,
        updated_at, expires_at, applicant_id, outcome, status_token, submission_key)
    SELECT id, token_hash, comune_istat, answers, step, errors_step, created_at, updated_at,
        expires_at, applicant_id, outcome, status_token, lower(hex(randomblob(16)))
    FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_new RENAME TO drafts;
CREATE INDEX drafts_expires ON drafts (expires_at);

CREATE TABLE availability_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    professional_id INTEGER NOT NULL REFERENCES staff (id),
    weekday INTEGER NOT NULL,
    start_minute INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    mode TEXT NOT NULL,
    place TEXT NOT NULL
);
INSERT INTO availability_new (id, professional_id, weekday, start_minute, minutes, mode, place)
    SELECT id, professional_id, weekday, start_minute, minutes, mode, place FROM availability;
DROP TABLE availability;
ALTER TABLE availability_new RENAME TO availability;
CREATE INDEX availability_professional ON availability (professional_id);
