//! The applicant's pages, phone first. Each is a real HTML form posting to a server function, so
//! the whole path works without JavaScript; with it, answers are checked as they are typed.
use super::*;
use crate::domain::questionnaire::reviewed_answer;
use crate::domain::questionnaire::{Field, FieldKind, Need, Opt, Step, TextShape, STEPS};
use crate::i18n::{Key, Lang};
use crate::ui::forms::ErrorSummaryFor;
use crate::ui::use_lang;
use crate::ui::{Loading, Problem};
use leptos::either::Either;
use leptos::form::ActionForm;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn Landing() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="hero">
            <h1>{lang.t(Key::landing_title)}</h1>
            <p class="lead">{lang.t(Key::landing_lead)}</p>
            <p>
                <a class="button primary" href="/apply">{lang.t(Key::landing_start)}</a>
            </p>
            <p class="small">{lang.t(Key::landing_time)}</p>
        </section>
        <section>
            <h2>{lang.t(Key::landing_offer_title)}</h2>
            <ul class="plain">{items(lang, &[Key::landing_offer_1, Key::landing_offer_2, Key::landing_offer_3, Key::landing_offer_4])}</ul>
        </section>
        <section>
            <h2>{lang.t(Key::landing_who_title)}</h2>
            <ul class="plain">{items(lang, &[Key::landing_who_1, Key::landing_who_2, Key::landing_who_3])}</ul>
        </section>
        <section>
            <h2>{lang.t(Key::landing_how_title)}</h2>
            <ol class="steps">{items(lang, &[Key::landing_how_1, Key::landing_how_2, Key::landing_how_3, Key::landing_how_4])}</ol>
        </section>
        <section>
            <h2>{lang.t(Key::landing_need_title)}</h2>
            <p>{lang.t(Key::landing_need)}</p>
            <p>
                <a href="/privacy">{lang.t(Key::privacy_link)}</a>
            </p>
        </section>
    }
}

/// The list items of a landing section, one text each.
fn items(lang: Lang, keys: &[Key]) -> impl IntoView {
    keys.iter()
        .map(|k| view! { <li>{lang.t(*k)}</li> })
        .collect::<Vec<_>>()
}

#[component]
pub fn Privacy() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{lang.t(Key::privacy_title)}</h1>
        <p>{lang.t(Key::privacy_who)}</p>
        <p>{lang.t(Key::privacy_what)}</p>
        <p>{lang.t(Key::privacy_why)}</p>
        <p>{lang.t(Key::privacy_needs)}</p>
        <p>{lang.t(Key::privacy_keep)}</p>
        <p>{lang.t(Key::privacy_rights)}</p>
        <p>
            <a class="button" href="/apply">{lang.t(Key::landing_start)}</a>
        </p>
    }
}

/// The error code a redirect put in the query (`?e=required`): a code, never what was typed.
fn query_error() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("e"))
}

#[component]
pub fn DomicileStep() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<ChooseDomicile>::new();
    let data = Resource::new(|| (), |_| load_domicile());
    let error = query_error();
    view! {
        <p class="progress-text">{lang.t(Key::eligibility_label)}</p>
        <h1>{lang.t(Key::domicile_title)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => Either::Left(domicile_form(action, view, error)),
                    Err(e) => Either::Right(view! { <Problem error=e/> }),
                }
            })}
        </Transition>
    }
}

