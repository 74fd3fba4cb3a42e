//! Candidates proposed for positions and moved across the board, hires, what companies may see
//! of each person, and the reminders to companies that leave a candidate unanswered.
use crate::audit::commit_audited;
use crate::case::change_state;
use crate::case::CaseChangeError;
use crate::outbox::enqueue;
use crate::outbox::NewMessage;
use crate::sql::is_unique_violation;
use crate::sql::iso;
use crate::{Store, StoreError};
use chrono::NaiveDate;
use domain::board::Mover;
use domain::board::NotSelectedReason;
use domain::board::Placement;
use domain::board::Stage;
use domain::case::CaseEvent;
use domain::case::InvalidTransition;
use domain::ids::StaffId;
use domain::ids::{ApplicantId, CompanyId, PositionId, ProposalId};
use domain::traineeship::EndReason;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRow {
    pub id: ProposalId,
    pub position_id: PositionId,
    pub position_title: String,
    pub company_id: CompanyId,
    pub company_name: String,
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub stage: Stage,
    pub reason: Option<NotSelectedReason>,
    pub score: i64,
    pub stage_at: i64,
    pub proposed_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveRow {
    pub from: Option<Stage>,
    pub to: Stage,
    pub reason: Option<NotSelectedReason>,
    pub by: String,
    pub at: i64,
}

/// What a move needs to tell the candidate.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Moved {
    pub applicant_id: ApplicantId,
    pub first_name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub language: String,
    pub position_title: String,
    pub company_name: String,
}

/// A candidate sent to a company and left unanswered, with whom to remind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unanswered {
    pub proposal_id: ProposalId,
    pub position_title: String,
    pub reference: String,
    pub contacts: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum BoardError {
    #[error("the position no longer takes candidates")]
    PositionClosed,
    #[error("already proposed for this position")]
    AlreadyProposed,
    #[error("not available for matching")]
    NotAvailable,
    #[error("the candidate has not agreed to share their profile")]
    NotShared,
    /// Someone else moved it meanwhile: here is where it stands now.
    #[error("the proposal moved meanwhile")]
    Changed(Stage),
    #[error("that move is not possible")]
    NotAllowed,
    #[error(transparent)]
    Case(#[from] InvalidTransition),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<CaseChangeError> for BoardError {
    fn from(e: CaseChangeError) -> Self {
        match e {
            CaseChangeError::Invalid(e) => BoardError::Case(e),
            CaseChangeError::Store(e) => BoardError::Store(e),
        }
    }
}

impl From<sqlx::Error> for BoardError {
    fn from(e: sqlx::Error) -> Self {
        BoardError::Store(e.into())
    }
}

const PROPOSAL_SELECT: &str = "SELECT pr.id, pr.position_id, p.title, p.company_id, c.name AS company_name, pr.applicant_id,
    a.reference, a.first_name, a.last_name, pr.stage, pr.reason, pr.score, pr.stage_at, pr.proposed_at
    FROM proposals pr JOIN positions p ON p.id = pr.position_id JOIN companies c ON c.id = p.company_id
    JOIN applicants a ON a.id = pr.applicant_id";

pub(crate) fn stage_of(code: String) -> Result<Stage, StoreError> {
    Stage::from_code(&code).ok_or(StoreError::Corrupt(code))
}

fn proposal_from(r: &sqlx::any::AnyRow) -> Result<ProposalRow, StoreError> {
    Ok(ProposalRow {
        id: r.try_get("id")?,
        position_id: r.try_get("position_id")?,
        position_title: r.try_get("title")?,
        company_id: r.try_get("company_id")?,
        company_name: r.try_get("company_name")?,
        applicant_id: r.try_get("applicant_id")?,
        reference: r.try_get("reference")?,
        first_name: r.try_get("first_name")?,
        last_name: r.try_get("last_name")?,
        stage: stage_of(r.try_get("stage")?)?,
        reason: r
            .try_get::<Option<String>, _>("reason")?
            .and_then(|c| NotSelectedReason::from_code(&c)),
        score: r.try_get("score")?,
        stage_at: r.try_get("stage_at")?,
        proposed_at: r.try_get("proposed_at")?,
    })
}

/// Whether the position takes candidates on `today`.
async fn position_open(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    position_id: PositionId,
    today: NaiveDate,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 AS one FROM positions WHERE id = $1 AND state = 'open' AND closes_on >= $2",
    )
    .bind(position_id)
    .bind(iso(today))
    .fetch_optional(&mut **tx)
    .await?
    .is_some())
}

