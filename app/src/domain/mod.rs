//! The programme's rules as plain Rust: no I/O, shared by the browser and the server.
pub mod assessment;
pub mod availability;
pub mod case;
pub mod catalogue;
pub mod codice_fiscale;
pub mod contact;
pub mod deadline;
pub mod eligibility;
pub mod questionnaire;
pub mod sla;
pub mod staff;
pub mod territory;
