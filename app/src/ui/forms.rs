//! Form machinery every staff and company page shares: what a form holds when the page shows it
//! again (values and problems), the choices of a select, the summary of problems, the fields, the
//! query values pages read, and the problem of a staff page that could not load.
use crate::domain::questionnaire::Opt;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::{use_lang, Problem};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a form holds when the page shows it: the values last posted (when the server refused
/// them) and, for each field that needs correcting, the message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub problems: Vec<(String, String)>,
    /// Keeps the ids of this form's fields apart from another form's on the same page.
    #[serde(default)]
    pub scope: String,
}

impl FormState {
    pub fn scoped(mut self, scope: &str) -> FormState {
        self.scope = scope.to_owned();
        self
    }

    /// The id of a field's input, as labels and the problem summary point to it.
    pub fn id_of(&self, name: &str) -> String {
        if self.scope.is_empty() {
            format!("f-{name}")
        } else {
            format!("f-{}-{name}", self.scope)
        }
    }

    pub fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    pub fn ticked(&self, name: &str) -> bool {
        self.values.get(name).is_some_and(|v| !v.is_empty())
    }

    pub fn problem(&self, name: &str) -> Option<String> {
        self.problems
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, m)| m.clone())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The problems of a refused form, at its top, each a link to its field.
#[component]
pub fn FormProblems(form: FormState) -> impl IntoView {
    let lang = use_lang();
    (!form.problems.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{lang.t(Key::error_summary_title)}</h2>
                <ul>
                    {form.problems.iter().map(|(field, message)| view! {
                        <li><a href=format!("#{}", form.id_of(field))>{message.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// A labelled input named `f[name]`, holding what was typed last, with its problem.
pub fn text_field(form: &FormState, name: &str, label: &str, kind: &'static str) -> impl IntoView {
    let error = form.problem(name);
    let id = form.id_of(name);
    let value = form.value(name);
    let ltr = matches!(kind, "email" | "tel" | "date" | "number");
    view! {
        <div class="field" class:invalid=error.is_some()>
            <label for=id.clone()>{label.to_owned()}</label>
            {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
            <input id=id.clone() name=format!("f[{name}]") type=kind value=value.clone() prop:value=value
                dir=if ltr { Some("ltr") } else { None }
                aria-invalid=error.as_ref().map(|_| "true")
                aria-describedby=error.as_ref().map(|_| format!("{id}-error"))/>
        </div>
    }
}

pub fn area_field(form: &FormState, name: &str, label: &str) -> impl IntoView {
    let error = form.problem(name);
    let id = form.id_of(name);
    view! {
        <div class="field" class:invalid=error.is_some()>
            <label for=id.clone()>{label.to_owned()}</label>
            {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
            <textarea id=id.clone() name=format!("f[{name}]") rows="3"
                aria-invalid=error.as_ref().map(|_| "true")
                aria-describedby=error.as_ref().map(|_| format!("{id}-error"))>{form.value(name)}</textarea>
        </div>
    }
}

pub fn select_field(
    form: &FormState,
    name: &str,
    label: &str,
    choices: Vec<Choice>,
) -> impl IntoView {
    let lang = use_lang();
    let error = form.problem(name);
    let id = form.id_of(name);
    let current = form.value(name);
    view! {
        <div class="field" class:invalid=error.is_some()>
            <label for=id.clone()>{label.to_owned()}</label>
            {error.clone().map(|e| view! { <p class="error" id=format!("{id}-error")>{e}</p> })}
            <select id=id.clone() name=format!("f[{name}]")
                aria-invalid=error.as_ref().map(|_| "true")
                aria-describedby=error.as_ref().map(|_| format!("{id}-error"))>
                <option value="">{lang.t(Key::choose)}</option>
                {choices.into_iter().map(|c| {
                    let selected = c.value == current;
                    view! { <option value=c.value selected=selected>{c.label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

pub fn checks_field(form: &FormState, name: &str, label: &str, opts: &[Opt]) -> impl IntoView {
    let lang = use_lang();
    let error = form.problem(name);
    let invalid = error.is_some();
    view! {
        <fieldset class="field" id=form.id_of(name) class:invalid=invalid>
            <legend>{label.to_owned()}</legend>
            {error.map(|e| view! { <p class="error">{e}</p> })}
            <div class="checks">
                {opts.iter().map(|o| {
                    let key = format!("{name}__{}", o.value);
                    view! {
                        <label class="choice">
                            <input type="checkbox" name=format!("f[{key}]") value="on" checked=form.ticked(&key)/>
                            <span>{lang.t(o.label)}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

pub fn check_field(form: &FormState, name: &str, label: &str) -> impl IntoView {
    view! {
        <div class="field">
            <label class="choice">
                <input type="checkbox" id=form.id_of(name) name=format!("f[{name}]") value="on" checked=form.ticked(name)/>
                <span>{label.to_owned()}</span>
            </label>
        </div>
    }
}

/// The problems of a form, at its top, each a link to its field. `items` is read where it is
/// shown, so problems that come from the address (`?e=…`) follow it without a new page.
#[component]
pub fn ErrorSummaryFor(
    show: Signal<bool>,
    #[prop(into)] items: Signal<Vec<(String, &'static str, &'static str)>>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Show when=move || show.get()>
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{lang.t(Key::error_summary_title)}</h2>
                <ul>
                    {move || {
                        items
                            .get()
                            .into_iter()
                            .map(|(name, label, message)| {
                                view! {
                                    <li>
                                        <a href=format!("#f-{name}")>{label} ": " {message}</a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

pub fn query_value(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get(name))
}

/// The record id in the page's path, as its own id type (0, which no record has, when unreadable).
pub fn id_param<T: PartialEq + Send + Sync + 'static>(make: fn(i64) -> T) -> Memo<T> {
    let params = use_params_map();
    Memo::new(move |_| {
        make(
            params
                .read()
                .get("id")
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(0),
        )
    })
}

/// Shown when a staff page's data cannot be had: back to log-in when signed out.
#[component]
pub fn StaffProblem(error: AppError) -> impl IntoView {
    match error {
        AppError::SignedOut => Either::Left(view! { <Redirect path="/staff/login?e=expired"/> }),
        e => Either::Right(view! { <Problem error=e/> }),
    }
}

/// The territory's comuni for a select, in alphabetical order.
#[cfg(feature = "ssr")]
pub fn comune_choices(state: &crate::web::AppState) -> Vec<Choice> {
    let mut out: Vec<Choice> = state
        .territory
        .comuni
        .iter()
        .map(|c| Choice {
            value: c.istat_code.clone(),
            label: c.name.clone(),
        })
        .collect();
    out.sort_by_key(|c| crate::domain::territory::fold(&c.label));
    out
}

/// The server half of forms: a refused form is kept (a day) for its page to show again with its
/// problems, with or without JavaScript, keyed by the caller's session and the form's name.
#[cfg(feature = "ssr")]
mod kept {
    use super::FormState;
    use crate::error::AppError;
    use crate::web::access::caller;
    use crate::web::time::now;
    use crate::web::AppState;
    use std::collections::BTreeMap;

    /// Forms are keyed by the page and form they belong to, e.g. `company:4:log`.
    pub async fn form_state(state: &AppState, form: &str) -> FormState {
        let Some(session) = caller().session_hash().map(str::to_owned) else {
            return FormState::default();
        };
        let kept = match state.store.form_draft(&session, form).await {
            Ok(kept) => kept,
            Err(e) => {
                tracing::error!(form, "a kept form could not be read: {e}");
                None
            }
        };
        let Some((values, problems)) = kept else {
            return FormState::default();
        };
        match (
            serde_json::from_str(&values),
            serde_json::from_str(&problems),
        ) {
            (Ok(values), Ok(problems)) => FormState {
                values,
                problems,
                scope: String::new(),
            },
            // Written by `keep_form` from the same types: only a change of those types gets here,
            // and the form is then shown empty rather than failing its page.
            (Err(e), _) | (_, Err(e)) => {
                tracing::error!(form, "a kept form could not be read: {e}");
                FormState::default()
            }
        }
    }

    /// The page's forms that were refused and kept, by name: `prefix:name` for each name given.
    pub async fn saved_forms(
        state: &AppState,
        prefix: &str,
        names: &[&str],
    ) -> BTreeMap<String, FormState> {
        let mut forms = BTreeMap::new();
        for name in names {
            let f = form_state(state, &format!("{prefix}:{name}")).await;
            if !f.values.is_empty() {
                forms.insert((*name).to_owned(), f);
            }
        }
        forms
    }

    /// Keeps a refused form for the page to show again, wherever the browser comes back from.
    pub async fn keep_form(
        state: &AppState,
        form: &str,
        values: &BTreeMap<String, String>,
        problems: &[(String, String)],
    ) -> Result<(), AppError> {
        if let Some(session) = caller().session_hash() {
            let values = serde_json::to_string(values).map_err(|_| AppError::Unavailable)?;
            let problems = serde_json::to_string(problems).map_err(|_| AppError::Unavailable)?;
            state
                .store
                .save_form_draft(session, form, &values, &problems, now())
                .await?;
        }
        Ok(())
    }

    pub async fn clear_form(state: &AppState, form: &str) -> Result<(), AppError> {
        if let Some(session) = caller().session_hash() {
            state.store.clear_form_draft(session, form).await?;
        }
        Ok(())
    }
}
#[cfg(feature = "ssr")]
pub use kept::{clear_form, form_state, keep_form, saved_forms};
