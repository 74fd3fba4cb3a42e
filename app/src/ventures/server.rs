//! The server half of self-employment and social-innovation projects.
use super::*;
use crate::domain::self_employment::{
    legal_form_label, Analysis, DropReason, FundingSource, NewProject, Stage, Step, CHECKLIST,
    LEGAL_FORMS, MAX_SCORE,
};
use crate::domain::staff::Role;
use crate::domain::traineeship::euros_text;
use crate::i18n::{format_date, Key, Lang};
use crate::storage::{read_stored, StaffAccount, Venture, VentureError};
use crate::ui::forms::{clear_form, form_state, keep_form};
use crate::web::access::{require, require_case};
use crate::web::time::{date_text, now, today};
use crate::web::{state, AppState};

fn new_form(applicant_id: ApplicantId) -> String {
    format!("venture:new:{applicant_id}")
}

fn step_form(id: VentureId) -> String {
    format!("venture:step:{id}")
}

fn venture_page(id: VentureId, query: &str) -> String {
    format!("/staff/projects/{id}?{query}")
}

fn stage_label(lang: Lang, code: &str) -> String {
    Stage::from_code(code)
        .map(|s| lang.t(s.label()).to_owned())
        .unwrap_or_default()
}

fn card(lang: Lang, v: &Venture) -> VentureCard {
    VentureCard {
        id: v.id,
        title: v.title.clone(),
        lead: v.lead_name.clone(),
        stage: stage_label(lang, &v.stage),
        social_innovation: v.is_social_innovation(),
        team: lang.plural(Key::venture_team_size, v.members, &[]),
    }
}

/// A professional sees the projects of the people they work with; the secretariat all.
async fn may_see(state: &AppState, me: &StaffAccount, id: VentureId) -> Result<bool, AppError> {
    Ok(me.has(Role::Secretariat) || state.store.works_on_venture(me.id, id).await?)
}

pub async fn load_ventures() -> Result<VentureBoard, AppError> {
    let state = state()?;
    let me = require::<LoadVentures>()?;
    let lang = crate::ui::request_lang();
    let mut columns: Vec<StageColumn> = Stage::PATH
        .into_iter()
        .chain([Stage::Dropped])
        .map(|s| StageColumn {
            code: s.code().to_owned(),
            label: lang.t(s.label()).to_owned(),
            count: 0,
            cards: Vec::new(),
        })
        .collect();
    for v in state.store.ventures().await? {
        let Some(column) = columns.iter_mut().find(|c| c.code == v.stage) else {
            continue;
        };
        // Everyone sees the counts; the cards are for the people the caller works with.
        column.count += 1;
        if may_see(&state, &me, v.id).await? {
            column.cards.push(card(lang, &v));
        }
    }
    let t = state.store.venture_totals().await?;
    let totals = [
        (
            Key::venture_total_self_employment,
            t.self_employment_analysed,
        ),
        (Key::venture_total_social, t.social_innovation_analysed),
        (Key::venture_total_financed, t.financed),
        (Key::venture_total_started, t.started),
    ]
    .into_iter()
    .map(|(k, n)| (lang.t(k).to_owned(), lang.integer(n)))
    .collect();
    Ok(VentureBoard { columns, totals })
}

fn yes_no(lang: Lang, v: bool) -> &'static str {
    lang.t(if v {
        Key::venture_sound
    } else {
        Key::venture_not_sound
    })
}

fn facts(lang: Lang, v: &Venture) -> Result<Facts, AppError> {
    let mut out = Vec::new();
    if let Some(json) = &v.analysis {
        let a: Analysis = read_stored("analysis", json)?;
        let checks = CHECKLIST
            .iter()
            .zip([a.market, a.skills, a.costs, a.permits])
            .map(|((_, k), ok)| format!("{}: {}", lang.t(*k), yes_no(lang, ok)))
            .collect::<Vec<_>>()
            .join(" · ");
        out.push((lang.t(Key::venture_analysis).to_owned(), checks));
        out.push((
            lang.t(Key::venture_score).to_owned(),
            format!("{}/{MAX_SCORE}", a.score),
        ));
        if !a.notes.is_empty() {
            out.push((lang.t(Key::venture_notes).to_owned(), a.notes));
        }
    }
    if let Some(m) = &v.mentor {
        out.push((lang.t(Key::venture_mentor).to_owned(), m.clone()));
    }
    if let Some(p) = &v.business_plan {
        out.push((lang.t(Key::venture_business_plan).to_owned(), p.clone()));
    }
    if let (Some(c), Some(s)) = (v.amount_cents, &v.funding_source) {
        let source = FundingSource::from_code(s)
            .map(|s| lang.t(s.label()))
            .unwrap_or_default();
        out.push((
            lang.t(Key::venture_financing).to_owned(),
            format!("{} · {source}", euros_text(lang, c)),
        ));
    }
    if let Some(on) = v.started_on() {
        let form = v
            .legal_form
            .as_deref()
            .and_then(legal_form_label)
            .map(|k| lang.t(k))
            .unwrap_or_default();
        out.push((
            lang.t(Key::venture_business).to_owned(),
            format!(
                "{} · {form} · {} {}",
                format_date(lang, on),
                lang.t(Key::venture_vat),
                v.vat_number.clone().unwrap_or_default()
            ),
        ));
    }
    if let Some(r) = &v.drop_reason {
        let reason = DropReason::from_code(r)
            .map(|r| lang.t(r.label()))
            .unwrap_or_default();
        let note = v.drop_note.clone().unwrap_or_default();
        out.push((
            lang.t(Key::venture_dropped_because).to_owned(),
            if note.is_empty() {
                reason.to_owned()
            } else {
                format!("{reason} — {note}")
            },
        ));
    }
    Ok(out)
}