fn domicile_form(
    action: ServerAction<ChooseDomicile>,
    view: DomicileView,
    error: Memo<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let query = RwSignal::new(String::new());
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let chosen = view.chosen.clone().unwrap_or_default();
    let comuni = view.comuni.clone();
    let options = move || {
        let q = crate::domain::territory::fold(&query.get());
        let chosen = chosen.clone();
        comuni
            .iter()
            .filter(|c| q.is_empty() || crate::domain::territory::fold(&c.name).contains(&q))
            .map(|c| {
                let selected = c.istat == chosen;
                view! { <option value=c.istat.clone() selected=selected>{c.name.clone()}</option> }
            })
            .collect_view()
    };
    let invalid = move || error.get().is_some();
    view! {
        <ActionForm action=action attr:novalidate=true>
            <ErrorSummaryFor
                show=Signal::derive(invalid)
                items=vec![("comune".to_owned(), lang.t(Key::domicile_label), lang.t(Key::err_required))]
            />
            <div class="field" class:invalid=invalid>
                // Searching needs a script: hidden until one is running.
                <div class="js-only" hidden=move || !hydrated.get()>
                    <label for="comune-search">{lang.t(Key::domicile_search)}</label>
                    <input
                        id="comune-search"
                        type="search"
                        autocomplete="off"
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                    <p class="hint" id="comune-found" role="status"></p>
                </div>
                <label for="f-comune">{lang.t(Key::domicile_label)}</label>
                <p class="hint" id="comune-hint">{lang.t(Key::domicile_hint)}</p>
                <Show when=invalid>
                    <p class="error" id="comune-error">
                        {move || {
                            if error.get().as_deref() == Some("too_many") {
                                lang.t(Key::problem_too_many_attempts)
                            } else {
                                lang.t(Key::err_required)
                            }
                        }}
                    </p>
                </Show>
                <select
                    id="f-comune"
                    name="comune"
                    aria-describedby="comune-hint comune-error"
                    aria-invalid=move || invalid().then_some("true")
                >
                    <option value="">{lang.t(Key::choose)}</option>
                    {options}
                    <option value="elsewhere">{lang.t(Key::domicile_elsewhere)}</option>
                </select>
            </div>
            <div class="actions">
                <button type="submit" class="primary">{lang.t(Key::next)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn MeasureStep() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<AnswerMeasure>::new();
    let error = query_error();
    let invalid = move || error.get().is_some();
    view! {
        <p class="progress-text">{lang.t(Key::eligibility_label)}</p>
        <ActionForm action=action attr:novalidate=true>
            <ErrorSummaryFor
                show=Signal::derive(invalid)
                items=vec![("answer".to_owned(), lang.t(Key::measure_title), lang.t(Key::err_required))]
            />
            <fieldset class="field" class:invalid=invalid id="f-answer" aria-describedby="measure-explain">
                <legend>
                    <h1>{lang.t(Key::measure_title)}</h1>
                </legend>
                <div id="measure-explain" class="explain">
                    <p>{lang.t(Key::measure_explain)}</p>
                    <ul>
                        <li>{lang.t(Key::measure_example_1)}</li>
                        <li>{lang.t(Key::measure_example_2)}</li>
                        <li>{lang.t(Key::measure_example_3)}</li>
                    </ul>
                    <p>{lang.t(Key::measure_unsure)}</p>
                </div>
                <Show when=invalid>
                    <p class="error">{lang.t(Key::err_required)}</p>
                </Show>
                <label class="choice">
                    <input type="radio" name="answer" value="no"/>
                    <span>{lang.t(Key::measure_no)}</span>
                </label>
                <label class="choice">
                    <input type="radio" name="answer" value="yes"/>
                    <span>{lang.t(Key::measure_yes)}</span>
                </label>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">{lang.t(Key::next)}</button>
                <a class="button secondary" href="/apply">{lang.t(Key::back)}</a>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn NotEligible() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let reason = move || params.read().get("reason").unwrap_or_default();
    let in_measure = move || reason() == "active_measure";
    let referral = Resource::new(reason, referral);
    view! {
        <h1>{lang.t(Key::not_eligible_title)}</h1>
        <p class="lead">
            {move || {
                if in_measure() {
                    lang.t(Key::not_eligible_measure)
                } else {
                    lang.t(Key::not_eligible_domicile)
                }
            }}
        </p>
        <p>
            {move || {
                if in_measure() {
                    lang.t(Key::not_eligible_where_measure)
                } else {
                    lang.t(Key::not_eligible_where_domicile)
                }
            }}
        </p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                referral
                    .await
                    .ok()
                    .map(|r| {
                        r.places
                            .into_iter()
                            .map(|p| {
                                let phone_link = format!("tel:{}", p.phone.replace(' ', ""));
                                view! {
                                    <address class="card referral">
                                        <strong>{p.name}</strong>
                                        {(!p.address.is_empty()).then(|| view! { <br/> {p.address.clone()} })}
                                        {(!p.phone.is_empty()).then(|| view! { <br/> <a href=phone_link dir="ltr">{p.phone.clone()}</a> })}
                                        {(!p.website.is_empty()).then(|| view! { <br/> <a href=p.website.clone() rel="noreferrer" dir="ltr">{p.website.clone()}</a> })}
                                    </address>
                                }
                            })
                            .collect_view()
                    })
            })}
        </Transition>
        <p class="small">{lang.t(Key::not_eligible_nothing_kept)}</p>
        <p>
            <a class="button secondary" href="/apply">{lang.t(Key::not_eligible_retry)}</a>
        </p>
    }
}

