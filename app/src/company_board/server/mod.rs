//! The server half of the company board, staff side (the portal's is in `portal`), by seam.
use super::{
    AddCompanyContact, AddCompanySite, AgreementView, BoardView, CandidateMatchView, CaseBoardView,
    ChangeAgreement, ClosePosition, CompaniesView, CompanyRowView, CompanyView, CompleteFollowUp,
    ContactView, CountsView, CreateCompany, CreatePosition, DocumentView, FollowUpView, LoadBoard,
    LoadCaseBoard, LoadCompanies, LoadCompany, LoadFollowUps, LoadPosition, LogCompanyContact,
    LogView, MoveCandidate, PlacementView, PlannedView, PositionMatchView, PositionSummary,
    PositionView, ProposalView, ProposeCandidate, RecordHire, SendCompanyLink, SiteView,
    UpdateCompany, WhyView,
};
use crate::domain::board::Stage;
use crate::domain::board::{
    is_stalled, Contract, Mover, NotSelectedReason, Placement, PlacementProblem,
};
use crate::domain::catalogue::{SECTORS, SKILLS};
use crate::domain::company::{
    AgreementStatus, CompanyDetails, ContactKind, ContactPerson, LogEntry, Problem, Site, Size,
};
use crate::domain::deadline::from_unix;
use crate::domain::matching::{self, score, top, values_of, Candidate, Exclusion, Match, Reason};
use crate::domain::position::PositionDetails;
use crate::domain::questionnaire::{Opt, SHIFTS};
use crate::domain::staff::Role;
use crate::error::AppError;
use crate::i18n::format_date;
use crate::i18n::{Key, Lang};
use crate::storage::{
    BoardError, Company, CompanyError, NewMessage, PositionRecord, ProposalRow, StoreError,
};
use crate::ui::forms::clear_form;
use crate::ui::forms::comune_choices;
use crate::ui::forms::form_state;
use crate::ui::forms::keep_form;
use crate::ui::forms::saved_forms;
use crate::ui::forms::Choice;
use crate::web::access::require;
use crate::web::places::comune_name;
use crate::web::time::{date_text, now, today};
use crate::web::{state, tokens, AppState};
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub(crate) mod board;
pub(crate) mod follow_ups;
pub(crate) mod labels;
pub(crate) mod positions;
pub(crate) mod proposals;
pub(crate) mod ranking;
pub(crate) mod registry;

pub use board::*;
pub use follow_ups::*;
pub use labels::*;
pub use positions::*;
pub use ranking::*;
pub use registry::*;

pub const COMPANIES_PAGE: i64 = 30;

/// How many candidates (or positions) a ranking shows.
pub const RANKED: usize = 30;

/// A company's sign-in link is valid this long.
pub const LINK_MINUTES: i64 = 30;

/// A company's sites as pages show them (staff registry and company portal).
pub(crate) fn site_views(state: &AppState, sites: &[crate::storage::SiteRow]) -> Vec<SiteView> {
    sites
        .iter()
        .map(|s| SiteView {
            id: s.id,
            comune: comune_name(state, &s.comune),
            address: s.address.clone(),
        })
        .collect()
}
