//! The server half of personal plans.
use super::*;
use crate::domain::case::{CaseEvent, CaseState};
use crate::domain::plan::{Component, DropReason, Kind, Plan, Status};
use crate::domain::staff::Role;
use crate::i18n::{format_date, Key, Lang};
use crate::storage::{CaseChangeError, PlanError, PlanVersion};
use crate::ui::forms::{clear_form, form_state, keep_form};
use crate::web::access::{require, require_case};
use crate::web::applicant::current;
use crate::web::ctx::request_headers;
use crate::web::state;
use crate::web::time::{date_text, date_time_text, now};

fn case_page(applicant_id: ApplicantId, query: &str) -> String {
    format!("/staff/case/{applicant_id}?{query}#plan")
}

fn form_name(applicant_id: ApplicantId) -> String {
    format!("plan:{applicant_id}")
}

fn component_view(lang: Lang, c: &Component) -> ComponentView {
    let when = match (c.starts_on, c.ends_on) {
        (Some(s), Some(e)) => lang.tf(
            Key::plan_from_to,
            &[
                ("from", &format_date(lang, s)),
                ("to", &format_date(lang, e)),
            ],
        ),
        (Some(s), None) => lang.tf(Key::plan_from, &[("from", &format_date(lang, s))]),
        (None, Some(e)) => lang.tf(Key::plan_until, &[("to", &format_date(lang, e))]),
        (None, None) => String::new(),
    };
    let status = match c.status {
        Status::Dropped(r) => format!("{} ({})", lang.t(c.status.label()), lang.t(r.label())),
        s => lang.t(s.label()).to_owned(),
    };
    ComponentView {
        kind: lang.t(c.kind.label()).to_owned(),
        goal: c.goal.clone(),
        when,
        schedule: c.schedule.clone(),
        place: c.place.clone(),
        responsible: c.responsible.clone(),
        expected: c.expected.clone(),
        status,
        status_code: c.status.code().to_owned(),
    }
}

fn choices(lang: Lang) -> (Vec<Choice>, Vec<Choice>, Vec<Choice>) {
    let kinds = Kind::ALL
        .iter()
        .map(|k| Choice {
            value: k.code().to_owned(),
            label: lang.t(k.label()).to_owned(),
        })
        .collect();
    let statuses = Status::CODES
        .iter()
        .map(|c| Choice {
            value: (*c).to_owned(),
            label: lang.t(Status::label_of(c)).to_owned(),
        })
        .collect();
    let reasons = DropReason::ALL
        .iter()
        .map(|r| Choice {
            value: r.code().to_owned(),
            label: lang.t(r.label()).to_owned(),
        })
        .collect();
    (kinds, statuses, reasons)
}

pub async fn load_plan(applicant_id: ApplicantId) -> Result<Option<PlanView>, AppError> {
    let state = state()?;
    let me = require::<LoadPlan>()?;
    require_case(&state, &me, applicant_id).await?;
    let lang = crate::ui::request_lang();
    let case = state.store.case_record(applicant_id).await?.state;
    // Before the assessment there is nothing to plan; a closed case keeps its plan to read.
    let current = state.store.current_plan(applicant_id).await?;
    if current.is_none() && case != CaseState::Assessed {
        return Ok(None);
    }
    let on_case =
        me.has(Role::Professional) && state.store.works_on_case(me.id, applicant_id).await?;
    let may_edit = on_case
        && matches!(
            case,
            CaseState::Assessed | CaseState::InPath | CaseState::Suspended
        );
    let (plan, version, saved, agreed) = match &current {
        Some(PlanVersion {
            version,
            plan,
            saved_at,
            saved_by,
            agreed_at,
        }) => (
            plan.clone(),
            *version,
            Some(lang.tf(
                Key::plan_saved_by,
                &[
                    ("version", &version.to_string()),
                    ("name", saved_by.as_deref().unwrap_or("—")),
                    ("date", &date_time_text(lang, *saved_at)),
                ],
            )),
            agreed_at.map(|t| lang.tf(Key::plan_agreed_on, &[("date", &date_text(lang, t))])),
        ),
        None => {
            // The first draft: one component for each path the assessment recommended.
            let paths = match state.store.latest_assessment(applicant_id).await? {
                Some((_, _, json)) => {
                    crate::storage::read_stored::<crate::domain::assessment::Assessment>(
                        "assessment",
                        &json,
                    )?
                    .paths
                }
                None => Vec::new(),
            };
            (Plan::suggested(&paths), 0, None, None)
        }
    };
    let kept = form_state(&state, &form_name(applicant_id)).await;
    let form = if kept.values.is_empty() {
        FormState {
            values: plan.to_form(),
            ..FormState::default()
        }
    } else {
        kept
    };
    let filled_rows = form
        .values
        .keys()
        .filter_map(|k| {
            k.strip_prefix('c')?
                .split_once('_')?
                .0
                .parse::<usize>()
                .ok()
        })
        .max()
        .map_or(0, |r| r + 1);
    let (kinds, statuses, drop_reasons) = choices(lang);
    let history = state
        .store
        .plan_history(applicant_id)
        .await?
        .into_iter()
        .skip(1)
        .map(|h| {
            lang.tf(
                Key::plan_saved_by,
                &[
                    ("version", &h.version.to_string()),
                    ("name", h.saved_by.as_deref().unwrap_or("—")),
                    ("date", &date_time_text(lang, h.saved_at)),
                ],
            )
        })
        .collect();
    Ok(Some(PlanView {
        applicant_id,
        version,
        saved,
        agreed,
        components: if version == 0 {
            Vec::new()
        } else {
            plan.components
                .iter()
                .map(|c| component_view(lang, c))
                .collect()
        },
        may_edit,
        may_suspend: on_case && case == CaseState::InPath,
        may_resume: on_case && case == CaseState::Suspended,
        suspended: case == CaseState::Suspended,
        form,
        rows: (filled_rows + 1).min(crate::domain::plan::MAX_COMPONENTS),
        kinds,
        statuses,
        drop_reasons,
        history,
    }))
}

