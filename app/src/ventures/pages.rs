//! The projects' board by stage, a project's page with its next step, and the projects section
//! of the case page.
use super::*;
use crate::i18n::{Key, Lang};
use crate::ui::forms::{
    area_field, id_param, query_value, select_field, text_field, FormProblems, StaffProblem,
};
use crate::ui::{use_lang, Loading};
use leptos::either::{Either, EitherOf7};
use leptos::form::ActionForm;
use leptos_router::hooks::use_location;

#[component]
pub fn VenturesPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| load_ventures());
    view! {
        <h1>{lang.t(Key::venture_title)}</h1>
        <p class="muted">{lang.t(Key::venture_intro)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(board(lang, v)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn venture_card(lang: Lang, c: VentureCard) -> impl IntoView {
    view! {
        <li class="card">
            <p><a href=format!("/staff/projects/{}", c.id)><strong><bdi>{c.title.clone()}</bdi></strong></a></p>
            <p class="muted"><bdi>{c.lead.clone()}</bdi> " · " {c.team.clone()}</p>
            {c.social_innovation.then(|| view! { <p><span class="tag">{lang.t(Key::venture_social)}</span></p> })}
        </li>
    }
}

fn board(lang: Lang, v: VentureBoard) -> impl IntoView {
    view! {
        <dl class="totals">
            {v.totals.into_iter().map(|(label, n)| view! {
                <div><dt>{label}</dt><dd>{n}</dd></div>
            }).collect_view()}
        </dl>
        <div class="board-columns ventures">
            {v.columns.into_iter().map(|c| view! {
                <section class="column" aria-labelledby=format!("stage-{}", c.code)>
                    <h2 id=format!("stage-{}", c.code)>{c.label.clone()} " " <span class="count">"(" {c.count} ")"</span></h2>
                    <ul class="cards">
                        {c.cards.into_iter().map(|card| venture_card(lang, card)).collect_view()}
                    </ul>
                </section>
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn VenturePage() -> impl IntoView {
    let lang = use_lang();
    let id = id_param(VentureId::new);
    let step = ServerAction::<AdvanceVenture>::new();
    let add = ServerAction::<AddVentureMember>::new();
    let remove = ServerAction::<RemoveVentureMember>::new();
    let location = use_location();
    let data = Resource::new(
        move || {
            (
                id.get(),
                location.search.get(),
                step.version().get(),
                add.version().get(),
                remove.version().get(),
            )
        },
        |(id, ..)| load_venture(id),
    );
    view! {
        <p><a href="/staff/projects">{lang.t(Key::venture_back)}</a></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => Either::Left(venture_page(lang, v, step, add, remove)),
                    Err(e) => Either::Right(view! { <StaffProblem error=e/> }),
                }
            })}
        </Transition>
    }
}

/// Read with the data it belongs to (the page renders again when its address changes).
fn venture_notice(lang: Lang) -> Option<impl IntoView> {
    let ok = query_value("ok").get_untracked();
    let err = query_value("e").get_untracked();
    let (text, class) = match (ok.as_deref(), err.as_deref()) {
        (Some("created"), _) => (lang.t(Key::venture_created), "success"),
        (Some("member"), _) => (lang.t(Key::venture_member_added), "success"),
        (Some("member_removed"), _) => (lang.t(Key::venture_member_removed), "success"),
        (Some(_), _) => (lang.t(Key::venture_step_done), "success"),
        (_, Some("step")) => (lang.t(Key::venture_err_form), "error"),
        (_, Some("member_already")) => (lang.t(Key::venture_err_member_already), "error"),
        (_, Some("member_closed")) => (lang.t(Key::venture_err_member_closed), "error"),
        (_, Some("member_lead")) => (lang.t(Key::venture_err_member_lead), "error"),
        (_, Some(_)) => (lang.t(Key::venture_err_member_unknown), "error"),
        _ => return None,
    };
    Some(view! {
        <div class=format!("notice {class}") role=if class == "error" { "alert" } else { "status" }><p>{text}</p></div>
    })
}

fn venture_page(
    lang: Lang,
    v: VentureView,
    step: ServerAction<AdvanceVenture>,
    add: ServerAction<AddVentureMember>,
    remove: ServerAction<RemoveVentureMember>,
) -> impl IntoView {
    let id = v.id;
    let form = v.form.clone();
    let dropping = form.values.get("step").map(String::as_str) == Some("dropped");
    let next_step = v.next.clone().map(|next| {
        let fields = step_fields(lang, &next, &form, &v);
        let problems = (!dropping).then(|| form.clone());
        let label = v.next_label.clone();
        view! {
            <ActionForm action=step attr:novalidate=true>
                {problems.map(|form| view! { <FormProblems form=form/> })}
                <input type="hidden" name="venture_id" value=id.to_string()/>
                <input type="hidden" name="f[step]" value=next/>
                {fields}
                <button type="submit" class="primary">{label}</button>
            </ActionForm>
        }
    });
    let drop = v.may_drop.then(|| {
        let problems = dropping.then(|| form.clone());
        let reason = select_field(&form, "reason", lang.t(Key::venture_drop_reason), v.reasons.clone());
        let note = text_field(&form, "note", lang.t(Key::venture_drop_note), "text");
        view! {
            <details id="drop" class="panel danger" open=dropping>
                <summary>{lang.t(Key::venture_drop)}</summary>
                <ActionForm action=step attr:novalidate=true>
                    {problems.map(|form| view! { <FormProblems form=form/> })}
                    <input type="hidden" name="venture_id" value=id.to_string()/>
                    <input type="hidden" name="f[step]" value="dropped"/>
                    {reason}
                    {note}
                    <button type="submit" class="danger">{lang.t(Key::venture_drop_confirm)}</button>
                </ActionForm>
            </details>
        }
    });
    let members = v.members.clone().into_iter().map(|m| {
        let name = if m.on_case {
            Either::Left(view! { <a href=format!("/staff/case/{}", m.applicant_id)><bdi>{m.name.clone()}</bdi></a> })
        } else {
            Either::Right(view! { <bdi>{m.name.clone()}</bdi> })
        };
        let applicant = m.applicant_id.to_string();
        view! {
            <li>
                <p>
                    {name} " " <span class="muted">{m.reference.clone()}</span>
                    {m.lead.then(|| view! { " · " <strong>{lang.t(Key::venture_lead)}</strong> })}
                </p>
                {(!m.lead).then(|| view! {
                    <ActionForm action=remove attr:class="inline">
                        <input type="hidden" name="venture_id" value=id.to_string()/>
                        <input type="hidden" name="applicant_id" value=applicant/>
                        <button type="submit">{lang.t(Key::venture_member_remove)}</button>
                    </ActionForm>
                })}
            </li>
        }
    }).collect_view();
    view! {
        <h1><bdi>{v.title.clone()}</bdi></h1>
        {venture_notice(lang)}
        <p class="lead">{v.stage.clone()}
            {v.social_innovation.then(|| view! { " " <span class="tag">{lang.t(Key::venture_social)}</span> })}
        </p>
        <ol class="progress">
            {v.path.into_iter().map(|(label, reached, current)| view! {
                <li class:done=reached && !current class:current=current aria-current=current.then_some("step")>{label}</li>
            }).collect_view()}
        </ol>
        <p><bdi>{v.description.clone()}</bdi></p>
        {(!v.facts.is_empty()).then(|| view! {
            <dl class="facts">
                {v.facts.into_iter().map(|(k, val)| view! { <dt>{k}</dt> <dd><bdi>{val}</bdi></dd> }).collect_view()}
            </dl>
        })}
        <div class="course-layout">
            <section id="next-step">
                <h2>{lang.t(Key::venture_next_title)}</h2>
                {match next_step {
                    None => Either::Left(view! { <p class="muted">{lang.t(Key::venture_no_next)}</p> }),
                    Some(form) => Either::Right(form),
                }}
            </section>
            <section id="team">
                <h2>{lang.t(Key::venture_team)}</h2>
                <ul class="people">{members}</ul>
                <ActionForm action=add>
                    <input type="hidden" name="venture_id" value=id.to_string()/>
                    <div class="field">
                        <label for="member-reference">{lang.t(Key::venture_member_reference)}</label>
                        // Emptied once a person is added (the page is rebuilt in place, not reloaded).
                        <input id="member-reference" name="reference" type="text" dir="ltr" placeholder="BO-000000" autocomplete="off"
                            prop:value=move || { add.version().get(); String::new() }/>
                    </div>
                    <button type="submit">{lang.t(Key::venture_member_add)}</button>
                </ActionForm>
            </section>
        </div>
        {drop}
        {(!v.history.is_empty()).then(|| view! {
            <details>
                <summary>{lang.t(Key::venture_history)}</summary>
                <ul>{v.history.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
            </details>
        })}
    }
}

fn step_fields(lang: Lang, next: &str, form: &FormState, v: &VentureView) -> impl IntoView {
    let check = |name: &'static str, key: Key| {
        view! {
            <label class="choice">
                <input type="checkbox" name=format!("f[{name}]") value="on" checked=form.ticked(name)/>
                <span>{lang.t(key)}</span>
            </label>
        }
    };
    match next {
        "analysed" => EitherOf7::A(view! {
            <fieldset class="field">
                <legend>{lang.t(Key::venture_analysis_explain)}</legend>
                <div class="checks">
                    {check("market", Key::venture_check_market)}
                    {check("skills", Key::venture_check_skills)}
                    {check("costs", Key::venture_check_costs)}
                    {check("permits", Key::venture_check_permits)}
                </div>
            </fieldset>
            {text_field(form, "score", lang.t(Key::venture_score_label), "number")}
            {area_field(form, "notes", lang.t(Key::venture_notes))}
        }),
        "mentoring" => EitherOf7::B(text_field(
            form,
            "mentor",
            lang.t(Key::venture_mentor_label),
            "text",
        )),
        "business_plan" => {
            EitherOf7::C(area_field(form, "summary", lang.t(Key::venture_plan_label)))
        }
        "financed" => EitherOf7::D(view! {
            {text_field(form, "amount", lang.t(Key::venture_amount), "text")}
            {select_field(form, "source", lang.t(Key::venture_source), v.sources.clone())}
        }),
        "started" => EitherOf7::E(view! {
            {text_field(form, "started_on", lang.t(Key::venture_started_on), "date")}
            {select_field(form, "legal_form", lang.t(Key::venture_legal_form), v.legal_forms.clone())}
            {text_field(form, "vat", lang.t(Key::venture_vat), "text")}
        }),
        "active_12_months" => EitherOf7::F(view! {
            <p>{v.active_from.clone().map(|d| lang.tf(Key::venture_active_explain, &[("date", &d)]))}</p>
        }),
        _ => EitherOf7::G(()),
    }
}

/// The projects section of the case page: the person's projects, and a new one.
#[component]
pub fn CaseVentures(applicant_id: ApplicantId) -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateVenture>::new();
    let location = use_location();
    let data = Resource::new(
        move || (location.search.get(), create.version().get()),
        move |_| load_case_ventures(applicant_id),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => Either::Left(case_ventures(lang, v, create)),
                    Ok(None) => Either::Right(Either::Left(())),
                    Err(e) => Either::Right(Either::Right(view! { <StaffProblem error=e/> })),
                }
            })}
        </Transition>
    }
}

