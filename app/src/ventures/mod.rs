//! Self-employment paths and social-innovation projects: started from a person's case, followed
//! on a board by stage (with the programme's figures: analysed, financed, started), and moved on
//! one step at a time on the project's page, each step with what it records (the analysis, the
//! mentor, the business plan, the financing, the start of the business, twelve months of
//! activity), or dropped with a coded reason. The team is made of applicants.
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod server;

use crate::domain::ids::{ApplicantId, VentureId};
use crate::error::AppError;
use crate::ui::forms::{Choice, FormState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A project on the board or the case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VentureCard {
    pub id: VentureId,
    pub title: String,
    pub lead: String,
    pub stage: String,
    pub social_innovation: bool,
    /// "2 persone".
    pub team: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageColumn {
    pub code: String,
    pub label: String,
    pub count: i64,
    pub cards: Vec<VentureCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VentureBoard {
    pub columns: Vec<StageColumn>,
    /// The programme's figures, one line each.
    pub totals: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub applicant_id: ApplicantId,
    pub name: String,
    pub reference: String,
    pub lead: bool,
    pub on_case: bool,
}

/// What the project recorded so far, as label and value.
pub type Facts = Vec<(String, String)>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VentureView {
    pub id: VentureId,
    pub title: String,
    pub description: String,
    pub social_innovation: bool,
    pub stage: String,
    /// The path's stages: (label, reached, current).
    pub path: Vec<(String, bool, bool)>,
    pub facts: Facts,
    pub members: Vec<MemberRow>,
    /// The next step's code, when the project can move on.
    pub next: Option<String>,
    pub next_label: String,
    pub form: FormState,
    pub sources: Vec<Choice>,
    pub legal_forms: Vec<Choice>,
    pub reasons: Vec<Choice>,
    /// Where the twelve months end, when the project waits for them.
    pub active_from: Option<String>,
    pub may_drop: bool,
    pub history: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseVenturesView {
    pub applicant_id: ApplicantId,
    pub rows: Vec<VentureCard>,
    pub form: FormState,
    pub may_start: bool,
}

#[server(prefix = "/api", endpoint = "load_ventures")]
pub async fn load_ventures() -> Result<VentureBoard, AppError> {
    server::load_ventures().await
}

#[server(prefix = "/api", endpoint = "load_venture")]
pub async fn load_venture(venture_id: VentureId) -> Result<VentureView, AppError> {
    server::load_venture(venture_id).await
}

#[server(prefix = "/api", endpoint = "create_venture")]
pub async fn create_venture(
    applicant_id: ApplicantId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::create_venture(applicant_id, f).await
}

#[server(prefix = "/api", endpoint = "advance_venture")]
pub async fn advance_venture(
    venture_id: VentureId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::advance_venture(venture_id, f).await
}

#[server(prefix = "/api", endpoint = "add_venture_member")]
pub async fn add_venture_member(
    venture_id: VentureId,
    #[server(default)] reference: String,
) -> Result<(), AppError> {
    server::add_venture_member(venture_id, reference).await
}

#[server(prefix = "/api", endpoint = "remove_venture_member")]
pub async fn remove_venture_member(
    venture_id: VentureId,
    applicant_id: ApplicantId,
) -> Result<(), AppError> {
    server::remove_venture_member(venture_id, applicant_id).await
}

#[server(prefix = "/api", endpoint = "load_case_ventures")]
pub async fn load_case_ventures(
    applicant_id: ApplicantId,
) -> Result<Option<CaseVenturesView>, AppError> {
    server::load_case_ventures(applicant_id).await
}
