//! Traineeships on every backend, in a database with a history: tutor submissions recorded once
//! however often they are resent (the offline queue), concerns for the professional who owns the
//! case, a tutor's list for today, and the end of a traineeship moving the board.
use super::*;
use crate::board_tests::{
    add_contact, candidate, company, position, sent_proposal, staff, team, today, NOW,
};
use crate::test_support::{on_every_backend, seed_history};
use chrono::NaiveTime;
use domain::board::{Contract, Mover, NotSelectedReason, Placement, Stage};
use domain::case::CaseState;
use domain::ids::{ProposalId, StaffId};
use domain::staff::Role;
use domain::traineeship::{
    EndReason, Evaluation, EvaluationKind, Note, Presence, Progress, Recommendation, Terms,
};
use std::sync::{Arc, Mutex};

/// Everything a traineeship needs: the secretariat, the professional who assessed the person, the
/// programme's tutor, the company's contact, and a proposal at the board's traineeship stage.
struct Setting {
    sec: StaffId,
    pro: StaffId,
    tutor: StaffId,
    contact: StaffId,
    proposals: Vec<ProposalId>,
}

async fn setting(store: &Store, people: u32) -> Setting {
    let (sec, pro) = team(store).await;
    let tutor = staff(store, "t@x.it", Role::Tutor).await;
    let (co, site) = company(store, sec, "Magazzini Emilia", "0000004037").await;
    let contact = add_contact(store, co, "Carla Capo", "carla@emilia.it", sec)
        .await
        .unwrap();
    let pos = position(store, co, site, sec).await;
    let mut proposals = Vec::new();
    for n in 1..=people {
        let who = candidate(store, n, pro, "profile").await;
        let p = sent_proposal(store, pos, who, sec).await;
        for (from, to) in [
            (Stage::Sent, Stage::Interview),
            (Stage::Interview, Stage::Traineeship),
        ] {
            store
                .move_proposal(p, from, to, None, Mover::Secretariat, sec, today(), NOW)
                .await
                .unwrap();
        }
        proposals.push(p);
    }
    Setting {
        sec,
        pro,
        tutor,
        contact,
        proposals,
    }
}

/// Three months from `today()`, Monday to Friday, 9 to 13.
fn terms(s: &Setting) -> Terms {
    Terms {
        company_tutor: s.contact.get(),
        tutor: s.tutor.get(),
        objectives: vec!["Usare il palmare".into(), "Preparare gli ordini".into()],
        weekly_hours: 20,
        weekdays: vec![1, 2, 3, 4, 5],
        day_starts: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        day_ends: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        start: today() - chrono::Duration::days(14),
        end: today() + chrono::Duration::days(76),
        allowance_cents: 45_000,
    }
}

fn note(text: &str, concern: bool) -> Note {
    Note {
        presets: vec!["on_time".into()],
        text: text.into(),
        concern,
    }
}

fn key(n: usize) -> String {
    format!("key-{n:016}")
}

fn quiet(_: &Concern<'_>) -> Vec<NewMessage> {
    Vec::new()
}

