//! What every server instance does besides answering requests: the job queue (the morning digest),
//! cleanups, interview and company reminders, and the outbox. The top of the application, beside
//! the router: it calls into features, and nothing calls into it but the server binary.
use crate::storage::{Job, Store};
use crate::web::{jobs, mailer, AppState};

/// Starts all of it for this instance.
pub fn spawn(state: &AppState) {
    mailer::spawn(
        state.store.clone(),
        state.config.smtp.clone(),
        None,
        state.config.development,
    );
    spawn_cleanup(state.store.clone());
    {
        let store = state.store.clone();
        tokio::spawn(async move {
            if let Err(e) = store.warm_matching().await {
                tracing::error!("match profiles could not be read at start: {e}");
            }
        });
    }
    spawn_reminders(state.clone());
    jobs::spawn(state.clone(), run_job, schedule_jobs);
}

async fn run_job(state: AppState, job: Job) -> Result<(), String> {
    match job.kind.as_str() {
        "daily_digest" => crate::secretariat::digest::digest(&state)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        other => Err(format!("unknown job kind {other}")),
    }
}

async fn schedule_jobs(state: AppState) -> Result<(), crate::storage::StoreError> {
    crate::secretariat::digest::schedule_digest(&state).await
}

/// Drafts nobody finished are deleted 30 days after their last change; staff sessions once idle.
fn spawn_cleanup(store: Store) {
    tokio::spawn(async move {
        loop {
            let now = chrono::Utc::now().timestamp();
            match store.delete_expired_drafts(now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(drafts = n, "expired drafts deleted"),
                Err(e) => tracing::error!("expired drafts could not be deleted: {e}"),
            }
            let idle = crate::domain::staff::SessionPolicy::default().idle_secs;
            if let Err(e) = store.delete_sessions_idle_since(now - idle).await {
                tracing::error!("idle staff sessions could not be deleted: {e}");
            }
            // Refused forms are kept a day for their page to show them again.
            if let Err(e) = store.forget_form_drafts(now - 86_400).await {
                tracing::error!("old form drafts could not be deleted: {e}");
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}

/// Interview reminders (48 and 2 hours before) and reminders to companies of candidates left
/// unanswered, checked every five minutes. Each is claimed by one atomic update, so several server
/// instances never send one twice.
fn spawn_reminders(state: AppState) {
    tokio::spawn(async move {
        loop {
            match crate::interviews::send_reminders(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "interview reminders queued"),
                Err(e) => tracing::error!("interview reminders could not be queued: {e}"),
            }
            match crate::group_sessions::send_reminders(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "group session reminders queued"),
                Err(e) => tracing::error!("group session reminders could not be queued: {e}"),
            }
            let t = chrono::Utc::now().timestamp();
            match crate::company_board::server::remind_companies(&state, t).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "company reminders queued"),
                Err(e) => tracing::error!("company reminders could not be queued: {e}"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(300)).await;
        }
    });
}
