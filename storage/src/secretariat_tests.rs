//! Staff accounts and the secretariat's queue, on every backend.
use super::*;
use crate::test_support::on_every_backend;
use chrono::{TimeZone, Utc};
use domain::case::{CaseEvent, CaseState, CloseReason};
use domain::deadline::{Band, ContactPolicy};
#[allow(unused_imports)]
use domain::ids::{ApplicantId, CompanyId, PositionId, ProposalId, StaffId};
use domain::staff::Role;

const DAY: i64 = 86400;

/// Enrols person `n`, received at `received` (Unix seconds), with real deadlines.
pub(super) async fn enrol(
    store: &Store,
    n: u32,
    last_name: &str,
    received: i64,
    comune: &str,
) -> ApplicantId {
    let d = ContactPolicy::default().deadlines(Utc.timestamp_opt(received, 0).unwrap());
    let draft = store
        .create_draft(&NewDraft {
            token_hash: format!("draft-{n}-{}", rand::random::<u64>()),
            comune_istat: comune.into(),
            answers_json: "{}".into(),
            now: received,
            expires_at: received + 1000,
        })
        .await
        .unwrap();
    let a = NewApplicant {
        first_name: format!("Anna{n}"),
        last_name: last_name.into(),
        birth_date: "1990-01-02".into(),
        sex: "F".into(),
        gender: "woman".into(),
        codice_fiscale: Some(format!("RSSNNA90A42A{n:04}")),
        identity_key: format!("identity-{n}"),
        mobile: format!("+39333{n:07}"),
        email: Some(format!("anna{n}@example.it")),
        language: if n.is_multiple_of(2) { "it" } else { "ar" }.into(),
        comune_istat: comune.into(),
        answers_json: "{}".into(),
        privacy_version: "test".into(),
        received_at: received,
        due_soon_at: d.due_soon.timestamp(),
        contact_due: d.due.timestamp(),
        contact_limit: d.limit.timestamp(),
        needs_flagged: n.is_multiple_of(3),
        status_token_hash: format!("status-{n}-{}", rand::random::<u64>()),
    };
    match store.submit(draft, &a, |_| Vec::new()).await.unwrap() {
        SubmitOutcome::Enrolled { applicant_id, .. } => applicant_id,
        other => panic!("{other:?}"),
    }
}

pub(super) fn attempt(
    applicant_id: ApplicantId,
    staff_id: StaffId,
    outcome: &'static str,
    at: i64,
) -> NewContactAttempt<'static> {
    NewContactAttempt {
        applicant_id,
        staff_id,
        channel: "phone",
        outcome,
        reached: outcome == "reached",
        note: "",
        at,
    }
}

fn all(band: Option<Band>) -> QueueQuery {
    QueueQuery {
        band,
        limit: 100,
        ..QueueQuery::default()
    }
}

async fn ids(store: &Store, q: &QueueQuery, now: i64) -> Vec<ApplicantId> {
    store
        .queue(q, now)
        .await
        .unwrap()
        .0
        .iter()
        .map(|r| r.applicant_id)
        .collect()
}

/// The applicants of the whole queue that `search` finds.
async fn found(store: &Store, search: Search, now: i64) -> Vec<ApplicantId> {
    ids(
        store,
        &QueueQuery {
            search,
            ..all(None)
        },
        now,
    )
    .await
}

/// A new staff account with one role.
async fn account(store: &Store, email: &str, name: &str, role: Role) -> StaffId {
    store
        .create_staff(email, name, &[role], 0)
        .await
        .unwrap()
        .unwrap()
}

