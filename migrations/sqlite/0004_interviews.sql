-- Professionals' weekly availability and days away.
CREATE TABLE availability (
    id INTEGER PRIMARY KEY,
    professional_id INTEGER NOT NULL REFERENCES staff (id),
    weekday INTEGER NOT NULL,
    start_minute INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    mode TEXT NOT NULL,
    place TEXT NOT NULL
);
CREATE INDEX availability_professional ON availability (professional_id);

CREATE TABLE availability_away (
    professional_id INTEGER NOT NULL REFERENCES staff (id),
    day TEXT NOT NULL,
    PRIMARY KEY (professional_id, day)
);

-- Assessment interviews. Two live bookings of one professional's slot cannot exist: the
-- database refuses the second (partial unique index), whatever the application does.
CREATE TABLE interviews (
    id INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    professional_id INTEGER NOT NULL REFERENCES staff (id),
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    mode TEXT NOT NULL,
    place TEXT NOT NULL,
    state TEXT NOT NULL,
    wants_earlier INTEGER NOT NULL DEFAULT 0,
    booked_by INTEGER REFERENCES staff (id),
    booked_at INTEGER NOT NULL,
    closed_at INTEGER,
    reminded_48h INTEGER NOT NULL DEFAULT 0,
    reminded_2h INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX interviews_one_per_slot ON interviews (professional_id, starts_at) WHERE state = 'booked';
CREATE UNIQUE INDEX interviews_one_per_applicant ON interviews (applicant_id) WHERE state = 'booked';
CREATE INDEX interviews_upcoming ON interviews (state, starts_at);
CREATE INDEX interviews_applicant ON interviews (applicant_id, booked_at);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    professional_id INTEGER NOT NULL REFERENCES staff (id),
    at INTEGER NOT NULL,
    -- The structured assessment as JSON (skills, barriers, motivation, Italian level, paths, note).
    content TEXT NOT NULL
);
CREATE INDEX assessments_applicant ON assessments (applicant_id, at);

-- A calendar invitation travels with the email that confirms an interview.
ALTER TABLE outbox ADD COLUMN calendar TEXT;
