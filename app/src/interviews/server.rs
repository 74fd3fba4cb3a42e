//! The server half of interviews.
use super::*;
use crate::domain::assessment::Assessment;
use crate::domain::availability::{check_weekly, offered, slots, Mode, Slot, WeeklySlot};
use crate::domain::deadline::from_unix;
use crate::domain::deadline::local_date;
use crate::domain::ids::{ApplicantId, StaffId};
use crate::domain::staff::Role;
use crate::i18n::{Key, Lang};
use crate::storage::{
    Availability, BookingError, CaseRecord, Channel, Interview, NewBooking, NewMessage,
};
use crate::web::access::{require, require_case, require_own_interview};
use crate::web::calendar::{self, Invitation};
use crate::web::time::{day_and_time, now};
use crate::web::{state, tokens, AppState};
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

/// How far ahead free slots are offered.
const HORIZON_DAYS: u32 = 21;
/// Nobody is booked for an interview starting within the next hour.
const MIN_NOTICE_SECS: i64 = 3600;

pub fn mode_label(lang: Lang, mode: Mode) -> &'static str {
    lang.t(match mode {
        Mode::Office => Key::mode_office,
        Mode::Phone => Key::mode_phone,
        Mode::Video => Key::mode_video,
    })
}

fn slot_view(lang: Lang, professional_id: StaffId, name: &str, s: &Slot) -> SlotView {
    let (day, time) = day_and_time(lang, s.starts_at.timestamp());
    let date = local_date(s.starts_at);
    let weekday =
        lang.t(super::pages::WEEKDAY_KEYS[date.weekday().num_days_from_monday() as usize]);
    SlotView {
        date: date.to_string(),
        day_head: format!(
            "{weekday} {} {}",
            date.day(),
            crate::i18n::short_month(lang, date)
        ),
        mode_code: s.mode.code().to_owned(),
        key: format!("{professional_id}-{}", s.starts_at.timestamp()),
        day,
        time,
        professional: name.to_owned(),
        mode: mode_label(lang, s.mode).to_owned(),
        place: s.place.clone(),
    }
}

fn interview_view(lang: Lang, i: &Interview) -> InterviewView {
    let (day, time) = day_and_time(lang, i.starts_at);
    InterviewView {
        day,
        time,
        professional: i.professional_name.clone(),
        mode: mode_label(lang, i.mode).to_owned(),
        place: i.place.clone(),
        wants_earlier: i.wants_earlier,
    }
}

fn pattern(a: &Availability) -> Vec<WeeklySlot> {
    a.weekly.iter().map(|w| w.slot.clone()).collect()
}

/// The days without slots among `days` days from `from`: the professional's own days away and the
/// programme's closures (national holidays, the patron day, configured closures).
fn closed_days(
    state: &AppState,
    away: &[chrono::NaiveDate],
    from: chrono::NaiveDate,
    days: u32,
) -> Vec<chrono::NaiveDate> {
    // Checked when the server starts, so this never falls back in practice.
    let closures = state.config.closures_calendar().unwrap_or_else(|e| {
        tracing::error!("closed days: {e}");
        Default::default()
    });
    let mut closed = closures.within(from, days);
    closed.extend_from_slice(away);
    closed
}

/// Free slots of every professional, soonest first.
async fn free_slots(
    state: &AppState,
    t: i64,
    limit: usize,
) -> Result<Vec<(StaffId, String, Slot)>, AppError> {
    let today = local_date(from_unix(t));
    let all = state.store.availability_of(None).await?;
    let booked = state
        .store
        .booked_starts(t, t + i64::from(HORIZON_DAYS + 1) * 86400)
        .await?;
    let mut out: Vec<(StaffId, String, Slot)> = all
        .iter()
        .flat_map(|a| {
            slots(
                &pattern(a),
                &closed_days(state, &a.away, today, HORIZON_DAYS),
                today,
                HORIZON_DAYS,
                from_unix(t + MIN_NOTICE_SECS),
            )
            .into_iter()
            .filter(|s| !booked.contains(&(a.professional_id, s.starts_at.timestamp())))
            .map(|s| (a.professional_id, a.name.clone(), s))
            .collect::<Vec<_>>()
        })
        .collect();
    out.sort_by_key(|(pid, _, s)| (s.starts_at, *pid));
    out.truncate(limit);
    Ok(out)
}

