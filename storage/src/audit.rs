//! The audit log: who did what to which record, never the data itself.
use crate::{Store, StoreError};
use domain::ids::ApplicantId;
use domain::ids::StaffId;

pub(crate) async fn audit_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    staff_id: Option<StaffId>,
    action: &str,
    applicant_id: Option<ApplicantId>,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (at, staff_id, action, applicant_id, detail) VALUES ($1, $2, $3, $4, $5)")
        .bind(now)
        .bind(staff_id)
        .bind(action)
        .bind(applicant_id)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes the audit line of what `by` did (to the applicant's record, when there is one) in `tx`,
/// and commits the change and its audit together.
pub(crate) async fn commit_audited(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    by: Option<StaffId>,
    action: &str,
    applicant_id: impl Into<Option<ApplicantId>>,
    detail: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    audit_in(&mut tx, by, action, applicant_id.into(), detail, now).await?;
    tx.commit().await
}

impl Store {
    /// Writes one line of the audit log: who did what to which record, never the data.
    pub async fn audit(
        &self,
        staff_id: Option<StaffId>,
        action: &str,
        applicant_id: Option<ApplicantId>,
        detail: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        audit_in(&mut tx, staff_id, action, applicant_id, detail, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// One line of the audit log, with the staff member's name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
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
        staff_id: Option<StaffId>,
        applicant_reference: Option<&str>,
        action: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<AuditEntry>, bool), StoreError> {
        let mut out = sqlx::query_as::<_, AuditEntry>(
            "SELECT l.at, s.name AS staff_name, l.action, a.reference AS applicant_reference, l.detail FROM audit_log l
             LEFT JOIN staff s ON s.id = l.staff_id LEFT JOIN applicants a ON a.id = l.applicant_id
             WHERE ($1 = 0 OR l.staff_id = $2) AND ($3 = '' OR a.reference = $3) AND ($4 = '' OR l.action = $4)
             ORDER BY l.at DESC, l.id DESC LIMIT $5 OFFSET $6",
        )
        .bind(i64::from(staff_id.is_some()))
        .bind(staff_id.map(StaffId::get).unwrap_or(0))
        .bind(applicant_reference.unwrap_or(""))
        .bind(action.unwrap_or(""))
        .bind(limit + 1)
        .bind(offset)
        .fetch_all(&self.reader)
        .await?;
        let more = out.len() as i64 > limit;
        out.truncate(limit.max(0) as usize);
        Ok((out, more))
    }
}
