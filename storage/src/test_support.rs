//! Each storage test runs on a fresh SQLite file and, when `INSIEME_TEST_POSTGRES` names a server,
//! on a fresh PostgreSQL database created for it and dropped afterwards.
use super::Store;
use domain::ids::ApplicantId;
use sqlx::Executor;

pub struct TestDb {
    pub store: Store,
    /// Where a second "server instance" connects to the same database.
    pub url: String,
    pub label: &'static str,
    cleanup: Option<(String, String)>,
    _dir: Option<std::path::PathBuf>,
}

fn unique() -> String {
    format!("{}_{}", std::process::id(), rand::random::<u64>())
}

pub async fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(format!("insieme-test-{}", unique()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}/test.db", dir.display());
    let store = Store::connect(&url).await.expect("sqlite store");
    TestDb {
        store,
        url,
        label: "sqlite",
        cleanup: None,
        _dir: Some(dir),
    }
}

pub async fn postgres() -> Option<TestDb> {
    let server = std::env::var("INSIEME_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())?;
    sqlx::any::install_default_drivers();
    let name = format!("insieme_test_{}", unique());
    let admin_url = format!("{server}/postgres");
    let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
        .await
        .expect("postgres admin connection");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create test database");
    let url = format!("{server}/{name}");
    let store = Store::connect(&url).await.expect("postgres store");
    Some(TestDb {
        store,
        url,
        label: "postgres",
        cleanup: Some((admin_url, name)),
        _dir: None,
    })
}

impl TestDb {
    pub async fn drop_db(self) {
        self.store.close().await;
        if let Some((admin_url, name)) = self.cleanup {
            if let Ok(mut admin) =
                <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url).await
            {
                let _ = admin
                    .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                    .await;
            }
        }
        if let Some(dir) = self._dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// A fresh database on every backend available, for the test named `test`.
#[cfg(test)]
pub(crate) async fn every_backend(test: &str) -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    match postgres().await {
        Some(db) => dbs.push(db),
        None => eprintln!("{test}: PostgreSQL skipped (INSIEME_TEST_POSTGRES not set)"),
    }
    dbs
}

/// Runs `test` against every backend available.
#[cfg(test)]
macro_rules! on_every_backend {
    ($name:ident, $body:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $name() {
            for db in $crate::test_support::every_backend(stringify!($name)).await {
                let f: fn(
                    $crate::Store,
                    &'static str,
                )
                    -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> = $body;
                f(db.store.clone(), db.label).await;
                db.drop_db().await;
            }
        }
    };
}
#[cfg(test)]
pub(crate) use on_every_backend;

/// What a running installation holds besides what a test adds.
pub struct History {
    /// Enrolled months ago through drafts that have since expired and been deleted.
    pub enrolled: Vec<ApplicantId>,
    /// Enrolled, then withdrew (names and contacts erased).
    pub withdrawn: ApplicantId,
    /// Enrolled, then closed by the secretariat.
    pub closed: ApplicantId,
}

/// Seeds `store` with the history of an installation that has run for a while before `now`: people
/// enrolled through drafts that were later deleted with the expired ones, an abandoned draft
/// deleted too, a withdrawal and a closed case. A test that starts from an empty database misses
/// what users meet: SQLite handed the ids of deleted drafts out again, and every submission
/// collided with an old enrolment (issue 14).
pub async fn seed_history(store: &Store, now: i64) -> History {
    use super::{NewApplicant, NewDraft, SubmitOutcome};
    use domain::case::{CaseEvent, CloseReason};
    let long_ago = now - 200 * 86400;
    let mut enrolled = Vec::new();
    for n in 0..4 {
        let tag = format!("{n}-{}", rand::random::<u32>());
        let draft = store
            .create_draft(&NewDraft {
                token_hash: format!("history-draft-{tag}"),
                comune_istat: "037006".into(),
                answers_json: "{}".into(),
                now: long_ago,
                expires_at: long_ago + 30 * 86400,
            })
            .await
            .expect("history draft");
        let applicant = NewApplicant {
            first_name: format!("Storia{n}"),
            last_name: "Passata".into(),
            birth_date: "1970-05-06".into(),
            sex: "M".into(),
            gender: "man".into(),
            codice_fiscale: None,
            identity_key: format!("history-identity-{tag}"),
            mobile: format!("+39340{n:07}"),
            email: None,
            language: "it".into(),
            comune_istat: "037006".into(),
            answers_json: "{}".into(),
            privacy_version: "history".into(),
            received_at: long_ago,
            due_soon_at: long_ago + 21 * 86400,
            contact_due: long_ago + 28 * 86400,
            contact_limit: long_ago + 35 * 86400,
            needs_flagged: false,
            status_token_hash: format!("history-status-{tag}"),
        };
        match store
            .submit(draft, &applicant, |_| Vec::new())
            .await
            .expect("history enrolment")
        {
            SubmitOutcome::Enrolled { applicant_id, .. } => enrolled.push(applicant_id),
            other => panic!("history enrolment: {other:?}"),
        }
    }
    store
        .create_draft(&NewDraft {
            token_hash: format!("history-abandoned-{}", rand::random::<u32>()),
            comune_istat: "037006".into(),
            answers_json: "{}".into(),
            now: long_ago,
            expires_at: long_ago + 30 * 86400,
        })
        .await
        .expect("abandoned draft");
    store
        .delete_expired_drafts(now)
        .await
        .expect("expired drafts deleted");
    let withdrawn = enrolled[1];
    store
        .withdraw(withdrawn, long_ago + 40 * 86400, &crate::tell_nobody)
        .await
        .expect("withdrawal");
    let closed = enrolled[2];
    store
        .change_case(
            closed,
            None,
            CaseEvent::Close(CloseReason::Unreachable),
            Some("unreachable"),
            long_ago + 36 * 86400,
        )
        .await
        .expect("closed case");
    History {
        enrolled,
        withdrawn,
        closed,
    }
}
