-- The secretariat's queue. What it filters on is kept on the enrolment itself, so that each filter
-- is one index range read in deadline order, however many applicants there are.
ALTER TABLE enrolments ADD COLUMN due_soon_at INTEGER;
ALTER TABLE enrolments ADD COLUMN comune_istat TEXT;
ALTER TABLE enrolments ADD COLUMN language TEXT;
ALTER TABLE enrolments ADD COLUMN needs_flagged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enrolments ADD COLUMN assigned_to INTEGER REFERENCES staff (id);
ALTER TABLE enrolments ADD COLUMN contacted_at INTEGER;
ALTER TABLE enrolments ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enrolments ADD COLUMN closed_at INTEGER;
ALTER TABLE applicants ADD COLUMN name_key TEXT;

-- Enrolments made before this migration: the week before the target, as near as UTC allows.
UPDATE enrolments SET due_soon_at = contact_due - 604800,
    comune_istat = (SELECT a.comune_istat FROM applicants a WHERE a.id = enrolments.applicant_id),
    language = (SELECT a.language FROM applicants a WHERE a.id = enrolments.applicant_id);
UPDATE applicants SET name_key = lower(last_name || ' ' || first_name);

CREATE INDEX enrolments_queue_comune ON enrolments (state, comune_istat, contact_due);
CREATE INDEX enrolments_queue_language ON enrolments (state, language, contact_due);
CREATE INDEX enrolments_queue_assigned ON enrolments (state, assigned_to, contact_due);
CREATE INDEX enrolments_queue_needs ON enrolments (state, needs_flagged, contact_due);
CREATE INDEX applicants_name_key ON applicants (name_key);

CREATE TABLE contact_attempts (
    id INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    at INTEGER NOT NULL,
    channel TEXT NOT NULL,
    outcome TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX contact_attempts_applicant ON contact_attempts (applicant_id, at);

-- Every change of a case's state, with who made it.
CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    at INTEGER NOT NULL,
    staff_id INTEGER REFERENCES staff (id),
    event TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX case_events_applicant ON case_events (applicant_id, at);

-- Who opened or changed what, and when: never the data itself.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    staff_id INTEGER REFERENCES staff (id),
    action TEXT NOT NULL,
    applicant_id INTEGER,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_staff ON audit_log (staff_id, at);
CREATE INDEX audit_log_applicant ON audit_log (applicant_id, at);
