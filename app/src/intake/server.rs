//! The server half of intake: cookies, drafts, enrolment and the messages it sends.
use super::*;
use crate::domain::application::Application;
use crate::domain::eligibility::{check_domicile, Domicile, Eligibility, IneligibilityReason};
use crate::domain::ids::ApplicantId;
use crate::domain::questionnaire::{first_invalid_step, step_index, validate_step, Context, STEPS};
use crate::domain::territory::fold;
use crate::i18n::{Key, Lang};
use crate::storage::{Channel, Draft, NewApplicant, NewDraft, NewMessage, SubmitOutcome};
use crate::web::ctx::{request_headers, set_cookie};
use crate::web::limits::{allow, exhausted, Limited};
use crate::web::time::{date_text, now, today};
use crate::web::{lang::cookie, state, tokens, AppState};

/// Drafts are kept for 30 days after their last change.
const DRAFT_DAYS: i64 = 30;

fn set_draft_cookie(code: &str) {
    set_cookie(format!(
        "{DRAFT_COOKIE}={code}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax",
        DRAFT_DAYS * 86400,
    ));
}

fn clear_draft_cookie() {
    set_cookie(format!(
        "{DRAFT_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
    ));
}

/// The draft of this browser, with its code (the cookie's value), if it is still open.
async fn current_draft(state: &AppState) -> Result<Option<(Draft, String)>, AppError> {
    let headers = request_headers();
    let Some(code) = cookie(&headers, DRAFT_COOKIE).and_then(tokens::normalize_resume_code) else {
        return Ok(None);
    };
    let draft = state
        .store
        .draft_by_token(&tokens::hash(&code), now())
        .await?;
    // A code in a cookie is a guess like a typed one: a wrong one counts against the client's
    // resume-code attempts, and a client past them finds no draft even with a right one.
    match draft {
        None => {
            allow(state, Limited::ResumeCode).await?;
            Ok(None)
        }
        Some(_) if exhausted(state, Limited::ResumeCode).await? => Ok(None),
        Some(d) => Ok(Some((d, code))),
    }
}

/// The draft's saved answers. Answers that cannot be read are not taken for empty ones (the next
/// save would overwrite them): the stored text stays as it is, the cause is logged and the person
/// is told.
fn answers_of(draft: &Draft) -> Result<Answers, AppError> {
    serde_json::from_str(&draft.answers_json).map_err(|e| {
        tracing::error!(
            draft = draft.id,
            "a draft's saved answers cannot be read: {e}"
        );
        AppError::DraftUnreadable
    })
}

fn to_json(answers: &Answers) -> Result<String, AppError> {
    serde_json::to_string(answers).map_err(|_| AppError::Unavailable)
}

/// Records an eligibility answer in the draft, outside the questionnaire's steps.
async fn set_eligibility_answer(
    state: &AppState,
    draft: &Draft,
    key: &str,
    value: &str,
) -> Result<(), AppError> {
    let mut answers = answers_of(draft)?;
    answers.0.insert(key.to_owned(), value.to_owned());
    let t = now();
    state
        .store
        .save_draft(
            draft.id,
            &to_json(&answers)?,
            draft.step,
            None,
            t,
            t + DRAFT_DAYS * 86400,
        )
        .await?;
    Ok(())
}

pub async fn load_domicile() -> Result<DomicileView, AppError> {
    let state = state()?;
    let chosen = current_draft(&state)
        .await?
        .filter(|(d, _)| d.applicant_id.is_none())
        .map(|(d, _)| d.comune_istat);
    let comuni = state
        .territory
        .comuni
        .iter()
        .map(|c| ComuneOption {
            istat: c.istat_code.clone(),
            name: c.name.clone(),
        })
        .collect();
    Ok(DomicileView { comuni, chosen })
}

async fn not_eligible(state: &AppState, reason: IneligibilityReason) -> Result<(), AppError> {
    // Past the limit the person still gets the referral; only the count is not taken.
    if allow(state, Limited::IneligibleCount).await? {
        state
            .store
            .count_ineligible(&today().to_string(), reason.code())
            .await?;
    }
    leptos_axum::redirect(&format!("/apply/not-eligible/{}", reason.code()));
    Ok(())
}

