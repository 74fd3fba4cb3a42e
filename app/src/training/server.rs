//! The server half of the training catalogue.
use super::*;
use crate::domain::assessment::Assessment;
use crate::domain::case::CaseState;
use crate::domain::deadline::from_unix;
use crate::domain::plan::Kind;
use crate::domain::position::{ITALIAN_LEVELS, REQUIRED_ITALIAN};
use crate::domain::questionnaire::{Answers, Opt};
use crate::domain::staff::Role;
use crate::domain::training::{
    certificate_languages, hours_text, meets_italian, Completion, CourseDetails, Standing, KINDS,
    WEEKDAYS,
};
use crate::i18n::{format_date, Key, Lang};
use crate::storage::{
    read_stored, CourseSummary, NewMessage, Participant, Told, TrainingError, TrainingNews,
};
use crate::ui::forms::{clear_form, form_state, keep_form};
use crate::web::access::{require, require_case};
use crate::web::applicant::current;
use crate::web::calendar::{self, Invitation};
use crate::web::ctx::request_headers;
use crate::web::time::{date_text, day_and_time, day_of, now};
use crate::web::{state, AppState};

const CATALOGUE_FORM: &str = "course:new";

fn case_page(applicant_id: ApplicantId, query: &str) -> String {
    format!("/staff/case/{applicant_id}?{query}#courses")
}