on_every_backend!(
    the_queue_puts_each_applicant_in_the_band_the_domain_says_as_time_moves,
    |store, label| Box::pin(async move {
        let now = Utc
            .with_ymd_and_hms(2026, 3, 20, 9, 0, 0)
            .unwrap()
            .timestamp();
        // Received 2, 22, 30 and 40 days ago: on track, due this week, late, breached.
        let mut people = Vec::new();
        for (n, days) in [(1, 2), (2, 22), (3, 30), (4, 40)] {
            people.push(enrol(&store, n, "Rossi", now - days * DAY, "037006").await);
        }
        let policy = ContactPolicy::default();
        // Across the spring clock change (29 March) and back: the SQL bands agree with the domain.
        for shift in [0, 3, 9, 10, 20] {
            let t = now + shift * DAY;
            let counts = store.band_counts(t).await.unwrap();
            for band in Band::ALL {
                let mut expected: Vec<ApplicantId> = people
                    .iter()
                    .zip([2, 22, 30, 40])
                    .filter(|(_, days)| {
                        let received = Utc.timestamp_opt(now - days * DAY, 0).unwrap();
                        policy.band(received, Utc.timestamp_opt(t, 0).unwrap()) == band
                    })
                    .map(|(id, _)| *id)
                    .collect();
                expected.reverse();
                assert_eq!(
                    ids(&store, &all(Some(band)), t).await,
                    expected,
                    "{label} +{shift}d {band:?}"
                );
                let n = counts.iter().find(|(b, _)| *b == band).unwrap().1;
                assert_eq!(
                    n as usize,
                    expected.len(),
                    "{label} +{shift}d count {band:?}"
                );
            }
        }
        // Most urgent first.
        let mut urgent = people.clone();
        urgent.reverse();
        assert_eq!(ids(&store, &all(None), now).await, urgent, "{label}");
    })
);

on_every_backend!(queue_filters_and_search_narrow_the_list, |store, label| {
    Box::pin(async move {
        let now = 1_800_000_000;
        let a = enrol(&store, 1, "Rossi", now - 5 * DAY, "037006").await;
        let b = enrol(&store, 2, "Russo", now - 6 * DAY, "037032").await;
        let c = enrol(&store, 3, "Bianchi", now - 7 * DAY, "037006").await;
        let op = account(&store, "op@x.it", "Op", Role::Secretariat).await;
        store.assign(b, Some(op)).await.unwrap();
        let q = |f: &dyn Fn(&mut QueueQuery)| {
            let mut q = all(None);
            f(&mut q);
            q
        };
        assert_eq!(
            ids(&store, &q(&|q| q.comune = Some("037006".into())), now).await,
            vec![c, a],
            "{label}"
        );
        assert_eq!(
            ids(&store, &q(&|q| q.language = Some("ar".into())), now).await,
            vec![c, a],
            "{label}"
        );
        assert_eq!(
            ids(&store, &q(&|q| q.assigned = AssignedFilter::Staff(op)), now).await,
            vec![b],
            "{label}"
        );
        assert_eq!(
            ids(&store, &q(&|q| q.assigned = AssignedFilter::Nobody), now).await,
            vec![c, a],
            "{label}"
        );
        assert_eq!(
            ids(&store, &q(&|q| q.needs_only = true), now).await,
            vec![c],
            "{label}"
        );
        assert_eq!(
            found(&store, Search::Name("r".into()), now).await,
            vec![b, a],
            "{label}"
        );
        assert_eq!(
            found(&store, Search::Name("rossi anna1".into()), now).await,
            vec![a],
            "{label}"
        );
        assert_eq!(
            found(&store, Search::Reference(format!("BO-{c:06}")), now).await,
            vec![c],
            "{label}"
        );
        assert_eq!(
            found(
                &store,
                Search::CodiceFiscale("RSSNNA90A42A0002".into()),
                now
            )
            .await,
            vec![b],
            "{label}"
        );
        // Metacharacters are data, not SQL.
        assert!(found(&store, Search::Name("' or 1=1 --".into()), now)
            .await
            .is_empty());
        // Pages of two.
        let page = |offset| QueueQuery {
            limit: 2,
            offset,
            ..all(None)
        };
        let (first, more) = store.queue(&page(0), now).await.unwrap();
        assert_eq!((first.len(), more), (2, true), "{label}");
        let (last, more) = store.queue(&page(2), now).await.unwrap();
        assert_eq!((last.len(), more), (1, false), "{label}");
    })
});

