//! The catalogue, a course with its people, the register, the certificate, and the courses
//! section of the case page and of the applicant's status page.
use super::*;
use crate::i18n::{Key, Lang};
use crate::ui::forms::{
    id_param, query_value, select_field, text_field, FormProblems, StaffProblem,
};
use crate::ui::{use_lang, Loading};
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos_router::hooks::{use_location, use_params_map};

fn course_facts(lang: Lang, c: &CourseRow) -> impl IntoView {
    view! {
        <p class="parts">
            <bdi>{c.provider.clone()}</bdi> " · " {c.kind.clone()}
            {(!c.level.is_empty()).then(|| view! { " · " <bdi>{c.level.clone()}</bdi> })}
        </p>
        <p class="parts">{c.dates.clone()} " · " {c.hours.clone()} " · " <bdi>{c.place.clone()}</bdi></p>
        <p class="parts">
            {c.seats.clone()}
            {c.waiting.clone().map(|w| view! { " · " {w} })}
            {c.full.then(|| view! { " " <span class="tag">{lang.t(Key::training_full)}</span> })}
            {c.over.then(|| view! { " " <span class="tag">{lang.t(Key::training_over)}</span> })}
        </p>
        <p class="muted">
            {lang.t(Key::course_teaching_language)} ": " {c.language.clone()}
            {(!c.italian.is_empty()).then(|| view! { " · " {c.italian.clone()} })}
        </p>
    }
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateCourse>::new();
    let location = use_location();
    let past = query_value("past");
    let data = Resource::new(
        move || (location.search.get(), create.version().get(), past.get()),
        |(_, _, past)| load_courses(past.is_some()),
    );
    view! {
        <h1>{lang.t(Key::training_title)}</h1>
        <p class="muted">{lang.t(Key::training_intro)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(catalogue(lang, v, create)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn catalogue(lang: Lang, v: CatalogueView, create: ServerAction<CreateCourse>) -> impl IntoView {
    let form = v.form.clone();
    let open = !form.problems.is_empty();
    view! {
        <p>
            {if v.with_past {
                Either::Left(view! { <a href="/staff/training">{lang.t(Key::course_catalogue_back)}</a> })
            } else {
                Either::Right(view! { <a href="/staff/training?past=1">{lang.t(Key::training_show_past)}</a> })
            }}
        </p>
        {if v.courses.is_empty() {
            Either::Left(view! { <p>{lang.t(Key::training_none)}</p> })
        } else {
            Either::Right(view! {
                <ul class="cards courses">
                    {v.courses.iter().map(|c| view! {
                        <li class="card">
                            <h2><a href=format!("/staff/training/{}", c.id)>{c.title.clone()}</a></h2>
                            {course_facts(lang, c)}
                        </li>
                    }).collect_view()}
                </ul>
            })
        }}
        {v.may_create.then(|| view! {
            <details id="new-course" class="panel" open=open>
                <summary>{lang.t(Key::course_new)}</summary>
                <ActionForm action=create attr:novalidate=true>
                    <FormProblems form=form.clone()/>
                    {text_field(&form, "title", lang.t(Key::course_title_label), "text")}
                    {text_field(&form, "provider", lang.t(Key::course_provider), "text")}
                    <div class="two">
                        {select_field(&form, "kind", lang.t(Key::course_kind), v.kinds.clone())}
                        {text_field(&form, "level", lang.t(Key::course_level), "text")}
                    </div>
                    <div class="two">
                        {select_field(&form, "italian_min", lang.t(Key::course_italian_min), v.italian_levels.clone())}
                        {select_field(&form, "teaching_language", lang.t(Key::course_teaching_language), v.languages.clone())}
                    </div>
                    {text_field(&form, "place", lang.t(Key::course_place), "text")}
                    {text_field(&form, "seats", lang.t(Key::course_seats), "number")}
                    <p class="muted">{lang.t(Key::course_schedule_explain)}</p>
                    <div class="two">
                        {text_field(&form, "first_day", lang.t(Key::course_first_day), "date")}
                        {text_field(&form, "last_day", lang.t(Key::course_last_day), "date")}
                    </div>
                    <fieldset class="field" id=form.id_of("day_1") class:invalid=form.problem("day_1").is_some()>
                        <legend>{lang.t(Key::course_weekdays)}</legend>
                        {form.problem("day_1").map(|e| view! { <p class="error">{e}</p> })}
                        <div class="checks weekdays">
                            {v.weekdays.iter().map(|(name, label)| view! {
                                <label class="choice">
                                    <input type="checkbox" name=format!("f[{name}]") value="on" checked=form.ticked(name)/>
                                    <span>{label.clone()}</span>
                                </label>
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <div class="two">
                        {text_field(&form, "from", lang.t(Key::course_from), "time")}
                        {text_field(&form, "to", lang.t(Key::course_to), "time")}
                    </div>
                    <div class="actions">
                        <button type="submit" class="primary">{lang.t(Key::course_create)}</button>
                    </div>
                </ActionForm>
            </details>
        })}
    }
}

#[component]
pub fn CoursePage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param(CourseId::new);
    let leave = ServerAction::<LeaveCourse>::new();
    let location = use_location();
    let data = Resource::new(
        move || (id.get(), location.search.get(), leave.version().get()),
        |(id, ..)| load_course(id),
    );
    view! {
        <p><a href="/staff/training">{lang.t(Key::course_catalogue_back)}</a></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(course_page(lang, v, leave)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

/// Read with the data it belongs to: the page is rendered again when its address changes, so the
/// notice never names someone from the list before the change.
fn course_notice(lang: Lang, enrolled: &[PersonRow]) -> Option<impl IntoView> {
    let ok = query_value("ok").get_untracked();
    let moved = query_value("moved").get_untracked();
    let text = match ok?.as_str() {
        "created" => lang.t(Key::course_created).to_owned(),
        "course_removed" => {
            match moved.and_then(|m| enrolled.iter().find(|p| p.applicant_id.to_string() == m)) {
                Some(p) => lang.tf(Key::course_moved_up, &[("name", &p.name)]),
                None => lang.t(Key::course_removed).to_owned(),
            }
        }
        _ => return None,
    };
    Some(view! { <div class="notice success" role="status"><p>{text}</p></div> })
}

fn people_table(
    lang: Lang,
    course_id: CourseId,
    people: Vec<PersonRow>,
    waiting: bool,
    leave: Option<ServerAction<LeaveCourse>>,
) -> impl IntoView {
    if people.is_empty() {
        return Either::Left(view! { <p class="muted">{lang.t(Key::course_nobody)}</p> });
    }
    Either::Right(view! {
        <ul class="people">
            {people.into_iter().map(|p| {
                let name = if p.on_case {
                    Either::Left(view! { <a href=format!("/staff/case/{}", p.applicant_id)><bdi>{p.name.clone()}</bdi></a> })
                } else {
                    Either::Right(view! { <bdi>{p.name.clone()}</bdi> })
                };
                view! {
                    <li>
                        <p>
                            {name} " " <span class="muted">{p.reference.clone()}</span>
                            {p.waiting_place.clone().map(|w| view! { " · " {w} })}
                        </p>
                        {(!waiting).then(|| view! {
                            <p class="muted">
                                {p.attended.clone()} " · "
                                {if p.completed { lang.t(Key::course_completed) } else { lang.t(Key::course_not_completed) }}
                                {(p.completed && p.on_case).then(|| view! {
                                    " · " <a href=format!("/staff/training/{course_id}/certificate/{}", p.applicant_id)>{lang.t(Key::course_certificate)}</a>
                                })}
                            </p>
                        })}
                        {leave.filter(|_| p.on_case).map(|leave| view! {
                            <ActionForm action=leave attr:class="inline">
                                <input type="hidden" name="applicant_id" value=p.applicant_id.to_string()/>
                                <input type="hidden" name="course_id" value=course_id.to_string()/>
                                <input type="hidden" name="from" value="course"/>
                                <button type="submit">{lang.t(Key::course_remove)}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}

fn course_page(lang: Lang, v: CourseView, leave: ServerAction<LeaveCourse>) -> impl IntoView {
    let id = v.course.id;
    let open = !v.course.over;
    view! {
        <h1>{v.course.title.clone()}</h1>
        {course_notice(lang, &v.enrolled)}
        {course_facts(lang, &v.course)}
        <div class="course-layout">
            <section>
                <h2>{lang.t(Key::course_enrolled_title)}</h2>
                <p class="muted">{v.threshold.clone()}</p>
                {people_table(lang, id, v.enrolled, false, open.then_some(leave))}
                <h2>{lang.t(Key::course_waiting_title)}</h2>
                {people_table(lang, id, v.waiting, true, open.then_some(leave))}
                {(!v.left.is_empty()).then(|| view! {
                    <details>
                        <summary>{lang.t(Key::course_left_title)}</summary>
                        {people_table(lang, id, v.left, false, None)}
                    </details>
                })}
            </section>
            <section>
                <h2>{lang.t(Key::course_sessions_title)}</h2>
                <ol class="sessions">
                    {v.sessions.iter().map(|s| view! {
                        <li>
                            <a href=format!("/staff/training/session/{}", s.id)>{s.when.clone()}</a>
                            " " <span class="muted">{s.marked.clone()}</span>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        </div>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param(CourseSessionId::new);
    let mark = ServerAction::<MarkAttendance>::new();
    let err = query_value("e");
    let data = Resource::new(
        move || (id.get(), mark.version().get()),
        |(id, _)| load_register(id),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(register(lang, v, mark, err)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn register(
    lang: Lang,
    v: RegisterView,
    mark: ServerAction<MarkAttendance>,
    err: Memo<Option<String>>,
) -> impl IntoView {
    let session = v.session_id;
    view! {
        <p><a href=format!("/staff/training/{}", v.course_id)>{lang.t(Key::course_back)}</a></p>
        <h1>{lang.t(Key::course_register)}</h1>
        <p class="lead"><bdi>{v.course_title.clone()}</bdi></p>
        <p>{v.when.clone()} " · " <bdi>{v.place.clone()}</bdi></p>
        {move || (err.get().as_deref() == Some("register")).then(|| view! {
            <div class="notice error" role="alert"><p>{lang.t(Key::register_err)}</p></div>
        })}
        <p class="muted">{lang.t(Key::register_explain)} " " <span role="status">{v.marked.clone()}</span></p>
        {if v.people.is_empty() {
            Either::Left(view! { <p>{lang.t(Key::course_nobody)}</p> })
        } else {
            Either::Right(view! {
                <ul class="register">
                    {v.people.into_iter().map(|p| {
                        let state = match p.present {
                            Some(true) => ("present", lang.t(Key::register_present)),
                            Some(false) => ("absent", lang.t(Key::register_absent)),
                            None => ("unmarked", lang.t(Key::register_unmarked)),
                        };
                        let name = p.name.clone();
                        let button = move |present: bool| {
                            let pressed = p.present == Some(present);
                            let what = if present { lang.t(Key::register_present) } else { lang.t(Key::register_absent) };
                            let label = format!("{name} — {what}");
                            view! {
                                <ActionForm action=mark attr:class="inline">
                                    <input type="hidden" name="session_id" value=session.to_string()/>
                                    <input type="hidden" name="applicant_id" value=p.applicant_id.to_string()/>
                                    <input type="hidden" name="present" value=present.to_string()/>
                                    <button type="submit"
                                        class=if present { "mark present" } else { "mark absent" }
                                        aria-pressed=pressed.to_string()
                                        aria-label=label>
                                        {what}
                                    </button>
                                </ActionForm>
                            }
                        };
                        view! {
                            <li id=format!("p{}", p.applicant_id) class=format!("register-row {}", state.0)>
                                <p class="who"><bdi>{p.name}</bdi> <span class="muted">{state.1}</span></p>
                                <div class="marks">{button(true)} {button(false)}</div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })
        }}
        <p class="pager">
            {v.previous.map(|s| view! { <a href=format!("/staff/training/session/{s}")>{lang.t(Key::register_previous)}</a> })}
            " "
            {v.next.map(|s| view! { <a href=format!("/staff/training/session/{s}")>{lang.t(Key::register_next)}</a> })}
        </p>
    }
}

#[component]
pub fn CertificatePage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param(CourseId::new);
    let params = use_params_map();
    let applicant = Memo::new(move |_| {
        ApplicantId::new(
            params
                .read()
                .get("applicant")
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(0),
        )
    });
    let data = Resource::new(
        move || (id.get(), applicant.get()),
        |(id, applicant)| load_certificate(id, applicant),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(certificate(lang, v)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn certificate(lang: Lang, v: CertificateView) -> impl IntoView {
    view! {
        <p class="no-print"><a href=format!("/staff/training/{}", v.course_id)>{lang.t(Key::course_back)}</a></p>
        {if v.pages.is_empty() {
            Either::Left(view! { <p class="notice">{lang.t(Key::cert_not_completed)}</p> })
        } else {
            Either::Right(view! {
                // The button needs the page's script; the browser's own Print works without it.
                <p class="no-print">
                    <button type="button" class="primary" on:click=|_| { let _ = window().print(); }>{lang.t(Key::cert_print)}</button>
                </p>
                {v.pages.into_iter().map(|p| view! {
                    <article class="certificate" lang=p.lang.clone() dir=p.dir.clone()>
                        <p class="issuer">"Insieme per il lavoro"</p>
                        <h1>{p.title.clone()}</h1>
                        <p class="body">{p.body.clone()}</p>
                        <p>{p.issued.clone()}</p>
                        <p class="signature">{p.signature.clone()}</p>
                    </article>
                }).collect_view()}
            })
        }}
    }
}

/// The courses section of the case page: where the person stands on each course, and enrolment
/// for someone on a path.
#[component]
pub fn CaseCourses(applicant_id: ApplicantId) -> impl IntoView {
    let lang = use_lang();
    let enrol = ServerAction::<EnrolInCourse>::new();
    let leave = ServerAction::<LeaveCourse>::new();
    let location = use_location();
    let data = Resource::new(
        move || {
            (
                location.search.get(),
                enrol.version().get(),
                leave.version().get(),
            )
        },
        move |_| load_case_courses(applicant_id),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => Either::Left(case_courses(lang, v, enrol, leave)),
                    Ok(None) => Either::Right(Either::Left(())),
                    Err(e) => Either::Right(Either::Right(view! { <StaffProblem error=e/> })),
                }
            })}
        </Transition>
    }
}

fn case_courses(
    lang: Lang,
    v: CaseCoursesView,
    enrol: ServerAction<EnrolInCourse>,
    leave: ServerAction<LeaveCourse>,
) -> impl IntoView {
    let ok = query_value("ok");
    let err = query_value("e");
    let n = query_value("n");
    let id = v.applicant_id;
    let notice = move || {
        let (key, class) = match (ok.get().as_deref(), err.get().as_deref()) {
            (Some("course_enrolled"), _) => (Key::case_course_enrolled_done, "success"),
            (Some("course_waiting"), _) => (Key::case_course_waiting_done, "success"),
            (Some("course_removed"), _) => (Key::course_removed, "success"),
            (_, Some("course_path")) => (Key::case_course_err_path, "error"),
            (_, Some("course_already")) => (Key::case_course_err_already, "error"),
            (_, Some("course_over")) => (Key::case_course_err_over, "error"),
            (_, Some("course_choose")) => (Key::case_course_err_choose, "error"),
            _ => return None,
        };
        let text = lang.tf(key, &[("n", &n.get().unwrap_or_default())]);
        Some(view! {
            <div class=format!("notice {class}") role=if class == "error" { "alert" } else { "status" }><p>{text}</p></div>
        })
    };
    view! {
        <section id="courses">
            <h2>{lang.t(Key::case_courses_title)}</h2>
            {notice}
            {if v.rows.is_empty() {
                Either::Left(view! { <p class="muted">{lang.t(Key::case_courses_none)}</p> })
            } else {
                Either::Right(view! {
                    <ul class="people">
                        {v.rows.into_iter().map(|r| view! {
                            <li>
                                <p><a href=format!("/staff/training/{}", r.course_id)><bdi>{r.title.clone()}</bdi></a> " · " {r.dates.clone()}</p>
                                <p><strong>{r.standing.clone()}</strong> " · " <span class="muted">{r.attended.clone()}</span>
                                    {r.completed.then(|| view! {
                                        " · " <a href=format!("/staff/training/{}/certificate/{id}", r.course_id)>{lang.t(Key::course_certificate)}</a>
                                    })}
                                </p>
                                {r.open.then(|| view! {
                                    <ActionForm action=leave attr:class="inline">
                                        <input type="hidden" name="applicant_id" value=id.to_string()/>
                                        <input type="hidden" name="course_id" value=r.course_id.to_string()/>
                                        <input type="hidden" name="from" value="case"/>
                                        <button type="submit">{lang.t(Key::course_remove)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
            {v.may_enrol.then(|| view! {
                <ActionForm action=enrol>
                    <input type="hidden" name="applicant_id" value=id.to_string()/>
                    <div class="field">
                        <label for="course-choice">{lang.t(Key::case_course_choose)}</label>
                        <select id="course-choice" name="course_id">
                            {v.options.iter().map(|c| view! { <option value=c.value.clone()>{c.label.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    {(!v.warnings.is_empty()).then(|| view! {
                        <ul class="warnings">{v.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                    })}
                    <button type="submit">{lang.t(Key::case_course_enrol)}</button>
                </ActionForm>
            })}
        </section>
    }
}

/// The applicant's courses on their status page: where they stand, the next lesson and the
/// dates still to come.
#[component]
pub fn ApplicantCourses() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| load_my_courses());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let rows = data.await.unwrap_or_default();
                (!rows.is_empty()).then(|| view! {
                    <section id="courses" class="card">
                        <h2>{lang.t(Key::my_courses_title)}</h2>
                        {rows.into_iter().map(|r| view! {
                            <div class="my-course">
                                <p class="lead"><strong><bdi>{r.title.clone()}</bdi></strong></p>
                                <p class="parts"><bdi>{r.provider.clone()}</bdi> " · " <bdi>{r.place.clone()}</bdi></p>
                                <p>{r.standing.clone()}</p>
                                {r.next.clone().map(|n| view! { <p><strong>{lang.t(Key::my_course_next)}</strong> " " {n}</p> })}
                                {r.attended.clone().map(|a| view! { <p class="muted">{a}</p> })}
                                {(r.sessions.len() > 1).then(|| view! {
                                    <details>
                                        <summary>{lang.t(Key::course_sessions_title)}</summary>
                                        <ul>{r.sessions.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
                                    </details>
                                })}
                            </div>
                        }).collect_view()}
                    </section>
                })
            })}
        </Transition>
    }
}
