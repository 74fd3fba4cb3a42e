//! The one writer of a case's state, proven through every path that changes it, on every backend.
use super::*;
use crate::board_tests::{
    add_contact, candidate, company, hire, position, sent_proposal, team, today, NOW,
};
use crate::secretariat_tests::{attempt, booking, enrol};
use crate::test_support::on_every_backend;
use domain::board::{Mover, Stage};
use domain::case::{CaseEvent, CaseState, CloseReason};
#[allow(unused_imports)]
use domain::ids::{ApplicantId, CompanyId, PositionId, ProposalId, StaffId};

const DAY: i64 = 86400;

/// The case's state and how many case events it has.
async fn state_and_events(store: &Store, id: ApplicantId) -> (CaseState, usize) {
    let state = store.case_record(id).await.unwrap().state;
    (state, store.case_events(id).await.unwrap().len())
}

/// A candidate in a path, proposed for a position and met by the company: ready to be hired.
async fn ready_to_hire(
    store: &Store,
    n: u32,
    pro: StaffId,
    sec: StaffId,
) -> (ApplicantId, ProposalId, StaffId) {
    let (co, site) = company(store, sec, &format!("Ditta {n}"), &format!("000{n:03}1037")).await;
    let pos = position(store, co, site, sec).await;
    let who = candidate(store, n, pro, "profile").await;
    let proposal = sent_proposal(store, pos, who, sec).await;
    let contact = add_contact(store, co, "C", &format!("c{n}@ditta.it"), sec)
        .await
        .unwrap();
    store
        .move_proposal(
            proposal,
            Stage::Sent,
            Stage::Interview,
            None,
            Mover::Company,
            contact,
            today(),
            NOW + 10,
        )
        .await
        .unwrap();
    (who, proposal, contact)
}

/// A booking of `id` with `pro` starting at `starts_at`, made at `at`.
fn booked(id: ApplicantId, pro: StaffId, starts_at: i64, at: i64) -> NewBooking {
    NewBooking {
        at,
        ..booking(id, pro, starts_at, false)
    }
}

on_every_backend!(
    every_change_of_a_case_goes_through_the_state_machine_and_leaves_one_event,
    |store, label| Box::pin(async move {
        let (sec, pro) = team(&store).await;
        let id = enrol(&store, 1, "Rossi", NOW - 40 * DAY, "037006").await;
        let mut seen = state_and_events(&store, id).await;
        assert_eq!(seen, (CaseState::Received, 0), "{label}");
        let at = NOW + DAY;
        macro_rules! now_in {
            ($state:expr) => {{
                let next = state_and_events(&store, id).await;
                assert_eq!(next, ($state, seen.1 + 1), "{label}");
                // The newest event says where the case is now.
                let newest = &store.case_events(id).await.unwrap()[0];
                assert_eq!(newest.to_state, $state.code(), "{label}");
                seen = next;
            }};
        }
        store
            .log_contact(&attempt(id, sec, "reached", at - 100), |_| Vec::new())
            .await
            .unwrap();
        now_in!(CaseState::Contacted);
        store
            .book_interview(&booked(id, pro, at + DAY, at), Vec::new)
            .await
            .unwrap();
        now_in!(CaseState::InterviewBooked);
        store
            .cancel_interview(id, Some(sec), at + 100, |_, _| Vec::new())
            .await
            .unwrap();
        now_in!(CaseState::Contacted);
        store
            .book_interview(&booked(id, pro, at + 2 * DAY, at + 200), Vec::new)
            .await
            .unwrap();
        now_in!(CaseState::InterviewBooked);
        store.record_no_show(id, pro, at + 3 * DAY).await.unwrap();
        now_in!(CaseState::Received);
        store
            .book_interview(&booked(id, pro, at + 4 * DAY, at + 3 * DAY + 100), Vec::new)
            .await
            .unwrap();
        now_in!(CaseState::InterviewBooked);
        store
            .save_assessment(id, pro, "{}", at + 5 * DAY)
            .await
            .unwrap();
        now_in!(CaseState::Assessed);
        store
            .change_case(id, Some(pro), CaseEvent::PathStarted, None, at + 6 * DAY)
            .await
            .unwrap();
        now_in!(CaseState::InPath);
        store
            .change_case(
                id,
                Some(sec),
                CaseEvent::Close(CloseReason::FoundWorkAlone),
                Some(CloseReason::FoundWorkAlone.code()),
                at + 7 * DAY,
            )
            .await
            .unwrap();
        now_in!(CaseState::Closed);
        // A withdrawal after the case was closed erases the person but is no change of state.
        store
            .withdraw(id, at + 8 * DAY, &crate::tell_nobody)
            .await
            .unwrap();
        assert_eq!(state_and_events(&store, id).await, seen, "{label}");

        // A withdrawal of an open case closes it, with its reason.
        let other = enrol(&store, 2, "Bianchi", NOW - 10 * DAY, "037006").await;
        store
            .withdraw(other, NOW, &crate::tell_nobody)
            .await
            .unwrap();
        assert_eq!(
            state_and_events(&store, other).await,
            (CaseState::Closed, 1),
            "{label}"
        );
        assert_eq!(
            store.case_events(other).await.unwrap()[0].reason.as_deref(),
            Some("withdrawn"),
            "{label}"
        );

        // A hire places the case.
        let (who, proposal, contact) = ready_to_hire(&store, 3, pro, sec).await;
        let before = state_and_events(&store, who).await;
        assert_eq!(before.0, CaseState::InPath, "{label}");
        hire(&store, proposal, contact).await.unwrap();
        assert_eq!(
            state_and_events(&store, who).await,
            (CaseState::Placed, before.1 + 1),
            "{label}"
        );
    })
);

