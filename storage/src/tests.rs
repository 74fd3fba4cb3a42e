use super::*;
use crate::test_support::on_every_backend;
#[allow(unused_imports)]
use domain::ids::{ApplicantId, CompanyId, PositionId, ProposalId, StaffId};

fn draft(token: &str, now: i64) -> NewDraft {
    NewDraft {
        token_hash: format!("hash-{token}"),
        comune_istat: "037006".into(),
        answers_json: "{}".into(),
        now,
        expires_at: now + 1000,
    }
}

fn person(n: u32) -> NewApplicant {
    NewApplicant {
        first_name: format!("Anna{n}"),
        last_name: "Rossi".into(),
        birth_date: "1990-01-02".into(),
        sex: "F".into(),
        gender: "woman".into(),
        codice_fiscale: Some(format!("CF{n:014}")),
        identity_key: format!("identity-{n}"),
        mobile: format!("+39333{n:07}"),
        email: Some(format!("anna{n}@example.it")),
        language: "it".into(),
        comune_istat: "037006".into(),
        answers_json: "{}".into(),
        privacy_version: "test".into(),
        received_at: 1_000,
        due_soon_at: 1_000 + 21 * 86400,
        contact_due: 1_000 + 28 * 86400,
        contact_limit: 1_000 + 35 * 86400,
        needs_flagged: false,
        status_token_hash: format!("status-{n}-{}", rand::random::<u64>()),
    }
}

fn mail(to: &str) -> Vec<NewMessage> {
    vec![NewMessage {
        calendar: None,
        channel: Channel::Email,
        recipient: to.into(),
        subject: "s".into(),
        body: "b".into(),
    }]
}

on_every_backend!(
    a_draft_keeps_every_answer_until_it_expires,
    |store, label| Box::pin(async move {
        let id = store.create_draft(&draft("a", 100)).await.unwrap();
        store
            .save_draft(
                id,
                r#"{"first_name":"<b>Zoë'); DROP TABLE drafts;--"}"#,
                2,
                Some(1),
                110,
                500,
            )
            .await
            .unwrap();
        let d = store
            .draft_by_token("hash-a", 120)
            .await
            .unwrap()
            .expect(label);
        assert_eq!(
            d.answers_json, r#"{"first_name":"<b>Zoë'); DROP TABLE drafts;--"}"#,
            "{label}"
        );
        assert_eq!((d.step, d.errors_step), (2, Some(1)), "{label}");
        assert!(
            store.draft_by_token("hash-a", 500).await.unwrap().is_none(),
            "{label}: expired"
        );
        assert_eq!(
            store.delete_expired_drafts(500).await.unwrap(),
            1,
            "{label}"
        );
    })
);

on_every_backend!(
    submission_enrols_once_with_its_deadlines_and_mail,
    |store, label| Box::pin(async move {
        let id = store.create_draft(&draft("b", 100)).await.unwrap();
        let a = person(1);
        let first = store
            .submit(id, &a, |r| mail(&format!("{r}@x.it")))
            .await
            .unwrap();
        let SubmitOutcome::Enrolled {
            applicant_id,
            reference,
        } = first
        else {
            panic!("{label}: {first:?}")
        };
        assert_eq!(reference, format!("BO-{applicant_id:06}"));
        // A double tap: the same draft again writes nothing new.
        let again = store.submit(id, &a, mail).await.unwrap();
        assert_eq!(
            again,
            SubmitOutcome::AlreadySubmitted { applicant_id },
            "{label}"
        );
        assert_eq!(store.enrolment_count().await.unwrap(), 1, "{label}");
        let status = store
            .applicant_by_status_token(&a.status_token_hash, 120)
            .await
            .unwrap()
            .expect(label);
        assert_eq!(
            (status.contact_due, status.contact_limit),
            (a.contact_due, a.contact_limit),
            "{label}"
        );
        assert_eq!(status.state, "received");
        let pending = store.outbox_pending(10).await.unwrap();
        assert_eq!(pending.len(), 1, "{label}");
        assert_eq!(pending[0].recipient, format!("{reference}@x.it"));
        store
            .outbox_mark_sent(pending[0].id, 5, true)
            .await
            .unwrap();
        assert!(
            store.outbox_pending(10).await.unwrap().is_empty(),
            "{label}"
        );
        // sent: the metadata stays, the text with its personal link does not
        let sent = store.outbox_recent(10).await.unwrap();
        assert_eq!(sent[0].recipient, format!("{reference}@x.it"), "{label}");
        assert_eq!(sent[0].body, "", "{label}");
        let d = store.draft_by_token("hash-b", 120).await.unwrap().unwrap();
        assert_eq!(
            d.answers_json, "{}",
            "{label}: the draft no longer holds the answers"
        );
        assert_eq!(d.applicant_id, Some(applicant_id), "{label}");
        assert_eq!(d.outcome.as_deref(), Some("enrolled"), "{label}");
    })
);

