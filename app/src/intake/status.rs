//! The applicant's status page (from the link in the confirmation) and, in development, the page
//! that lists the mail and text messages the application would have sent.
use crate::domain::questionnaire::ErrorKind;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::{Loading, Problem};
use crate::use_lang;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub reference: String,
    pub first_name: String,
    pub stage: String,
    pub contact_due: String,
    pub mobile: String,
    pub email: String,
    /// What companies may see: `none`, `profile` or `contacts`.
    pub share: String,
    /// What the person typed last time, when it was refused, with the problems.
    pub rejected: Option<ContactsForm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactsForm {
    pub mobile: String,
    pub email: String,
    pub errors: Vec<(String, ErrorKind)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusPageData {
    Found(Box<StatusView>),
    /// No valid status link in this browser (never opened, or the application was withdrawn).
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailView {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub sent: bool,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::domain::contact::{normalize_email, normalize_phone};
    use crate::intake::server::format_date;
    use crate::intake::STATUS_COOKIE;
    use crate::storage::ApplicantStatus;
    use crate::web::ctx::{now, request_headers, set_cookie};
    use crate::web::{lang::cookie, state, tokens};

    const FLASH_COOKIE: &str = "insieme_flash";

    pub async fn current() -> Result<Option<ApplicantStatus>, AppError> {
        let state = state()?;
        let headers = request_headers();
        let Some(token) = cookie(&headers, STATUS_COOKIE).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        Ok(state
            .store
            .applicant_by_status_token(&tokens::hash(token))
            .await?)
    }

    pub fn take_flash() -> Option<ContactsForm> {
        let headers = request_headers();
        let raw = cookie(&headers, FLASH_COOKIE)?;
        set_cookie(format!(
            "{FLASH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
        ));
        let bytes = hex::decode(raw).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Refused input waits in a short-lived cookie, not in the URL, until the page shows it again.
    pub fn put_flash(form: &ContactsForm) {
        if let Ok(json) = serde_json::to_vec(form) {
            set_cookie(format!(
                "{FLASH_COOKIE}={}; Path=/; Max-Age=300; HttpOnly; SameSite=Lax",
                hex::encode(json)
            ));
        }
    }

    pub async fn load_status() -> Result<StatusPageData, AppError> {
        let lang = crate::web::lang::from_headers(&request_headers());
        let Some(s) = current().await? else {
            return Ok(StatusPageData::Missing);
        };
        let stage = match s.state.as_str() {
            "received" => lang.t(Key::stage_received),
            "contacted" => lang.t(Key::stage_contacted),
            "interview_booked" => lang.t(Key::stage_interview_booked),
            "assessed" | "in_path" => lang.t(Key::stage_in_path),
            "placed" => lang.t(Key::stage_placed),
            _ => lang.t(Key::stage_closed),
        };
        Ok(StatusPageData::Found(Box::new(StatusView {
            reference: s.reference,
            first_name: s.first_name,
            stage: stage.to_owned(),
            contact_due: format_date(lang, s.contact_due),
            mobile: s.mobile.unwrap_or_default(),
            email: s.email.unwrap_or_default(),
            share: state()?.store.share_level(s.applicant_id).await?,
            rejected: take_flash(),
        })))
    }

    pub async fn update_contacts(mobile: String, email: String) -> Result<(), AppError> {
        let state = state()?;
        let Some(s) = current().await? else {
            leptos_axum::redirect("/status");
            return Ok(());
        };
        let phone = normalize_phone(&mobile);
        let email_ok = email.trim().is_empty() || normalize_email(&email).is_some();
        if phone.is_none() || !email_ok {
            let mut errors = Vec::new();
            if phone.is_none() {
                errors.push((
                    "mobile".to_owned(),
                    if mobile.trim().is_empty() {
                        ErrorKind::Required
                    } else {
                        ErrorKind::Phone
                    },
                ));
            }
            if !email_ok {
                errors.push(("email".to_owned(), ErrorKind::Email));
            }
            put_flash(&ContactsForm {
                mobile,
                email,
                errors,
            });
            leptos_axum::redirect("/status?e=contacts");
            return Ok(());
        }
        let phone = phone.unwrap_or_default();
        state
            .store
            .update_contacts(s.applicant_id, &phone, normalize_email(&email).as_deref())
            .await?;
        tracing::info!("applicant updated contacts");
        leptos_axum::redirect("/status?ok=contacts");
        Ok(())
    }

    pub async fn choose_sharing(level: String) -> Result<(), AppError> {
        let state = state()?;
        let Some(s) = current().await? else {
            leptos_axum::redirect("/status");
            return Ok(());
        };
        if !crate::company_board::SHARE_LEVELS.contains(&level.as_str()) {
            leptos_axum::redirect("/status?e=share#share");
            return Ok(());
        }
        state
            .store
            .set_share_level(s.applicant_id, &level, now())
            .await?;
        leptos_axum::redirect("/status?ok=share#share");
        Ok(())
    }

    pub async fn withdraw(confirm: String) -> Result<(), AppError> {
        let state = state()?;
        let Some(s) = current().await? else {
            leptos_axum::redirect("/status");
            return Ok(());
        };
        if confirm != "yes" {
            leptos_axum::redirect("/status?e=confirm");
            return Ok(());
        }
        state.store.withdraw(s.applicant_id, now()).await?;
        set_cookie(format!(
            "{STATUS_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
        ));
        tracing::info!("applicant withdrew");
        leptos_axum::redirect("/status?ok=withdrawn");
        Ok(())
    }

    pub async fn dev_mail() -> Result<Vec<MailView>, AppError> {
        let state = state()?;
        if !state.config.development {
            return Err(AppError::NotFound);
        }
        let messages = state.store.outbox_recent(100).await?;
        Ok(messages
            .into_iter()
            .map(|m| MailView {
                id: m.id,
                channel: m.channel,
                recipient: m.recipient,
                subject: m.subject,
                body: m.body,
                sent: m.sent_at.is_some(),
            })
            .collect())
    }
}

#[server(prefix = "/api", endpoint = "load_status")]
pub async fn load_status() -> Result<StatusPageData, AppError> {
    ssr::load_status().await
}

#[server(prefix = "/api", endpoint = "update_contacts")]
pub async fn update_contacts(mobile: String, email: String) -> Result<(), AppError> {
    ssr::update_contacts(mobile, email).await
}

#[server(prefix = "/api", endpoint = "choose_sharing")]
pub async fn choose_sharing(#[server(default)] level: String) -> Result<(), AppError> {
    ssr::choose_sharing(level).await
}

#[server(prefix = "/api", endpoint = "withdraw")]
pub async fn withdraw(#[server(default)] confirm: String) -> Result<(), AppError> {
    ssr::withdraw(confirm).await
}

#[server(prefix = "/api", endpoint = "dev_mail")]
pub async fn dev_mail() -> Result<Vec<MailView>, AppError> {
    ssr::dev_mail().await
}

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
        None => (s.mobile.clone(), s.email.clone(), Vec::new()),
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
            <p class="lead">{s.stage.clone()}</p>
            <p>{lang.tf(Key::status_due, &[("date", &s.contact_due)])}</p>
        </div>
        <crate::interviews::pages::ApplicantInterview/>
        <h2>{lang.t(Key::status_contacts_title)}</h2>
        <ActionForm action=update attr:novalidate=true>
            <crate::intake::pages::ErrorSummaryFor show=Signal::derive(move || has_errors) items=summary/>
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

#[component]
pub fn DevMail() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| dev_mail());
    view! {
        <h1>{lang.t(Key::dev_mail_title)}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! {
                        <ol class="mail" dir="ltr">
                            {list.into_iter().map(|m| view! {
                                <li class="card" data-id=m.id>
                                    <p><strong>{m.channel}</strong> " → " <span class="recipient">{m.recipient}</span>
                                    {if m.sent { " ✓" } else { " …" }}</p>
                                    <p><strong>{m.subject}</strong></p>
                                    <pre>{m.body}</pre>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}
