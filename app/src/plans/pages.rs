//! The plan on the case page (to build and update) and on the applicant's status page (to read,
//! with the next step first, and to agree with).
use super::*;
use crate::i18n::{Key, Lang};
use crate::ui::forms::{
    area_field, query_value, select_field, text_field, FormProblems, StaffProblem,
};
use crate::ui::{use_lang, Loading};
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos_router::hooks::use_location;

#[derive(Clone, Copy)]
struct Actions {
    save: ServerAction<SavePlan>,
    suspend: ServerAction<SuspendPath>,
    resume: ServerAction<ResumePath>,
}

/// The plan section of the case page; nothing before the assessment.
#[component]
pub fn CasePlan(applicant_id: ApplicantId) -> impl IntoView {
    let lang = use_lang();
    let a = Actions {
        save: ServerAction::new(),
        suspend: ServerAction::new(),
        resume: ServerAction::new(),
    };
    let location = use_location();
    let data = Resource::new(
        move || {
            (
                location.search.get(),
                a.save.version().get(),
                a.suspend.version().get(),
                a.resume.version().get(),
            )
        },
        move |_| load_plan(applicant_id),
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => Either::Left(plan_section(lang, v, a)),
                    Ok(None) => Either::Right(Either::Left(())),
                    Err(e) => Either::Right(Either::Right(view! { <StaffProblem error=e/> })),
                }
            })}
        </Transition>
    }
}

/// When, what hours and where, each part isolated in its own direction: the dates are in the
/// reader's language, the schedule and place as the professional typed them (an Arabic page with
/// "martedì 9–11, Via Libia 59" must not reorder their words).
fn parts(items: &[&String]) -> Option<impl IntoView> {
    let items: Vec<String> = items
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| (*s).clone())
        .collect();
    (!items.is_empty()).then(|| {
        view! {
            <p class="parts">
                {items
                    .into_iter()
                    .enumerate()
                    .map(|(n, i)| view! { {(n > 0).then_some(" · ")} <bdi>{i}</bdi> })
                    .collect_view()}
            </p>
        }
    })
}

fn component_list(lang: Lang, components: Vec<ComponentView>) -> impl IntoView {
    view! {
        <ol class="plan-components">
            {components.into_iter().map(|c| {
                let details = parts(&[&c.when, &c.schedule, &c.place]);
                view! {
                    <li class=format!("plan-component {}", c.status_code)>
                        <p><strong>{c.kind.clone()}</strong> " " <span class="stage">{c.status.clone()}</span></p>
                        <p dir="auto">{c.goal.clone()}</p>
                        {details}
                        {(!c.responsible.is_empty()).then(|| view! {
                            <p class="muted">{lang.t(Key::plan_responsible)} ": " <span dir="auto">{c.responsible.clone()}</span></p>
                        })}
                        {(!c.expected.is_empty()).then(|| view! {
                            <p class="muted">{lang.t(Key::plan_expected)} ": " <bdi>{c.expected.clone()}</bdi></p>
                        })}
                    </li>
                }
                .into_any()
            }).collect_view()}
        </ol>
    }
}

