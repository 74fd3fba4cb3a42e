-- What a session was opened from ("Firefox on Android"), so that a staff member reading the list of
-- their sessions can tell one that is not theirs.
ALTER TABLE staff_sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
