//! The morning digest: each operator gets one email listing their cases about to breach the
//! contact limit. Scheduled once a day through the job queue, whichever instance asks first.
use crate::domain::deadline::{local_date, PROGRAMME_TZ};
use crate::i18n::{Key, Lang};
use crate::storage::{Channel, NewMessage, StoreError};
use crate::web::time::now;
use crate::web::AppState;
use chrono::{TimeZone, Utc};

/// The digest covers cases whose limit falls within this many days.
const DIGEST_DAYS: i64 = 3;

/// Schedules today's digest at 7:00 in Rome (once, whichever instance asks first).
pub async fn schedule_digest(state: &AppState) -> Result<(), StoreError> {
    let t = Utc::now();
    let day = local_date(t);
    let at = PROGRAMME_TZ
        .from_local_datetime(&day.and_hms_opt(7, 0, 0).unwrap_or_default())
        .earliest()
        .map(|d| d.timestamp())
        .unwrap_or(t.timestamp());
    state
        .store
        .schedule_job("daily_digest", "", Some(&format!("digest:{day}")), at)
        .await?;
    Ok(())
}

/// The messages of one digest run: one email per operator with cases about to breach.
pub async fn digest(state: &AppState) -> Result<usize, StoreError> {
    let t = now();
    let lang = Lang::default();
    let operators = state
        .store
        .cases_about_to_breach(t, t + DIGEST_DAYS * 86400)
        .await?;
    for (email, name, cases) in &operators {
        let list = cases
            .iter()
            .map(|(reference, limit)| {
                let date = crate::i18n::format_date(
                    lang,
                    local_date(Utc.timestamp_opt(*limit, 0).single().unwrap_or(Utc::now())),
                );
                format!("- {reference}: {date}")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let message = NewMessage {
            calendar: None,
            channel: Channel::Email,
            recipient: email.clone(),
            subject: lang.t(Key::digest_subject).to_owned(),
            body: lang.tf(
                Key::digest_body,
                &[
                    ("name", name),
                    ("count", &cases.len().to_string()),
                    ("cases", &list),
                ],
            ),
        };
        state.store.enqueue_message(&message, t).await?;
    }
    Ok(operators.len())
}
