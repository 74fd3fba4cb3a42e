//! Positions, the profiles matching reads, proposals moving across the board, placements and
//! follow-ups.
use super::companies::{date_of, iso};
use super::intake::is_unique_violation;
use super::outbox::{enqueue, NewMessage};
use super::queue::{audit_in, current_state, record_event};
use super::{Store, StoreError};
use chrono::NaiveDate;
use domain::board::{Mover, NotSelectedReason, Placement, Stage};
use domain::case::{CaseEvent, CaseState, InvalidTransition};
use domain::matching::{Candidate, Hours, Needs, Readiness};
use domain::position::PositionDetails;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionRecord {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub site_id: i64,
    pub comune: String,
    pub address: String,
    pub details: PositionDetails,
    pub open: bool,
    pub created_at: i64,
}

impl PositionRecord {
    pub fn needs(&self) -> Needs {
        self.details.needs(self.id, &self.comune)
    }

    /// Open and not past its closing date.
    pub fn accepts_candidates(&self, today: NaiveDate) -> bool {
        self.open && self.details.closes_on >= today
    }
}

/// A position in a list, with its candidates counted by stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionRow {
    pub position: PositionRecord,
    pub by_stage: Vec<(Stage, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRow {
    pub id: i64,
    pub position_id: i64,
    pub position_title: String,
    pub company_id: i64,
    pub company_name: String,
    pub applicant_id: i64,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub applicant_id: i64,
    pub first_name: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub language: String,
    pub position_title: String,
    pub company_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementRow {
    pub id: i64,
    pub proposal_id: i64,
    pub position_title: String,
    pub company_name: String,
    pub placement: Placement,
    pub follow_ups: Vec<FollowUpRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub id: i64,
    pub applicant_id: i64,
    pub reference: String,
    pub name: String,
    pub months: i64,
    pub due_on: NaiveDate,
    pub done: bool,
    pub note: String,
}

/// A candidate sent to a company and left unanswered, with whom to remind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unanswered {
    pub proposal_id: i64,
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

impl From<sqlx::Error> for BoardError {
    fn from(e: sqlx::Error) -> Self {
        BoardError::Store(e.into())
    }
}

const POSITION_SELECT: &str = "SELECT p.id, p.company_id, c.name AS company_name, p.site_id, s.comune_istat, s.address,
    p.details, p.state, p.created_at
    FROM positions p JOIN companies c ON c.id = p.company_id JOIN company_sites s ON s.id = p.site_id";

fn position_from(r: &sqlx::any::AnyRow) -> Result<PositionRecord, StoreError> {
    let json: String = r.try_get("details")?;
    Ok(PositionRecord {
        id: r.try_get("id")?,
        company_id: r.try_get("company_id")?,
        company_name: r.try_get("company_name")?,
        site_id: r.try_get("site_id")?,
        comune: r.try_get("comune_istat")?,
        address: r.try_get("address")?,
        details: serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        open: r.try_get::<String, _>("state")? == "open",
        created_at: r.try_get("created_at")?,
    })
}

const PROPOSAL_SELECT: &str = "SELECT pr.id, pr.position_id, p.title, p.company_id, c.name AS company_name, pr.applicant_id,
    a.reference, a.first_name, a.last_name, pr.stage, pr.reason, pr.score, pr.stage_at, pr.proposed_at
    FROM proposals pr JOIN positions p ON p.id = pr.position_id JOIN companies c ON c.id = p.company_id
    JOIN applicants a ON a.id = pr.applicant_id";

fn stage_of(code: String) -> Result<Stage, StoreError> {
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

fn readiness_code(r: Readiness) -> &'static str {
    match r {
        Readiness::Assessed => "assessed",
        Readiness::InPath => "in_path",
    }
}

/// Active profiles by applicant, as of `generation`.
#[derive(Default)]
pub struct MatchCache {
    generation: i64,
    active: std::collections::HashMap<i64, Candidate>,
}

/// The next generation of match profiles, for the rows this transaction writes.
async fn next_generation(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<i64, StoreError> {
    Ok(sqlx::query(
        "UPDATE match_generation SET generation = generation + 1 WHERE id = 1 RETURNING generation",
    )
    .fetch_one(&mut **tx)
    .await?
    .try_get("generation")?)
}

const PROFILE_COLUMNS: &str = "applicant_id, comune_istat, skills, sectors, experience, max_km, licence, vehicle, italian, hours, shifts, readiness";

/// Keeps the profile matching reads in step with the case: only assessed people and people in a
/// path are matched. Called with every change of state.
pub(crate) async fn follow_case(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    applicant_id: i64,
    to: CaseState,
) -> Result<(), StoreError> {
    let active = matches!(to, CaseState::Assessed | CaseState::InPath);
    let readiness = if to == CaseState::InPath {
        Readiness::InPath
    } else {
        Readiness::Assessed
    };
    let has_profile = sqlx::query("SELECT 1 AS one FROM match_profiles WHERE applicant_id = $1")
        .bind(applicant_id)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if has_profile {
        let generation = next_generation(tx).await?;
        sqlx::query(
            "UPDATE match_profiles SET active = $1, readiness = $2, version = $3 WHERE applicant_id = $4",
        )
        .bind(i64::from(active))
        .bind(readiness_code(readiness))
        .bind(generation)
        .bind(applicant_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A withdrawn applicant leaves the board: out of matching, nothing shown to companies any more,
/// and every open proposal closed as declined by the person.
pub(crate) async fn withdraw_from_board(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    applicant_id: i64,
    now: i64,
) -> Result<(), StoreError> {
    follow_case(tx, applicant_id, CaseState::Closed).await?;
    let open = sqlx::query(
        "SELECT id, stage FROM proposals WHERE applicant_id = $1 AND stage NOT IN ('hired', 'not_selected')",
    )
    .bind(applicant_id)
    .fetch_all(&mut **tx)
    .await?;
    for r in open {
        let id: i64 = r.try_get("id")?;
        let from = stage_of(r.try_get("stage")?)?;
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
    }
    Ok(())
}

async fn record_move(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    proposal_id: i64,
    from: Option<Stage>,
    to: Stage,
    reason: Option<NotSelectedReason>,
    by: i64,
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
    pub async fn create_position(
        &self,
        company_id: i64,
        details: &PositionDetails,
        comune: &str,
        by: i64,
        now: i64,
    ) -> Result<i64, StoreError> {
        let needs = details.needs(0, comune);
        let json =
            serde_json::to_string(details).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query(
            "INSERT INTO positions (company_id, site_id, details, title, comune_istat, required_skills, desired_skills,
                sector, hours, shifts, italian, licence, vehicle, openings, closes_on, state, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'open', $16, $17) RETURNING id",
        )
        .bind(company_id)
        .bind(details.site_id)
        .bind(json)
        .bind(&details.title)
        .bind(comune)
        .bind(i64::from(needs.required_skills))
        .bind(i64::from(needs.desired_skills))
        .bind(i64::from(needs.sector))
        .bind(needs.hours.code())
        .bind(i64::from(needs.shifts))
        .bind(i64::from(needs.italian))
        .bind(i64::from(needs.licence))
        .bind(i64::from(needs.vehicle))
        .bind(i64::from(details.openings))
        .bind(iso(details.closes_on))
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        audit_in(
            &mut tx,
            Some(by),
            "position_created",
            None,
            &format!("company:{company_id} position:{id}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Closes a position (it stays with its candidates; no new ones can be sent).
    pub async fn close_position(&self, id: i64, by: i64, now: i64) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query("UPDATE positions SET state = 'closed', closed_at = $1 WHERE id = $2 AND state = 'open'")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 1 {
            audit_in(
                &mut tx,
                Some(by),
                "position_closed",
                None,
                &format!("position:{id}"),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn position(&self, id: i64) -> Result<PositionRecord, StoreError> {
        let row = sqlx::query(&format!("{POSITION_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        position_from(&row)
    }

    /// Positions with their candidates counted by stage: one company's, or every open one.
    pub async fn positions(&self, company_id: Option<i64>) -> Result<Vec<PositionRow>, StoreError> {
        let rows = match company_id {
            Some(c) => sqlx::query(&format!("{POSITION_SELECT} WHERE p.company_id = $1 ORDER BY p.state DESC, p.created_at DESC, p.id DESC"))
                .bind(c)
                .fetch_all(&self.reader)
                .await?,
            None => sqlx::query(&format!("{POSITION_SELECT} WHERE p.state = 'open' ORDER BY p.closes_on, p.id"))
                .fetch_all(&self.reader)
                .await?,
        };
        let positions = rows
            .iter()
            .map(position_from)
            .collect::<Result<Vec<_>, _>>()?;
        let counts = match company_id {
            Some(c) => sqlx::query(
                "SELECT pr.position_id, pr.stage, COUNT(*) AS n FROM proposals pr JOIN positions p ON p.id = pr.position_id
                 WHERE p.company_id = $1 GROUP BY pr.position_id, pr.stage",
            )
            .bind(c)
            .fetch_all(&self.reader)
            .await?,
            None => sqlx::query(
                "SELECT pr.position_id, pr.stage, COUNT(*) AS n FROM proposals pr JOIN positions p ON p.id = pr.position_id
                 WHERE p.state = 'open' GROUP BY pr.position_id, pr.stage",
            )
            .fetch_all(&self.reader)
            .await?,
        };
        let mut out: Vec<PositionRow> = positions
            .into_iter()
            .map(|position| PositionRow {
                position,
                by_stage: Vec::new(),
            })
            .collect();
        for r in counts {
            let pid: i64 = r.try_get("position_id")?;
            let stage = stage_of(r.try_get("stage")?)?;
            if let Some(p) = out.iter_mut().find(|p| p.position.id == pid) {
                p.by_stage.push((stage, r.try_get("n")?));
            }
        }
        Ok(out)
    }

    /// What matching reads of every position open on `today`.
    pub async fn open_needs(&self, today: NaiveDate) -> Result<Vec<Needs>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, comune_istat, required_skills, desired_skills, sector, hours, shifts, italian, licence, vehicle
             FROM positions WHERE state = 'open' AND closes_on >= $1",
        )
        .bind(iso(today))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Needs {
                    position_id: r.try_get("id")?,
                    comune: r.try_get("comune_istat")?,
                    required_skills: r.try_get::<i64, _>("required_skills")? as u32,
                    desired_skills: r.try_get::<i64, _>("desired_skills")? as u32,
                    sector: r.try_get::<i64, _>("sector")? as u32,
                    hours: Hours::from_code(&r.try_get::<String, _>("hours")?),
                    shifts: r.try_get::<i64, _>("shifts")? as u32,
                    italian: r.try_get::<i64, _>("italian")? as u8,
                    licence: r.try_get::<i64, _>("licence")? != 0,
                    vehicle: r.try_get::<i64, _>("vehicle")? != 0,
                })
            })
            .collect()
    }

    /// Writes (or rewrites) a person's profile for matching.
    pub async fn save_match_profile(
        &self,
        c: &Candidate,
        active: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let generation = next_generation(&mut tx).await?;
        sqlx::query(
            "INSERT INTO match_profiles (applicant_id, active, comune_istat, skills, sectors, experience, max_km, licence,
                vehicle, italian, hours, shifts, readiness, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             ON CONFLICT (applicant_id) DO UPDATE SET active = excluded.active, comune_istat = excluded.comune_istat,
                skills = excluded.skills, sectors = excluded.sectors, experience = excluded.experience,
                max_km = excluded.max_km, licence = excluded.licence, vehicle = excluded.vehicle,
                italian = excluded.italian, hours = excluded.hours, shifts = excluded.shifts,
                readiness = excluded.readiness, updated_at = excluded.updated_at, version = excluded.version",
        )
        .bind(c.applicant_id)
        .bind(i64::from(active))
        .bind(&c.comune)
        .bind(i64::from(c.skills))
        .bind(i64::from(c.sectors))
        .bind(i64::from(c.experience))
        .bind(i64::from(c.max_km))
        .bind(i64::from(c.licence))
        .bind(i64::from(c.vehicle))
        .bind(i64::from(c.italian))
        .bind(c.hours.code())
        .bind(i64::from(c.shifts))
        .bind(readiness_code(c.readiness))
        .bind(now)
        .bind(generation)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Candidates available for matching who meet the position's hard requirements of language,
    /// licence and vehicle (distance, which depends on both places, is checked by the caller). Read
    /// from memory, after fetching only the profiles written since the last call.
    pub async fn candidates_for(&self, needs: &Needs) -> Result<Vec<Candidate>, StoreError> {
        let mut cache = self.match_cache.lock().await;
        self.refresh_matching(&mut cache).await?;
        Ok(cache
            .active
            .values()
            .filter(|c| {
                c.italian >= needs.italian
                    && (c.licence || !needs.licence)
                    && (c.vehicle || !needs.vehicle)
            })
            .cloned()
            .collect())
    }

    /// Reads every profile once at start, so that the first ranking does not wait for it.
    pub async fn warm_matching(&self) -> Result<(), StoreError> {
        let mut cache = self.match_cache.lock().await;
        self.refresh_matching(&mut cache).await
    }

    async fn refresh_matching(&self, cache: &mut MatchCache) -> Result<(), StoreError> {
        // The generation first, then the rows: rows newer than it are fetched again next time.
        let generation: i64 = sqlx::query("SELECT generation FROM match_generation WHERE id = 1")
            .fetch_one(&self.reader)
            .await?
            .try_get("generation")?;
        if generation != cache.generation {
            if generation < cache.generation {
                // The database went back (restored from a backup): read everything again.
                cache.active.clear();
                cache.generation = -1;
            }
            let rows = sqlx::query(&format!(
                "SELECT {PROFILE_COLUMNS}, active FROM match_profiles WHERE version > $1"
            ))
            .bind(cache.generation)
            .fetch_all(&self.reader)
            .await?;
            for r in &rows {
                let c = candidate_from(r)?;
                if r.try_get::<i64, _>("active")? != 0 {
                    cache.active.insert(c.applicant_id, c);
                } else {
                    cache.active.remove(&c.applicant_id);
                }
            }
            cache.generation = generation;
        }
        Ok(())
    }

    pub async fn match_profile(
        &self,
        applicant_id: i64,
    ) -> Result<Option<(Candidate, bool)>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PROFILE_COLUMNS}, active FROM match_profiles WHERE applicant_id = $1"
        ))
        .bind(applicant_id)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| Ok((candidate_from(&r)?, r.try_get::<i64, _>("active")? != 0)))
            .transpose()
    }

    /// What the applicant agreed companies may see: `none`, `profile` or `contacts`.
    pub async fn share_level(&self, applicant_id: i64) -> Result<String, StoreError> {
        let row = sqlx::query("SELECT share_with_companies FROM applicants WHERE id = $1")
            .bind(applicant_id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(row.try_get("share_with_companies")?)
    }

    pub async fn set_share_level(
        &self,
        applicant_id: i64,
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
        audit_in(
            &mut tx,
            None,
            "share_chosen",
            Some(applicant_id),
            level,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// (id, reference, "Last First", what they share with companies) of these applicants, for a
    /// ranking's rows.
    pub async fn applicant_names(
        &self,
        ids: &[i64],
    ) -> Result<Vec<(i64, String, String, String)>, StoreError> {
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
        position_id: i64,
        applicant_id: i64,
        score: u8,
        by: i64,
        today: NaiveDate,
        now: i64,
    ) -> Result<i64, BoardError> {
        let mut tx = self.writer.begin().await?;
        let open = sqlx::query(
            "SELECT 1 AS one FROM positions WHERE id = $1 AND state = 'open' AND closes_on >= $2",
        )
        .bind(position_id)
        .bind(iso(today))
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_none() {
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
        let inserted = sqlx::query(
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
        let id: i64 = match inserted {
            Ok(r) => r.try_get("id")?,
            Err(e) if is_unique_violation(&e) => return Err(BoardError::AlreadyProposed),
            Err(e) => return Err(e.into()),
        };
        record_move(&mut tx, id, None, Stage::Proposed, None, by, now).await?;
        audit_in(
            &mut tx,
            Some(by),
            "candidate_proposed",
            Some(applicant_id),
            &format!("position:{position_id}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn proposal(&self, id: i64) -> Result<ProposalRow, StoreError> {
        let row = sqlx::query(&format!("{PROPOSAL_SELECT} WHERE pr.id = $1"))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        proposal_from(&row)
    }

    pub async fn proposals_for_position(
        &self,
        position_id: i64,
    ) -> Result<Vec<ProposalRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "{PROPOSAL_SELECT} WHERE pr.position_id = $1 ORDER BY pr.score DESC, pr.id"
        ))
        .bind(position_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(proposal_from).collect()
    }

    pub async fn proposals_of_applicant(
        &self,
        applicant_id: i64,
    ) -> Result<Vec<ProposalRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "{PROPOSAL_SELECT} WHERE pr.applicant_id = $1 ORDER BY pr.proposed_at DESC, pr.id DESC"
        ))
        .bind(applicant_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(proposal_from).collect()
    }

    /// Candidates sent to companies and left unanswered since `cutoff`, longest first.
    pub async fn stalled_proposals(
        &self,
        cutoff: i64,
        limit: i64,
    ) -> Result<Vec<ProposalRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "{PROPOSAL_SELECT} WHERE pr.stage = 'sent' AND pr.stage_at <= $1 ORDER BY pr.stage_at, pr.id LIMIT $2"
        ))
        .bind(cutoff)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(proposal_from).collect()
    }

    pub async fn moves_of(&self, proposal_id: i64) -> Result<Vec<MoveRow>, StoreError> {
        Ok(self
            .moves_where("m.proposal_id = $1", proposal_id)
            .await?
            .into_iter()
            .map(|(_, m)| m)
            .collect())
    }

    /// Every move of every proposal for a position, as (proposal id, move), oldest first.
    pub async fn moves_for_position(
        &self,
        position_id: i64,
    ) -> Result<Vec<(i64, MoveRow)>, StoreError> {
        self.moves_where(
            "m.proposal_id IN (SELECT id FROM proposals WHERE position_id = $1)",
            position_id,
        )
        .await
    }

    async fn moves_where(
        &self,
        condition: &str,
        id: i64,
    ) -> Result<Vec<(i64, MoveRow)>, StoreError> {
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
        id: i64,
        from: Stage,
        to: Stage,
        reason: Option<NotSelectedReason>,
        mover: Mover,
        by: i64,
        today: NaiveDate,
        now: i64,
    ) -> Result<Moved, BoardError> {
        if to == Stage::Hired {
            return Err(BoardError::NotAllowed);
        }
        let mut tx = self.writer.begin().await?;
        let (current, applicant_id, position_id) = proposal_state(&mut tx, id).await?;
        if current != from {
            return Err(BoardError::Changed(current));
        }
        from.check_move(to, mover, reason)
            .map_err(|_| BoardError::NotAllowed)?;
        if to == Stage::Sent {
            let open = sqlx::query("SELECT 1 AS one FROM positions WHERE id = $1 AND state = 'open' AND closes_on >= $2")
                .bind(position_id)
                .bind(iso(today))
                .fetch_optional(&mut *tx)
                .await?;
            if open.is_none() {
                return Err(BoardError::PositionClosed);
            }
            let share: String =
                sqlx::query("SELECT share_with_companies FROM applicants WHERE id = $1")
                    .bind(applicant_id)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("share_with_companies")?;
            if share == "none" {
                return Err(BoardError::NotShared);
            }
        }
        let done = sqlx::query("UPDATE proposals SET stage = $1, reason = $2, stage_at = $3 WHERE id = $4 AND stage = $5")
            .bind(to.code())
            .bind(reason.map(NotSelectedReason::code))
            .bind(now)
            .bind(id)
            .bind(from.code())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(BoardError::Changed(current));
        }
        record_move(&mut tx, id, Some(from), to, reason, by, now).await?;
        audit_in(
            &mut tx,
            Some(by),
            "proposal_moved",
            Some(applicant_id),
            &format!("proposal:{id} {}", to.code()),
            now,
        )
        .await?;
        let moved = moved_info(&mut tx, id).await?;
        tx.commit().await?;
        Ok(moved)
    }

    /// Records a hire: the proposal becomes hired, the placement is kept, the case becomes placed
    /// and the follow-ups are planned for the professional who assessed the person, all at once.
    #[allow(clippy::too_many_arguments)]
    pub async fn hire(
        &self,
        id: i64,
        from: Stage,
        placement: &Placement,
        mover: Mover,
        by: i64,
        now: i64,
    ) -> Result<Moved, BoardError> {
        let mut tx = self.writer.begin().await?;
        let (current, applicant_id, _) = proposal_state(&mut tx, id).await?;
        if current != from {
            return Err(BoardError::Changed(current));
        }
        from.check_move(Stage::Hired, mover, None)
            .map_err(|_| BoardError::NotAllowed)?;
        let case_from = current_state(&mut tx, applicant_id).await?;
        let case_to = case_from.apply(CaseEvent::Placed)?;
        sqlx::query("UPDATE enrolments SET state = $1 WHERE applicant_id = $2")
            .bind(case_to.code())
            .bind(applicant_id)
            .execute(&mut *tx)
            .await?;
        record_event(
            &mut tx,
            applicant_id,
            Some(by),
            "placed",
            case_from,
            case_to,
            None,
            now,
        )
        .await?;
        let done = sqlx::query("UPDATE proposals SET stage = 'hired', reason = NULL, stage_at = $1 WHERE id = $2 AND stage = $3")
            .bind(now)
            .bind(id)
            .bind(from.code())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(BoardError::Changed(current));
        }
        record_move(&mut tx, id, Some(from), Stage::Hired, None, by, now).await?;
        let placement_id: i64 = sqlx::query(
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
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let professional: Option<i64> = sqlx::query(
            "SELECT professional_id FROM assessments WHERE applicant_id = $1 ORDER BY at DESC, id DESC LIMIT 1",
        )
        .bind(applicant_id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get("professional_id"))
        .transpose()?;
        for (months, due) in domain::board::follow_up_dates(placement.start) {
            sqlx::query("INSERT INTO follow_ups (placement_id, months, due_on, professional_id) VALUES ($1, $2, $3, $4)")
                .bind(placement_id)
                .bind(i64::from(months))
                .bind(iso(due))
                .bind(professional)
                .execute(&mut *tx)
                .await?;
        }
        audit_in(
            &mut tx,
            Some(by),
            "placement_recorded",
            Some(applicant_id),
            &format!("proposal:{id}"),
            now,
        )
        .await?;
        let moved = moved_info(&mut tx, id).await?;
        tx.commit().await?;
        Ok(moved)
    }

    pub async fn placements_of(&self, applicant_id: i64) -> Result<Vec<PlacementRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT pl.id, pl.proposal_id, p.title, c.name AS company_name, pl.contract, pl.start_on, pl.weekly_hours
             FROM placements pl JOIN proposals pr ON pr.id = pl.proposal_id JOIN positions p ON p.id = pr.position_id
             JOIN companies c ON c.id = p.company_id WHERE pl.applicant_id = $1 ORDER BY pl.created_at DESC",
        )
        .bind(applicant_id)
        .fetch_all(&self.reader)
        .await?;
        let follow_ups = self.follow_ups(Some(applicant_id), None, None).await?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let contract: String = r.try_get("contract")?;
                Ok(PlacementRow {
                    id,
                    proposal_id: r.try_get("proposal_id")?,
                    position_title: r.try_get("title")?,
                    company_name: r.try_get("company_name")?,
                    placement: Placement {
                        contract: domain::board::Contract::from_code(&contract)
                            .ok_or(StoreError::Corrupt(contract))?,
                        start: date_of(r.try_get("start_on")?)
                            .ok_or(StoreError::Corrupt("start_on".into()))?,
                        weekly_hours: r.try_get::<i64, _>("weekly_hours")? as u8,
                    },
                    follow_ups: follow_ups
                        .iter()
                        .filter(|f| f.0 == id)
                        .map(|f| f.1.clone())
                        .collect(),
                })
            })
            .collect()
    }

    /// Follow-ups of one applicant, or those still to do of one professional due by `until`.
    pub async fn follow_ups(
        &self,
        applicant_id: Option<i64>,
        professional_id: Option<i64>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<(i64, FollowUpRow)>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.id, f.placement_id, pl.applicant_id, a.reference, a.first_name, a.last_name, f.months, f.due_on, f.done_at, f.note
             FROM follow_ups f JOIN placements pl ON pl.id = f.placement_id JOIN applicants a ON a.id = pl.applicant_id
             WHERE ($1 = 0 OR pl.applicant_id = $2)
               AND ($3 = 0 OR (f.professional_id = $4 AND f.done_at IS NULL AND f.due_on <= $5))
             ORDER BY f.due_on, f.id",
        )
        .bind(i64::from(applicant_id.is_some()))
        .bind(applicant_id.unwrap_or(0))
        .bind(i64::from(professional_id.is_some()))
        .bind(professional_id.unwrap_or(0))
        .bind(until.map(iso).unwrap_or_default())
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("placement_id")?,
                    FollowUpRow {
                        id: r.try_get("id")?,
                        applicant_id: r.try_get("applicant_id")?,
                        reference: r.try_get("reference")?,
                        name: format!(
                            "{} {}",
                            r.try_get::<String, _>("last_name")?,
                            r.try_get::<String, _>("first_name")?
                        ),
                        months: r.try_get("months")?,
                        due_on: date_of(r.try_get("due_on")?)
                            .ok_or(StoreError::Corrupt("due_on".into()))?,
                        done: r.try_get::<Option<i64>, _>("done_at")?.is_some(),
                        note: r.try_get("note")?,
                    },
                ))
            })
            .collect()
    }

    pub async fn complete_follow_up(
        &self,
        id: i64,
        note: &str,
        by: i64,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let placement_id: i64 = sqlx::query(
            "UPDATE follow_ups SET done_at = $1, note = $2 WHERE id = $3 AND done_at IS NULL RETURNING placement_id",
        )
        .bind(now)
        .bind(note)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?
        .try_get("placement_id")?;
        let applicant_id: i64 = sqlx::query("SELECT applicant_id FROM placements WHERE id = $1")
            .bind(placement_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("applicant_id")?;
        audit_in(
            &mut tx,
            Some(by),
            "follow_up_done",
            Some(applicant_id),
            &format!("follow_up:{id}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(applicant_id)
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
        let claimed = sqlx::query(
            "UPDATE proposals SET reminded_at = $1
             WHERE stage = 'sent' AND stage_at <= $2 AND (reminded_at IS NULL OR reminded_at <= $2)
             RETURNING id",
        )
        .bind(now)
        .bind(cutoff)
        .fetch_all(&mut *tx)
        .await?;
        let mut sent = 0;
        for r in claimed {
            let id: i64 = r.try_get("id")?;
            let info = sqlx::query(
                "SELECT p.title, a.reference, p.company_id FROM proposals pr JOIN positions p ON p.id = pr.position_id
                 JOIN applicants a ON a.id = pr.applicant_id WHERE pr.id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            let contacts = sqlx::query(
                "SELECT s.email FROM company_contacts cc JOIN staff s ON s.id = cc.staff_id WHERE cc.company_id = $1 AND s.active = 1",
            )
            .bind(info.try_get::<i64, _>("company_id")?)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|c| c.try_get("email"))
            .collect::<Result<Vec<String>, _>>()?;
            let unanswered = Unanswered {
                proposal_id: id,
                position_title: info.try_get("title")?,
                reference: info.try_get("reference")?,
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

    /// Keeps what a form posted, with its problems, until the form is posted right.
    pub async fn save_form_draft(
        &self,
        session_hash: &str,
        form: &str,
        fields_json: &str,
        problems_json: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO form_drafts (session_hash, form, fields, problems, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (session_hash, form) DO UPDATE SET fields = excluded.fields, problems = excluded.problems, created_at = excluded.created_at",
        )
        .bind(session_hash)
        .bind(form)
        .bind(fields_json)
        .bind(problems_json)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn form_draft(
        &self,
        session_hash: &str,
        form: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT fields, problems FROM form_drafts WHERE session_hash = $1 AND form = $2",
        )
        .bind(session_hash)
        .bind(form)
        .fetch_optional(&self.writer)
        .await?;
        row.map(|r| Ok((r.try_get("fields")?, r.try_get("problems")?)))
            .transpose()
    }

    pub async fn clear_form_draft(&self, session_hash: &str, form: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM form_drafts WHERE session_hash = $1 AND form = $2")
            .bind(session_hash)
            .bind(form)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Drafts older than `before` are forgotten.
    pub async fn forget_form_drafts(&self, before: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM form_drafts WHERE created_at < $1")
            .bind(before)
            .execute(&self.writer)
            .await?
            .rows_affected())
    }
}

async fn proposal_state(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
) -> Result<(Stage, i64, i64), BoardError> {
    let row = sqlx::query("SELECT stage, applicant_id, position_id FROM proposals WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((
        stage_of(row.try_get("stage")?)?,
        row.try_get("applicant_id")?,
        row.try_get("position_id")?,
    ))
}

async fn moved_info(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
) -> Result<Moved, StoreError> {
    let r = sqlx::query(
        "SELECT a.id, a.first_name, a.mobile, a.email, a.language, p.title, c.name AS company_name
         FROM proposals pr JOIN applicants a ON a.id = pr.applicant_id JOIN positions p ON p.id = pr.position_id
         JOIN companies c ON c.id = p.company_id WHERE pr.id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Moved {
        applicant_id: r.try_get("id")?,
        first_name: r.try_get("first_name")?,
        mobile: r.try_get("mobile")?,
        email: r.try_get("email")?,
        language: r.try_get("language")?,
        position_title: r.try_get("title")?,
        company_name: r.try_get("company_name")?,
    })
}

fn candidate_from(r: &sqlx::any::AnyRow) -> Result<Candidate, StoreError> {
    Ok(Candidate {
        applicant_id: r.try_get("applicant_id")?,
        comune: r.try_get("comune_istat")?,
        skills: r.try_get::<i64, _>("skills")? as u32,
        sectors: r.try_get::<i64, _>("sectors")? as u32,
        experience: r.try_get::<i64, _>("experience")? as u32,
        max_km: r.try_get::<i64, _>("max_km")? as u32,
        licence: r.try_get::<i64, _>("licence")? != 0,
        vehicle: r.try_get::<i64, _>("vehicle")? != 0,
        italian: r.try_get::<i64, _>("italian")? as u8,
        hours: Hours::from_code(&r.try_get::<String, _>("hours")?),
        shifts: r.try_get::<i64, _>("shifts")? as u32,
        readiness: if r.try_get::<String, _>("readiness")? == "in_path" {
            Readiness::InPath
        } else {
            Readiness::Assessed
        },
    })
}
