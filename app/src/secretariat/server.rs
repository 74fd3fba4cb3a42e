//! The server half of the secretariat's desk.
use super::*;
use crate::domain::case::{CaseEvent, CloseReason};
use crate::domain::deadline::from_unix;
use crate::domain::deadline::{band_at, ContactDeadlines};
use crate::domain::ids::{ApplicantId, StaffId};
use crate::domain::territory::fold;
use crate::i18n::{Key, Lang};
use crate::storage::{
    AssignedFilter, CaseChangeError, NewContactAttempt, NewMessage, QueueQuery, Search,
    StaffAccount,
};
use crate::ui::forms::Choice;
use crate::ui::forms::{comune_choices, form_state, keep_form};
use crate::web::access::{require, require_case};
use crate::web::places::comune_name;
use crate::web::time::{date_text, date_time_text, now};
use crate::web::tokens;
use crate::web::{state, AppState};
use std::collections::HashMap;

/// How stale the band counts beside the queue may be when another instance changed the queue.
const BAND_COUNTS_MAX_AGE: i64 = 5;

/// What the search box holds: a reference, a codice fiscale, or the start of a name.
pub fn parse_search(q: &str) -> Search {
    let q = q.trim();
    if q.is_empty() {
        return Search::None;
    }
    let upper = q.to_uppercase();
    if let Some(digits) = upper.strip_prefix("BO-") {
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            return Search::Reference(upper);
        }
    }
    let compact: String = upper.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() == 16
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
        && compact.chars().take(6).all(|c| c.is_ascii_alphabetic())
    {
        return Search::CodiceFiscale(compact);
    }
    let name = fold(q).split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        Search::None
    } else {
        Search::Name(name)
    }
}

/// The longest search term kept.
const SEARCH_MAX_CHARS: usize = 100;

/// Where the term a `search` handle stands for is kept, with the caller's session (a day).
fn search_form(handle: &str) -> Option<String> {
    let valid = !handle.is_empty()
        && handle.len() <= 32
        && handle.bytes().all(|b| b.is_ascii_alphanumeric());
    valid.then(|| format!("queue:search:{handle}"))
}

pub async fn search_queue(mut filters: QueueParams, q: String) -> Result<(), AppError> {
    let state = state()?;
    require::<SearchQueue>()?;
    let q: String = q.trim().chars().take(SEARCH_MAX_CHARS).collect();
    if !q.is_empty() {
        let handle = tokens::handle();
        let form = search_form(&handle).ok_or(AppError::BadRequest)?;
        let values = std::collections::BTreeMap::from([("q".to_owned(), q)]);
        keep_form(&state, &form, &values, &[]).await?;
        filters.search = handle;
    }
    leptos_axum::redirect(&filters.address());
    Ok(())
}

/// The search term a handle stands for, for this session; nothing when it expired or is another's.
async fn search_term(state: &AppState, handle: &str) -> String {
    match search_form(handle) {
        Some(form) => form_state(state, &form)
            .await
            .values
            .get("q")
            .cloned()
            .unwrap_or_default(),
        None => String::new(),
    }
}

fn query_of(state: &AppState, me: &StaffAccount, p: &QueueParams, q: &str) -> QueueQuery {
    let page = p.page.trim().parse::<i64>().unwrap_or(1).clamp(1, 100_000);
    QueueQuery {
        band: Band::from_code(p.band.trim()),
        comune: Some(p.comune.trim())
            .filter(|c| state.territory.comuni.iter().any(|x| x.istat_code == *c))
            .map(str::to_owned),
        language: Lang::from_code(p.language.trim()).map(|l| l.code().to_owned()),
        assigned: match p.assigned.trim() {
            "me" => AssignedFilter::Staff(me.id),
            "nobody" => AssignedFilter::Nobody,
            other => other
                .parse()
                .map(AssignedFilter::Staff)
                .unwrap_or(AssignedFilter::Anyone),
        },
        needs_only: matches!(p.needs.trim(), "on" | "yes"),
        search: parse_search(q),
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
    }
}

fn deadlines_of(due_soon: i64, due: i64, limit: i64) -> ContactDeadlines {
    ContactDeadlines {
        due_soon: from_unix(due_soon),
        due: from_unix(due),
        limit: from_unix(limit),
    }
}

