//! Self-employment paths and social-innovation projects: an idea is analysed (market, skills,
//! costs, permits, a score), mentored, written up as a business plan, financed, started as a
//! business, and checked once it has been active for twelve months. A project can be dropped at
//! any stage before that, with a coded reason. One or more applicants form its team.
use crate::i18n::Key;
use crate::questionnaire::parse_date;
use crate::traineeship::parse_euros;
use crate::vat::PartitaIva;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    Idea,
    Analysed,
    Mentoring,
    BusinessPlan,
    Financed,
    Started,
    /// Still active twelve months after it started.
    Active12Months,
    Dropped,
}

impl Stage {
    /// The stages a project goes through, in order (dropped is beside them).
    pub const PATH: [Stage; 7] = [
        Stage::Idea,
        Stage::Analysed,
        Stage::Mentoring,
        Stage::BusinessPlan,
        Stage::Financed,
        Stage::Started,
        Stage::Active12Months,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Idea => "idea",
            Stage::Analysed => "analysed",
            Stage::Mentoring => "mentoring",
            Stage::BusinessPlan => "business_plan",
            Stage::Financed => "financed",
            Stage::Started => "started",
            Stage::Active12Months => "active_12_months",
            Stage::Dropped => "dropped",
        }
    }

    pub fn from_code(code: &str) -> Option<Stage> {
        Stage::PATH
            .into_iter()
            .chain([Stage::Dropped])
            .find(|s| s.code() == code)
    }

    pub fn label(self) -> Key {
        match self {
            Stage::Idea => Key::venture_stage_idea,
            Stage::Analysed => Key::venture_stage_analysed,
            Stage::Mentoring => Key::venture_stage_mentoring,
            Stage::BusinessPlan => Key::venture_stage_business_plan,
            Stage::Financed => Key::venture_stage_financed,
            Stage::Started => Key::venture_stage_started,
            Stage::Active12Months => Key::venture_stage_active,
            Stage::Dropped => Key::venture_stage_dropped,
        }
    }

    /// The stage after this one, if the project can move on.
    pub fn next(self) -> Option<Stage> {
        let at = Stage::PATH.iter().position(|s| *s == self)?;
        Stage::PATH.get(at + 1).copied()
    }

    /// Whether a project at this stage has reached `other` (counts of "analysed" include every
    /// project analysed, whatever happened after).
    pub fn reached(self, other: Stage) -> bool {
        self != Stage::Dropped && self >= other
    }

    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Active12Months | Stage::Dropped)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FundingSource {
    /// The European Social Fund (the programme's own fund).
    Esf,
    Microcredit,
    Foundation,
    Other,
}