const SHARE_LEVEL: &str = "SELECT share_with_companies FROM applicants WHERE id = $1";

/// A withdrawn applicant leaves the board: every open proposal is closed as declined by the
/// person (the closing of the case takes them out of matching, and withdrawal sets what companies
/// see to nothing).
pub(crate) async fn leave_board(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    applicant_id: ApplicantId,
    now: i64,
) -> Result<(), StoreError> {
    let open: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, stage FROM proposals WHERE applicant_id = $1 AND stage NOT IN ('hired', 'not_selected')",
    )
    .bind(applicant_id)
    .fetch_all(&mut **tx)
    .await?;
    for (id, stage) in open {
        let from = stage_of(stage)?;
        sqlx::query(
            "UPDATE proposals SET stage = 'not_selected', reason = $1, stage_at = $2 WHERE id = $3",
        )
        .bind(NotSelectedReason::CandidateDeclined.code())
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO proposal_moves (proposal_id, from_stage, to_stage, reason, by_account, at) VALUES ($1, $2, 'not_selected', $3, NULL, $4)",
        )
        .bind(id)
        .bind(from.code())
        .bind(NotSelectedReason::CandidateDeclined.code())
        .bind(now)
        .execute(&mut **tx)
        .await?;
        end_with_proposal(tx, ProposalId::new(id), EndReason::DroppedOut.code(), now).await?;
    }
    Ok(())
}