on_every_backend!(
    tutor_submissions_are_recorded_once_however_often_they_are_resent,
    |store, label| Box::pin(async move {
        seed_history(&store, NOW).await;
        let s = setting(&store, 1).await;
        let t = store
            .create_traineeship(s.proposals[0], &terms(&s), s.sec, NOW)
            .await
            .unwrap();
        let day = today();
        // A presence sent twice (the answer to the first was lost) is one mark.
        for expected in [Recorded::Now, Recorded::Already] {
            let r = store
                .record_presence(&key(1), s.tutor, t, day, Presence::Present, day, NOW)
                .await
                .unwrap();
            assert_eq!(r, expected, "{label}");
        }
        assert_eq!(
            store.presence_counts(t).await.unwrap(),
            (1, 0, 0),
            "{label}"
        );
        // A correction is a new submission and replaces the day's mark; resending the first one
        // afterwards does not undo it.
        store
            .record_presence(&key(2), s.tutor, t, day, Presence::Justified, day, NOW + 1)
            .await
            .unwrap();
        store
            .record_presence(&key(1), s.tutor, t, day, Presence::Present, day, NOW + 2)
            .await
            .unwrap();
        assert_eq!(
            store.presence_counts(t).await.unwrap(),
            (0, 0, 1),
            "{label}"
        );
        // Days outside the traineeship, or still to come, are refused.
        for bad in [
            day + chrono::Duration::days(1),
            day - chrono::Duration::days(15),
        ] {
            assert!(
                matches!(
                    store
                        .record_presence(&key(3), s.tutor, t, bad, Presence::Present, day, NOW)
                        .await,
                    Err(TraineeshipError::DayOutside)
                ),
                "{label}"
            );
        }
        // 500 notes queued offline arrive at once, and the whole queue is sent again because the
        // network dropped before the answers came back: 500 notes, none twice, none lost.
        let sends: Vec<_> = (0..1000)
            .map(|i| {
                let store = store.clone();
                let n = 100 + i % 500;
                let tutor = s.tutor;
                tokio::spawn(async move {
                    store
                        .record_note(
                            &key(n),
                            tutor,
                            t,
                            &note(&format!("nota {n}"), false),
                            NOW - 60,
                            NOW,
                            &quiet,
                        )
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut now_count = 0;
        for r in sends {
            if r.await.unwrap() == Recorded::Now {
                now_count += 1;
            }
        }
        assert_eq!(now_count, 500, "{label}");
        let notes = store.notes_of(t, 10_000).await.unwrap();
        assert_eq!(notes.len(), 500, "{label}");
        let mut texts: Vec<&str> = notes.iter().map(|n| n.text.as_str()).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), 500, "{label}");
        assert_eq!(
            notes[0].written_at,
            NOW - 60,
            "{label}: the time it was written"
        );
        // Objectives: progress once per key; an objective of another traineeship is refused and
        // its key stays free.
        let objectives = store.objectives_of(t).await.unwrap();
        assert_eq!(objectives.len(), 2, "{label}");
        store
            .record_objective(
                &key(700),
                s.tutor,
                t,
                objectives[1].id,
                Progress::InProgress,
                NOW,
            )
            .await
            .unwrap();
        assert!(
            matches!(
                store
                    .record_objective(
                        &key(701),
                        s.tutor,
                        t,
                        domain::ids::ObjectiveId::new(999_999),
                        Progress::Reached,
                        NOW
                    )
                    .await,
                Err(TraineeshipError::NoSuchObjective)
            ),
            "{label}"
        );
        store
            .record_objective(
                &key(701),
                s.tutor,
                t,
                objectives[0].id,
                Progress::Reached,
                NOW,
            )
            .await
            .unwrap();
        let progress: Vec<String> = store
            .objectives_of(t)
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.progress)
            .collect();
        assert_eq!(progress, ["reached", "in_progress"], "{label}");
    })
);

on_every_backend!(
    a_concern_reaches_the_professional_who_owns_the_case,
    |store, label| Box::pin(async move {
        seed_history(&store, NOW).await;
        let s = setting(&store, 1).await;
        let other = staff(&store, "o@x.it", Role::Professional).await;
        let t = store
            .create_traineeship(s.proposals[0], &terms(&s), s.sec, NOW)
            .await
            .unwrap();
        let told = Arc::new(Mutex::new(Vec::new()));
        let teller = {
            let told = told.clone();
            move |c: &Concern<'_>| {
                told.lock()
                    .unwrap()
                    .push((c.professional_email.to_owned(), c.written_by.to_owned()));
                vec![NewMessage {
                    channel: Channel::Email,
                    recipient: c.professional_email.to_owned(),
                    subject: "concern".into(),
                    body: c.note.text.clone(),
                    calendar: None,
                }]
            }
        };
        store
            .record_note(
                &key(1),
                s.tutor,
                t,
                &note("tutto bene", false),
                NOW,
                NOW,
                &teller,
            )
            .await
            .unwrap();
        assert!(told.lock().unwrap().is_empty(), "{label}");
        // Sent twice: one concern, one email.
        for _ in 0..2 {
            store
                .record_note(
                    &key(2),
                    s.tutor,
                    t,
                    &note("non si è presentato e non risponde", true),
                    NOW,
                    NOW + 1,
                    &teller,
                )
                .await
                .unwrap();
        }
        assert_eq!(
            *told.lock().unwrap(),
            vec![("p@x.it".to_owned(), "t@x.it".to_owned())],
            "{label}"
        );
        let mails: Vec<_> = store
            .outbox_pending(1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.subject == "concern")
            .collect();
        assert_eq!(mails.len(), 1, "{label}");
        let open = store.open_concerns(s.pro).await.unwrap();
        assert_eq!(open.len(), 1, "{label}");
        assert_eq!(
            open[0].text, "non si è presentato e non risponde",
            "{label}"
        );
        assert!(
            store.open_concerns(other).await.unwrap().is_empty(),
            "{label}"
        );
        // Only the owner marks it as seen, once.
        assert!(
            !store
                .mark_concern_seen(open[0].note_id, other, NOW + 5)
                .await
                .unwrap(),
            "{label}"
        );
        assert!(
            store
                .mark_concern_seen(open[0].note_id, s.pro, NOW + 5)
                .await
                .unwrap(),
            "{label}"
        );
        assert!(
            !store
                .mark_concern_seen(open[0].note_id, s.pro, NOW + 6)
                .await
                .unwrap(),
            "{label}"
        );
        assert!(
            store.open_concerns(s.pro).await.unwrap().is_empty(),
            "{label}"
        );
    })
);