pub async fn load_venture(venture_id: VentureId) -> Result<VentureView, AppError> {
    let state = state()?;
    let me = require::<LoadVenture>()?;
    if !may_see(&state, &me, venture_id).await? {
        return Err(AppError::NotFound);
    }
    let lang = crate::ui::request_lang();
    let Some(v) = state.store.venture(venture_id).await? else {
        return Err(AppError::NotFound);
    };
    let stage = v.stage();
    let furthest = v.furthest();
    let path = Stage::PATH
        .into_iter()
        .map(|s| {
            (
                lang.t(s.label()).to_owned(),
                furthest.reached(s),
                s == stage,
            )
        })
        .collect();
    let mut members = Vec::new();
    for m in state.store.venture_members(venture_id).await? {
        members.push(MemberRow {
            applicant_id: m.applicant_id,
            name: format!("{} {}", m.first_name, m.last_name),
            reference: m.reference,
            lead: m.lead != 0,
            on_case: me.has(Role::Secretariat)
                || state.store.works_on_case(me.id, m.applicant_id).await?,
        });
    }
    let next = stage.next();
    let active_from = (next == Some(Stage::Active12Months))
        .then(|| v.started_on())
        .flatten()
        .and_then(|d| d.checked_add_months(chrono::Months::new(12)))
        .map(|d| format_date(lang, d));
    let history = state
        .store
        .venture_steps(venture_id)
        .await?
        .into_iter()
        .map(|s| {
            format!(
                "{}: {} → {}{}",
                date_text(lang, s.at),
                stage_label(lang, &s.from_stage),
                stage_label(lang, &s.to_stage),
                s.staff_name.map(|n| format!(" ({n})")).unwrap_or_default()
            )
        })
        .collect();
    Ok(VentureView {
        id: venture_id,
        title: v.title.clone(),
        description: v.description.clone(),
        social_innovation: v.is_social_innovation(),
        stage: lang.t(stage.label()).to_owned(),
        path,
        facts: facts(lang, &v)?,
        members,
        next: next.map(|s| s.code().to_owned()),
        next_label: next
            .map(|s| lang.tf(Key::venture_move_to, &[("stage", lang.t(s.label()))]))
            .unwrap_or_default(),
        form: form_state(&state, &step_form(venture_id)).await,
        sources: FundingSource::ALL
            .iter()
            .map(|s| Choice {
                value: s.code().to_owned(),
                label: lang.t(s.label()).to_owned(),
            })
            .collect(),
        legal_forms: LEGAL_FORMS
            .iter()
            .map(|(c, k)| Choice {
                value: (*c).to_owned(),
                label: lang.t(*k).to_owned(),
            })
            .collect(),
        reasons: DropReason::ALL
            .iter()
            .map(|r| Choice {
                value: r.code().to_owned(),
                label: lang.t(r.label()).to_owned(),
            })
            .collect(),
        active_from,
        may_drop: stage.is_open(),
        history,
    })
}

pub async fn create_venture(
    applicant_id: ApplicantId,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CreateVenture>()?;
    require_case(&state, &me, applicant_id).await?;
    let lang = crate::ui::request_lang();
    let form = new_form(applicant_id);
    let back = |q: &str| format!("/staff/case/{applicant_id}?{q}#ventures");
    match NewProject::from_form(&f) {
        Ok(p) => match state
            .store
            .create_venture(&p, applicant_id, me.id, now())
            .await
        {
            Ok(id) => {
                clear_form(&state, &form).await?;
                leptos_axum::redirect(&venture_page(id, "ok=created"));
            }
            Err(VentureError::Store(e)) => return Err(e.into()),
            Err(_) => leptos_axum::redirect(&back("e=venture_case")),
        },
        Err(problems) => {
            let problems: Vec<(String, String)> = problems
                .iter()
                .map(|p| (p.field().to_owned(), lang.t(p.key()).to_owned()))
                .collect();
            keep_form(&state, &form, &f, &problems).await?;
            leptos_axum::redirect(&back("e=venture"));
        }
    }
    Ok(())
}

