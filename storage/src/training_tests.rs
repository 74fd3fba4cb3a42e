//! The training catalogue on every backend, in a database with a history: seats and the waiting
//! list, a race for the last seat, the register, and a withdrawal that frees a seat.
use super::*;
use crate::board_tests::{team, NOW};
use crate::plan_tests::{assessed, plan};
use crate::test_support::{on_every_backend, seed_history};
use domain::ids::{ApplicantId, StaffId};
use domain::plan::Kind;
use domain::training::{CourseDetails, Session, Standing};
use std::sync::{Arc, Mutex};

const DAY: i64 = 86400;

fn course(seats: u32, first_in_days: i64) -> CourseDetails {
    CourseDetails {
        provider: "CEFAL".into(),
        title: "Italiano per il lavoro".into(),
        kind: Kind::ItalianL2,
        level: "A1 → A2".into(),
        italian_min: "none".into(),
        teaching_language: "it".into(),
        place: "Via Libia 59, Bologna".into(),
        seats,
        sessions: (0..4)
            .map(|n| {
                let starts_at = NOW + (first_in_days + 7 * n) * DAY;
                Session {
                    starts_at,
                    ends_at: starts_at + 2 * 3600,
                }
            })
            .collect(),
    }
}

/// Assessed and with a plan saved: on a path, as enrolment needs.
async fn on_path(store: &Store, n: u32, pro: StaffId) -> ApplicantId {
    let id = assessed(store, n, pro).await;
    store
        .save_plan(id, pro, 0, &plan("Italiano A2"), NOW - DAY)
        .await
        .unwrap();
    id
}

/// A teller that keeps what it was asked to say.
#[derive(Clone, Default)]
struct Said(Arc<Mutex<Vec<(ApplicantId, TrainingNews)>>>);

impl Said {
    fn teller(&self) -> impl Fn(&Told<'_>) -> Vec<NewMessage> + Send + Sync + 'static {
        let said = self.0.clone();
        move |t: &Told<'_>| {
            said.lock().unwrap().push((t.learner.applicant_id, t.news));
            vec![NewMessage {
                channel: Channel::Sms,
                recipient: t.learner.mobile.clone().unwrap_or_default(),
                subject: String::new(),
                body: format!("{:?} {}", t.news, t.course.title),
                calendar: None,
            }]
        }
    }