async fn record_move(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    proposal_id: ProposalId,
    from: Option<Stage>,
    to: Stage,
    reason: Option<NotSelectedReason>,
    by: StaffId,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO proposal_moves (proposal_id, from_stage, to_stage, reason, by_account, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(proposal_id)
    .bind(from.map(Stage::code))
    .bind(to.code())
    .bind(reason.map(NotSelectedReason::code))
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// What the applicant agreed companies may see: `none`, `profile` or `contacts`.
    pub async fn share_level(&self, applicant_id: ApplicantId) -> Result<String, StoreError> {
        sqlx::query_scalar(SHARE_LEVEL)
            .bind(applicant_id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn set_share_level(
        &self,
        applicant_id: ApplicantId,
        level: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE applicants SET share_with_companies = $1, share_chosen_at = $2 WHERE id = $3",
        )
        .bind(level)
        .bind(now)
        .bind(applicant_id)
        .execute(&mut *tx)
        .await?;
        commit_audited(tx, None, "share_chosen", applicant_id, level, now).await?;
        Ok(())
    }

    /// (id, reference, "Last First", what they share with companies) of these applicants, for a
    /// ranking's rows.
    pub async fn applicant_names(
        &self,
        ids: &[ApplicantId],
    ) -> Result<Vec<(ApplicantId, String, String, String)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id, reference, first_name, last_name, share_with_companies FROM applicants WHERE id IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(&self.reader)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    r.try_get("reference")?,
                    format!(
                        "{} {}",
                        r.try_get::<String, _>("last_name")?,
                        r.try_get::<String, _>("first_name")?
                    ),
                    r.try_get("share_with_companies")?,
                ))
            })
            .collect()
    }

    /// Proposes a candidate for a position (the company does not see it until sent).
    pub async fn propose(
        &self,
        position_id: PositionId,
        applicant_id: ApplicantId,
        score: u8,
        by: StaffId,
        today: NaiveDate,
        now: i64,
    ) -> Result<ProposalId, BoardError> {
        let mut tx = self.writer.begin().await?;
        if !position_open(&mut tx, position_id, today).await? {
            return Err(BoardError::PositionClosed);
        }
        let active = sqlx::query(
            "SELECT 1 AS one FROM match_profiles WHERE applicant_id = $1 AND active = 1",
        )
        .bind(applicant_id)
        .fetch_optional(&mut *tx)
        .await?;
        if active.is_none() {
            return Err(BoardError::NotAvailable);
        }
        let inserted = sqlx::query_scalar(
            "INSERT INTO proposals (position_id, applicant_id, stage, score, stage_at, proposed_by, proposed_at)
             VALUES ($1, $2, 'proposed', $3, $4, $5, $4) RETURNING id",
        )
        .bind(position_id)
        .bind(applicant_id)
        .bind(i64::from(score))
        .bind(now)
        .bind(by)
        .fetch_one(&mut *tx)
        .await;
        let id: ProposalId = match inserted {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) => return Err(BoardError::AlreadyProposed),
            Err(e) => return Err(e.into()),
        };
        record_move(&mut tx, id, None, Stage::Proposed, None, by, now).await?;
        commit_audited(
            tx,
            Some(by),
            "candidate_proposed",
            applicant_id,
            &format!("position:{position_id}"),
            now,
        )
        .await?;
        Ok(id)
    }

    pub async fn proposal(&self, id: ProposalId) -> Result<ProposalRow, StoreError> {
        self.proposals_where("pr.id = $1", &[id.get()])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    pub async fn proposals_for_position(
        &self,
        position_id: PositionId,
    ) -> Result<Vec<ProposalRow>, StoreError> {
        self.proposals_where(
            "pr.position_id = $1 ORDER BY pr.score DESC, pr.id",
            &[position_id.get()],
        )
        .await
    }

    pub async fn proposals_of_applicant(
        &self,
        applicant_id: ApplicantId,
    ) -> Result<Vec<ProposalRow>, StoreError> {
        self.proposals_where(
            "pr.applicant_id = $1 ORDER BY pr.proposed_at DESC, pr.id DESC",
            &[applicant_id.get()],
        )
        .await
    }

    /// Candidates sent to companies and left unanswered since `cutoff`, longest first.
    pub async fn stalled_proposals(
        &self,
        cutoff: i64,
        limit: i64,
    ) -> Result<Vec<ProposalRow>, StoreError> {
        self.proposals_where(
            "pr.stage = 'sent' AND pr.stage_at <= $1 ORDER BY pr.stage_at, pr.id LIMIT $2",
            &[cutoff, limit],
        )
        .await
    }

    /// The proposals `condition` (with its ordering) selects, its parameters bound in order.
    async fn proposals_where(
        &self,
        condition: &str,
        params: &[i64],
    ) -> Result<Vec<ProposalRow>, StoreError> {
        let sql = format!("{PROPOSAL_SELECT} WHERE {condition}");
        let mut q = sqlx::query(&sql);
        for p in params {
            q = q.bind(*p);
        }
        q.fetch_all(&self.reader)
            .await?
            .iter()
            .map(proposal_from)
            .collect()
    }

    pub async fn moves_of(&self, proposal_id: ProposalId) -> Result<Vec<MoveRow>, StoreError> {
        Ok(self
            .moves_where("m.proposal_id = $1", proposal_id.get())
            .await?
            .into_iter()
            .map(|(_, m)| m)
            .collect())
    }

    /// Every move of every proposal for a position, as (proposal id, move), oldest first.
    pub async fn moves_for_position(
        &self,
        position_id: PositionId,
    ) -> Result<Vec<(ProposalId, MoveRow)>, StoreError> {
        self.moves_where(
            "m.proposal_id IN (SELECT id FROM proposals WHERE position_id = $1)",
            position_id.get(),
        )
        .await
    }

    async fn moves_where(
        &self,
        condition: &str,
        id: i64,
    ) -> Result<Vec<(ProposalId, MoveRow)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT m.proposal_id, m.from_stage, m.to_stage, m.reason, s.name, m.at FROM proposal_moves m
             LEFT JOIN staff s ON s.id = m.by_account WHERE {condition} ORDER BY m.at, m.id"
        ))
        .bind(id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("proposal_id")?,
                    MoveRow {
                        from: r
                            .try_get::<Option<String>, _>("from_stage")?
                            .map(stage_of)
                            .transpose()?,
                        to: stage_of(r.try_get("to_stage")?)?,
                        reason: r
                            .try_get::<Option<String>, _>("reason")?
                            .and_then(|c| NotSelectedReason::from_code(&c)),
                        by: r.try_get::<Option<String>, _>("name")?.unwrap_or_default(),
                        at: r.try_get("at")?,
                    },
                ))
            })
            .collect()
    }

    /// Moves a proposal from `from` to `to` (not to hired: see [`Store::hire`]). Refused when it
    /// moved meanwhile, when the move does not exist for `by`, when sending to a closed position,
    /// and when sending someone who did not agree to share their profile.
    #[allow(clippy::too_many_arguments)]
    pub async fn move_proposal(
        &self,
        id: ProposalId,
        from: Stage,
        to: Stage,
        reason: Option<NotSelectedReason>,
        mover: Mover,
        by: StaffId,
        today: NaiveDate,
        now: i64,
    ) -> Result<Moved, BoardError> {
        let mut tx = self.writer.begin().await?;
        let applicant_id = move_in(&mut tx, id, from, to, reason, mover, by, today, now).await?;
        let moved = moved_info(&mut tx, id).await?;
        commit_audited(
            tx,
            Some(by),
            "proposal_moved",
            applicant_id,
            &format!("proposal:{id} {}", to.code()),
            now,
        )
        .await?;
        Ok(moved)
    }

    /// Records a hire: the proposal becomes hired, the placement is kept, the case becomes placed
    /// and the follow-ups are planned for the professional who assessed the person, all at once.
    pub async fn hire(
        &self,
        id: ProposalId,
        from: Stage,
        placement: &Placement,
        mover: Mover,
        by: StaffId,
        now: i64,
    ) -> Result<Moved, BoardError> {
        let mut tx = self.writer.begin().await?;
        let applicant_id = hire_in(&mut tx, id, from, placement, mover, by, now).await?;
        let moved = moved_info(&mut tx, id).await?;
        commit_audited(
            tx,
            Some(by),
            "placement_recorded",
            applicant_id,
            &format!("proposal:{id}"),
            now,
        )
        .await?;
        Ok(moved)
    }

    /// Claims the reminders due to companies for candidates left unanswered since `cutoff` (at most
    /// one per proposal every reminder period) and queues the messages `compose` writes, at once.
    pub async fn send_company_reminders(
        &self,
        cutoff: i64,
        now: i64,
        compose: impl Fn(&Unanswered) -> Vec<NewMessage>,
    ) -> Result<usize, StoreError> {
        let mut tx = self.writer.begin().await?;
        let claimed: Vec<ProposalId> = sqlx::query_scalar(
            "UPDATE proposals SET reminded_at = $1
             WHERE stage = 'sent' AND stage_at <= $2 AND (reminded_at IS NULL OR reminded_at <= $2)
             RETURNING id",
        )
        .bind(now)
        .bind(cutoff)
        .fetch_all(&mut *tx)
        .await?;
        let mut sent = 0;
        for id in claimed {
            let (position_title, reference, company_id): (String, String, CompanyId) =
                sqlx::query_as(
                    "SELECT p.title, a.reference, p.company_id FROM proposals pr JOIN positions p ON p.id = pr.position_id
                     JOIN applicants a ON a.id = pr.applicant_id WHERE pr.id = $1",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            let contacts: Vec<String> = sqlx::query_scalar(
                "SELECT s.email FROM company_contacts cc JOIN staff s ON s.id = cc.staff_id WHERE cc.company_id = $1 AND s.active = 1",
            )
            .bind(company_id)
            .fetch_all(&mut *tx)
            .await?;
            let unanswered = Unanswered {
                proposal_id: id,
                position_title,
                reference,
                contacts,
            };
            for m in compose(&unanswered) {
                enqueue(&mut tx, &m, now).await?;
                sent += 1;
            }
        }
        tx.commit().await?;
        Ok(sent)
    }
}

