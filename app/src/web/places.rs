//! The territory's comuni as pages show them.
use super::AppState;

pub fn comune_name(state: &AppState, istat: &str) -> String {
    state
        .territory
        .by_istat(istat)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| istat.to_owned())
}