pub async fn load_queue(params: QueueParams) -> Result<QueueView, AppError> {
    let state = state()?;
    let me = require::<LoadQueue>()?;
    let lang = crate::ui::request_lang();
    let t = now();
    let q = search_term(&state, &params.search).await;
    let query = query_of(&state, &me, &params, &q);
    let (rows, has_next) = state.store.queue(&query, t).await?;
    let counts = state
        .store
        .recent_band_counts(t, BAND_COUNTS_MAX_AGE)
        .await?;
    let staff = state.store.list_staff().await?;
    let names: HashMap<StaffId, String> = staff.iter().map(|a| (a.id, a.name.clone())).collect();
    let rows = rows
        .into_iter()
        .map(|r| QueueRowView {
            applicant_id: r.applicant_id,
            reference: r.reference,
            name: format!("{} {}", r.last_name, r.first_name),
            comune: comune_name(&state, &r.comune_istat),
            language: r.language,
            received: date_text(lang, r.received_at),
            contact_due: date_text(lang, r.contact_due),
            contact_limit: date_text(lang, r.contact_limit),
            days_waiting: (t - r.received_at).max(0) / 86400,
            days_late: if t > r.contact_limit {
                (t - r.contact_limit) / 86400
            } else {
                (t - r.contact_due).max(0) / 86400
            },
            band: band_at(
                &deadlines_of(r.due_soon_at, r.contact_due, r.contact_limit),
                from_unix(t),
            ),
            assigned_to: r.assigned_to.and_then(|id| names.get(&id).cloned()),
            assigned_to_me: r.assigned_to == Some(me.id),
            needs_flagged: r.needs_flagged,
            failed_attempts: r.failed_attempts,
        })
        .collect();
    let comuni = comune_choices(&state);
    Ok(QueueView {
        operators: operators(&staff),
        counts,
        rows,
        page: query.offset / PAGE_SIZE + 1,
        has_next,
        comuni,
        q,
    })
}

/// Active secretariat members, whom cases can be assigned to.
fn operators(staff: &[StaffAccount]) -> Vec<Choice> {
    staff
        .iter()
        .filter(|a| a.active && a.has(crate::domain::staff::Role::Secretariat))
        .map(|a| Choice {
            value: a.id.to_string(),
            label: a.name.clone(),
        })
        .collect()
}

/// Only addresses of the queue or a case are followed back, never one from elsewhere.
fn back_to_queue(back: &str) -> String {
    let safe = (back.starts_with("/staff/queue") || back.starts_with("/staff/case/"))
        && !back.contains("//")
        && !back.chars().any(|c| c.is_control() || c == '\\');
    if safe {
        back.to_owned()
    } else {
        "/staff/queue".to_owned()
    }
}

pub async fn assign_case(
    applicant_id: ApplicantId,
    to: String,
    back: String,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<AssignCase>()?;
    let target = match to.trim() {
        "me" => Some(me.id),
        "nobody" | "" => None,
        id => {
            let id: StaffId = id.parse().map_err(|_| AppError::BadRequest)?;
            let a = state.store.staff_by_id(id).await?;
            if !a.active || !a.has(crate::domain::staff::Role::Secretariat) {
                return Err(AppError::BadRequest);
            }
            Some(id)
        }
    };
    state.store.assign(applicant_id, target).await?;
    state
        .store
        .audit(
            Some(me.id),
            "case_assigned",
            Some(applicant_id),
            &target.map(|t| t.to_string()).unwrap_or_default(),
            now(),
        )
        .await?;
    leptos_axum::redirect(&back_to_queue(&back));
    Ok(())
}

pub async fn load_case(applicant_id: ApplicantId) -> Result<CaseView, AppError> {
    let state = state()?;
    let me = require::<LoadCase>()?;
    require_case(&state, &me, applicant_id).await?;
    let lang = crate::ui::request_lang();
    let t = now();
    let r = state.store.case_record(applicant_id).await?;
    state
        .store
        .audit(Some(me.id), "case_opened", Some(applicant_id), "", t)
        .await?;
    let staff = state.store.list_staff().await?;
    let names: HashMap<StaffId, String> = staff.iter().map(|a| (a.id, a.name.clone())).collect();
    let operators = operators(&staff);
    let attempts = state
        .store
        .contact_attempts(applicant_id)
        .await?
        .into_iter()
        .map(|a| AttemptView {
            at: date_time_text(lang, a.at),
            by: a.staff_name,
            channel: a.channel,
            outcome: a.outcome,
            note: a.note,
        })
        .collect();
    let events = state
        .store
        .case_events(applicant_id)
        .await?
        .into_iter()
        .map(|e| EventView {
            at: date_time_text(lang, e.at),
            by: e.staff_name.unwrap_or_default(),
            event: e.event,
            to_state: CaseState::from_code(&e.to_state).unwrap_or(CaseState::Received),
            reason: e.reason,
        })
        .collect();
    let answers: crate::domain::questionnaire::Answers =
        crate::storage::read_stored("answers", &r.answers_json)?;
    Ok(CaseView {
        applicant_id: r.applicant_id,
        reference: r.reference,
        name: format!("{} {}", r.first_name, r.last_name),
        birth_date: crate::domain::questionnaire::parse_date(&r.birth_date)
            .map(|d| crate::i18n::format_date(lang, d))
            .unwrap_or(r.birth_date),
        codice_fiscale: r.codice_fiscale,
        mobile: r.mobile,
        email: r.email,
        language: r.language,
        comune: comune_name(&state, &r.comune_istat),
        answers,
        state: r.state,
        closed_reason: r.closed_reason,
        received: date_text(lang, r.received_at),
        contact_due: date_text(lang, r.contact_due),
        contact_limit: date_text(lang, r.contact_limit),
        contacted: r.contacted_at.map(|c| date_text(lang, c)),
        band: (r.state == CaseState::Received).then(|| {
            band_at(
                &deadlines_of(r.due_soon_at, r.contact_due, r.contact_limit),
                from_unix(t),
            )
        }),
        assigned_to: r.assigned_to.and_then(|id| names.get(&id).cloned()),
        attempts,
        events,
        may_work: me.has(crate::domain::staff::Role::Secretariat),
        operators,
    })
}