/// The slot a form names, if its professional really offers it and it has not started.
async fn resolve_slot(
    state: &AppState,
    key: &str,
    t: i64,
) -> Result<Option<(StaffId, Slot)>, AppError> {
    let Some((pid, ts)) = key
        .split_once('-')
        .and_then(|(p, s)| Some((p.parse::<StaffId>().ok()?, s.parse::<i64>().ok()?)))
    else {
        return Ok(None);
    };
    if ts < t + MIN_NOTICE_SECS {
        return Ok(None);
    }
    let all = state.store.availability_of(Some(pid)).await?;
    Ok(all
        .first()
        .and_then(|a| {
            let day = local_date(from_unix(ts));
            offered(
                &pattern(a),
                &closed_days(state, &a.away, day, 1),
                from_unix(ts),
            )
        })
        .map(|s| (pid, s)))
}

/// The calendar event of `applicant_id`'s interview at `starts_at`: its UID stays the same from
/// the invitation to the cancellation that removes it.
fn invitation(
    state: &AppState,
    lang: Lang,
    applicant_id: ApplicantId,
    starts_at: i64,
    ends_at: i64,
    place: &str,
) -> Invitation {
    let host = calendar::host(&state.config);
    let organizer = calendar::organizer(&state.config);
    Invitation {
        uid: format!("interview-{applicant_id}-{starts_at}@{host}"),
        summary: lang.t(Key::interview_subject).to_owned(),
        location: place.to_owned(),
        starts_at: from_unix(starts_at),
        ends_at: from_unix(ends_at),
        organizer,
    }
}

/// What the person is told when an interview they had is cancelled (by them or the secretariat):
/// the message, and for their calendar the event's cancellation.
fn cancellation(state: &AppState, r: &CaseRecord, old: &Interview, t: i64) -> Vec<NewMessage> {
    let lang = Lang::from_code(&r.language).unwrap_or_default();
    let (day, time) = day_and_time(lang, old.starts_at);
    let body = lang.tf(
        Key::interview_cancelled_message,
        &[("name", &r.first_name), ("day", &day), ("time", &time)],
    );
    let calendar = invitation(
        state,
        lang,
        r.applicant_id,
        old.starts_at,
        old.ends_at,
        &old.place,
    )
    .cancel(from_unix(t));
    NewMessage::to_person(
        r.mobile.as_deref(),
        r.email.as_deref(),
        lang.t(Key::interview_cancelled_subject),
        &body,
        Some(calendar),
    )
}

/// The confirmation an applicant gets: SMS and, with an address, an email with the invitation.
fn confirmation(
    state: &AppState,
    r: &CaseRecord,
    slot: &Slot,
    status_url: &str,
    t: i64,
) -> Vec<NewMessage> {
    let lang = Lang::from_code(&r.language).unwrap_or_default();
    let (day, time) = day_and_time(lang, slot.starts_at.timestamp());
    let body = lang.tf(
        Key::interview_booked_message,
        &[
            ("name", &r.first_name),
            ("day", &day),
            ("time", &time),
            ("mode", mode_label(lang, slot.mode)),
            ("place", &slot.place),
            ("link", status_url),
        ],
    );
    let subject = lang.t(Key::interview_subject);
    let calendar = invitation(
        state,
        lang,
        r.applicant_id,
        slot.starts_at.timestamp(),
        slot.ends_at.timestamp(),
        &slot.place,
    )
    .request(from_unix(t));
    NewMessage::to_person(
        r.mobile.as_deref(),
        r.email.as_deref(),
        subject,
        &body,
        Some(calendar),
    )
}

/// On a move, the old event leaves the person's calendar: an email with its cancellation only
/// (the text messages already say the new time).
fn old_event_removed(
    state: &AppState,
    r: &CaseRecord,
    old: &Interview,
    t: i64,
) -> Option<NewMessage> {
    let lang = Lang::from_code(&r.language).unwrap_or_default();
    let email = r.email.as_deref()?;
    let (day, time) = day_and_time(lang, old.starts_at);
    Some(NewMessage {
        calendar: Some(
            invitation(
                state,
                lang,
                r.applicant_id,
                old.starts_at,
                old.ends_at,
                &old.place,
            )
            .cancel(from_unix(t)),
        ),
        channel: Channel::Email,
        recipient: email.to_owned(),
        subject: lang.t(Key::interview_moved_subject).to_owned(),
        body: lang.tf(
            Key::interview_moved_message,
            &[("name", &r.first_name), ("day", &day), ("time", &time)],
        ),
    })
}