pub async fn choose_domicile(comune: String) -> Result<(), AppError> {
    let state = state()?;
    let comune = comune.trim();
    if comune.is_empty() {
        leptos_axum::redirect("/apply?e=required");
        return Ok(());
    }
    let domicile = if comune == "elsewhere" {
        Domicile::Elsewhere
    } else {
        Domicile::Comune(comune.to_owned())
    };
    if let Eligibility::NotEligible(reason) = check_domicile(&domicile, &state.territory) {
        if let Some((draft, _)) = current_draft(&state)
            .await?
            .filter(|(d, _)| d.applicant_id.is_none())
        {
            state.store.delete_draft(draft.id).await?;
            clear_draft_cookie();
        }
        return not_eligible(&state, reason).await;
    }
    let t = now();
    match current_draft(&state)
        .await?
        .filter(|(d, _)| d.applicant_id.is_none() && d.outcome.is_none())
    {
        Some((draft, _)) => {
            set_eligibility_answer(&state, &draft, "comune", comune).await?;
        }
        None => {
            if !allow(&state, Limited::NewDraft).await? {
                leptos_axum::redirect("/apply?e=too_many");
                return Ok(());
            }
            let code = tokens::resume_code();
            let mut answers = Answers::default();
            answers.0.insert("comune".into(), comune.to_owned());
            let draft = NewDraft {
                token_hash: tokens::hash(&code),
                comune_istat: comune.to_owned(),
                answers_json: to_json(&answers)?,
                now: t,
                expires_at: t + DRAFT_DAYS * 86400,
            };
            state.store.create_draft(&draft).await?;
            set_draft_cookie(&code);
        }
    }
    leptos_axum::redirect("/apply/measure");
    Ok(())
}

pub async fn answer_measure(answer: String) -> Result<(), AppError> {
    let state = state()?;
    let Some((draft, _)) = current_draft(&state)
        .await?
        .filter(|(d, _)| d.applicant_id.is_none())
    else {
        leptos_axum::redirect("/apply");
        return Ok(());
    };
    match answer.as_str() {
        "yes" => {
            state.store.delete_draft(draft.id).await?;
            clear_draft_cookie();
            not_eligible(&state, IneligibilityReason::AlreadyInActiveMeasure).await
        }
        "no" => {
            set_eligibility_answer(&state, &draft, "active_measure", "no").await?;
            leptos_axum::redirect(&format!("/apply/step/{}", STEPS[draft.step as usize].slug));
            Ok(())
        }
        _ => {
            leptos_axum::redirect("/apply/measure?e=required");
            Ok(())
        }
    }
}

/// Where a browser without an open, eligible draft belongs.
fn entry_point(draft: Option<&Draft>) -> Result<Option<String>, AppError> {
    Ok(match draft {
        None => Some("/apply".into()),
        Some(d) if d.applicant_id.is_some() || d.outcome.is_some() => Some("/apply/done".into()),
        Some(d) if !answers_of(d)?.has("active_measure", "no") => Some("/apply/measure".into()),
        Some(_) => None,
    })
}