on_every_backend!(
    the_first_successful_contact_stops_the_clock_and_failures_send_one_message,
    |store, label| Box::pin(async move {
        let now = 1_800_000_000;
        let id = enrol(&store, 1, "Rossi", now - 3 * DAY, "037006").await;
        let op = account(&store, "op@x.it", "Op", Role::Secretariat).await;
        let message = |n: i64| {
            if n == 2 {
                vec![NewMessage {
                    calendar: None,
                    channel: Channel::Sms,
                    recipient: "+39".into(),
                    subject: String::new(),
                    body: "call us".into(),
                }]
            } else {
                Vec::new()
            }
        };
        for i in 0..3 {
            let s = store
                .log_contact(&attempt(id, op, "no_answer", now + i), message)
                .await
                .unwrap();
            assert_eq!(s, CaseState::Received, "{label}");
        }
        assert_eq!(
            store.outbox_pending(10).await.unwrap().len(),
            1,
            "{label}: one message, at the 2nd failure"
        );
        let s = store
            .log_contact(&attempt(id, op, "reached", now + 10), message)
            .await
            .unwrap();
        assert_eq!(s, CaseState::Contacted, "{label}");
        let r = store.case_record(id).await.unwrap();
        assert_eq!(
            (r.contacted_at, r.failed_attempts),
            (Some(now + 10), 3),
            "{label}"
        );
        assert!(
            ids(&store, &all(None), now).await.is_empty(),
            "{label}: left the queue"
        );
        assert_eq!(
            store.contact_attempts(id).await.unwrap().len(),
            4,
            "{label}"
        );
        assert_eq!(
            store.case_events(id).await.unwrap()[0].to_state,
            "contacted",
            "{label}"
        );
    })
);

on_every_backend!(cases_follow_the_state_machine, |store, label| Box::pin(
    async move {
        let id = enrol(&store, 1, "Rossi", 1_000, "037006").await;
        let err = store
            .change_case(id, None, CaseEvent::Assessed, None, 2_000)
            .await;
        assert!(matches!(err, Err(CaseChangeError::Invalid(_))), "{label}");
        let s = store
            .change_case(
                id,
                None,
                CaseEvent::Close(CloseReason::Unreachable),
                Some("unreachable"),
                2_000,
            )
            .await
            .unwrap();
        assert_eq!(s, CaseState::Closed, "{label}");
        let r = store.case_record(id).await.unwrap();
        assert_eq!(r.closed_reason.as_deref(), Some("unreachable"), "{label}");
        assert!(matches!(
            store
                .log_contact(&attempt(id, StaffId::new(1), "reached", 3_000), |_| {
                    Vec::new()
                })
                .await,
            Err(CaseChangeError::Invalid(_))
        ));
    }
));

on_every_backend!(
    staff_sessions_end_with_deactivation_and_invitations_are_spent_once,
    |store, label| Box::pin(async move {
        let id = store
            .create_staff(
                "anna@x.it",
                "Anna",
                &[Role::Secretariat, Role::Professional],
                0,
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            store
                .create_staff("anna@x.it", "Other", &[Role::Tutor], 0)
                .await
                .unwrap(),
            None,
            "{label}"
        );
        let a = store.staff_by_email("anna@x.it").await.unwrap().unwrap();
        assert_eq!(
            a.roles,
            vec![Role::Secretariat, Role::Professional],
            "{label}"
        );
        store.create_invitation("inv", id, 100).await.unwrap();
        assert!(
            store.invitation("inv", 50).await.unwrap().is_some(),
            "{label}"
        );
        assert!(
            store.invitation("inv", 100).await.unwrap().is_none(),
            "{label}: expired"
        );
        assert!(
            store.accept_invitation("inv", "hash", 60).await.unwrap(),
            "{label}"
        );
        assert!(
            !store.accept_invitation("inv", "hash2", 61).await.unwrap(),
            "{label}: spent"
        );
        store.create_session("s1", id, true, "", 70).await.unwrap();
        store.create_session("s2", id, false, "", 70).await.unwrap();
        assert!(store.session("s1").await.unwrap().is_some(), "{label}");
        store.complete_session("s2", "s3", 80).await.unwrap();
        assert!(
            store.session("s2").await.unwrap().is_none(),
            "{label}: old id gone"
        );
        assert!(
            store.session("s3").await.unwrap().unwrap().complete,
            "{label}"
        );
        store.set_active(id, false).await.unwrap();
        assert!(store.session("s1").await.unwrap().is_none(), "{label}");
        assert!(store.session("s3").await.unwrap().is_none(), "{label}");
        // Lock-out: the callback decides, the store remembers.
        store.set_active(id, true).await.unwrap();
        for _ in 0..2 {
            store
                .record_login_failure(id, |n| (n >= 2).then_some(999))
                .await
                .unwrap();
        }
        let a = store.staff_by_id(id).await.unwrap();
        assert_eq!((a.locked_until, a.failed_logins), (Some(999), 0), "{label}");
    })
);