on_every_backend!(
    a_tutor_sees_today_only_the_traineeships_they_follow,
    |store, label| Box::pin(async move {
        seed_history(&store, NOW).await;
        let s = setting(&store, 2).await;
        let other_tutor = staff(&store, "t2@x.it", Role::Tutor).await;
        let first = store
            .create_traineeship(s.proposals[0], &terms(&s), s.sec, NOW)
            .await
            .unwrap();
        let mut later = terms(&s);
        later.tutor = other_tutor.get();
        later.day_starts = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
        later.day_ends = NaiveTime::from_hms_opt(18, 0, 0).unwrap();
        let second = store
            .create_traineeship(s.proposals[1], &later, s.sec, NOW)
            .await
            .unwrap();
        store
            .record_presence(
                &key(1),
                s.tutor,
                first,
                today(),
                Presence::Absent,
                today(),
                NOW,
            )
            .await
            .unwrap();
        let mine = store.tutor_today(s.tutor, false, today()).await.unwrap();
        assert_eq!(mine.len(), 1, "{label}");
        assert_eq!(
            (mine[0].id, mine[0].today_mark.as_deref()),
            (first, Some("absent")),
            "{label}"
        );
        let theirs = store
            .tutor_today(other_tutor, false, today())
            .await
            .unwrap();
        assert_eq!(
            theirs.iter().map(|r| r.id).collect::<Vec<_>>(),
            [second],
            "{label}"
        );
        // The company's tutor sees both, in the order of the day.
        let company = store.tutor_today(s.contact, true, today()).await.unwrap();
        assert_eq!(
            company.iter().map(|r| r.id).collect::<Vec<_>>(),
            [first, second],
            "{label}"
        );
        // Before the start, after the end, or once ended, nobody has it today.
        let far = today() + chrono::Duration::days(200);
        assert!(
            store
                .tutor_today(s.tutor, false, far)
                .await
                .unwrap()
                .is_empty(),
            "{label}"
        );
        store
            .end_traineeship(
                first,
                &Ending::Ended(EndReason::Health),
                s.sec,
                today(),
                NOW,
            )
            .await
            .unwrap();
        assert!(
            store
                .tutor_today(s.tutor, false, today())
                .await
                .unwrap()
                .is_empty(),
            "{label}"
        );
    })
);

