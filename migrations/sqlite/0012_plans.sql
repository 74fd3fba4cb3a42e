-- Personal plans: every save is a version; the person's agreement is kept with its version.
CREATE TABLE plan_versions (
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    version INTEGER NOT NULL,
    plan_json TEXT NOT NULL,
    saved_by INTEGER REFERENCES staff (id),
    saved_at INTEGER NOT NULL,
    agreed_at INTEGER,
    PRIMARY KEY (applicant_id, version)
);
