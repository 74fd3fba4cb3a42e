//! Group sessions on every backend, in a database with a history: the queue offered for an
//! information meeting, seats under a race, messages that name only their own reader, declining,
//! cancelling, the register and the reminders.
use super::*;
use crate::board_tests::{team, NOW};
use crate::plan_tests::{assessed, plan};
use crate::secretariat_tests::enrol;
use crate::test_support::{on_every_backend, seed_history};
use domain::group_session::{Invitation, SessionDetails, Topic};
use domain::ids::{ApplicantId, GroupSessionId};
use std::sync::{Arc, Mutex};

const DAY: i64 = 86400;

fn details(topic: Topic, seats: u32, in_days: i64) -> SessionDetails {
    SessionDetails {
        topic,
        title: "Incontro informativo".into(),
        starts_at: NOW + in_days * DAY,
        ends_at: NOW + in_days * DAY + 5400,
        place: "Via Sant'Isaia 90, Bologna".into(),
        video_link: String::new(),
        seats,
        language: "it".into(),
    }
}

/// A teller that keeps what it was asked to say, and writes one SMS naming its reader.
#[derive(Clone, Default)]
struct Said(Arc<Mutex<Vec<(ApplicantId, SessionNews)>>>);

impl Said {
    fn teller(&self) -> impl Fn(&SessionTold<'_>) -> Vec<NewMessage> + Send + Sync + 'static {
        let said = self.0.clone();
        move |t: &SessionTold<'_>| {
            said.lock().unwrap().push((t.guest.applicant_id, t.news));
            vec![NewMessage {
                channel: Channel::Sms,
                recipient: t.guest.mobile.clone().unwrap_or_default(),
                subject: String::new(),
                body: format!("{:?} {} {}", t.news, t.guest.first_name, t.session.title),
                calendar: None,
            }]
        }
    }

    fn take(&self) -> Vec<(ApplicantId, SessionNews)> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

fn no_one(_: &SessionTold<'_>) -> Vec<NewMessage> {
    Vec::new()
}

on_every_backend!(
    the_queue_offers_people_waiting_and_each_message_names_only_its_reader,
    |store, label| Box::pin(async move {
        let history = seed_history(&store, NOW).await;
        let (sec, pro) = team(&store).await;
        let s = store
            .create_group_session(&details(Topic::Information, 10, 5), sec, NOW)
            .await
            .unwrap();
        let a = enrol(&store, 2, "Bianchi", NOW - 3 * DAY, "037006").await;
        let b = enrol(&store, 3, "Verdi", NOW - 2 * DAY, "037006").await;
        let on_path = assessed(&store, 4, pro).await;
        let session = store.group_session(s).await.unwrap().unwrap();
        let queue = store.group_session_queue(&session, 100).await.unwrap();
        let ids: Vec<ApplicantId> = queue.iter().map(|q| q.applicant_id).collect();
        // People waiting for their assessment, Italian speakers first; never the withdrawn, the
        // closed, or someone already assessed.
        assert!(ids.contains(&a) && ids.contains(&b), "{label}: {ids:?}");
        assert!(!ids.contains(&on_path), "{label}");
        assert!(!ids.contains(&history.withdrawn), "{label}");
        assert!(!ids.contains(&history.closed), "{label}");
        let first_other = queue.iter().position(|q| q.language != "it");
        let last_it = queue.iter().rposition(|q| q.language == "it");
        if let (Some(o), Some(i)) = (first_other, last_it) {
            assert!(i < o, "{label}: Italian speakers first: {queue:?}");
        }
        let said = Said::default();
        for who in [a, b] {
            store
                .invite_to_group_session(s, who, sec, NOW, &said.teller())
                .await
                .unwrap();
        }
        assert_eq!(
            said.take(),
            vec![(a, SessionNews::Invited), (b, SessionNews::Invited)],
            "{label}"
        );
        let queue = store.group_session_queue(&session, 100).await.unwrap();
        assert!(queue.iter().all(|q| q.applicant_id != a), "{label}");
        // Each message goes to one person and names no one else.
        let messages = store.outbox_pending(1000).await.unwrap();
        let to_a: Vec<_> = messages
            .iter()
            .filter(|m| m.body.contains("Incontro informativo"))
            .collect();
        assert_eq!(to_a.len(), 2, "{label}");
        for m in &to_a {
            let names_a = m.body.contains("Anna2");
            let names_b = m.body.contains("Anna3");
            assert!(names_a != names_b, "{label}: {}", m.body);
        }
        assert!(matches!(
            store.invite_to_group_session(s, a, sec, NOW, &no_one).await,
            Err(GroupSessionError::AlreadyInvited)
        ));
        for closed in [history.closed, history.withdrawn] {
            assert!(
                matches!(
                    store
                        .invite_to_group_session(s, closed, sec, NOW, &no_one)
                        .await,
                    Err(GroupSessionError::NotInvitable(_))
                ),
                "{label}"
            );
        }
        assert!(matches!(
            store
                .invite_to_group_session(GroupSessionId::new(999_999), a, sec, NOW, &no_one)
                .await,
            Err(GroupSessionError::NotFound)
        ));
    })
);

on_every_backend!(
    only_as_many_as_the_seats_are_invited_even_when_they_race,
    |store, label| Box::pin(async move {
        seed_history(&store, NOW).await;
        let (sec, _) = team(&store).await;
        let s = store
            .create_group_session(&details(Topic::Information, 3, 5), sec, NOW)
            .await
            .unwrap();
        let mut people = Vec::new();
        for n in 0..10 {
            people.push(enrol(&store, 20 + n, "Gara", NOW - DAY, "037006").await);
        }
        for p in &people[..2] {
            store
                .invite_to_group_session(s, *p, sec, NOW, &no_one)
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
                        .invite_to_group_session(s, p, sec, NOW + 1, &no_one)
                        .await
                        .is_ok()
                })
            })
            .collect();
        let mut won = 0;
        for r in racers {
            won += usize::from(r.await.unwrap());
        }
        assert_eq!(won, 1, "{label}");
        let session = store.group_session(s).await.unwrap().unwrap();
        assert_eq!(session.invited, 3, "{label}");
        assert!(session.is_full());
        assert!(matches!(
            store
                .invite_to_group_session(s, people[9], sec, NOW + 2, &no_one)
                .await,
            Err(GroupSessionError::Full) | Err(GroupSessionError::AlreadyInvited)
        ));
        // A person declining frees their seat for someone else.
        store
            .end_group_invitation(s, people[0], None, NOW + 3, &no_one)
            .await
            .unwrap();
        let mut free = None;
        for p in &people[2..] {
            let mine = store.group_sessions_of(*p).await.unwrap();
            if !mine
                .iter()
                .any(|(g, i, _)| g.id == s && *i == Invitation::Invited)
            {
                free = Some(*p);
                break;
            }
        }
        let free = free.unwrap();
        store
            .invite_to_group_session(s, free, sec, NOW + 4, &no_one)
            .await
            .unwrap();
        assert_eq!(
            store.group_session(s).await.unwrap().unwrap().invited,
            3,
            "{label}"
        );
    })
);