/// A fresh status link for the messages (the first one is known only to the applicant).
async fn new_status_link(
    state: &AppState,
    applicant_id: ApplicantId,
    t: i64,
) -> Result<String, AppError> {
    let token = tokens::status_token();
    state
        .store
        .add_status_token(
            applicant_id,
            &tokens::hash(&token),
            &[],
            crate::storage::Replace::Nothing,
            t,
        )
        .await?;
    Ok(format!(
        "{}/s/{token}",
        state.config.public_base_url.trim_end_matches('/')
    ))
}

/// `free` is how many free slots to list: a phone screen shows fewer than a desk.
async fn booking_view(
    state: &AppState,
    lang: Lang,
    applicant_id: ApplicantId,
    (may_book, may_assess): (bool, bool),
    free: usize,
) -> Result<BookingView, AppError> {
    let t = now();
    let booked = state.store.booked_interview(applicant_id).await?;
    let free = if may_book {
        free_slots(state, t, free)
            .await?
            .iter()
            .map(|(pid, name, s)| slot_view(lang, *pid, name, s))
            .collect()
    } else {
        Vec::new()
    };
    let assessment = match state.store.latest_assessment(applicant_id).await? {
        Some((by, at, json)) => Some(AssessmentView {
            by,
            at: day_and_time(lang, at).0,
            content: crate::storage::read_stored("assessment", &json)?,
        }),
        None => None,
    };
    Ok(BookingView {
        booked: booked.as_ref().map(|i| interview_view(lang, i)),
        free,
        may_book,
        may_assess,
        assessment,
    })
}

pub async fn load_booking(applicant_id: ApplicantId) -> Result<BookingView, AppError> {
    let state = state()?;
    let me = require::<LoadBooking>()?;
    require_case(&state, &me, applicant_id).await?;
    let lang = crate::ui::request_lang();
    let r = state.store.case_record(applicant_id).await?;
    let may_book = me.has(Role::Secretariat) && r.state.is_open();
    let may_assess = me.has(Role::Professional);
    booking_view(&state, lang, applicant_id, (may_book, may_assess), 30).await
}

fn case_page(applicant_id: ApplicantId, query: &str) -> String {
    format!("/staff/case/{applicant_id}?{query}")
}

async fn do_book(
    state: &AppState,
    applicant_id: ApplicantId,
    key: &str,
    wants_earlier: bool,
    booked_by: Option<StaffId>,
) -> Result<Result<(), &'static str>, AppError> {
    let t = now();
    let Some((professional_id, slot)) = resolve_slot(state, key, t).await? else {
        return Ok(Err("slot"));
    };
    let record = state.store.case_record(applicant_id).await?;
    let link = new_status_link(state, applicant_id, t).await?;
    let messages = confirmation(state, &record, &slot, &link, t);
    let moved_from = |old: Option<&Interview>| {
        let mut all = messages;
        all.extend(old.and_then(|old| old_event_removed(state, &record, old, t)));
        all
    };
    let booking = NewBooking {
        applicant_id,
        professional_id,
        slot,
        wants_earlier,
        booked_by,
        at: t,
    };
    state.store.forget_band_counts();
    match state
        .store
        .book_interview_replacing(&booking, moved_from)
        .await
    {
        Ok(_) => Ok(Ok(())),
        Err(BookingError::Taken) => Ok(Err("taken")),
        Err(BookingError::Invalid(_)) => Ok(Err("state")),
        Err(BookingError::Store(e)) => Err(e.into()),
    }
}

pub async fn book(
    applicant_id: ApplicantId,
    key: String,
    wants_earlier: bool,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<BookInterview>()?;
    match do_book(&state, applicant_id, &key, wants_earlier, Some(me.id)).await? {
        Ok(()) => leptos_axum::redirect(&case_page(applicant_id, "ok=booked#interview")),
        Err(code) => {
            leptos_axum::redirect(&case_page(applicant_id, &format!("e={code}#interview")))
        }
    }
    Ok(())
}

