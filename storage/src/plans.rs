//! Personal plans: every save is a new version (the earlier ones stay, with who saved them and
//! when), and the person's agreement is kept with the version it was given to.
use crate::audit::commit_audited;
use crate::case::{change_state, current_state, CaseChangeError};
use crate::sql::is_unique_violation;
use crate::{read_stored, Store, StoreError};
use domain::case::{CaseEvent, CaseState};
use domain::ids::{ApplicantId, StaffId};
use domain::plan::Plan;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    pub version: i64,
    pub plan: Plan,
    pub saved_at: i64,
    pub saved_by: Option<String>,
    /// When the person said they agree with this version, if they did.
    pub agreed_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlanHistoryRow {
    pub version: i64,
    pub saved_at: i64,
    pub saved_by: Option<String>,
    pub agreed_at: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Someone saved another version since the one this change started from.
    #[error("the plan changed meanwhile: version {0} is the current one")]
    Changed(i64),
    /// The case is not at a stage that has a plan (not assessed yet, or over).
    #[error("the case has no plan at this stage ({0:?})")]
    NotNow(CaseState),
}

impl From<sqlx::Error> for PlanError {
    fn from(e: sqlx::Error) -> Self {
        PlanError::Store(e.into())
    }
}

impl From<CaseChangeError> for PlanError {
    fn from(e: CaseChangeError) -> Self {
        match e {
            CaseChangeError::Store(e) => PlanError::Store(e),
            CaseChangeError::Invalid(e) => PlanError::NotNow(e.from),
        }
    }
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    version: i64,
    plan_json: String,
    saved_at: i64,
    saved_by: Option<String>,
    agreed_at: Option<i64>,
}

impl Store {
    /// Saves the plan as a new version. `edited` is the version the professional started from (0
    /// for the first): if another was saved since, nothing is saved and the current one is named.
    /// The first plan of an assessed case starts its path, through the case's state machine.
    pub async fn save_plan(
        &self,
        applicant_id: ApplicantId,
        staff_id: StaffId,
        edited: i64,
        plan: &Plan,
        now: i64,
    ) -> Result<i64, PlanError> {
        let mut tx = self.writer.begin().await?;
        let state = current_state(&mut tx, applicant_id).await?;
        if !matches!(
            state,
            CaseState::Assessed | CaseState::InPath | CaseState::Suspended
        ) {
            return Err(PlanError::NotNow(state));
        }
        let current = current_version(&mut tx, applicant_id).await?;
        if current != edited {
            return Err(PlanError::Changed(current));
        }
        let version = current + 1;
        let json =
            serde_json::to_string(plan).map_err(|e| StoreError::Corrupt(format!("plan: {e}")))?;
        let inserted = sqlx::query(
            "INSERT INTO plan_versions (applicant_id, version, plan_json, saved_by, saved_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(applicant_id)
        .bind(version)
        .bind(&json)
        .bind(staff_id)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            // Two saves from the same version at once: the database keeps one (primary key).
            Err(e) if is_unique_violation(&e) => return Err(PlanError::Changed(version)),
            other => {
                other?;
            }
        }
        if state == CaseState::Assessed {
            change_state(
                &mut tx,
                applicant_id,
                Some(staff_id),
                CaseEvent::PathStarted,
                None,
                now,
            )
            .await?;
        }
        commit_audited(
            tx,
            Some(staff_id),
            "plan_saved",
            applicant_id,
            &version.to_string(),
            now,
        )
        .await?;
        Ok(version)
    }

    /// The plan as it stands: its latest version.
    pub async fn current_plan(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Option<PlanVersion>, StoreError> {
        let row: Option<VersionRow> = sqlx::query_as(
            "SELECT p.version, p.plan_json, p.saved_at, s.name AS saved_by, p.agreed_at
             FROM plan_versions p LEFT JOIN staff s ON s.id = p.saved_by
             WHERE p.applicant_id = $1 ORDER BY p.version DESC LIMIT 1",
        )
        .bind(applicant_id)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| {
            Ok(PlanVersion {
                version: r.version,
                plan: read_stored("plan", &r.plan_json)?,
                saved_at: r.saved_at,
                saved_by: r.saved_by,
                agreed_at: r.agreed_at,
            })
        })
        .transpose()
    }

    /// Every version, newest first, with who saved it and whether the person agreed.
    pub async fn plan_history(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Vec<PlanHistoryRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT p.version, p.saved_at, s.name AS saved_by, p.agreed_at
             FROM plan_versions p LEFT JOIN staff s ON s.id = p.saved_by
             WHERE p.applicant_id = $1 ORDER BY p.version DESC",
        )
        .bind(applicant_id)
        .fetch_all(&self.reader)
        .await?)
    }

    /// The person agrees with `version` of their plan. Only the current version can be agreed
    /// with (a page left open on an older one is told the plan changed); agreeing twice keeps the
    /// first time.
    pub async fn agree_to_plan(
        &self,
        applicant_id: ApplicantId,
        version: i64,
        now: i64,
    ) -> Result<(), PlanError> {
        let mut tx = self.writer.begin().await?;
        let current = current_version(&mut tx, applicant_id).await?;
        if current != version || current == 0 {
            return Err(PlanError::Changed(current));
        }
        sqlx::query(
            "UPDATE plan_versions SET agreed_at = $1
             WHERE applicant_id = $2 AND version = $3 AND agreed_at IS NULL",
        )
        .bind(now)
        .bind(applicant_id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        commit_audited(
            tx,
            None,
            "plan_agreed",
            applicant_id,
            &version.to_string(),
            now,
        )
        .await?;
        Ok(())
    }
}

/// The latest version's number, 0 when there is no plan yet.
async fn current_version(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    applicant_id: ApplicantId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) FROM plan_versions WHERE applicant_id = $1",
    )
    .bind(applicant_id)
    .fetch_one(&mut **tx)
    .await
}

/// On withdrawal: the plan's words go (goals, places, names can say who the person is); what each
/// component was and how it went stays, for the programme's reports.
pub(crate) async fn strip_plans(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    applicant_id: ApplicantId,
) -> Result<(), StoreError> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT version, plan_json FROM plan_versions WHERE applicant_id = $1")
            .bind(applicant_id)
            .fetch_all(&mut **tx)
            .await?;
    for (version, json) in rows {
        let mut plan: Plan = read_stored("plan", &json)?;
        for c in &mut plan.components {
            c.goal.clear();
            c.schedule.clear();
            c.place.clear();
            c.responsible.clear();
            c.expected.clear();
        }
        let json =
            serde_json::to_string(&plan).map_err(|e| StoreError::Corrupt(format!("plan: {e}")))?;
        sqlx::query(
            "UPDATE plan_versions SET plan_json = $1 WHERE applicant_id = $2 AND version = $3",
        )
        .bind(json)
        .bind(applicant_id)
        .bind(version)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
