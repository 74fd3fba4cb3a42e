//! Helpers for the domain's own tests.
use std::collections::BTreeMap;

/// A posted form from its name and value pairs.
pub fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
