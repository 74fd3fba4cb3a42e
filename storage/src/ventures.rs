//! Self-employment paths and social-innovation projects ("ventures"): each step writes what it
//! recorded and moves the stage, after the project's row is taken (`changed_at`), so that two
//! steps at once go one after the other and the second sees the first.
use crate::audit::{audit_in, commit_audited};
use crate::case::current_state;
use crate::{Store, StoreError};
use domain::ids::{ApplicantId, StaffId, VentureId};
use domain::self_employment::{NewProject, ProjectProblem, Stage, Step, Totals};
use sqlx::{Any, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Venture {
    pub id: VentureId,
    pub title: String,
    pub description: String,
    /// 1 for a social-innovation project (an integer on every backend).
    pub social_innovation: i64,
    pub stage: String,
    pub furthest: String,
    pub analysis: Option<String>,
    pub score: Option<i64>,
    pub mentor: Option<String>,
    pub business_plan: Option<String>,
    pub amount_cents: Option<i64>,
    pub funding_source: Option<String>,
    pub started_on: Option<String>,
    pub legal_form: Option<String>,
    pub vat_number: Option<String>,
    pub drop_reason: Option<String>,
    pub drop_note: Option<String>,
    pub created_at: i64,
    pub changed_at: i64,
    /// The lead applicant's name, and how many are on the team.
    pub lead_name: String,
    pub members: i64,
}

impl Venture {
    pub fn stage(&self) -> Stage {
        Stage::from_code(&self.stage).unwrap_or(Stage::Idea)
    }

    pub fn is_social_innovation(&self) -> bool {
        self.social_innovation != 0
    }

    pub fn furthest(&self) -> Stage {
        Stage::from_code(&self.furthest).unwrap_or(Stage::Idea)
    }

    pub fn started_on(&self) -> Option<chrono::NaiveDate> {
        self.started_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VentureMember {
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    /// 1 for the lead.
    pub lead: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VentureStep {
    pub from_stage: String,
    pub to_stage: String,
    pub staff_name: Option<String>,
    pub at: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum VentureError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no such project or person")]
    NotFound,
    /// The person's case is closed or placed: they join no new project.
    #[error("the case is not open")]
    CaseClosed,
    #[error("already on the team")]
    AlreadyMember,
    /// The lead stays on the team.
    #[error("the lead cannot leave the team")]
    Lead,
    #[error("{0:?}")]
    Problem(ProjectProblem),
}

impl From<sqlx::Error> for VentureError {
    fn from(e: sqlx::Error) -> Self {
        VentureError::Store(e.into())
    }
}

const VENTURE: &str =
    "SELECT v.id, v.title, v.description, v.social_innovation, v.stage, v.furthest,
        v.analysis, v.score, v.mentor, v.business_plan, v.amount_cents, v.funding_source,
        v.started_on, v.legal_form, v.vat_number, v.drop_reason, v.drop_note, v.created_at,
        v.changed_at,
        COALESCE((SELECT a.first_name || ' ' || a.last_name FROM venture_members m
                  JOIN applicants a ON a.id = m.applicant_id
                  WHERE m.venture_id = v.id AND m.lead = 1), '') AS lead_name,
        (SELECT COUNT(*) FROM venture_members m WHERE m.venture_id = v.id) AS members
    FROM ventures v";

async fn open_case(
    tx: &mut Transaction<'_, Any>,
    applicant_id: ApplicantId,
) -> Result<(), VentureError> {
    match current_state(tx, applicant_id).await {
        Ok(s) if s.is_open() => Ok(()),
        Ok(_) => Err(VentureError::CaseClosed),
        Err(StoreError::NotFound) => Err(VentureError::NotFound),
        Err(e) => Err(e.into()),
    }
}

impl Store {
    /// Writes down a new project with its lead applicant.
    pub async fn create_venture(
        &self,
        p: &NewProject,
        lead: ApplicantId,
        by: StaffId,
        now: i64,
    ) -> Result<VentureId, VentureError> {
        let mut tx = self.writer.begin().await?;
        open_case(&mut tx, lead).await?;
        let id: VentureId = sqlx::query_scalar(
            "INSERT INTO ventures (title, description, social_innovation, stage, furthest,
                created_by, created_at, changed_at)
             VALUES ($1, $2, $3, 'idea', 'idea', $4, $5, $5) RETURNING id",
        )
        .bind(&p.title)
        .bind(&p.description)
        .bind(i64::from(p.social_innovation))
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO venture_members (venture_id, applicant_id, lead, added_by, added_at)
             VALUES ($1, $2, 1, $3, $4)",
        )
        .bind(id)
        .bind(lead)
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, Some(by), "venture_created", lead, &id.to_string(), now).await?;
        Ok(id)
    }

    pub async fn venture(&self, id: VentureId) -> Result<Option<Venture>, StoreError> {
        Ok(sqlx::query_as(&format!("{VENTURE} WHERE v.id = $1"))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?)
    }

    /// Every project, newest change first.
    pub async fn ventures(&self) -> Result<Vec<Venture>, StoreError> {
        Ok(
            sqlx::query_as(&format!("{VENTURE} ORDER BY v.changed_at DESC, v.id DESC"))
                .fetch_all(&self.reader)
                .await?,
        )
    }

    /// The projects a person is on.
    pub async fn ventures_of(&self, applicant_id: ApplicantId) -> Result<Vec<Venture>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{VENTURE} WHERE v.id IN (SELECT venture_id FROM venture_members WHERE applicant_id = $1)
             ORDER BY v.created_at, v.id"
        ))
        .bind(applicant_id)
        .fetch_all(&self.reader)
        .await?)
    }

    /// The programme's figures over every project.
    pub async fn venture_totals(&self) -> Result<Totals, StoreError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT furthest, social_innovation FROM ventures")
                .fetch_all(&self.reader)
                .await?;
        let projects: Vec<(Stage, bool)> = rows
            .into_iter()
            .filter_map(|(s, social)| Stage::from_code(&s).map(|s| (s, social != 0)))
            .collect();
        Ok(Totals::of(&projects))
    }

    pub async fn venture_members(&self, id: VentureId) -> Result<Vec<VentureMember>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT a.id AS applicant_id, a.reference, a.first_name, a.last_name, m.lead
             FROM venture_members m JOIN applicants a ON a.id = m.applicant_id
             WHERE m.venture_id = $1 ORDER BY m.lead DESC, m.added_at, a.id",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?)
    }

    pub async fn venture_steps(&self, id: VentureId) -> Result<Vec<VentureStep>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT s.from_stage, s.to_stage, st.name AS staff_name, s.at FROM venture_steps s
             LEFT JOIN staff st ON st.id = s.staff_id
             WHERE s.venture_id = $1 ORDER BY s.at, s.id",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?)
    }

    /// The person with this reference (`BO-123456`), as staff type it to add them to a team.
    pub async fn applicant_with_reference(
        &self,
        reference: &str,
    ) -> Result<Option<ApplicantId>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM applicants WHERE reference = $1 AND withdrawn_at IS NULL",
        )
        .bind(reference.trim().to_uppercase())
        .fetch_optional(&self.reader)
        .await?)
    }

    /// Whether `staff_id` works on the case of someone on the project's team.
    pub async fn works_on_venture(
        &self,
        staff_id: StaffId,
        id: VentureId,
    ) -> Result<bool, StoreError> {
        for m in self.venture_members(id).await? {
            if self.works_on_case(staff_id, m.applicant_id).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub async fn add_venture_member(
        &self,
        id: VentureId,
        applicant_id: ApplicantId,
        by: StaffId,
        now: i64,
    ) -> Result<(), VentureError> {
        let mut tx = self.writer.begin().await?;
        let locked = sqlx::query("UPDATE ventures SET changed_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if locked.rows_affected() == 0 {
            return Err(VentureError::NotFound);
        }
        open_case(&mut tx, applicant_id).await?;
        let there: Option<i64> = sqlx::query_scalar(
            "SELECT lead FROM venture_members WHERE venture_id = $1 AND applicant_id = $2",
        )
        .bind(id)
        .bind(applicant_id)
        .fetch_optional(&mut *tx)
        .await?;
        if there.is_some() {
            return Err(VentureError::AlreadyMember);
        }
        sqlx::query(
            "INSERT INTO venture_members (venture_id, applicant_id, lead, added_by, added_at)
             VALUES ($1, $2, 0, $3, $4)",
        )
        .bind(id)
        .bind(applicant_id)
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(
            tx,
            Some(by),
            "venture_member_added",
            applicant_id,
            &id.to_string(),
            now,
        )
        .await?;
        Ok(())
    }

    pub async fn remove_venture_member(
        &self,
        id: VentureId,
        applicant_id: ApplicantId,
        by: StaffId,
        now: i64,
    ) -> Result<(), VentureError> {
        let mut tx = self.writer.begin().await?;
        let lead: Option<i64> = sqlx::query_scalar(
            "SELECT lead FROM venture_members WHERE venture_id = $1 AND applicant_id = $2",
        )
        .bind(id)
        .bind(applicant_id)
        .fetch_optional(&mut *tx)
        .await?;
        match lead {
            None => return Err(VentureError::NotFound),
            Some(1) => return Err(VentureError::Lead),
            Some(_) => {}
        }
        sqlx::query("DELETE FROM venture_members WHERE venture_id = $1 AND applicant_id = $2")
            .bind(id)
            .bind(applicant_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE ventures SET changed_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        commit_audited(
            tx,
            Some(by),
            "venture_member_removed",
            applicant_id,
            &id.to_string(),
            now,
        )
        .await?;
        Ok(())
    }

    /// Takes one step: checks it against where the project stands now, records what the step
    /// brings, and moves the stage. Returns the new stage.
    pub async fn advance_venture(
        &self,
        id: VentureId,
        step: &Step,
        by: StaffId,
        now: i64,
        today: chrono::NaiveDate,
    ) -> Result<Stage, VentureError> {
        let mut tx = self.writer.begin().await?;
        let locked = sqlx::query("UPDATE ventures SET changed_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if locked.rows_affected() == 0 {
            return Err(VentureError::NotFound);
        }
        let (stage, started_on): (String, Option<String>) =
            sqlx::query_as("SELECT stage, started_on FROM ventures WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let stage = Stage::from_code(&stage).ok_or(StoreError::Corrupt(stage))?;
        let started = started_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        step.check(stage, started, today)
            .map_err(VentureError::Problem)?;
        let to = step.to();
        match step {
            Step::Analyse(a) => {
                let json = serde_json::to_string(a)
                    .map_err(|e| StoreError::Corrupt(format!("analysis: {e}")))?;
                sqlx::query("UPDATE ventures SET analysis = $1, score = $2 WHERE id = $3")
                    .bind(json)
                    .bind(i64::from(a.score))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            Step::Mentor { mentor } => {
                sqlx::query("UPDATE ventures SET mentor = $1 WHERE id = $2")
                    .bind(mentor)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            Step::BusinessPlan { summary } => {
                sqlx::query("UPDATE ventures SET business_plan = $1 WHERE id = $2")
                    .bind(summary)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            Step::Finance {
                amount_cents,
                source,
            } => {
                sqlx::query(
                    "UPDATE ventures SET amount_cents = $1, funding_source = $2 WHERE id = $3",
                )
                .bind(*amount_cents)
                .bind(source.code())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Step::Start {
                on,
                legal_form,
                vat,
            } => {
                sqlx::query(
                    "UPDATE ventures SET started_on = $1, legal_form = $2, vat_number = $3 WHERE id = $4",
                )
                .bind(on.format("%Y-%m-%d").to_string())
                .bind(legal_form)
                .bind(vat)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Step::ConfirmActive => {}
            Step::Drop { reason, note } => {
                sqlx::query("UPDATE ventures SET drop_reason = $1, drop_note = $2 WHERE id = $3")
                    .bind(reason.code())
                    .bind(note)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        if to == Stage::Dropped {
            sqlx::query("UPDATE ventures SET stage = $1 WHERE id = $2")
                .bind(to.code())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("UPDATE ventures SET stage = $1, furthest = $1 WHERE id = $2")
                .bind(to.code())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO venture_steps (venture_id, from_stage, to_stage, staff_id, at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(stage.code())
        .bind(to.code())
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit_in(
            &mut tx,
            Some(by),
            "venture_step",
            None,
            &format!("{id}: {} → {}", stage.code(), to.code()),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(to)
    }
}