/// Cancels and tells the people booked later who asked for an earlier slot that one is free.
async fn do_cancel(
    state: &AppState,
    applicant_id: ApplicantId,
    staff_id: Option<StaffId>,
) -> Result<bool, AppError> {
    let t = now();
    let mut people = Vec::new();
    let record = state.store.case_record(applicant_id).await?;
    let result = state
        .store
        .cancel_interview(applicant_id, staff_id, t, |cancelled, later| {
            people = later.iter().map(|i| i.applicant_id).collect();
            cancellation(state, &record, cancelled, t)
        })
        .await;
    let cancelled = match result {
        Ok(c) => c,
        Err(BookingError::Store(e)) => return Err(e.into()),
        // Nothing to cancel in this state (the case moved on meanwhile): the page says so.
        Err(_) => return Ok(false),
    };
    let Some(cancelled) = cancelled else {
        return Ok(false);
    };
    for applicant in people {
        let r = state.store.case_record(applicant).await?;
        let lang = Lang::from_code(&r.language).unwrap_or_default();
        let (day, time) = day_and_time(lang, cancelled.starts_at);
        let link = new_status_link(state, applicant, t).await?;
        let body = lang.tf(
            Key::interview_earlier_message,
            &[
                ("name", &r.first_name),
                ("day", &day),
                ("time", &time),
                ("link", &link),
            ],
        );
        if let Some(mobile) = &r.mobile {
            let m = NewMessage {
                calendar: None,
                channel: Channel::Sms,
                recipient: mobile.clone(),
                subject: String::new(),
                body,
            };
            state.store.enqueue_message(&m, t).await?;
        }
    }
    Ok(true)
}

pub async fn cancel(applicant_id: ApplicantId) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CancelInterview>()?;
    let done = do_cancel(&state, applicant_id, Some(me.id)).await?;
    leptos_axum::redirect(&case_page(
        applicant_id,
        if done {
            "ok=cancelled#interview"
        } else {
            "e=state#interview"
        },
    ));
    Ok(())
}

pub async fn no_show(applicant_id: ApplicantId) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<RecordNoShow>()?;
    require_own_interview(&state, &me, applicant_id).await?;
    match state.store.record_no_show(applicant_id, me.id, now()).await {
        Ok(()) => leptos_axum::redirect(&case_page(applicant_id, "ok=no_show#interview")),
        Err(BookingError::Store(crate::storage::StoreError::NotFound))
        | Err(BookingError::Invalid(_)) => {
            leptos_axum::redirect(&case_page(applicant_id, "e=state#interview"))
        }
        Err(BookingError::Store(e)) => return Err(e.into()),
        Err(BookingError::Taken) => return Err(AppError::Conflict),
    }
    Ok(())
}

pub async fn save_assessment(
    applicant_id: ApplicantId,
    form: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<SaveAssessment>()?;
    require_own_interview(&state, &me, applicant_id).await?;
    let a = Assessment::from_form(&form);
    if let Some(p) = a.problems().first() {
        leptos_axum::redirect(&case_page(
            applicant_id,
            &format!("e=a_{}#assessment", p.field()),
        ));
        return Ok(());
    }
    let json = serde_json::to_string(&a).map_err(|_| AppError::Unavailable)?;
    match state
        .store
        .save_assessment(applicant_id, me.id, &json, now())
        .await
    {
        Ok(()) => leptos_axum::redirect(&case_page(applicant_id, "ok=assessed#assessment")),
        Err(BookingError::Invalid(_)) => {
            leptos_axum::redirect(&case_page(applicant_id, "e=state#assessment"))
        }
        Err(BookingError::Store(e)) => return Err(e.into()),
        Err(BookingError::Taken) => return Err(AppError::Conflict),
    }
    Ok(())
}

pub async fn load_availability() -> Result<AvailabilityView, AppError> {
    let state = state()?;
    let me = require::<LoadAvailability>()?;
    let lang = crate::ui::request_lang();
    let t = now();
    let mine = state.store.availability_of(Some(me.id)).await?;
    let Some(a) = mine.into_iter().next() else {
        return Ok(AvailabilityView {
            weekly: Vec::new(),
            away: Vec::new(),
            upcoming: Vec::new(),
        });
    };
    let booked = state
        .store
        .booked_starts(t, t + i64::from(HORIZON_DAYS) * 86400)
        .await?;
    let upcoming = slots(
        &pattern(&a),
        &closed_days(&state, &a.away, local_date(from_unix(t)), 14),
        local_date(from_unix(t)),
        14,
        from_unix(t),
    )
    .iter()
    .filter(|s| !booked.contains(&(me.id, s.starts_at.timestamp())))
    .take(20)
    .map(|s| slot_view(lang, me.id, &a.name, s))
    .collect();
    Ok(AvailabilityView {
        weekly: a
            .weekly
            .iter()
            .map(|w| WeeklyView {
                id: w.id,
                weekday: w.slot.weekday.number_from_monday(),
                start: w.slot.start.format("%H:%M").to_string(),
                minutes: w.slot.minutes,
                mode: mode_label(lang, w.slot.mode).to_owned(),
                place: w.slot.place.clone(),
            })
            .collect(),
        away: a
            .away
            .iter()
            .map(|d| crate::i18n::format_date(lang, *d))
            .collect(),
        upcoming,
    })
}