async fn proposal_state(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: ProposalId,
) -> Result<(Stage, ApplicantId, PositionId), BoardError> {
    let (stage, applicant_id, position_id): (String, ApplicantId, PositionId) =
        sqlx::query_as("SELECT stage, applicant_id, position_id FROM proposals WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)?;
    Ok((stage_of(stage)?, applicant_id, position_id))
}

pub(crate) async fn moved_info(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: ProposalId,
) -> Result<Moved, StoreError> {
    Ok(sqlx::query_as(
        "SELECT a.id AS applicant_id, a.first_name, a.mobile, a.email, a.language, p.title AS position_title,
            c.name AS company_name
         FROM proposals pr JOIN applicants a ON a.id = pr.applicant_id JOIN positions p ON p.id = pr.position_id
         JOIN companies c ON c.id = p.company_id WHERE pr.id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?)
}

/// [`Store::move_proposal`] inside a transaction (a traineeship's end moves its proposal too).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn move_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: ProposalId,
    from: Stage,
    to: Stage,
    reason: Option<NotSelectedReason>,
    mover: Mover,
    by: StaffId,
    today: NaiveDate,
    now: i64,
) -> Result<ApplicantId, BoardError> {
    if to == Stage::Hired {
        return Err(BoardError::NotAllowed);
    }
    let (current, applicant_id, position_id) = proposal_state(tx, id).await?;
    if current != from {
        return Err(BoardError::Changed(current));
    }
    from.check_move(to, mover, reason)
        .map_err(|_| BoardError::NotAllowed)?;
    if to == Stage::Sent {
        if !position_open(tx, position_id, today).await? {
            return Err(BoardError::PositionClosed);
        }
        let share: String = sqlx::query_scalar(SHARE_LEVEL)
            .bind(applicant_id)
            .fetch_one(&mut **tx)
            .await?;
        if share == "none" {
            return Err(BoardError::NotShared);
        }
    }
    let done = sqlx::query(
        "UPDATE proposals SET stage = $1, reason = $2, stage_at = $3 WHERE id = $4 AND stage = $5",
    )
    .bind(to.code())
    .bind(reason.map(NotSelectedReason::code))
    .bind(now)
    .bind(id)
    .bind(from.code())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(BoardError::Changed(current));
    }
    record_move(tx, id, Some(from), to, reason, by, now).await?;
    if from == Stage::Traineeship {
        end_with_proposal(tx, id, EndReason::Other.code(), now).await?;
    }
    Ok(applicant_id)
}

