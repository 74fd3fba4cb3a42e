//! The applicant's case from enrolment to placement. One state machine: received → contacted →
//! interview booked → assessed → in path (which can be suspended and resumed) → placed, or closed
//! with a reason from any open state. A no-show sends a booked case back to the contact queue.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CaseState {
    Received,
    Contacted,
    InterviewBooked,
    Assessed,
    InPath,
    /// The path is on hold (illness, family, a course not starting yet); it resumes where it was.
    Suspended,
    Placed,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CloseReason {
    Unreachable,
    Withdrawn,
    NotEligible,
    FoundWorkAlone,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseEvent {
    /// The first successful contact: stops the clock.
    Reached,
    InterviewBooked,
    /// The interview was cancelled or rescheduled away: the case waits for a new booking.
    InterviewCancelled,
    /// The applicant did not come: back to the contact queue.
    NoShow,
    Assessed,
    PathStarted,
    PathSuspended,
    PathResumed,
    Placed,
    Close(CloseReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{event:?} is not possible in state {from:?}")]
pub struct InvalidTransition {
    pub from: CaseState,
    pub event: CaseEvent,
}

impl CaseState {
    pub const ALL: [CaseState; 8] = [
        CaseState::Received,
        CaseState::Contacted,
        CaseState::InterviewBooked,
        CaseState::Assessed,
        CaseState::InPath,
        CaseState::Suspended,
        CaseState::Placed,
        CaseState::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseState::Received => "received",
            CaseState::Contacted => "contacted",
            CaseState::InterviewBooked => "interview_booked",
            CaseState::Assessed => "assessed",
            CaseState::InPath => "in_path",
            CaseState::Suspended => "suspended",
            CaseState::Placed => "placed",
            CaseState::Closed => "closed",
        }
    }

    /// The state's name as staff read it.
    pub fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            CaseState::Received => Key::case_received,
            CaseState::Contacted => Key::case_contacted,
            CaseState::InterviewBooked => Key::case_interview_booked,
            CaseState::Assessed => Key::case_assessed,
            CaseState::InPath => Key::case_in_path,
            CaseState::Suspended => Key::case_suspended,
            CaseState::Placed => Key::case_placed,
            CaseState::Closed => Key::case_closed,
        }
    }

    pub fn from_code(code: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn is_open(self) -> bool {
        !matches!(self, CaseState::Placed | CaseState::Closed)
    }

    /// Where the person stands on the four steps their status page shows (received, first call,
    /// interview, personal path): the current step's index, or `None` once the case is over.
    /// After a missed interview the case is back to awaiting contact, and so is the page.
    pub fn applicant_step(self) -> Option<usize> {
        match self {
            CaseState::Received => Some(0),
            CaseState::Contacted => Some(1),
            CaseState::InterviewBooked => Some(2),
            CaseState::Assessed | CaseState::InPath | CaseState::Suspended => Some(3),
            CaseState::Placed | CaseState::Closed => None,
        }
    }

    /// The state after `event`, or why it cannot happen.
    pub fn apply(self, event: CaseEvent) -> Result<CaseState, InvalidTransition> {
        use CaseEvent as E;
        use CaseState as S;
        let next = match (self, event) {
            (S::Received, E::Reached) => S::Contacted,
            // Booking during the first call counts as the contact.
            (S::Received | S::Contacted, E::InterviewBooked) => S::InterviewBooked,
            (S::InterviewBooked, E::InterviewCancelled) => S::Contacted,
            (S::InterviewBooked, E::NoShow) => S::Received,
            (S::InterviewBooked, E::Assessed) => S::Assessed,
            (S::Assessed, E::PathStarted) => S::InPath,
            (S::InPath, E::PathSuspended) => S::Suspended,
            (S::Suspended, E::PathResumed) => S::InPath,
            (S::Assessed | S::InPath, E::Placed) => S::Placed,
            (s, E::Close(_)) if s.is_open() => S::Closed,
            _ => return Err(InvalidTransition { from: self, event }),
        };
        Ok(next)
    }
}

impl CloseReason {
    pub const ALL: [CloseReason; 5] = [
        CloseReason::Unreachable,
        CloseReason::Withdrawn,
        CloseReason::NotEligible,
        CloseReason::FoundWorkAlone,
        CloseReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CloseReason::Unreachable => "unreachable",
            CloseReason::Withdrawn => "withdrawn",
            CloseReason::NotEligible => "not_eligible",
            CloseReason::FoundWorkAlone => "found_work",
            CloseReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<CloseReason> {
        CloseReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseEvent as E;
    use CaseState as S;

    #[test]
    fn the_status_page_steps_follow_the_case_and_never_go_past_its_state() {
        let steps: Vec<_> = CaseState::ALL.iter().map(|s| s.applicant_step()).collect();
        assert_eq!(
            steps,
            [
                Some(0),
                Some(1),
                Some(2),
                Some(3),
                Some(3),
                Some(3),
                None,
                None
            ]
        );
        let back = CaseState::InterviewBooked.apply(CaseEvent::NoShow).unwrap();
        assert_eq!(back.applicant_step(), Some(0));
    }

    #[test]
    fn the_usual_path_goes_from_received_to_placed() {
        let mut s = S::Received;
        for e in [
            E::Reached,
            E::InterviewBooked,
            E::Assessed,
            E::PathStarted,
            E::Placed,
        ] {
            s = s.apply(e).unwrap();
        }
        assert_eq!(s, S::Placed);
    }

    #[test]
    fn a_path_is_suspended_and_resumed_but_a_suspended_one_is_not_placed() {
        let s = S::InPath.apply(E::PathSuspended).unwrap();
        assert_eq!(s, S::Suspended);
        assert!(s.is_open());
        assert!(s.apply(E::Placed).is_err());
        assert!(s.apply(E::PathSuspended).is_err());
        assert_eq!(s.apply(E::PathResumed), Ok(S::InPath));
        assert!(S::Assessed.apply(E::PathSuspended).is_err());
        assert!(S::InPath.apply(E::PathResumed).is_err());
    }

    #[test]
    fn a_no_show_returns_the_case_to_the_queue() {
        let s = S::Received.apply(E::InterviewBooked).unwrap();
        assert_eq!(s.apply(E::NoShow), Ok(S::Received));
        assert_eq!(s.apply(E::InterviewCancelled), Ok(S::Contacted));
    }

    #[test]
    fn invalid_transitions_are_refused() {
        assert!(S::Received.apply(E::Assessed).is_err());
        assert!(S::Received.apply(E::Placed).is_err());
        assert!(S::Contacted.apply(E::Reached).is_err());
        assert!(S::Placed.apply(E::Close(CloseReason::Other)).is_err());
        assert!(S::Closed.apply(E::Reached).is_err());
    }

    #[test]
    fn any_open_case_can_be_closed_and_a_closed_one_stays_closed() {
        for s in CaseState::ALL {
            let r = s.apply(E::Close(CloseReason::Withdrawn));
            assert_eq!(r.is_ok(), s.is_open(), "{s:?}");
        }
        for e in [
            E::Reached,
            E::InterviewBooked,
            E::NoShow,
            E::Assessed,
            E::PathStarted,
            E::Placed,
        ] {
            assert!(S::Closed.apply(e).is_err());
        }
    }

    #[test]
    fn codes_round_trip() {
        for s in CaseState::ALL {
            assert_eq!(CaseState::from_code(s.code()), Some(s));
        }
        for r in CloseReason::ALL {
            assert_eq!(CloseReason::from_code(r.code()), Some(r));
        }
    }
}