fn label(lang: Lang, opts: &[Opt], code: &str) -> String {
    opts.iter()
        .find(|o| o.value == code)
        .map(|o| lang.t(o.label).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn dates(lang: Lang, c: &CourseSummary) -> String {
    match (c.first_starts, c.last_ends) {
        (Some(f), Some(l)) => lang.tf(
            Key::course_dates,
            &[("from", &date_text(lang, f)), ("to", &date_text(lang, l))],
        ),
        _ => String::new(),
    }
}

fn course_row(lang: Lang, c: &CourseSummary, t: i64) -> CourseRow {
    CourseRow {
        id: c.id,
        title: c.title.clone(),
        provider: c.provider.clone(),
        kind: Kind::from_code(&c.kind)
            .map(|k| lang.t(k.label()).to_owned())
            .unwrap_or_default(),
        level: c.level.clone(),
        italian: if c.italian_min == "none" {
            String::new()
        } else {
            format!(
                "{}: {}",
                lang.t(Key::course_italian_min),
                label(lang, REQUIRED_ITALIAN, &c.italian_min)
            )
        },
        language: Lang::from_code(&c.teaching_language)
            .map(|l| l.meta().name.to_owned())
            .unwrap_or_default(),
        place: c.place.clone(),
        dates: dates(lang, c),
        hours: hours_text(lang, c.total_minutes),
        seats: lang.tf(
            Key::training_seats,
            &[
                ("taken", &lang.integer(c.enrolled)),
                ("seats", &lang.integer(c.seats)),
            ],
        ),
        waiting: (c.waiting > 0).then(|| lang.plural(Key::training_waiting, c.waiting, &[])),
        full: c.enrolled >= c.seats,
        over: c.is_over(t),
    }
}

fn completion(state: &AppState, attended: i64, total: i64) -> Completion {
    Completion::of(attended, total, state.config.training_completion_percent)
}

fn attended_text(lang: Lang, c: Completion) -> String {
    lang.tf(
        Key::course_attended,
        &[
            ("attended", &hours_text(lang, c.attended_minutes)),
            ("total", &hours_text(lang, c.total_minutes)),
            ("percent", &lang.percent(c.share())),
        ],
    )
}

fn choices(lang: Lang) -> (Vec<Choice>, Vec<Choice>, Vec<Choice>) {
    let kinds = KINDS
        .iter()
        .map(|k| Choice {
            value: k.code().to_owned(),
            label: lang.t(k.label()).to_owned(),
        })
        .collect();
    let levels = REQUIRED_ITALIAN
        .iter()
        .map(|o| Choice {
            value: o.value.to_owned(),
            label: lang.t(o.label).to_owned(),
        })
        .collect();
    let languages = Lang::all()
        .map(|l| Choice {
            value: l.code().to_owned(),
            label: l.meta().name.to_owned(),
        })
        .collect();
    (kinds, levels, languages)
}

pub async fn load_courses(with_past: bool) -> Result<CatalogueView, AppError> {
    let state = state()?;
    let me = require::<LoadCourses>()?;
    let lang = crate::ui::request_lang();
    let t = now();
    let courses = state
        .store
        .courses(t, with_past)
        .await?
        .iter()
        .map(|c| course_row(lang, c, t))
        .collect();
    let mut form = form_state(&state, CATALOGUE_FORM).await;
    if form.values.is_empty() {
        form.values.insert("seats".into(), "12".into());
        form.values.insert("teaching_language".into(), "it".into());
        form.values.insert("italian_min".into(), "none".into());
    }
    let (kinds, italian_levels, languages) = choices(lang);
    Ok(CatalogueView {
        courses,
        may_create: me.has(Role::Secretariat),
        form,
        kinds,
        italian_levels,
        languages,
        weekdays: WEEKDAYS
            .iter()
            .enumerate()
            .map(|(n, k)| (format!("day_{}", n + 1), lang.t(*k).to_owned()))
            .collect(),
        with_past,
    })
}

pub async fn create_course(f: BTreeMap<String, String>) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CreateCourse>()?;
    let lang = crate::ui::request_lang();
    let closures = state.config.closures_calendar().unwrap_or_default();
    match CourseDetails::from_form(&f, &closures) {
        Ok(course) => {
            let id = state.store.create_course(&course, me.id, now()).await?;
            clear_form(&state, CATALOGUE_FORM).await?;
            leptos_axum::redirect(&format!("/staff/training/{id}?ok=created"));
        }
        Err(problems) => {
            let problems: Vec<(String, String)> = problems
                .iter()
                .map(|p| (p.field().to_owned(), lang.t(p.key()).to_owned()))
                .collect();
            keep_form(&state, CATALOGUE_FORM, &f, &problems).await?;
            leptos_axum::redirect("/staff/training?e=course#new-course");
        }
    }
    Ok(())
}

/// Who of `people` the caller may see the case of: the secretariat all, a professional those
/// they work with.
async fn on_case(
    state: &AppState,
    me: &crate::storage::StaffAccount,
    id: ApplicantId,
) -> Result<bool, AppError> {
    Ok(me.has(Role::Secretariat) || state.store.works_on_case(me.id, id).await?)
}

async fn person_row(
    state: &AppState,
    me: &crate::storage::StaffAccount,
    lang: Lang,
    p: &Participant,
    total: i64,
    place: Option<i64>,
) -> Result<PersonRow, AppError> {
    let c = completion(state, p.attended_minutes, total);
    Ok(PersonRow {
        applicant_id: p.applicant_id,
        name: format!("{} {}", p.first_name, p.last_name),
        reference: p.reference.clone(),
        attended: attended_text(lang, c),
        completed: c.completed,
        waiting_place: place.map(|n| lang.tf(Key::course_waiting_place, &[("n", &n.to_string())])),
        on_case: on_case(state, me, p.applicant_id).await?,
    })
}

pub async fn load_course(course_id: CourseId) -> Result<CourseView, AppError> {
    let state = state()?;
    let me = require::<LoadCourse>()?;
    let lang = crate::ui::request_lang();
    let t = now();
    let Some(c) = state.store.course(course_id).await? else {
        return Err(AppError::NotFound);
    };
    let people = state.store.course_participants(course_id).await?;
    let marks = state.store.attendance_marks(course_id).await?;
    let sessions = state
        .store
        .course_sessions(course_id)
        .await?
        .into_iter()
        .map(|s| {
            let (day, time) = day_and_time(lang, s.starts_at);
            let end = from_unix(s.ends_at)
                .with_timezone(&crate::domain::deadline::PROGRAMME_TZ)
                .format("%H:%M")
                .to_string();
            let n = marks.iter().filter(|m| m.session_id == s.id).count() as i64;
            SessionRow {
                id: s.id,
                when: format!("{day} {time}–{end}"),
                marked: lang.plural(
                    Key::register_marked,
                    n,
                    &[("total", &lang.integer(c.enrolled))],
                ),
            }
        })
        .collect();
    let (mut enrolled, mut waiting, mut left) = (Vec::new(), Vec::new(), Vec::new());
    let mut place = 0;
    for p in &people {
        match p.status.as_str() {
            "enrolled" => {
                enrolled.push(person_row(&state, &me, lang, p, c.total_minutes, None).await?)
            }
            "waiting" => {
                place += 1;
                waiting.push(person_row(&state, &me, lang, p, c.total_minutes, Some(place)).await?);
            }
            _ => left.push(person_row(&state, &me, lang, p, c.total_minutes, None).await?),
        }
    }
    Ok(CourseView {
        course: course_row(lang, &c, t),
        sessions,
        enrolled,
        waiting,
        left,
        threshold: lang.tf(
            Key::course_threshold,
            &[(
                "percent",
                &lang.percent(f64::from(state.config.training_completion_percent) / 100.0),
            )],
        ),
    })
}

pub async fn load_register(session_id: CourseSessionId) -> Result<RegisterView, AppError> {
    let state = state()?;
    require::<LoadRegister>()?;
    let lang = crate::ui::request_lang();
    let Some(course_id) = state.store.session_course(session_id).await? else {
        return Err(AppError::NotFound);
    };
    let Some(c) = state.store.course(course_id).await? else {
        return Err(AppError::NotFound);
    };
    let sessions = state.store.course_sessions(course_id).await?;
    let at = sessions
        .iter()
        .position(|s| s.id == session_id)
        .ok_or(AppError::NotFound)?;
    let s = sessions[at];
    let marks = state.store.attendance_marks(course_id).await?;
    let people: Vec<RegisterRow> = state
        .store
        .course_participants(course_id)
        .await?
        .into_iter()
        .filter(|p| p.status == "enrolled")
        .map(|p| RegisterRow {
            applicant_id: p.applicant_id,
            name: format!("{} {}", p.first_name, p.last_name),
            present: marks
                .iter()
                .find(|m| m.session_id == session_id && m.applicant_id == p.applicant_id)
                .map(|m| m.mark == "present"),
        })
        .collect();
    let marked = people.iter().filter(|p| p.present.is_some()).count() as i64;
    let (day, time) = day_and_time(lang, s.starts_at);
    Ok(RegisterView {
        course_id,
        course_title: c.title.clone(),
        session_id,
        when: format!("{day} {time}"),
        place: c.place.clone(),
        marked: lang.plural(
            Key::register_marked,
            marked,
            &[("total", &lang.integer(people.len() as i64))],
        ),
        people,
        previous: at.checked_sub(1).map(|i| sessions[i].id),
        next: sessions.get(at + 1).map(|s| s.id),
    })
}

pub async fn mark_attendance(
    session_id: CourseSessionId,
    applicant_id: ApplicantId,
    present: bool,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<MarkAttendance>()?;
    let back = format!("/staff/training/session/{session_id}");
    match state
        .store
        .mark_attendance(session_id, applicant_id, present, me.id, now())
        .await
    {
        Ok(()) => leptos_axum::redirect(&format!("{back}#p{applicant_id}")),
        Err(TrainingError::NotEnrolled) => leptos_axum::redirect(&format!("{back}?e=register")),
        Err(TrainingError::Store(e)) => return Err(e.into()),
        Err(_) => return Err(AppError::NotFound),
    }
    Ok(())
}

pub async fn load_certificate(
    course_id: CourseId,
    applicant_id: ApplicantId,
) -> Result<CertificateView, AppError> {
    let state = state()?;
    let me = require::<LoadCertificate>()?;
    require_case(&state, &me, applicant_id).await?;
    let Some(c) = state.store.course(course_id).await? else {
        return Err(AppError::NotFound);
    };
    let Some(p) = state
        .store
        .course_participants(course_id)
        .await?
        .into_iter()
        .find(|p| p.applicant_id == applicant_id && p.status != "waiting")
    else {
        return Err(AppError::NotFound);
    };
    let done = completion(&state, p.attended_minutes, c.total_minutes);
    if !done.completed {
        return Ok(CertificateView {
            course_id,
            pages: Vec::new(),
        });
    }
    let record = state.store.case_record(applicant_id).await?;
    let person = Lang::from_code(&record.language).unwrap_or_default();
    let birth = crate::domain::questionnaire::parse_date(&record.birth_date);
    let today = day_of(now());
    let pages = certificate_languages(person)
        .into_iter()
        .map(|lang| CertificatePage {
            lang: lang.code().to_owned(),
            dir: lang.dir().to_owned(),
            title: lang.t(Key::cert_title).to_owned(),
            body: lang.tf(
                Key::cert_body,
                &[
                    (
                        "name",
                        &format!("{} {}", record.first_name, record.last_name),
                    ),
                    (
                        "birth",
                        &birth
                            .map(|d| format_date(lang, d))
                            .unwrap_or_else(|| record.birth_date.clone()),
                    ),
                    ("course", &c.title),
                    ("provider", &c.provider),
                    ("place", &c.place),
                    (
                        "from",
                        &c.first_starts
                            .map(|t| date_text(lang, t))
                            .unwrap_or_default(),
                    ),
                    (
                        "to",
                        &c.last_ends.map(|t| date_text(lang, t)).unwrap_or_default(),
                    ),
                    ("attended", &hours_text(lang, done.attended_minutes)),
                    ("total", &hours_text(lang, done.total_minutes)),
                    ("percent", &lang.percent(done.share())),
                ],
            ),
            issued: lang.tf(Key::cert_issued, &[("date", &format_date(lang, today))]),
            signature: lang.t(Key::cert_signature).to_owned(),
        })
        .collect();
    Ok(CertificateView { course_id, pages })
}

/// The person's Italian as the assessment found it, or as they said in the questionnaire.
async fn italian_of(state: &AppState, applicant_id: ApplicantId) -> Result<String, AppError> {
    if let Some((_, _, json)) = state.store.latest_assessment(applicant_id).await? {
        let a: Assessment = read_stored("assessment", &json)?;
        if !a.italian.is_empty() {
            return Ok(a.italian);
        }
    }
    let record = state.store.case_record(applicant_id).await?;
    let answers: Answers = read_stored("answers", &record.answers_json)?;
    Ok(answers.get("italian").to_owned())
}

pub async fn load_case_courses(
    applicant_id: ApplicantId,
) -> Result<Option<CaseCoursesView>, AppError> {
    let state = state()?;
    let me = require::<LoadCaseCourses>()?;
    require_case(&state, &me, applicant_id).await?;
    let lang = crate::ui::request_lang();
    let t = now();
    let case = state.store.case_record(applicant_id).await?.state;
    let mine = state.store.courses_of(applicant_id).await?;
    let on_path = case == CaseState::InPath;
    if mine.is_empty() && !on_path {
        return Ok(None);
    }
    let rows = mine
        .iter()
        .map(|(c, standing, attended)| {
            let done = completion(&state, *attended, c.total_minutes);
            CaseCourseRow {
                course_id: c.id,
                title: c.title.clone(),
                dates: dates(lang, c),
                standing: match standing {
                    Standing::Enrolled => lang.t(Key::case_course_enrolled).to_owned(),
                    Standing::Waiting(n) => {
                        lang.tf(Key::case_course_waiting, &[("n", &n.to_string())])
                    }
                    Standing::Left => lang.t(Key::case_course_left).to_owned(),
                },
                attended: attended_text(lang, done),
                open: matches!(standing, Standing::Enrolled | Standing::Waiting(_)),
                completed: done.completed && !matches!(standing, Standing::Waiting(_)),
            }
        })
        .collect();
    let (mut options, mut warnings) = (Vec::new(), Vec::new());
    if on_path {
        let has = italian_of(&state, applicant_id).await?;
        for c in state.store.courses(t, false).await? {
            if mine
                .iter()
                .any(|(m, s, _)| m.id == c.id && !matches!(s, Standing::Left))
            {
                continue;
            }
            let row = course_row(lang, &c, t);
            let mut text = format!("{} — {} · {}", c.title, c.provider, row.dates);
            if row.full {
                text.push_str(&format!(" · {}", lang.t(Key::training_full)));
            }
            options.push(Choice {
                value: c.id.to_string(),
                label: text,
            });
            if !meets_italian(&has, &c.italian_min) {
                warnings.push(format!(
                    "{}: {}",
                    c.title,
                    lang.tf(
                        Key::course_italian_warning,
                        &[
                            ("level", &label(lang, REQUIRED_ITALIAN, &c.italian_min)),
                            ("has", &label(lang, ITALIAN_LEVELS, &has)),
                        ],
                    )
                ));
            }
        }
    }
    Ok(Some(CaseCoursesView {
        applicant_id,
        rows,
        may_enrol: on_path && !options.is_empty(),
        options,
        warnings,
    }))
}

pub async fn enrol_in_course(applicant_id: ApplicantId, course_id: String) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<EnrolInCourse>()?;
    require_case(&state, &me, applicant_id).await?;
    let Ok(course_id) = course_id.parse::<CourseId>() else {
        leptos_axum::redirect(&case_page(applicant_id, "e=course_choose"));
        return Ok(());
    };
    let tell = teller(&state);
    let target = match state
        .store
        .enrol_in_course(course_id, applicant_id, me.id, now(), &tell)
        .await
    {
        Ok(Standing::Waiting(n)) => format!("ok=course_waiting&n={n}"),
        Ok(_) => "ok=course_enrolled".to_owned(),
        Err(TrainingError::NotInPath(_)) => "e=course_path".to_owned(),
        Err(TrainingError::AlreadyOnCourse(_)) => "e=course_already".to_owned(),
        Err(TrainingError::CourseOver) => "e=course_over".to_owned(),
        Err(TrainingError::NotFound | TrainingError::NotEnrolled) => "e=course_choose".to_owned(),
        Err(TrainingError::Store(e)) => return Err(e.into()),
    };
    leptos_axum::redirect(&case_page(applicant_id, &target));
    Ok(())
}

