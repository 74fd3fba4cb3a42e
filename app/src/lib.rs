#![forbid(unsafe_code)]
//! Insieme: the applicant's path from a phone to the secretariat's queue and on to work.
//!
//! Layers, each importing only those below it (`layers.rs` checks it): the `domain` crate (rules
//! and texts) → the `storage` crate → shared web plumbing (`error`, `config`, `ui`, `web`) → the
//! features (`intake`, `status`, `interviews`, `plans`, `secretariat`, `company_board`, `dashboard`,
//! `audit`, `staff`, `dev_mail`) → the top (`router`, `background`, `demo`).
pub use domain;
pub use domain::i18n;
#[cfg(feature = "ssr")]
pub use storage;

#[cfg(feature = "ssr")]
pub mod config;
pub mod error;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod web;

pub mod audit;
pub mod company_board;
pub mod dashboard;
pub mod dev_mail;
pub mod group_sessions;
pub mod intake;
pub mod interviews;
pub mod plans;
pub mod secretariat;
pub mod staff;
pub mod status;
pub mod traineeships;
pub mod training;
pub mod ventures;

#[cfg(feature = "ssr")]
pub mod background;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod router;

#[cfg(test)]
mod layers;

#[cfg(feature = "ssr")]
pub use router::shell;
pub use router::App;