on_every_backend!(the_same_person_cannot_enrol_twice, |store, label| Box::pin(
    async move {
        let d1 = store.create_draft(&draft("c1", 100)).await.unwrap();
        let d2 = store.create_draft(&draft("c2", 100)).await.unwrap();
        let d3 = store.create_draft(&draft("c3", 100)).await.unwrap();
        let SubmitOutcome::Enrolled { applicant_id, .. } =
            store.submit(d1, &person(7), |_| vec![]).await.unwrap()
        else {
            panic!("{label}")
        };
        let same_cf = NewApplicant {
            identity_key: "other".into(),
            ..person(7)
        };
        assert_eq!(
            store.submit(d2, &same_cf, |_| vec![]).await.unwrap(),
            SubmitOutcome::Duplicate { applicant_id }
        );
        let same_identity = NewApplicant {
            codice_fiscale: None,
            ..person(7)
        };
        assert_eq!(
            store.submit(d3, &same_identity, |_| vec![]).await.unwrap(),
            SubmitOutcome::Duplicate { applicant_id }
        );
        assert_eq!(store.enrolment_count().await.unwrap(), 1, "{label}");
    }
));

on_every_backend!(
    two_hundred_people_submitting_at_once_all_get_in,
    |store, label| Box::pin(async move {
        let mut tasks = Vec::new();
        for n in 0..200u32 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let id = store.create_draft(&draft(&format!("p{n}"), 100)).await?;
                store.submit(id, &person(1000 + n), mail).await
            }));
        }
        for t in tasks {
            let outcome = t
                .await
                .unwrap()
                .unwrap_or_else(|e| panic!("{label}: {e:?}"));
            assert!(matches!(outcome, SubmitOutcome::Enrolled { .. }), "{label}");
        }
        assert_eq!(store.enrolment_count().await.unwrap(), 200, "{label}");
    })
);

on_every_backend!(
    racing_submissions_of_one_person_enrol_exactly_one,
    |store, label| Box::pin(async move {
        let mut tasks = Vec::new();
        for n in 0..10u32 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let id = store
                    .create_draft(&draft(&format!("r{n}"), 100))
                    .await
                    .unwrap();
                store
                    .submit(
                        id,
                        &NewApplicant {
                            status_token_hash: format!("s{n}"),
                            ..person(3)
                        },
                        |_| vec![],
                    )
                    .await
            }));
        }
        let mut enrolled = 0;
        for t in tasks {
            match t.await.unwrap().unwrap() {
                SubmitOutcome::Enrolled { .. } => enrolled += 1,
                SubmitOutcome::Duplicate { .. } => {}
                other => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!(enrolled, 1, "{label}");
    })
);

on_every_backend!(
    withdrawal_erases_what_identifies_the_person,
    |store, label| Box::pin(async move {
        let id = store.create_draft(&draft("w", 100)).await.unwrap();
        let a = person(9);
        let SubmitOutcome::Enrolled { applicant_id, .. } =
            store.submit(id, &a, |_| vec![]).await.unwrap()
        else {
            panic!("{label}")
        };
        store
            .update_contacts(applicant_id, "+393330000999", None)
            .await
            .unwrap();
        assert_eq!(
            store
                .contact_on_file(applicant_id)
                .await
                .unwrap()
                .mobile
                .as_deref(),
            Some("+393330000999")
        );
        store
            .withdraw(applicant_id, 2_000, &crate::tell_nobody)
            .await
            .unwrap();
        assert!(
            store
                .applicant_by_status_token(&a.status_token_hash, 2_000)
                .await
                .unwrap()
                .is_none(),
            "{label}"
        );
        assert!(
            matches!(
                store.contact_on_file(applicant_id).await,
                Err(StoreError::NotFound)
            ),
            "{label}"
        );
        // The person may enrol again later.
        let id2 = store.create_draft(&draft("w2", 100)).await.unwrap();
        let again = store
            .submit(
                id2,
                &NewApplicant {
                    status_token_hash: "new".into(),
                    ..person(9)
                },
                |_| vec![],
            )
            .await
            .unwrap();
        assert!(
            matches!(again, SubmitOutcome::Enrolled { .. }),
            "{label}: {again:?}"
        );
    })
);

on_every_backend!(ineligible_people_are_only_counted, |store, label| Box::pin(
    async move {
        store
            .count_ineligible("2026-11-27", "domicile")
            .await
            .unwrap();
        store
            .count_ineligible("2026-11-27", "domicile")
            .await
            .unwrap();
        store
            .count_ineligible("2026-11-27", "active_measure")
            .await
            .unwrap();
        let counts = store.ineligible_counts().await.unwrap();
        assert_eq!(
            counts,
            vec![
                ("2026-11-27".to_owned(), "active_measure".to_owned(), 1),
                ("2026-11-27".to_owned(), "domicile".to_owned(), 2)
            ],
            "{label}"
        );
    }
));

