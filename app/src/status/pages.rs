//! The applicant's status page.
use super::*;
use crate::i18n::Key;
use crate::ui::forms::ErrorSummaryFor;
use crate::ui::{use_lang, Loading, Problem};
use leptos::form::ActionForm;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StatusPage() -> impl IntoView {
    let lang = use_lang();
    let update = ServerAction::<UpdateContacts>::new();
    let leave = ServerAction::<Withdraw>::new();
    let share = ServerAction::<ChooseSharing>::new();
    let data = Resource::new(
        move || {
            (
                update.version().get(),
                leave.version().get(),
                share.version().get(),
            )
        },
        |_| load_status(),
    );
    let query = use_query_map();
    let ok = Memo::new(move |_| query.read().get("ok"));
    let err = Memo::new(move |_| query.read().get("e"));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(StatusPageData::Found(s)) => status_body(*s, update, leave, share, ok, err).into_any(),
                    Ok(StatusPageData::Missing) => {
                        let withdrawn = ok.get().as_deref() == Some("withdrawn");
                        view! {
                            <h1>{lang.t(Key::status_title)}</h1>
                            <p class="lead">
                                {if withdrawn { lang.t(Key::status_withdrawn) } else { lang.t(Key::status_missing) }}
                            </p>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn status_body(
    s: StatusView,
    update: ServerAction<UpdateContacts>,
    leave: ServerAction<Withdraw>,
    share: ServerAction<ChooseSharing>,
    ok: Memo<Option<String>>,
    err: Memo<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let (mobile, email, errors) = match &s.rejected {
        Some(r) => (r.mobile.clone(), r.email.clone(), r.errors.clone()),
        None => (
            crate::domain::contact::format_phone(&s.mobile),
            s.email.clone(),
            Vec::new(),
        ),
    };
    let error_of = |name: &str| {
        errors
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, e)| lang.t(e.key()))
    };
    let mobile_error = error_of("mobile");
    let email_error = error_of("email");
    let summary: Vec<(String, &'static str, &'static str)> = [
        ("mobile", Key::field_mobile, mobile_error),
        ("email", Key::field_email, email_error),
    ]
    .into_iter()
    .filter_map(|(n, k, e)| e.map(|e| (n.to_owned(), lang.t(k), e)))
    .collect();
    let has_errors = !summary.is_empty();
    view! {
        <h1>{lang.tf(Key::status_hello, &[("name", &s.first_name)])}</h1>
        {move || (ok.get().as_deref() == Some("contacts")).then(|| view! {
            <div class="notice success" role="status"><p>{lang.t(Key::status_contacts_saved)}</p></div>
        })}
        <p>{lang.t(Key::done_reference)} " " <strong class="code" dir="ltr">{s.reference.clone()}</strong></p>
        <div class="card">
            <h2>{lang.t(Key::status_stage_title)}</h2>
            {s.step.map(|current| view! {
                <ol class="progress">
                    {[Key::progress_received, Key::progress_contacted, Key::progress_interview, Key::progress_path]
                        .into_iter()
                        .enumerate()
                        .map(|(i, key)| view! {
                            <li class:done=i < current class:current=i == current aria-current=(i == current).then_some("step")>
                                {lang.t(key)}
                            </li>
                        })
                        .collect_view()}
                </ol>
            })}
            <p class="lead">{s.stage.clone()}</p>
            {s.next.clone().map(|n| view! { <p>{n}</p> })}
        </div>
        <crate::interviews::pages::ApplicantInterview/>
        <crate::plans::pages::ApplicantPlan/>
        <crate::training::pages::ApplicantCourses/>
        <crate::group_sessions::pages::ApplicantGroupSessions/>
        <h2>{lang.t(Key::status_contacts_title)}</h2>
        <ActionForm action=update attr:novalidate=true>
            <ErrorSummaryFor show=Signal::derive(move || has_errors) items=summary/>
            <div class="field" class:invalid=mobile_error.is_some()>
                <label for="f-mobile">{lang.t(Key::field_mobile)}</label>
                {mobile_error.map(|m| view! { <p class="error" id="mobile-error">{m}</p> })}
                <input id="f-mobile" name="mobile" type="tel" autocomplete="tel" value=mobile.clone() prop:value=mobile dir="ltr"
                    aria-describedby="mobile-error" aria-invalid=mobile_error.map(|_| "true")/>
            </div>
            <div class="field" class:invalid=email_error.is_some()>
                <label for="f-email">{lang.t(Key::field_email)} <span class="optional">" (" {lang.t(Key::optional)} ")"</span></label>
                {email_error.map(|m| view! { <p class="error" id="email-error">{m}</p> })}
                <input id="f-email" name="email" type="email" autocomplete="email" value=email.clone() prop:value=email dir="ltr"
                    aria-describedby="email-error" aria-invalid=email_error.map(|_| "true")/>
            </div>
            <div class="actions">
                <button type="submit" class="primary">{lang.t(Key::status_save_contacts)}</button>
            </div>
        </ActionForm>
        <section id="share">
            <h2>{lang.t(Key::share_title)}</h2>
            {move || (ok.get().as_deref() == Some("share")).then(|| view! {
                <div class="notice success" role="status"><p>{lang.t(Key::share_saved)}</p></div>
            })}
            <p>{lang.t(Key::share_explain)}</p>
            <ActionForm action=share>
                <fieldset class="field">
                    <legend>{lang.t(Key::share_question)}</legend>
                    {[("none", Key::share_none), ("profile", Key::share_profile), ("contacts", Key::share_contacts)]
                        .into_iter()
                        .map(|(value, key)| view! {
                            <label class="choice">
                                <input type="radio" name="level" value=value checked=s.share == value/>
                                <span>{lang.t(key)}</span>
                            </label>
                        })
                        .collect_view()}
                </fieldset>
                <div class="actions">
                    <button type="submit" class="primary">{lang.t(Key::share_save)}</button>
                </div>
            </ActionForm>
        </section>
        <h2>{lang.t(Key::withdraw_title)}</h2>
        <p>{lang.t(Key::withdraw_explain)}</p>
        <ActionForm action=leave attr:novalidate=true>
            <div class="field" class:invalid=move || err.get().as_deref() == Some("confirm")>
                {move || (err.get().as_deref() == Some("confirm")).then(|| view! { <p class="error" id="confirm-error">{lang.t(Key::err_required)}</p> })}
                <label class="choice consent">
                    <input id="f-confirm" type="checkbox" name="confirm" value="yes" aria-describedby="confirm-error"/>
                    <span>{lang.t(Key::withdraw_confirm)}</span>
                </label>
            </div>
            <div class="actions">
                <button type="submit" class="danger">{lang.t(Key::withdraw_button)}</button>
            </div>
        </ActionForm>
    }
}
