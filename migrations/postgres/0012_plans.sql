-- Personal plans: every save is a version; the person's agreement is kept with its version.
CREATE TABLE plan_versions (
    applicant_id BIGINT NOT NULL REFERENCES applicants (id),
    version BIGINT NOT NULL,
    plan_json TEXT NOT NULL,
    saved_by BIGINT REFERENCES staff (id),
    saved_at BIGINT NOT NULL,
    agreed_at BIGINT,
    PRIMARY KEY (applicant_id, version)
);
