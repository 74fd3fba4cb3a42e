//! The professional's structured assessment after the interview: what the person can do, what
//! stands in the way, how motivated they are, their Italian, and the path recommended.
use super::catalogue::SKILLS;
use super::questionnaire::{Opt, ITALIAN};
use crate::i18n::Key;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const BARRIERS: &[Opt] = &[
    Opt::new("language", Key::barrier_language),
    Opt::new("digital", Key::barrier_digital),
    Opt::new("transport", Key::barrier_transport),
    Opt::new("caring", Key::barrier_caring),
    Opt::new("health", Key::barrier_health),
    Opt::new("housing", Key::barrier_housing),
    Opt::new("documents", Key::barrier_documents),
];

pub const PATHS: &[Opt] = &[
    Opt::new("motivation", Key::path_motivation),
    Opt::new("basic_training", Key::path_basic_training),
    Opt::new("specific_training", Key::path_specific_training),
    Opt::new("company_tutoring", Key::path_company_tutoring),
    Opt::new("self_employment", Key::path_self_employment),
];

pub const NOTE_MAX_CHARS: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Assessment {
    pub skills: Vec<String>,
    pub barriers: Vec<String>,
    /// 1 (low) to 5 (high).
    pub motivation: u8,
    pub italian: String,
    pub paths: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssessmentProblem {
    Motivation,
    Italian,
    Paths,
    Note,
}

impl AssessmentProblem {
    pub fn field(self) -> &'static str {
        match self {
            AssessmentProblem::Motivation => "motivation",
            AssessmentProblem::Italian => "italian",
            AssessmentProblem::Paths => "paths",
            AssessmentProblem::Note => "note",
        }
    }
}

fn ticked(form: &BTreeMap<String, String>, prefix: &str, opts: &[Opt]) -> Vec<String> {
    opts.iter()
        .filter(|o| {
            form.get(&format!("{prefix}__{}", o.value))
                .is_some_and(|v| v == "on")
        })
        .map(|o| o.value.to_owned())
        .collect()
}

impl Assessment {
    /// Reads a posted form (check boxes as `name__value = on`); unknown values are dropped.
    pub fn from_form(form: &BTreeMap<String, String>) -> Assessment {
        let get = |k: &str| form.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        Assessment {
            skills: ticked(form, "skills", SKILLS),
            barriers: ticked(form, "barriers", BARRIERS),
            motivation: get("motivation").parse().unwrap_or(0),
            italian: get("italian"),
            paths: ticked(form, "paths", PATHS),
            note: get("note"),
        }
    }

    pub fn problems(&self) -> Vec<AssessmentProblem> {
        let mut out = Vec::new();
        if !(1..=5).contains(&self.motivation) {
            out.push(AssessmentProblem::Motivation);
        }
        if !ITALIAN.iter().any(|o| o.value == self.italian) {
            out.push(AssessmentProblem::Italian);
        }
        if self.paths.is_empty() {
            out.push(AssessmentProblem::Paths);
        }
        if self.note.chars().count() > NOTE_MAX_CHARS {
            out.push(AssessmentProblem::Note);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::form;

    #[test]
    fn a_complete_assessment_passes_and_unknown_values_are_dropped() {
        let a = Assessment::from_form(&form(&[
            ("skills__warehouse", "on"),
            ("skills__<script>", "on"),
            ("barriers__transport", "on"),
            ("motivation", "4"),
            ("italian", "A2"),
            ("paths__basic_training", "on"),
            ("paths__company_tutoring", "on"),
            ("note", "  Ha guidato muletti in Marocco.  "),
        ]));
        assert_eq!(a.skills, ["warehouse"]);
        assert_eq!(a.paths, ["basic_training", "company_tutoring"]);
        assert_eq!(a.note, "Ha guidato muletti in Marocco.");
        assert!(a.problems().is_empty());
    }

    #[test]
    fn missing_answers_are_named() {
        let a = Assessment::from_form(&form(&[
            ("motivation", "9"),
            ("italian", "Z9"),
            ("note", &"x".repeat(2001)),
        ]));
        assert_eq!(
            a.problems(),
            [
                AssessmentProblem::Motivation,
                AssessmentProblem::Italian,
                AssessmentProblem::Paths,
                AssessmentProblem::Note
            ]
        );
    }
}