on_every_backend!(
    a_transition_the_state_machine_refuses_is_refused_through_every_path,
    |store, label| Box::pin(async move {
        let (sec, pro) = team(&store).await;

        // A case just received cannot be assessed, start a path or be placed.
        let received = enrol(&store, 1, "Rossi", NOW - 10 * DAY, "037006").await;
        let unchanged = state_and_events(&store, received).await;
        assert!(matches!(
            store.save_assessment(received, pro, "{}", NOW).await,
            Err(BookingError::Invalid(_))
        ));
        assert!(matches!(
            store
                .change_case(received, Some(pro), CaseEvent::PathStarted, None, NOW)
                .await,
            Err(CaseChangeError::Invalid(_))
        ));
        assert!(matches!(
            store
                .change_case(received, Some(pro), CaseEvent::Placed, None, NOW)
                .await,
            Err(CaseChangeError::Invalid(_))
        ));
        assert_eq!(
            state_and_events(&store, received).await,
            unchanged,
            "{label}"
        );

        // A closed case cannot be reached, booked, closed again or placed.
        let (closed, proposal, contact) = ready_to_hire(&store, 2, pro, sec).await;
        store
            .change_case(
                closed,
                Some(sec),
                CaseEvent::Close(CloseReason::Unreachable),
                Some("unreachable"),
                NOW + 15,
            )
            .await
            .unwrap();
        let unchanged = state_and_events(&store, closed).await;
        assert_eq!(unchanged.0, CaseState::Closed, "{label}");
        assert!(matches!(
            store
                .log_contact(&attempt(closed, sec, "reached", NOW + 16), |_| Vec::new())
                .await,
            Err(CaseChangeError::Invalid(_))
        ));
        assert!(matches!(
            store
                .book_interview(&booking(closed, pro, NOW + DAY, false), Vec::new)
                .await,
            Err(BookingError::Invalid(_))
        ));
        assert!(matches!(
            store
                .change_case(
                    closed,
                    Some(sec),
                    CaseEvent::Close(CloseReason::Other),
                    Some("other"),
                    NOW + 17
                )
                .await,
            Err(CaseChangeError::Invalid(_))
        ));
        assert!(matches!(
            hire(&store, proposal, contact).await,
            Err(BoardError::Case(_))
        ));
        assert_eq!(state_and_events(&store, closed).await, unchanged, "{label}");
        // The refused hire left the proposal where it was.
        assert_eq!(
            store.proposal(proposal).await.unwrap().stage,
            Stage::Interview,
            "{label}"
        );
    })
);

/// The state of a case is written in one place: `change_state` in `case.rs`. An enrolment is
/// created as received (`group_commit`); every later change goes through the state machine.
#[test]
fn only_the_case_module_writes_the_state_of_a_case() {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut writers = Vec::new();
    for file in all {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("UPDATE enrolments") {
            let statement = &rest[i..];
            let set = &statement[..statement.find("WHERE").unwrap_or(statement.len())];
            if set
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|word| word == "state")
            {
                writers.push(file.strip_prefix(&src).unwrap().display().to_string());
            }
            rest = &rest[i + 1..];
        }
    }
    assert_eq!(writers, ["case.rs"], "writers of enrolments.state");
}
