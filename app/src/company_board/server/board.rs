//! The board: proposals by stage, stalled ones, positions and counts.
use super::*;

pub(crate) fn counts_view(c: crate::storage::BoardCounts) -> CountsView {
    CountsView {
        involved: c.involved,
        in_force: c.in_force,
        expiring: c.expiring,
        proposed: c.proposed,
    }
}

pub fn proposal_view(lang: Lang, p: &ProposalRow, t: i64, days: u32, mover: Mover) -> ProposalView {
    ProposalView {
        id: p.id,
        position_id: p.position_id,
        position: p.position_title.clone(),
        company: p.company_name.clone(),
        applicant_id: p.applicant_id,
        reference: p.reference.clone(),
        name: format!("{} {}", p.last_name, p.first_name),
        stage: p.stage,
        stage_label: stage_label(lang, p.stage).to_owned(),
        reason: p.reason.map(|r| reason_label(lang, r).to_owned()),
        score: p.score,
        since: date_text(lang, p.stage_at),
        stalled: is_stalled(p.stage, p.stage_at, t, days),
        moves: p
            .stage
            .next(mover)
            .into_iter()
            .map(|s| (s.code().to_owned(), stage_label(lang, s).to_owned()))
            .collect(),
        history: Vec::new(),
    }
}

/// One line of a proposal's history.
pub(crate) fn history_line(lang: Lang, m: &crate::storage::MoveRow) -> String {
    let when = {
        let local = from_unix(m.at).with_timezone(&crate::domain::deadline::PROGRAMME_TZ);
        format!(
            "{} {}",
            format_date(lang, local.date_naive()),
            local.format("%H:%M")
        )
    };
    let to = match m.reason {
        Some(r) => format!("{} ({})", stage_label(lang, m.to), reason_label(lang, r)),
        None => stage_label(lang, m.to).to_owned(),
    };
    let by = if m.by.is_empty() { "—" } else { &m.by };
    format!("{when} · {to} · {by}")
}

pub fn position_summary(
    lang: Lang,
    state: &AppState,
    row: &crate::storage::PositionRow,
) -> PositionSummary {
    let p = &row.position;
    PositionSummary {
        id: p.id,
        title: p.details.title.clone(),
        company_id: p.company_id,
        company: p.company_name.clone(),
        comune: comune_name(state, &p.comune),
        closes_on: format_date(lang, p.details.closes_on),
        open: p.open,
        openings: p.details.openings,
        by_stage: Stage::ALL
            .into_iter()
            .filter_map(|s| {
                row.by_stage
                    .iter()
                    .find(|(x, _)| *x == s)
                    .map(|(_, n)| (stage_label(lang, s).to_owned(), *n))
            })
            .collect(),
    }
}

pub async fn load_board() -> Result<BoardView, AppError> {
    let state = state()?;
    require::<LoadBoard>()?;
    let lang = crate::ui::request_lang();
    let t = now();
    let today = today();
    let days = state.config.proposal_reminder_days;
    let stalled = state
        .store
        .stalled_proposals(t - i64::from(days) * 86_400, 50)
        .await?
        .iter()
        .map(|p| proposal_view(lang, p, t, days, Mover::Secretariat))
        .collect();
    let planned = state
        .store
        .planned_contacts(today + chrono::Duration::days(7), 50)
        .await?
        .into_iter()
        .filter_map(|l| {
            let due = l.next_due?;
            Some(PlannedView {
                company_id: l.company_id,
                company: l.company_name,
                next_step: l.next_step,
                due: format_date(lang, due),
                overdue: due < today,
            })
        })
        .collect();
    let positions = state
        .store
        .positions(None)
        .await?
        .iter()
        .map(|r| position_summary(lang, &state, r))
        .collect();
    Ok(BoardView {
        counts: counts_view(state.store.board_counts(today).await?),
        stalled,
        planned,
        positions,
        reminder_days: days,
    })
}
