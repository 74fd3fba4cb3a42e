//! Staff accounts' second factor (TOTP): enrolment only for an account without one, each code
//! good once, and an admin's reset that ends the account's sessions. Every change is audited in
//! the transaction that makes it.
use super::audit::audit_in;
use super::{Store, StoreError};
use domain::ids::StaffId;

impl Store {
    pub async fn totp_pending(&self, staff_id: StaffId) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT totp_pending FROM staff WHERE id = $1")
            .bind(staff_id)
            .fetch_optional(&self.writer)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn set_totp_secret(
        &self,
        staff_id: StaffId,
        secret: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE staff SET totp_secret = $1 WHERE id = $2")
            .bind(secret)
            .bind(staff_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Shows `secret` for enrolment (kept until its first code is confirmed), only on an account
    /// that has no second factor: false, and nothing written, when it has one.
    pub async fn begin_second_factor(
        &self,
        staff_id: StaffId,
        secret: &str,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE staff SET totp_pending = $1 WHERE id = $2 AND totp_secret IS NULL")
                .bind(secret)
                .bind(staff_id)
                .execute(&self.writer)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The secret shown for enrolment becomes the account's second factor, with `step` (the code's
    /// time step) spent; only if the account still has none. False when nothing changed.
    pub async fn finish_second_factor(
        &self,
        staff_id: StaffId,
        step: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE staff SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $1
             WHERE id = $2 AND totp_secret IS NULL AND totp_pending IS NOT NULL",
        )
        .bind(step)
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let target = format!("staff:{staff_id}");
        audit_in(
            &mut tx,
            Some(staff_id),
            "second_factor_enrolled",
            None,
            &target,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Spends a code's time step: true only for a step later than every one used before, so the
    /// same code (or an older one) never opens a second session.
    pub async fn spend_second_factor_step(
        &self,
        staff_id: StaffId,
        step: i64,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE staff SET totp_last_step = $1
             WHERE id = $2 AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(staff_id)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// An admin's reset: the account loses its second factor and every session, so that its next
    /// log-in enrols a new one. Audited under the admin.
    pub async fn reset_second_factor(
        &self,
        staff_id: StaffId,
        by: StaffId,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE staff SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL WHERE id = $1",
        )
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        let target = format!("staff:{staff_id}");
        audit_in(&mut tx, Some(by), "second_factor_reset", None, &target, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
