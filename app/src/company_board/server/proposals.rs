//! Proposals moving across the board, hires, and what the candidate is told; a person's part of the board on their case page.
use super::*;
use crate::domain::ids::{ApplicantId, PositionId, ProposalId, StaffId};
use crate::web::candidates::candidate_messages;

pub async fn propose_candidate(
    position: PositionId,
    applicant: ApplicantId,
    back: String,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<ProposeCandidate>()?;
    let page = if back == "case" {
        format!("/staff/case/{applicant}")
    } else {
        format!("/staff/position/{position}")
    };
    let anchor = "#board";
    let p = state.store.position(position).await?;
    let score_now = match state.store.match_profile(applicant).await? {
        Some((c, true)) => {
            let needs = p.needs();
            score(
                &c,
                &needs,
                state.territory.km_between(&c.comune, &needs.comune),
            )
            .score
        }
        _ => {
            leptos_axum::redirect(&format!("{page}?e=not_available{anchor}"));
            return Ok(());
        }
    };
    let code = match state
        .store
        .propose(position, applicant, score_now, me.id, today(), now())
        .await
    {
        Ok(_) => "ok=proposed",
        Err(BoardError::PositionClosed) => "e=position_closed",
        Err(BoardError::AlreadyProposed) => "e=already_proposed",
        Err(BoardError::NotAvailable) => "e=not_available",
        Err(BoardError::Store(e)) => return Err(e.into()),
        Err(_) => "e=not_allowed",
    };
    leptos_axum::redirect(&format!("{page}?{code}{anchor}"));
    Ok(())
}

/// Applies one move for `mover` and tells the candidate; the page code of the outcome.
pub async fn apply_move(
    state: &AppState,
    proposal: ProposalId,
    from: &str,
    to: &str,
    reason: &str,
    mover: Mover,
    by: StaffId,
) -> Result<String, AppError> {
    let (Some(from), Some(to)) = (Stage::from_code(from.trim()), Stage::from_code(to.trim()))
    else {
        return Ok("e=not_allowed".to_owned());
    };
    let reason = NotSelectedReason::from_code(reason.trim());
    if to == Stage::NotSelected && reason.is_none() {
        return Ok("e=reason".to_owned());
    }
    let reason = reason.filter(|_| to == Stage::NotSelected);
    match state
        .store
        .move_proposal(proposal, from, to, reason, mover, by, today(), now())
        .await
    {
        Ok(moved) => {
            for m in candidate_messages(state, &moved, to, reason) {
                state.store.enqueue_message(&m, now()).await?;
            }
            Ok("ok=moved".to_owned())
        }
        Err(BoardError::Store(e)) => Err(e.into()),
        Err(e) => Ok(format!("e={}", board_error_code(&e))),
    }
}

/// Who is moving proposal `p`, and the page they go back to: the secretariat, or a contact of the
/// company it was sent to (for anyone else it does not exist).
async fn mover_of(
    state: &AppState,
    account: &crate::storage::StaffAccount,
    p: &ProposalRow,
) -> Result<(Mover, String), AppError> {
    if account.has(Role::Company) {
        let contact = crate::company_board::portal::server::me_of(state, account).await?;
        crate::company_board::portal::server::own_proposal(state, contact.company_id, p.id).await?;
        Ok((Mover::Company, format!("/company?{{code}}#p{}", p.id)))
    } else {
        Ok((
            Mover::Secretariat,
            format!("/staff/position/{}?{{code}}#board", p.position_id),
        ))
    }
}

/// One move of a proposal, by the secretariat on the board or by the company in its portal.
pub async fn move_candidate(
    proposal: ProposalId,
    from: String,
    to: String,
    reason: String,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<MoveCandidate>()?;
    let p = state.store.proposal(proposal).await?;
    let (mover, back) = mover_of(&state, &me, &p).await?;
    let code = apply_move(&state, proposal, &from, &to, &reason, mover, me.id).await?;
    leptos_axum::redirect(&back.replace("{code}", &code));
    Ok(())
}

