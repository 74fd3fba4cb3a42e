//! The tutor's phone pages ("my people today", one traineeship), the traineeship form and page of
//! the secretariat, the traineeships section of the case page, and the concerns on a
//! professional's home page.
//!
//! The tutor's buttons and note are plain forms posting to `tutor_submit`, so they work without
//! JavaScript. Once the page's script runs, a tap is kept on the device first (with its own
//! idempotency key), shown as waiting to send, and sent when the network allows.
use super::*;
use crate::i18n::{Key, Lang};
use crate::ui::forms::{
    area_field, id_param, query_value, select_field, text_field, FormProblems, StaffProblem,
};
use crate::ui::{use_lang, Loading};
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos_router::hooks::use_location;

/// The device's queue of the tutor's taps and notes, and what became of them.
#[derive(Clone, Copy)]
pub struct Outbox {
    /// The tutor the device's queue belongs to, once the page knows.
    pub me: RwSignal<Option<StaffId>>,
    pub lang: Lang,
    pub items: RwSignal<Vec<Queued>>,
    /// Taps the server refused, with its reason: kept in view so nothing typed is lost silently.
    pub refused: RwSignal<Vec<(String, String)>>,
    pub online: RwSignal<bool>,
    /// Bumped when the queue delivered something: the page reads its data again.
    pub delivered: RwSignal<u32>,
    pub sending: StoredValue<bool>,
}

/// One submission waiting on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queued {
    pub key: String,
    pub traineeship_id: TraineeshipId,
    pub kind: String,
    pub fields: BTreeMap<String, String>,
    pub written_at: i64,
    /// What the list shows while it waits: "Samira Haddad — Presente".
    pub label: String,
}

impl Outbox {
    fn new(lang: Lang) -> Outbox {
        let outbox = Outbox {
            me: RwSignal::new(None),
            lang,
            items: RwSignal::new(Vec::new()),
            refused: RwSignal::new(Vec::new()),
            online: RwSignal::new(true),
            delivered: RwSignal::new(0),
            sending: StoredValue::new(false),
        };
        #[cfg(feature = "hydrate")]
        super::offline::start(outbox);
        outbox
    }

    /// Keeps a tap on the device and sends it; false when the note is refused before that (its
    /// problem is in `problem`).
    #[allow(unused_variables)]
    fn submit(
        self,
        ev: leptos::ev::SubmitEvent,
        traineeship_id: TraineeshipId,
        kind: &'static str,
        fields: &[String],
        label: String,
        problem: RwSignal<Option<String>>,
    ) {
        #[cfg(feature = "hydrate")]
        super::offline::submit(self, ev, traineeship_id, kind, fields, label, problem);
    }

    /// The latest mark waiting on the device for a traineeship, if any.
    fn waiting_mark(self, id: TraineeshipId) -> Option<String> {
        self.items.with(|q| {
            q.iter()
                .rev()
                .find(|i| i.traineeship_id == id && i.kind == "presence")
                .and_then(|i| i.fields.get("mark").cloned())
        })
    }
}

