//! Attempt limits kept in the database, so that every instance shares them.
use super::{Store, StoreError};
use sqlx::Row;

impl Store {
    /// Counts an attempt in `bucket` (for example resume codes from one address) within a window of
    /// `window_secs`; true while the count stays within `max`.
    pub async fn allow_attempt(
        &self,
        bucket: &str,
        max: i64,
        window_secs: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "INSERT INTO attempt_limits (bucket, window_start, count) VALUES ($1, $2, 1)
             ON CONFLICT (bucket) DO UPDATE SET
                count = CASE WHEN attempt_limits.window_start <= $3 THEN 1 ELSE attempt_limits.count + 1 END,
                window_start = CASE WHEN attempt_limits.window_start <= $3 THEN $2 ELSE attempt_limits.window_start END
             RETURNING count",
        )
        .bind(bucket)
        .bind(now)
        .bind(now - window_secs)
        .fetch_one(&self.writer)
        .await?;
        Ok(count <= max)
    }

    /// Whether `bucket` already counts `max` attempts in the window of `window_secs` before `now`,
    /// without counting one more (failures are counted with `allow_attempt`).
    pub async fn attempts_exhausted(
        &self,
        bucket: &str,
        max: i64,
        window_secs: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT window_start, count FROM attempt_limits WHERE bucket = $1")
            .bind(bucket)
            .fetch_optional(&self.reader)
            .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let start: i64 = row.try_get("window_start")?;
        let count: i64 = row.try_get("count")?;
        Ok(start > now - window_secs && count >= max)
    }
}
