//! What the dashboard counts: contact deadlines met and missed, interview attendance.
use crate::{Store, StoreError};
use sqlx::Row;

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
