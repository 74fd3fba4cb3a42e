//! Assessment interviews: professionals publish when they can meet, the secretariat books a slot
//! during the call, the applicant can move or cancel it from the status link, the professional
//! records a no-show or the assessment.
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;
#[cfg(feature = "ssr")]
pub use server::send_reminders;

use crate::domain::ids::ApplicantId;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    /// `professional_id-starts_at`, what a form posts back.
    pub key: String,
    pub day: String,
    pub time: String,
    pub professional: String,
    pub mode: String,
    pub place: String,
    /// For the week grid: the day as `YYYY-MM-DD`, its column head ("lunedì 7 dic") and the
    /// mode's code, which the grid's filter reads.
    pub date: String,
    pub day_head: String,
    pub mode_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewView {
    pub day: String,
    pub time: String,
    pub professional: String,
    pub mode: String,
    pub place: String,
    pub wants_earlier: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingView {
    pub booked: Option<InterviewView>,
    pub free: Vec<SlotView>,
    pub may_book: bool,
    pub may_assess: bool,
    pub assessment: Option<AssessmentView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentView {
    pub by: String,
    pub at: String,
    pub content: crate::domain::assessment::Assessment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyView {
    pub id: i64,
    pub weekday: u32,
    pub start: String,
    pub minutes: u32,
    pub mode: String,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityView {
    pub weekly: Vec<WeeklyView>,
    pub away: Vec<String>,
    pub upcoming: Vec<SlotView>,
}

#[server(prefix = "/api", endpoint = "load_booking")]
pub async fn load_booking(applicant_id: ApplicantId) -> Result<BookingView, AppError> {
    server::load_booking(applicant_id).await
}

#[server(prefix = "/api", endpoint = "book_interview")]
pub async fn book_interview(
    applicant_id: ApplicantId,
    #[server(default)] slot: String,
    #[server(default)] wants_earlier: String,
) -> Result<(), AppError> {
    server::book(applicant_id, slot, wants_earlier == "on").await
}

#[server(prefix = "/api", endpoint = "cancel_interview")]
pub async fn cancel_interview(applicant_id: ApplicantId) -> Result<(), AppError> {
    server::cancel(applicant_id).await
}

#[server(prefix = "/api", endpoint = "record_no_show")]
pub async fn record_no_show(applicant_id: ApplicantId) -> Result<(), AppError> {
    server::no_show(applicant_id).await
}

#[server(prefix = "/api", endpoint = "save_assessment")]
pub async fn save_assessment(
    applicant_id: ApplicantId,
    #[server(default)] a: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::save_assessment(applicant_id, a).await
}

/// After the assessment: the recommended path begins.

#[server(prefix = "/api", endpoint = "load_availability")]
pub async fn load_availability() -> Result<AvailabilityView, AppError> {
    server::load_availability().await
}

#[server(prefix = "/api", endpoint = "add_weekly_slot")]
pub async fn add_weekly_slot(
    #[server(default)] weekday: String,
    #[server(default)] start: String,
    #[server(default)] minutes: String,
    #[server(default)] mode: String,
    #[server(default)] place: String,
) -> Result<(), AppError> {
    server::add_weekly(weekday, start, minutes, mode, place).await
}

#[server(prefix = "/api", endpoint = "remove_weekly_slot")]
pub async fn remove_weekly_slot(id: i64) -> Result<(), AppError> {
    server::remove_weekly(id).await
}

#[server(prefix = "/api", endpoint = "set_away")]
pub async fn set_away(
    #[server(default)] day: String,
    #[server(default)] away: String,
) -> Result<(), AppError> {
    server::set_away(day, away == "yes").await
}

/// The applicant's own interview, from the status link.
#[server(prefix = "/api", endpoint = "load_my_interview")]
pub async fn load_my_interview() -> Result<Option<BookingView>, AppError> {
    server::load_my_interview().await
}

#[server(prefix = "/api", endpoint = "move_my_interview")]
pub async fn move_my_interview(#[server(default)] slot: String) -> Result<(), AppError> {
    server::move_mine(slot).await
}

#[server(prefix = "/api", endpoint = "cancel_my_interview")]
pub async fn cancel_my_interview() -> Result<(), AppError> {
    server::cancel_mine().await
}