on_every_backend!(a_traineeship_ends_into_the_board, |store, label| Box::pin(
    async move {
        seed_history(&store, NOW).await;
        let s = setting(&store, 3).await;
        let terms = terms(&s);
        let t = store
            .create_traineeship(s.proposals[0], &terms, s.sec, NOW)
            .await
            .unwrap();
        assert!(
            matches!(
                store
                    .create_traineeship(s.proposals[0], &terms, s.sec, NOW)
                    .await,
                Err(TraineeshipError::AlreadyExists)
            ),
            "{label}"
        );
        // Extended: only later than now, within twelve months of the start.
        for bad in [terms.end, terms.start + chrono::Duration::days(400)] {
            assert!(
                matches!(
                    store
                        .end_traineeship(t, &Ending::Extended(bad), s.sec, today(), NOW)
                        .await,
                    Err(TraineeshipError::BadExtension)
                ),
                "{label}"
            );
        }
        let new_end = terms.end + chrono::Duration::days(30);
        assert_eq!(
            store
                .end_traineeship(t, &Ending::Extended(new_end), s.sec, today(), NOW)
                .await
                .unwrap(),
            None,
            "{label}"
        );
        assert_eq!(
            store.traineeship(t).await.unwrap().end(),
            new_end,
            "{label}"
        );
        // A mark for today under key `n`.
        let mark = |n: usize, presence: Presence| {
            let store = store.clone();
            let tutor = s.tutor;
            async move {
                store
                    .record_presence(&key(n), tutor, t, today(), presence, today(), NOW)
                    .await
            }
        };
        mark(899, Presence::Present).await.unwrap();
        // Hired: the board's proposal is hired and the case placed, at once.
        let placement = Placement {
            contract: Contract::FixedTerm,
            start: new_end + chrono::Duration::days(1),
            weekly_hours: 30,
        };
        let moved = store
            .end_traineeship(t, &Ending::Hired(placement), s.sec, today(), NOW + 10)
            .await
            .unwrap()
            .expect("the candidate to tell");
        let row = store.traineeship(t).await.unwrap();
        assert_eq!(
            (row.state.as_str(), row.outcome.as_deref()),
            ("ended", Some("hired")),
            "{label}"
        );
        assert_eq!(
            store.proposal(s.proposals[0]).await.unwrap().stage,
            Stage::Hired,
            "{label}"
        );
        assert_eq!(
            store.case_record(moved.applicant_id).await.unwrap().state,
            CaseState::Placed,
            "{label}"
        );
        assert!(
            matches!(
                store
                    .end_traineeship(t, &Ending::Ended(EndReason::Other), s.sec, today(), NOW)
                    .await,
                Err(TraineeshipError::NotActive)
            ),
            "{label}"
        );
        // Its record is closed: a tap or a note sent after the end is refused, while one sent
        // before it and sent again is still "recorded".
        let after_end = mark(900, Presence::Absent).await;
        assert!(
            matches!(after_end, Err(TraineeshipError::NotActive)),
            "{label}"
        );
        let resent = mark(899, Presence::Present).await.unwrap();
        assert_eq!(resent, Recorded::Already, "{label}");
        assert_eq!(
            store.presence_counts(t).await.unwrap(),
            (1, 0, 0),
            "{label}"
        );
        assert!(
            matches!(
                store
                    .record_note(
                        &key(901),
                        s.tutor,
                        t,
                        &note("dopo", true),
                        NOW,
                        NOW + 20,
                        &quiet
                    )
                    .await,
                Err(TraineeshipError::NotActive)
            ),
            "{label}"
        );
        let objective = store.objectives_of(t).await.unwrap()[0].id;
        assert!(
            matches!(
                store
                    .record_objective(
                        &key(902),
                        s.tutor,
                        t,
                        objective,
                        Progress::Reached,
                        NOW + 20
                    )
                    .await,
                Err(TraineeshipError::NotActive)
            ),
            "{label}"
        );
        assert_eq!(store.notes_of(t, 10).await.unwrap().len(), 0, "{label}");
        // Left by the trainee: not selected, declined by the candidate.
        let t2 = store
            .create_traineeship(s.proposals[1], &terms, s.sec, NOW)
            .await
            .unwrap();
        store
            .end_traineeship(
                t2,
                &Ending::Ended(EndReason::DroppedOut),
                s.sec,
                today(),
                NOW + 20,
            )
            .await
            .unwrap();
        let p2 = store.proposal(s.proposals[1]).await.unwrap();
        assert_eq!(
            (p2.stage, p2.reason),
            (
                Stage::NotSelected,
                Some(NotSelectedReason::CandidateDeclined)
            ),
            "{label}"
        );
        // Moved on by the board itself: the traineeship ends with it.
        let t3 = store
            .create_traineeship(s.proposals[2], &terms, s.sec, NOW)
            .await
            .unwrap();
        store
            .move_proposal(
                s.proposals[2],
                Stage::Traineeship,
                Stage::NotSelected,
                Some(NotSelectedReason::Other),
                Mover::Secretariat,
                s.sec,
                today(),
                NOW + 30,
            )
            .await
            .unwrap();
        let row = store.traineeship(t3).await.unwrap();
        assert_eq!(
            (row.state.as_str(), row.outcome.as_deref()),
            ("ended", Some("other")),
            "{label}"
        );
        // Only a candidate at the traineeship stage gets one.
        assert!(
            matches!(
                store
                    .create_traineeship(s.proposals[2], &terms, s.sec, NOW)
                    .await,
                Err(TraineeshipError::NotAtTraineeshipStage | TraineeshipError::AlreadyExists)
            ),
            "{label}"
        );
    }
));