fn slot_at(starts_at: i64) -> domain::availability::Slot {
    domain::availability::Slot {
        starts_at: Utc.timestamp_opt(starts_at, 0).unwrap(),
        ends_at: Utc.timestamp_opt(starts_at + 2700, 0).unwrap(),
        mode: domain::availability::Mode::Office,
        place: "Via Roma 1".into(),
    }
}

pub(super) fn booking(
    applicant_id: ApplicantId,
    professional_id: StaffId,
    starts_at: i64,
    wants_earlier: bool,
) -> NewBooking {
    NewBooking {
        applicant_id,
        professional_id,
        slot: slot_at(starts_at),
        wants_earlier,
        booked_by: None,
        at: 1_800_000_000,
    }
}

on_every_backend!(
    concurrent_bookings_of_one_slot_leave_exactly_one,
    |store, label| Box::pin(async move {
        let pro = account(&store, "pro@x.it", "Pro", Role::Professional).await;
        let mut people = Vec::new();
        for n in 0..16 {
            people.push(enrol(&store, n, "Rossi", 1_799_000_000, "037006").await);
        }
        let start = 1_800_100_000;
        let tasks: Vec<_> = people
            .iter()
            .map(|&id| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .book_interview(&booking(id, pro, start, false), Vec::new)
                        .await
                })
            })
            .collect();
        let mut booked = 0;
        let mut taken = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => booked += 1,
                Err(BookingError::Taken) => taken += 1,
                Err(e) => panic!("{label}: {e}"),
            }
        }
        assert_eq!((booked, taken), (1, 15), "{label}");
        assert_eq!(
            store.booked_starts(0, i64::MAX).await.unwrap(),
            vec![(pro, start)],
            "{label}"
        );
        // Those refused are untouched: still awaiting contact.
        let waiting = store
            .queue(&all(None), 1_800_000_000)
            .await
            .unwrap()
            .0
            .len();
        assert_eq!(waiting, 15, "{label}");
    })
);

on_every_backend!(
    rescheduling_cancelling_and_no_shows_move_the_case,
    |store, label| Box::pin(async move {
        let pro = account(&store, "pro@x.it", "Pro", Role::Professional).await;
        let a = enrol(&store, 1, "Rossi", 1_799_000_000, "037006").await;
        let b = enrol(&store, 2, "Russo", 1_799_000_000, "037006").await;
        let (t1, t2, t3) = (1_800_100_000, 1_800_200_000, 1_800_300_000);
        store
            .book_interview(&booking(a, pro, t1, false), Vec::new)
            .await
            .unwrap();
        assert_eq!(
            store.case_record(a).await.unwrap().state,
            CaseState::InterviewBooked,
            "{label}"
        );
        assert!(
            store.case_record(a).await.unwrap().contacted_at.is_some(),
            "{label}: booking stops the clock"
        );
        store
            .book_interview(&booking(b, pro, t3, true), Vec::new)
            .await
            .unwrap();
        // a moves to t2: the old slot is free again, the case stays booked.
        store
            .book_interview(&booking(a, pro, t2, false), Vec::new)
            .await
            .unwrap();
        assert_eq!(
            store.booked_interview(a).await.unwrap().unwrap().starts_at,
            t2,
            "{label}"
        );
        assert_eq!(
            store.booked_starts(0, i64::MAX).await.unwrap().len(),
            2,
            "{label}"
        );
        // a cancels: b, booked later and wanting an earlier slot, is offered t2.
        let mut offered = Vec::new();
        let cancelled = store
            .cancel_interview(a, None, 1_800_000_000, |c, later| {
                offered = later
                    .iter()
                    .map(|i| (c.starts_at, i.applicant_id))
                    .collect();
                Vec::new()
            })
            .await
            .unwrap();
        assert!(cancelled.is_some(), "{label}");
        assert_eq!(offered, vec![(t2, b)], "{label}");
        assert_eq!(
            store.case_record(a).await.unwrap().state,
            CaseState::Contacted,
            "{label}"
        );
        // b does not come: back to the queue.
        store.record_no_show(b, pro, t3 + 3600).await.unwrap();
        assert_eq!(
            store.case_record(b).await.unwrap().state,
            CaseState::Received,
            "{label}"
        );
        // An assessment needs a booked interview.
        assert!(
            matches!(
                store.save_assessment(b, pro, "{}", t3).await,
                Err(BookingError::Invalid(_))
            ),
            "{label}"
        );
        store
            .book_interview(&booking(b, pro, t1, false), Vec::new)
            .await
            .unwrap();
        store
            .save_assessment(b, pro, r#"{"paths":["motivation"]}"#, t1 + 3600)
            .await
            .unwrap();
        assert_eq!(
            store.case_record(b).await.unwrap().state,
            CaseState::Assessed,
            "{label}"
        );
        assert!(
            store
                .latest_assessment(b)
                .await
                .unwrap()
                .unwrap()
                .2
                .contains("motivation"),
            "{label}"
        );
    })
);

on_every_backend!(
    each_reminder_goes_out_once_even_when_two_workers_race,
    |store, label| Box::pin(async move {
        let pro = account(&store, "pro@x.it", "Pro", Role::Professional).await;
        let a = enrol(&store, 1, "Rossi", 1_799_000_000, "037006").await;
        let now = 1_800_000_000;
        store
            .book_interview(&booking(a, pro, now + 40 * 3600, false), Vec::new)
            .await
            .unwrap();
        let message = |_: &Interview, _: &ReminderTo, h: u32| {
            vec![NewMessage {
                calendar: None,
                channel: Channel::Sms,
                recipient: "+39".into(),
                subject: String::new(),
                body: format!("{h}h"),
            }]
        };
        let (x, y) = tokio::join!(
            store.send_due_reminders(now, message),
            store.send_due_reminders(now, message)
        );
        assert_eq!(
            x.unwrap() + y.unwrap(),
            1,
            "{label}: the 48-hour reminder once"
        );
        assert_eq!(
            store
                .send_due_reminders(now + 39 * 3600, message)
                .await
                .unwrap(),
            1,
            "{label}: then the 2-hour one"
        );
        assert_eq!(
            store
                .send_due_reminders(now + 39 * 3600, message)
                .await
                .unwrap(),
            0,
            "{label}"
        );
        let bodies: Vec<String> = store
            .outbox_pending(10)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.body)
            .collect();
        assert_eq!(bodies, ["48h", "2h"], "{label}");
    })
);

