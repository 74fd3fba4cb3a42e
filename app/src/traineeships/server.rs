//! The server half of traineeships: who may see and record what, then the domain and the store.
use super::*;
use crate::domain::board::{Contract, Placement, Stage};
use crate::domain::questionnaire::parse_date;
use crate::domain::staff::Role;
use crate::domain::traineeship::{
    euros_text, preset_key, runs_on, valid_key, weekdays_text, EndReason, Evaluation,
    EvaluationKind, Note, Presence, Progress, Recommendation, Terms, NOTE_PRESETS, SCALE,
};
use crate::i18n::{format_date, Key, Lang};
use crate::storage::{
    Concern, Ending, EvaluationRow, NewMessage, NoteRow, Recorded, StaffAccount, TodayRow,
    TraineeshipError, TraineeshipRow,
};
use crate::ui::forms::{clear_form, form_state, keep_form};
use crate::web::access::{require, require_case};
use crate::web::candidates::candidate_messages;
use crate::web::places::comune_name;
use crate::web::time::{date_time_text, day_of, now, today};
use crate::web::{state, tokens, AppState};

/// The notes a page lists, newest first.
const NOTES_SHOWN: i64 = 30;
/// How far back the offline queue may date a submission.
const QUEUE_DAYS: i64 = 14;

fn app_error(e: TraineeshipError) -> AppError {
    match e {
        TraineeshipError::Store(e) => e.into(),
        TraineeshipError::NotFound => AppError::NotFound,
        _ => AppError::Conflict,
    }
}

fn person(first: &str, last: &str) -> String {
    format!("{first} {last}").trim().to_owned()
}

fn hours(t_starts: &str, t_ends: &str) -> String {
    format!("{t_starts}–{t_ends}")
}

fn dates(lang: Lang, t: &TraineeshipRow) -> String {
    lang.tf(
        Key::course_dates,
        &[
            ("from", &format_date(lang, t.start())),
            ("to", &format_date(lang, t.end())),
        ],
    )
}

fn schedule(lang: Lang, t: &TraineeshipRow) -> String {
    format!(
        "{}, {}",
        weekdays_text(lang, t.weekdays),
        hours(&t.day_starts, &t.day_ends)
    )
}

fn marks(lang: Lang) -> Vec<Choice> {
    Presence::ALL
        .iter()
        .map(|p| Choice {
            value: p.code().to_owned(),
            label: lang.t(p.key()).to_owned(),
        })
        .collect()
}

/// A traineeship's hours today, or that the trainee is not expected; and whether they are.
fn hours_today(lang: Lang, r: &TodayRow, day: chrono::NaiveDate) -> (String, bool) {
    let start = parse_date(&r.start_on).unwrap_or(day);
    let end = parse_date(&r.end_on).unwrap_or(day);
    if runs_on(r.weekdays, start, end, day) {
        (hours(&r.day_starts, &r.day_ends), true)
    } else {
        (lang.t(Key::tutor_not_expected).to_owned(), false)
    }
}

fn preset_choices(lang: Lang) -> Vec<Choice> {
    NOTE_PRESETS
        .iter()
        .map(|(c, k)| Choice {
            value: (*c).to_owned(),
            label: lang.t(*k).to_owned(),
        })
        .collect()
}

fn fresh_keys(n: usize) -> Vec<String> {
    (0..n).map(|_| tokens::submission_key()).collect()
}

/// A note in words: its preset phrases, then what was typed.
fn note_words(lang: Lang, presets: &str, text: &str) -> String {
    let mut parts: Vec<&str> = presets
        .split(',')
        .filter_map(preset_key)
        .map(|k| lang.t(k))
        .collect();
    if !text.is_empty() {
        parts.push(text);
    }
    parts.join(". ")
}

fn note_items(lang: Lang, notes: &[NoteRow]) -> Vec<NoteItem> {
    notes
        .iter()
        .map(|n| NoteItem {
            when: date_time_text(lang, n.written_at),
            by: n.written_by.clone().unwrap_or_default(),
            text: note_words(lang, &n.presets, &n.text),
            concern: n.is_concern(),
        })
        .collect()
}