on_every_backend!(
    a_company_tutor_evaluates_halfway_and_at_the_end,
    |store, label| Box::pin(async move {
        seed_history(&store, NOW).await;
        let s = setting(&store, 1).await;
        let t = store
            .create_traineeship(s.proposals[0], &terms(&s), s.sec, NOW)
            .await
            .unwrap();
        let evaluation = |kind, punctuality, recommendation| Evaluation {
            kind,
            skills: "Prepara gli ordini, usa il palmare".into(),
            punctuality,
            autonomy: 3,
            recommendation,
        };
        store
            .record_evaluation(
                t,
                &evaluation(EvaluationKind::Midterm, 2, Recommendation::NotYet),
                s.contact,
                NOW,
            )
            .await
            .unwrap();
        store
            .record_evaluation(
                t,
                &evaluation(EvaluationKind::Final, 3, Recommendation::Extend),
                s.contact,
                NOW + 1,
            )
            .await
            .unwrap();
        // The final one corrected: it replaces the first, the midterm stays.
        store
            .record_evaluation(
                t,
                &evaluation(EvaluationKind::Final, 4, Recommendation::Hire),
                s.contact,
                NOW + 2,
            )
            .await
            .unwrap();
        let all = store.evaluations_of(t).await.unwrap();
        let seen: Vec<(&str, i64, &str)> = all
            .iter()
            .map(|e| (e.kind.as_str(), e.punctuality, e.recommendation.as_str()))
            .collect();
        assert_eq!(
            seen,
            [("midterm", 2, "not_yet"), ("final", 4, "hire")],
            "{label}"
        );
        assert_eq!(all[1].written_by.as_deref(), Some("Carla Capo"), "{label}");
        // The signed training project is kept with it, among the company's documents.
        let pdf = b"%PDF-1.4 progetto formativo %%EOF";
        let doc = store
            .attach_project(t, pdf, "sha", s.sec, NOW)
            .await
            .unwrap();
        assert_eq!(
            store.traineeship(t).await.unwrap().project_document_id,
            Some(doc),
            "{label}"
        );
        assert_eq!(
            store.document(doc).await.unwrap().1,
            pdf.to_vec(),
            "{label}"
        );
    })
);
