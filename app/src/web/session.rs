//! Sessions of staff and company contacts: the cookie that carries a session's id (only its hash
//! is stored), a new id at every privilege change, and the way out.
use super::access::{caller, SESSION_COOKIE};
use super::ctx::set_cookie;
use super::{tokens, AppState};
use crate::domain::ids::StaffId;
use crate::error::AppError;
use leptos::prelude::*;

pub fn set_session_cookie(id: &str) {
    set_cookie(format!(
        "{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict",
    ));
}

pub fn clear_session_cookie() {
    set_cookie(format!(
        "{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
    ));
}

/// A new session id, every time: the one handed to the browser and its hash kept here.
pub fn new_session_id() -> (String, String) {
    let id = tokens::status_token();
    let hash = tokens::hash(&id);
    (id, hash)
}

/// Ends the caller's session (or, `everywhere`, every session of their account), clears the cookie
/// and tells the browser to drop what it kept of the pages.
pub async fn end(state: &AppState, everywhere: Option<StaffId>) -> Result<(), AppError> {
    match everywhere {
        Some(staff_id) => state.store.delete_sessions_of(staff_id).await?,
        None => {
            if let Some(session) = caller().session_hash() {
                state.store.delete_session(session).await?;
            }
        }
    }
    clear_session_cookie();
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::HeaderName::from_static("clear-site-data"),
            http::HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
    Ok(())
}
