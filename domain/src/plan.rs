//! The personal plan a professional builds after the assessment: its components (motivation,
//! basic and specific training, a traineeship with a tutor, self-employment support), each with its
//! goal, dates, schedule, place, who is responsible, what is expected of the person and where it
//! stands. Plain data and rules; the versions and the person's agreement are stored.
use crate::i18n::Key;
use crate::questionnaire::parse_date;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A plan has at most this many components: more would not be a plan a person can follow.
pub const MAX_COMPONENTS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    MotivationIndividual,
    MotivationGroup,
    ItalianL2,
    DigitalSkills,
    WorkplaceSafety,
    SpecificTraining,
    Traineeship,
    SelfEmployment,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::MotivationIndividual,
        Kind::MotivationGroup,
        Kind::ItalianL2,
        Kind::DigitalSkills,
        Kind::WorkplaceSafety,
        Kind::SpecificTraining,
        Kind::Traineeship,
        Kind::SelfEmployment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::MotivationIndividual => "motivation_individual",
            Kind::MotivationGroup => "motivation_group",
            Kind::ItalianL2 => "italian_l2",
            Kind::DigitalSkills => "digital_skills",
            Kind::WorkplaceSafety => "workplace_safety",
            Kind::SpecificTraining => "specific_training",
            Kind::Traineeship => "traineeship",
            Kind::SelfEmployment => "self_employment",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Key {
        match self {
            Kind::MotivationIndividual => Key::plan_kind_motivation_individual,
            Kind::MotivationGroup => Key::plan_kind_motivation_group,
            Kind::ItalianL2 => Key::plan_kind_italian_l2,
            Kind::DigitalSkills => Key::plan_kind_digital_skills,
            Kind::WorkplaceSafety => Key::plan_kind_workplace_safety,
            Kind::SpecificTraining => Key::plan_kind_specific_training,
            Kind::Traineeship => Key::plan_kind_traineeship,
            Kind::SelfEmployment => Key::plan_kind_self_employment,
        }
    }

    /// The assessment's recommended path (`assessment::PATHS`) this component serves.
    pub fn path(self) -> &'static str {
        match self {
            Kind::MotivationIndividual | Kind::MotivationGroup => "motivation",
            Kind::ItalianL2 | Kind::DigitalSkills | Kind::WorkplaceSafety => "basic_training",
            Kind::SpecificTraining => "specific_training",
            Kind::Traineeship => "company_tutoring",
            Kind::SelfEmployment => "self_employment",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Planned,
    InProgress,
    Done,
    Dropped(DropReason),
}

/// Why a component was dropped: coded, for the programme's reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DropReason {
    FoundWork,
    Health,
    Family,
    LostContact,
    NotSuitable,
    Other,
}