/// Two server instances (two connection pools) on one database work through 120 jobs: each runs
/// exactly once, and a job whose worker died is taken over when its lease ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_never_run_a_job_twice() {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    for db in super::test_support::every_backend("two_instances_never_run_a_job_twice").await {
        let label = db.label;
        let other = Store::connect(&db.url).await.unwrap();
        for n in 0..120 {
            assert!(db
                .store
                .schedule_job("test", &n.to_string(), Some(&format!("k{n}")), 0)
                .await
                .unwrap());
        }
        assert!(
            !db.store
                .schedule_job("test", "0", Some("k0"), 0)
                .await
                .unwrap(),
            "{label}: unique key"
        );
        let runs: Arc<Mutex<HashMap<i64, u32>>> = Arc::default();
        let mut workers = Vec::new();
        for (w, store) in [
            db.store.clone(),
            other.clone(),
            db.store.clone(),
            other.clone(),
        ]
        .into_iter()
        .enumerate()
        {
            let runs = runs.clone();
            workers.push(tokio::spawn(async move {
                let name = format!("worker-{w}");
                loop {
                    match store.claim_job(&name, 100, 60).await.unwrap() {
                        Some(job) => {
                            *runs.lock().unwrap().entry(job.id).or_default() += 1;
                            assert!(store.finish_job(job.id, &name, 101).await.unwrap());
                        }
                        None if store.pending_jobs().await.unwrap() == 0 => break,
                        None => tokio::task::yield_now().await,
                    }
                }
            }));
        }
        for w in workers {
            w.await.unwrap();
        }
        let runs = runs.lock().unwrap().clone();
        assert_eq!(runs.len(), 120, "{label}");
        assert!(runs.values().all(|&n| n == 1), "{label}: {runs:?}");
        // A worker that dies holding a lease: the job is taken again only after the lease ends.
        db.store
            .schedule_job("test", "late", None, 200)
            .await
            .unwrap();
        let job = db.store.claim_job("dies", 200, 60).await.unwrap().unwrap();
        assert_eq!(
            other.claim_job("lives", 230, 60).await.unwrap(),
            None,
            "{label}"
        );
        let again = other.claim_job("lives", 261, 60).await.unwrap().unwrap();
        assert_eq!((again.id, again.attempts), (job.id, 2), "{label}");
        assert!(
            !db.store.finish_job(job.id, "dies", 262).await.unwrap(),
            "{label}: the lease was lost"
        );
        assert!(
            other.finish_job(job.id, "lives", 262).await.unwrap(),
            "{label}"
        );
        // The outbox, drained by both instances at once: every message leased to exactly one.
        for n in 0..60 {
            let m = NewMessage {
                calendar: None,
                channel: Channel::Sms,
                recipient: "+39".into(),
                subject: String::new(),
                body: n.to_string(),
            };
            db.store.enqueue_message(&m, 300).await.unwrap();
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for _ in 0..6 {
            let (x, y) = tokio::join!(
                db.store.outbox_claim(300, 120, 7),
                other.outbox_claim(300, 120, 7)
            );
            a.extend(x.unwrap().into_iter().map(|m| m.id));
            b.extend(y.unwrap().into_iter().map(|m| m.id));
        }
        a.extend(
            db.store
                .outbox_claim(300, 120, 100)
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.id),
        );
        let mut all: Vec<i64> = a.iter().chain(b.iter()).copied().collect();
        all.sort();
        all.dedup();
        assert_eq!(
            (all.len(), a.len() + b.len()),
            (60, 60),
            "{label}: no message leased twice"
        );
        assert!(
            other.outbox_claim(301, 120, 100).await.unwrap().is_empty(),
            "{label}: leases hold"
        );
        other.close().await;
        db.drop_db().await;
    }
}

