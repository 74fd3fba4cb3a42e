-- The company board: partner companies, their agreements and positions, candidates proposed to
-- them, placements and the follow-ups after them.

-- What an applicant agreed companies may see of them: none, profile, or profile and contacts.
ALTER TABLE applicants ADD COLUMN share_with_companies TEXT NOT NULL DEFAULT 'none';
ALTER TABLE applicants ADD COLUMN share_chosen_at INTEGER;

-- Files kept in the database (signed agreements): never under the web root, served only through a
-- handler that checks who asks; several instances see the same files.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    content BLOB NOT NULL,
    bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by INTEGER REFERENCES staff (id),
    uploaded_at INTEGER NOT NULL
);
CREATE INDEX documents_company ON documents (company_id, uploaded_at);

CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- The name folded (lowercase, no accents) for search and order.
    name_key TEXT NOT NULL,
    vat TEXT NOT NULL UNIQUE,
    ateco TEXT NOT NULL,
    size TEXT NOT NULL,
    -- NULL, proposed, signed or ended; "expiring" is read from the end date.
    agreement_state TEXT,
    agreement_proposed_on TEXT,
    agreement_signed_on TEXT,
    agreement_signatory TEXT,
    agreement_expires_on TEXT,
    agreement_ended_on TEXT,
    agreement_document_id INTEGER REFERENCES documents (id),
    created_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX companies_name ON companies (name_key);
CREATE INDEX companies_agreement ON companies (agreement_state, agreement_expires_on);

CREATE TABLE company_sites (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    comune_istat TEXT NOT NULL,
    address TEXT NOT NULL
);
CREATE INDEX company_sites_company ON company_sites (company_id);

-- A company contact signs in to the portal as an account with the role "company" (no password:
-- one-time links by email); this row ties the account to its company.
CREATE TABLE company_contacts (
    staff_id INTEGER PRIMARY KEY REFERENCES staff (id),
    company_id INTEGER NOT NULL REFERENCES companies (id),
    phone TEXT NOT NULL,
    job_title TEXT NOT NULL
);
CREATE INDEX company_contacts_company ON company_contacts (company_id);

CREATE TABLE company_links (
    token_hash TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

-- The relationship log: calls, visits, emails, meetings, each with its next step and due date.
CREATE TABLE company_log (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    summary TEXT NOT NULL,
    next_step TEXT NOT NULL,
    next_due TEXT,
    done_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX company_log_company ON company_log (company_id, on_date);
CREATE INDEX company_log_due ON company_log (done_at, next_due);

CREATE TABLE positions (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id),
    site_id INTEGER NOT NULL REFERENCES company_sites (id),
    -- The whole position as its form gave it (JSON), and beside it what matching reads.
    details TEXT NOT NULL,
    title TEXT NOT NULL,
    comune_istat TEXT NOT NULL,
    required_skills INTEGER NOT NULL,
    desired_skills INTEGER NOT NULL,
    sector INTEGER NOT NULL,
    hours TEXT NOT NULL,
    shifts INTEGER NOT NULL,
    italian INTEGER NOT NULL,
    licence INTEGER NOT NULL,
    vehicle INTEGER NOT NULL,
    openings INTEGER NOT NULL,
    closes_on TEXT NOT NULL,
    state TEXT NOT NULL,
    created_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL,
    closed_at INTEGER
);
CREATE INDEX positions_company ON positions (company_id, state);
CREATE INDEX positions_open ON positions (state, closes_on);

-- What matching reads of a person, kept beside the case: written with the assessment, switched
-- on and off as the case moves (only assessed people and people in a path are matched).
CREATE TABLE match_profiles (
    applicant_id INTEGER PRIMARY KEY REFERENCES applicants (id),
    active INTEGER NOT NULL,
    comune_istat TEXT NOT NULL,
    skills INTEGER NOT NULL,
    sectors INTEGER NOT NULL,
    experience INTEGER NOT NULL,
    max_km INTEGER NOT NULL,
    licence INTEGER NOT NULL,
    vehicle INTEGER NOT NULL,
    italian INTEGER NOT NULL,
    hours TEXT NOT NULL,
    shifts INTEGER NOT NULL,
    readiness TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    -- The generation (below) that last wrote this row.
    version INTEGER NOT NULL
);
CREATE INDEX match_profiles_active ON match_profiles (active, italian);
CREATE INDEX match_profiles_version ON match_profiles (version);

-- Bumped, in the same transaction, by every write to match_profiles: each server instance keeps
-- the profiles in memory and reads again only the rows newer than the generation it holds. The
-- single row is locked until commit, so generations are committed in order.
CREATE TABLE match_generation (
    id INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL
);
INSERT INTO match_generation (id, generation) VALUES (1, 0);

CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    position_id INTEGER NOT NULL REFERENCES positions (id),
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    stage TEXT NOT NULL,
    reason TEXT,
    score INTEGER NOT NULL,
    stage_at INTEGER NOT NULL,
    proposed_by INTEGER REFERENCES staff (id),
    proposed_at INTEGER NOT NULL,
    -- When the company was last reminded of a proposal it left unanswered.
    reminded_at INTEGER,
    UNIQUE (position_id, applicant_id)
);
CREATE INDEX proposals_stage ON proposals (stage, stage_at);
CREATE INDEX proposals_applicant ON proposals (applicant_id);

-- Every move on the board: who (staff or company contact), when, from where to where.
CREATE TABLE proposal_moves (
    id INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL REFERENCES proposals (id),
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    reason TEXT,
    by_account INTEGER REFERENCES staff (id),
    at INTEGER NOT NULL
);
CREATE INDEX proposal_moves_proposal ON proposal_moves (proposal_id, at);

CREATE TABLE placements (
    id INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    proposal_id INTEGER NOT NULL UNIQUE REFERENCES proposals (id),
    contract TEXT NOT NULL,
    start_on TEXT NOT NULL,
    weekly_hours INTEGER NOT NULL,
    recorded_by INTEGER REFERENCES staff (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX placements_applicant ON placements (applicant_id);

CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    months INTEGER NOT NULL,
    due_on TEXT NOT NULL,
    professional_id INTEGER REFERENCES staff (id),
    done_at INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX follow_ups_due ON follow_ups (professional_id, done_at, due_on);
CREATE INDEX follow_ups_placement ON follow_ups (placement_id);

-- What a staff member typed in a form the server refused, kept (for a day) so that the page shows
-- it again with the problems, with or without JavaScript.
CREATE TABLE form_drafts (
    session_hash TEXT NOT NULL,
    form TEXT NOT NULL,
    fields TEXT NOT NULL,
    problems TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (session_hash, form)
);
