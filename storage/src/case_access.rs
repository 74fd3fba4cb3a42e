//! Which cases a professional works on: object-level access, beside the role-level access table.
use super::{Store, StoreError};
use domain::ids::{ApplicantId, StaffId};

impl Store {
    /// Whether the case is assigned to `staff_id` or the person has, or had, an interview with
    /// them (a cancelled one does not count).
    pub async fn works_on_case(
        &self,
        staff_id: StaffId,
        applicant_id: ApplicantId,
    ) -> Result<bool, StoreError> {
        let found: Option<ApplicantId> = sqlx::query_scalar(
            "SELECT applicant_id FROM enrolments WHERE applicant_id = $1 AND assigned_to = $2
             UNION ALL
             SELECT applicant_id FROM interviews WHERE applicant_id = $1 AND professional_id = $2 AND state <> 'cancelled'
             LIMIT 1",
        )
        .bind(applicant_id)
        .bind(staff_id)
        .fetch_optional(&self.reader)
        .await?;
        Ok(found.is_some())
    }

    /// The professional of the person's latest interview that was neither cancelled nor moved: the one who
    /// records a no-show, the assessment and the start of the path.
    pub async fn interviewer_of(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Option<StaffId>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT professional_id FROM interviews
             WHERE applicant_id = $1 AND state NOT IN ('cancelled', 'rescheduled')
             ORDER BY starts_at DESC, id DESC LIMIT 1",
        )
        .bind(applicant_id)
        .fetch_optional(&self.reader)
        .await?)
    }

    /// The professional who owns a follow-up (`None` for an unknown id).
    pub async fn follow_up_owner(&self, follow_up_id: i64) -> Result<Option<StaffId>, StoreError> {
        Ok(sqlx::query_scalar::<_, Option<StaffId>>(
            "SELECT professional_id FROM follow_ups WHERE id = $1",
        )
        .bind(follow_up_id)
        .fetch_optional(&self.reader)
        .await?
        .flatten())
    }
}
