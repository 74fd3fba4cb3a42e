//! Traineeships (tirocini) in partner companies. The secretariat prepares one when the board moves a
//! candidate to its "traineeship" stage; the programme's tutor follows it from a phone ("my people
//! today": one-tap presence, progress notes with preset phrases, objectives, a concern that alerts
//! the professional who owns the case), and it keeps working without network: taps are queued on
//! the device with an idempotency key and sent when the network returns. Its end (hired, extended,
//! ended for a coded reason) moves the board.
#[cfg(feature = "hydrate")]
mod offline;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod project;
#[cfg(feature = "ssr")]
pub(crate) mod server;

use crate::domain::ids::{ApplicantId, ObjectiveId, ProposalId, StaffId, TraineeshipId};
use crate::error::AppError;
use crate::ui::forms::{Choice, FormState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One person on the tutor's list for today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayItem {
    pub id: TraineeshipId,
    pub name: String,
    pub company: String,
    pub address: String,
    /// "9:00–13:00", or "not expected today".
    pub hours: String,
    pub expected_today: bool,
    /// Today's mark (a presence code), if recorded.
    pub mark: Option<String>,
    /// One fresh idempotency key per button, for the forms sent without JavaScript.
    pub keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayView {
    pub me: StaffId,
    pub today: String,
    pub day: String,
    pub items: Vec<TodayItem>,
    /// Presence codes and labels, in button order.
    pub marks: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveItem {
    pub id: ObjectiveId,
    pub text: String,
    pub progress: String,
    /// Each progress code, its label, and a fresh key for its button.
    pub options: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteItem {
    pub when: String,
    pub by: String,
    pub text: String,
    pub concern: bool,
}

/// A traineeship as its tutor sees it on the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TutorTraineeshipView {
    pub me: StaffId,
    pub id: TraineeshipId,
    pub name: String,
    pub company: String,
    pub address: String,
    pub schedule: String,
    pub dates: String,
    pub day: String,
    pub mark: Option<String>,
    pub marks: Vec<Choice>,
    pub mark_keys: Vec<String>,
    pub objectives: Vec<ObjectiveItem>,
    pub presets: Vec<Choice>,
    pub note_key: String,
    pub form: FormState,
    pub notes: Vec<NoteItem>,
    pub active: bool,
}

/// What became of one tutor submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubmitOutcome {
    Recorded,
    /// Its key had been seen: it was recorded before (a resend).
    AlreadyRecorded,
    /// Refused, with the reason in the tutor's language.
    Refused(String),
}

/// The traineeship form, from a proposal at the board's traineeship stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTraineeshipView {
    pub proposal_id: ProposalId,
    pub person: String,
    pub position: String,
    pub company: String,
    pub site: String,
    pub company_tutors: Vec<Choice>,
    pub tutors: Vec<Choice>,
    pub weekdays: Vec<(String, String)>,
    pub form: FormState,
    /// Already made: its id.
    pub existing: Option<TraineeshipId>,
    /// Why it cannot be made (not at the traineeship stage), in words.
    pub blocked: Option<String>,
}

/// A traineeship as the secretariat and the professional see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeshipView {
    pub id: TraineeshipId,
    pub applicant_id: ApplicantId,
    pub person: String,
    pub reference: String,
    pub position: String,
    pub position_id: crate::domain::ids::PositionId,
    pub company: String,
    pub site: String,
    pub company_tutor: String,
    pub tutor: String,
    pub schedule: String,
    pub weekly_hours: String,
    pub dates: String,
    pub allowance: String,
    pub state: String,
    pub active: bool,
    pub objectives: Vec<(String, String)>,
    /// "12 present, 1 absent, 2 excused".
    pub presence: String,
    pub recent_presence: Vec<(String, String)>,
    pub notes: Vec<NoteItem>,
    pub evaluations: Vec<EvaluationItem>,
    /// The signed training project's document, when uploaded.
    pub project_document: Option<i64>,
    pub may_upload: bool,
    pub may_end: bool,
    pub reasons: Vec<Choice>,
    pub contracts: Vec<Choice>,
    pub form: FormState,
}

