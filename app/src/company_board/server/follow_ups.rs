//! Follow-ups after a placement, and reminders to companies that leave a candidate unanswered.
use super::*;

pub(crate) fn follow_up_view(
    lang: Lang,
    f: &crate::storage::FollowUpRow,
    today: NaiveDate,
) -> FollowUpView {
    FollowUpView {
        id: f.id,
        applicant_id: f.applicant_id,
        reference: f.reference.clone(),
        name: f.name.clone(),
        months: f.months,
        due: format_date(lang, f.due_on),
        done: f.done,
        overdue: !f.done && f.due_on < today,
        note: f.note.clone(),
    }
}

pub async fn load_follow_ups() -> Result<Vec<FollowUpView>, AppError> {
    let state = state()?;
    let me = require::<LoadFollowUps>()?;
    let lang = crate::ui::request_lang();
    let today = today();
    Ok(state
        .store
        .follow_ups(None, Some(me.id), Some(today + chrono::Duration::days(14)))
        .await?
        .iter()
        .map(|(_, f)| follow_up_view(lang, f, today))
        .collect())
}

pub async fn complete_follow_up(id: i64, note: String, back: String) -> Result<(), AppError> {
    let state = state()?;
    let me = require::<CompleteFollowUp>()?;
    // Only one's own: a follow-up of another professional's placement is "not found".
    if state.store.follow_up_owner(id).await? != Some(me.id) {
        return Err(AppError::NotFound);
    }
    let note: String = note.trim().chars().take(2000).collect();
    let applicant = match state
        .store
        .complete_follow_up(id, &note, me.id, now())
        .await
    {
        Ok(a) => a,
        Err(StoreError::NotFound) => {
            leptos_axum::redirect("/staff/follow-ups?e=done");
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    if back == "case" {
        leptos_axum::redirect(&format!("/staff/case/{applicant}?ok=follow_up#board"));
    } else {
        leptos_axum::redirect("/staff/follow-ups?ok=done");
    }
    Ok(())
}

/// Reminds companies of candidates sent to them and left unanswered; run by the background worker.
pub async fn remind_companies(state: &AppState, t: i64) -> Result<usize, StoreError> {
    let days = i64::from(state.config.proposal_reminder_days.max(1));
    let lang = Lang::default();
    let base = state
        .config
        .public_base_url
        .trim_end_matches('/')
        .to_owned();
    state
        .store
        .send_company_reminders(t - days * 86_400, t, |u| {
            let body = lang.tf(
                Key::company_reminder_body,
                &[
                    ("position", &u.position_title),
                    ("reference", &u.reference),
                    ("days", &days.to_string()),
                    ("link", &format!("{base}/company/login")),
                ],
            );
            u.contacts
                .iter()
                .map(|email| NewMessage {
                    channel: crate::storage::Channel::Email,
                    recipient: email.clone(),
                    subject: lang.t(Key::company_reminder_subject).to_owned(),
                    body: body.clone(),
                    calendar: None,
                })
                .collect()
        })
        .await
}
