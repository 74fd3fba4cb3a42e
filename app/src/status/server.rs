//! The server half of the applicant's status page.
use super::*;
use crate::domain::contact::{normalize_email, normalize_phone};
use crate::domain::questionnaire::ErrorKind;
use crate::i18n::Key;
use crate::web::applicant::{current, STATUS_COOKIE};
use crate::web::ctx::{request_headers, set_cookie};
use crate::web::lang::cookie;
use crate::web::state;
use crate::web::time::{date_text, now};

const FLASH_COOKIE: &str = "insieme_flash";

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
    let case_state = crate::domain::case::CaseState::from_code(&s.state);
    let step = case_state.and_then(|c| c.applicant_step());
    // A promise is shown only while it is the next thing to happen: once the person was called,
    // the contact date is past history, and the interview section says what comes next.
    let next = (step == Some(0)).then(|| {
        lang.tf(
            Key::status_due,
            &[("date", &date_text(lang, s.contact_due))],
        )
    });
    let stage = match s.state.as_str() {
        "received" => lang.t(Key::stage_received),
        "contacted" => lang.t(Key::stage_contacted),
        "interview_booked" => lang.t(Key::stage_interview_booked),
        "assessed" | "in_path" | "suspended" => lang.t(Key::stage_in_path),
        "placed" => lang.t(Key::stage_placed),
        _ => lang.t(Key::stage_closed),
    };
    Ok(StatusPageData::Found(Box::new(StatusView {
        reference: s.reference,
        first_name: s.first_name,
        stage: stage.to_owned(),
        step,
        next,
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
    if !crate::domain::board::SHARE_LEVELS.contains(&level.as_str()) {
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
    let tell = crate::training::server::teller(&state);
    state.store.withdraw(s.applicant_id, now(), &tell).await?;
    set_cookie(format!(
        "{STATUS_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
    ));
    tracing::info!("applicant withdrew");
    leptos_axum::redirect("/status?ok=withdrawn");
    Ok(())
}