on_every_backend!(
    declining_removing_and_cancelling_tell_the_person_and_free_the_seat,
    |store, label| Box::pin(async move {
        let history = seed_history(&store, NOW).await;
        let (sec, pro) = team(&store).await;
        let s = store
            .create_group_session(&details(Topic::Motivation, 5, 7), sec, NOW)
            .await
            .unwrap();
        let a = assessed(&store, 31, pro).await;
        let b = assessed(&store, 32, pro).await;
        store.save_plan(b, pro, 0, &plan("A2"), NOW).await.unwrap();
        let c = assessed(&store, 33, pro).await;
        let session = store.group_session(s).await.unwrap().unwrap();
        let queue = store.group_session_queue(&session, 100).await.unwrap();
        for who in [a, b, c] {
            assert!(
                queue.iter().any(|q| q.applicant_id == who),
                "{label}: motivation groups offer assessed people and people on a path"
            );
        }
        assert!(!queue
            .iter()
            .any(|q| history.enrolled.contains(&q.applicant_id)));
        let said = Said::default();
        for who in [a, b, c] {
            store
                .invite_to_group_session(s, who, pro, NOW, &said.teller())
                .await
                .unwrap();
        }
        said.take();
        store
            .end_group_invitation(s, a, None, NOW + 10, &said.teller())
            .await
            .unwrap();
        store
            .end_group_invitation(s, b, Some(sec), NOW + 11, &said.teller())
            .await
            .unwrap();
        assert!(matches!(
            store
                .end_group_invitation(s, a, None, NOW + 12, &said.teller())
                .await,
            Err(GroupSessionError::NotInvited)
        ));
        let mine: Vec<_> = store.group_sessions_of(a).await.unwrap();
        assert_eq!(mine.len(), 1, "{label}");
        assert_eq!(mine[0].1, Invitation::Declined, "{label}");
        assert_eq!(
            store.group_sessions_of(b).await.unwrap()[0].1,
            Invitation::Removed
        );
        // A declined person can be invited again.
        store
            .invite_to_group_session(s, a, sec, NOW + 13, &said.teller())
            .await
            .unwrap();
        assert_eq!(
            said.take(),
            vec![
                (a, SessionNews::Declined),
                (b, SessionNews::Removed),
                (a, SessionNews::Invited)
            ],
            "{label}"
        );
        // Cancelling tells everyone still invited, once.
        let told = store
            .cancel_group_session(s, sec, NOW + 20, &said.teller())
            .await
            .unwrap();
        assert_eq!(told, 2, "{label}");
        let mut news = said.take();
        news.sort_by_key(|(who, _)| *who);
        assert_eq!(
            news,
            vec![(a, SessionNews::Cancelled), (c, SessionNews::Cancelled)],
            "{label}"
        );
        assert!(matches!(
            store.cancel_group_session(s, sec, NOW + 21, &no_one).await,
            Err(GroupSessionError::Cancelled)
        ));
        assert!(matches!(
            store
                .invite_to_group_session(s, b, sec, NOW + 22, &no_one)
                .await,
            Err(GroupSessionError::Cancelled)
        ));
        assert!(store
            .group_sessions(NOW + 22, false)
            .await
            .unwrap()
            .iter()
            .all(|g| g.id != s));
        assert!(store
            .group_sessions(NOW + 22, true)
            .await
            .unwrap()
            .iter()
            .any(|g| g.id == s && g.cancelled_at.is_some()));
    })
);

