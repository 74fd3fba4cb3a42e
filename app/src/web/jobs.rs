//! Background work through the database's job queue: every instance runs a worker, and each job
//! runs once. Today: the morning digest of cases about to breach, for each operator.
use super::AppState;
use crate::domain::deadline::{local_date, PROGRAMME_TZ};
use crate::i18n::{Key, Lang};
use crate::storage::{Channel, Job, NewMessage, StoreError};
use chrono::{TimeZone, Utc};
use std::time::Duration;

const LEASE_SECS: i64 = 300;
/// The digest covers cases whose limit falls within this many days.
const DIGEST_DAYS: i64 = 3;

fn now() -> i64 {
    Utc::now().timestamp()
}

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
                let date = crate::ui::format_date(
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

async fn run(state: &AppState, job: &Job) -> Result<(), String> {
    match job.kind.as_str() {
        "daily_digest" => digest(state).await.map(|_| ()).map_err(|e| e.to_string()),
        other => Err(format!("unknown job kind {other}")),
    }
}

/// One worker per instance; `name` tells instances apart in the leases.
pub fn spawn(state: AppState) {
    let name = format!("{}-{}", std::process::id(), rand::random::<u32>());
    tokio::spawn(async move {
        let mut last_schedule = 0;
        loop {
            if now() - last_schedule > 600 {
                if schedule_digest(&state).await.is_err() {
                    tracing::error!("the daily digest could not be scheduled");
                }
                last_schedule = now();
            }
            match state.store.claim_job(&name, now(), LEASE_SECS).await {
                Ok(Some(job)) => {
                    match run(&state, &job).await {
                        Ok(()) => {
                            let _ = state.store.finish_job(job.id, &name, now()).await;
                        }
                        Err(e) => {
                            tracing::warn!(job = job.id, kind = %job.kind, error = %e, "job failed");
                            let retry = now() + 60 * job.attempts.clamp(1, 60);
                            let _ = state.store.fail_job(job.id, &name, &e, retry).await;
                        }
                    }
                    continue;
                }
                Ok(None) => {}
                Err(_) => tracing::error!("the job queue could not be read"),
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
}