pub async fn advance_venture(
    venture_id: VentureId,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<AdvanceVenture>()?;
    if !may_see(&state, &me, venture_id).await? {
        return Err(AppError::NotFound);
    }
    let lang = crate::ui::request_lang();
    let form = step_form(venture_id);
    let keep = |problems: Vec<crate::domain::self_employment::ProjectProblem>| {
        problems
            .iter()
            .map(|p| (p.field().to_owned(), lang.t(p.key()).to_owned()))
            .collect::<Vec<(String, String)>>()
    };
    let anchor = if f.get("step").map(String::as_str) == Some("dropped") {
        "#drop"
    } else {
        "#next-step"
    };
    match Step::from_form(&f, today()) {
        Ok(step) => match state
            .store
            .advance_venture(venture_id, &step, me.id, now(), today())
            .await
        {
            Ok(to) => {
                clear_form(&state, &form).await?;
                leptos_axum::redirect(&venture_page(venture_id, &format!("ok={}", to.code())));
            }
            Err(VentureError::Problem(p)) => {
                keep_form(&state, &form, &f, &keep(vec![p])).await?;
                leptos_axum::redirect(&venture_page(venture_id, &format!("e=step{anchor}")));
            }
            Err(VentureError::Store(e)) => return Err(e.into()),
            Err(_) => return Err(AppError::NotFound),
        },
        Err(problems) => {
            keep_form(&state, &form, &f, &keep(problems)).await?;
            leptos_axum::redirect(&venture_page(venture_id, &format!("e=step{anchor}")));
        }
    }
    Ok(())
}

pub async fn add_venture_member(venture_id: VentureId, reference: String) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<AddVentureMember>()?;
    if !may_see(&state, &me, venture_id).await? {
        return Err(AppError::NotFound);
    }
    // A professional adds only people they work with; anyone else is "not found" to them.
    let mut who = state.store.applicant_with_reference(&reference).await?;
    if let Some(w) = who {
        if !me.has(Role::Secretariat) && !state.store.works_on_case(me.id, w).await? {
            who = None;
        }
    }
    let query = match who {
        Some(who) => match state
            .store
            .add_venture_member(venture_id, who, me.id, now())
            .await
        {
            Ok(()) => "ok=member",
            Err(VentureError::AlreadyMember) => "e=member_already",
            Err(VentureError::CaseClosed) => "e=member_closed",
            Err(VentureError::Store(e)) => return Err(e.into()),
            Err(_) => "e=member_unknown",
        },
        None => "e=member_unknown",
    };
    leptos_axum::redirect(&venture_page(venture_id, &format!("{query}#team")));
    Ok(())
}

pub async fn remove_venture_member(
    venture_id: VentureId,
    applicant_id: ApplicantId,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<RemoveVentureMember>()?;
    if !may_see(&state, &me, venture_id).await? {
        return Err(AppError::NotFound);
    }
    let query = match state
        .store
        .remove_venture_member(venture_id, applicant_id, me.id, now())
        .await
    {
        Ok(()) => "ok=member_removed",
        Err(VentureError::Store(e)) => return Err(e.into()),
        Err(_) => "e=member_lead",
    };
    leptos_axum::redirect(&venture_page(venture_id, &format!("{query}#team")));
    Ok(())
}

pub async fn load_case_ventures(
    applicant_id: ApplicantId,
) -> Result<Option<CaseVenturesView>, AppError> {
    let state = state()?;
    let me = require::<LoadCaseVentures>()?;
    require_case(&state, &me, applicant_id).await?;
    let lang = crate::ui::request_lang();
    let case = state.store.case_record(applicant_id).await?.state;
    let rows: Vec<VentureCard> = state
        .store
        .ventures_of(applicant_id)
        .await?
        .iter()
        .map(|v| card(lang, v))
        .collect();
    // A project starts from the assessment on: before it, nobody knows it is the right path.
    let may_start = matches!(
        case,
        crate::domain::case::CaseState::Assessed
            | crate::domain::case::CaseState::InPath
            | crate::domain::case::CaseState::Suspended
    );
    if rows.is_empty() && !may_start {
        return Ok(None);
    }
    Ok(Some(CaseVenturesView {
        applicant_id,
        rows,
        form: form_state(&state, &new_form(applicant_id)).await,
        may_start,
    }))
}