pub async fn load_step(slug: String) -> Result<StepPage, AppError> {
    let state = state()?;
    let draft = current_draft(&state).await?;
    if let Some(to) = entry_point(draft.as_ref().map(|(d, _)| d))? {
        return Ok(StepPage::Redirect(to));
    }
    let Some((draft, code)) = draft else {
        return Ok(StepPage::Redirect("/apply".into()));
    };
    let Some(index) = step_index(&slug) else {
        return Err(AppError::NotFound);
    };
    if index as i64 > draft.step {
        // Steps are taken in order: a link to a later one leads to the furthest reached.
        return Ok(StepPage::Redirect(format!(
            "/apply/step/{}",
            STEPS[draft.step as usize].slug
        )));
    }
    let comune = state
        .territory
        .by_istat(&draft.comune_istat)
        .ok_or(AppError::NotFound)?;
    let mut answers = answers_of(&draft)?;
    // The language for messages starts as the one the person is reading in (saved with the step).
    if answers.get("language").is_empty() {
        let reading = crate::web::lang::from_headers(&request_headers());
        answers.0.insert("language".into(), reading.code().into());
    }
    let errors = if draft.errors_step == Some(index as i64) {
        let ctx = Context {
            today: today(),
            postal_codes: &comune.postal_codes,
        };
        validate_step(&STEPS[index], &answers, &ctx)
            .into_iter()
            .map(|e| (e.field.to_owned(), e.message))
            .collect()
    } else {
        Vec::new()
    };
    Ok(StepPage::Show(Box::new(StepView {
        index,
        answers,
        errors,
        comune_name: comune.name.clone(),
        postal_codes: comune.postal_codes.clone(),
        resume_url: format!("{}/apply/resume", state.config.public_base_url),
        resume_code: code,
    })))
}

pub async fn save_step(
    slug: String,
    nav: String,
    form: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let state = state()?;
    let draft = current_draft(&state).await?;
    if let Some(to) = entry_point(draft.as_ref().map(|(d, _)| d))? {
        leptos_axum::redirect(&to);
        return Ok(());
    }
    let Some((draft, _)) = draft else {
        return Err(AppError::NotFound);
    };
    let index = step_index(&slug)
        .filter(|i| *i as i64 <= draft.step)
        .ok_or(AppError::BadRequest)?;
    let step = &STEPS[index];
    let comune = state
        .territory
        .by_istat(&draft.comune_istat)
        .ok_or(AppError::NotFound)?;
    let ctx = Context {
        today: today(),
        postal_codes: &comune.postal_codes,
    };
    let mut answers = answers_of(&draft)?;
    answers.merge_step(step, &form);
    let json = to_json(&answers)?;
    let t = now();
    let expires = t + DRAFT_DAYS * 86400;
    if nav == "back" {
        state
            .store
            .save_draft(draft.id, &json, draft.step, None, t, expires)
            .await?;
        leptos_axum::redirect(&format!(
            "/apply/step/{}",
            STEPS[index.saturating_sub(1)].slug
        ));
        return Ok(());
    }
    if !validate_step(step, &answers, &ctx).is_empty() {
        state
            .store
            .save_draft(draft.id, &json, draft.step, Some(index as i64), t, expires)
            .await?;
        leptos_axum::redirect(&format!("/apply/step/{slug}"));
        return Ok(());
    }
    if index + 1 < STEPS.len() {
        let reached = draft.step.max(index as i64 + 1);
        state
            .store
            .save_draft(draft.id, &json, reached, None, t, expires)
            .await?;
        leptos_axum::redirect(&format!("/apply/step/{}", STEPS[index + 1].slug));
        return Ok(());
    }
    // The last step: the whole questionnaire is checked again before enrolment, then read once.
    let application = match first_invalid_step(&answers, &ctx) {
        None => Application::read(&answers).map_err(|field| {
            tracing::error!(draft = draft.id, field, "a validated answer cannot be read");
            AppError::BadRequest
        }),
        Some(bad) => {
            state
                .store
                .save_draft(draft.id, &json, draft.step, Some(bad as i64), t, expires)
                .await?;
            leptos_axum::redirect(&format!("/apply/step/{}", STEPS[bad].slug));
            return Ok(());
        }
    };
    // Enrolment is one transaction (one disk sync on SQLite); only if it fails is the last
    // step's answer saved to the draft, so that nothing is lost.
    let submitted = match application {
        Ok(application) => submit(&state, &draft, &application, &json).await,
        Err(e) => Err(e),
    };
    if let Err(e) = submitted {
        if let Err(saving) = state
            .store
            .save_draft(draft.id, &json, draft.step, None, t, expires)
            .await
        {
            tracing::error!(
                draft = draft.id,
                "the last step could not be kept after a failed submission: {saving}"
            );
        }
        return Err(e);
    }
    leptos_axum::redirect("/apply/done");
    Ok(())
}

