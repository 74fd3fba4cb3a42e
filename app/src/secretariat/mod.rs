//! The secretariat's desk: the queue of applicants awaiting first contact, most urgent first, and the
//! case record where contact attempts are logged and cases are closed.
use crate::domain::ids::ApplicantId;
use crate::ui::forms::Choice;
#[cfg(feature = "ssr")]
pub(crate) mod digest;
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;

use crate::domain::case::CaseState;
use crate::domain::deadline::Band;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: i64 = 25;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRowView {
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub name: String,
    pub comune: String,
    pub language: String,
    pub received: String,
    pub contact_due: String,
    pub contact_limit: String,
    pub days_waiting: i64,
    /// Days past the contact date (while before the limit) or past the limit; 0 when on time.
    pub days_late: i64,
    pub band: Band,
    pub assigned_to: Option<String>,
    pub assigned_to_me: bool,
    pub needs_flagged: bool,
    pub failed_attempts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub counts: Vec<(Band, i64)>,
    pub rows: Vec<QueueRowView>,
    pub page: i64,
    pub has_next: bool,
    pub comuni: Vec<Choice>,
    pub operators: Vec<Choice>,
    /// The search term the address's `search` handle stands for, to show in the search box.
    pub q: String,
}

/// The queue's filters as the page's address carries them (all optional). A search by name,
/// codice fiscale or reference is personal data, so it never goes in the address (where browser
/// history, proxies and server logs would keep it): it is posted, kept on the server with the
/// caller's session, and the address carries only `search`, a random handle for it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueParams {
    pub band: String,
    pub comune: String,
    pub language: String,
    /// `me`, `nobody`, a staff id, or empty for anyone.
    pub assigned: String,
    pub needs: String,
    pub search: String,
    pub page: String,
}

impl QueueParams {
    /// The queue's address with these filters.
    pub fn address(&self) -> String {
        let pairs = [
            ("band", &self.band),
            ("comune", &self.comune),
            ("language", &self.language),
            ("assigned", &self.assigned),
            ("needs", &self.needs),
            ("search", &self.search),
            ("page", &self.page),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect();
        if query.is_empty() {
            "/staff/queue".into()
        } else {
            format!("/staff/queue?{}", query.join("&"))
        }
    }
}

fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub at: String,
    pub by: String,
    pub channel: String,
    pub outcome: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub at: String,
    pub by: String,
    pub event: String,
    pub to_state: CaseState,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub name: String,
    pub birth_date: String,
    pub codice_fiscale: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub language: String,
    pub comune: String,
    pub answers: crate::domain::questionnaire::Answers,
    pub state: CaseState,
    pub closed_reason: Option<String>,
    pub received: String,
    pub contact_due: String,
    pub contact_limit: String,
    pub contacted: Option<String>,
    /// Where the first contact stands, while it is awaited.
    pub band: Option<Band>,
    pub assigned_to: Option<String>,
    pub attempts: Vec<AttemptView>,
    pub events: Vec<EventView>,
    pub may_work: bool,
    /// Secretariat members the case can be assigned to.
    pub operators: Vec<Choice>,
}

#[server(prefix = "/api", endpoint = "load_queue")]
pub async fn load_queue(params: QueueParams) -> Result<QueueView, AppError> {
    server::load_queue(params).await
}

/// `to` is `me`, `nobody` or a staff id. `back` is the queue address to return to.
/// The filter form, posted: the filters go to the address, the search term stays on the server.
#[server(prefix = "/api", endpoint = "search_queue")]
pub async fn search_queue(
    #[server(default)] band: String,
    #[server(default)] comune: String,
    #[server(default)] language: String,
    #[server(default)] assigned: String,
    #[server(default)] needs: String,
    #[server(default)] q: String,
) -> Result<(), AppError> {
    let filters = QueueParams {
        band,
        comune,
        language,
        assigned,
        needs,
        ..QueueParams::default()
    };
    server::search_queue(filters, q).await
}

#[server(prefix = "/api", endpoint = "assign_case")]
pub async fn assign_case(
    applicant_id: ApplicantId,
    to: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    server::assign_case(applicant_id, to, back).await
}

#[server(prefix = "/api", endpoint = "load_case")]
pub async fn load_case(applicant_id: ApplicantId) -> Result<CaseView, AppError> {
    server::load_case(applicant_id).await
}

#[server(prefix = "/api", endpoint = "log_contact")]
pub async fn log_contact(
    applicant_id: ApplicantId,
    #[server(default)] channel: String,
    #[server(default)] outcome: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    server::log_contact(applicant_id, channel, outcome, note).await
}

#[server(prefix = "/api", endpoint = "close_case")]
pub async fn close_case(
    applicant_id: ApplicantId,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    server::close_case(applicant_id, reason).await
}

pub const CHANNELS: &[&str] = &["phone", "sms", "email", "in_person"];
pub const OUTCOMES: &[&str] = &["reached", "no_answer", "wrong_number", "message_left"];
pub const NOTE_MAX_CHARS: usize = 1000;