/// What the device holds and whether the network is there, read out to screen readers.
#[component]
fn OutboxStatus(outbox: Outbox) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="outbox" role="status" aria-live="polite">
            {move || (!outbox.online.get()).then(|| view! {
                <p class="offline">{lang.t(Key::tutor_offline)}</p>
            })}
            {move || {
                let items = outbox.items.get();
                (!items.is_empty()).then(|| view! {
                    <p class="waiting">{lang.plural(Key::tutor_waiting_count, items.len() as i64, &[])}</p>
                    <ul class="queued">
                        {items.into_iter().map(|i| view! {
                            <li><bdi>{i.label}</bdi> " — " {lang.t(Key::tutor_waiting_to_send)}</li>
                        }).collect_view()}
                    </ul>
                })
            }}
            {move || {
                let refused = outbox.refused.get();
                (!refused.is_empty()).then(|| view! {
                    <div class="notice error">
                        <p>{lang.t(Key::tutor_not_recorded)}</p>
                        <ul>
                            {refused.into_iter().map(|(label, why)| view! {
                                <li><bdi>{label}</bdi> ": " {why}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
        </div>
    }
}

fn outcome_notice(lang: Lang, ok: Option<String>, err: Option<String>) -> Option<impl IntoView> {
    let (class, key) = match (ok.as_deref(), err.as_deref()) {
        (Some("presence"), _) => ("success", Key::tutor_ok_presence),
        (Some("note"), _) => ("success", Key::tutor_ok_note),
        (Some("objective"), _) => ("success", Key::tutor_ok_objective),
        (Some("already"), _) => ("success", Key::tutor_ok_already),
        (Some("evaluation"), _) => ("success", Key::evaluation_saved),
        (_, Some("evaluation")) => ("error", Key::tutor_err_refused_form),
        (_, Some("day")) => ("error", Key::tutor_err_day),
        (_, Some("ended")) => ("error", Key::tutor_err_ended),
        (_, Some("note")) => ("error", Key::tutor_err_note),
        (_, Some(_)) => ("error", Key::tutor_err_refused),
        _ => return None,
    };
    let role = if class == "error" { "alert" } else { "status" };
    Some(view! { <div class=format!("notice {class}") role=role><p>{lang.t(key)}</p></div> })
}

/// The three presence buttons of one person, each a plain form.
#[allow(clippy::too_many_arguments)]
fn presence_buttons(
    outbox: Outbox,
    id: TraineeshipId,
    name: String,
    day: String,
    mark: Option<String>,
    marks: Vec<Choice>,
    keys: Vec<String>,
    back: &'static str,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    view! {
        <div class="marks three">
            {marks.into_iter().zip(keys).map(|(m, key)| {
                let code = m.value.clone();
                let saved = mark.clone();
                let pressed = move || outbox.waiting_mark(id).or_else(|| saved.clone()).as_deref() == Some(code.as_str());
                let label = format!("{name} — {}", m.label);
                let queued_label = label.clone();
                view! {
                    <form method="post" action="/api/tutor_submit" class="inline"
                        on:submit=move |ev| outbox.submit(ev, id, "presence", &["mark".to_owned(), "day".to_owned()], queued_label.clone(), problem)>
                        <input type="hidden" name="traineeship_id" value=id.to_string()/>
                        <input type="hidden" name="kind" value="presence"/>
                        <input type="hidden" name="key" value=key/>
                        <input type="hidden" name="back" value=back/>
                        <input type="hidden" name="f[day]" value=day.clone()/>
                        <input type="hidden" name="f[mark]" value=m.value.clone()/>
                        <button type="submit" class=format!("mark {}", m.value)
                            aria-pressed=move || pressed().to_string() aria-label=label>
                            {m.label.clone()}
                        </button>
                    </form>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn TutorTodayPage() -> impl IntoView {
    let lang = use_lang();
    let location = leptos_router::hooks::use_location();
    let ok = query_value("ok");
    let err = query_value("e");
    let outbox = Outbox::new(lang);
    // Read again when the device's queue delivered something, so the marks are the server's.
    let data = Resource::new(
        move || (location.search.get(), outbox.delivered.get()),
        |_| load_tutor_today(),
    );
    view! {
        <h1>{lang.t(Key::tutor_today_title)}</h1>
        {move || outcome_notice(lang, ok.get(), err.get())}
        <OutboxStatus outbox=outbox/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        outbox.me.set(Some(v.me));
                        Either::Left(view! {
                            <p class="lead">{v.day.clone()}</p>
                            {today_items(lang, outbox, v)}
                        })
                    }
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn today_items(lang: Lang, outbox: Outbox, v: TodayView) -> impl IntoView {
    if v.items.is_empty() {
        return Either::Left(view! { <p>{lang.t(Key::tutor_nobody_today)}</p> });
    }
    let day = v.today.clone();
    Either::Right(view! {
        <ul class="today">
            {v.items.into_iter().map(|i| {
                let marks = v.marks.clone();
                view! {
                    <li id=format!("t{}", i.id) class="today-item" class:expected=i.expected_today>
                        <h2><a href=format!("/staff/tutor/{}", i.id)><bdi>{i.name.clone()}</bdi></a></h2>
                        <p><bdi>{i.company.clone()}</bdi> " · " <bdi>{i.address.clone()}</bdi></p>
                        <p class="muted">{i.hours.clone()}</p>
                        {presence_buttons(outbox, i.id, i.name.clone(), day.clone(), i.mark.clone(), marks, i.keys.clone(), "today")}
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}

#[component]
pub fn TutorTraineeshipPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param(TraineeshipId::new);
    let location = leptos_router::hooks::use_location();
    let ok = query_value("ok");
    let err = query_value("e");
    let outbox = Outbox::new(lang);
    let data = Resource::new(
        move || (id.get(), location.search.get(), outbox.delivered.get()),
        |(id, _, _)| load_tutor_traineeship(id),
    );
    view! {
        <p><a href="/staff/tutor">{lang.t(Key::tutor_back)}</a></p>
        {move || outcome_notice(lang, ok.get(), err.get())}
        <OutboxStatus outbox=outbox/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        outbox.me.set(Some(v.me));
                        Either::Left(tutor_traineeship(lang, outbox, v))
                    }
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn tutor_traineeship(lang: Lang, outbox: Outbox, v: TutorTraineeshipView) -> impl IntoView {
    let id = v.id;
    let active = v.active;
    let problem = RwSignal::new(None::<String>);
    let note_fields: Vec<String> = v
        .presets
        .iter()
        .map(|p| format!("preset_{}", p.value))
        .chain(["text".to_owned(), "concern".to_owned()])
        .collect();
    let name = v.name.clone();
    let form = v.form.clone();
    view! {
        <h1><bdi>{v.name.clone()}</bdi></h1>
        <p><bdi>{v.company.clone()}</bdi> " · " <bdi>{v.address.clone()}</bdi></p>
        <p class="muted">{v.schedule.clone()} " · " {v.dates.clone()}</p>
        {(!active).then(|| view! { <div class="notice" role="status"><p>{lang.t(Key::tutor_closed)}</p></div> })}
        {active.then(|| view! {
            <section id=format!("t{id}") aria-labelledby="presence-title">
                <h2 id="presence-title">{lang.t(Key::tutor_presence_today)}</h2>
                {presence_buttons(outbox, id, v.name.clone(), v.day.clone(), v.mark.clone(), v.marks.clone(), v.mark_keys.clone(), "detail")}
            </section>
            <section aria-labelledby="note-title">
                <h2 id="note-title">{lang.t(Key::tutor_note_title)}</h2>
                {move || problem.get().map(|p| view! { <div class="notice error" role="alert"><p>{p}</p></div> })}
                <FormProblems form=form.clone()/>
                <form method="post" action="/api/tutor_submit" class="note-form" novalidate
                    on:submit=move |ev| outbox.submit(ev, id, "note", &note_fields, format!("{name} — {}", lang.t(Key::tutor_note_title)), problem)>
                    <input type="hidden" name="traineeship_id" value=id.to_string()/>
                    <input type="hidden" name="kind" value="note"/>
                    <input type="hidden" name="key" value=v.note_key.clone()/>
                    <input type="hidden" name="back" value="detail"/>
                    {note_words(lang, &v.presets, &form)}
                    <label class="concern-box">
                        <input type="checkbox" name="f[concern]" value="on" checked=form.ticked("concern")/>
                        " " {lang.t(Key::tutor_concern)}
                    </label>
                    <p class="muted">{lang.t(Key::tutor_concern_hint)}</p>
                    <button type="submit" class="primary">{lang.t(Key::tutor_note_send)}</button>
                </form>
            </section>
        })}
        <section aria-labelledby="objectives-title">
            <h2 id="objectives-title">{lang.t(Key::traineeship_objectives)}</h2>
            <ol class="objectives">
                {v.objectives.into_iter().map(|o| {
                    let objective = o.id;
                    let text = o.text.clone();
                    if !active {
                        let reached = o.options.iter().find(|(code, ..)| *code == o.progress).map(|(_, label, _)| label.clone());
                        return Either::Left(view! {
                            <li>
                                <p><bdi>{o.text.clone()}</bdi></p>
                                <p class="muted">{reached}</p>
                            </li>
                        });
                    }
                    Either::Right(view! {
                        <li>
                            <p><bdi>{o.text.clone()}</bdi></p>
                            <div class="marks three">
                                {o.options.into_iter().map(|(code, label, key)| {
                                    let pressed = code == o.progress;
                                    let queued_label = format!("{text} — {label}");
                                    view! {
                                        <form method="post" action="/api/tutor_submit" class="inline"
                                            on:submit=move |ev| outbox.submit(ev, id, "objective", &["objective".to_owned(), "progress".to_owned()], queued_label.clone(), problem)>
                                            <input type="hidden" name="traineeship_id" value=id.to_string()/>
                                            <input type="hidden" name="kind" value="objective"/>
                                            <input type="hidden" name="key" value=key/>
                                            <input type="hidden" name="back" value="detail"/>
                                            <input type="hidden" name="f[objective]" value=objective.to_string()/>
                                            <input type="hidden" name="f[progress]" value=code.clone()/>
                                            <button type="submit" class="mark progress" aria-pressed=pressed.to_string()>{label}</button>
                                        </form>
                                    }
                                }).collect_view()}
                            </div>
                        </li>
                    })
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="notes-title">
            <h2 id="notes-title">{lang.t(Key::traineeship_notes)}</h2>
            {notes_list(lang, v.notes)}
        </section>
    }
}

/// A note's ready phrases and its own words, as the tutor's page and the portal both ask for them
/// (what the server gave back is ticked and filled in again).
fn note_words(lang: Lang, presets: &[Choice], form: &FormState) -> impl IntoView {
    view! {
        <fieldset class="presets">
            <legend>{lang.t(Key::tutor_presets)}</legend>
            {presets.iter().map(|p| {
                let field = format!("preset_{}", p.value);
                view! {
                    <label class="chip">
                        <input type="checkbox" name=format!("f[{field}]") value="on" checked=form.ticked(&field)/>
                        " " {p.label.clone()}
                    </label>
                }
            }).collect_view()}
        </fieldset>
        {area_field(form, "text", lang.t(Key::tutor_note_text))}
    }
}

fn notes_list(lang: Lang, notes: Vec<NoteItem>) -> impl IntoView {
    if notes.is_empty() {
        return Either::Left(view! { <p class="muted">{lang.t(Key::traineeship_no_notes)}</p> });
    }
    Either::Right(view! {
        <ul class="notes">
            {notes.into_iter().map(|n| view! {
                <li class:concern=n.concern>
                    <p class="muted">{n.when} " · " <bdi>{n.by}</bdi>
                        {n.concern.then(|| view! { " " <span class="tag">{lang.t(Key::traineeship_concern_tag)}</span> })}
                    </p>
                    <p><bdi>{n.text}</bdi></p>
                </li>
            }).collect_view()}
        </ul>
    })
}

#[component]
pub fn NewTraineeshipPage() -> impl IntoView {
    let lang = use_lang();
    let proposal = id_param(ProposalId::new);
    let create = ServerAction::<CreateTraineeship>::new();
    let location = leptos_router::hooks::use_location();
    let err = query_value("e");
    let data = Resource::new(
        move || {
            (
                proposal.get(),
                location.search.get(),
                create.version().get(),
            )
        },
        |(p, _, _)| load_new_traineeship(p),
    );
    view! {
        <h1>{lang.t(Key::traineeship_new_title)}</h1>
        {move || match err.get().as_deref() {
            Some("exists") => Some(lang.t(Key::traineeship_exists)),
            Some("stage") => Some(lang.t(Key::traineeship_not_at_stage)),
            _ => None,
        }.map(|m| view! { <div class="notice error" role="alert"><p>{m}</p></div> })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(new_traineeship(lang, v, create)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn new_traineeship(
    lang: Lang,
    v: NewTraineeshipView,
    create: ServerAction<CreateTraineeship>,
) -> impl IntoView {
    let form = v.form.clone();
    view! {
        <p class="lead"><bdi>{v.person.clone()}</bdi></p>
        <p><bdi>{v.position.clone()}</bdi> " · " <bdi>{v.company.clone()}</bdi> " · " <bdi>{v.site.clone()}</bdi></p>
        {v.existing.map(|id| view! {
            <p><a class="button" href=format!("/staff/traineeship/{id}")>{lang.t(Key::traineeship_open)}</a></p>
        })}
        {v.blocked.clone().map(|b| view! { <div class="notice" role="status"><p>{b}</p></div> })}
        {(v.existing.is_none() && v.blocked.is_none()).then(|| view! {
            <ActionForm action=create attr:novalidate=true>
                <FormProblems form=form.clone()/>
                <input type="hidden" name="proposal_id" value=v.proposal_id.to_string()/>
                {select_field(&form, "company_tutor", lang.t(Key::traineeship_company_tutor), v.company_tutors.clone())}
                {select_field(&form, "tutor", lang.t(Key::traineeship_tutor), v.tutors.clone())}
                {area_field(&form, "objectives", lang.t(Key::traineeship_objectives_field))}
                <div class="row">
                    {text_field(&form, "start", lang.t(Key::traineeship_start), "date")}
                    {text_field(&form, "end", lang.t(Key::traineeship_end), "date")}
                </div>
                <fieldset class="field" class:invalid=form.problem("day_1").is_some()>
                    <legend>{lang.t(Key::traineeship_days)}</legend>
                    {form.problem("day_1").map(|e| view! { <p class="error">{e}</p> })}
                    {v.weekdays.iter().map(|(name, label)| view! {
                        <label class="chip">
                            <input type="checkbox" name=format!("f[{name}]") value="on" checked=form.ticked(name)/>
                            " " {label.clone()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <div class="row">
                    {text_field(&form, "from", lang.t(Key::course_from), "time")}
                    {text_field(&form, "to", lang.t(Key::course_to), "time")}
                    {text_field(&form, "weekly_hours", lang.t(Key::traineeship_weekly_hours), "number")}
                </div>
                {text_field(&form, "allowance", lang.t(Key::traineeship_allowance), "text")}
                <button type="submit" class="primary">{lang.t(Key::traineeship_create)}</button>
            </ActionForm>
        })}
    }
}

#[component]
pub fn TraineeshipPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param(TraineeshipId::new);
    let end = ServerAction::<EndTraineeship>::new();
    let location = leptos_router::hooks::use_location();
    let ok = query_value("ok");
    let err = query_value("e");
    let data = Resource::new(
        move || (id.get(), location.search.get(), end.version().get()),
        |(id, _, _)| load_traineeship(id),
    );
    view! {
        {move || match (ok.get().as_deref(), err.get().as_deref()) {
            (Some("created"), _) => Some(("success", lang.t(Key::traineeship_created))),
            (Some("extended"), _) => Some(("success", lang.t(Key::traineeship_extended))),
            (Some("ended"), _) => Some(("success", lang.t(Key::traineeship_ended))),
            (Some("project"), _) => Some(("success", lang.t(Key::project_uploaded))),
            (_, Some("project")) => Some(("error", lang.t(Key::project_err))),
            (_, Some("changed")) => Some(("error", lang.t(Key::traineeship_changed))),
            _ => None,
        }.map(|(class, m)| view! { <div class=format!("notice {class}") role="status"><p>{m}</p></div> })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(traineeship(lang, v, end)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn traineeship(lang: Lang, v: TraineeshipView, end: ServerAction<EndTraineeship>) -> impl IntoView {
    let form = v.form.clone();
    view! {
        <p><a href=format!("/staff/case/{}", v.applicant_id)>{lang.t(Key::traineeship_back_to_case)}</a></p>
        <h1>{lang.t(Key::traineeship_title)} ": " <bdi>{v.person.clone()}</bdi></h1>
        <p class="lead">
            <a href=format!("/staff/position/{}", v.position_id)><bdi>{v.position.clone()}</bdi></a>
            " · " <bdi>{v.company.clone()}</bdi>
            " " <span class="tag">{v.state.clone()}</span>
        </p>
        <dl class="facts">
            <dt>{lang.t(Key::traineeship_place)}</dt><dd><bdi>{v.site.clone()}</bdi></dd>
            <dt>{lang.t(Key::traineeship_when)}</dt><dd>{v.dates.clone()}</dd>
            <dt>{lang.t(Key::traineeship_days)}</dt><dd>{v.schedule.clone()} " · " {v.weekly_hours.clone()}</dd>
            <dt>{lang.t(Key::traineeship_allowance)}</dt><dd>{v.allowance.clone()}</dd>
            <dt>{lang.t(Key::traineeship_company_tutor)}</dt><dd><bdi>{v.company_tutor.clone()}</bdi></dd>
            <dt>{lang.t(Key::traineeship_tutor)}</dt><dd><bdi>{v.tutor.clone()}</bdi></dd>
            <dt>{lang.t(Key::traineeship_presence)}</dt><dd>{v.presence.clone()}</dd>
        </dl>
        <h2>{lang.t(Key::traineeship_objectives)}</h2>
        <ol class="objectives">
            {v.objectives.iter().map(|(text, progress)| view! {
                <li><bdi>{text.clone()}</bdi> " — " <span class="tag">{progress.clone()}</span></li>
            }).collect_view()}
        </ol>
        {(!v.recent_presence.is_empty()).then(|| view! {
            <h2>{lang.t(Key::traineeship_recent_presence)}</h2>
            <ul class="plain">
                {v.recent_presence.iter().map(|(day, mark)| view! { <li>{day.clone()} ": " {mark.clone()}</li> }).collect_view()}
            </ul>
        })}
        <h2>{lang.t(Key::traineeship_notes)}</h2>
        {notes_list(lang, v.notes.clone())}
        <h2>{lang.t(Key::traineeship_evaluations)}</h2>
        {evaluations_list(lang, v.evaluations.clone())}
        <section id="project">
            <h2>{lang.t(Key::project_title)}</h2>
            <p><a href=format!("/staff/traineeship/{}/project", v.id)>{lang.t(Key::project_print)}</a></p>
            {v.project_document.filter(|_| v.may_upload).map(|d| view! {
                <p><a href=format!("/staff/document/{d}")>{lang.t(Key::project_signed_copy)}</a></p>
            })}
            {v.may_upload.then(|| view! {
                <form method="post" action=format!("/staff/traineeship/{}/project", v.id) enctype="multipart/form-data" class="upload">
                    <div class="field">
                        <label for="project-pdf">{lang.t(Key::project_upload)}</label>
                        <p class="hint">{lang.t(Key::project_upload_hint)}</p>
                        <input id="project-pdf" type="file" name="pdf" accept="application/pdf"/>
                    </div>
                    <button type="submit">{lang.t(Key::project_upload_button)}</button>
                </form>
            })}
        </section>
        {v.may_end.then(|| view! {
            <section id="end">
                <h2>{lang.t(Key::traineeship_end_title)}</h2>
                <p class="muted">{lang.t(Key::traineeship_end_hint)}</p>
                <ActionForm action=end attr:novalidate=true>
                    <FormProblems form=form.clone()/>
                    <input type="hidden" name="traineeship_id" value=v.id.to_string()/>
                    <fieldset class="field" class:invalid=form.problem("outcome").is_some()>
                        <legend>{lang.t(Key::traineeship_outcome)}</legend>
                        {form.problem("outcome").map(|e| view! { <p class="error">{e}</p> })}
                        <label class="choice"><input type="radio" name="f[outcome]" value="hired" checked=form.value("outcome") == "hired"/> " " {lang.t(Key::traineeship_hired)}</label>
                        <label class="choice"><input type="radio" name="f[outcome]" value="extended" checked=form.value("outcome") == "extended"/> " " {lang.t(Key::traineeship_extend)}</label>
                        {v.reasons.iter().map(|r| view! {
                            <label class="choice"><input type="radio" name="f[outcome]" value=r.value.clone() checked=form.value("outcome") == r.value/> " " {r.label.clone()}</label>
                        }).collect_view()}
                    </fieldset>
                    <div class="row">
                        {select_field(&form, "contract", lang.t(Key::traineeship_hire_contract), v.contracts.clone())}
                        {text_field(&form, "start", lang.t(Key::traineeship_hire_start), "date")}
                        {text_field(&form, "hours", lang.t(Key::traineeship_hire_hours), "number")}
                    </div>
                    {text_field(&form, "new_end", lang.t(Key::traineeship_new_end), "date")}
                    <button type="submit" class="primary">{lang.t(Key::traineeship_end_save)}</button>
                </ActionForm>
            </section>
        })}
    }
}

/// The traineeships section of the case page.
#[component]
pub fn CaseTraineeships(applicant_id: ApplicantId) -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), move |_| load_case_traineeships(applicant_id));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(rows) if rows.is_empty() => Either::Left(Either::Left(())),
                    Ok(rows) => Either::Left(Either::Right(view! {
                        <section id="traineeships">
                            <h2>{lang.t(Key::case_traineeships_title)}</h2>
                            <ul class="plain">
                                {rows.into_iter().map(|r| view! {
                                    <li>
                                        <a href=format!("/staff/traineeship/{}", r.id)><bdi>{r.position}</bdi> " · " <bdi>{r.company}</bdi></a>
                                        " " {r.dates} " " <span class="tag">{r.state}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

/// The concerns tutors raised on a professional's cases, on their home page.
#[component]
pub fn Concerns() -> impl IntoView {
    let lang = use_lang();
    let seen = ServerAction::<ConcernSeen>::new();
    let data = Resource::new(move || seen.version().get(), |_| load_concerns());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let rows = data.await.unwrap_or_default();
                (!rows.is_empty()).then(|| view! {
                    <section id="concerns" class="concerns">
                        <h2>{lang.t(Key::concerns_title)}</h2>
                        <ul class="plain">
                            {rows.into_iter().map(|c| view! {
                                <li class="concern">
                                    <p>
                                        <a href=format!("/staff/traineeship/{}", c.traineeship_id)><bdi>{c.person}</bdi></a>
                                        " · " <bdi>{c.company}</bdi>
                                    </p>
                                    <p><bdi>{c.text}</bdi></p>
                                    <p class="muted">{c.when} " · " <bdi>{c.by}</bdi></p>
                                    <ActionForm action=seen attr:class="inline">
                                        <input type="hidden" name="note_id" value=c.note_id.to_string()/>
                                        <button type="submit">{lang.t(Key::concern_mark_seen)}</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}

fn evaluations_list(lang: Lang, evaluations: Vec<EvaluationItem>) -> impl IntoView {
    if evaluations.is_empty() {
        return Either::Left(view! { <p class="muted">{lang.t(Key::evaluation_none)}</p> });
    }
    Either::Right(view! {
        <div class="evaluations">
            {evaluations.into_iter().map(|e| view! {
                <article class="card evaluation">
                    <h3>{e.title}</h3>
                    <p class="muted">{e.when} " · " <bdi>{e.by}</bdi></p>
                    <dl class="facts">
                        {e.lines.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd><bdi>{v}</bdi></dd> }).collect_view()}
                    </dl>
                </article>
            }).collect_view()}
        </div>
    })
}

/// The company tutor's trainees on the portal: today's presence, a note, and the evaluations.
#[component]
pub fn CompanyTrainees() -> impl IntoView {
    let lang = use_lang();
    let evaluate = ServerAction::<RecordEvaluation>::new();
    let location = use_location();
    let ok = query_value("trainee_ok");
    let err = query_value("trainee_e");
    let outbox = Outbox::new(lang);
    let data = Resource::new(
        move || {
            (
                location.search.get(),
                evaluate.version().get(),
                outbox.delivered.get(),
            )
        },
        |_| load_company_trainees(),
    );
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().filter(|v| !v.trainees.is_empty()).map(|v| {
                    outbox.me.set(Some(v.me));
                    view! {
                        <section id="trainees">
                            <h2>{lang.t(Key::portal_trainees_title)}</h2>
                            <p class="muted">{lang.t(Key::portal_trainees_intro)}</p>
                            {move || outcome_notice(lang, ok.get(), err.get())}
                            <OutboxStatus outbox=outbox/>
                            {company_trainees(lang, outbox, evaluate, v)}
                        </section>
                    }
                })
            })}
        </Transition>
    }
}

fn company_trainees(
    lang: Lang,
    outbox: Outbox,
    evaluate: ServerAction<RecordEvaluation>,
    v: CompanyTraineesView,
) -> impl IntoView {
    let note_fields: Vec<String> = v
        .presets
        .iter()
        .map(|p| format!("preset_{}", p.value))
        .chain(["text".to_owned()])
        .collect();
    v.trainees
        .into_iter()
        .map(|t| {
            let id = t.id;
            let form = t.form.clone().scoped(&format!("e{id}"));
            let note_form = t.note_form.clone().scoped(&format!("n{id}"));
            let note_open = !note_form.problems.is_empty();
            let problem = RwSignal::new(None::<String>);
            let note_fields = note_fields.clone();
            let name = t.name.clone();
            let open = !form.problems.is_empty();
            let skills_field = area_field(&form, "skills", lang.t(Key::evaluation_skills));
            let kind_field = radio_field(lang, &form, "kind", &v.kinds);
            let punctuality_field = radio_field(lang, &form, "punctuality", &v.scale);
            let autonomy_field = radio_field(lang, &form, "autonomy", &v.scale);
            let recommendation_field = radio_field(lang, &form, "recommendation", &v.recommendations);
            view! {
                <article class="card trainee" id=format!("t{id}")>
                    <h3><bdi>{t.name.clone()}</bdi></h3>
                    <p class="muted">{t.hours.clone()}</p>
                    {presence_buttons(outbox, id, t.name.clone(), v.today.clone(), t.mark.clone(), v.marks.clone(), t.keys.clone(), "company")}
                    <details class="section" open=note_open>
                        <summary>{lang.t(Key::tutor_note_title)}</summary>
                        {move || problem.get().map(|p| view! { <div class="notice error" role="alert"><p>{p}</p></div> })}
                        <FormProblems form=note_form.clone()/>
                        <form method="post" action="/api/tutor_submit" class="note-form" novalidate
                            on:submit=move |ev| outbox.submit(ev, id, "note", &note_fields, format!("{name} — {}", lang.t(Key::tutor_note_title)), problem)>
                            <input type="hidden" name="traineeship_id" value=id.to_string()/>
                            <input type="hidden" name="kind" value="note"/>
                            <input type="hidden" name="key" value=t.note_key.clone()/>
                            <input type="hidden" name="back" value="company"/>
                            {note_words(lang, &v.presets, &note_form)}
                            <button type="submit">{lang.t(Key::tutor_note_send)}</button>
                        </form>
                    </details>
                    {(!t.evaluations.is_empty()).then(|| evaluations_list(lang, t.evaluations.clone()))}
                    <details class="section" open=open>
                        <summary>{lang.t(Key::evaluation_title)}</summary>
                        <ActionForm action=evaluate attr:novalidate=true attr:class="evaluation-form">
                            <FormProblems form=form.clone()/>
                            <input type="hidden" name="traineeship_id" value=id.to_string()/>
                            {kind_field}
                            {skills_field}
                            {punctuality_field}
                            {autonomy_field}
                            {recommendation_field}
                            <button type="submit" class="primary">{lang.t(Key::evaluation_save)}</button>
                        </ActionForm>
                    </details>
                </article>
            }
        })
        .collect_view()
}

/// One question of the evaluation as radio buttons, with its problem if the form came back.
fn radio_field(
    lang: Lang,
    form: &FormState,
    field: &'static str,
    choices: &[Choice],
) -> impl IntoView {
    let problem = form.problem(field);
    let invalid = problem.is_some();
    let current = form.value(field);
    view! {
        <fieldset class="field" class:invalid=invalid>
            <legend>{lang.t(match field {
                "kind" => Key::evaluation_kind,
                "punctuality" => Key::evaluation_punctuality,
                "autonomy" => Key::evaluation_autonomy,
                _ => Key::evaluation_recommendation,
            })}</legend>
            {problem.map(|e| view! { <p class="error">{e}</p> })}
            {choices.iter().map(|c| view! {
                <label class="choice">
                    <input type="radio" name=format!("f[{field}]") value=c.value.clone()
                        checked=current == c.value/>
                    " " {c.label.clone()}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// The training project (progetto formativo) to print and have signed by the trainee, the company
/// and the programme.
#[component]
pub fn ProjectPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param(TraineeshipId::new);
    let data = Resource::new(move || id.get(), load_traineeship);
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(project(lang, v)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn project(lang: Lang, v: TraineeshipView) -> impl IntoView {
    let row = |k: Key, value: String| view! { <dt>{lang.t(k)}</dt><dd><bdi>{value}</bdi></dd> };
    view! {
        <p class="no-print"><a href=format!("/staff/traineeship/{}", v.id)>{lang.t(Key::project_back)}</a></p>
        <p class="no-print muted">{lang.t(Key::project_print_hint)}</p>
        <article class="certificate project">
            <h1>{lang.t(Key::project_title)}</h1>
            <p>{lang.t(Key::project_intro)}</p>
            <h2>{lang.t(Key::project_parties)}</h2>
            <dl class="facts">
                {row(Key::project_trainee, format!("{} ({})", v.person, v.reference))}
                {row(Key::project_host, v.company.clone())}
                {row(Key::traineeship_place, v.site.clone())}
                {row(Key::project_promoter, lang.t(Key::project_promoter_name).to_owned())}
                {row(Key::traineeship_company_tutor, v.company_tutor.clone())}
                {row(Key::traineeship_tutor, v.tutor.clone())}
            </dl>
            <h2>{lang.t(Key::project_terms)}</h2>
            <dl class="facts">
                {row(Key::project_position, v.position.clone())}
                {row(Key::traineeship_when, v.dates.clone())}
                {row(Key::traineeship_days, format!("{} · {}", v.schedule, v.weekly_hours))}
                {row(Key::traineeship_allowance, v.allowance.clone())}
            </dl>
            <h2>{lang.t(Key::project_objectives)}</h2>
            <ol>
                {v.objectives.iter().map(|(text, _)| view! { <li><bdi>{text.clone()}</bdi></li> }).collect_view()}
            </ol>
            <h2>{lang.t(Key::project_signatures)}</h2>
            <div class="signatures">
                {[Key::project_signature_trainee, Key::project_signature_host, Key::project_signature_promoter]
                    .into_iter()
                    .map(|k| view! { <p class="signature">{lang.t(k)}</p> })
                    .collect_view()}
            </div>
        </article>
    }
}
