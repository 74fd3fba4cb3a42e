//! Personal plans on every backend, in a database with a history: versions, agreement, two
//! professionals saving at once, the path's suspension through the state machine, withdrawal.
use super::*;
use crate::board_tests::{team, NOW};
use crate::secretariat_tests::{booking, enrol};
use crate::test_support::{on_every_backend, seed_history};
use domain::case::{CaseEvent, CaseState};
use domain::ids::{ApplicantId, StaffId};
use domain::plan::{Component, Kind, Plan, Status};

const DAY: i64 = 86400;

pub(crate) fn plan(goal: &str) -> Plan {
    Plan {
        components: vec![Component {
            kind: Kind::ItalianL2,
            goal: goal.into(),
            starts_on: None,
            ends_on: None,
            schedule: "martedì e giovedì 9–11".into(),
            place: "Via Libia 59".into(),
            responsible: "CPIA".into(),
            expected: "Venire alle lezioni".into(),
            status: Status::Planned,
        }],
    }
}

/// Enrolled, interviewed and assessed by `pro`: ready for a plan.
pub(crate) async fn assessed(store: &Store, n: u32, pro: StaffId) -> ApplicantId {
    let id = enrol(store, n, "Neri", NOW - 30 * DAY, "037006").await;
    let start = NOW - 10 * DAY;
    store
        .book_interview(&booking(id, pro, start, false), Vec::new)
        .await
        .unwrap();
    store
        .save_assessment(id, pro, "{}", start + 3600)
        .await
        .unwrap();
    id
}

on_every_backend!(
    a_plan_is_kept_in_versions_and_agreed_with_one_version,
    |store, label| Box::pin(async move {
        let history = seed_history(&store, NOW).await;
        let (_, pro) = team(&store).await;
        let id = assessed(&store, 1, pro).await;
        assert_eq!(store.current_plan(id).await.unwrap(), None, "{label}");
        // The first plan starts the path, through the state machine.
        let v1 = store.save_plan(id, pro, 0, &plan("A2"), NOW).await.unwrap();
        assert_eq!(v1, 1, "{label}");
        assert_eq!(
            store.case_record(id).await.unwrap().state,
            CaseState::InPath,
            "{label}"
        );
        assert_eq!(
            store.case_events(id).await.unwrap()[0].event,
            "path_started",
            "{label}"
        );
        store.agree_to_plan(id, 1, NOW + 10).await.unwrap();
        // Agreeing twice keeps the first time.
        store.agree_to_plan(id, 1, NOW + 20).await.unwrap();
        assert_eq!(
            store.current_plan(id).await.unwrap().unwrap().agreed_at,
            Some(NOW + 10),
            "{label}"
        );
        // A new version is not agreed yet; the old agreement stays with the old version.
        let v2 = store
            .save_plan(id, pro, 1, &plan("B1"), NOW + 30)
            .await
            .unwrap();
        let current = store.current_plan(id).await.unwrap().unwrap();
        assert_eq!(
            (v2, current.version, current.agreed_at),
            (2, 2, None),
            "{label}"
        );
        assert_eq!(current.plan.components[0].goal, "B1", "{label}");
        let versions = store.plan_history(id).await.unwrap();
        assert_eq!(
            versions
                .iter()
                .map(|h| (h.version, h.agreed_at))
                .collect::<Vec<_>>(),
            [(2, None), (1, Some(NOW + 10))],
            "{label}"
        );
        // A page left open on version 1 cannot agree to version 2 unseen.
        assert!(
            matches!(
                store.agree_to_plan(id, 1, NOW + 40).await,
                Err(PlanError::Changed(2))
            ),
            "{label}"
        );
        // The path is suspended and resumed through the state machine.
        store
            .change_case(id, Some(pro), CaseEvent::PathSuspended, None, NOW + 50)
            .await
            .unwrap();
        assert_eq!(
            store.case_record(id).await.unwrap().state,
            CaseState::Suspended,
            "{label}"
        );
        store
            .save_plan(id, pro, 2, &plan("B1, dopo la pausa"), NOW + 60)
            .await
            .unwrap();
        store
            .change_case(id, Some(pro), CaseEvent::PathResumed, None, NOW + 70)
            .await
            .unwrap();
        assert_eq!(
            store.case_record(id).await.unwrap().state,
            CaseState::InPath,
            "{label}"
        );
        // Old cases of the installation have no plan, and cannot get one.
        for old in [history.closed, history.withdrawn, history.enrolled[0]] {
            assert_eq!(store.current_plan(old).await.unwrap(), None, "{label}");
            assert!(
                matches!(
                    store.save_plan(old, pro, 0, &plan("x"), NOW).await,
                    Err(PlanError::NotNow(_))
                ),
                "{label}"
            );
        }
    })
);

on_every_backend!(
    two_professionals_saving_from_the_same_version_keep_one_and_lose_nothing_silently,
    |store, label| Box::pin(async move {
        seed_history(&store, NOW).await;
        let (_, pro) = team(&store).await;
        let id = assessed(&store, 2, pro).await;
        store.save_plan(id, pro, 0, &plan("A1"), NOW).await.unwrap();
        let (from_a, from_b) = (plan("from a"), plan("from b"));
        let (a, b) = tokio::join!(
            store.save_plan(id, pro, 1, &from_a, NOW + 1),
            store.save_plan(id, pro, 1, &from_b, NOW + 1),
        );
        let saved = [&a, &b].iter().filter(|r| r.is_ok()).count();
        assert_eq!(
            saved, 1,
            "{label}: exactly one of two saves from version 1 is kept"
        );
        assert!(
            [&a, &b]
                .iter()
                .any(|r| matches!(r, Err(PlanError::Changed(_)))),
            "{label}"
        );
        assert_eq!(store.plan_history(id).await.unwrap().len(), 2, "{label}");
    })
);

on_every_backend!(
    a_withdrawal_keeps_what_the_plan_was_and_erases_its_words,
    |store, label| Box::pin(async move {
        let (_, pro) = team(&store).await;
        let id = assessed(&store, 3, pro).await;
        store
            .save_plan(id, pro, 0, &plan("Lavorare da Rossi & figli"), NOW)
            .await
            .unwrap();
        store
            .withdraw(id, NOW + 10, &crate::tell_nobody)
            .await
            .unwrap();
        let kept = store.current_plan(id).await.unwrap().unwrap();
        let c = &kept.plan.components[0];
        assert_eq!(
            (c.kind, c.status),
            (Kind::ItalianL2, Status::Planned),
            "{label}"
        );
        assert!(
            c.goal.is_empty()
                && c.place.is_empty()
                && c.responsible.is_empty()
                && c.expected.is_empty()
                && c.schedule.is_empty(),
            "{label}: {c:?}"
        );
        assert_eq!(
            store.case_record(id).await.unwrap().state,
            CaseState::Closed,
            "{label}"
        );
    })
);
