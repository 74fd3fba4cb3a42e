//! Each storage test runs on a fresh SQLite file and, when `INSIEME_TEST_POSTGRES` names a server,
//! on a fresh PostgreSQL database created for it and dropped afterwards.
use super::Store;
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

/// Runs `test` against every backend available.
macro_rules! on_every_backend {
    ($name:ident, $body:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $name() {
            let mut dbs = vec![$crate::storage::test_support::sqlite().await];
            match $crate::storage::test_support::postgres().await {
                Some(db) => dbs.push(db),
                None => eprintln!(
                    "{}: PostgreSQL skipped (INSIEME_TEST_POSTGRES not set)",
                    stringify!($name)
                ),
            }
            for db in dbs {
                let f: fn(
                    $crate::storage::Store,
                    &'static str,
                )
                    -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> = $body;
                f(db.store.clone(), db.label).await;
                db.drop_db().await;
            }
        }
    };
}
pub(crate) use on_every_backend;