on_every_backend!(
    the_register_opens_at_the_session_and_reminders_go_out_once,
    |store, label| Box::pin(async move {
        seed_history(&store, NOW).await;
        let (sec, _) = team(&store).await;
        let s = store
            .create_group_session(&details(Topic::Information, 5, 3), sec, NOW)
            .await
            .unwrap();
        let a = enrol(&store, 41, "Uno", NOW - DAY, "037006").await;
        let b = enrol(&store, 42, "Due", NOW - DAY, "037006").await;
        let outsider = enrol(&store, 43, "Tre", NOW - DAY, "037006").await;
        for who in [a, b] {
            store
                .invite_to_group_session(s, who, sec, NOW, &no_one)
                .await
                .unwrap();
        }
        let starts = NOW + 3 * DAY;
        assert!(matches!(
            store.mark_group_attendance(s, a, true, sec, NOW).await,
            Err(GroupSessionError::TooEarly)
        ));
        // Nothing due two days before; both reminded the day before, and once only.
        let said = Said::default();
        assert_eq!(
            store
                .send_group_reminders(starts - 2 * DAY, &said.teller())
                .await
                .unwrap(),
            0
        );
        let (one, other) = (said.teller(), said.teller());
        let (first, second) = tokio::join!(
            store.send_group_reminders(starts - DAY + 60, &one),
            store.send_group_reminders(starts - DAY + 60, &other)
        );
        assert_eq!(first.unwrap() + second.unwrap(), 2, "{label}");
        assert_eq!(said.take().len(), 2, "{label}");
        assert_eq!(
            store
                .send_group_reminders(starts - 3600, &said.teller())
                .await
                .unwrap(),
            0
        );
        // Someone invited within the last day gets no second message as a reminder.
        let late = enrol(&store, 44, "Tardi", NOW - DAY, "037006").await;
        store
            .invite_to_group_session(s, late, sec, starts - 7200, &no_one)
            .await
            .unwrap();
        assert_eq!(
            store
                .send_group_reminders(starts - 3600, &said.teller())
                .await
                .unwrap(),
            0,
            "{label}"
        );
        // The register: people invited only, from an hour before the start.
        store
            .mark_group_attendance(s, a, true, sec, starts - 600)
            .await
            .unwrap();
        store
            .mark_group_attendance(s, b, false, sec, starts + 600)
            .await
            .unwrap();
        store
            .mark_group_attendance(s, b, true, sec, starts + 900)
            .await
            .unwrap();
        assert!(matches!(
            store
                .mark_group_attendance(s, outsider, true, sec, starts)
                .await,
            Err(GroupSessionError::NotInvited)
        ));
        let people = store.group_session_invitees(s).await.unwrap();
        let mark = |who: ApplicantId| {
            people
                .iter()
                .find(|p| p.applicant_id == who)
                .and_then(|p| p.attendance.clone())
        };
        assert_eq!(mark(a).as_deref(), Some("present"), "{label}");
        assert_eq!(mark(b).as_deref(), Some("present"), "{label}");
        assert_eq!(
            store.group_session(s).await.unwrap().unwrap().present,
            2,
            "{label}"
        );
        // The session over, no one is invited to it any more.
        assert!(matches!(
            store
                .invite_to_group_session(s, outsider, sec, starts + 7200, &no_one)
                .await,
            Err(GroupSessionError::Over)
        ));
        // A withdrawal takes the person off the sessions still to come.
        let later = store
            .create_group_session(&details(Topic::Information, 5, 10), sec, NOW)
            .await
            .unwrap();
        store
            .invite_to_group_session(later, outsider, sec, NOW, &no_one)
            .await
            .unwrap();
        store
            .withdraw(outsider, NOW + DAY, &crate::tell_nobody)
            .await
            .unwrap();
        assert_eq!(
            store.group_sessions_of(outsider).await.unwrap()[0].1,
            Invitation::Removed,
            "{label}"
        );
        assert_eq!(
            store.group_session(later).await.unwrap().unwrap().invited,
            0
        );
    })
);