pub async fn leave_course(
    applicant_id: ApplicantId,
    course_id: CourseId,
    from: String,
) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<LeaveCourse>()?;
    require_case(&state, &me, applicant_id).await?;
    let tell = teller(&state);
    let moved = match state
        .store
        .leave_course(course_id, applicant_id, me.id, now(), &tell)
        .await
    {
        Ok(moved) => moved,
        Err(TrainingError::Store(e)) => return Err(e.into()),
        Err(_) => return Err(AppError::NotFound),
    };
    let query = match moved {
        Some(id) => format!("ok=course_removed&moved={id}"),
        None => "ok=course_removed".to_owned(),
    };
    if from == "course" {
        leptos_axum::redirect(&format!("/staff/training/{course_id}?{query}"));
    } else {
        leptos_axum::redirect(&case_page(applicant_id, &query));
    }
    Ok(())
}

pub async fn load_my_courses() -> Result<Vec<MyCourseRow>, AppError> {
    let state = state()?;
    let lang = crate::web::lang::from_headers(&request_headers());
    let Some(s) = current().await? else {
        return Ok(Vec::new());
    };
    let t = now();
    let mut out = Vec::new();
    for (c, standing, attended) in state.store.courses_of(s.applicant_id).await? {
        let sessions = state.store.course_sessions(c.id).await?;
        let when = |ts: i64| {
            let (day, time) = day_and_time(lang, ts);
            format!("{day}, {time}")
        };
        let next = sessions
            .iter()
            .find(|x| x.ends_at > t)
            .map(|x| when(x.starts_at));
        let done = completion(&state, attended, c.total_minutes);
        out.push(MyCourseRow {
            title: c.title.clone(),
            provider: c.provider.clone(),
            place: c.place.clone(),
            standing: match standing {
                Standing::Enrolled if c.is_over(t) => lang.t(Key::my_course_over).to_owned(),
                Standing::Enrolled => lang.t(Key::my_course_enrolled).to_owned(),
                Standing::Waiting(n) => lang.tf(Key::my_course_waiting, &[("n", &n.to_string())]),
                Standing::Left => lang.t(Key::my_course_left).to_owned(),
            },
            next: (standing == Standing::Enrolled).then_some(next).flatten(),
            attended: (standing == Standing::Enrolled && attended > 0).then(|| {
                lang.tf(
                    Key::my_course_attended,
                    &[
                        ("attended", &hours_text(lang, done.attended_minutes)),
                        ("total", &hours_text(lang, done.total_minutes)),
                    ],
                )
            }),
            sessions: if standing == Standing::Enrolled {
                sessions
                    .iter()
                    .filter(|x| x.ends_at > t)
                    .map(|x| when(x.starts_at))
                    .collect()
            } else {
                Vec::new()
            },
        });
    }
    Ok(out)
}

