//! The company board: a candidate proposed for a position moves through stages, each move made by
//! the secretariat or by the company, until hired or not selected. Placement creates follow-ups.
use crate::i18n::Key;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// Chosen by the secretariat; the company does not see it yet.
    Proposed,
    /// Sent to the company, awaiting its answer.
    Sent,
    Interview,
    Traineeship,
    Hired,
    NotSelected,
}

/// Who moves a candidate: some moves belong to the company, all to the secretariat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mover {
    Secretariat,
    Company,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum MoveProblem {
    #[error("that move does not exist")]
    NotAllowed,
    #[error("a reason is required")]
    ReasonRequired,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Proposed,
        Stage::Sent,
        Stage::Interview,
        Stage::Traineeship,
        Stage::Hired,
        Stage::NotSelected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Proposed => "proposed",
            Stage::Sent => "sent",
            Stage::Interview => "interview",
            Stage::Traineeship => "traineeship",
            Stage::Hired => "hired",
            Stage::NotSelected => "not_selected",
        }
    }

    pub fn from_code(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Stage::Hired | Stage::NotSelected)
    }

    /// The company sees a candidate once sent to it, and never one merely proposed.
    pub fn visible_to_company(self) -> bool {
        self != Stage::Proposed
    }

    /// The stages one can go to from here.
    pub fn next(self, by: Mover) -> Vec<Stage> {
        use Stage::*;
        if by == Mover::Company && self == Proposed {
            return Vec::new();
        }
        let all: &[Stage] = match self {
            Proposed => &[Sent, NotSelected],
            Sent => &[Interview, NotSelected],
            Interview => &[Traineeship, Hired, NotSelected],
            Traineeship => &[Hired, NotSelected],
            Hired | NotSelected => &[],
        };
        all.to_vec()
    }

    /// Checks one move; "not selected" needs a reason.
    pub fn check_move(
        self,
        to: Stage,
        by: Mover,
        reason: Option<NotSelectedReason>,
    ) -> Result<(), MoveProblem> {
        if !self.next(by).contains(&to) {
            return Err(MoveProblem::NotAllowed);
        }
        if to == Stage::NotSelected && reason.is_none() {
            return Err(MoveProblem::ReasonRequired);
        }
        Ok(())
    }

    /// The candidate hears of these steps (sent to a company, interview, outcome).
    pub fn tells_candidate(self) -> bool {
        !matches!(self, Stage::Proposed)
    }
}

/// Why a candidate was not selected: coded for the reports, worded kindly for the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotSelectedReason {
    Skills,
    Experience,
    Language,
    Availability,
    Distance,
    PositionFilled,
    CandidateDeclined,
    NoShow,
    Other,
}

