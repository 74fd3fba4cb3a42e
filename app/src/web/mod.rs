//! Shared web plumbing of the server: the application state, the request and response as server
//! functions see them, access and sessions, security middleware, tokens, mail, time and places.
pub mod access;
pub mod applicant;
pub mod calendar;
pub mod candidates;
pub mod ctx;
pub mod export;
pub mod jobs;
pub mod lang;
pub mod limits;
pub mod mailer;
pub mod pages;
pub mod places;
pub mod security;
pub mod session;
pub mod time;
pub mod tokens;

use crate::config::Config;
use crate::domain::territory::Territory;
use crate::i18n::Lang;
use crate::storage::Store;
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::{Arc, OnceLock};

/// Largest body any form may post; the questionnaire's largest step is far smaller.
pub const BODY_LIMIT: usize = 64 * 1024;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub config: Arc<Config>,
    pub territory: Arc<Territory>,
}

static ENABLED_LANGUAGES: OnceLock<Vec<Lang>> = OnceLock::new();

/// The languages the settings enable, set once when the router is made.
pub fn set_enabled_languages(languages: Vec<Lang>) {
    // Tests make several routers in one process: the first one's settings stay, which is right
    // because they all read the same configuration.
    let _ = ENABLED_LANGUAGES.set(languages);
}

pub fn enabled_languages() -> Vec<Lang> {
    ENABLED_LANGUAGES
        .get()
        .cloned()
        .unwrap_or_else(|| Lang::all().collect())
}

/// The state of the current request, for server functions.
pub fn state() -> Result<AppState, crate::error::AppError> {
    use_context::<AppState>().ok_or(crate::error::AppError::Unavailable)
}