/// [`Store::hire`] inside a transaction (a traineeship that ends in a hire).
pub(crate) async fn hire_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: ProposalId,
    from: Stage,
    placement: &Placement,
    mover: Mover,
    by: StaffId,
    now: i64,
) -> Result<ApplicantId, BoardError> {
    let (current, applicant_id, _) = proposal_state(tx, id).await?;
    if current != from {
        return Err(BoardError::Changed(current));
    }
    from.check_move(Stage::Hired, mover, None)
        .map_err(|_| BoardError::NotAllowed)?;
    change_state(tx, applicant_id, Some(by), CaseEvent::Placed, None, now).await?;
    let done = sqlx::query("UPDATE proposals SET stage = 'hired', reason = NULL, stage_at = $1 WHERE id = $2 AND stage = $3")
        .bind(now)
        .bind(id)
        .bind(from.code())
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(BoardError::Changed(current));
    }
    record_move(tx, id, Some(from), Stage::Hired, None, by, now).await?;
    end_with_proposal(tx, id, "hired", now).await?;
    let placement_id: i64 = sqlx::query_scalar(
        "INSERT INTO placements (applicant_id, proposal_id, contract, start_on, weekly_hours, recorded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(applicant_id)
    .bind(id)
    .bind(placement.contract.code())
    .bind(iso(placement.start))
    .bind(i64::from(placement.weekly_hours))
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let professional: Option<i64> = sqlx::query_scalar(
        "SELECT professional_id FROM assessments WHERE applicant_id = $1 ORDER BY at DESC, id DESC LIMIT 1",
    )
    .bind(applicant_id)
    .fetch_optional(&mut **tx)
    .await?;
    for (months, due) in domain::board::follow_up_dates(placement.start) {
        sqlx::query("INSERT INTO follow_ups (placement_id, months, due_on, professional_id) VALUES ($1, $2, $3, $4)")
            .bind(placement_id)
            .bind(i64::from(months))
            .bind(iso(due))
            .bind(professional)
            .execute(&mut **tx)
            .await?;
    }
    Ok(applicant_id)
}

/// Ends the active traineeship of a proposal that the board moved on by itself (a hire or a
/// "not selected" recorded on the board, a withdrawal).
async fn end_with_proposal(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    proposal: ProposalId,
    outcome: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE traineeships SET state = 'ended', outcome = $1, ended_at = $2 WHERE proposal_id = $3 AND state = 'active'",
    )
    .bind(outcome)
    .bind(now)
    .bind(proposal)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
