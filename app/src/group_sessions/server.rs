//! The server half of group sessions.
use super::*;
use crate::domain::case::CaseState;
use crate::domain::deadline::{from_unix, PROGRAMME_TZ};
use crate::domain::group_session::{
    may_be_invited, register_open, Invitation, SessionDetails, Topic,
};
use crate::domain::staff::Role;
use crate::i18n::{Key, Lang};
use crate::storage::{
    GroupSession, GroupSessionError, NewMessage, SessionNews, SessionTold, StaffAccount,
};
use crate::ui::forms::{clear_form, form_state, keep_form};
use crate::web::access::{require, require_case};
use crate::web::applicant::current;
use crate::web::calendar::{self, Invitation as CalendarEvent};
use crate::web::ctx::request_headers;
use crate::web::time::{date_text, day_and_time, now};
use crate::web::{state, AppState};

const NEW_FORM: &str = "group_session:new";
/// How many people the session's page offers from the queue at once.
const QUEUE_SHOWN: i64 = 60;

fn session_page(id: GroupSessionId, query: &str) -> String {
    format!("/staff/sessions/{id}?{query}")
}

fn case_page(applicant_id: ApplicantId, query: &str) -> String {
    format!("/staff/case/{applicant_id}?{query}#group-sessions")
}

fn language_name(code: &str) -> String {
    Lang::from_code(code)
        .map(|l| l.meta().name.to_owned())
        .unwrap_or_default()
}

fn topic_label(lang: Lang, code: &str) -> String {
    Topic::from_code(code)
        .map(|t| lang.t(t.label()).to_owned())
        .unwrap_or_default()
}

/// "mercoledì 10 marzo 2027, 10:00–11:30".
fn when(lang: Lang, starts_at: i64, ends_at: i64) -> String {
    let (day, time) = day_and_time(lang, starts_at);
    let end = from_unix(ends_at)
        .with_timezone(&PROGRAMME_TZ)
        .format("%H:%M")
        .to_string();
    format!("{day}, {time}–{end}")
}

/// Where it is, in one line for a message: the room, the video link, or both.
fn venue(lang: Lang, place: &str, link: &str) -> String {
    let online = (!link.is_empty()).then(|| format!("{}: {link}", lang.t(Key::group_video)));
    match (place.is_empty(), online) {
        (false, Some(online)) => format!("{place} · {online}"),
        (true, Some(online)) => online,
        _ => place.to_owned(),
    }
}

fn session_row(lang: Lang, g: &GroupSession, t: i64) -> SessionRow {
    SessionRow {
        id: g.id,
        title: g.title.clone(),
        topic: topic_label(lang, &g.topic),
        when: when(lang, g.starts_at, g.ends_at),
        place: g.place.clone(),
        video_link: g.video_link.clone(),
        language: language_name(&g.language),
        seats: lang.plural(
            Key::group_seats,
            g.invited,
            &[("seats", &lang.integer(g.seats))],
        ),
        present: (g.present > 0).then(|| lang.plural(Key::group_present_count, g.present, &[])),
        full: g.is_full(),
        over: g.is_over(t),
        cancelled: g.cancelled_at.is_some(),
    }
}

fn choices(lang: Lang) -> (Vec<Choice>, Vec<Choice>) {
    let topics = Topic::ALL
        .iter()
        .map(|t| Choice {
            value: t.code().to_owned(),
            label: lang.t(t.label()).to_owned(),
        })
        .collect();
    let languages = Lang::all()
        .map(|l| Choice {
            value: l.code().to_owned(),
            label: l.meta().name.to_owned(),
        })
        .collect();
    (topics, languages)
}

pub async fn load_group_sessions(with_past: bool) -> Result<SessionsView, AppError> {
    let state = state()?;
    require::<LoadGroupSessions>()?;
    let lang = crate::ui::request_lang();
    let t = now();
    let sessions = state
        .store
        .group_sessions(t, with_past)
        .await?
        .iter()
        .map(|g| session_row(lang, g, t))
        .collect();
    let mut form = form_state(&state, NEW_FORM).await;
    if form.values.is_empty() {
        for (k, v) in [
            ("topic", "information"),
            ("seats", "15"),
            ("language", "it"),
            ("from", "10:00"),
            ("to", "11:30"),
        ] {
            form.values.insert(k.into(), v.into());
        }
    }
    let (topics, languages) = choices(lang);
    Ok(SessionsView {
        sessions,
        form,
        topics,
        languages,
        with_past,
    })
}