fn plan_section(lang: Lang, v: PlanView, a: Actions) -> impl IntoView {
    let ok = query_value("ok");
    let err = query_value("e");
    let id = v.applicant_id;
    let notice = move || {
        ok.get().and_then(|o| {
            let key = match o.as_str() {
                "plan" => Key::plan_saved_done,
                "suspended" => Key::plan_suspended_done,
                "resumed" => Key::plan_resumed_done,
                _ => return None,
            };
            Some(view! { <div class="notice success" role="status"><p>{lang.t(key)}</p></div> })
        })
    };
    let state_problem = move || {
        (err.get().as_deref() == Some("plan_state")).then(|| {
            view! { <div class="notice error" role="alert"><p>{lang.t(Key::plan_err_state)}</p></div> }
        })
    };
    let first = v.version == 0;
    let open = first || !v.form.problems.is_empty();
    let form = v.form.clone();
    let rows = (0..v.rows)
        .map(|row| {
            let name = |f: &str| format!("c{row}_{f}");
            let legend = if form.values.contains_key(&name("kind")) {
                lang.tf(Key::plan_component_n, &[("n", &(row + 1).to_string())])
            } else {
                lang.t(Key::plan_component_new).to_owned()
            };
            view! {
                <fieldset class="plan-row">
                    <legend>{legend}</legend>
                    {select_field(&form, &name("kind"), lang.t(Key::plan_kind), v.kinds.clone())}
                    {area_field(&form, &name("goal"), lang.t(Key::plan_goal))}
                    <div class="two">
                        {text_field(&form, &name("starts_on"), lang.t(Key::plan_starts_on), "date")}
                        {text_field(&form, &name("ends_on"), lang.t(Key::plan_ends_on), "date")}
                    </div>
                    {text_field(&form, &name("schedule"), lang.t(Key::plan_schedule), "text")}
                    {text_field(&form, &name("place"), lang.t(Key::plan_place), "text")}
                    {text_field(&form, &name("responsible"), lang.t(Key::plan_responsible), "text")}
                    {area_field(&form, &name("expected"), lang.t(Key::plan_expected))}
                    <div class="two">
                        {select_field(&form, &name("status"), lang.t(Key::plan_status), v.statuses.clone())}
                        {select_field(&form, &name("dropped"), lang.t(Key::plan_dropped_reason), v.drop_reasons.clone())}
                    </div>
                </fieldset>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <section id="plan">
            <h2>{lang.t(Key::plan_title)}</h2>
            {notice}
            {state_problem}
            {v.suspended.then(|| view! { <p class="notice"><strong>{lang.t(Key::plan_is_suspended)}</strong></p> })}
            {v.saved.clone().map(|s| view! { <p class="muted">{s}</p> })}
            {(!first).then(|| view! {
                <p>{v.agreed.clone().unwrap_or_else(|| lang.t(Key::plan_not_agreed).to_owned())}</p>
            })}
            {(!first).then(|| component_list(lang, v.components.clone()))}
            {v.may_edit.then(|| view! {
                <details class="plan-edit" open=open>
                    <summary>{if first { lang.t(Key::plan_prepare) } else { lang.t(Key::plan_change) }}</summary>
                    <p class="muted">{lang.t(Key::plan_form_explain)}</p>
                    <ActionForm action=a.save attr:novalidate=true>
                        <input type="hidden" name="applicant_id" value=id.to_string()/>
                        <input type="hidden" name="edited" value=v.version.to_string()/>
                        <FormProblems form=v.form.clone()/>
                        {rows}
                        <div class="actions">
                            <button type="submit" class="primary">{lang.t(Key::plan_save)}</button>
                        </div>
                    </ActionForm>
                </details>
            })}
            {v.may_suspend.then(|| view! {
                <ActionForm action=a.suspend attr:class="inline">
                    <input type="hidden" name="applicant_id" value=id.to_string()/>
                    <button type="submit">{lang.t(Key::plan_suspend)}</button>
                </ActionForm>
            })}
            {v.may_resume.then(|| view! {
                <ActionForm action=a.resume attr:class="inline">
                    <input type="hidden" name="applicant_id" value=id.to_string()/>
                    <button type="submit" class="primary">{lang.t(Key::plan_resume)}</button>
                </ActionForm>
            })}
            {(!v.history.is_empty()).then(|| view! {
                <details>
                    <summary>{lang.t(Key::plan_history)}</summary>
                    <ul>{v.history.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}</ul>
                </details>
            })}
        </section>
    }
}

/// The plan on the applicant's status page: the next step in plain words, the whole plan, and
/// "I agree".
#[component]
pub fn ApplicantPlan() -> impl IntoView {
    let lang = use_lang();
    let agree = ServerAction::<AgreeToPlan>::new();
    let data = Resource::new(move || agree.version().get(), |_| load_my_plan());
    let ok = query_value("ok");
    let err = query_value("e");
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().flatten().map(|p| {
                    let next = p.next.clone();
                    view! {
                        <section id="plan" class="card">
                            <h2>{lang.t(Key::my_plan_title)}</h2>
                            {move || (ok.get().as_deref() == Some("plan")).then(|| view! {
                                <div class="notice success" role="status"><p>{lang.t(Key::my_plan_agreed_done)}</p></div>
                            })}
                            {move || (err.get().as_deref() == Some("plan_changed")).then(|| view! {
                                <div class="notice error" role="alert"><p>{lang.t(Key::my_plan_changed)}</p></div>
                            })}
                            {p.suspended.then(|| view! { <p><strong>{lang.t(Key::my_plan_suspended)}</strong></p> })}
                            {next.map(|c| {
                                view! {
                                    <div class="next">
                                        <p class="lead">
                                            <strong>{lang.t(Key::my_plan_next)} " "</strong> {c.kind.clone()}
                                        </p>
                                        {parts(&[&c.when, &c.schedule, &c.place])}
                                        {(!c.expected.is_empty()).then(|| view! {
                                            <p>{lang.t(Key::my_plan_expected)} " " <bdi>{c.expected.clone()}</bdi></p>
                                        })}
                                    </div>
                                }
                            })}
                            <details>
                                <summary>{lang.t(Key::my_plan_all)}</summary>
                                {component_list(lang, p.components.clone())}
                            </details>
                            {match p.agreed.clone() {
                                Some(when) => Either::Left(view! { <p class="muted">{when}</p> }),
                                None => Either::Right(view! {
                                    <ActionForm action=agree>
                                        <input type="hidden" name="version" value=p.version.to_string()/>
                                        <p>{lang.t(Key::my_plan_agree_explain)}</p>
                                        <button type="submit" class="primary">{lang.t(Key::my_plan_agree)}</button>
                                    </ActionForm>
                                }),
                            }}
                        </section>
                    }
                })
            })}
        </Transition>
    }
}
