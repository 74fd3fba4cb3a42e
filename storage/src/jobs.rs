//! A job queue in the database, with leases: with several server instances on one database each
//! job runs once, and a job whose worker died is taken again when its lease runs out.
use super::{Store, StoreError};
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

/// One operator's digest: email, name, and the cases (reference, contact limit).
pub type DigestFor = (String, String, Vec<(String, i64)>);

impl Store {
    /// Adds a job; with a `unique_key` already used, nothing is added. True if added.
    pub async fn schedule_job(
        &self,
        kind: &str,
        payload: &str,
        unique_key: Option<&str>,
        run_at: i64,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "INSERT INTO jobs (kind, payload, unique_key, run_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(kind)
        .bind(payload)
        .bind(unique_key)
        .bind(run_at)
        .execute(&self.writer)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Leases the next due job to `worker` for `lease_secs`. The update re-checks the lease in its
    /// own WHERE clause, so of two workers racing for one job only one gets it.
    pub async fn claim_job(
        &self,
        worker: &str,
        now: i64,
        lease_secs: i64,
    ) -> Result<Option<Job>, StoreError> {
        let row = sqlx::query(
            "UPDATE jobs SET lease_owner = $1, lease_until = $2, attempts = attempts + 1
             WHERE id = (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $3
                           AND (lease_until IS NULL OR lease_until < $3) ORDER BY run_at, id LIMIT 1)
               AND done_at IS NULL AND (lease_until IS NULL OR lease_until < $3)
             RETURNING id, kind, payload, attempts",
        )
        .bind(worker)
        .bind(now + lease_secs)
        .bind(now)
        .fetch_optional(&self.writer)
        .await?;
        Ok(row
            .map(|r| {
                Ok::<_, sqlx::Error>(Job {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    payload: r.try_get("payload")?,
                    attempts: r.try_get("attempts")?,
                })
            })
            .transpose()?)
    }

    /// Marks the job done, if `worker` still holds its lease. False when the lease was lost.
    pub async fn finish_job(&self, id: i64, worker: &str, now: i64) -> Result<bool, StoreError> {
        let r = sqlx::query(
            "UPDATE jobs SET done_at = $1 WHERE id = $2 AND lease_owner = $3 AND done_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .bind(worker)
        .execute(&self.writer)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Gives the job back to run again at `retry_at` (or never again after too many attempts).
    pub async fn fail_job(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        retry_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET lease_owner = NULL, lease_until = NULL, run_at = $1, last_error = $2,
                done_at = CASE WHEN attempts >= 10 THEN $1 ELSE NULL END
             WHERE id = $3 AND lease_owner = $4",
        )
        .bind(retry_at)
        .bind(error)
        .bind(id)
        .bind(worker)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn pending_jobs(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM jobs WHERE done_at IS NULL")
            .fetch_one(&self.reader)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Operators with cases awaiting first contact whose limit falls before `until`.
    pub async fn cases_about_to_breach(
        &self,
        now: i64,
        until: i64,
    ) -> Result<Vec<DigestFor>, StoreError> {
        let rows = sqlx::query(
            "SELECT s.email, s.name, a.reference, e.contact_limit FROM enrolments e
             JOIN applicants a ON a.id = e.applicant_id JOIN staff s ON s.id = e.assigned_to
             WHERE e.state = 'received' AND e.contact_limit >= $1 AND e.contact_limit < $2 AND s.active = 1
             ORDER BY s.email, e.contact_limit",
        )
        .bind(now)
        .bind(until)
        .fetch_all(&self.reader)
        .await?;
        let mut out: Vec<DigestFor> = Vec::new();
        for r in rows {
            let email: String = r.try_get("email")?;
            let case = (r.try_get("reference")?, r.try_get("contact_limit")?);
            match out.last_mut() {
                Some((e, _, cases)) if *e == email => cases.push(case),
                _ => out.push((email, r.try_get("name")?, vec![case])),
            }
        }
        Ok(out)
    }
}

impl Store {
    /// The times of every enrolment received since `since`, for the contact figures.
    pub async fn sla_cases(&self, since: i64) -> Result<Vec<domain::sla::CaseTimes>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.received_at, e.contacted_at,
                    (SELECT MIN(i.starts_at) FROM interviews i WHERE i.applicant_id = e.applicant_id) AS interview_at
             FROM enrolments e WHERE e.received_at >= $1 ORDER BY e.received_at",
        )
        .bind(since)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(domain::sla::CaseTimes {
                    received_at: r.try_get("received_at")?,
                    contacted_at: r.try_get("contacted_at")?,
                    interview_at: r.try_get("interview_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// Interviews held and interviews missed.
    pub async fn interview_attendance(&self) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query(
            "SELECT COALESCE(SUM(CASE WHEN state = 'attended' THEN 1 ELSE 0 END), 0) AS held,
                    COALESCE(SUM(CASE WHEN state = 'no_show' THEN 1 ELSE 0 END), 0) AS missed
             FROM interviews WHERE state IN ('attended', 'no_show')",
        )
        .fetch_one(&self.reader)
        .await?;
        Ok((row.try_get("held")?, row.try_get("missed")?))
    }

    /// Limits of the cases still awaiting contact that fall between `from` and `to`.
    pub async fn limits_between(&self, from: i64, to: i64) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query(
            "SELECT contact_limit FROM enrolments WHERE state = 'received' AND contact_limit >= $1 AND contact_limit < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| r.try_get("contact_limit"))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }
}

/// One line of the audit log, with the staff member's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    pub staff_name: Option<String>,
    pub action: String,
    pub applicant_reference: Option<String>,
    pub detail: String,
}

impl Store {
    /// The audit log, newest first, filtered by staff member, applicant and action.
    pub async fn audit_entries(
        &self,
        staff_id: Option<i64>,
        applicant_reference: Option<&str>,
        action: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<AuditEntry>, bool), StoreError> {
        let rows = sqlx::query(
            "SELECT l.at, s.name, l.action, a.reference, l.detail FROM audit_log l
             LEFT JOIN staff s ON s.id = l.staff_id LEFT JOIN applicants a ON a.id = l.applicant_id
             WHERE ($1 = 0 OR l.staff_id = $2) AND ($3 = '' OR a.reference = $3) AND ($4 = '' OR l.action = $4)
             ORDER BY l.at DESC, l.id DESC LIMIT $5 OFFSET $6",
        )
        .bind(i64::from(staff_id.is_some()))
        .bind(staff_id.unwrap_or(0))
        .bind(applicant_reference.unwrap_or(""))
        .bind(action.unwrap_or(""))
        .bind(limit + 1)
        .bind(offset)
        .fetch_all(&self.reader)
        .await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: r.try_get("at")?,
                    staff_name: r.try_get("name")?,
                    action: r.try_get("action")?,
                    applicant_reference: r.try_get("reference")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let more = out.len() as i64 > limit;
        out.truncate(limit.max(0) as usize);
        Ok((out, more))
    }
}