pub async fn create_group_session(f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CreateGroupSession>()?;
    let lang = crate::ui::request_lang();
    let closures = state.config.closures_calendar().unwrap_or_default();
    match SessionDetails::from_form(&f, &closures, now()) {
        Ok(details) => {
            let id = state
                .store
                .create_group_session(&details, me.id, now())
                .await?;
            clear_form(&state, NEW_FORM).await?;
            leptos_axum::redirect(&session_page(id, "ok=created"));
        }
        Err(problems) => {
            let problems: Vec<(String, String)> = problems
                .iter()
                .map(|p| (p.field().to_owned(), lang.t(p.key()).to_owned()))
                .collect();
            keep_form(&state, NEW_FORM, &f, &problems).await?;
            leptos_axum::redirect("/staff/sessions?e=session#new-session");
        }
    }
    Ok(())
}

async fn on_case(state: &AppState, me: &StaffAccount, id: ApplicantId) -> Result<bool, AppError> {
    Ok(me.has(Role::Secretariat) || state.store.works_on_case(me.id, id).await?)
}

fn standing(lang: Lang, status: &str) -> String {
    lang.t(match Invitation::from_code(status) {
        Some(Invitation::Invited) => Key::group_status_invited,
        Some(Invitation::Declined) => Key::group_status_declined,
        _ => Key::group_status_removed,
    })
    .to_owned()
}