pub async fn add_weekly(
    weekday: String,
    start: String,
    minutes: String,
    mode: String,
    place: String,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<AddWeeklySlot>()?;
    let weekday = match weekday.trim() {
        "1" => Some(Weekday::Mon),
        "2" => Some(Weekday::Tue),
        "3" => Some(Weekday::Wed),
        "4" => Some(Weekday::Thu),
        "5" => Some(Weekday::Fri),
        "6" => Some(Weekday::Sat),
        "7" => Some(Weekday::Sun),
        _ => None,
    };
    let start = NaiveTime::parse_from_str(start.trim(), "%H:%M").ok();
    let (Some(weekday), Some(start), Some(mode)) = (weekday, start, Mode::from_code(mode.trim()))
    else {
        leptos_axum::redirect("/staff/availability?e=slot");
        return Ok(());
    };
    let w = WeeklySlot {
        weekday,
        start,
        minutes: minutes.trim().parse().unwrap_or(0),
        mode,
        place: place.trim().to_owned(),
    };
    if let Err(p) = check_weekly(&w) {
        let code = match p {
            crate::domain::availability::SlotProblem::Length => "length",
            crate::domain::availability::SlotProblem::Place => "place",
        };
        leptos_axum::redirect(&format!("/staff/availability?e={code}"));
        return Ok(());
    }
    state.store.add_weekly_slot(me.id, &w).await?;
    leptos_axum::redirect("/staff/availability?ok=saved");
    Ok(())
}

pub async fn remove_weekly(id: i64) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<RemoveWeeklySlot>()?;
    state.store.remove_weekly_slot(me.id, id).await?;
    leptos_axum::redirect("/staff/availability?ok=saved");
    Ok(())
}

pub async fn set_away(day: String, away: bool) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<SetAway>()?;
    let Ok(day) = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d") else {
        leptos_axum::redirect("/staff/availability?e=day");
        return Ok(());
    };
    state.store.set_away(me.id, day, away).await?;
    leptos_axum::redirect("/staff/availability?ok=saved");
    Ok(())
}

async fn my_applicant(
    _state: &AppState,
) -> Result<Option<crate::storage::ApplicantStatus>, AppError> {
    crate::web::applicant::current().await
}

pub async fn load_my_interview() -> Result<Option<BookingView>, AppError> {
    let state = state()?;
    let lang = crate::web::lang::from_headers(&crate::web::ctx::request_headers());
    let Some(me) = my_applicant(&state).await? else {
        return Ok(None);
    };
    if me.state != "interview_booked" {
        return Ok(None);
    }
    Ok(Some(
        booking_view(&state, lang, me.applicant_id, (true, false), 10).await?,
    ))
}

pub async fn move_mine(key: String) -> Result<(), AppError> {
    let state = state()?;
    let Some(me) = my_applicant(&state).await? else {
        leptos_axum::redirect("/status");
        return Ok(());
    };
    let wants_earlier = state
        .store
        .booked_interview(me.applicant_id)
        .await?
        .is_some_and(|i| i.wants_earlier);
    match do_book(&state, me.applicant_id, &key, wants_earlier, None).await? {
        Ok(()) => leptos_axum::redirect("/status?ok=moved#interview"),
        Err(code) => leptos_axum::redirect(&format!("/status?e={code}#interview")),
    }
    Ok(())
}

pub async fn cancel_mine() -> Result<(), AppError> {
    let state = state()?;
    let Some(me) = my_applicant(&state).await? else {
        leptos_axum::redirect("/status");
        return Ok(());
    };
    do_cancel(&state, me.applicant_id, None).await?;
    leptos_axum::redirect("/status?ok=interview_cancelled");
    Ok(())
}

/// The reminders applicants get 48 and 2 hours before their interview; run every few minutes.
pub async fn send_reminders(state: &AppState) -> Result<usize, crate::storage::StoreError> {
    state
        .store
        .send_due_reminders(now(), |i, to, hours| {
            let lang = Lang::from_code(&to.language).unwrap_or_default();
            let (day, time) = day_and_time(lang, i.starts_at);
            let body = lang.tf(
                Key::interview_reminder_message,
                &[
                    ("name", &to.first_name),
                    ("hours", &hours.to_string()),
                    ("day", &day),
                    ("time", &time),
                    ("place", &i.place),
                ],
            );
            NewMessage::to_person(
                to.mobile.as_deref(),
                to.email.as_deref(),
                lang.t(Key::interview_subject),
                &body,
                None,
            )
        })
        .await
}
