//! Traineeships (tirocini) in partner companies: created from the board's "traineeship" stage,
//! followed by the programme's tutor and the company's tutor (presence, progress notes, objectives,
//! concerns for the professional who owns the case), and ended into the board.
//!
//! Every tutor submission carries an idempotency key, claimed in `tutor_submissions` inside the
//! transaction that records it: a resend (the offline queue, a lost answer, a form sent twice)
//! finds its key taken and records nothing.
use crate::audit::{audit_in, commit_audited};
use crate::company_board::{hire_in, move_in, moved_info, BoardError, Moved};
use crate::outbox::{enqueue, NewMessage};
use crate::sql::{is_unique_violation, iso};
use crate::{Store, StoreError};
use chrono::NaiveDate;
use domain::board::{Mover, Placement, Stage};
use domain::ids::{
    ApplicantId, CompanyId, ObjectiveId, PositionId, ProposalId, StaffId, TraineeshipId,
};
use domain::traineeship::{
    weekday_bits, within_limit, EndReason, Evaluation, Note, Presence, Progress, Terms,
};
use sqlx::{Any, Transaction};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TraineeshipRow {
    pub id: TraineeshipId,
    pub proposal_id: ProposalId,
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub position_id: PositionId,
    pub position_title: String,
    pub company_id: CompanyId,
    pub company_name: String,
    pub site_address: String,
    pub comune: String,
    pub company_tutor_id: StaffId,
    pub company_tutor_name: String,
    pub tutor_id: StaffId,
    pub tutor_name: String,
    pub weekly_hours: i64,
    pub weekdays: i64,
    pub day_starts: String,
    pub day_ends: String,
    pub start_on: String,
    pub end_on: String,
    pub allowance_cents: i64,
    /// active or ended
    pub state: String,
    /// hired, extended, or an end reason code.
    pub outcome: Option<String>,
    pub project_document_id: Option<i64>,
    pub created_at: i64,
    pub ended_at: Option<i64>,
}

impl TraineeshipRow {
    pub fn start(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.start_on, "%Y-%m-%d").unwrap_or_default()
    }

    pub fn end(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.end_on, "%Y-%m-%d").unwrap_or_default()
    }

    pub fn is_active(&self) -> bool {
        self.state == "active"
    }
}

const TRAINEESHIP_SELECT: &str =
    "SELECT t.id, t.proposal_id, t.applicant_id, a.reference, a.first_name, a.last_name,
    t.position_id, p.title AS position_title, p.company_id, c.name AS company_name,
    s.address AS site_address, s.comune_istat AS comune,
    t.company_tutor_id, ct.name AS company_tutor_name, t.tutor_id, tu.name AS tutor_name,
    t.weekly_hours, t.weekdays, t.day_starts, t.day_ends, t.start_on, t.end_on, t.allowance_cents,
    t.state, t.outcome, t.project_document_id, t.created_at, t.ended_at
    FROM traineeships t JOIN applicants a ON a.id = t.applicant_id
    JOIN positions p ON p.id = t.position_id JOIN companies c ON c.id = p.company_id
    JOIN company_sites s ON s.id = p.site_id
    JOIN staff ct ON ct.id = t.company_tutor_id JOIN staff tu ON tu.id = t.tutor_id";

/// A traineeship on a tutor's "today" list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TodayRow {
    pub id: TraineeshipId,
    pub first_name: String,
    pub last_name: String,
    pub company_name: String,
    pub site_address: String,
    pub weekdays: i64,
    pub day_starts: String,
    pub day_ends: String,
    pub start_on: String,
    pub end_on: String,
    /// Today's mark, if one was recorded.
    pub today_mark: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ObjectiveRow {
    pub id: ObjectiveId,
    pub position: i64,
    pub text: String,
    pub progress: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PresenceRow {
    pub on_date: String,
    pub mark: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NoteRow {
    pub id: i64,
    /// Preset codes joined by commas.
    pub presets: String,
    pub text: String,
    /// 1 for a concern (the Any driver reads booleans as integers).
    pub concern: i64,
    pub concern_seen_at: Option<i64>,
    pub written_at: i64,
    pub written_by: Option<String>,
}

impl NoteRow {
    pub fn is_concern(&self) -> bool {
        self.concern != 0
    }

    pub fn preset_codes(&self) -> impl Iterator<Item = &str> {
        self.presets.split(',').filter(|c| !c.is_empty())
    }
}

/// A company tutor's evaluation, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EvaluationRow {
    /// midterm or final
    pub kind: String,
    pub skills: String,
    pub punctuality: i64,
    pub autonomy: i64,
    pub recommendation: String,
    pub written_by: Option<String>,
    pub written_at: i64,
}

/// A concern waiting for the professional who owns the case.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConcernRow {
    pub note_id: i64,
    pub traineeship_id: TraineeshipId,
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub company_name: String,
    pub presets: String,
    pub text: String,
    pub written_at: i64,
    pub written_by: Option<String>,
}

