//! The applicant calling with their status link: the link's token moves to a cookie
//! (`/s/{token}`), and each request finds the person by the token's hash. Like `access` for
//! staff, every applicant-facing feature starts here.
use super::ctx::request_headers;
use super::{lang::cookie, state, tokens};
use crate::error::AppError;
use crate::storage::ApplicantStatus;

/// The cookie that carries the applicant's status token.
pub const STATUS_COOKIE: &str = "insieme_status";

/// The applicant of this request's status link, if it is valid.
pub async fn current() -> Result<Option<ApplicantStatus>, AppError> {
    let state = state()?;
    let headers = request_headers();
    let Some(token) = cookie(&headers, STATUS_COOKIE).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    Ok(state
        .store
        .applicant_by_status_token(&tokens::hash(token), super::time::now())
        .await?)
}