#[component]
pub fn QuestionnaireStep() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let save = ServerAction::<SaveStep>::new();
    // The step is reloaded only after a save that reached the server: when the connection drops,
    // the form stays as the person left it, with a message.
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.update(|n| *n += 1);
        }
    });
    let page = Resource::new(move || (slug(), saved.get()), |(slug, _)| load_step(slug));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(StepPage::Show(view)) => view! { <StepForm view=*view save/> }.into_any(),
                    Ok(StepPage::Redirect(to)) => view! { <Redirect path=to/> }.into_any(),
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn input_name(field: &str) -> String {
    format!("a[{field}]")
}

// Inputs set both the attribute (for the server-rendered page) and the property: when the next
// step reuses an element the person typed into, only the property changes what it shows.

#[component]
fn StepForm(view: StepView, save: ServerAction<SaveStep>) -> impl IntoView {
    let lang = use_lang();
    let step: &'static Step = &STEPS[view.index];
    let total = STEPS.len();
    let is_last = view.index + 1 == total;
    let server_errors = view.errors.clone();
    // Applicant pages never load the Leptos client (`uses_light_client`): the live check is the
    // applicant client's, on this server-rendered page.
    let error_for = {
        let server_errors = server_errors.clone();
        move |name: &'static str| {
            let error = server_errors
                .iter()
                .find(|(f, _)| f == name)
                .map(|(_, e)| *e);
            Signal::derive(move || error)
        }
    };
    let summary_items: Vec<(String, &'static str, &'static str)> = server_errors
        .iter()
        .filter_map(|(name, e)| {
            crate::domain::questionnaire::field(name)
                .map(|f| (name.clone(), lang.t(f.label), lang.t(e.key())))
        })
        .collect();
    let has_server_errors = !summary_items.is_empty();
    view! {
        <p class="progress-text">
            {lang.tf(
                Key::progress,
                &[("current", &(view.index + 1).to_string()), ("total", &total.to_string())],
            )}
        </p>
        <progress max=total value=view.index + 1 aria-hidden="true"></progress>
        <h1>{lang.t(step.title)}</h1>
        {step.intro.map(|k| view! { <p class="lead">{lang.tf(k, &[("comune", &view.comune_name)])}</p> })}
        {move || save.value().get().and_then(Result::err).map(|e| view! { <Problem error=e/> })}
        <ActionForm
            action=save
            attr:novalidate=true
            attr:class="questionnaire"
            attr:data-step=step.slug
            attr:data-postal-codes=view.postal_codes.join(" ")
        >
            <ErrorSummaryFor show=Signal::derive(move || has_server_errors) items=summary_items/>
            <input type="hidden" name="slug" value=step.slug/>
            <input type="hidden" name="a[_]" value="1"/>
            <div>
                {(step.slug == "review")
                    .then(|| {
                        view! {
                            <Review answers=view.answers.clone() comune=view.comune_name.clone()/>
                            <p>
                                <a href="/privacy" target="_blank">{lang.t(Key::privacy_link)}</a>
                            </p>
                        }
                    })}
                {step
                    .fields
                    .iter()
                    .map(|f| view! { <FieldInput field=f answers=view.answers.clone() error=error_for(f.name)/> })
                    .collect_view()}
            </div>
            <div class="actions">
                <button
                    type="submit"
                    name="nav"
                    value="next"
                    class="primary"
                    aria-disabled=move || save.pending().get().then_some("true")
                >
                    {if is_last { lang.t(Key::submit) } else { lang.t(Key::next) }}
                </button>
                {(view.index > 0)
                    .then(|| {
                        view! {
                            <button type="submit" name="nav" value="back" class="secondary">
                                {lang.t(Key::back)}
                            </button>
                        }
                    })}
            </div>
        </ActionForm>
        <aside class="card resume" aria-labelledby="resume-title">
            <h2 id="resume-title">{lang.t(Key::resume_title)}</h2>
            <p>{lang.t(Key::resume_explain)}</p>
            <p class="code" dir="ltr">{view.resume_code.clone()}</p>
            <p class="small">{lang.tf(Key::resume_where, &[("link", &view.resume_url)])}</p>
        </aside>
    }
}