pub async fn load_group_session(session_id: GroupSessionId) -> Result<SessionView, AppError> {
    let state = state()?;
    let me = require::<LoadGroupSession>()?;
    let lang = crate::ui::request_lang();
    let t = now();
    let Some(g) = state.store.group_session(session_id).await? else {
        return Err(AppError::NotFound);
    };
    let (mut invited, mut others) = (Vec::new(), Vec::new());
    for p in state.store.group_session_invitees(session_id).await? {
        let row = InviteeRow {
            applicant_id: p.applicant_id,
            name: format!("{} {}", p.first_name, p.last_name),
            reference: p.reference.clone(),
            language: language_name(&p.language),
            standing: standing(lang, &p.status),
            present: p.attendance.as_deref().map(|a| a == "present"),
            on_case: on_case(&state, &me, p.applicant_id).await?,
        };
        if p.status == Invitation::Invited.code() {
            invited.push(row);
        } else {
            others.push(row);
        }
    }
    let upcoming = g.cancelled_at.is_none() && g.starts_at > t;
    let may_invite_from_queue = upcoming && me.has(Role::Secretariat);
    // A full session offers nobody: ticking people who would all be refused helps no one.
    let queue = if may_invite_from_queue && !g.is_full() {
        state
            .store
            .group_session_queue(&g, QUEUE_SHOWN)
            .await?
            .into_iter()
            .map(|q| {
                let case = CaseState::from_code(&q.state)
                    .map(|s| lang.t(s.label()).to_owned())
                    .unwrap_or_default();
                QueueRow {
                    applicant_id: q.applicant_id,
                    name: format!("{} {}", q.first_name, q.last_name),
                    reference: q.reference,
                    same_language: q.language == g.language,
                    language: language_name(&q.language),
                    standing: lang.tf(
                        Key::group_queue_since,
                        &[("state", &case), ("date", &date_text(lang, q.received_at))],
                    ),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let marked = invited.iter().filter(|p| p.present.is_some()).count() as i64;
    Ok(SessionView {
        register_open: g.cancelled_at.is_none() && register_open(g.starts_at, t),
        marked: lang.plural(
            Key::group_marked,
            marked,
            &[("total", &lang.integer(invited.len() as i64))],
        ),
        may_cancel: upcoming,
        session: session_row(lang, &g, t),
        invited,
        others,
        queue,
        may_invite_from_queue,
    })
}

fn refusal(e: GroupSessionError) -> Result<&'static str, AppError> {
    Ok(match e {
        GroupSessionError::Full => "group_full",
        GroupSessionError::Over => "group_over",
        GroupSessionError::Cancelled => "group_cancelled",
        GroupSessionError::AlreadyInvited => "group_already",
        GroupSessionError::NotInvitable(_) => "group_case",
        GroupSessionError::TooEarly => "group_early",
        GroupSessionError::NotInvited | GroupSessionError::NotFound => "group_choose",
        GroupSessionError::Store(e) => return Err(e.into()),
    })
}

pub async fn invite_from_queue(
    session_id: GroupSessionId,
    f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<InviteFromQueue>()?;
    let chosen: Vec<ApplicantId> = f
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .filter_map(|(k, _)| k.strip_prefix('p')?.parse().ok())
        .collect();
    if chosen.is_empty() {
        leptos_axum::redirect(&session_page(session_id, "e=group_nobody#queue"));
        return Ok(());
    }
    let tell = teller(&state);
    let (mut invited, mut refused) = (0, 0);
    for who in chosen {
        match state
            .store
            .invite_to_group_session(session_id, who, me.id, now(), &tell)
            .await
        {
            Ok(()) => invited += 1,
            Err(GroupSessionError::Store(e)) => return Err(e.into()),
            Err(GroupSessionError::NotFound) if invited + refused == 0 => {
                return Err(AppError::NotFound)
            }
            Err(_) => refused += 1,
        }
    }
    leptos_axum::redirect(&session_page(
        session_id,
        &format!("ok=invited&n={invited}&m={refused}"),
    ));
    Ok(())
}

pub async fn invite_to_group_session(
    applicant_id: ApplicantId,
    session_id: String,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<InviteToGroupSession>()?;
    require_case(&state, &me, applicant_id).await?;
    let Ok(session_id) = session_id.parse::<GroupSessionId>() else {
        leptos_axum::redirect(&case_page(applicant_id, "e=group_choose"));
        return Ok(());
    };
    let tell = teller(&state);
    let query = match state
        .store
        .invite_to_group_session(session_id, applicant_id, me.id, now(), &tell)
        .await
    {
        Ok(()) => "ok=group_invited".to_owned(),
        Err(e) => format!("e={}", refusal(e)?),
    };
    leptos_axum::redirect(&case_page(applicant_id, &query));
    Ok(())
}

pub async fn remove_from_group_session(
    session_id: GroupSessionId,
    applicant_id: ApplicantId,
    from: String,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<RemoveFromGroupSession>()?;
    require_case(&state, &me, applicant_id).await?;
    let tell = teller(&state);
    let query = match state
        .store
        .end_group_invitation(session_id, applicant_id, Some(me.id), now(), &tell)
        .await
    {
        Ok(()) => "ok=group_removed".to_owned(),
        Err(e) => format!("e={}", refusal(e)?),
    };
    if from == "session" {
        leptos_axum::redirect(&session_page(session_id, &query));
    } else {
        leptos_axum::redirect(&case_page(applicant_id, &query));
    }
    Ok(())
}

pub async fn mark_group_attendance(
    session_id: GroupSessionId,
    applicant_id: ApplicantId,
    present: bool,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<MarkGroupAttendance>()?;
    match state
        .store
        .mark_group_attendance(session_id, applicant_id, present, me.id, now())
        .await
    {
        Ok(()) => leptos_axum::redirect(&format!("/staff/sessions/{session_id}#p{applicant_id}")),
        Err(GroupSessionError::NotFound) => return Err(AppError::NotFound),
        Err(e) => {
            let code = refusal(e)?;
            leptos_axum::redirect(&session_page(session_id, &format!("e={code}#register")))
        }
    }
    Ok(())
}

pub async fn cancel_group_session(session_id: GroupSessionId) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CancelGroupSession>()?;
    let tell = teller(&state);
    let query = match state
        .store
        .cancel_group_session(session_id, me.id, now(), &tell)
        .await
    {
        Ok(n) => format!("ok=cancelled&n={n}"),
        Err(GroupSessionError::NotFound) => return Err(AppError::NotFound),
        Err(e) => format!("e={}", refusal(e)?),
    };
    leptos_axum::redirect(&session_page(session_id, &query));
    Ok(())
}

pub async fn load_case_group_sessions(
    applicant_id: ApplicantId,
) -> Result<Option<CaseSessionsView>, AppError> {
    let state = state()?;
    let me = require::<LoadCaseGroupSessions>()?;
    require_case(&state, &me, applicant_id).await?;
    let lang = crate::ui::request_lang();
    let t = now();
    let case = state.store.case_record(applicant_id).await?.state;
    let mine = state.store.group_sessions_of(applicant_id).await?;
    let invitable = may_be_invited(case);
    if mine.is_empty() && !invitable {
        return Ok(None);
    }
    let rows = mine
        .iter()
        .map(|(g, status, attendance)| CaseSessionRow {
            session_id: g.id,
            title: g.title.clone(),
            when: when(lang, g.starts_at, g.ends_at),
            standing: if g.cancelled_at.is_some() {
                lang.t(Key::group_cancelled).to_owned()
            } else {
                match attendance.as_deref() {
                    Some("present") => lang.t(Key::group_present).to_owned(),
                    Some(_) => lang.t(Key::group_absent).to_owned(),
                    None => standing(lang, status.code()),
                }
            },
            open: *status == Invitation::Invited && g.cancelled_at.is_none() && g.ends_at > t,
        })
        .collect();
    let mut options = Vec::new();
    if invitable {
        for g in state.store.group_sessions(t, false).await? {
            let taken = mine
                .iter()
                .any(|(m, s, _)| m.id == g.id && *s == Invitation::Invited);
            if taken || g.starts_at <= t || g.is_full() {
                continue;
            }
            options.push(Choice {
                value: g.id.to_string(),
                label: format!(
                    "{} — {} · {} · {}",
                    g.title,
                    when(lang, g.starts_at, g.ends_at),
                    language_name(&g.language),
                    lang.plural(
                        Key::group_seats,
                        g.invited,
                        &[("seats", &lang.integer(g.seats))]
                    )
                ),
            });
        }
    }
    Ok(Some(CaseSessionsView {
        applicant_id,
        rows,
        may_invite: invitable && !options.is_empty(),
        options,
    }))
}

pub async fn load_my_group_sessions() -> Result<Vec<MySessionRow>, AppError> {
    let state = state()?;
    let lang = crate::web::lang::from_headers(&request_headers());
    let Some(s) = current().await? else {
        return Ok(Vec::new());
    };
    let t = now();
    // Sessions of the last month stay in view; older ones are history.
    let since = t - 30 * 86_400;
    Ok(state
        .store
        .group_sessions_of(s.applicant_id)
        .await?
        .into_iter()
        .filter(|(g, status, _)| g.ends_at > since && *status != Invitation::Removed)
        .map(|(g, status, attendance)| {
            let cancelled = g.cancelled_at.is_some();
            let key = match (status, attendance.as_deref()) {
                _ if cancelled => Key::my_group_cancelled,
                (Invitation::Declined, _) => Key::my_group_declined,
                (_, Some("present")) => Key::my_group_attended,
                (_, Some(_)) => Key::my_group_missed,
                _ if g.is_over(t) => Key::my_group_over,
                _ => Key::my_group_invited,
            };
            MySessionRow {
                session_id: g.id,
                title: g.title.clone(),
                topic: topic_label(lang, &g.topic),
                when: when(lang, g.starts_at, g.ends_at),
                place: g.place.clone(),
                video_link: if cancelled || g.is_over(t) {
                    String::new()
                } else {
                    g.video_link.clone()
                },
                language: language_name(&g.language),
                standing: lang.t(key).to_owned(),
                may_decline: status == Invitation::Invited && !cancelled && g.starts_at > t,
            }
        })
        .collect())
}

pub async fn decline_group_session(session_id: GroupSessionId) -> Result<(), AppError> {
    let state = state()?;
    let Some(s) = current().await? else {
        leptos_axum::redirect("/status");
        return Ok(());
    };
    let tell = teller(&state);
    let query = match state
        .store
        .end_group_invitation(session_id, s.applicant_id, None, now(), &tell)
        .await
    {
        Ok(()) => "ok=group_declined",
        Err(GroupSessionError::Store(e)) => return Err(e.into()),
        Err(_) => "e=group",
    };
    leptos_axum::redirect(&format!("/status?{query}#group-sessions"));
    Ok(())
}

/// The reminders people get the day before a session; run every few minutes.
pub async fn send_reminders(state: &AppState) -> Result<usize, crate::storage::StoreError> {
    let tell = teller(state);
    state.store.send_group_reminders(now(), &tell).await
}

/// The messages a person gets about a session, in their language, by SMS and email: each names
/// only its reader. The invitation carries the calendar event; declining, being taken off and a
/// cancellation remove it.
pub(crate) fn teller(
    state: &AppState,
) -> impl Fn(&SessionTold<'_>) -> Vec<NewMessage> + Send + Sync {
    teller_from(
        calendar::host(&state.config),
        calendar::organizer(&state.config),
        state.config.secretariat_phone.clone(),
    )
}

fn teller_from(
    host: String,
    organizer: String,
    phone: String,
) -> impl Fn(&SessionTold<'_>) -> Vec<NewMessage> + Send + Sync {
    move |told: &SessionTold<'_>| {
        let t = now();
        let g = told.session;
        let lang = Lang::from_code(&told.guest.language).unwrap_or_default();
        let (day, time) = day_and_time(lang, g.starts_at);
        let place = venue(lang, &g.place, &g.video_link);
        let event = CalendarEvent {
            uid: format!(
                "group-{}-{}-{}@{host}",
                g.id, told.guest.applicant_id, told.invited_at
            ),
            summary: g.title.clone(),
            location: if g.place.is_empty() {
                g.video_link.clone()
            } else {
                g.place.clone()
            },
            starts_at: from_unix(g.starts_at),
            ends_at: from_unix(g.ends_at),
            organizer: organizer.clone(),
        };
        let args = [
            ("name", told.guest.first_name.as_str()),
            ("title", g.title.as_str()),
            ("day", day.as_str()),
            ("time", time.as_str()),
            ("place", place.as_str()),
            ("phone", phone.as_str()),
        ];
        let (key, calendar) = match told.news {
            SessionNews::Invited => (Key::group_msg_invited, Some(event.request(from_unix(t)))),
            SessionNews::Reminder => (Key::group_msg_reminder, None),
            SessionNews::Declined => (Key::group_msg_declined, Some(event.cancel(from_unix(t)))),
            SessionNews::Removed => (Key::group_msg_removed, Some(event.cancel(from_unix(t)))),
            SessionNews::Cancelled => (Key::group_msg_cancelled, Some(event.cancel(from_unix(t)))),
        };
        NewMessage::to_person(
            told.guest.mobile.as_deref(),
            told.guest.email.as_deref(),
            lang.t(Key::group_msg_subject),
            &lang.tf(key, &args),
            calendar,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{Channel, Guest};
    use icalendar::parser::{read_calendar, unfold};

    fn session() -> GroupSession {
        GroupSession {
            id: GroupSessionId::new(7),
            topic: "information".into(),
            title: "Incontro informativo: come funziona il programma".into(),
            starts_at: 1_805_000_000,
            ends_at: 1_805_005_400,
            place: "Via Capramozza 13, Bologna".into(),
            video_link: "https://meet.example.org/insieme-7".into(),
            seats: 12,
            language: "it".into(),
            cancelled_at: None,
            invited: 5,
            present: 0,
        }
    }

    fn guest() -> Guest {
        Guest {
            applicant_id: ApplicantId::new(42),
            first_name: "Amina".into(),
            language: "ar".into(),
            mobile: Some("+393205550101".into()),
            email: Some("amina@example.org".into()),
        }
    }

    fn calendar_of(messages: &[NewMessage]) -> String {
        messages
            .iter()
            .find(|m| m.channel == Channel::Email)
            .and_then(|m| m.calendar.clone())
            .expect("an email with a calendar")
    }

    /// The values of a property, in the calendar and in its events, read back from the text.
    fn property(calendar: &str, name: &str) -> Vec<String> {
        let text = unfold(calendar);
        let parsed = read_calendar(&text).expect("the calendar parses back");
        let of = |props: &[icalendar::parser::Property]| {
            props
                .iter()
                .filter(|p| p.name == name)
                .map(|p| p.val.to_string())
                .collect::<Vec<_>>()
        };
        let mut found = of(&parsed.properties);
        for c in &parsed.components {
            found.extend(of(&c.properties));
        }
        found
    }

    #[test]
    fn an_invitation_adds_the_event_and_a_cancellation_removes_the_same_one() {
        let tell = teller_from(
            "lavoro.example.org".into(),
            "segreteria@lavoro.example.org".into(),
            "051 000000".into(),
        );
        let (g, who) = (session(), guest());
        let told = |news| {
            tell(&SessionTold {
                guest: &who,
                session: &g,
                news,
                invited_at: 1_804_000_000,
            })
        };
        let invited = told(SessionNews::Invited);
        assert_eq!(invited.len(), 2, "an SMS and an email");
        let sms = invited.iter().find(|m| m.channel == Channel::Sms).unwrap();
        assert!(sms.body.contains("Amina"));
        assert!(sms.body.contains("https://meet.example.org/insieme-7"));
        let request = calendar_of(&invited);
        assert_eq!(property(&request, "METHOD"), vec!["REQUEST"]);
        let uid = property(&request, "UID");
        assert_eq!(
            uid,
            vec!["group-7-42-1804000000@lavoro.example.org".to_owned()]
        );
        assert!(property(&request, "ORGANIZER")[0].contains("segreteria@lavoro.example.org"));
        for news in [
            SessionNews::Declined,
            SessionNews::Removed,
            SessionNews::Cancelled,
        ] {
            let cancel = calendar_of(&told(news));
            assert_eq!(property(&cancel, "METHOD"), vec!["CANCEL"], "{news:?}");
            assert_eq!(property(&cancel, "UID"), uid, "{news:?}");
            let (before, after) = (
                property(&request, "SEQUENCE")[0].parse::<u32>().unwrap(),
                property(&cancel, "SEQUENCE")[0].parse::<u32>().unwrap(),
            );
            assert!(after > before, "{news:?}");
        }
        let reminder = told(SessionNews::Reminder);
        assert!(reminder.iter().all(|m| m.calendar.is_none()));
        assert!(reminder.iter().all(|m| !m.body.is_empty()));
    }
}