impl NotSelectedReason {
    pub const ALL: [NotSelectedReason; 9] = [
        NotSelectedReason::Skills,
        NotSelectedReason::Experience,
        NotSelectedReason::Language,
        NotSelectedReason::Availability,
        NotSelectedReason::Distance,
        NotSelectedReason::PositionFilled,
        NotSelectedReason::CandidateDeclined,
        NotSelectedReason::NoShow,
        NotSelectedReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NotSelectedReason::Skills => "skills",
            NotSelectedReason::Experience => "experience",
            NotSelectedReason::Language => "language",
            NotSelectedReason::Availability => "availability",
            NotSelectedReason::Distance => "distance",
            NotSelectedReason::PositionFilled => "position_filled",
            NotSelectedReason::CandidateDeclined => "candidate_declined",
            NotSelectedReason::NoShow => "no_show",
            NotSelectedReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<NotSelectedReason> {
        NotSelectedReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// A proposal sent to a company and left unanswered this many days is stalled.
pub fn is_stalled(stage: Stage, stage_since: i64, now: i64, days: u32) -> bool {
    stage == Stage::Sent && now - stage_since >= i64::from(days) * 86_400
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Contract {
    Apprenticeship,
    FixedTerm,
    Permanent,
    Traineeship,
}

impl Contract {
    pub const ALL: [Contract; 4] = [
        Contract::Apprenticeship,
        Contract::FixedTerm,
        Contract::Permanent,
        Contract::Traineeship,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Contract::Apprenticeship => "apprenticeship",
            Contract::FixedTerm => "fixed_term",
            Contract::Permanent => "permanent",
            Contract::Traineeship => "traineeship",
        }
    }

    pub fn from_code(code: &str) -> Option<Contract> {
        Contract::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn key(self) -> Key {
        match self {
            Contract::Apprenticeship => Key::contract_apprenticeship,
            Contract::FixedTerm => Key::contract_fixed_term,
            Contract::Permanent => Key::contract_permanent,
            Contract::Traineeship => Key::contract_traineeship,
        }
    }
}

/// Follow-ups after a placement: 1, 3, 6 and 12 months after the start (at the month's end when
/// the day does not exist, e.g. 31 January + 1 month = 28 or 29 February).
pub const FOLLOW_UP_MONTHS: [u32; 4] = [1, 3, 6, 12];

pub fn follow_up_dates(start: NaiveDate) -> Vec<(u32, NaiveDate)> {
    FOLLOW_UP_MONTHS
        .iter()
        .filter_map(|m| start.checked_add_months(Months::new(*m)).map(|d| (*m, d)))
        .collect()
}

/// The terms of a hire, checked before the placement is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub contract: Contract,
    pub start: NaiveDate,
    pub weekly_hours: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlacementProblem {
    Contract,
    Start,
    Hours,
}

impl PlacementProblem {
    pub fn field(self) -> &'static str {
        match self {
            PlacementProblem::Contract => "contract",
            PlacementProblem::Start => "start",
            PlacementProblem::Hours => "hours",
        }
    }

    pub fn key(self) -> Key {
        match self {
            PlacementProblem::Contract => Key::err_required,
            PlacementProblem::Start => Key::hire_err_start,
            PlacementProblem::Hours => Key::hire_err_hours,
        }
    }
}

impl Placement {
    /// `start` may be up to 90 days back (hires are sometimes recorded late) and a year ahead.
    pub fn parse(
        contract: &str,
        start: &str,
        hours: &str,
        today: NaiveDate,
    ) -> Result<Placement, Vec<PlacementProblem>> {
        let mut problems = Vec::new();
        let contract = Contract::from_code(contract.trim());
        if contract.is_none() {
            problems.push(PlacementProblem::Contract);
        }
        let start = super::questionnaire::parse_date(start.trim())
            .filter(|d| (*d - today).num_days() <= 366 && (today - *d).num_days() <= 90);
        if start.is_none() {
            problems.push(PlacementProblem::Start);
        }
        let hours = hours
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|h| (1..=48).contains(h));
        if hours.is_none() {
            problems.push(PlacementProblem::Hours);
        }
        match (contract, start, hours) {
            (Some(contract), Some(start), Some(weekly_hours)) => Ok(Placement {
                contract,
                start,
                weekly_hours,
            }),
            _ => Err(problems),
        }
    }
}

/// What the applicant lets companies see: `none`, `profile` or `contacts`.
pub const SHARE_LEVELS: [&str; 3] = ["none", "profile", "contacts"];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_usual_way_goes_from_proposed_to_hired() {
        use Stage::*;
        assert!(Proposed.check_move(Sent, Mover::Secretariat, None).is_ok());
        assert!(Sent.check_move(Interview, Mover::Company, None).is_ok());
        assert!(Interview
            .check_move(Traineeship, Mover::Company, None)
            .is_ok());
        assert!(Traineeship.check_move(Hired, Mover::Company, None).is_ok());
    }

    #[test]
    fn only_the_secretariat_sends_a_candidate_to_a_company() {
        assert_eq!(
            Stage::Proposed.check_move(Stage::Sent, Mover::Company, None),
            Err(MoveProblem::NotAllowed)
        );
        assert!(Stage::Proposed.next(Mover::Company).is_empty());
    }

    #[test]
    fn final_stages_stay_and_backward_moves_are_refused() {
        for by in [Mover::Secretariat, Mover::Company] {
            assert!(Stage::Hired.next(by).is_empty());
            assert!(Stage::NotSelected.next(by).is_empty());
            assert_eq!(
                Stage::Interview.check_move(Stage::Sent, by, None),
                Err(MoveProblem::NotAllowed)
            );
        }
    }

    #[test]
    fn not_selected_needs_a_reason() {
        assert_eq!(
            Stage::Sent.check_move(Stage::NotSelected, Mover::Company, None),
            Err(MoveProblem::ReasonRequired)
        );
        assert!(Stage::Sent
            .check_move(
                Stage::NotSelected,
                Mover::Company,
                Some(NotSelectedReason::PositionFilled)
            )
            .is_ok());
    }

    #[test]
    fn a_sent_proposal_stalls_after_the_configured_days() {
        let sent = 1_000_000;
        assert!(!is_stalled(Stage::Sent, sent, sent + 9 * 86_400, 10));
        assert!(is_stalled(Stage::Sent, sent, sent + 10 * 86_400, 10));
        assert!(!is_stalled(Stage::Interview, sent, sent + 30 * 86_400, 10));
    }

    #[test]
    fn follow_ups_fall_1_3_6_and_12_months_after_the_start() {
        assert_eq!(
            follow_up_dates(d(2027, 1, 31)),
            vec![
                (1, d(2027, 2, 28)),
                (3, d(2027, 4, 30)),
                (6, d(2027, 7, 31)),
                (12, d(2028, 1, 31))
            ]
        );
    }

    #[test]
    fn placement_terms_are_checked() {
        let today = d(2026, 11, 27);
        assert_eq!(
            Placement::parse("permanent", "01/12/2026", "38", today),
            Ok(Placement {
                contract: Contract::Permanent,
                start: d(2026, 12, 1),
                weekly_hours: 38
            })
        );
        assert_eq!(
            Placement::parse("gig", "01/01/2020", "0", today),
            Err(vec![
                PlacementProblem::Contract,
                PlacementProblem::Start,
                PlacementProblem::Hours
            ])
        );
    }

    #[test]
    fn codes_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_code(s.code()), Some(s));
        }
        for r in NotSelectedReason::ALL {
            assert_eq!(NotSelectedReason::from_code(r.code()), Some(r));
        }
        for c in Contract::ALL {
            assert_eq!(Contract::from_code(c.code()), Some(c));
        }
    }
}
