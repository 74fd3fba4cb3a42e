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

/// What a session is opened from, as its owner will recognise it in their list of sessions:
/// browser and system, read from the request's `User-Agent`.
pub fn device() -> String {
    let headers = super::ctx::request_headers();
    let agent = headers
        .get(http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    describe_device(agent)
}

/// "Firefox · Android" from a `User-Agent`; the order of the tests matters, because browsers name
/// the ones they descend from (Edge says Chrome and Safari, Chrome says Safari).
pub fn describe_device(agent: &str) -> String {
    let has = |s: &str| agent.contains(s);
    let browser = if has("Firefox/") || has("FxiOS/") {
        "Firefox"
    } else if has("Edg/") || has("EdgA/") || has("EdgiOS/") {
        "Edge"
    } else if has("OPR/") {
        "Opera"
    } else if has("SamsungBrowser/") {
        "Samsung Internet"
    } else if has("Chrome/") || has("Chromium/") || has("CriOS/") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else {
        "?"
    };
    let system = if has("Android") {
        "Android"
    } else if has("iPhone") || has("iPad") {
        "iOS"
    } else if has("Windows") {
        "Windows"
    } else if has("Mac OS X") || has("Macintosh") {
        "macOS"
    } else if has("CrOS") {
        "ChromeOS"
    } else if has("Linux") {
        "Linux"
    } else {
        "?"
    };
    format!("{browser} · {system}")
}

/// The name a session goes by in its owner's list and in the form that ends it: derived from the
/// stored hash, so that neither the cookie nor the stored hash ever reaches a page.
pub fn session_key(id_hash: &str) -> String {
    tokens::hash(&format!("session-key:{id_hash}"))[..16].to_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_named_by_its_browser_and_system() {
        for (agent, device) in [
            ("Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36", "Chrome · Android"),
            ("Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36", "Samsung Internet · Android"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "Safari · iOS"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0", "Edge · Windows"),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", "Firefox · Linux"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "Safari · macOS"),
            ("curl/8.4.0", "? · ?"),
            ("", "? · ?"),
        ] {
            assert_eq!(describe_device(agent), device, "{agent}");
        }
    }

    #[test]
    fn a_session_key_reveals_neither_the_cookie_nor_the_stored_hash() {
        let (id, hash) = new_session_id();
        let key = session_key(&hash);
        assert_eq!(key.len(), 16);
        assert!(!id.contains(&key) && !hash.contains(&key));
        assert_eq!(key, session_key(&hash), "stable");
        assert_ne!(key, session_key(&new_session_id().1));
    }
}
