-- The training catalogue: courses from partner providers, their sessions, who is enrolled or
-- waiting for a seat, and the attendance register.
CREATE TABLE courses (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    italian_min TEXT NOT NULL,
    teaching_language TEXT NOT NULL,
    place TEXT NOT NULL,
    seats INTEGER NOT NULL,
    -- Written by every enrolment and departure before it counts seats: the row lock that lets
    -- one of two people racing for the last seat have it.
    changed_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL
);

CREATE TABLE course_sessions (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL
);
CREATE INDEX course_sessions_course ON course_sessions (course_id, starts_at);

CREATE TABLE course_enrolments (
    course_id INTEGER NOT NULL REFERENCES courses (id),
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    -- enrolled, waiting or left
    status TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    enrolled_at INTEGER,
    left_at INTEGER,
    requested_by INTEGER REFERENCES staff (id),
    PRIMARY KEY (course_id, applicant_id)
);
CREATE INDEX course_enrolments_waiting ON course_enrolments (course_id, status, requested_at);
CREATE INDEX course_enrolments_applicant ON course_enrolments (applicant_id);

CREATE TABLE course_attendance (
    session_id INTEGER NOT NULL REFERENCES course_sessions (id),
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    -- present or absent
    mark TEXT NOT NULL,
    marked_by INTEGER REFERENCES staff (id),
    marked_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, applicant_id)
);