on_every_backend!(
    band_counts_are_kept_until_this_instance_changes_the_queue,
    |store, label| {
        Box::pin(async move {
            let now = 1_800_000_000;
            let total = |c: Vec<(Band, i64)>| c.iter().map(|(_, n)| n).sum::<i64>();
            enrol(&store, 1, "Rossi", now - DAY, "037006").await;
            assert_eq!(
                total(store.recent_band_counts(now, 5).await.unwrap()),
                1,
                "{label}"
            );
            enrol(&store, 2, "Russo", now - DAY, "037006").await;
            // Within the window the kept counts answer; after a change made here they are counted again.
            assert_eq!(
                total(store.recent_band_counts(now + 1, 5).await.unwrap()),
                1,
                "{label}"
            );
            store.forget_band_counts();
            assert_eq!(
                total(store.recent_band_counts(now + 2, 5).await.unwrap()),
                2,
                "{label}"
            );
            // Too old to serve: counted before answering.
            enrol(&store, 3, "Verdi", now - DAY, "037006").await;
            assert_eq!(
                total(store.recent_band_counts(now + 120, 5).await.unwrap()),
                3,
                "{label}"
            );
        })
    }
);

on_every_backend!(
    a_professional_works_only_on_cases_assigned_or_booked_with_them,
    |store, label| Box::pin(async move {
        let history = crate::test_support::seed_history(&store, 1_800_000_000).await;
        let pro = account(&store, "pro@x.it", "Pro", Role::Professional).await;
        let other = account(&store, "other@x.it", "Other", Role::Professional).await;
        let a = enrol(&store, 1, "Rossi", 1_799_000_000, "037006").await;
        let b = enrol(&store, 2, "Russo", 1_799_000_000, "037006").await;
        for id in [a, b, history.closed, history.withdrawn] {
            assert!(
                !store.works_on_case(pro, id).await.unwrap(),
                "{label}: {id}"
            );
        }
        assert_eq!(store.interviewer_of(a).await.unwrap(), None, "{label}");
        store.assign(b, Some(pro)).await.unwrap();
        store
            .book_interview(&booking(a, pro, 1_800_100_000, false), Vec::new)
            .await
            .unwrap();
        assert!(store.works_on_case(pro, a).await.unwrap(), "{label}");
        assert!(store.works_on_case(pro, b).await.unwrap(), "{label}");
        assert!(!store.works_on_case(other, a).await.unwrap(), "{label}");
        assert_eq!(store.interviewer_of(a).await.unwrap(), Some(pro), "{label}");
        // moved, earlier, to another professional: the interview is theirs now
        store
            .book_interview(&booking(a, other, 1_800_050_000, false), Vec::new)
            .await
            .unwrap();
        assert_eq!(
            store.interviewer_of(a).await.unwrap(),
            Some(other),
            "{label}"
        );
        assert_eq!(store.interviewer_of(b).await.unwrap(), None, "{label}");
    })
);
