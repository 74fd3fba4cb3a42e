//! A job table with leases: each job runs once, whichever instance claims it.
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

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
        Ok(sqlx::query_as(
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
        .await?)
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
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) AS n FROM jobs WHERE done_at IS NULL")
                .fetch_one(&self.reader)
                .await?,
        )
    }
}
