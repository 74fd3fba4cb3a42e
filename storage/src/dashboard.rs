//! What the dashboard counts: contact deadlines met and missed, interview attendance.
use crate::{Store, StoreError};

impl Store {
    /// The times of every enrolment received since `since`, for the contact figures.
    pub async fn sla_cases(&self, since: i64) -> Result<Vec<domain::sla::CaseTimes>, StoreError> {
        let rows: Vec<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT e.received_at, e.contacted_at,
                    (SELECT MIN(i.starts_at) FROM interviews i WHERE i.applicant_id = e.applicant_id) AS interview_at
             FROM enrolments e WHERE e.received_at >= $1 ORDER BY e.received_at",
        )
        .bind(since)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(received_at, contacted_at, interview_at)| domain::sla::CaseTimes {
                    received_at,
                    contacted_at,
                    interview_at,
                },
            )
            .collect())
    }

    /// Interviews held and interviews missed.
    pub async fn interview_attendance(&self) -> Result<(i64, i64), StoreError> {
        Ok(sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN state = 'attended' THEN 1 ELSE 0 END), 0) AS held,
                    COALESCE(SUM(CASE WHEN state = 'no_show' THEN 1 ELSE 0 END), 0) AS missed
             FROM interviews WHERE state IN ('attended', 'no_show')",
        )
        .fetch_one(&self.reader)
        .await?)
    }

    /// Limits of the cases still awaiting contact that fall between `from` and `to`.
    pub async fn limits_between(&self, from: i64, to: i64) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT contact_limit FROM enrolments WHERE state = 'received' AND contact_limit >= $1 AND contact_limit < $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.reader)
        .await?)
    }
}