    fn take(&self) -> Vec<(ApplicantId, TrainingNews)> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

on_every_backend!(
    a_full_course_keeps_a_waiting_list_that_moves_up_by_itself,
    |store, label| Box::pin(async move {
        let history = seed_history(&store, NOW).await;
        let (_, pro) = team(&store).await;
        let said = Said::default();
        let tell = said.teller();
        let c = store.create_course(&course(2, 3), pro, NOW).await.unwrap();
        let people = [
            on_path(&store, 1, pro).await,
            on_path(&store, 2, pro).await,
            on_path(&store, 3, pro).await,
            on_path(&store, 4, pro).await,
        ];
        let mut standings = Vec::new();
        for (n, p) in people.iter().enumerate() {
            standings.push(
                store
                    .enrol_in_course(c, *p, pro, NOW + n as i64, &tell)
                    .await
                    .unwrap(),
            );
        }
        assert_eq!(
            standings,
            vec![
                Standing::Enrolled,
                Standing::Enrolled,
                Standing::Waiting(1),
                Standing::Waiting(2)
            ],
            "{label}"
        );
        assert_eq!(
            said.take(),
            vec![
                (people[0], TrainingNews::Enrolled),
                (people[1], TrainingNews::Enrolled),
                (people[2], TrainingNews::Waiting(1)),
                (people[3], TrainingNews::Waiting(2)),
            ],
            "{label}"
        );
        // Someone on the list twice is refused; people from the installation's history, withdrawn
        // or closed, are not on a path.
        assert!(
            matches!(
                store
                    .enrol_in_course(c, people[2], pro, NOW + 10, &tell)
                    .await,
                Err(TrainingError::AlreadyOnCourse(Standing::Waiting(1)))
            ),
            "{label}"
        );
        for gone in [history.withdrawn, history.closed] {
            assert!(
                matches!(
                    store.enrol_in_course(c, gone, pro, NOW + 10, &tell).await,
                    Err(TrainingError::NotInPath(_))
                ),
                "{label}"
            );
        }
        // Someone on the waiting list leaving frees no seat: nobody moves up.
        assert_eq!(
            store
                .leave_course(c, people[3], pro, NOW + 20, &tell)
                .await
                .unwrap(),
            None,
            "{label}"
        );
        assert_eq!(
            said.take(),
            vec![(people[3], TrainingNews::Left)],
            "{label}"
        );
        // A seat frees: the first waiting has it and is told.
        let moved = store
            .leave_course(c, people[0], pro, NOW + 30, &tell)
            .await
            .unwrap();
        assert_eq!(moved, Some(people[2]), "{label}");
        assert_eq!(
            said.take(),
            vec![
                (people[2], TrainingNews::SeatFreed),
                (people[0], TrainingNews::Left)
            ],
            "{label}"
        );
        assert_eq!(
            store.course_standing(c, people[2]).await.unwrap(),
            Some(Standing::Enrolled),
            "{label}"
        );
        // Coming back after leaving joins the end of the list.
        assert_eq!(
            store
                .enrol_in_course(c, people[0], pro, NOW + 40, &tell)
                .await
                .unwrap(),
            Standing::Waiting(1),
            "{label}"
        );
        assert_eq!(
            said.take(),
            vec![(people[0], TrainingNews::Waiting(1))],
            "{label}"
        );
        // A withdrawal frees the seat too, and the waiting person has it.
        store.withdraw(people[1], NOW + 50, &tell).await.unwrap();
        assert_eq!(
            store.course_standing(c, people[0]).await.unwrap(),
            Some(Standing::Enrolled),
            "{label}"
        );
        assert_eq!(
            said.take(),
            vec![(people[0], TrainingNews::SeatFreed)],
            "{label}"
        );
        let summary = store.course(c).await.unwrap().unwrap();
        assert_eq!((summary.enrolled, summary.waiting), (2, 0), "{label}");
        assert_eq!(summary.total_minutes, 4 * 120, "{label}");
        // Every message was queued with what caused it.
        let queued = store.outbox_recent(50).await.unwrap();
        assert!(
            queued
                .iter()
                .any(|m| m.body == "SeatFreed Italiano per il lavoro"),
            "{label}"
        );
        // Once the course is over, nobody joins and nobody moves up.
        let over = NOW + 40 * DAY;
        assert!(
            matches!(
                store.enrol_in_course(c, people[3], pro, over, &tell).await,
                Err(TrainingError::CourseOver)
            ),
            "{label}"
        );
        assert_eq!(
            store.courses(over, false).await.unwrap(),
            Vec::new(),
            "{label}"
        );
        assert_eq!(store.courses(over, true).await.unwrap().len(), 1, "{label}");
    })
);

on_every_backend!(
    of_people_racing_for_the_last_seat_exactly_one_has_it,
    |store, label| Box::pin(async move {
        seed_history(&store, NOW).await;
        let (_, pro) = team(&store).await;
        let c = store.create_course(&course(3, 3), pro, NOW).await.unwrap();
        let mut people = Vec::new();
        for n in 0..10 {
            people.push(on_path(&store, 10 + n, pro).await);
        }
        // Two seats taken; eight people at once for the last one.
        for p in &people[..2] {
            store
                .enrol_in_course(c, *p, pro, NOW, &tell_nobody)
                .await
                .unwrap();
        }
        let racers: Vec<_> = people[2..]
            .iter()
            .map(|p| {
                let store = store.clone();
                let p = *p;
                tokio::spawn(async move {
                    store
                        .enrol_in_course(c, p, pro, NOW + 1, &tell_nobody)
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut results = Vec::new();
        for r in racers {
            results.push(r.await.unwrap());
        }
        let winners = results.iter().filter(|s| **s == Standing::Enrolled).count();
        assert_eq!(winners, 1, "{label}: {results:?}");
        let summary = store.course(c).await.unwrap().unwrap();
        assert_eq!((summary.enrolled, summary.waiting), (3, 7), "{label}");
        // The waiting places are 1 to 7, each once.
        let mut places: Vec<i64> = Vec::new();
        for p in &people[2..] {
            if let Some(Standing::Waiting(n)) = store.course_standing(c, *p).await.unwrap() {
                places.push(n);
            }
        }
        places.sort();
        assert_eq!(places, (1..=7).collect::<Vec<_>>(), "{label}");
        // Two seats freeing at once go to the first two waiting, once each.
        let leavers: Vec<_> = people[..2]
            .iter()
            .map(|p| {
                let store = store.clone();
                let p = *p;
                tokio::spawn(async move {
                    store
                        .leave_course(c, p, pro, NOW + 2, &tell_nobody)
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut moved = Vec::new();
        for l in leavers {
            moved.push(l.await.unwrap().expect("someone moves up"));
        }
        moved.sort();
        moved.dedup();
        assert_eq!(moved.len(), 2, "{label}");
        let summary = store.course(c).await.unwrap().unwrap();
        assert_eq!((summary.enrolled, summary.waiting), (3, 5), "{label}");
    })
);

on_every_backend!(
    the_register_marks_enrolled_people_and_counts_their_hours,
    |store, label| Box::pin(async move {
        seed_history(&store, NOW).await;
        let (_, pro) = team(&store).await;
        let c = store.create_course(&course(1, 3), pro, NOW).await.unwrap();
        let a = on_path(&store, 1, pro).await;
        let b = on_path(&store, 2, pro).await;
        store
            .enrol_in_course(c, a, pro, NOW, &tell_nobody)
            .await
            .unwrap();
        store
            .enrol_in_course(c, b, pro, NOW, &tell_nobody)
            .await
            .unwrap();
        let sessions = store.course_sessions(c).await.unwrap();
        assert_eq!(sessions.len(), 4, "{label}");
        assert_eq!(
            store.session_course(sessions[0].id).await.unwrap(),
            Some(c),
            "{label}"
        );
        for s in &sessions[..3] {
            store
                .mark_attendance(s.id, a, true, pro, NOW + 5 * DAY)
                .await
                .unwrap();
        }
        // A second tap replaces the first.
        store
            .mark_attendance(sessions[2].id, a, false, pro, NOW + 5 * DAY)
            .await
            .unwrap();
        // Someone waiting is not in the register.
        assert!(
            matches!(
                store
                    .mark_attendance(sessions[0].id, b, true, pro, NOW)
                    .await,
                Err(TrainingError::NotEnrolled)
            ),
            "{label}"
        );
        let people = store.course_participants(c).await.unwrap();
        let first = people.iter().find(|p| p.applicant_id == a).unwrap();
        assert_eq!(
            (first.status.as_str(), first.attended_minutes),
            ("enrolled", 240),
            "{label}"
        );
        assert_eq!(people.last().unwrap().status, "waiting", "{label}");
        assert_eq!(store.attendance_marks(c).await.unwrap().len(), 3, "{label}");
        let mine = store.courses_of(a).await.unwrap();
        assert_eq!(mine.len(), 1, "{label}");
        assert_eq!((mine[0].1, mine[0].2), (Standing::Enrolled, 240), "{label}");
    })
);