pub async fn save_plan(
    applicant_id: ApplicantId,
    edited: i64,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<SavePlan>()?;
    require_case(&state, &me, applicant_id).await?;
    let lang = crate::ui::request_lang();
    let form = form_name(applicant_id);
    let plan = match Plan::from_form(&f) {
        Ok(plan) => plan,
        Err(problems) => {
            let problems: Vec<(String, String)> = problems
                .iter()
                .map(|p| (p.field(), lang.t(p.key()).to_owned()))
                .collect();
            keep_form(&state, &form, &f, &problems).await?;
            leptos_axum::redirect(&case_page(applicant_id, "e=plan"));
            return Ok(());
        }
    };
    match state
        .store
        .save_plan(applicant_id, me.id, edited, &plan, now())
        .await
    {
        Ok(_) => {
            clear_form(&state, &form).await?;
            leptos_axum::redirect(&case_page(applicant_id, "ok=plan"));
        }
        Err(PlanError::Changed(_)) => {
            // Nothing typed is lost: the form comes back as it was, over the newer version.
            let problem = vec![(
                "c0_kind".to_owned(),
                lang.t(Key::plan_err_changed).to_owned(),
            )];
            keep_form(&state, &form, &f, &problem).await?;
            leptos_axum::redirect(&case_page(applicant_id, "e=plan"));
        }
        Err(PlanError::NotNow(_)) => {
            leptos_axum::redirect(&case_page(applicant_id, "e=plan_state"));
        }
        Err(PlanError::Store(e)) => return Err(e.into()),
    }
    Ok(())
}

pub async fn change_path(applicant_id: ApplicantId, event: CaseEvent) -> Result<(), AppError> {
    let state = state()?;
    let me = match event {
        CaseEvent::PathSuspended => require::<SuspendPath>()?,
        _ => require::<ResumePath>()?,
    };
    require_case(&state, &me, applicant_id).await?;
    if !state.store.works_on_case(me.id, applicant_id).await? {
        return Err(AppError::NotFound);
    }
    let ok = if event == CaseEvent::PathSuspended {
        "ok=suspended"
    } else {
        "ok=resumed"
    };
    match state
        .store
        .change_case(applicant_id, Some(me.id), event, None, now())
        .await
    {
        Ok(_) => leptos_axum::redirect(&case_page(applicant_id, ok)),
        Err(CaseChangeError::Invalid(_)) => {
            leptos_axum::redirect(&case_page(applicant_id, "e=plan_state"))
        }
        Err(CaseChangeError::Store(e)) => return Err(e.into()),
    }
    Ok(())
}

pub async fn load_my_plan() -> Result<Option<MyPlanView>, AppError> {
    let state = state()?;
    let lang = crate::web::lang::from_headers(&request_headers());
    let Some(s) = current().await? else {
        return Ok(None);
    };
    let Some(p) = state.store.current_plan(s.applicant_id).await? else {
        return Ok(None);
    };
    Ok(Some(MyPlanView {
        version: p.version,
        next: p.plan.next().map(|c| component_view(lang, c)),
        components: p
            .plan
            .components
            .iter()
            .map(|c| component_view(lang, c))
            .collect(),
        agreed: p
            .agreed_at
            .map(|t| lang.tf(Key::my_plan_agreed_on, &[("date", &date_text(lang, t))])),
        suspended: s.state == CaseState::Suspended.code(),
    }))
}

pub async fn agree_to_plan(version: i64) -> Result<(), AppError> {
    let state = state()?;
    let Some(s) = current().await? else {
        leptos_axum::redirect("/status");
        return Ok(());
    };
    match state
        .store
        .agree_to_plan(s.applicant_id, version, now())
        .await
    {
        Ok(()) => leptos_axum::redirect("/status?ok=plan#plan"),
        Err(PlanError::Changed(_)) => leptos_axum::redirect("/status?e=plan_changed#plan"),
        Err(PlanError::NotNow(_)) => leptos_axum::redirect("/status?e=plan_changed#plan"),
        Err(PlanError::Store(e)) => return Err(e.into()),
    }
    Ok(())
}
