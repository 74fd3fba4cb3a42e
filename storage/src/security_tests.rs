//! The second factor and attempt limits, on every backend.
use super::*;
use crate::test_support::on_every_backend;
use domain::ids::StaffId;
use domain::staff::Role;

async fn secret_of(store: &Store, id: StaffId) -> Option<String> {
    store.staff_by_id(id).await.unwrap().totp_secret
}

on_every_backend!(
    a_second_factor_is_enrolled_once_its_codes_are_good_once_and_an_admin_reset_ends_sessions,
    |store, label| Box::pin(async move {
        let admin = store
            .create_staff("admin@x.it", "Admin", &[Role::Admin], 0)
            .await
            .unwrap()
            .unwrap();
        let user = store
            .create_staff("user@x.it", "User", &[Role::Admin], 0)
            .await
            .unwrap()
            .unwrap();
        assert!(
            store.begin_second_factor(user, "FIRST").await.unwrap(),
            "{label}"
        );
        assert!(
            store.finish_second_factor(user, 100, 10).await.unwrap(),
            "{label}"
        );
        assert_eq!(
            secret_of(&store, user).await.as_deref(),
            Some("FIRST"),
            "{label}"
        );
        // with a second factor, no new enrolment: not begun, not finished, secret unchanged
        assert!(
            !store.begin_second_factor(user, "EVIL").await.unwrap(),
            "{label}"
        );
        assert!(
            !store.finish_second_factor(user, 200, 20).await.unwrap(),
            "{label}"
        );
        assert_eq!(
            secret_of(&store, user).await.as_deref(),
            Some("FIRST"),
            "{label}"
        );
        // the enrolment's step is spent; later steps once each
        assert!(
            !store.spend_second_factor_step(user, 100).await.unwrap(),
            "{label}"
        );
        assert!(
            store.spend_second_factor_step(user, 101).await.unwrap(),
            "{label}"
        );
        assert!(
            !store.spend_second_factor_step(user, 101).await.unwrap(),
            "{label}"
        );
        assert!(
            !store.spend_second_factor_step(user, 99).await.unwrap(),
            "{label}"
        );
        // an admin's reset: no secret, no session, audited
        store
            .create_session("s1", user, true, "", 10)
            .await
            .unwrap();
        store.reset_second_factor(user, admin, 30).await.unwrap();
        let account = store.staff_by_id(user).await.unwrap();
        assert_eq!(account.totp_secret, None, "{label}");
        assert!(store.session("s1").await.unwrap().is_none(), "{label}");
        let (log, _) = store
            .audit_entries(Some(admin), None, Some("second_factor_reset"), 0, 10)
            .await
            .unwrap();
        assert_eq!(log.len(), 1, "{label}");
        // and a new one can be enrolled
        assert!(
            store.begin_second_factor(user, "NEW").await.unwrap(),
            "{label}"
        );
        // an account that does not exist is not found
        assert!(matches!(
            store
                .reset_second_factor(StaffId::new(999_999), admin, 40)
                .await,
            Err(StoreError::NotFound)
        ));
        // the secret never shows in a debug print
        store
            .set_totp_secret(user, Some("SECRETVALUE"))
            .await
            .unwrap();
        store
            .set_password_hash(user, "$argon2id$HASHVALUE")
            .await
            .unwrap();
        let printed = format!("{:?}", store.staff_by_id(user).await.unwrap());
        assert!(printed.contains("user@x.it"), "{label}: {printed}");
        assert!(
            !printed.contains("SECRETVALUE") && !printed.contains("HASHVALUE"),
            "{label}: {printed}"
        );
    })
);

on_every_backend!(
    attempts_are_exhausted_within_their_window_only,
    |store, label| Box::pin(async move {
        assert!(
            !store.attempts_exhausted("b", 2, 60, 1000).await.unwrap(),
            "{label}"
        );
        store.allow_attempt("b", 2, 60, 1000).await.unwrap();
        assert!(
            !store.attempts_exhausted("b", 2, 60, 1001).await.unwrap(),
            "{label}"
        );
        store.allow_attempt("b", 2, 60, 1001).await.unwrap();
        assert!(
            store.attempts_exhausted("b", 2, 60, 1002).await.unwrap(),
            "{label}"
        );
        assert!(
            !store
                .attempts_exhausted("other", 2, 60, 1002)
                .await
                .unwrap(),
            "{label}"
        );
        assert!(
            !store.attempts_exhausted("b", 2, 60, 1061).await.unwrap(),
            "{label}"
        );
    })
);

on_every_backend!(
    sessions_end_only_where_their_owner_or_an_admin_says_and_each_end_is_audited,
    |store, label| Box::pin(async move {
        let staff = |email: &'static str| {
            let store = store.clone();
            async move {
                store
                    .create_staff(email, email, &[Role::Secretariat], 0)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let (sara, luca, admin) = (
            staff("s@x.it").await,
            staff("l@x.it").await,
            staff("a@x.it").await,
        );
        for (hash, who, at) in [
            ("s1", sara, 10),
            ("s2", sara, 20),
            ("s3", sara, 30),
            ("l1", luca, 10),
            ("a1", admin, 10),
        ] {
            store
                .create_session(hash, who, true, "Firefox · Linux", at)
                .await
                .unwrap();
        }
        store.touch_session("s1", 50).await.unwrap();
        let hashes =
            |rows: Vec<SessionRow>| rows.into_iter().map(|r| r.id_hash).collect::<Vec<_>>();
        assert_eq!(
            hashes(store.sessions_of(sara).await.unwrap()),
            ["s1", "s3", "s2"],
            "{label}: the most recently used first"
        );
        assert_eq!(
            store.sessions_of(sara).await.unwrap()[0].device,
            "Firefox · Linux",
            "{label}"
        );

        // Sara cannot end Luca's session by naming it.
        assert!(
            !store.end_own_session(sara, "l1", 60).await.unwrap(),
            "{label}"
        );
        assert_eq!(store.sessions_of(luca).await.unwrap().len(), 1, "{label}");
        assert!(
            store.end_own_session(sara, "s3", 60).await.unwrap(),
            "{label}"
        );

        // A new password, keeping s1, ends s2; Luca's stays.
        store
            .change_password(sara, "new-hash", Some("s1"), 70)
            .await
            .unwrap();
        assert_eq!(
            hashes(store.sessions_of(sara).await.unwrap()),
            ["s1"],
            "{label}"
        );
        assert_eq!(
            store
                .staff_by_id(sara)
                .await
                .unwrap()
                .password_hash
                .as_deref(),
            Some("new-hash"),
            "{label}"
        );
        assert_eq!(store.sessions_of(luca).await.unwrap().len(), 1, "{label}");

        // An admin ends Luca's, then everyone's but their own.
        assert_eq!(
            store.end_sessions_of(luca, admin, 80).await.unwrap(),
            1,
            "{label}"
        );
        store
            .create_session("l2", luca, true, "", 85)
            .await
            .unwrap();
        assert_eq!(
            store.end_all_sessions(admin, "a1", 90).await.unwrap(),
            2,
            "{label}"
        );
        assert_eq!(
            store.session_counts().await.unwrap(),
            vec![(admin, 1)],
            "{label}"
        );

        for (who, action) in [
            (sara, "staff_session_ended"),
            (sara, "password_changed"),
            (admin, "staff_sessions_ended"),
            (admin, "all_sessions_ended"),
        ] {
            let entries = store
                .audit_entries(Some(who), None, Some(action), 0, 10)
                .await
                .unwrap()
                .0;
            assert_eq!(entries.len(), 1, "{label}: {action}");
        }
    })
);
