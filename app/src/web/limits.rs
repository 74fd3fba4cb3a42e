//! Attempt limits on what anyone may do without signing in and what writes rows, sends mail or
//! tries secrets: each counted per client (by the hash of its address, see `ctx::client_ip`) and
//! in total, in windows kept in the database so that every instance shares them.
use super::{ctx::client_ip, tokens, AppState};
use crate::error::AppError;
use crate::web::time::now;

#[derive(Clone, Copy, Debug)]
pub enum Limited {
    /// Trying a resume code, typed or in a cookie.
    ResumeCode,
    /// A new questionnaire (a draft row).
    NewDraft,
    /// Counting a person who is not eligible (one row per day and reason).
    IneligibleCount,
    /// Asking for a company sign-in link (an email).
    CompanyLink,
    /// Staff log-in attempts from one network.
    StaffLogin,
}

impl Limited {
    /// (name, per client, in total, window in seconds)
    fn limits(self) -> (&'static str, i64, i64, i64) {
        match self {
            Limited::ResumeCode => ("resume", 10, 2000, 3600),
            // A help desk filling in questionnaires for people shares one address.
            Limited::NewDraft => ("draft", 60, 20_000, 3600),
            Limited::IneligibleCount => ("ineligible", 60, 20_000, 3600),
            Limited::CompanyLink => ("company-link", 10, 500, 3600),
            Limited::StaffLogin => ("staff-login", 30, 3000, 900),
        }
    }
}

/// Counts one attempt of `what` from the calling client; false once the client or everyone
/// together went past the limit of the window.
pub async fn allow(state: &AppState, what: Limited) -> Result<bool, AppError> {
    let (name, per_client, total, window) = what.limits();
    let t = now();
    let client = tokens::hash(&client_ip().await);
    let mine = state
        .store
        .allow_attempt(&format!("{name}:{client}"), per_client, window, t)
        .await?;
    let all = state
        .store
        .allow_attempt(&format!("{name}:all"), total, window, t)
        .await?;
    if !(mine && all) {
        tracing::warn!(limit = name, "attempt limit reached");
    }
    Ok(mine && all)
}

/// Whether the calling client went past its attempts of `what` (more were counted than `allow`
/// lets through), without counting one more: a secret it then presents (a resume code in a
/// cookie) is treated as unknown. The attempt that was still allowed keeps working.
pub async fn exhausted(state: &AppState, what: Limited) -> Result<bool, AppError> {
    let (name, per_client, _, window) = what.limits();
    let client = tokens::hash(&client_ip().await);
    Ok(state
        .store
        .attempts_exhausted(&format!("{name}:{client}"), per_client + 1, window, now())
        .await?)
}
