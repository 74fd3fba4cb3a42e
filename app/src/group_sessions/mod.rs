//! Group sessions: information and motivation meetings in a room or by video. The secretariat
//! and the professionals plan them; people are invited from the queue (a batch, people who speak
//! the session's language first) or from their case; each invitation, reminder and cancellation
//! is a message to that one person with a calendar event, so no one learns who else is coming.
//! Attendance is one tap per person. The applicant sees their meetings on the status page and
//! can say they cannot come.
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;
#[cfg(feature = "ssr")]
pub use server::send_reminders;

use crate::domain::ids::{ApplicantId, GroupSessionId};
use crate::error::AppError;
use crate::ui::forms::{Choice, FormState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A session as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: GroupSessionId,
    pub title: String,
    pub topic: String,
    /// "mercoledì 10 marzo 2027, 10:00–11:30".
    pub when: String,
    pub place: String,
    pub video_link: String,
    pub language: String,
    /// "3 invitati su 20 posti".
    pub seats: String,
    /// "2 presenti", once the register has marks.
    pub present: Option<String>,
    pub full: bool,
    pub over: bool,
    pub cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionsView {
    pub sessions: Vec<SessionRow>,
    pub form: FormState,
    pub topics: Vec<Choice>,
    pub languages: Vec<Choice>,
    pub with_past: bool,
}

/// Someone invited, as the session's page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteeRow {
    pub applicant_id: ApplicantId,
    pub name: String,
    pub reference: String,
    pub language: String,
    /// Where they stand: invited, declined, removed.
    pub standing: String,
    /// Some(true) present, Some(false) absent, None not marked.
    pub present: Option<bool>,
    /// The caller may open the case (and take the person off).
    pub on_case: bool,
}

/// Someone the page offers to invite from the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub applicant_id: ApplicantId,
    pub name: String,
    pub reference: String,
    pub language: String,
    /// "In attesa di contatto · dal 2 dicembre".
    pub standing: String,
    pub same_language: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub session: SessionRow,
    pub invited: Vec<InviteeRow>,
    /// Declined or taken off.
    pub others: Vec<InviteeRow>,
    /// Empty for professionals (the queue is the secretariat's), and once the session started.
    pub queue: Vec<QueueRow>,
    pub may_invite_from_queue: bool,
    pub register_open: bool,
    /// "3 segnati su 5".
    pub marked: String,
    pub may_cancel: bool,
}

/// A session on the case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSessionRow {
    pub session_id: GroupSessionId,
    pub title: String,
    pub when: String,
    pub standing: String,
    /// Still invited to a session to come: can be taken off.
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSessionsView {
    pub applicant_id: ApplicantId,
    pub rows: Vec<CaseSessionRow>,
    /// Sessions to come with a free seat the person is not invited to.
    pub options: Vec<Choice>,
    pub may_invite: bool,
}

/// A session on the applicant's status page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySessionRow {
    pub session_id: GroupSessionId,
    pub title: String,
    pub topic: String,
    pub when: String,
    pub place: String,
    pub video_link: String,
    pub language: String,
    pub standing: String,
    pub may_decline: bool,
}

#[server(prefix = "/api", endpoint = "load_group_sessions")]
pub async fn load_group_sessions(
    #[server(default)] with_past: bool,
) -> Result<SessionsView, AppError> {
    server::load_group_sessions(with_past).await
}

#[server(prefix = "/api", endpoint = "create_group_session")]
pub async fn create_group_session(
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::create_group_session(f).await
}

#[server(prefix = "/api", endpoint = "load_group_session")]
pub async fn load_group_session(session_id: GroupSessionId) -> Result<SessionView, AppError> {
    server::load_group_session(session_id).await
}

/// `f`: a box `p{applicant id}` per person chosen.
#[server(prefix = "/api", endpoint = "invite_from_queue")]
pub async fn invite_from_queue(
    session_id: GroupSessionId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::invite_from_queue(session_id, f).await
}

#[server(prefix = "/api", endpoint = "invite_to_group_session")]
pub async fn invite_to_group_session(
    applicant_id: ApplicantId,
    #[server(default)] session_id: String,
) -> Result<(), AppError> {
    server::invite_to_group_session(applicant_id, session_id).await
}

/// `from`: `case` or `session`, the page to go back to.
#[server(prefix = "/api", endpoint = "remove_from_group_session")]
pub async fn remove_from_group_session(
    session_id: GroupSessionId,
    applicant_id: ApplicantId,
    #[server(default)] from: String,
) -> Result<(), AppError> {
    server::remove_from_group_session(session_id, applicant_id, from).await
}

#[server(prefix = "/api", endpoint = "mark_group_attendance")]
pub async fn mark_group_attendance(
    session_id: GroupSessionId,
    applicant_id: ApplicantId,
    #[server(default)] present: bool,
) -> Result<(), AppError> {
    server::mark_group_attendance(session_id, applicant_id, present).await
}

#[server(prefix = "/api", endpoint = "cancel_group_session")]
pub async fn cancel_group_session(session_id: GroupSessionId) -> Result<(), AppError> {
    server::cancel_group_session(session_id).await
}

#[server(prefix = "/api", endpoint = "load_case_group_sessions")]
pub async fn load_case_group_sessions(
    applicant_id: ApplicantId,
) -> Result<Option<CaseSessionsView>, AppError> {
    server::load_case_group_sessions(applicant_id).await
}

#[server(prefix = "/api", endpoint = "load_my_group_sessions")]
pub async fn load_my_group_sessions() -> Result<Vec<MySessionRow>, AppError> {
    server::load_my_group_sessions().await
}

#[server(prefix = "/api", endpoint = "decline_group_session")]
pub async fn decline_group_session(session_id: GroupSessionId) -> Result<(), AppError> {
    server::decline_group_session(session_id).await
}
