-- Self-employment paths and social-innovation projects ("ventures", to keep them apart from a
-- traineeship's training project): the stages they go through, what each stage recorded, and the
-- applicants who form the team.
CREATE TABLE ventures (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    social_innovation INTEGER NOT NULL,
    -- idea, analysed, mentoring, business_plan, financed, started, active_12_months or dropped
    stage TEXT NOT NULL,
    -- The furthest stage on the path it reached: a dropped project counts where it got to.
    furthest TEXT NOT NULL,
    -- The analysis (market, skills, costs, permits, score, notes) as JSON.
    analysis TEXT,
    score INTEGER,
    mentor TEXT,
    business_plan TEXT,
    amount_cents INTEGER,
    funding_source TEXT,
    started_on TEXT,
    legal_form TEXT,
    vat_number TEXT,
    drop_reason TEXT,
    drop_note TEXT,
    created_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL,
    -- Written by every step before it reads the stage: two steps at once go one after the other.
    changed_at INTEGER NOT NULL
);
CREATE INDEX ventures_stage ON ventures (stage);

CREATE TABLE venture_members (
    venture_id INTEGER NOT NULL REFERENCES ventures (id),
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    lead INTEGER NOT NULL,
    added_by INTEGER REFERENCES staff (id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (venture_id, applicant_id)
);
CREATE INDEX venture_members_applicant ON venture_members (applicant_id);

CREATE TABLE venture_steps (
    id INTEGER PRIMARY KEY,
    venture_id INTEGER NOT NULL REFERENCES ventures (id),
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff (id),
    at INTEGER NOT NULL
);
CREATE INDEX venture_steps_venture ON venture_steps (venture_id, at);