/// The message an applicant gets after the secretariat failed to reach them several times.
fn unreachable_messages(
    lang: Lang,
    record: &crate::storage::CaseRecord,
    phone: &str,
) -> Vec<NewMessage> {
    let body = lang.tf(
        Key::contact_failed_message,
        &[
            ("name", &record.first_name),
            ("reference", &record.reference),
            ("phone", phone),
        ],
    );
    NewMessage::to_person(
        record.mobile.as_deref(),
        record.email.as_deref(),
        lang.t(Key::contact_failed_subject),
        &body,
        None,
    )
}

pub async fn log_contact(
    applicant_id: ApplicantId,
    channel: String,
    outcome: String,
    note: String,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<LogContact>()?;
    let page = format!("/staff/case/{applicant_id}");
    let note = note.trim().to_owned();
    let problem = if !CHANNELS.contains(&channel.as_str()) {
        Some("channel")
    } else if !OUTCOMES.contains(&outcome.as_str()) {
        Some("outcome")
    } else if note.chars().count() > NOTE_MAX_CHARS {
        Some("note")
    } else {
        None
    };
    if let Some(p) = problem {
        leptos_axum::redirect(&format!("{page}?e={p}#contact"));
        return Ok(());
    }
    let record = state.store.case_record(applicant_id).await?;
    let threshold = i64::from(state.config.failed_attempts_before_message.max(1));
    let lang = Lang::from_code(&record.language).unwrap_or_default();
    let phone = state.config.secretariat_phone.clone();
    let result = state
        .store
        .log_contact(
            &NewContactAttempt {
                applicant_id,
                staff_id: me.id,
                channel: &channel,
                outcome: &outcome,
                reached: outcome == "reached",
                note: &note,
                at: now(),
            },
            |failures| {
                if failures == threshold {
                    unreachable_messages(lang, &record, &phone)
                } else {
                    Vec::new()
                }
            },
        )
        .await;
    state.store.forget_band_counts();
    match result {
        Ok(_) => leptos_axum::redirect(&format!("{page}?ok=contact")),
        Err(CaseChangeError::Invalid(_)) => leptos_axum::redirect(&format!("{page}?e=closed")),
        Err(CaseChangeError::Store(e)) => return Err(e.into()),
    }
    Ok(())
}

pub async fn close_case(applicant_id: ApplicantId, reason: String) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CloseCase>()?;
    let page = format!("/staff/case/{applicant_id}");
    let Some(reason) = CloseReason::from_code(reason.trim()) else {
        leptos_axum::redirect(&format!("{page}?e=reason#close"));
        return Ok(());
    };
    state.store.forget_band_counts();
    match state
        .store
        .change_case(
            applicant_id,
            Some(me.id),
            CaseEvent::Close(reason),
            Some(reason.code()),
            now(),
        )
        .await
    {
        Ok(_) => leptos_axum::redirect(&format!("{page}?ok=closed")),
        Err(CaseChangeError::Invalid(_)) => leptos_axum::redirect(&format!("{page}?e=closed")),
        Err(CaseChangeError::Store(e)) => return Err(e.into()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_box_understands_references_codes_and_names() {
        assert_eq!(
            parse_search(" bo-000123 "),
            Search::Reference("BO-000123".into())
        );
        assert_eq!(
            parse_search("rssmra85t10a562s"),
            Search::CodiceFiscale("RSSMRA85T10A562S".into())
        );
        assert_eq!(
            parse_search("  Rossì  Mario "),
            Search::Name("rossi mario".into())
        );
        assert_eq!(parse_search("   "), Search::None);
        assert_eq!(parse_search("<>%'"), Search::None);
    }

    #[test]
    fn only_queue_addresses_are_followed_back() {
        assert_eq!(
            back_to_queue("/staff/queue?band=late"),
            "/staff/queue?band=late"
        );
        assert_eq!(back_to_queue("https://evil.example"), "/staff/queue");
        assert_eq!(back_to_queue("/staff/queue//evil"), "/staff/queue");
        assert_eq!(back_to_queue("/staff/accounts"), "/staff/queue");
    }
}
