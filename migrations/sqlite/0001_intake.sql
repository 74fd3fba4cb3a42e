CREATE TABLE applicants (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    submission_key TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL,
    gender TEXT NOT NULL,
    codice_fiscale TEXT UNIQUE,
    identity_key TEXT UNIQUE,
    mobile TEXT,
    email TEXT,
    language TEXT NOT NULL,
    comune_istat TEXT NOT NULL,
    answers TEXT NOT NULL,
    privacy_version TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    withdrawn_at INTEGER
);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL UNIQUE REFERENCES applicants (id),
    state TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    contact_due INTEGER NOT NULL,
    contact_limit INTEGER NOT NULL,
    closed_reason TEXT
);
CREATE INDEX enrolments_state_due ON enrolments (state, contact_due);

CREATE TABLE status_tokens (
    token_hash TEXT PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX status_tokens_applicant ON status_tokens (applicant_id);

CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
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
    status_token TEXT
);
CREATE INDEX drafts_expires ON drafts (expires_at);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, id);

CREATE TABLE eligibility_outcomes (
    day TEXT NOT NULL,
    reason TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, reason)
);

CREATE TABLE attempt_limits (
    bucket TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    count INTEGER NOT NULL
);
