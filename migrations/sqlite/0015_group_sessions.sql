-- Group sessions: information and motivation meetings, in a room or by video, for several people
-- invited one by one; reminders and attendance.
CREATE TABLE group_sessions (
    id INTEGER PRIMARY KEY,
    -- information or motivation
    topic TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    place TEXT NOT NULL,
    video_link TEXT NOT NULL,
    seats INTEGER NOT NULL,
    language TEXT NOT NULL,
    cancelled_at INTEGER,
    -- Written by every invitation before it counts seats (the row lock, as for courses).
    changed_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX group_sessions_starts ON group_sessions (starts_at);

CREATE TABLE group_session_invitations (
    session_id INTEGER NOT NULL REFERENCES group_sessions (id),
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    -- invited, declined or removed
    status TEXT NOT NULL,
    invited_at INTEGER NOT NULL,
    invited_by INTEGER REFERENCES staff (id),
    answered_at INTEGER,
    reminded INTEGER NOT NULL DEFAULT 0,
    -- present or absent, once the register is taken
    attendance TEXT,
    marked_by INTEGER REFERENCES staff (id),
    marked_at INTEGER,
    PRIMARY KEY (session_id, applicant_id)
);
CREATE INDEX group_session_invitations_applicant ON group_session_invitations (applicant_id);
CREATE INDEX group_session_invitations_reminders ON group_session_invitations (status, reminded);