impl DropReason {
    pub const ALL: [DropReason; 6] = [
        DropReason::FoundWork,
        DropReason::Health,
        DropReason::Family,
        DropReason::LostContact,
        DropReason::NotSuitable,
        DropReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DropReason::FoundWork => "found_work",
            DropReason::Health => "health",
            DropReason::Family => "family",
            DropReason::LostContact => "lost_contact",
            DropReason::NotSuitable => "not_suitable",
            DropReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<DropReason> {
        DropReason::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> Key {
        match self {
            DropReason::FoundWork => Key::plan_dropped_found_work,
            DropReason::Health => Key::plan_dropped_health,
            DropReason::Family => Key::plan_dropped_family,
            DropReason::LostContact => Key::plan_dropped_lost_contact,
            DropReason::NotSuitable => Key::plan_dropped_not_suitable,
            DropReason::Other => Key::plan_dropped_other,
        }
    }
}

impl Status {
    /// The codes a form posts: `planned`, `in_progress`, `done`, `dropped`.
    pub const CODES: [&'static str; 4] = ["planned", "in_progress", "done", "dropped"];

    pub fn code(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Dropped(_) => "dropped",
        }
    }

    pub fn label(self) -> Key {
        Status::label_of(self.code())
    }

    pub fn label_of(code: &str) -> Key {
        match code {
            "in_progress" => Key::plan_status_in_progress,
            "done" => Key::plan_status_done,
            "dropped" => Key::plan_status_dropped,
            _ => Key::plan_status_planned,
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, Status::Planned | Status::InProgress)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub kind: Kind,
    pub goal: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// When, in words: "martedì e giovedì 9–11".
    pub schedule: String,
    pub place: String,
    /// Who answers for it: a professional, a course provider, a tutor.
    pub responsible: String,
    /// What the person is asked to do, in plain words.
    pub expected: String,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Plan {
    pub components: Vec<Component>,
}

/// What is wrong with one field of the plan form (`c{row}_{field}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanProblem {
    Empty,
    TooMany,
    Required(usize, &'static str),
    TooLong(usize, &'static str),
    Date(usize, &'static str),
    EndsBeforeStart(usize),
    DropReason(usize),
}

impl PlanProblem {
    /// The form control the problem belongs to.
    pub fn field(self) -> String {
        match self {
            PlanProblem::Empty | PlanProblem::TooMany => "c0_kind".to_owned(),
            PlanProblem::Required(row, f)
            | PlanProblem::TooLong(row, f)
            | PlanProblem::Date(row, f) => format!("c{row}_{f}"),
            PlanProblem::EndsBeforeStart(row) => format!("c{row}_ends_on"),
            PlanProblem::DropReason(row) => format!("c{row}_dropped"),
        }
    }

    pub fn key(self) -> Key {
        match self {
            PlanProblem::Empty => Key::plan_err_empty,
            PlanProblem::TooMany => Key::plan_err_too_many,
            PlanProblem::Required(..) => Key::plan_err_goal,
            PlanProblem::TooLong(..) => Key::plan_err_too_long,
            PlanProblem::Date(..) => Key::plan_err_date,
            PlanProblem::EndsBeforeStart(_) => Key::plan_err_dates,
            PlanProblem::DropReason(_) => Key::plan_err_drop_reason,
        }
    }
}

/// The text fields of a component, with their limits.
pub const TEXTS: [(&str, usize); 5] = [
    ("goal", 300),
    ("schedule", 120),
    ("place", 200),
    ("responsible", 100),
    ("expected", 300),
];

impl Plan {
    /// Reads the plan form: rows `c0_…`, `c1_…` in order; a row without a kind is left out (that
    /// is how a component is removed, and the empty row for a new one stays unused).
    pub fn from_form(form: &BTreeMap<String, String>) -> Result<Plan, Vec<PlanProblem>> {
        let get = |row: usize, f: &str| {
            form.get(&format!("c{row}_{f}"))
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let mut problems = Vec::new();
        let mut components = Vec::new();
        for row in 0..=MAX_COMPONENTS {
            let Some(kind) = Kind::from_code(&get(row, "kind")) else {
                continue;
            };
            let mut texts: BTreeMap<&str, String> = BTreeMap::new();
            for (f, max) in TEXTS {
                let v = get(row, f);
                if v.chars().count() > max {
                    problems.push(PlanProblem::TooLong(row, f));
                }
                texts.insert(f, v);
            }
            if texts["goal"].is_empty() {
                problems.push(PlanProblem::Required(row, "goal"));
            }
            let date = |f: &'static str, problems: &mut Vec<PlanProblem>| {
                let v = get(row, f);
                if v.is_empty() {
                    return None;
                }
                let d = parse_date(&v);
                if d.is_none() {
                    problems.push(PlanProblem::Date(row, f));
                }
                d
            };
            let starts_on = date("starts_on", &mut problems);
            let ends_on = date("ends_on", &mut problems);
            if let (Some(s), Some(e)) = (starts_on, ends_on) {
                if e < s {
                    problems.push(PlanProblem::EndsBeforeStart(row));
                }
            }
            let status = match get(row, "status").as_str() {
                "in_progress" => Status::InProgress,
                "done" => Status::Done,
                "dropped" => match DropReason::from_code(&get(row, "dropped")) {
                    Some(r) => Status::Dropped(r),
                    None => {
                        problems.push(PlanProblem::DropReason(row));
                        Status::Planned
                    }
                },
                _ => Status::Planned,
            };
            components.push(Component {
                kind,
                goal: texts.remove("goal").unwrap_or_default(),
                starts_on,
                ends_on,
                schedule: texts.remove("schedule").unwrap_or_default(),
                place: texts.remove("place").unwrap_or_default(),
                responsible: texts.remove("responsible").unwrap_or_default(),
                expected: texts.remove("expected").unwrap_or_default(),
                status,
            });
        }
        if components.is_empty() {
            problems.push(PlanProblem::Empty);
        }
        if components.len() > MAX_COMPONENTS {
            problems.push(PlanProblem::TooMany);
        }
        if problems.is_empty() {
            Ok(Plan { components })
        } else {
            Err(problems)
        }
    }

    /// The form's values for this plan, as `from_form` reads them back.
    pub fn to_form(&self) -> BTreeMap<String, String> {
        let mut form = BTreeMap::new();
        for (row, c) in self.components.iter().enumerate() {
            let mut put = |f: &str, v: String| {
                if !v.is_empty() {
                    form.insert(format!("c{row}_{f}"), v);
                }
            };
            put("kind", c.kind.code().to_owned());
            put("goal", c.goal.clone());
            put(
                "starts_on",
                c.starts_on.map(|d| d.to_string()).unwrap_or_default(),
            );
            put(
                "ends_on",
                c.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            );
            put("schedule", c.schedule.clone());
            put("place", c.place.clone());
            put("responsible", c.responsible.clone());
            put("expected", c.expected.clone());
            put("status", c.status.code().to_owned());
            if let Status::Dropped(r) = c.status {
                put("dropped", r.code().to_owned());
            }
        }
        form
    }

    /// A first draft from the assessment's recommended paths: one component for each, for the
    /// professional to complete.
    pub fn suggested(paths: &[String]) -> Plan {
        let kinds = paths.iter().filter_map(|p| match p.as_str() {
            "motivation" => Some(Kind::MotivationIndividual),
            "basic_training" => Some(Kind::ItalianL2),
            "specific_training" => Some(Kind::SpecificTraining),
            "company_tutoring" => Some(Kind::Traineeship),
            "self_employment" => Some(Kind::SelfEmployment),
            _ => None,
        });
        Plan {
            components: kinds
                .map(|kind| Component {
                    kind,
                    goal: String::new(),
                    starts_on: None,
                    ends_on: None,
                    schedule: String::new(),
                    place: String::new(),
                    responsible: String::new(),
                    expected: String::new(),
                    status: Status::Planned,
                })
                .collect(),
        }
    }

    /// What the person does next: a component under way first, then the next one to start (by
    /// date, undated last); nothing once every component is done or dropped.
    pub fn next(&self) -> Option<&Component> {
        let open = || self.components.iter().filter(|c| c.status.is_open());
        open()
            .find(|c| c.status == Status::InProgress)
            .or_else(|| open().min_by_key(|c| (c.starts_on.is_none(), c.starts_on)))
    }

    /// Every component done or dropped: the path itself is over.
    pub fn finished(&self) -> bool {
        !self.components.is_empty() && self.components.iter().all(|c| !c.status.is_open())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn italian_course() -> Vec<(&'static str, &'static str)> {
        vec![
            ("c0_kind", "italian_l2"),
            ("c0_goal", "Parlare al lavoro (A2)"),
            ("c0_starts_on", "2027-01-12"),
            ("c0_ends_on", "2027-03-30"),
            ("c0_schedule", "martedì e giovedì 9–11"),
            ("c0_place", "Via Libia 59, Bologna"),
            ("c0_responsible", "CPIA Metropolitano"),
            ("c0_expected", "Venire alle lezioni; avvisare se non puoi"),
            ("c0_status", "planned"),
        ]
    }

    #[test]
    fn a_plan_reads_back_from_its_own_form() {
        let mut pairs = italian_course();
        pairs.extend([
            ("c1_kind", "traineeship"),
            ("c1_goal", "Tirocinio in magazzino"),
            ("c1_status", "dropped"),
            ("c1_dropped", "health"),
            // The empty row for a new component is left out.
            ("c2_kind", ""),
            ("c2_goal", ""),
        ]);
        let plan = Plan::from_form(&form(&pairs)).unwrap();
        assert_eq!(plan.components.len(), 2);
        assert_eq!(
            plan.components[1].status,
            Status::Dropped(DropReason::Health)
        );
        assert_eq!(Plan::from_form(&plan.to_form()).unwrap(), plan);
    }

    #[test]
    fn problems_name_their_row_and_field() {
        let mut pairs = italian_course();
        pairs.retain(|(k, _)| *k != "c0_goal");
        pairs.push(("c0_ends_on", "2026-12-01"));
        let long = "x".repeat(301);
        pairs.extend([("c1_kind", "motivation_group"), ("c1_goal", long.as_str())]);
        pairs.extend([
            ("c2_kind", "digital_skills"),
            ("c2_goal", "Usare l'email"),
            ("c2_status", "dropped"),
        ]);
        let problems = Plan::from_form(&form(&pairs)).unwrap_err();
        let fields: Vec<String> = problems.iter().map(|p| p.field()).collect();
        assert_eq!(fields, ["c0_goal", "c0_ends_on", "c1_goal", "c2_dropped"]);
        assert_eq!(problems[1], PlanProblem::EndsBeforeStart(0));
        assert_eq!(
            Plan::from_form(&form(&[("c0_kind", "")])).unwrap_err(),
            vec![PlanProblem::Empty]
        );
        assert_eq!(
            Plan::from_form(&form(&[
                ("c0_kind", "italian_l2"),
                ("c0_goal", "A2"),
                ("c0_starts_on", "31/02/2027")
            ]))
            .unwrap_err(),
            vec![PlanProblem::Date(0, "starts_on")]
        );
    }

    #[test]
    fn the_next_step_is_what_is_under_way_then_the_earliest_to_start() {
        let mut plan = Plan::from_form(&form(&italian_course())).unwrap();
        let mut later = plan.components[0].clone();
        later.kind = Kind::WorkplaceSafety;
        later.starts_on = NaiveDate::from_ymd_opt(2027, 2, 1);
        let mut undated = later.clone();
        undated.kind = Kind::SelfEmployment;
        undated.starts_on = None;
        plan.components = vec![undated, later, plan.components[0].clone()];
        assert_eq!(plan.next().map(|c| c.kind), Some(Kind::ItalianL2));
        plan.components[1].status = Status::InProgress;
        assert_eq!(plan.next().map(|c| c.kind), Some(Kind::WorkplaceSafety));
        for c in &mut plan.components {
            c.status = Status::Done;
        }
        assert_eq!(plan.next(), None);
        assert!(plan.finished());
    }

    #[test]
    fn the_assessment_suggests_one_component_per_recommended_path() {
        let plan = Plan::suggested(&["basic_training".into(), "company_tutoring".into()]);
        let kinds: Vec<_> = plan
            .components
            .iter()
            .map(|c| (c.kind, c.kind.path()))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::ItalianL2, "basic_training"),
                (Kind::Traineeship, "company_tutoring")
            ]
        );
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(k));
            assert!(crate::assessment::PATHS.iter().any(|p| p.value == k.path()));
        }
    }
}