on_every_backend!(attempts_are_limited_within_a_window, |store, label| {
    Box::pin(async move {
        for _ in 0..3 {
            assert!(
                store.allow_attempt("ip", 3, 60, 1000).await.unwrap(),
                "{label}"
            );
        }
        assert!(
            !store.allow_attempt("ip", 3, 60, 1010).await.unwrap(),
            "{label}"
        );
        assert!(
            store.allow_attempt("ip", 3, 60, 1061).await.unwrap(),
            "{label}: a new window"
        );
    })
});

on_every_backend!(
    a_submission_after_the_newest_drafts_were_deleted_is_enrolled,
    |store, label| Box::pin(async move {
        let now = 400 * 86400;
        let history = super::test_support::seed_history(&store, now).await;
        // Every draft of the history is gone: on SQLite the next draft used to get the id of one
        // that had enrolled somebody, and its submission collided with that enrolment.
        let id = store
            .create_draft(&draft("after-history", now))
            .await
            .unwrap();
        let mut a = person(1);
        a.received_at = now;
        let outcome = store
            .submit(id, &a, |_| Vec::new())
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let SubmitOutcome::Enrolled { applicant_id, .. } = outcome else {
            panic!("{label}: {outcome:?}");
        };
        assert!(!history.enrolled.contains(&applicant_id), "{label}");
        // The queue shows the open cases of the history and the new one, never a withdrawn person
        // or a closed case.
        let (rows, _) = store
            .queue(
                &QueueQuery {
                    limit: 50,
                    ..QueueQuery::default()
                },
                now,
            )
            .await
            .unwrap();
        let listed: Vec<ApplicantId> = rows.iter().map(|r| r.applicant_id).collect();
        assert!(listed.contains(&applicant_id), "{label}: {listed:?}");
        assert!(listed.contains(&history.enrolled[0]), "{label}: {listed:?}");
        assert!(!listed.contains(&history.withdrawn), "{label}: {listed:?}");
        assert!(!listed.contains(&history.closed), "{label}: {listed:?}");
        // A second send of the same draft is still the same enrolment, not a new one.
        assert_eq!(
            store.submit(id, &person(2), |_| Vec::new()).await.unwrap(),
            SubmitOutcome::AlreadySubmitted { applicant_id },
            "{label}"
        );
        // And the next person, through the next draft, too.
        let next = store
            .create_draft(&draft("after-history-2", now))
            .await
            .unwrap();
        assert!(
            matches!(
                store.submit(next, &person(3), |_| Vec::new()).await,
                Ok(SubmitOutcome::Enrolled { .. })
            ),
            "{label}"
        );
    })
);

on_every_backend!(
    a_status_link_is_replaced_by_a_new_one_and_expires_after_its_case_closed,
    |store, label| Box::pin(async move {
        use domain::case::{CaseEvent, CloseReason};
        crate::test_support::seed_history(&store, 1_000).await;
        let id = store.create_draft(&draft("link", 100)).await.unwrap();
        let a = person(7);
        let SubmitOutcome::Enrolled { applicant_id, .. } =
            store.submit(id, &a, |_| Vec::new()).await.unwrap()
        else {
            panic!("{label}: not enrolled")
        };
        let first = a.status_token_hash.clone();
        assert!(store
            .applicant_by_status_token(&first, 2_000)
            .await
            .unwrap()
            .is_some());
        store
            .add_status_token(applicant_id, "extra-link", &[], Replace::Nothing, 2_500)
            .await
            .unwrap();
        assert!(
            store
                .applicant_by_status_token(&first, 2_500)
                .await
                .unwrap()
                .is_some(),
            "{label}: a link in an interview message leaves the first one working"
        );
        store
            .add_status_token(applicant_id, "second-link", &[], Replace::Older, 3_000)
            .await
            .unwrap();
        assert!(
            store
                .applicant_by_status_token(&first, 3_000)
                .await
                .unwrap()
                .is_none(),
            "{label}: the older link is revoked"
        );
        assert!(store
            .applicant_by_status_token("extra-link", 3_000)
            .await
            .unwrap()
            .is_none());
        assert!(store
            .applicant_by_status_token("second-link", 3_000)
            .await
            .unwrap()
            .is_some());
        let closed_at = 10_000;
        store
            .change_case(
                applicant_id,
                None,
                CaseEvent::Close(CloseReason::Unreachable),
                None,
                closed_at,
            )
            .await
            .unwrap();
        let within = closed_at + STATUS_LINK_GRACE_SECS - 1;
        let after = closed_at + STATUS_LINK_GRACE_SECS + 1;
        assert!(
            store
                .applicant_by_status_token("second-link", within)
                .await
                .unwrap()
                .is_some(),
            "{label}: readable for a while after closing"
        );
        assert!(
            store
                .applicant_by_status_token("second-link", after)
                .await
                .unwrap()
                .is_none(),
            "{label}: expired"
        );
    })
);
