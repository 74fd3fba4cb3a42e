//! The list of sessions with the form for a new one, a session with its people, the register and
//! the queue to invite from, and the sessions sections of the case page and of the applicant's
//! status page.
use super::*;
use crate::i18n::{Key, Lang};
use crate::ui::forms::{
    id_param, query_value, select_field, text_field, FormProblems, StaffProblem,
};
use crate::ui::{use_lang, Loading};
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos_router::hooks::use_location;

fn session_facts(lang: Lang, s: &SessionRow) -> impl IntoView {
    view! {
        <p class="parts">{s.topic.clone()} " · " {s.when.clone()}</p>
        <p class="parts">
            {(!s.place.is_empty()).then(|| view! { <bdi>{s.place.clone()}</bdi> })}
            {(!s.place.is_empty() && !s.video_link.is_empty()).then_some(" · ")}
            {(!s.video_link.is_empty()).then(|| view! {
                {lang.t(Key::group_video)} ": " <a href=s.video_link.clone() dir="ltr" rel="noopener noreferrer">{s.video_link.clone()}</a>
            })}
        </p>
        <p class="parts">
            {lang.t(Key::group_language)} ": " <bdi>{s.language.clone()}</bdi> " · " {s.seats.clone()}
            {s.present.clone().map(|p| view! { " · " {p} })}
            {(s.full && !s.cancelled && !s.over).then(|| view! { " " <span class="tag">{lang.t(Key::group_full)}</span> })}
            {s.cancelled.then(|| view! { " " <span class="tag">{lang.t(Key::group_cancelled)}</span> })}
            {(s.over && !s.cancelled).then(|| view! { " " <span class="tag">{lang.t(Key::group_over)}</span> })}
        </p>
    }
}

