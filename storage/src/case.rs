//! The case's state: the one place where `enrolments.state` changes. Every change goes through
//! [`change_state`], which applies the state machine of `domain::case` and writes the case-event
//! row in the caller's transaction.
use crate::audit::commit_audited;
use crate::matching::follow_case;
use crate::{Store, StoreError};
use domain::case::{CaseEvent, CaseState, InvalidTransition};
use domain::ids::ApplicantId;
use domain::ids::StaffId;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseEventRow {
    pub at: i64,
    pub staff_name: Option<String>,
    pub event: String,
    pub to_state: String,
    pub reason: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CaseChangeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Invalid(#[from] InvalidTransition),
}

impl From<sqlx::Error> for CaseChangeError {
    fn from(e: sqlx::Error) -> Self {
        CaseChangeError::Store(e.into())
    }
}

impl Store {
    /// Applies `event` to the case if the state machine allows it from the current state.
    pub async fn change_case(
        &self,
        applicant_id: ApplicantId,
        staff_id: Option<StaffId>,
        event: CaseEvent,
        reason: Option<&str>,
        now: i64,
    ) -> Result<CaseState, CaseChangeError> {
        let mut tx = self.writer.begin().await?;
        let (_, after) = change_state(&mut tx, applicant_id, staff_id, event, reason, now).await?;
        commit_audited(
            tx,
            staff_id,
            "case_changed",
            applicant_id,
            event_code(event),
            now,
        )
        .await?;
        Ok(after)
    }

    pub async fn case_events(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Vec<CaseEventRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT c.at, s.name AS staff_name, c.event, c.to_state, c.reason
             FROM case_events c LEFT JOIN staff s ON s.id = c.staff_id
             WHERE c.applicant_id = $1 ORDER BY c.at DESC, c.id DESC",
        )
        .bind(applicant_id)
        .fetch_all(&self.reader)
        .await?)
    }
}

pub(crate) fn event_code(event: CaseEvent) -> &'static str {
    match event {
        CaseEvent::Reached => "reached",
        CaseEvent::InterviewBooked => "interview_booked",
        CaseEvent::InterviewCancelled => "interview_cancelled",
        CaseEvent::NoShow => "no_show",
        CaseEvent::Assessed => "assessed",
        CaseEvent::PathStarted => "path_started",
        CaseEvent::PathSuspended => "path_suspended",
        CaseEvent::PathResumed => "path_resumed",
        CaseEvent::Placed => "placed",
        CaseEvent::Close(_) => "closed",
    }
}

pub(crate) async fn current_state(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    applicant_id: ApplicantId,
) -> Result<CaseState, StoreError> {
    let code: String = sqlx::query_scalar("SELECT state FROM enrolments WHERE applicant_id = $1")
        .bind(applicant_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    CaseState::from_code(&code).ok_or(StoreError::Corrupt(code))
}

/// The one writer of a case's state. Applies `event` to the state the case is in now, as the
/// state machine of `domain::case` allows (a refused event changes nothing and is an error), in the
/// caller's transaction, together with what every change brings: the first contact's time (the
/// contact clock stops when the person is first reached or booked), the closing reason and time,
/// the case-event row, and the match profile switched on or off. Returns the states before and
/// after.
pub(crate) async fn change_state(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    applicant_id: ApplicantId,
    by: Option<StaffId>,
    event: CaseEvent,
    reason: Option<&str>,
    at: i64,
) -> Result<(CaseState, CaseState), CaseChangeError> {
    let from = current_state(tx, applicant_id).await?;
    let to = from.apply(event)?;
    let first_contact = from == CaseState::Received
        && matches!(event, CaseEvent::Reached | CaseEvent::InterviewBooked);
    let closing = to == CaseState::Closed;
    let changed = sqlx::query(
        "UPDATE enrolments SET state = $1,
            contacted_at = CASE WHEN $2 = 1 THEN COALESCE(contacted_at, $4) ELSE contacted_at END,
            closed_reason = CASE WHEN $3 = 1 THEN $5 ELSE closed_reason END,
            closed_at = CASE WHEN $3 = 1 THEN $4 ELSE closed_at END
         WHERE applicant_id = $6 AND state = $7",
    )
    .bind(to.code())
    .bind(i64::from(first_contact))
    .bind(i64::from(closing))
    .bind(at)
    .bind(reason)
    .bind(applicant_id)
    .bind(from.code())
    .execute(&mut **tx)
    .await?;
    if changed.rows_affected() != 1 {
        // Read in this transaction a moment ago: only a broken row gets here.
        return Err(
            StoreError::Corrupt(format!("case {applicant_id} left {}", from.code())).into(),
        );
    }
    sqlx::query(
        "INSERT INTO case_events (applicant_id, at, staff_id, event, from_state, to_state, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(applicant_id)
    .bind(at)
    .bind(by)
    .bind(event_code(event))
    .bind(from.code())
    .bind(to.code())
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    follow_case(tx, applicant_id, to).await?;
    Ok((from, to))
}
