//! The error every server function returns: a short code the browser turns into a message in the
//! person's language. Internals (database texts, paths) are logged on the server, never sent.
use crate::i18n::Key;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("service unavailable")]
    Unavailable,
    #[error("bad request")]
    BadRequest,
    #[error("request failed: {0}")]
    Transport(String),
    /// No staff session, or it ended: log in again.
    #[error("signed out")]
    SignedOut,
    /// Logged in, but this is not for the caller's roles.
    #[error("forbidden")]
    Forbidden,
    /// The thing changed meanwhile (a slot taken, a case already closed).
    #[error("conflict")]
    Conflict,
    /// An applicant's saved answers cannot be read: they are kept as stored, not replaced.
    #[error("draft unreadable")]
    DraftUnreadable,
}

impl AppError {
    pub fn key(&self) -> Key {
        match self {
            AppError::NotFound => Key::problem_not_found,
            AppError::Unavailable => Key::problem_unavailable,
            AppError::Transport(_) => Key::problem_connection,
            AppError::BadRequest => Key::problem_bad_request,
            AppError::SignedOut => Key::problem_signed_out,
            AppError::Forbidden => Key::problem_not_allowed,
            AppError::Conflict => Key::problem_conflict,
            AppError::DraftUnreadable => Key::problem_draft_unreadable,
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// The HTTP status of a server function's answer that failed with this error: a fault of the
    /// server is 5xx, never shown to the person as a mistake of theirs.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Transport(_) => StatusCode::BAD_GATEWAY,
            AppError::SignedOut => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::DraftUnreadable => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => AppError::BadRequest,
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::storage::StoreError> for AppError {
    fn from(e: crate::storage::StoreError) -> Self {
        match e {
            crate::storage::StoreError::NotFound => AppError::NotFound,
            other => {
                // The cause is logged here, once; the person is told only that it failed.
                tracing::error!(error = %other, "storage failed");
                AppError::Unavailable
            }
        }
    }
}