/// A company tutor's evaluation, as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationItem {
    pub title: String,
    pub when: String,
    pub by: String,
    /// (label, value): skills observed, punctuality, autonomy, recommendation.
    pub lines: Vec<(String, String)>,
}

/// One trainee on the company portal, for their company tutor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyTrainee {
    pub id: TraineeshipId,
    pub name: String,
    pub hours: String,
    pub mark: Option<String>,
    pub keys: Vec<String>,
    pub note_key: String,
    pub evaluations: Vec<EvaluationItem>,
    pub form: FormState,
    /// A note the server sent back (without JavaScript), with its problem.
    pub note_form: FormState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyTraineesView {
    pub me: StaffId,
    pub today: String,
    pub marks: Vec<Choice>,
    pub presets: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub scale: Vec<Choice>,
    pub recommendations: Vec<Choice>,
    pub trainees: Vec<CompanyTrainee>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseTraineeshipRow {
    pub id: TraineeshipId,
    pub company: String,
    pub position: String,
    pub dates: String,
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcernItem {
    pub note_id: i64,
    pub traineeship_id: TraineeshipId,
    pub applicant_id: ApplicantId,
    pub person: String,
    pub company: String,
    pub text: String,
    pub when: String,
    pub by: String,
}

#[server(prefix = "/api", endpoint = "load_tutor_today")]
pub async fn load_tutor_today() -> Result<TodayView, AppError> {
    server::load_tutor_today().await
}

#[server(prefix = "/api", endpoint = "load_tutor_traineeship")]
pub async fn load_tutor_traineeship(
    traineeship_id: TraineeshipId,
) -> Result<TutorTraineeshipView, AppError> {
    server::load_tutor_traineeship(traineeship_id).await
}

/// One tutor submission: `kind` is presence, note or objective; `key` its idempotency key.
/// A plain form (no JavaScript) goes back to `back`; the page's script sends `queued` and reads the
/// outcome instead.
#[server(prefix = "/api", endpoint = "tutor_submit")]
pub async fn tutor_submit(
    traineeship_id: TraineeshipId,
    kind: String,
    key: String,
    #[server(default)] f: BTreeMap<String, String>,
    #[server(default)] written_at: i64,
    #[server(default)] queued: bool,
    #[server(default)] back: String,
) -> Result<SubmitOutcome, AppError> {
    server::tutor_submit(traineeship_id, kind, key, f, written_at, queued, back).await
}

#[server(prefix = "/api", endpoint = "load_new_traineeship")]
pub async fn load_new_traineeship(proposal_id: ProposalId) -> Result<NewTraineeshipView, AppError> {
    server::load_new_traineeship(proposal_id).await
}

#[server(prefix = "/api", endpoint = "create_traineeship")]
pub async fn create_traineeship(
    proposal_id: ProposalId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::create_traineeship(proposal_id, f).await
}

#[server(prefix = "/api", endpoint = "load_traineeship")]
pub async fn load_traineeship(traineeship_id: TraineeshipId) -> Result<TraineeshipView, AppError> {
    server::load_traineeship(traineeship_id).await
}

#[server(prefix = "/api", endpoint = "end_traineeship")]
pub async fn end_traineeship(
    traineeship_id: TraineeshipId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::end_traineeship(traineeship_id, f).await
}

#[server(prefix = "/api", endpoint = "load_case_traineeships")]
pub async fn load_case_traineeships(
    applicant_id: ApplicantId,
) -> Result<Vec<CaseTraineeshipRow>, AppError> {
    server::load_case_traineeships(applicant_id).await
}

#[server(prefix = "/api", endpoint = "load_concerns")]
pub async fn load_concerns() -> Result<Vec<ConcernItem>, AppError> {
    server::load_concerns().await
}

#[server(prefix = "/api", endpoint = "concern_seen")]
pub async fn concern_seen(note_id: i64) -> Result<(), AppError> {
    server::concern_seen(note_id).await
}

#[server(prefix = "/api", endpoint = "load_company_trainees")]
pub async fn load_company_trainees() -> Result<CompanyTraineesView, AppError> {
    server::load_company_trainees().await
}

#[server(prefix = "/api", endpoint = "record_evaluation")]
pub async fn record_evaluation(
    traineeship_id: TraineeshipId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::record_evaluation(traineeship_id, f).await
}