/// The messages a person gets about a course, in their language: by SMS and email, with the
/// lessons still to come as calendar events (added on a place, removed when it is closed).
pub(crate) fn teller(state: &AppState) -> impl Fn(&Told<'_>) -> Vec<NewMessage> + Send + Sync {
    let host = calendar::host(&state.config);
    let organizer = calendar::organizer(&state.config);
    let phone = state.config.secretariat_phone.clone();
    move |told: &Told<'_>| {
        let t = now();
        let lang = Lang::from_code(&told.learner.language).unwrap_or_default();
        let name = told.learner.first_name.as_str();
        let course = told.course.title.as_str();
        let coming: Vec<_> = told.sessions.iter().filter(|s| s.ends_at > t).collect();
        let events: Vec<Invitation> = coming
            .iter()
            .map(|s| Invitation {
                uid: format!(
                    "course-{}-{}-{}@{host}",
                    told.course.id, s.id, told.learner.applicant_id
                ),
                summary: format!("{course} ({})", told.course.provider),
                location: told.course.place.clone(),
                starts_at: from_unix(s.starts_at),
                ends_at: from_unix(s.ends_at),
                organizer: organizer.clone(),
            })
            .collect();
        let (day, time) = coming
            .first()
            .map(|s| day_and_time(lang, s.starts_at))
            .unwrap_or_default();
        let place = told.course.place.as_str();
        let (body, calendar) = match told.news {
            TrainingNews::Enrolled => (
                lang.tf(
                    Key::course_msg_enrolled,
                    &[
                        ("name", name),
                        ("course", course),
                        ("day", &day),
                        ("time", &time),
                        ("place", place),
                    ],
                ),
                Some(calendar::series(&events, false, from_unix(t))),
            ),
            TrainingNews::SeatFreed => (
                lang.tf(
                    Key::course_msg_seat_freed,
                    &[
                        ("name", name),
                        ("course", course),
                        ("day", &day),
                        ("time", &time),
                        ("place", place),
                    ],
                ),
                Some(calendar::series(&events, false, from_unix(t))),
            ),
            TrainingNews::Waiting(n) => (
                lang.tf(
                    Key::course_msg_waiting,
                    &[("name", name), ("course", course), ("n", &n.to_string())],
                ),
                None,
            ),
            TrainingNews::Left => (
                lang.tf(
                    Key::course_msg_left,
                    &[("name", name), ("course", course), ("phone", &phone)],
                ),
                // Removes the lessons from the calendar of someone who had a place; for someone
                // who was only waiting there is nothing to remove, and a CANCEL does no harm.
                (!events.is_empty()).then(|| calendar::series(&events, true, from_unix(t))),
            ),
        };
        NewMessage::to_person(
            told.learner.mobile.as_deref(),
            told.learner.email.as_deref(),
            lang.t(Key::course_msg_subject),
            &body,
            calendar.filter(|_| !events.is_empty()),
        )
    }
}