fn case_ventures(
    lang: Lang,
    v: CaseVenturesView,
    create: ServerAction<CreateVenture>,
) -> impl IntoView {
    let form = v.form.clone();
    let open = !form.problems.is_empty();
    let err = query_value("e");
    view! {
        <section id="ventures">
            <h2>{lang.t(Key::case_ventures_title)}</h2>
            {move || (err.get().as_deref() == Some("venture_case")).then(|| view! {
                <div class="notice error" role="alert"><p>{lang.t(Key::venture_err_member_closed)}</p></div>
            })}
            {if v.rows.is_empty() {
                Either::Left(view! { <p class="muted">{lang.t(Key::case_ventures_none)}</p> })
            } else {
                Either::Right(view! {
                    <ul class="people">
                        {v.rows.into_iter().map(|c| view! {
                            <li>
                                <p><a href=format!("/staff/projects/{}", c.id)><bdi>{c.title.clone()}</bdi></a> " · " <strong>{c.stage.clone()}</strong></p>
                                <p class="muted">{c.team.clone()}
                                    {c.social_innovation.then(|| view! { " · " {lang.t(Key::venture_social)} })}
                                </p>
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
            {v.may_start.then(|| view! {
                <details class="panel" open=open>
                    <summary>{lang.t(Key::venture_new)}</summary>
                    <ActionForm action=create attr:novalidate=true>
                        <FormProblems form=form.clone()/>
                        <input type="hidden" name="applicant_id" value=v.applicant_id.to_string()/>
                        {text_field(&form, "title", lang.t(Key::venture_title_label), "text")}
                        {area_field(&form, "description", lang.t(Key::venture_description))}
                        <label class="choice">
                            <input type="checkbox" name="f[social_innovation]" value="on" checked=form.ticked("social_innovation")/>
                            <span>{lang.t(Key::venture_social_label)}</span>
                        </label>
                        <div class="actions">
                            <button type="submit" class="primary">{lang.t(Key::venture_create)}</button>
                        </div>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}
