//! The programme's rules as plain Rust: no I/O, no framework, shared by the server and both
//! browser clients. The bottom layer: it imports nothing of the application.
#![forbid(unsafe_code)]
pub mod application;
pub mod assessment;
pub mod availability;
pub mod board;
pub mod case;
pub mod catalogue;
pub mod codice_fiscale;
pub mod company;
pub mod contact;
pub mod deadline;
pub mod eligibility;
pub mod group_session;
pub mod holidays;
pub mod i18n;
pub mod ids;
pub mod matching;
pub mod plan;
pub mod position;
pub mod questionnaire;
pub mod self_employment;
pub mod sla;
pub mod staff;
pub mod territory;
#[cfg(test)]
mod test_support;
pub mod traineeship;
pub mod training;
pub mod vat;
