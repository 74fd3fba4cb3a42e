//! Background work through the database's job queue: every instance runs a worker, and each job
//! runs once, whichever instance claims it. What a job does is the caller's (`background`).
use super::time::now;
use super::AppState;
use crate::storage::{Job, StoreError};
use std::future::Future;
use std::time::Duration;

const LEASE_SECS: i64 = 300;
/// One worker per instance; `name` tells instances apart in the leases. Every ten minutes it asks
/// `schedule` to put the day's jobs in the queue (scheduling is idempotent), and it runs each job
/// it claims with `run`; a failed job is tried again later, longer after each failure.
pub fn spawn<R, RF, S, SF>(state: AppState, run: R, schedule: S)
where
    R: Fn(AppState, Job) -> RF + Send + 'static,
    RF: Future<Output = Result<(), String>> + Send,
    S: Fn(AppState) -> SF + Send + 'static,
    SF: Future<Output = Result<(), StoreError>> + Send,
{
    let name = format!("{}-{}", std::process::id(), rand::random::<u32>());
    tokio::spawn(async move {
        let mut last_schedule = 0;
        loop {
            if now() - last_schedule > 600 {
                if let Err(e) = schedule(state.clone()).await {
                    tracing::error!("jobs could not be scheduled: {e}");
                }
                last_schedule = now();
            }
            match state.store.claim_job(&name, now(), LEASE_SECS).await {
                Ok(Some(job)) => {
                    let (id, kind, attempts) = (job.id, job.kind.clone(), job.attempts);
                    match run(state.clone(), job).await {
                        Ok(()) => {
                            if let Err(e) = state.store.finish_job(id, &name, now()).await {
                                tracing::error!(
                                    job = id,
                                    "a finished job could not be marked: {e}"
                                );
                            }
                        }
                        Err(e) => {
                            tracing::warn!(job = id, kind = %kind, error = %e, "job failed");
                            let retry = now() + 60 * attempts.clamp(1, 60);
                            if let Err(e) = state.store.fail_job(id, &name, &e, retry).await {
                                tracing::error!(job = id, "a failed job could not be marked: {e}");
                            }
                        }
                    }
                    continue;
                }
                Ok(None) => {}
                Err(e) => tracing::error!("the job queue could not be read: {e}"),
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
}