/// Same person: same codice fiscale, or same names, birth date and phone however they were typed.
pub fn identity_key(first: &str, last: &str, birth: &str, phone: &str) -> String {
    tokens::hash(&format!(
        "{}|{}|{birth}|{phone}",
        fold(first).trim(),
        fold(last).trim()
    ))
}

/// Enrols the person of `draft`; `answers_json` is the questionnaire `application` was read from.
async fn submit(
    state: &AppState,
    draft: &Draft,
    application: &Application,
    answers_json: &str,
) -> Result<(), AppError> {
    let received = chrono::Utc::now();
    let deadlines = state.config.contact_policy().deadlines(received);
    let birth = application.birth_date.to_string();
    let language = application.language;
    let mobile = application.mobile.clone();
    let email = application.email.clone();
    let status_token = tokens::status_token();
    let applicant = NewApplicant {
        first_name: application.first_name.clone(),
        last_name: application.last_name.clone(),
        birth_date: birth.clone(),
        sex: application.sex.clone(),
        gender: application.gender.clone(),
        codice_fiscale: application
            .codice_fiscale
            .as_ref()
            .map(|c| c.as_str().to_owned()),
        identity_key: identity_key(
            &application.first_name,
            &application.last_name,
            &birth,
            &mobile,
        ),
        mobile: mobile.clone(),
        email: email.clone(),
        language: language.code().to_owned(),
        comune_istat: draft.comune_istat.clone(),
        answers_json: answers_json.to_owned(),
        privacy_version: state.config.privacy_version.clone(),
        received_at: received.timestamp(),
        due_soon_at: deadlines.due_soon.timestamp(),
        contact_due: deadlines.due.timestamp(),
        contact_limit: deadlines.limit.timestamp(),
        needs_flagged: application.needs_flagged,
        status_token_hash: tokens::hash(&status_token),
    };
    let status_url = format!("{}/s/{status_token}", state.config.public_base_url);
    let due = date_text(language, applicant.contact_due);
    let first_name = applicant.first_name.clone();
    state.store.forget_band_counts();
    let outcome = state
        .store
        .submit(draft.id, &applicant, move |reference| {
            confirmation_messages(
                language,
                &first_name,
                reference,
                &due,
                &status_url,
                &mobile,
                email.as_deref(),
            )
        })
        .await?;
    match outcome {
        SubmitOutcome::Enrolled { .. } => {
            tracing::info!(draft = draft.id, "applicant enrolled");
        }
        SubmitOutcome::AlreadySubmitted { .. } => {}
        SubmitOutcome::Duplicate { applicant_id } => {
            tracing::info!(
                draft = draft.id,
                "application of an enrolled person: link re-sent"
            );
            resend_status_link(state, applicant_id).await?;
            state
                .store
                .close_draft_as_duplicate(draft.id, now())
                .await?;
        }
    }
    Ok(())
}

fn confirmation_messages(
    lang: Lang,
    first_name: &str,
    reference: &str,
    due: &str,
    status_url: &str,
    mobile: &str,
    email: Option<&str>,
) -> Vec<NewMessage> {
    let args = [
        ("name", first_name),
        ("reference", reference),
        ("date", due),
        ("link", status_url),
    ];
    let mut messages = vec![NewMessage {
        calendar: None,
        channel: Channel::Sms,
        recipient: mobile.to_owned(),
        subject: String::new(),
        body: lang.tf(Key::sms_confirmation, &args),
    }];
    if let Some(email) = email {
        messages.push(NewMessage {
            calendar: None,
            channel: Channel::Email,
            recipient: email.to_owned(),
            subject: lang.tf(Key::email_confirmation_subject, &args),
            body: lang.tf(Key::email_confirmation_body, &args),
        });
    }
    messages
}