/// Records a hire for `mover`; the page code of the outcome.
pub async fn apply_hire(
    state: &AppState,
    proposal: ProposalId,
    from: &str,
    f: &BTreeMap<String, String>,
    form: &str,
    mover: Mover,
    by: StaffId,
) -> Result<String, AppError> {
    let lang = crate::ui::request_lang();
    let Some(from) = Stage::from_code(from.trim()) else {
        return Ok("e=not_allowed".to_owned());
    };
    let mut values = f.clone();
    values.insert("proposal".into(), proposal.to_string());
    let placement = match Placement::parse(
        f.get("contract").map(String::as_str).unwrap_or(""),
        f.get("start").map(String::as_str).unwrap_or(""),
        f.get("hours").map(String::as_str).unwrap_or(""),
        today(),
    ) {
        Ok(p) => p,
        Err(ps) => {
            keep_form(state, form, &values, &placement_problems(lang, &ps)).await?;
            return Ok("e=hire".to_owned());
        }
    };
    match state
        .store
        .hire(proposal, from, &placement, mover, by, now())
        .await
    {
        Ok(moved) => {
            clear_form(state, form).await?;
            for m in candidate_messages(state, &moved, Stage::Hired, None) {
                state.store.enqueue_message(&m, now()).await?;
            }
            Ok("ok=hired".to_owned())
        }
        Err(BoardError::Store(e)) => Err(e.into()),
        Err(e) => Ok(format!("e={}", board_error_code(&e))),
    }
}

/// A hire, recorded by the secretariat on the board or by the company in its portal.
pub async fn record_hire(
    proposal: ProposalId,
    from: String,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<RecordHire>()?;
    let p = state.store.proposal(proposal).await?;
    let (mover, back) = mover_of(&state, &me, &p).await?;
    let form = match mover {
        Mover::Company => "portal:hire".to_owned(),
        _ => format!("position:{}:hire", p.position_id),
    };
    let code = apply_hire(&state, proposal, &from, &f, &form, mover, me.id).await?;
    leptos_axum::redirect(&back.replace("{code}", &code));
    Ok(())
}

pub async fn load_case_board(applicant_id: ApplicantId) -> Result<CaseBoardView, AppError> {
    let state = state()?;
    let me = require::<LoadCaseBoard>()?;
    crate::web::access::require_case(&state, &me, applicant_id).await?;
    let lang = crate::ui::request_lang();
    let t = now();
    let today = today();
    let days = state.config.proposal_reminder_days;
    let share = state.store.share_level(applicant_id).await?;
    let proposals = state.store.proposals_of_applicant(applicant_id).await?;
    let proposed: Vec<PositionId> = proposals.iter().map(|p| p.position_id).collect();
    let profile = state.store.match_profile(applicant_id).await?;
    let matchable = profile.as_ref().is_some_and(|(_, active)| *active);
    let positions = match profile {
        Some((c, true)) => {
            let best = rank_positions(&state.store, &state.territory, &c, today)
                .await?
                .best;
            let mut out = Vec::new();
            for (n, m) in best {
                let p = state.store.position(n.position_id).await?;
                out.push(PositionMatchView {
                    position_id: p.id,
                    title: p.details.title.clone(),
                    company: p.company_name.clone(),
                    comune: comune_name(&state, &p.comune),
                    score: m.score,
                    why: why(lang, &m),
                    proposed: proposed.contains(&p.id),
                });
            }
            out
        }
        _ => Vec::new(),
    };
    let placements = state
        .store
        .placements_of(applicant_id)
        .await?
        .into_iter()
        .map(|p| PlacementView {
            company: p.company_name,
            position: p.position_title,
            contract: contract_label(lang, p.placement.contract).to_owned(),
            start: format_date(lang, p.placement.start),
            weekly_hours: p.placement.weekly_hours,
            follow_ups: p
                .follow_ups
                .iter()
                .map(|f| follow_up_view(lang, f, today))
                .collect(),
        })
        .collect();
    Ok(CaseBoardView {
        matchable,
        share,
        may_propose: me.has(Role::Secretariat),
        positions,
        proposals: proposals
            .iter()
            .map(|p| proposal_view(lang, p, t, days, Mover::Secretariat))
            .collect(),
        placements,
    })
}
