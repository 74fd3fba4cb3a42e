//! The outbox as the development page shows it.
use super::*;
use crate::web::state;

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
            calendar: m.calendar,
        })
        .collect())
}