#[component]
pub fn GroupSessionsPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateGroupSession>::new();
    let location = use_location();
    let past = query_value("past");
    let data = Resource::new(
        move || (location.search.get(), create.version().get(), past.get()),
        |(_, _, past)| load_group_sessions(past.is_some()),
    );
    view! {
        <h1>{lang.t(Key::group_title)}</h1>
        <p class="muted">{lang.t(Key::group_intro)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(sessions_list(lang, v, create)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn sessions_list(
    lang: Lang,
    v: SessionsView,
    create: ServerAction<CreateGroupSession>,
) -> impl IntoView {
    let form = v.form.clone();
    let open = !form.problems.is_empty();
    view! {
        <p>
            {if v.with_past {
                Either::Left(view! { <a href="/staff/sessions">{lang.t(Key::group_back)}</a> })
            } else {
                Either::Right(view! { <a href="/staff/sessions?past=1">{lang.t(Key::group_show_past)}</a> })
            }}
        </p>
        {if v.sessions.is_empty() {
            Either::Left(view! { <p>{lang.t(Key::group_none)}</p> })
        } else {
            Either::Right(view! {
                <ul class="cards courses">
                    {v.sessions.iter().map(|s| view! {
                        <li class="card">
                            <h2><a href=format!("/staff/sessions/{}", s.id)><bdi>{s.title.clone()}</bdi></a></h2>
                            {session_facts(lang, s)}
                        </li>
                    }).collect_view()}
                </ul>
            })
        }}
        <details id="new-session" class="panel" open=open>
            <summary>{lang.t(Key::group_new)}</summary>
            <ActionForm action=create attr:novalidate=true>
                <FormProblems form=form.clone()/>
                <div class="fields-row">
                    {select_field(&form, "topic", lang.t(Key::group_topic), v.topics.clone())}
                    {select_field(&form, "language", lang.t(Key::group_language), v.languages.clone())}
                </div>
                {text_field(&form, "title", lang.t(Key::group_title_label), "text")}
                <div class="fields-row">
                    {text_field(&form, "day", lang.t(Key::group_day), "date")}
                    {text_field(&form, "from", lang.t(Key::group_from), "time")}
                    {text_field(&form, "to", lang.t(Key::group_to), "time")}
                </div>
                <p class="muted">{lang.t(Key::group_venue_hint)}</p>
                {text_field(&form, "place", lang.t(Key::group_place), "text")}
                {text_field(&form, "video_link", lang.t(Key::group_video_link), "url")}
                {text_field(&form, "seats", lang.t(Key::group_seats_label), "number")}
                <div class="actions">
                    <button type="submit" class="primary">{lang.t(Key::group_create)}</button>
                </div>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn GroupSessionPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param(GroupSessionId::new);
    let mark = ServerAction::<MarkGroupAttendance>::new();
    let remove = ServerAction::<RemoveFromGroupSession>::new();
    let invite = ServerAction::<InviteFromQueue>::new();
    let cancel = ServerAction::<CancelGroupSession>::new();
    let location = use_location();
    let data = Resource::new(
        move || {
            (
                id.get(),
                location.search.get(),
                mark.version().get(),
                remove.version().get(),
                invite.version().get(),
                cancel.version().get(),
            )
        },
        |(id, ..)| load_group_session(id),
    );
    view! {
        <p><a href="/staff/sessions">{lang.t(Key::group_back)}</a></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(session_page(lang, v, Actions { mark, remove, invite, cancel })),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    mark: ServerAction<MarkGroupAttendance>,
    remove: ServerAction<RemoveFromGroupSession>,
    invite: ServerAction<InviteFromQueue>,
    cancel: ServerAction<CancelGroupSession>,
}

/// Read with the data it belongs to (the page renders again when its address changes).
fn session_notice(lang: Lang) -> Option<impl IntoView> {
    let ok = query_value("ok").get_untracked();
    let err = query_value("e").get_untracked();
    let n = query_value("n")
        .get_untracked()
        .and_then(|n| n.parse::<i64>().ok())
        .unwrap_or(0);
    let m = query_value("m")
        .get_untracked()
        .and_then(|n| n.parse::<i64>().ok())
        .unwrap_or(0);
    let (text, class) = match (ok.as_deref(), err.as_deref()) {
        (Some("created"), _) => (lang.t(Key::group_created).to_owned(), "success"),
        (Some("invited"), _) => {
            let mut text = lang.plural(Key::group_invited_done, n, &[]);
            if m > 0 {
                text.push(' ');
                text.push_str(&lang.plural(Key::group_not_invited, m, &[]));
            }
            (text, if m > 0 { "warning" } else { "success" })
        }
        (Some("group_removed"), _) => (lang.t(Key::group_removed_done).to_owned(), "success"),
        (Some("cancelled"), _) => (lang.plural(Key::group_cancelled_done, n, &[]), "success"),
        (_, Some(code)) => (lang.t(refusal_key(code)).to_owned(), "error"),
        _ => return None,
    };
    Some(view! {
        <div class=format!("notice {class}") role=if class == "error" { "alert" } else { "status" }><p>{text}</p></div>
    })
}

fn refusal_key(code: &str) -> Key {
    match code {
        "group_full" => Key::group_err_full,
        "group_over" => Key::group_err_over,
        "group_cancelled" => Key::group_err_cancelled,
        "group_already" => Key::group_err_already,
        "group_case" => Key::group_err_case,
        "group_early" => Key::group_err_early,
        "group_nobody" => Key::group_err_nobody,
        _ => Key::group_err_choose,
    }
}

fn session_page(lang: Lang, v: SessionView, a: Actions) -> impl IntoView {
    let id = v.session.id;
    let open = v.register_open;
    let upcoming = v.may_cancel;
    view! {
        <h1><bdi>{v.session.title.clone()}</bdi></h1>
        {session_notice(lang)}
        {session_facts(lang, &v.session)}
        <p class="muted">{lang.t(Key::group_privacy)}</p>
        <div class="course-layout">
            <section id="register">
                <h2>{if open { lang.t(Key::group_register) } else { lang.t(Key::group_invited_title) }}</h2>
                {if open {
                    Either::Left(view! { <p class="muted">{lang.t(Key::group_register_explain)} " " <span role="status">{v.marked.clone()}</span></p> })
                } else {
                    Either::Right(view! { <p class="muted">{lang.t(Key::group_register_later)}</p> })
                }}
                {if v.invited.is_empty() {
                    Either::Left(view! { <p>{lang.t(Key::group_nobody)}</p> })
                } else {
                    Either::Right(view! {
                        <ul class="register">
                            {v.invited.into_iter().map(|p| invitee(lang, id, p, open, upcoming, a)).collect_view()}
                        </ul>
                    })
                }}
                {(!v.others.is_empty()).then(|| view! {
                    <details>
                        <summary>{lang.t(Key::group_others_title)}</summary>
                        <ul class="people">
                            {v.others.into_iter().map(|p| view! {
                                <li><p>{person_name(&p)} " " <span class="muted">{p.reference.clone()} " · " {p.standing.clone()}</span></p></li>
                            }).collect_view()}
                        </ul>
                    </details>
                })}
            </section>
            {v.may_invite_from_queue.then(|| queue(lang, id, v.queue, v.session.full, a.invite))}
        </div>
        {upcoming.then(|| view! {
            <details class="panel danger">
                <summary>{lang.t(Key::group_cancel)}</summary>
                <p>{lang.t(Key::group_cancel_explain)}</p>
                <ActionForm action=a.cancel>
                    <input type="hidden" name="session_id" value=id.to_string()/>
                    <button type="submit" class="danger">{lang.t(Key::group_cancel_confirm)}</button>
                </ActionForm>
            </details>
        })}
    }
}

fn person_name(p: &InviteeRow) -> impl IntoView {
    if p.on_case {
        Either::Left(
            view! { <a href=format!("/staff/case/{}", p.applicant_id)><bdi>{p.name.clone()}</bdi></a> },
        )
    } else {
        Either::Right(view! { <bdi>{p.name.clone()}</bdi> })
    }
}

fn invitee(
    lang: Lang,
    session: GroupSessionId,
    p: InviteeRow,
    register: bool,
    upcoming: bool,
    a: Actions,
) -> impl IntoView {
    let state = match p.present {
        Some(true) => ("present", lang.t(Key::group_present)),
        Some(false) => ("absent", lang.t(Key::group_absent)),
        None if register => ("unmarked", lang.t(Key::group_unmarked)),
        None => ("unmarked", ""),
    };
    let name = p.name.clone();
    let button = move |present: bool| {
        let pressed = p.present == Some(present);
        let what = if present {
            lang.t(Key::group_present)
        } else {
            lang.t(Key::group_absent)
        };
        let label = format!("{name} — {what}");
        view! {
            <ActionForm action=a.mark attr:class="inline">
                <input type="hidden" name="session_id" value=session.to_string()/>
                <input type="hidden" name="applicant_id" value=p.applicant_id.to_string()/>
                <input type="hidden" name="present" value=present.to_string()/>
                <button type="submit" class=if present { "mark present" } else { "mark absent" }
                    aria-pressed=pressed.to_string() aria-label=label>
                    {what}
                </button>
            </ActionForm>
        }
    };
    view! {
        <li id=format!("p{}", p.applicant_id) class=format!("register-row {}", state.0)>
            <p class="who">
                {person_name(&p)} " " <span class="muted">{p.reference.clone()} " · " <bdi>{p.language.clone()}</bdi></span>
                " " <span class="muted">{state.1}</span>
            </p>
            {register.then(|| view! { <div class="marks">{button(true)} {button(false)}</div> })}
            {(upcoming && p.on_case).then(|| view! {
                <ActionForm action=a.remove attr:class="inline">
                    <input type="hidden" name="session_id" value=session.to_string()/>
                    <input type="hidden" name="applicant_id" value=p.applicant_id.to_string()/>
                    <input type="hidden" name="from" value="session"/>
                    <button type="submit">{lang.t(Key::group_remove)}</button>
                </ActionForm>
            })}
        </li>
    }
}

fn queue(
    lang: Lang,
    session: GroupSessionId,
    people: Vec<QueueRow>,
    full: bool,
    invite: ServerAction<InviteFromQueue>,
) -> impl IntoView {
    view! {
        <section id="queue">
            <h2>{lang.t(Key::group_queue_title)}</h2>
            {if full {
                Either::Left(view! { <p role="status">{lang.t(Key::group_queue_full)}</p> })
            } else {
                Either::Right(view! { <p class="muted">{lang.t(Key::group_queue_explain)}</p> })
            }}
            {if people.is_empty() {
                Either::Left((!full).then(|| view! { <p>{lang.t(Key::group_queue_none)}</p> }))
            } else {
                Either::Right(view! {
                    <ActionForm action=invite>
                        <input type="hidden" name="session_id" value=session.to_string()/>
                        <fieldset class="field">
                            <legend>{lang.t(Key::group_queue_choose)}</legend>
                            // Keyed by person: after a batch is invited, the boxes ticked
                            // for it leave with them instead of staying on whoever moves up.
                            <div class="checks">
                                <For each=move || people.clone() key=|q| q.applicant_id let:q>
                                    <label class="choice">
                                        <input type="checkbox" name=format!("f[p{}]", q.applicant_id) value="on"/>
                                        <span>
                                            <bdi>{q.name.clone()}</bdi> " " <span class="muted">{q.reference.clone()}</span>
                                            <br/>
                                            <span class="muted">
                                                <bdi>{q.language.clone()}</bdi>
                                                {q.same_language.then_some(" ✓")}
                                                " · " {q.standing.clone()}
                                            </span>
                                        </span>
                                    </label>
                                </For>
                            </div>
                        </fieldset>
                        <button type="submit" class="primary">{lang.t(Key::group_invite_selected)}</button>
                    </ActionForm>
                })
            }}
        </section>
    }
}

/// The sessions section of the case page: the person's invitations, and an invitation to one
/// of the sessions to come.
#[component]
pub fn CaseGroupSessions(applicant_id: ApplicantId) -> impl IntoView {
    let lang = use_lang();
    let invite = ServerAction::<InviteToGroupSession>::new();
    let remove = ServerAction::<RemoveFromGroupSession>::new();
    let location = use_location();
    let data = Resource::new(
        move || {
            (
                location.search.get(),
                invite.version().get(),
                remove.version().get(),
            )
        },
        move |_| load_case_group_sessions(applicant_id),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => Either::Left(case_sessions(lang, v, invite, remove)),
                    Ok(None) => Either::Right(Either::Left(())),
                    Err(e) => Either::Right(Either::Right(view! { <StaffProblem error=e/> })),
                }
            })}
        </Transition>
    }
}

fn case_sessions(
    lang: Lang,
    v: CaseSessionsView,
    invite: ServerAction<InviteToGroupSession>,
    remove: ServerAction<RemoveFromGroupSession>,
) -> impl IntoView {
    let ok = query_value("ok");
    let err = query_value("e");
    let id = v.applicant_id;
    let notice = move || {
        let (key, class) = match (ok.get().as_deref(), err.get().as_deref()) {
            (Some("group_invited"), _) => (Key::case_group_invited_done, "success"),
            (Some("group_removed"), _) => (Key::group_removed_done, "success"),
            (_, Some(code)) if code.starts_with("group_") => (refusal_key(code), "error"),
            _ => return None,
        };
        Some(view! {
            <div class=format!("notice {class}") role=if class == "error" { "alert" } else { "status" }><p>{lang.t(key)}</p></div>
        })
    };
    view! {
        <section id="group-sessions">
            <h2>{lang.t(Key::case_groups_title)}</h2>
            {notice}
            {if v.rows.is_empty() {
                Either::Left(view! { <p class="muted">{lang.t(Key::case_groups_none)}</p> })
            } else {
                Either::Right(view! {
                    <ul class="people">
                        {v.rows.into_iter().map(|r| view! {
                            <li>
                                <p><a href=format!("/staff/sessions/{}", r.session_id)><bdi>{r.title.clone()}</bdi></a> " · " {r.when.clone()}</p>
                                <p><strong>{r.standing.clone()}</strong></p>
                                {r.open.then(|| view! {
                                    <ActionForm action=remove attr:class="inline">
                                        <input type="hidden" name="session_id" value=r.session_id.to_string()/>
                                        <input type="hidden" name="applicant_id" value=id.to_string()/>
                                        <input type="hidden" name="from" value="case"/>
                                        <button type="submit">{lang.t(Key::group_remove)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
            {v.may_invite.then(|| view! {
                <ActionForm action=invite>
                    <input type="hidden" name="applicant_id" value=id.to_string()/>
                    <div class="field">
                        <label for="group-choice">{lang.t(Key::case_group_choose)}</label>
                        <select id="group-choice" name="session_id">
                            {v.options.iter().map(|c| view! { <option value=c.value.clone()>{c.label.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit">{lang.t(Key::case_group_invite)}</button>
                </ActionForm>
            })}
        </section>
    }
}

/// The applicant's meetings on their status page: when and where, the video link, and "I cannot
/// come". Nothing about anyone else invited.
#[component]
pub fn ApplicantGroupSessions() -> impl IntoView {
    let lang = use_lang();
    let decline = ServerAction::<DeclineGroupSession>::new();
    let data = Resource::new(
        move || decline.version().get(),
        |_| load_my_group_sessions(),
    );
    let ok = query_value("ok");
    let err = query_value("e");
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let rows = data.await.unwrap_or_default();
                (!rows.is_empty()).then(|| view! {
                    <section id="group-sessions" class="card">
                        <h2>{lang.t(Key::my_group_title)}</h2>
                        {move || (ok.get().as_deref() == Some("group_declined")).then(|| view! {
                            <div class="notice success" role="status"><p>{lang.t(Key::my_group_declined_done)}</p></div>
                        })}
                        {move || (err.get().as_deref() == Some("group")).then(|| view! {
                            <div class="notice error" role="alert"><p>{lang.t(Key::my_group_err)}</p></div>
                        })}
                        {rows.into_iter().map(|r| view! {
                            <div class="my-course">
                                <p class="lead"><strong><bdi>{r.title.clone()}</bdi></strong></p>
                                <p>{r.when.clone()}</p>
                                {(!r.place.is_empty()).then(|| view! { <p><bdi>{r.place.clone()}</bdi></p> })}
                                {(!r.video_link.is_empty()).then(|| view! {
                                    <p><a href=r.video_link.clone() rel="noopener noreferrer">{lang.t(Key::my_group_join)}</a></p>
                                })}
                                <p class="muted">{r.topic.clone()} " · " {lang.t(Key::my_group_language)} " " <bdi>{r.language.clone()}</bdi></p>
                                <p><strong>{r.standing.clone()}</strong></p>
                                {r.may_decline.then(|| view! {
                                    <ActionForm action=decline>
                                        <input type="hidden" name="session_id" value=r.session_id.to_string()/>
                                        <button type="submit">{lang.t(Key::my_group_decline)}</button>
                                    </ActionForm>
                                })}
                            </div>
                        }).collect_view()}
                        <p class="muted">{lang.t(Key::my_group_private)}</p>
                    </section>
                })
            })}
        </Transition>
    }
}