fn state_text(lang: Lang, t: &TraineeshipRow) -> String {
    match t.outcome.as_deref() {
        None => lang.t(Key::traineeship_active).to_owned(),
        Some("hired") => lang.t(Key::traineeship_hired).to_owned(),
        Some(code) => EndReason::from_code(code)
            .map(|r| lang.t(r.key()).to_owned())
            .unwrap_or_default(),
    }
}

/// The traineeship, if `me` follows it as its tutor: the programme's, or the company's contact
/// named as its tutor. Anyone else is told it does not exist.
async fn as_tutor(
    state: &AppState,
    me: &StaffAccount,
    id: TraineeshipId,
) -> Result<TraineeshipRow, AppError> {
    let t = state.store.traineeship(id).await.map_err(app_error)?;
    if (me.has(Role::Tutor) && t.tutor_id == me.id)
        || (me.has(Role::Company) && t.company_tutor_id == me.id)
    {
        Ok(t)
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn load_tutor_today() -> Result<TodayView, AppError> {
    let state = state()?;
    let me = require::<LoadTutorToday>()?;
    let lang = crate::ui::request_lang();
    let day = today();
    let rows = state.store.tutor_today(me.id, false, day).await?;
    let mut items: Vec<TodayItem> = rows
        .into_iter()
        .map(|r| {
            let (hours, expected_today) = hours_today(lang, &r, day);
            TodayItem {
                id: r.id,
                name: person(&r.first_name, &r.last_name),
                company: r.company_name,
                address: r.site_address,
                hours,
                expected_today,
                mark: r.today_mark,
                keys: fresh_keys(Presence::ALL.len()),
            }
        })
        .collect();
    // People expected today first, in the order of their hours (the store's order).
    items.sort_by_key(|i| !i.expected_today);
    Ok(TodayView {
        me: me.id,
        today: day.to_string(),
        day: format_date(lang, day),
        items,
        marks: marks(lang),
    })
}

fn note_form(id: TraineeshipId) -> String {
    format!("tutor:{id}:note")
}

pub async fn load_tutor_traineeship(id: TraineeshipId) -> Result<TutorTraineeshipView, AppError> {
    let state = state()?;
    let me = require::<LoadTutorTraineeship>()?;
    let t = as_tutor(&state, &me, id).await?;
    let lang = crate::ui::request_lang();
    let day = today();
    let mark = state
        .store
        .presence_of(id, day)
        .await?
        .into_iter()
        .find(|p| p.on_date == day.to_string())
        .map(|p| p.mark);
    let objectives = state
        .store
        .objectives_of(id)
        .await?
        .into_iter()
        .map(|o| ObjectiveItem {
            id: o.id,
            text: o.text,
            progress: o.progress,
            options: Progress::ALL
                .iter()
                .map(|p| {
                    (
                        p.code().to_owned(),
                        lang.t(p.key()).to_owned(),
                        tokens::submission_key(),
                    )
                })
                .collect(),
        })
        .collect();
    let notes = state.store.notes_of(id, NOTES_SHOWN).await?;
    Ok(TutorTraineeshipView {
        me: me.id,
        id,
        name: person(&t.first_name, &t.last_name),
        company: t.company_name.clone(),
        address: format!("{}, {}", t.site_address, comune_name(&state, &t.comune)),
        schedule: schedule(lang, &t),
        dates: dates(lang, &t),
        day: day.to_string(),
        mark,
        marks: marks(lang),
        mark_keys: fresh_keys(Presence::ALL.len()),
        objectives,
        presets: preset_choices(lang),
        note_key: tokens::submission_key(),
        form: form_state(&state, &note_form(id)).await,
        notes: note_items(lang, &notes),
        active: t.is_active(),
    })
}

/// The email to the professional who owns the case: the case's reference and a link, never the
/// note itself (it is read in the application, behind the log-in).
fn concern_messages(state: &AppState, c: &Concern<'_>) -> Vec<NewMessage> {
    let lang = Lang::default();
    let link = format!(
        "{}/staff/traineeship/{}",
        state.config.public_base_url.trim_end_matches('/'),
        c.traineeship.id
    );
    let body = lang.tf(
        Key::concern_msg_body,
        &[
            ("name", c.professional_name),
            ("reference", &c.traineeship.reference),
            ("company", &c.traineeship.company_name),
            ("tutor", c.written_by),
            ("link", &link),
        ],
    );
    NewMessage::to_person(
        None,
        Some(c.professional_email),
        lang.t(Key::concern_msg_subject),
        &body,
        None,
    )
}

fn refusal(lang: Lang, e: &TraineeshipError) -> (&'static str, String) {
    match e {
        TraineeshipError::DayOutside => ("day", lang.t(Key::tutor_err_day).to_owned()),
        TraineeshipError::NotActive => ("ended", lang.t(Key::tutor_err_ended).to_owned()),
        _ => ("refused", lang.t(Key::tutor_err_refused).to_owned()),
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn tutor_submit(
    id: TraineeshipId,
    kind: String,
    key: String,
    f: BTreeMap<String, String>,
    written_at: i64,
    queued: bool,
    back: String,
) -> Result<SubmitOutcome, AppError> {
    let state = state()?;
    let me = require::<TutorSubmit>()?;
    let t = as_tutor(&state, &me, id).await?;
    let lang = crate::ui::request_lang();
    let t_now = now();
    // A queued tap keeps the time it was made, within the queue's reach.
    let written_at = if written_at > t_now - QUEUE_DAYS * 86_400 && written_at <= t_now {
        written_at
    } else {
        t_now
    };
    let key = key.trim().to_owned();
    let result: Result<Recorded, (&'static str, String)> = if !valid_key(&key) {
        Err(("refused", lang.t(Key::tutor_err_refused).to_owned()))
    } else {
        match kind.as_str() {
            "presence" => match f.get("mark").and_then(|m| Presence::from_code(m)) {
                None => Err(("refused", lang.t(Key::tutor_err_refused).to_owned())),
                Some(mark) => {
                    let day = f
                        .get("day")
                        .and_then(|d| parse_date(d))
                        .unwrap_or_else(|| day_of(written_at));
                    match state
                        .store
                        .record_presence(&key, me.id, id, day, mark, today(), t_now)
                        .await
                    {
                        Ok(r) => Ok(r),
                        Err(e @ (TraineeshipError::Store(_) | TraineeshipError::NotFound)) => {
                            return Err(app_error(e))
                        }
                        Err(e) => Err(refusal(lang, &e)),
                    }
                }
            },
            "note" => match Note::from_form(&f) {
                Err(p) => {
                    let message = lang.t(p.key()).to_owned();
                    if !queued {
                        keep_form(
                            &state,
                            &note_form(id),
                            &f,
                            &[("text".to_owned(), message.clone())],
                        )
                        .await?;
                    }
                    Err(("note", message))
                }
                Ok(note) => {
                    let tell = |c: &Concern<'_>| concern_messages(&state, c);
                    let r = state
                        .store
                        .record_note(&key, me.id, id, &note, written_at, t_now, &tell)
                        .await;
                    if r.is_ok() && !queued {
                        clear_form(&state, &note_form(id)).await?;
                    }
                    match r {
                        Ok(r) => Ok(r),
                        Err(e @ (TraineeshipError::Store(_) | TraineeshipError::NotFound)) => {
                            return Err(app_error(e))
                        }
                        Err(e) => Err(refusal(lang, &e)),
                    }
                }
            },
            "objective" => {
                let objective = f.get("objective").and_then(|o| o.parse().ok());
                let progress = f.get("progress").and_then(|p| Progress::from_code(p));
                match (objective, progress) {
                    (Some(o), Some(p)) => {
                        match state
                            .store
                            .record_objective(&key, me.id, id, o, p, t_now)
                            .await
                        {
                            Ok(r) => Ok(r),
                            Err(e @ (TraineeshipError::Store(_) | TraineeshipError::NotFound)) => {
                                return Err(app_error(e))
                            }
                            Err(e) => Err(refusal(lang, &e)),
                        }
                    }
                    _ => Err(("refused", lang.t(Key::tutor_err_refused).to_owned())),
                }
            }
            _ => Err(("refused", lang.t(Key::tutor_err_refused).to_owned())),
        }
    };
    if !queued {
        let page = match back.as_str() {
            "detail" => format!("/staff/tutor/{id}"),
            "company" => "/company".to_owned(),
            _ => "/staff/tutor".to_owned(),
        };
        // The portal has notices of its own: the trainees' section reads its own parameters.
        let (ok, e) = if back == "company" {
            ("trainee_ok", "trainee_e")
        } else {
            ("ok", "e")
        };
        let code = match &result {
            Ok(Recorded::Now) => format!("{ok}={kind}"),
            Ok(Recorded::Already) => format!("{ok}=already"),
            Err((code, _)) => format!("{e}={code}"),
        };
        leptos_axum::redirect(&format!("{page}?{code}#t{}", t.id));
    }
    Ok(match result {
        Ok(Recorded::Now) => SubmitOutcome::Recorded,
        Ok(Recorded::Already) => SubmitOutcome::AlreadyRecorded,
        Err((_, message)) => SubmitOutcome::Refused(message),
    })
}

fn new_form(proposal: ProposalId) -> String {
    format!("traineeship:new:{proposal}")
}

/// Who may be named: the company's active contacts, and the programme's active tutors.
async fn tutor_choices(
    state: &AppState,
    company: crate::domain::ids::CompanyId,
) -> Result<(Vec<Choice>, Vec<Choice>), AppError> {
    let company_tutors = state
        .store
        .contacts_of(company)
        .await?
        .into_iter()
        .filter(|c| c.active)
        .map(|c| Choice {
            value: c.staff_id.to_string(),
            label: c.name,
        })
        .collect();
    let tutors = state
        .store
        .list_staff()
        .await?
        .into_iter()
        .filter(|s| s.active && s.has(Role::Tutor))
        .map(|s| Choice {
            value: s.id.to_string(),
            label: s.name,
        })
        .collect();
    Ok((company_tutors, tutors))
}

fn ids(choices: &[Choice]) -> Vec<i64> {
    choices
        .iter()
        .filter_map(|c| c.value.parse().ok())
        .collect()
}

pub async fn load_new_traineeship(proposal: ProposalId) -> Result<NewTraineeshipView, AppError> {
    let state = state()?;
    require::<LoadNewTraineeship>()?;
    let lang = crate::ui::request_lang();
    let p = state.store.proposal(proposal).await?;
    let position = state.store.position(p.position_id).await?;
    let (company_tutors, tutors) = tutor_choices(&state, p.company_id).await?;
    let existing = state.store.traineeship_of_proposal(proposal).await?;
    let mut form = form_state(&state, &new_form(proposal)).await;
    if form.values.is_empty() {
        let start = today() + chrono::Duration::days(7);
        let end = start
            .checked_add_months(chrono::Months::new(6))
            .unwrap_or(start)
            - chrono::Duration::days(1);
        for (k, v) in [
            ("weekly_hours", "20".to_owned()),
            ("from", "09:00".to_owned()),
            ("to", "13:00".to_owned()),
            ("start", start.to_string()),
            ("end", end.to_string()),
            ("day_1", "on".to_owned()),
            ("day_2", "on".to_owned()),
            ("day_3", "on".to_owned()),
            ("day_4", "on".to_owned()),
            ("day_5", "on".to_owned()),
        ] {
            form.values.insert(k.into(), v);
        }
    }
    Ok(NewTraineeshipView {
        proposal_id: proposal,
        person: person(&p.first_name, &p.last_name),
        position: p.position_title.clone(),
        company: p.company_name.clone(),
        site: format!(
            "{}, {}",
            position.address,
            comune_name(&state, &position.comune)
        ),
        company_tutors,
        tutors,
        weekdays: crate::i18n::WEEKDAY_KEYS
            .iter()
            .enumerate()
            .map(|(i, k)| (format!("day_{}", i + 1), lang.t(*k).to_owned()))
            .collect(),
        form,
        existing,
        blocked: (p.stage != Stage::Traineeship && existing.is_none())
            .then(|| lang.t(Key::traineeship_not_at_stage).to_owned()),
    })
}

pub async fn create_traineeship(
    proposal: ProposalId,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CreateTraineeship>()?;
    let lang = crate::ui::request_lang();
    let p = state.store.proposal(proposal).await?;
    let (company_tutors, tutors) = tutor_choices(&state, p.company_id).await?;
    let page = format!("/staff/traineeship/new/{proposal}");
    let terms = match Terms::from_form(&f, &ids(&company_tutors), &ids(&tutors)) {
        Ok(t) => t,
        Err(problems) => {
            let problems: Vec<(String, String)> = problems
                .iter()
                .map(|p| (p.field().to_owned(), lang.t(p.key()).to_owned()))
                .collect();
            keep_form(&state, &new_form(proposal), &f, &problems).await?;
            leptos_axum::redirect(&format!("{page}?e=form"));
            return Ok(());
        }
    };
    match state
        .store
        .create_traineeship(proposal, &terms, me.id, now())
        .await
    {
        Ok(id) => {
            clear_form(&state, &new_form(proposal)).await?;
            leptos_axum::redirect(&format!("/staff/traineeship/{id}?ok=created"));
        }
        Err(TraineeshipError::AlreadyExists) => {
            leptos_axum::redirect(&format!("{page}?e=exists"));
        }
        Err(TraineeshipError::NotAtTraineeshipStage) => {
            leptos_axum::redirect(&format!("{page}?e=stage"));
        }
        Err(e) => return Err(app_error(e)),
    }
    Ok(())
}

fn end_form(id: TraineeshipId) -> String {
    format!("traineeship:{id}:end")
}

pub async fn load_traineeship(id: TraineeshipId) -> Result<TraineeshipView, AppError> {
    let state = state()?;
    let me = require::<LoadTraineeship>()?;
    let t = state.store.traineeship(id).await.map_err(app_error)?;
    require_case(&state, &me, t.applicant_id).await?;
    let lang = crate::ui::request_lang();
    let (present, absent, justified) = state.store.presence_counts(id).await?;
    let recent = state
        .store
        .presence_of(id, today() - chrono::Duration::days(14))
        .await?;
    let notes = state.store.notes_of(id, NOTES_SHOWN).await?;
    Ok(TraineeshipView {
        id,
        applicant_id: t.applicant_id,
        person: person(&t.first_name, &t.last_name),
        reference: t.reference.clone(),
        position: t.position_title.clone(),
        position_id: t.position_id,
        company: t.company_name.clone(),
        site: format!("{}, {}", t.site_address, comune_name(&state, &t.comune)),
        company_tutor: t.company_tutor_name.clone(),
        tutor: t.tutor_name.clone(),
        schedule: schedule(lang, &t),
        weekly_hours: lang.tf(
            Key::traineeship_weekly_hours_text,
            &[("n", &t.weekly_hours.to_string())],
        ),
        dates: dates(lang, &t),
        allowance: euros_text(lang, t.allowance_cents),
        state: state_text(lang, &t),
        active: t.is_active(),
        objectives: state
            .store
            .objectives_of(id)
            .await?
            .into_iter()
            .map(|o| {
                let progress = Progress::from_code(&o.progress)
                    .map(|p| lang.t(p.key()).to_owned())
                    .unwrap_or_default();
                (o.text, progress)
            })
            .collect(),
        presence: lang.tf(
            Key::traineeship_presence_counts,
            &[
                ("present", &present.to_string()),
                ("absent", &absent.to_string()),
                ("justified", &justified.to_string()),
            ],
        ),
        recent_presence: recent
            .into_iter()
            .map(|p| {
                let day = parse_date(&p.on_date)
                    .map(|d| format_date(lang, d))
                    .unwrap_or(p.on_date);
                let mark = Presence::from_code(&p.mark)
                    .map(|m| lang.t(m.key()).to_owned())
                    .unwrap_or(p.mark);
                (day, mark)
            })
            .collect(),
        notes: note_items(lang, &notes),
        evaluations: evaluation_items(lang, &state.store.evaluations_of(id).await?),
        project_document: t.project_document_id,
        may_upload: me.has(Role::Secretariat),
        may_end: t.is_active() && me.has(Role::Secretariat),
        reasons: EndReason::ALL
            .iter()
            .map(|r| Choice {
                value: r.code().to_owned(),
                label: lang.t(r.key()).to_owned(),
            })
            .collect(),
        contracts: Contract::ALL
            .iter()
            .filter(|c| **c != Contract::Traineeship)
            .map(|c| Choice {
                value: c.code().to_owned(),
                label: lang.t(c.key()).to_owned(),
            })
            .collect(),
        form: form_state(&state, &end_form(id)).await,
    })
}

pub async fn end_traineeship(
    id: TraineeshipId,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<EndTraineeship>()?;
    let lang = crate::ui::request_lang();
    let page = format!("/staff/traineeship/{id}");
    let get = |k: &str| f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let outcome = get("outcome");
    let ending = match outcome.as_str() {
        "hired" => {
            match Placement::parse(&get("contract"), &get("start"), &get("hours"), today()) {
                Ok(p) => Ok(Ending::Hired(p)),
                Err(ps) => Err(ps
                    .iter()
                    .map(|p| (p.field().to_owned(), lang.t(p.key()).to_owned()))
                    .collect::<Vec<_>>()),
            }
        }
        "extended" => match parse_date(&get("new_end")) {
            Some(d) => Ok(Ending::Extended(d)),
            None => Err(vec![(
                "new_end".to_owned(),
                lang.t(Key::course_err_date).to_owned(),
            )]),
        },
        code => match EndReason::from_code(code) {
            Some(r) => Ok(Ending::Ended(r)),
            None => Err(vec![(
                "outcome".to_owned(),
                lang.t(Key::traineeship_err_outcome).to_owned(),
            )]),
        },
    };
    let ending = match ending {
        Ok(e) => e,
        Err(problems) => {
            keep_form(&state, &end_form(id), &f, &problems).await?;
            leptos_axum::redirect(&format!("{page}?e=end#end"));
            return Ok(());
        }
    };
    match state
        .store
        .end_traineeship(id, &ending, me.id, today(), now())
        .await
    {
        Ok(moved) => {
            clear_form(&state, &end_form(id)).await?;
            // A hire or an end moved the board: the candidate hears of it as from the board.
            let told = match &ending {
                Ending::Hired(_) => Some((Stage::Hired, None)),
                Ending::Ended(r) => Some((Stage::NotSelected, Some(r.board_reason()))),
                Ending::Extended(_) => None,
            };
            if let (Some(moved), Some((to, reason))) = (moved, told) {
                for m in candidate_messages(&state, &moved, to, reason) {
                    state.store.enqueue_message(&m, now()).await?;
                }
            }
            let code = match ending {
                Ending::Extended(_) => "extended",
                _ => "ended",
            };
            leptos_axum::redirect(&format!("{page}?ok={code}"));
        }
        Err(TraineeshipError::BadExtension) => {
            keep_form(
                &state,
                &end_form(id),
                &f,
                &[(
                    "new_end".to_owned(),
                    lang.t(Key::traineeship_err_extension).to_owned(),
                )],
            )
            .await?;
            leptos_axum::redirect(&format!("{page}?e=end#end"));
        }
        Err(TraineeshipError::NotActive | TraineeshipError::Board(_)) => {
            leptos_axum::redirect(&format!("{page}?e=changed"));
        }
        Err(e) => return Err(app_error(e)),
    }
    Ok(())
}

pub async fn load_case_traineeships(
    applicant_id: ApplicantId,
) -> Result<Vec<CaseTraineeshipRow>, AppError> {
    let state = state()?;
    let me = require::<LoadCaseTraineeships>()?;
    require_case(&state, &me, applicant_id).await?;
    let lang = crate::ui::request_lang();
    Ok(state
        .store
        .traineeships_of_applicant(applicant_id)
        .await?
        .iter()
        .map(|t| CaseTraineeshipRow {
            id: t.id,
            company: t.company_name.clone(),
            position: t.position_title.clone(),
            dates: dates(lang, t),
            state: state_text(lang, t),
        })
        .collect())
}

pub async fn load_concerns() -> Result<Vec<ConcernItem>, AppError> {
    let state = state()?;
    let me = require::<LoadConcerns>()?;
    let lang = crate::ui::request_lang();
    Ok(state
        .store
        .open_concerns(me.id)
        .await?
        .into_iter()
        .map(|c| ConcernItem {
            note_id: c.note_id,
            traineeship_id: c.traineeship_id,
            applicant_id: c.applicant_id,
            person: format!("{} ({})", person(&c.first_name, &c.last_name), c.reference),
            company: c.company_name,
            text: note_words(lang, &c.presets, &c.text),
            when: date_time_text(lang, c.written_at),
            by: c.written_by.unwrap_or_default(),
        })
        .collect())
}

pub async fn concern_seen(note_id: i64) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<ConcernSeen>()?;
    let code = if state.store.mark_concern_seen(note_id, me.id, now()).await? {
        "ok=concern_seen"
    } else {
        "e=concern"
    };
    leptos_axum::redirect(&format!("/staff?{code}#concerns"));
    Ok(())
}

fn evaluation_items(lang: Lang, rows: &[EvaluationRow]) -> Vec<EvaluationItem> {
    let step = |n: i64| {
        usize::try_from(n - 1)
            .ok()
            .and_then(|i| SCALE.get(i))
            .map(|k| lang.t(*k).to_owned())
            .unwrap_or_default()
    };
    rows.iter()
        .map(|e| EvaluationItem {
            title: EvaluationKind::from_code(&e.kind)
                .map(|k| lang.t(k.key()).to_owned())
                .unwrap_or_default(),
            when: date_time_text(lang, e.written_at),
            by: e.written_by.clone().unwrap_or_default(),
            lines: vec![
                (lang.t(Key::evaluation_skills).to_owned(), e.skills.clone()),
                (
                    lang.t(Key::evaluation_punctuality).to_owned(),
                    step(e.punctuality),
                ),
                (
                    lang.t(Key::evaluation_autonomy).to_owned(),
                    step(e.autonomy),
                ),
                (
                    lang.t(Key::evaluation_recommendation).to_owned(),
                    Recommendation::from_code(&e.recommendation)
                        .map(|r| lang.t(r.key()).to_owned())
                        .unwrap_or_default(),
                ),
            ],
        })
        .collect()
}

fn evaluation_form(id: TraineeshipId) -> String {
    format!("portal:evaluation:{id}")
}

/// The company tutor's own trainees on the portal: only traineeships that name them as tutor.
pub async fn load_company_trainees() -> Result<CompanyTraineesView, AppError> {
    let state = state()?;
    let me = require::<LoadCompanyTrainees>()?;
    let lang = crate::ui::request_lang();
    let day = today();
    let mut trainees = Vec::new();
    for r in state.store.tutor_today(me.id, true, day).await? {
        trainees.push(CompanyTrainee {
            id: r.id,
            name: person(&r.first_name, &r.last_name),
            hours: hours_today(lang, &r, day).0,
            mark: r.today_mark,
            keys: fresh_keys(Presence::ALL.len()),
            note_key: tokens::submission_key(),
            evaluations: evaluation_items(lang, &state.store.evaluations_of(r.id).await?),
            form: form_state(&state, &evaluation_form(r.id)).await,
            note_form: form_state(&state, &note_form(r.id)).await,
        });
    }
    let choices = |items: Vec<(String, String)>| {
        items
            .into_iter()
            .map(|(value, label)| Choice { value, label })
            .collect::<Vec<_>>()
    };
    Ok(CompanyTraineesView {
        me: me.id,
        today: day.to_string(),
        marks: marks(lang),
        presets: preset_choices(lang),
        kinds: choices(
            EvaluationKind::ALL
                .iter()
                .map(|k| (k.code().to_owned(), lang.t(k.key()).to_owned()))
                .collect(),
        ),
        scale: choices(
            SCALE
                .iter()
                .enumerate()
                .map(|(i, k)| ((i + 1).to_string(), lang.t(*k).to_owned()))
                .collect(),
        ),
        recommendations: choices(
            Recommendation::ALL
                .iter()
                .map(|r| (r.code().to_owned(), lang.t(r.key()).to_owned()))
                .collect(),
        ),
        trainees,
    })
}

pub async fn record_evaluation(
    id: TraineeshipId,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<RecordEvaluation>()?;
    let t = as_tutor(&state, &me, id).await?;
    if t.company_tutor_id != me.id {
        return Err(AppError::NotFound);
    }
    let lang = crate::ui::request_lang();
    match Evaluation::from_form(&f) {
        Err(problems) => {
            let problems: Vec<(String, String)> = problems
                .iter()
                .map(|p| (p.field().to_owned(), lang.t(p.key()).to_owned()))
                .collect();
            keep_form(&state, &evaluation_form(id), &f, &problems).await?;
            leptos_axum::redirect(&format!("/company?trainee_e=evaluation#t{id}"));
        }
        Ok(evaluation) => {
            state
                .store
                .record_evaluation(id, &evaluation, me.id, now())
                .await
                .map_err(app_error)?;
            clear_form(&state, &evaluation_form(id)).await?;
            leptos_axum::redirect(&format!("/company?trainee_ok=evaluation#t{id}"));
        }
    }
    Ok(())
}
