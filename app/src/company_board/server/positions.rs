//! Positions: posted by the secretariat or a company, closed, shown with their candidates.
use super::*;
use crate::domain::ids::{ApplicantId, CompanyId, PositionId, StaffId};

/// Reads and stores a position posted by the secretariat or by the company; `Err` holds the
/// problems, already kept for the form.
pub async fn new_position(
    state: &AppState,
    company_id: CompanyId,
    f: &BTreeMap<String, String>,
    form: &str,
    by: StaffId,
) -> Result<Result<PositionId, ()>, AppError> {
    let lang = crate::ui::request_lang();
    let sites = state.store.sites_of(company_id).await?;
    let ids: Vec<i64> = sites.iter().map(|s| s.id).collect();
    match PositionDetails::from_form(f, &ids, today()) {
        Ok(details) => {
            let comune = sites
                .iter()
                .find(|s| s.id == details.site_id)
                .map(|s| s.comune.clone())
                .unwrap_or_default();
            let id = state
                .store
                .create_position(company_id, &details, &comune, by, now())
                .await?;
            clear_form(state, form).await?;
            Ok(Ok(id))
        }
        Err(ps) => {
            keep_form(state, form, f, &problems_of(lang, &ps)).await?;
            Ok(Err(()))
        }
    }
}

pub async fn create_position(id: CompanyId, f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CreatePosition>()?;
    state.store.company(id).await?;
    match new_position(&state, id, &f, &format!("company:{id}:position"), me.id).await? {
        Ok(pid) => leptos_axum::redirect(&format!("/staff/position/{pid}?ok=created")),
        Err(()) => leptos_axum::redirect(&company_page(id, "e=form#new-position")),
    }
    Ok(())
}

pub async fn close_position(id: PositionId) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<ClosePosition>()?;
    state.store.position(id).await?;
    state.store.close_position(id, me.id, now()).await?;
    leptos_axum::redirect(&format!("/staff/position/{id}?ok=closed"));
    Ok(())
}

pub async fn load_position(id: PositionId) -> Result<PositionView, AppError> {
    let state = state()?;
    let me = require::<LoadPosition>()?;
    let lang = crate::ui::request_lang();
    let t = now();
    let p = state.store.position(id).await?;
    let days = state.config.proposal_reminder_days;
    let proposals = state.store.proposals_for_position(id).await?;
    let proposed: Vec<ApplicantId> = proposals.iter().map(|x| x.applicant_id).collect();
    let Ranking {
        best: ranked,
        considered,
        too_far,
    } = rank_candidates(&state.store, &state.territory, &p.needs()).await?;
    let names = state
        .store
        .applicant_names(
            &ranked
                .iter()
                .map(|(c, _)| c.applicant_id)
                .collect::<Vec<_>>(),
        )
        .await?;
    let matches = ranked
        .iter()
        .map(|(c, m)| {
            let (reference, name, share) = names
                .iter()
                .find(|n| n.0 == c.applicant_id)
                .map(|n| (n.1.clone(), n.2.clone(), n.3.clone()))
                .unwrap_or_default();
            CandidateMatchView {
                applicant_id: c.applicant_id,
                reference,
                name,
                comune: comune_name(&state, &c.comune),
                score: m.score,
                why: why(lang, m),
                proposed: proposed.contains(&c.applicant_id),
                shared: share != "none",
            }
        })
        .collect();
    let moves = state.store.moves_for_position(id).await?;
    let columns = Stage::ALL
        .into_iter()
        .map(|s| {
            (
                s.code().to_owned(),
                stage_label(lang, s).to_owned(),
                proposals
                    .iter()
                    .filter(|x| x.stage == s)
                    .map(|x| ProposalView {
                        history: moves
                            .iter()
                            .filter(|(p, _)| *p == x.id)
                            .map(|(_, m)| history_line(lang, m))
                            .collect(),
                        ..proposal_view(lang, x, t, days, Mover::Secretariat)
                    })
                    .collect(),
            )
        })
        .collect();
    state
        .store
        .audit(
            Some(me.id),
            "position_opened",
            None,
            &format!("position:{id}"),
            t,
        )
        .await?;
    Ok(PositionView {
        id,
        title: p.details.title.clone(),
        company_id: p.company_id,
        company: p.company_name.clone(),
        site: format!("{}, {}", p.address, comune_name(&state, &p.comune)),
        open: p.open,
        accepts: p.accepts_candidates(today()),
        facts: position_facts(lang, &p),
        description: p.details.description.clone(),
        columns,
        matches,
        excluded: if too_far > 0 {
            vec![(
                exclusion_label(lang, &Exclusion::TooFar { km: 0.0, max_km: 0 }).to_owned(),
                too_far,
            )]
        } else {
            Vec::new()
        },
        considered,
        reasons: reasons(lang),
        contracts: contracts(lang),
        hire_form: form_state(&state, &format!("position:{id}:hire")).await,
    })
}

/// The position's terms as (label, value) lines, for staff and companies alike.
pub fn position_facts(lang: Lang, p: &PositionRecord) -> Vec<(String, String)> {
    let d = &p.details;
    let list = |catalogue: &'static [Opt], values: &[String]| {
        let text = catalogue
            .iter()
            .filter(|o| values.iter().any(|v| v == o.value))
            .map(|o| lang.t(o.label))
            .collect::<Vec<_>>()
            .join(", ");
        if text.is_empty() {
            "—".to_owned()
        } else {
            text
        }
    };
    let yes_no = |b: bool| {
        lang.t(if b { Key::opt_yes } else { Key::opt_no })
            .to_owned()
    };
    vec![
        (
            lang.t(Key::position_occupation).to_owned(),
            if d.occupation.is_empty() {
                "—".to_owned()
            } else {
                d.occupation.clone()
            },
        ),
        (
            lang.t(Key::position_sector).to_owned(),
            list(SECTORS, std::slice::from_ref(&d.sector)),
        ),
        (
            lang.t(Key::position_required).to_owned(),
            list(SKILLS, &d.required_skills),
        ),
        (
            lang.t(Key::position_desired).to_owned(),
            list(SKILLS, &d.desired_skills),
        ),
        (
            lang.t(Key::position_hours).to_owned(),
            d.weekly_hours.to_string(),
        ),
        (
            lang.t(Key::position_shifts).to_owned(),
            list(SHIFTS, &d.shifts),
        ),
        (
            lang.t(Key::position_contract).to_owned(),
            contract_label(lang, d.contract).to_owned(),
        ),
        (
            lang.t(Key::position_italian).to_owned(),
            list(
                crate::domain::position::REQUIRED_ITALIAN,
                std::slice::from_ref(&d.italian),
            ),
        ),
        (lang.t(Key::position_licence).to_owned(), yes_no(d.licence)),
        (lang.t(Key::position_vehicle).to_owned(), yes_no(d.vehicle)),
        (
            lang.t(Key::position_accessible).to_owned(),
            yes_no(d.accessible),
        ),
        (
            lang.t(Key::position_openings).to_owned(),
            d.openings.to_string(),
        ),
        (
            lang.t(Key::position_closes).to_owned(),
            format_date(lang, d.closes_on),
        ),
    ]
}
