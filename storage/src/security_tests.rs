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
        store.create_session("s1", user, true, 10).await.unwrap();
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