/// A new status link goes to the contact on file, never to whoever typed the details now.
async fn resend_status_link(state: &AppState, applicant_id: ApplicantId) -> Result<(), AppError> {
    let on_file = match state.store.contact_on_file(applicant_id).await {
        Ok(c) => c,
        Err(crate::storage::StoreError::NotFound) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let token = tokens::status_token();
    let link = format!("{}/s/{token}", state.config.public_base_url);
    let lang = Lang::from_code(&on_file.language).unwrap_or_default();
    let args = [("link", link.as_str())];
    let mut messages = Vec::new();
    if let Some(email) = on_file.email {
        messages.push(NewMessage {
            calendar: None,
            channel: Channel::Email,
            recipient: email,
            subject: lang.t(Key::email_resend_subject).to_owned(),
            body: lang.tf(Key::email_resend_body, &args),
        });
    }
    if let Some(mobile) = on_file.mobile {
        messages.push(NewMessage {
            calendar: None,
            channel: Channel::Sms,
            recipient: mobile,
            subject: String::new(),
            body: lang.tf(Key::sms_resend, &args),
        });
    }
    state
        .store
        .add_status_token(
            applicant_id,
            &tokens::hash(&token),
            &messages,
            crate::storage::Replace::Older,
            now(),
        )
        .await?;
    Ok(())
}

pub async fn load_confirmation() -> Result<ConfirmationView, AppError> {
    let state = state()?;
    let lang = crate::web::lang::from_headers(&request_headers());
    let Some((draft, _)) = current_draft(&state).await? else {
        return Ok(ConfirmationView::NoDraft);
    };
    match draft.outcome.as_deref() {
        // The dates come from when this draft was sent, never from a case already on file.
        Some("enrolled" | "duplicate") => {
            let sent = chrono::DateTime::from_timestamp(draft.updated_at, 0)
                .unwrap_or_else(chrono::Utc::now);
            let deadlines = state.config.contact_policy().deadlines(sent);
            Ok(ConfirmationView::Received {
                contact_due: date_text(lang, deadlines.due.timestamp()),
                contact_limit: date_text(lang, deadlines.limit.timestamp()),
            })
        }
        _ => Ok(ConfirmationView::NoDraft),
    }
}

pub async fn resume_draft(code: String) -> Result<(), AppError> {
    let state = state()?;
    let t = now();
    if !allow(&state, Limited::ResumeCode).await? {
        leptos_axum::redirect("/apply/resume?e=too_many");
        return Ok(());
    }
    let Some(code) = tokens::normalize_resume_code(&code) else {
        leptos_axum::redirect("/apply/resume?e=invalid");
        return Ok(());
    };
    match state.store.draft_by_token(&tokens::hash(&code), t).await? {
        Some(draft) => {
            set_draft_cookie(&code);
            let to = entry_point(Some(&draft))?
                .unwrap_or_else(|| format!("/apply/step/{}", STEPS[draft.step as usize].slug));
            leptos_axum::redirect(&to);
        }
        None => leptos_axum::redirect("/apply/resume?e=not_found"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identity_key_ignores_case_accents_and_spacing_of_names() {
        let a = identity_key("José", "D'Angelo", "1990-01-02", "+393331234567");
        let b = identity_key(" jose ", "DANGELO", "1990-01-02", "+393331234567");
        assert_eq!(a, b);
        assert_ne!(
            a,
            identity_key("José", "D'Angelo", "1990-01-03", "+393331234567")
        );
    }

    #[test]
    fn saved_answers_that_cannot_be_read_are_an_error_not_an_empty_questionnaire() {
        let mut draft = Draft {
            id: 7,
            comune_istat: "037006".into(),
            answers_json: r#"{"first_name":"Ada""#.into(),
            step: 2,
            errors_step: None,
            applicant_id: None,
            outcome: None,
            updated_at: 0,
        };
        assert_eq!(answers_of(&draft), Err(AppError::DraftUnreadable));
        assert_eq!(entry_point(Some(&draft)), Err(AppError::DraftUnreadable));
        draft.answers_json = r#"{"first_name":"Ada","active_measure":"no"}"#.into();
        assert_eq!(answers_of(&draft).unwrap().get("first_name"), "Ada");
        assert_eq!(entry_point(Some(&draft)), Ok(None));
    }
}