impl FundingSource {
    pub const ALL: [FundingSource; 4] = [
        FundingSource::Esf,
        FundingSource::Microcredit,
        FundingSource::Foundation,
        FundingSource::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FundingSource::Esf => "esf",
            FundingSource::Microcredit => "microcredit",
            FundingSource::Foundation => "foundation",
            FundingSource::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<FundingSource> {
        FundingSource::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Key {
        match self {
            FundingSource::Esf => Key::venture_source_esf,
            FundingSource::Microcredit => Key::venture_source_microcredit,
            FundingSource::Foundation => Key::venture_source_foundation,
            FundingSource::Other => Key::venture_source_other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DropReason {
    /// The analysis or the mentoring found it would not stand.
    NotViable,
    NoFunding,
    /// The person found a job, or left the programme.
    PersonLeft,
    Other,
}

impl DropReason {
    pub const ALL: [DropReason; 4] = [
        DropReason::NotViable,
        DropReason::NoFunding,
        DropReason::PersonLeft,
        DropReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DropReason::NotViable => "not_viable",
            DropReason::NoFunding => "no_funding",
            DropReason::PersonLeft => "person_left",
            DropReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<DropReason> {
        DropReason::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Key {
        match self {
            DropReason::NotViable => Key::venture_drop_not_viable,
            DropReason::NoFunding => Key::venture_drop_no_funding,
            DropReason::PersonLeft => Key::venture_drop_person_left,
            DropReason::Other => Key::venture_drop_other,
        }
    }
}

/// The legal forms a new business takes, as the chamber of commerce lists them.
pub const LEGAL_FORMS: [(&str, Key); 5] = [
    ("sole_trader", Key::venture_form_sole_trader),
    ("partnership", Key::venture_form_partnership),
    ("srl", Key::venture_form_srl),
    ("cooperative", Key::venture_form_cooperative),
    ("social_enterprise", Key::venture_form_social_enterprise),
];

pub fn legal_form_label(code: &str) -> Option<Key> {
    LEGAL_FORMS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, k)| *k)
}

/// The four points of the analysis: each found sound or not.
pub const CHECKLIST: [(&str, Key); 4] = [
    ("market", Key::venture_check_market),
    ("skills", Key::venture_check_skills),
    ("costs", Key::venture_check_costs),
    ("permits", Key::venture_check_permits),
];

pub const MAX_SCORE: u8 = 10;

/// What the analysis found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Analysis {
    pub market: bool,
    pub skills: bool,
    pub costs: bool,
    pub permits: bool,
    /// 0 to `MAX_SCORE`.
    pub score: u8,
    pub notes: String,
}

/// A project as it is first written down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProject {
    pub title: String,
    pub description: String,
    pub social_innovation: bool,
}

/// One step of a project, with what that step records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Analyse(Analysis),
    Mentor {
        mentor: String,
    },
    BusinessPlan {
        summary: String,
    },
    Finance {
        amount_cents: i64,
        source: FundingSource,
    },
    Start {
        on: NaiveDate,
        legal_form: String,
        vat: String,
    },
    /// Confirms the business is still active twelve months after it started.
    ConfirmActive,
    Drop {
        reason: DropReason,
        note: String,
    },
}

impl Step {
    /// The stage the step leads to.
    pub fn to(&self) -> Stage {
        match self {
            Step::Analyse(_) => Stage::Analysed,
            Step::Mentor { .. } => Stage::Mentoring,
            Step::BusinessPlan { .. } => Stage::BusinessPlan,
            Step::Finance { .. } => Stage::Financed,
            Step::Start { .. } => Stage::Started,
            Step::ConfirmActive => Stage::Active12Months,
            Step::Drop { .. } => Stage::Dropped,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectProblem {
    Required(&'static str),
    TooLong(&'static str),
    Score,
    Amount,
    Date,
    /// A business does not start in the future.
    Future,
    Vat,
    /// The step is not the next one from where the project stands.
    WrongStage,
    /// Twelve months have not passed since it started.
    TooSoon,
}

impl ProjectProblem {
    pub fn field(self) -> &'static str {
        match self {
            ProjectProblem::Required(f) | ProjectProblem::TooLong(f) => f,
            ProjectProblem::Score => "score",
            ProjectProblem::Amount => "amount",
            ProjectProblem::Date | ProjectProblem::Future => "started_on",
            ProjectProblem::Vat => "vat",
            ProjectProblem::WrongStage | ProjectProblem::TooSoon => "step",
        }
    }

    pub fn key(self) -> Key {
        match self {
            ProjectProblem::Required(_) => Key::venture_err_required,
            ProjectProblem::TooLong(_) => Key::venture_err_too_long,
            ProjectProblem::Score => Key::venture_err_score,
            ProjectProblem::Amount => Key::venture_err_amount,
            ProjectProblem::Date => Key::venture_err_date,
            ProjectProblem::Future => Key::venture_err_future,
            ProjectProblem::Vat => Key::venture_err_vat,
            ProjectProblem::WrongStage => Key::venture_err_stage,
            ProjectProblem::TooSoon => Key::venture_err_too_soon,
        }
    }
}

fn text(
    form: &BTreeMap<String, String>,
    field: &'static str,
    max: usize,
    required: bool,
    problems: &mut Vec<ProjectProblem>,
) -> String {
    let v = form
        .get(field)
        .map(|v| v.trim().to_owned())
        .unwrap_or_default();
    if required && v.is_empty() {
        problems.push(ProjectProblem::Required(field));
    } else if v.chars().count() > max {
        problems.push(ProjectProblem::TooLong(field));
    }
    v
}

fn ticked(form: &BTreeMap<String, String>, field: &str) -> bool {
    form.get(field).is_some_and(|v| !v.is_empty())
}

impl NewProject {
    pub fn from_form(form: &BTreeMap<String, String>) -> Result<NewProject, Vec<ProjectProblem>> {
        let mut problems = Vec::new();
        let title = text(form, "title", 120, true, &mut problems);
        let description = text(form, "description", 2000, true, &mut problems);
        if problems.is_empty() {
            Ok(NewProject {
                title,
                description,
                social_innovation: ticked(form, "social_innovation"),
            })
        } else {
            Err(problems)
        }
    }
}

impl Step {
    /// Reads the step's form: `step` names it (a stage's code, or `dropped`).
    pub fn from_form(
        form: &BTreeMap<String, String>,
        today: NaiveDate,
    ) -> Result<Step, Vec<ProjectProblem>> {
        let mut problems = Vec::new();
        let step = match form.get("step").and_then(|s| Stage::from_code(s)) {
            Some(Stage::Analysed) => {
                let notes = text(form, "notes", 2000, false, &mut problems);
                let score = match form.get("score").map(|s| s.trim().parse::<u8>()) {
                    Some(Ok(n)) if n <= MAX_SCORE => n,
                    _ => {
                        problems.push(ProjectProblem::Score);
                        0
                    }
                };
                Step::Analyse(Analysis {
                    market: ticked(form, "market"),
                    skills: ticked(form, "skills"),
                    costs: ticked(form, "costs"),
                    permits: ticked(form, "permits"),
                    score,
                    notes,
                })
            }
            Some(Stage::Mentoring) => Step::Mentor {
                mentor: text(form, "mentor", 120, true, &mut problems),
            },
            Some(Stage::BusinessPlan) => Step::BusinessPlan {
                summary: text(form, "summary", 2000, true, &mut problems),
            },
            Some(Stage::Financed) => {
                let amount_cents = match form.get("amount").and_then(|a| parse_euros(a)) {
                    Some(c) if c > 0 && c <= 100_000_000 => c,
                    _ => {
                        problems.push(ProjectProblem::Amount);
                        0
                    }
                };
                let source = form.get("source").and_then(|s| FundingSource::from_code(s));
                if source.is_none() {
                    problems.push(ProjectProblem::Required("source"));
                }
                Step::Finance {
                    amount_cents,
                    source: source.unwrap_or(FundingSource::Other),
                }
            }
            Some(Stage::Started) => {
                let raw = form
                    .get("started_on")
                    .map(|s| s.trim().to_owned())
                    .unwrap_or_default();
                let on = parse_date(&raw);
                match on {
                    None if raw.is_empty() => problems.push(ProjectProblem::Required("started_on")),
                    None => problems.push(ProjectProblem::Date),
                    Some(d) if d > today => problems.push(ProjectProblem::Future),
                    Some(_) => {}
                }
                let legal_form = form
                    .get("legal_form")
                    .map(|s| s.trim().to_owned())
                    .unwrap_or_default();
                if legal_form_label(&legal_form).is_none() {
                    problems.push(ProjectProblem::Required("legal_form"));
                }
                let vat = match PartitaIva::parse(form.get("vat").map(String::as_str).unwrap_or(""))
                {
                    Ok(v) => v.as_str().to_owned(),
                    Err(_) => {
                        problems.push(ProjectProblem::Vat);
                        String::new()
                    }
                };
                Step::Start {
                    on: on.unwrap_or(today),
                    legal_form,
                    vat,
                }
            }
            Some(Stage::Active12Months) => Step::ConfirmActive,
            Some(Stage::Dropped) => {
                let reason = form.get("reason").and_then(|r| DropReason::from_code(r));
                if reason.is_none() {
                    problems.push(ProjectProblem::Required("reason"));
                }
                Step::Drop {
                    reason: reason.unwrap_or(DropReason::Other),
                    note: text(form, "note", 500, false, &mut problems),
                }
            }
            Some(Stage::Idea) | None => return Err(vec![ProjectProblem::WrongStage]),
        };
        if problems.is_empty() {
            Ok(step)
        } else {
            Err(problems)
        }
    }

    /// Whether the step can be taken from `stage`: the next stage on the path, or dropping an
    /// open project. Confirming twelve months of activity waits for them to pass.
    pub fn check(
        &self,
        stage: Stage,
        started_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<(), ProjectProblem> {
        match self {
            Step::Drop { .. } if stage.is_open() => Ok(()),
            Step::Drop { .. } => Err(ProjectProblem::WrongStage),
            step if stage.next() != Some(step.to()) => Err(ProjectProblem::WrongStage),
            Step::ConfirmActive => {
                match started_on.and_then(|d| d.checked_add_months(Months::new(12))) {
                    Some(due) if due <= today => Ok(()),
                    _ => Err(ProjectProblem::TooSoon),
                }
            }
            _ => Ok(()),
        }
    }
}

/// The board's figures: projects by stage, and how many ever reached analysis and financing,
/// for self-employment and social innovation apart (the programme reports them so).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub self_employment_analysed: i64,
    pub social_innovation_analysed: i64,
    pub financed: i64,
    pub started: i64,
}

impl Totals {
    /// From (stage, social innovation) of every project. A dropped project counts where it got
    /// to: `furthest` is the stage it had reached before it was dropped.
    pub fn of(projects: &[(Stage, bool)]) -> Totals {
        let mut t = Totals::default();
        for (furthest, social) in projects {
            if furthest.reached(Stage::Analysed) {
                if *social {
                    t.social_innovation_analysed += 1;
                } else {
                    t.self_employment_analysed += 1;
                }
            }
            if furthest.reached(Stage::Financed) {
                t.financed += 1;
            }
            if furthest.reached(Stage::Started) {
                t.started += 1;
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_project_moves_one_stage_at_a_time_and_can_be_dropped_while_open() {
        let today = day("2027-06-01");
        let mentor = Step::Mentor {
            mentor: "Camera di commercio".into(),
        };
        assert_eq!(mentor.check(Stage::Analysed, None, today), Ok(()));
        assert_eq!(
            mentor.check(Stage::Idea, None, today),
            Err(ProjectProblem::WrongStage)
        );
        assert_eq!(
            mentor.check(Stage::Financed, None, today),
            Err(ProjectProblem::WrongStage)
        );
        let drop = Step::Drop {
            reason: DropReason::NotViable,
            note: String::new(),
        };
        for s in Stage::PATH {
            assert_eq!(
                drop.check(s, None, today).is_ok(),
                s != Stage::Active12Months
            );
        }
        assert!(drop.check(Stage::Dropped, None, today).is_err());
        for (s, next) in Stage::PATH.iter().zip(Stage::PATH.iter().skip(1)) {
            assert_eq!(s.next(), Some(*next));
        }
        assert_eq!(Stage::Active12Months.next(), None);
        assert_eq!(Stage::Dropped.next(), None);
    }

    #[test]
    fn twelve_months_of_activity_are_confirmed_only_once_they_have_passed() {
        let started = Some(day("2026-06-02"));
        let step = Step::ConfirmActive;
        assert_eq!(
            step.check(Stage::Started, started, day("2027-06-01")),
            Err(ProjectProblem::TooSoon)
        );
        assert_eq!(
            step.check(Stage::Started, started, day("2027-06-02")),
            Ok(())
        );
        assert_eq!(
            step.check(Stage::Started, None, day("2030-01-01")),
            Err(ProjectProblem::TooSoon)
        );
    }

    #[test]
    fn each_step_reads_its_own_form() {
        let today = day("2027-06-01");
        let a = Step::from_form(
            &form(&[
                ("step", "analysed"),
                ("market", "on"),
                ("costs", "on"),
                ("score", "7"),
                ("notes", "Buona domanda nel quartiere"),
            ]),
            today,
        )
        .unwrap();
        assert_eq!(
            a,
            Step::Analyse(Analysis {
                market: true,
                skills: false,
                costs: true,
                permits: false,
                score: 7,
                notes: "Buona domanda nel quartiere".into()
            })
        );
        assert_eq!(
            Step::from_form(&form(&[("step", "analysed"), ("score", "11")]), today).unwrap_err(),
            vec![ProjectProblem::Score]
        );
        let f = Step::from_form(
            &form(&[
                ("step", "financed"),
                ("amount", "15.000"),
                ("source", "microcredit"),
            ]),
            today,
        )
        .unwrap();
        assert_eq!(
            f,
            Step::Finance {
                amount_cents: 1_500_000,
                source: FundingSource::Microcredit
            }
        );
        let problems =
            Step::from_form(&form(&[("step", "financed"), ("amount", "zero")]), today).unwrap_err();
        assert!(problems.contains(&ProjectProblem::Amount));
        assert!(problems.contains(&ProjectProblem::Required("source")));
        let vat = crate::vat::complete("0123456037").unwrap();
        let s = Step::from_form(
            &form(&[
                ("step", "started"),
                ("started_on", "2027-05-03"),
                ("legal_form", "cooperative"),
                ("vat", &vat),
            ]),
            today,
        )
        .unwrap();
        assert_eq!(
            s,
            Step::Start {
                on: day("2027-05-03"),
                legal_form: "cooperative".into(),
                vat
            }
        );
        let problems = Step::from_form(
            &form(&[
                ("step", "started"),
                ("started_on", "2027-07-01"),
                ("legal_form", "spa"),
                ("vat", "123"),
            ]),
            today,
        )
        .unwrap_err();
        for p in [
            ProjectProblem::Future,
            ProjectProblem::Required("legal_form"),
            ProjectProblem::Vat,
        ] {
            assert!(problems.contains(&p), "{p:?} in {problems:?}");
        }
        assert_eq!(
            Step::from_form(&form(&[("step", "idea")]), today).unwrap_err(),
            vec![ProjectProblem::WrongStage]
        );
        assert_eq!(
            Step::from_form(&form(&[("step", "dropped")]), today).unwrap_err(),
            vec![ProjectProblem::Required("reason")]
        );
    }

    #[test]
    fn a_new_project_needs_a_title_and_a_description() {
        let p = NewProject::from_form(&form(&[
            ("title", "Sartoria di quartiere"),
            ("description", "Riparazioni e piccole produzioni"),
            ("social_innovation", "on"),
        ]))
        .unwrap();
        assert!(p.social_innovation);
        let problems = NewProject::from_form(&form(&[("title", " ")])).unwrap_err();
        assert_eq!(
            problems,
            vec![
                ProjectProblem::Required("title"),
                ProjectProblem::Required("description")
            ]
        );
    }

    #[test]
    fn totals_count_how_far_projects_got_even_when_dropped_later() {
        let t = Totals::of(&[
            (Stage::Idea, false),
            (Stage::Analysed, false),
            (Stage::Mentoring, true),
            (Stage::Financed, false),
            (Stage::Active12Months, true),
        ]);
        assert_eq!(t.self_employment_analysed, 2);
        assert_eq!(t.social_innovation_analysed, 2);
        assert_eq!(t.financed, 2);
        assert_eq!(t.started, 1);
        for s in Stage::PATH.into_iter().chain([Stage::Dropped]) {
            assert_eq!(Stage::from_code(s.code()), Some(s));
        }
    }
}