/// What the professional is told of a concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concern<'a> {
    pub professional_name: &'a str,
    pub professional_email: &'a str,
    pub traineeship: &'a TraineeshipRow,
    pub note: &'a Note,
    pub written_by: &'a str,
}

/// Composes the messages of a concern; the store queues them with the note.
pub type ConcernTeller<'a> = &'a (dyn Fn(&Concern<'_>) -> Vec<NewMessage> + Send + Sync);

/// Whether a submission was recorded now or had been already (its key was known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    Now,
    Already,
}

/// How a traineeship ends, or goes on longer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    Hired(Placement),
    Extended(NaiveDate),
    Ended(EndReason),
}

#[derive(Debug, thiserror::Error)]
pub enum TraineeshipError {
    #[error("no such traineeship")]
    NotFound,
    #[error("the candidate is not at the traineeship stage of the board")]
    NotAtTraineeshipStage,
    #[error("this candidate already has a traineeship for this position")]
    AlreadyExists,
    #[error("the traineeship has ended")]
    NotActive,
    #[error("that day is outside the traineeship or still to come")]
    DayOutside,
    #[error("the new end must come after the current one, within the longest a traineeship lasts")]
    BadExtension,
    #[error("no such objective")]
    NoSuchObjective,
    #[error(transparent)]
    Board(BoardError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for TraineeshipError {
    fn from(e: sqlx::Error) -> Self {
        TraineeshipError::Store(e.into())
    }
}

impl From<BoardError> for TraineeshipError {
    fn from(e: BoardError) -> Self {
        match e {
            BoardError::Store(e) => TraineeshipError::Store(e),
            e => TraineeshipError::Board(e),
        }
    }
}

/// The professional who owns a case: the one of the person's latest assessment, or else the one
/// the case is assigned to.
const OWNER_OF_CASE: &str = "COALESCE(
    (SELECT professional_id FROM assessments WHERE applicant_id = t.applicant_id ORDER BY at DESC, id DESC LIMIT 1),
    (SELECT assigned_to FROM enrolments WHERE applicant_id = t.applicant_id))";

/// Claims an idempotency key; false when it was claimed before (the submission is a resend).
/// Claims a tutor submission's key for `t`: false when the key was claimed before (a resend,
/// which still answers "recorded" after the traineeship ended). A new submission is taken only
/// while the traineeship is active: once it ended (or the person withdrew) its record is closed.
async fn claim_key(
    tx: &mut Transaction<'_, Any>,
    key: &str,
    account: StaffId,
    t: &TraineeshipRow,
    kind: &str,
    now: i64,
) -> Result<bool, TraineeshipError> {
    let done = sqlx::query(
        "INSERT INTO tutor_submissions (key, account_id, traineeship_id, kind, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(account)
    .bind(t.id)
    .bind(kind)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    if !t.is_active() {
        return Err(TraineeshipError::NotActive);
    }
    Ok(true)
}

async fn traineeship_in(
    tx: &mut Transaction<'_, Any>,
    id: TraineeshipId,
) -> Result<TraineeshipRow, TraineeshipError> {
    sqlx::query_as::<_, TraineeshipRow>(&format!("{TRAINEESHIP_SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(TraineeshipError::NotFound)
}

impl Store {
    /// Creates the traineeship of a candidate at the board's "traineeship" stage, with its
    /// objectives. The form's choice of tutors is checked by the caller against who may be chosen.
    pub async fn create_traineeship(
        &self,
        proposal: ProposalId,
        terms: &Terms,
        by: StaffId,
        now: i64,
    ) -> Result<TraineeshipId, TraineeshipError> {
        let mut tx = self.writer.begin().await?;
        let row: Option<(String, ApplicantId, PositionId)> =
            sqlx::query_as("SELECT stage, applicant_id, position_id FROM proposals WHERE id = $1")
                .bind(proposal)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((stage, applicant_id, position_id)) = row else {
            return Err(TraineeshipError::NotFound);
        };
        if stage != Stage::Traineeship.code() {
            return Err(TraineeshipError::NotAtTraineeshipStage);
        }
        let id: Result<TraineeshipId, sqlx::Error> = sqlx::query_scalar(
            "INSERT INTO traineeships (proposal_id, applicant_id, position_id, company_tutor_id, tutor_id,
                weekly_hours, weekdays, day_starts, day_ends, start_on, end_on, allowance_cents, state,
                created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'active', $13, $14) RETURNING id",
        )
        .bind(proposal)
        .bind(applicant_id)
        .bind(position_id)
        .bind(terms.company_tutor)
        .bind(terms.tutor)
        .bind(i64::from(terms.weekly_hours))
        .bind(weekday_bits(&terms.weekdays))
        .bind(terms.day_starts.format("%H:%M").to_string())
        .bind(terms.day_ends.format("%H:%M").to_string())
        .bind(iso(terms.start))
        .bind(iso(terms.end))
        .bind(terms.allowance_cents)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let id = match id {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) => return Err(TraineeshipError::AlreadyExists),
            Err(e) => return Err(e.into()),
        };
        for (i, text) in terms.objectives.iter().enumerate() {
            sqlx::query(
                "INSERT INTO traineeship_objectives (traineeship_id, position, text, progress, updated_by, updated_at)
                 VALUES ($1, $2, $3, 'not_started', $4, $5)",
            )
            .bind(id)
            .bind(i as i64 + 1)
            .bind(text)
            .bind(by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        commit_audited(
            tx,
            Some(by),
            "traineeship_created",
            applicant_id,
            &format!("traineeship:{id} proposal:{proposal}"),
            now,
        )
        .await?;
        Ok(id)
    }

    pub async fn traineeships_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM traineeships")
            .fetch_one(&self.reader)
            .await?)
    }

    pub async fn traineeship(&self, id: TraineeshipId) -> Result<TraineeshipRow, TraineeshipError> {
        sqlx::query_as::<_, TraineeshipRow>(&format!("{TRAINEESHIP_SELECT} WHERE t.id = $1"))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(TraineeshipError::NotFound)
    }

    pub async fn traineeships_of_applicant(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Vec<TraineeshipRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{TRAINEESHIP_SELECT} WHERE t.applicant_id = $1 ORDER BY t.start_on DESC, t.id DESC"
        ))
        .bind(applicant_id)
        .fetch_all(&self.reader)
        .await?)
    }

    /// The traineeship made from a proposal, if there is one.
    pub async fn traineeship_of_proposal(
        &self,
        proposal: ProposalId,
    ) -> Result<Option<TraineeshipId>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM traineeships WHERE proposal_id = $1")
                .bind(proposal)
                .fetch_optional(&self.reader)
                .await?,
        )
    }

    /// The running traineeships a tutor follows on `today`: as the programme's tutor, or (with
    /// `as_company`) as the company's tutor. With today's mark, if any.
    pub async fn tutor_today(
        &self,
        tutor: StaffId,
        as_company: bool,
        today: NaiveDate,
    ) -> Result<Vec<TodayRow>, StoreError> {
        let column = if as_company {
            "company_tutor_id"
        } else {
            "tutor_id"
        };
        Ok(sqlx::query_as(&format!(
            "SELECT t.id, a.first_name, a.last_name, c.name AS company_name, s.address AS site_address,
                    t.weekdays, t.day_starts, t.day_ends, t.start_on, t.end_on,
                    (SELECT mark FROM traineeship_presence tp WHERE tp.traineeship_id = t.id AND tp.on_date = $2) AS today_mark
             FROM traineeships t JOIN applicants a ON a.id = t.applicant_id
             JOIN positions p ON p.id = t.position_id JOIN companies c ON c.id = p.company_id
             JOIN company_sites s ON s.id = p.site_id
             WHERE t.{column} = $1 AND t.state = 'active' AND t.start_on <= $2 AND t.end_on >= $2
             ORDER BY t.day_starts, a.last_name, a.first_name, t.id"
        ))
        .bind(tutor)
        .bind(iso(today))
        .fetch_all(&self.reader)
        .await?)
    }

    pub async fn objectives_of(&self, id: TraineeshipId) -> Result<Vec<ObjectiveRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, position, text, progress FROM traineeship_objectives WHERE traineeship_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?)
    }

    /// The marks from `since` on, latest first.
    pub async fn presence_of(
        &self,
        id: TraineeshipId,
        since: NaiveDate,
    ) -> Result<Vec<PresenceRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT on_date, mark FROM traineeship_presence WHERE traineeship_id = $1 AND on_date >= $2 ORDER BY on_date DESC",
        )
        .bind(id)
        .bind(iso(since))
        .fetch_all(&self.reader)
        .await?)
    }

    /// Every mark recorded, counted: present, absent, justified.
    pub async fn presence_counts(&self, id: TraineeshipId) -> Result<(i64, i64, i64), StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT mark, COUNT(*) FROM traineeship_presence WHERE traineeship_id = $1 GROUP BY mark",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?;
        let count = |m: Presence| {
            rows.iter()
                .find(|(c, _)| c == m.code())
                .map_or(0, |(_, n)| *n)
        };
        Ok((
            count(Presence::Present),
            count(Presence::Absent),
            count(Presence::Justified),
        ))
    }

    pub async fn notes_of(
        &self,
        id: TraineeshipId,
        limit: i64,
    ) -> Result<Vec<NoteRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT n.id, n.presets, n.text, n.concern, n.concern_seen_at, n.written_at, s.name AS written_by
             FROM traineeship_notes n LEFT JOIN staff s ON s.id = n.written_by
             WHERE n.traineeship_id = $1 ORDER BY n.written_at DESC, n.id DESC LIMIT $2",
        )
        .bind(id)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?)
    }

    /// Records a day's presence (a later mark for the same day replaces the earlier one). The day
    /// must fall within the traineeship and not be still to come.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_presence(
        &self,
        key: &str,
        account: StaffId,
        id: TraineeshipId,
        day: NaiveDate,
        mark: Presence,
        today: NaiveDate,
        now: i64,
    ) -> Result<Recorded, TraineeshipError> {
        let mut tx = self.writer.begin().await?;
        let t = traineeship_in(&mut tx, id).await?;
        if day < t.start() || day > t.end() || day > today {
            return Err(TraineeshipError::DayOutside);
        }
        if !claim_key(&mut tx, key, account, &t, "presence", now).await? {
            return Ok(Recorded::Already);
        }
        sqlx::query(
            "INSERT INTO traineeship_presence (traineeship_id, on_date, mark, marked_by, marked_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (traineeship_id, on_date) DO UPDATE SET mark = excluded.mark, marked_by = excluded.marked_by, marked_at = excluded.marked_at",
        )
        .bind(id)
        .bind(iso(day))
        .bind(mark.code())
        .bind(account)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Recorded::Now)
    }

    /// Records a progress note. A concern is queued, in the same transaction, to the professional
    /// who owns the case. `written_at` is when the tutor wrote it (the offline queue sends later).
    #[allow(clippy::too_many_arguments)]
    pub async fn record_note(
        &self,
        key: &str,
        account: StaffId,
        id: TraineeshipId,
        note: &Note,
        written_at: i64,
        now: i64,
        tell: ConcernTeller<'_>,
    ) -> Result<Recorded, TraineeshipError> {
        let mut tx = self.writer.begin().await?;
        let t = traineeship_in(&mut tx, id).await?;
        if !claim_key(&mut tx, key, account, &t, "note", now).await? {
            return Ok(Recorded::Already);
        }
        sqlx::query(
            "INSERT INTO traineeship_notes (traineeship_id, written_by, presets, text, concern, written_at, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(account)
        .bind(note.presets.join(","))
        .bind(&note.text)
        .bind(i64::from(note.concern))
        .bind(written_at.min(now))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if note.concern {
            let owner: Option<(String, String)> = sqlx::query_as(&format!(
                "SELECT s.name, s.email FROM traineeships t JOIN staff s ON s.id = {OWNER_OF_CASE} WHERE t.id = $1"
            ))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let writer: String = sqlx::query_scalar("SELECT name FROM staff WHERE id = $1")
                .bind(account)
                .fetch_one(&mut *tx)
                .await?;
            if let Some((name, email)) = owner {
                for m in tell(&Concern {
                    professional_name: &name,
                    professional_email: &email,
                    traineeship: &t,
                    note,
                    written_by: &writer,
                }) {
                    enqueue(&mut tx, &m, now).await?;
                }
            }
            audit_in(
                &mut tx,
                Some(account),
                "traineeship_concern",
                Some(t.applicant_id),
                &format!("traineeship:{id}"),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Recorded::Now)
    }

    /// Records how far the trainee is on one objective of their traineeship.
    pub async fn record_objective(
        &self,
        key: &str,
        account: StaffId,
        id: TraineeshipId,
        objective: ObjectiveId,
        progress: Progress,
        now: i64,
    ) -> Result<Recorded, TraineeshipError> {
        let mut tx = self.writer.begin().await?;
        let t = traineeship_in(&mut tx, id).await?;
        if !claim_key(&mut tx, key, account, &t, "objective", now).await? {
            return Ok(Recorded::Already);
        }
        let done = sqlx::query(
            "UPDATE traineeship_objectives SET progress = $1, updated_by = $2, updated_at = $3 WHERE id = $4 AND traineeship_id = $5",
        )
        .bind(progress.code())
        .bind(account)
        .bind(now)
        .bind(objective)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(TraineeshipError::NoSuchObjective);
        }
        tx.commit().await?;
        Ok(Recorded::Now)
    }

    /// Records the company tutor's evaluation; a second one of the same kind replaces the first.
    pub async fn record_evaluation(
        &self,
        id: TraineeshipId,
        evaluation: &Evaluation,
        by: StaffId,
        now: i64,
    ) -> Result<(), TraineeshipError> {
        let mut tx = self.writer.begin().await?;
        let t = traineeship_in(&mut tx, id).await?;
        sqlx::query(
            "INSERT INTO traineeship_evaluations (traineeship_id, kind, skills, punctuality, autonomy, recommendation, written_by, written_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (traineeship_id, kind) DO UPDATE SET skills = excluded.skills, punctuality = excluded.punctuality,
                autonomy = excluded.autonomy, recommendation = excluded.recommendation, written_by = excluded.written_by,
                written_at = excluded.written_at",
        )
        .bind(id)
        .bind(evaluation.kind.code())
        .bind(&evaluation.skills)
        .bind(i64::from(evaluation.punctuality))
        .bind(i64::from(evaluation.autonomy))
        .bind(evaluation.recommendation.code())
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        commit_audited(
            tx,
            Some(by),
            "traineeship_evaluated",
            t.applicant_id,
            &format!("traineeship:{id} {}", evaluation.kind.code()),
            now,
        )
        .await?;
        Ok(())
    }

    pub async fn evaluations_of(
        &self,
        id: TraineeshipId,
    ) -> Result<Vec<EvaluationRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT e.kind, e.skills, e.punctuality, e.autonomy, e.recommendation, s.name AS written_by, e.written_at
             FROM traineeship_evaluations e LEFT JOIN staff s ON s.id = e.written_by
             WHERE e.traineeship_id = $1 ORDER BY e.written_at",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?)
    }

    /// Keeps the signed training project (a PDF already checked) with the traineeship; a new
    /// upload replaces which copy is current, the earlier one stays in the documents.
    pub async fn attach_project(
        &self,
        id: TraineeshipId,
        pdf: &[u8],
        sha256: &str,
        by: StaffId,
        now: i64,
    ) -> Result<i64, TraineeshipError> {
        let mut tx = self.writer.begin().await?;
        let t = traineeship_in(&mut tx, id).await?;
        let document: i64 = sqlx::query_scalar(
            "INSERT INTO documents (company_id, kind, content, bytes, sha256, uploaded_by, uploaded_at)
             VALUES ($1, 'training_project', $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(t.company_id)
        .bind(pdf)
        .bind(pdf.len() as i64)
        .bind(sha256)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE traineeships SET project_document_id = $1 WHERE id = $2")
            .bind(document)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        commit_audited(
            tx,
            Some(by),
            "traineeship_project_uploaded",
            t.applicant_id,
            &format!("traineeship:{id} document:{document}"),
            now,
        )
        .await?;
        Ok(document)
    }

    /// The concerns waiting for `professional`: on the cases they own, not yet marked as seen.
    pub async fn open_concerns(
        &self,
        professional: StaffId,
    ) -> Result<Vec<ConcernRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT n.id AS note_id, n.traineeship_id, t.applicant_id, a.reference, a.first_name, a.last_name,
                    c.name AS company_name, n.presets, n.text, n.written_at, s.name AS written_by
             FROM traineeship_notes n JOIN traineeships t ON t.id = n.traineeship_id
             JOIN applicants a ON a.id = t.applicant_id JOIN positions p ON p.id = t.position_id
             JOIN companies c ON c.id = p.company_id LEFT JOIN staff s ON s.id = n.written_by
             WHERE n.concern = 1 AND n.concern_seen_at IS NULL AND {OWNER_OF_CASE} = $1
             ORDER BY n.written_at, n.id"
        ))
        .bind(professional)
        .fetch_all(&self.reader)
        .await?)
    }

    /// Marks a concern as seen by the professional who owns the case; false when it is not theirs
    /// or was seen already.
    pub async fn mark_concern_seen(
        &self,
        note_id: i64,
        professional: StaffId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        let applicant: Option<ApplicantId> = sqlx::query_scalar(&format!(
            "SELECT t.applicant_id FROM traineeship_notes n JOIN traineeships t ON t.id = n.traineeship_id
             WHERE n.id = $1 AND n.concern = 1 AND n.concern_seen_at IS NULL AND {OWNER_OF_CASE} = $2"
        ))
        .bind(note_id)
        .bind(professional)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(applicant) = applicant else {
            return Ok(false);
        };
        sqlx::query("UPDATE traineeship_notes SET concern_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(note_id)
            .execute(&mut *tx)
            .await?;
        commit_audited(
            tx,
            Some(professional),
            "traineeship_concern_seen",
            applicant,
            &format!("note:{note_id}"),
            now,
        )
        .await?;
        Ok(true)
    }

    /// Ends a traineeship, or extends it. A hire or an end moves the candidate on the board in
    /// the same transaction (a hire also places the case); the candidate to tell is returned.
    pub async fn end_traineeship(
        &self,
        id: TraineeshipId,
        ending: &Ending,
        by: StaffId,
        today: NaiveDate,
        now: i64,
    ) -> Result<Option<Moved>, TraineeshipError> {
        let mut tx = self.writer.begin().await?;
        // Written first: two people ending the same traineeship go one after the other.
        let locked =
            sqlx::query("UPDATE traineeships SET state = state WHERE id = $1 AND state = 'active'")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        let t = traineeship_in(&mut tx, id).await?;
        if locked.rows_affected() == 0 {
            return Err(TraineeshipError::NotActive);
        }
        let (outcome, moved) = match ending {
            Ending::Extended(new_end) => {
                if *new_end <= t.end() || !within_limit(t.start(), *new_end) {
                    return Err(TraineeshipError::BadExtension);
                }
                sqlx::query("UPDATE traineeships SET end_on = $1 WHERE id = $2")
                    .bind(iso(*new_end))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                commit_audited(
                    tx,
                    Some(by),
                    "traineeship_extended",
                    t.applicant_id,
                    &format!("traineeship:{id} to {}", iso(*new_end)),
                    now,
                )
                .await?;
                return Ok(None);
            }
            Ending::Hired(placement) => {
                hire_in(
                    &mut tx,
                    t.proposal_id,
                    Stage::Traineeship,
                    placement,
                    Mover::Secretariat,
                    by,
                    now,
                )
                .await?;
                ("hired", moved_info(&mut tx, t.proposal_id).await?)
            }
            Ending::Ended(reason) => {
                move_in(
                    &mut tx,
                    t.proposal_id,
                    Stage::Traineeship,
                    Stage::NotSelected,
                    Some(reason.board_reason()),
                    Mover::Secretariat,
                    by,
                    today,
                    now,
                )
                .await?;
                (reason.code(), moved_info(&mut tx, t.proposal_id).await?)
            }
        };
        sqlx::query(
            "UPDATE traineeships SET state = 'ended', outcome = $1, ended_at = $2 WHERE id = $3",
        )
        .bind(outcome)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        commit_audited(
            tx,
            Some(by),
            "traineeship_ended",
            t.applicant_id,
            &format!("traineeship:{id} {outcome}"),
            now,
        )
        .await?;
        Ok(Some(moved))
    }
}
