//! The company board: partner companies and their agreements, positions, the candidates matched
//! and proposed to them, and the placements that follow. Staff pages live in `pages`, the
//! company portal in `portal`.
#[cfg(feature = "ssr")]
pub mod agreements;
pub mod pages;
pub mod portal;
#[cfg(feature = "ssr")]
pub(crate) mod server;
/// The rankings, for the matching benchmark.
#[cfg(feature = "ssr")]
pub use server::ranking::{rank_candidates, rank_positions};

use crate::domain::board::Stage;
use crate::domain::ids::{ApplicantId, CompanyId, PositionId, ProposalId, StaffId};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::ui::forms::{Choice, FormState};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountsView {
    pub involved: i64,
    pub in_force: i64,
    pub expiring: i64,
    pub proposed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedView {
    pub company_id: CompanyId,
    pub company: String,
    pub next_step: String,
    pub due: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalView {
    pub id: ProposalId,
    pub position_id: PositionId,
    pub position: String,
    pub company: String,
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub name: String,
    pub stage: Stage,
    pub stage_label: String,
    pub reason: Option<String>,
    pub score: i64,
    pub since: String,
    pub stalled: bool,
    /// The moves possible from here, as (stage code, label).
    pub moves: Vec<(String, String)>,
    /// The moves made so far: when, who, to which stage.
    pub history: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionSummary {
    pub id: PositionId,
    pub title: String,
    pub company_id: CompanyId,
    pub company: String,
    pub comune: String,
    pub closes_on: String,
    pub open: bool,
    pub openings: u8,
    pub by_stage: Vec<(String, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardView {
    pub counts: CountsView,
    pub stalled: Vec<ProposalView>,
    pub planned: Vec<PlannedView>,
    pub positions: Vec<PositionSummary>,
    pub reminder_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRowView {
    pub id: CompanyId,
    pub name: String,
    pub vat: String,
    pub agreement: String,
    pub agreement_code: String,
    pub open_positions: i64,
    pub next_due: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompaniesView {
    pub counts: CountsView,
    pub rows: Vec<CompanyRowView>,
    pub page: i64,
    pub has_next: bool,
    pub comuni: Vec<Choice>,
    pub form: FormState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    pub code: String,
    pub label: String,
    pub proposed_on: Option<String>,
    pub signed_on: Option<String>,
    pub signatory: Option<String>,
    pub expires_on: Option<String>,
    pub ended_on: Option<String>,
    pub document_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteView {
    pub id: i64,
    pub comune: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub id: StaffId,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogView {
    pub kind: String,
    pub on: String,
    pub by: String,
    pub summary: String,
    pub next_step: String,
    pub next_due: Option<String>,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: i64,
    pub uploaded: String,
    pub kilobytes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyView {
    pub id: CompanyId,
    pub name: String,
    pub vat: String,
    pub ateco: String,
    pub size: String,
    pub size_code: String,
    pub agreement: AgreementView,
    pub sites: Vec<SiteView>,
    pub contacts: Vec<ContactView>,
    pub log: Vec<LogView>,
    pub documents: Vec<DocumentView>,
    pub positions: Vec<PositionSummary>,
    pub comuni: Vec<Choice>,
    /// Forms refused last time, by name: details, site, contact, log, agreement, position.
    pub forms: BTreeMap<String, FormState>,
    pub today: String,
}

/// One line of a match's explanation, already in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhyView {
    pub good: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateMatchView {
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub name: String,
    pub comune: String,
    pub score: u8,
    pub why: Vec<WhyView>,
    pub proposed: bool,
    /// The person agreed to let companies see their profile; until then they cannot be sent.
    pub shared: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionView {
    pub id: PositionId,
    pub title: String,
    pub company_id: CompanyId,
    pub company: String,
    pub site: String,
    pub open: bool,
    pub accepts: bool,
    pub facts: Vec<(String, String)>,
    pub description: String,
    pub columns: Vec<(String, String, Vec<ProposalView>)>,
    pub matches: Vec<CandidateMatchView>,
    /// Candidates left out by a hard requirement, counted by requirement.
    pub excluded: Vec<(String, i64)>,
    pub considered: i64,
    pub reasons: Vec<Choice>,
    pub contracts: Vec<Choice>,
    pub hire_form: FormState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionMatchView {
    pub position_id: PositionId,
    pub title: String,
    pub company: String,
    pub comune: String,
    pub score: u8,
    pub why: Vec<WhyView>,
    pub proposed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpView {
    pub id: i64,
    pub applicant_id: ApplicantId,
    pub reference: String,
    pub name: String,
    pub months: i64,
    pub due: String,
    pub done: bool,
    pub overdue: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementView {
    pub company: String,
    pub position: String,
    pub contract: String,
    pub start: String,
    pub weekly_hours: u8,
    pub follow_ups: Vec<FollowUpView>,
}

/// The company-board part of an applicant's case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseBoardView {
    pub matchable: bool,
    pub share: String,
    pub may_propose: bool,
    pub positions: Vec<PositionMatchView>,
    pub proposals: Vec<ProposalView>,
    pub placements: Vec<PlacementView>,
}

#[server(prefix = "/api", endpoint = "load_board")]
pub async fn load_board() -> Result<BoardView, AppError> {
    server::board::load_board().await
}

#[server(prefix = "/api", endpoint = "load_companies")]
pub async fn load_companies(
    #[server(default)] q: String,
    #[server(default)] page: String,
) -> Result<CompaniesView, AppError> {
    server::registry::load_companies(q, page).await
}

#[server(prefix = "/api", endpoint = "create_company")]
pub async fn create_company(
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::registry::create_company(f).await
}

#[server(prefix = "/api", endpoint = "load_company")]
pub async fn load_company(id: CompanyId) -> Result<CompanyView, AppError> {
    server::registry::load_company(id).await
}

#[server(prefix = "/api", endpoint = "update_company")]
pub async fn update_company(
    id: CompanyId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::registry::update_company(id, f).await
}

#[server(prefix = "/api", endpoint = "add_company_site")]
pub async fn add_company_site(
    id: CompanyId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::registry::add_company_site(id, f).await
}

#[server(prefix = "/api", endpoint = "add_company_contact")]
pub async fn add_company_contact(
    id: CompanyId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::registry::add_company_contact(id, f).await
}

/// Sends a contact person a one-time link to the company portal.
#[server(prefix = "/api", endpoint = "send_company_link")]
pub async fn send_company_link(id: CompanyId, contact: StaffId) -> Result<(), AppError> {
    server::registry::send_company_link(id, contact).await
}

#[server(prefix = "/api", endpoint = "log_company_contact")]
pub async fn log_company_contact(
    id: CompanyId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::registry::log_company_contact(id, f).await
}

/// `step` is `propose` or `end`; signing and renewing go through the upload form.
#[server(prefix = "/api", endpoint = "change_agreement")]
pub async fn change_agreement(
    id: CompanyId,
    #[server(default)] step: String,
) -> Result<(), AppError> {
    server::registry::change_agreement(id, step).await
}

#[server(prefix = "/api", endpoint = "create_position")]
pub async fn create_position(
    id: CompanyId,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::positions::create_position(id, f).await
}

#[server(prefix = "/api", endpoint = "close_position")]
pub async fn close_position(id: PositionId) -> Result<(), AppError> {
    server::positions::close_position(id).await
}

#[server(prefix = "/api", endpoint = "load_position")]
pub async fn load_position(id: PositionId) -> Result<PositionView, AppError> {
    server::positions::load_position(id).await
}

/// `back` is `position` or `case`: the page the form was on.
#[server(prefix = "/api", endpoint = "propose_candidate")]
pub async fn propose_candidate(
    position: PositionId,
    applicant: ApplicantId,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    server::proposals::propose_candidate(position, applicant, back).await
}

/// Moves a proposal; `from` is the stage the person saw, so that a move made meanwhile by
/// someone else is not overwritten.
#[server(prefix = "/api", endpoint = "move_candidate")]
pub async fn move_candidate(
    proposal: ProposalId,
    from: String,
    to: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    server::proposals::move_candidate(proposal, from, to, reason).await
}

#[server(prefix = "/api", endpoint = "record_hire")]
pub async fn record_hire(
    proposal: ProposalId,
    from: String,
    #[server(default)] f: BTreeMap<String, String>,
) -> Result<(), AppError> {
    server::proposals::record_hire(proposal, from, f).await
}

#[server(prefix = "/api", endpoint = "load_case_board")]
pub async fn load_case_board(applicant_id: ApplicantId) -> Result<CaseBoardView, AppError> {
    server::proposals::load_case_board(applicant_id).await
}

#[server(prefix = "/api", endpoint = "load_follow_ups")]
pub async fn load_follow_ups() -> Result<Vec<FollowUpView>, AppError> {
    server::follow_ups::load_follow_ups().await
}

#[server(prefix = "/api", endpoint = "complete_follow_up")]
pub async fn complete_follow_up(
    id: i64,
    #[server(default)] note: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    server::follow_ups::complete_follow_up(id, note, back).await
}
