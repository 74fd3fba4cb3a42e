//! A staff member's sessions as they see and end them, a password change, and an admin ending
//! someone's sessions or everyone's. Each change is audited in the same transaction.
use crate::audit::commit_audited;
use crate::{Store, StoreError};
use domain::ids::ApplicantId;
use domain::ids::StaffId;

/// One of a staff member's sessions, as their list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id_hash: String,
    pub device: String,
    pub complete: bool,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// Ends the account's sessions but `keep`, in `tx`; how many ended.
async fn end_others_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    staff_id: StaffId,
    keep: &str,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1 AND id_hash <> $2")
            .bind(staff_id)
            .bind(keep)
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}

/// No applicant record is touched by these changes.
const NO_APPLICANT: Option<ApplicantId> = None;

impl Store {
    /// The account's sessions, the most recently used first.
    pub async fn sessions_of(&self, staff_id: StaffId) -> Result<Vec<SessionRow>, StoreError> {
        let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT id_hash, device, complete, created_at, last_seen_at FROM staff_sessions
             WHERE staff_id = $1 ORDER BY last_seen_at DESC, created_at DESC",
        )
        .bind(staff_id)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id_hash, device, complete, created_at, last_seen_at)| SessionRow {
                    id_hash,
                    device,
                    complete: complete != 0,
                    created_at,
                    last_seen_at,
                },
            )
            .collect())
    }

    /// Ends one session of the account (never another account's); false if there was none.
    pub async fn end_own_session(
        &self,
        staff_id: StaffId,
        id_hash: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1 AND id_hash = $2")
            .bind(staff_id)
            .bind(id_hash)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let by = Some(staff_id);
        commit_audited(tx, by, "staff_session_ended", NO_APPLICANT, "", now).await?;
        Ok(true)
    }

    /// Ends the account's sessions but `keep`; how many ended.
    pub async fn end_other_sessions(
        &self,
        staff_id: StaffId,
        keep: &str,
        now: i64,
    ) -> Result<u64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let n = end_others_in(&mut tx, staff_id, keep).await?;
        let (by, detail) = (Some(staff_id), n.to_string());
        commit_audited(
            tx,
            by,
            "staff_other_sessions_ended",
            NO_APPLICANT,
            &detail,
            now,
        )
        .await?;
        Ok(n)
    }

    /// A new password for the account. With `keep`, every other session of the account ends (the
    /// old password may be known to someone holding one of them). Audited.
    pub async fn change_password(
        &self,
        staff_id: StaffId,
        hash: &str,
        keep: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2 AND active = 1")
            .bind(hash)
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let detail = match keep {
            Some(keep) => {
                let n = end_others_in(&mut tx, staff_id, keep).await?;
                format!("other sessions ended: {n}")
            }
            None => String::new(),
        };
        commit_audited(
            tx,
            Some(staff_id),
            "password_changed",
            NO_APPLICANT,
            &detail,
            now,
        )
        .await?;
        Ok(())
    }

    /// An admin ends every session of `staff_id` (a lost phone, a colleague who left in a hurry).
    pub async fn end_sessions_of(
        &self,
        staff_id: StaffId,
        by: StaffId,
        now: i64,
    ) -> Result<u64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let n = sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
            .bind(staff_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let detail = format!("staff:{staff_id} sessions: {n}");
        commit_audited(
            tx,
            Some(by),
            "staff_sessions_ended",
            NO_APPLICANT,
            &detail,
            now,
        )
        .await?;
        Ok(n)
    }

    /// An admin ends everyone's sessions (staff and company contacts) but their own `keep`, after
    /// a suspected breach: everybody logs in again.
    pub async fn end_all_sessions(
        &self,
        by: StaffId,
        keep: &str,
        now: i64,
    ) -> Result<u64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let n = sqlx::query("DELETE FROM staff_sessions WHERE id_hash <> $1")
            .bind(keep)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let detail = n.to_string();
        commit_audited(
            tx,
            Some(by),
            "all_sessions_ended",
            NO_APPLICANT,
            &detail,
            now,
        )
        .await?;
        Ok(n)
    }

    /// How many sessions each account has open, by account.
    pub async fn session_counts(&self) -> Result<Vec<(StaffId, i64)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT staff_id, COUNT(*) AS n FROM staff_sessions GROUP BY staff_id")
                .fetch_all(&self.reader)
                .await?,
        )
    }
}