fn option_checked(answers: &Answers, field: &Field, opt: &Opt) -> bool {
    match field.kind {
        FieldKind::Multi(_) => answers.has(field.name, opt.value),
        _ => answers.get(field.name) == opt.value,
    }
}

#[component]
fn FieldInput(
    field: &'static Field,
    answers: Answers,
    error: Signal<Option<ErrorKind>>,
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("f-{}", field.name);
    let hint_id = format!("{}-hint", field.name);
    let error_id = format!("{}-error", field.name);
    let described = format!("{hint_id} {error_id}");
    let value = answers.get(field.name).to_owned();
    let invalid = move || error.get().is_some();
    let aria_invalid = move || invalid().then_some("true");
    let optional =
        matches!(field.need, Need::Optional) && !matches!(field.kind, FieldKind::Consent);
    let label = view! {
        {lang.t(field.label)}
        {optional.then(|| view! { <span class="optional">" (" {lang.t(Key::optional)} ")"</span> })}
    };
    let hint = field
        .hint
        .map(|k| view! { <p class="hint" id=hint_id.clone()>{lang.t(k)}</p> });
    let error_text = move || {
        error
            .get()
            .map(|e| view! { <p class="error" id=error_id.clone()>{lang.t(e.key())}</p> })
    };
    let control = match field.kind {
        FieldKind::Text { .. } | FieldKind::Date | FieldKind::Number { .. } => {
            // (type, autocomplete, inputmode, maxlength, free text?)
            let (kind, autocomplete, inputmode, max, free) = match field.kind {
                FieldKind::Text { max, shape } => {
                    let (kind, autocomplete, inputmode) = match shape {
                        TextShape::Phone => ("tel", "tel", "tel"),
                        TextShape::Email => ("email", "email", "email"),
                        TextShape::PostalCode => ("text", "postal-code", "numeric"),
                        TextShape::CodiceFiscale => ("text", "off", "text"),
                        TextShape::PersonName if field.name == "first_name" => ("text", "given-name", "text"),
                        TextShape::PersonName => ("text", "family-name", "text"),
                        TextShape::Plain if field.name == "street" => ("text", "street-address", "text"),
                        TextShape::Plain => ("text", "off", "text"),
                    };
                    (kind, autocomplete, inputmode, Some(max), true)
                }
                // A date input drops what it cannot read, so a typed "3/4/90" stays in a text box.
                FieldKind::Date if value.is_empty() || chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_ok() => {
                    ("date", "bday", "text", None, false)
                }
                FieldKind::Date => ("text", "bday", "text", None, false),
                _ => ("text", "off", "numeric", None, false),
            };
            let upper = matches!(field.kind, FieldKind::Text { shape: TextShape::CodiceFiscale, .. });
            view! {
                <label for=id.clone()>{label}</label>
                {hint}
                {error_text}
                <input
                    id=id.clone()
                    type=kind
                    name=input_name(field.name)
                    value=value.clone()
                    prop:value=value
                    autocomplete=autocomplete
                    inputmode=inputmode
                    maxlength=max.map(|m| (m * 2).to_string())
                    autocapitalize=free.then_some(if upper { "characters" } else { "sentences" })
                    spellcheck=free.then_some("false")
                    dir=free.then_some("auto")
                    class=(!free).then_some("short")
                    aria-describedby=described.clone()
                    aria-invalid=aria_invalid
                />
            }.into_any()
        }
        FieldKind::LongText { max } => {
            let text = value.clone();
            view! {
            <label for=id.clone()>{label}</label>
            {hint}
            {error_text}
            <textarea
                id=id.clone()
                name=input_name(field.name)
                rows="4"
                prop:value=text
                maxlength=(max * 2).to_string()
                dir="auto"
                aria-describedby=described.clone()
                aria-invalid=aria_invalid
            >
                {value}
            </textarea>
        }.into_any()
        }
        FieldKind::Select(opts) => (view! {
            <label for=id.clone()>{label}</label>
            {hint}
            {error_text}
            <select id=id.clone() name=input_name(field.name) aria-describedby=described.clone() aria-invalid=aria_invalid>
                <option value="">{lang.t(Key::choose)}</option>
                {opts
                    .iter()
                    .map(|o| view! { <option value=o.value selected=option_checked(&answers, field, o) prop:selected=option_checked(&answers, field, o)>{lang.t(o.label)}</option> })
                    .collect_view()}
            </select>
        }).into_any(),
        FieldKind::Choice(opts) | FieldKind::Multi(opts) => {
            let multi = matches!(field.kind, FieldKind::Multi(_));
            (view! {
                <fieldset id=id.clone() aria-describedby=described.clone()>
                    <legend>{label}</legend>
                    {hint}
                    {error_text}
                    {opts
                        .iter()
                        .map(|o| {
                            let name = if multi {
                                input_name(&format!("{}__{}", field.name, o.value))
                            } else {
                                input_name(field.name)
                            };
                            view! {
                                <label class="choice">
                                    <input
                                        type=if multi { "checkbox" } else { "radio" }
                                        name=name
                                        value=if multi { "on" } else { o.value }
                                        checked=option_checked(&answers, field, o)
                                        prop:checked=option_checked(&answers, field, o)
                                    />
                                    <span>{lang.t(o.label)}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
            }).into_any()
        }
        FieldKind::Consent => (view! {
            {error_text}
            <label class="choice consent" for=id.clone()>
                <input
                    id=id.clone()
                    type="checkbox"
                    name=input_name(field.name)
                    value="yes"
                    checked=value == "yes"
                    prop:checked=value == "yes"
                    aria-describedby=described.clone()
                    aria-invalid=aria_invalid
                />
                <span>{label}</span>
            </label>
            {hint}
        }).into_any(),
    };
    // A question that applies only after another answer carries its condition; the style sheet
    // hides it until then, from the form's own state, so it works without a script too.
    let condition = field.condition();
    let when = condition
        .clone()
        .filter(|(attr, _)| *attr == "data-when")
        .map(|(_, c)| c);
    let unless = condition
        .filter(|(attr, _)| *attr == "data-unless")
        .map(|(_, c)| c);
    view! { <div class="field" class:invalid=invalid data-when=when data-unless=unless>{control}</div> }
}

/// What the person is about to send, step by step, with a way back to each.
#[component]
fn Review(answers: Answers, comune: String) -> impl IntoView {
    let lang = use_lang();
    let shown = |f: &Field| reviewed_answer(lang, &answers, f);
    view! {
        <div class="review">
            <dl>
                <dt>{lang.t(Key::domicile_label)}</dt>
                <dd>{comune}</dd>
            </dl>
            {STEPS
                .iter()
                .filter(|s| s.slug != "review")
                .map(|s| {
                    let rows = s
                        .fields
                        .iter()
                        .filter_map(|f| shown(f).map(|v| view! { <dt>{lang.t(f.label)}</dt> <dd dir="auto">{v}</dd> }))
                        .collect_view();
                    view! {
                        <section>
                            <h2>{lang.t(s.title)}</h2>
                            <dl>{rows}</dl>
                            <p>
                                <a href=format!("/apply/step/{}", s.slug)>{lang.t(Key::change)} " – " {lang.t(s.title)}</a>
                            </p>
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn Confirmation() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| load_confirmation());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(ConfirmationView::Received { contact_due, contact_limit }) => {
                        view! {
                            <div class="notice success" role="status">
                                <h1>{lang.t(Key::done_title)}</h1>
                                <p>{lang.t(Key::done_received)}</p>
                            </div>
                            <h2>{lang.t(Key::done_message_title)}</h2>
                            <p class="lead">{lang.t(Key::done_message)}</p>
                            <p>{lang.t(Key::done_message_before)}</p>
                            <h2>{lang.t(Key::done_next_title)}</h2>
                            <p class="lead">
                                {lang.tf(Key::done_next, &[("date", &contact_due), ("limit", &contact_limit)])}
                            </p>
                            <p>{lang.t(Key::done_no_message)}</p>
                        }
                            .into_any()
                    }
                    Ok(ConfirmationView::NoDraft) => view! { <Redirect path="/apply"/> }.into_any(),
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn Resume() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<ResumeDraft>::new();
    let error = query_error();
    let message = move || {
        error.get().map(|e| match e.as_str() {
            "too_many" => lang.t(Key::problem_too_many_attempts),
            "not_found" => lang.t(Key::resume_not_found),
            _ => lang.t(Key::resume_invalid),
        })
    };
    view! {
        <h1>{lang.t(Key::resume_page_title)}</h1>
        <p class="lead">{lang.t(Key::resume_page_explain)}</p>
        <ActionForm action=action attr:novalidate=true>
            <ErrorSummaryFor
                show=Signal::derive(move || error.get().is_some())
                items=Signal::derive(move || vec![("code".to_owned(), lang.t(Key::resume_code_label), message().unwrap_or_default())])
            />
            <div class="field" class:invalid=move || error.get().is_some()>
                <label for="f-code">{lang.t(Key::resume_code_label)}</label>
                {move || message().map(|m| view! { <p class="error" id="code-error">{m}</p> })}
                <input
                    id="f-code"
                    name="code"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    dir="ltr"
                    class="short"
                    aria-describedby="code-error"
                />
            </div>
            <div class="actions">
                <button type="submit" class="primary">{lang.t(Key::resume_button)}</button>
            </div>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::questionnaire::{Need, STEPS};

    /// The style sheet, not a script, hides a question until it applies: each condition of the
    /// questionnaire needs its rule there, or the question would show when it should not.
    #[test]
    fn every_conditional_question_has_its_rule_in_the_style_sheet() {
        let css = include_str!("../../../style/main.css");
        for field in STEPS.iter().flat_map(|s| s.fields) {
            let rule = match field.need {
                Need::When(other, v) => format!(
                    r#"form:not(:has([name="a[{other}]"][value="{v}"]:checked)) [data-when="{other}={v}"]"#
                ),
                Need::Unless(other, v) => format!(
                    r#"form:has([name="a[{other}]"][value="{v}"]:checked) [data-unless="{other}={v}"]"#
                ),
                _ => continue,
            };
            assert!(
                css.contains(&rule),
                "{}: style/main.css lacks {rule}",
                field.name
            );
        }
    }
}
