//! The personal plan after the assessment. The professional builds it from the recommended paths
//! and keeps it up to date (every save is a version); the applicant reads it on their status page
//! in plain words, with what comes next, and says they agree. The path can be suspended and
//! resumed, through the case's state machine.
pub mod pages;
#[cfg(feature = "ssr")]
mod server;

use crate::domain::ids::ApplicantId;
use crate::error::AppError;
use crate::ui::forms::{Choice, FormState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One component as people read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentView {
    pub kind: String,
    pub goal: String,
    /// "dal 12 gennaio 2027 al 30 marzo 2027", or empty.
    pub when: String,
    pub schedule: String,
    pub place: String,
    pub responsible: String,
    pub expected: String,
    pub status: String,
    /// `planned`, `in_progress`, `done` or `dropped`.
    pub status_code: String,
}

/// The plan section of the case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub applicant_id: ApplicantId,
    /// The version shown (0: no plan saved yet; the form holds the assessment's suggestion).
    pub version: i64,
    /// "Versione 3, salvata da … il …".
    pub saved: Option<String>,
    /// When the person agreed with this version, in words; `None` if not (yet).
    pub agreed: Option<String>,
    pub components: Vec<ComponentView>,
    /// Whether the caller may change the plan now (a professional on the case, case in path).
    pub may_edit: bool,
    pub may_suspend: bool,
    pub may_resume: bool,
    pub suspended: bool,
    /// The form: the plan as it stands, or what was refused with its problems.
    pub form: FormState,
    /// Rows the form shows: the components and one empty row to add another.
    pub rows: usize,
    pub kinds: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub drop_reasons: Vec<Choice>,
    /// Earlier versions, newest first, in words.
    pub history: Vec<String>,
}

/// The plan on the applicant's status page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPlanView {
    pub version: i64,
    pub next: Option<ComponentView>,
    pub components: Vec<ComponentView>,
    /// When they agreed with this version, in words.
    pub agreed: Option<String>,
    pub suspended: bool,
}

#[server(prefix = "/api", endpoint = "load_plan")]
pub async fn load_plan(applicant_id: ApplicantId) -> Result<Option<PlanView>, AppError> {
    server::load_plan(applicant_id).await
}

#[server(prefix = "/api", endpoint = "save_plan")]
pub async fn save_plan(
    applicant_id: ApplicantId,
    #[server(default)] edited: i64,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::save_plan(applicant_id, edited, f).await
}

#[server(prefix = "/api", endpoint = "suspend_path")]
pub async fn suspend_path(applicant_id: ApplicantId) -> Result<(), AppError> {
    server::change_path(applicant_id, crate::domain::case::CaseEvent::PathSuspended).await
}

#[server(prefix = "/api", endpoint = "resume_path")]
pub async fn resume_path(applicant_id: ApplicantId) -> Result<(), AppError> {
    server::change_path(applicant_id, crate::domain::case::CaseEvent::PathResumed).await
}

#[server(prefix = "/api", endpoint = "load_my_plan")]
pub async fn load_my_plan() -> Result<Option<MyPlanView>, AppError> {
    server::load_my_plan().await
}

#[server(prefix = "/api", endpoint = "agree_to_plan")]
pub async fn agree_to_plan(#[server(default)] version: i64) -> Result<(), AppError> {
    server::agree_to_plan(version).await
}
