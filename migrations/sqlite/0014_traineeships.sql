-- Traineeships (tirocini) in partner companies: created from the board's "traineeship" stage,
-- followed day by day by the programme's tutor and the company's tutor, ended into the board.
CREATE TABLE traineeships (
    id INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL UNIQUE REFERENCES proposals (id),
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    position_id INTEGER NOT NULL REFERENCES positions (id),
    -- A contact of the company (an account with the role "company").
    company_tutor_id INTEGER NOT NULL REFERENCES staff (id),
    -- The programme's tutor (an account with the role "tutor").
    tutor_id INTEGER NOT NULL REFERENCES staff (id),
    weekly_hours INTEGER NOT NULL,
    -- The days it runs: Monday = 1, Tuesday = 2, … Sunday = 64.
    weekdays INTEGER NOT NULL,
    day_starts TEXT NOT NULL,
    day_ends TEXT NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT NOT NULL,
    allowance_cents INTEGER NOT NULL,
    -- active or ended; how it ended: hired, or an end reason code.
    state TEXT NOT NULL,
    outcome TEXT,
    -- The signed training project (progetto formativo), a PDF in documents.
    project_document_id INTEGER REFERENCES documents (id),
    created_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX traineeships_tutor ON traineeships (tutor_id, state, start_on);
CREATE INDEX traineeships_company_tutor ON traineeships (company_tutor_id, state);
CREATE INDEX traineeships_applicant ON traineeships (applicant_id);

CREATE TABLE traineeship_objectives (
    id INTEGER PRIMARY KEY,
    traineeship_id INTEGER NOT NULL REFERENCES traineeships (id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    -- not_started, in_progress or reached
    progress TEXT NOT NULL,
    updated_by INTEGER REFERENCES staff (id),
    updated_at INTEGER NOT NULL
);
CREATE INDEX traineeship_objectives_traineeship ON traineeship_objectives (traineeship_id, position);

-- One mark a day; a later mark for the same day replaces the earlier one.
CREATE TABLE traineeship_presence (
    traineeship_id INTEGER NOT NULL REFERENCES traineeships (id),
    on_date TEXT NOT NULL,
    -- present, absent or justified
    mark TEXT NOT NULL,
    marked_by INTEGER REFERENCES staff (id),
    marked_at INTEGER NOT NULL,
    PRIMARY KEY (traineeship_id, on_date)
);

CREATE TABLE traineeship_notes (
    id INTEGER PRIMARY KEY,
    traineeship_id INTEGER NOT NULL REFERENCES traineeships (id),
    written_by INTEGER REFERENCES staff (id),
    -- The preset phrases tapped, as codes joined by commas.
    presets TEXT NOT NULL,
    text TEXT NOT NULL,
    concern INTEGER NOT NULL,
    -- When the professional who owns the case marked the concern as seen.
    concern_seen_at INTEGER,
    -- When it was written on the device (it may reach the server later, from the offline queue).
    written_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL
);
CREATE INDEX traineeship_notes_traineeship ON traineeship_notes (traineeship_id, written_at);
CREATE INDEX traineeship_notes_concern ON traineeship_notes (concern, concern_seen_at);

-- The idempotency key of every tutor submission, written in the transaction that records it: a
-- resend (a lost answer, the offline queue, a form sent twice) finds its key and records nothing.
CREATE TABLE tutor_submissions (
    key TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES staff (id),
    traineeship_id INTEGER NOT NULL REFERENCES traineeships (id),
    kind TEXT NOT NULL,
    at INTEGER NOT NULL
);

-- The company tutor's evaluations: one halfway (midterm), one at the end (final).
CREATE TABLE traineeship_evaluations (
    traineeship_id INTEGER NOT NULL REFERENCES traineeships (id),
    -- midterm or final
    kind TEXT NOT NULL,
    skills TEXT NOT NULL,
    -- 1 (to improve) to 4 (excellent)
    punctuality INTEGER NOT NULL,
    autonomy INTEGER NOT NULL,
    -- hire, extend, not_yet or not_suitable
    recommendation TEXT NOT NULL,
    written_by INTEGER REFERENCES staff (id),
    written_at INTEGER NOT NULL,
    PRIMARY KEY (traineeship_id, kind)
);
