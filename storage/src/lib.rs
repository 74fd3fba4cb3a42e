//! Storage: one API over SQLite (default, a file) and PostgreSQL (several server instances).
//! The SQL is written once in the dialect both accept and runs through sqlx's `Any` driver; what
//! differs is the connection set-up. SQLite gets one writer connection beside a reader pool, so that
//! writers queue in the pool instead of meeting "database is locked", and every commit is synced
//! (`synchronous=FULL`) before a confirmation is shown.
mod audit;
mod case;
mod case_access;
mod company_board;
mod dashboard;
mod form_drafts;
mod group_commit;
mod group_sessions;
mod intake;
mod interviews;
mod jobs;
mod limits;
mod matching;
mod outbox;
mod plans;
mod second_factor;
mod secretariat;
mod sql;
mod staff;
mod staff_sessions;
mod traineeships;
mod training;
mod ventures;

pub use audit::*;
pub use case::*;
pub use company_board::*;
pub use group_commit::Messages;
pub use group_sessions::*;
pub use intake::*;
pub use interviews::*;
pub use jobs::*;
pub use outbox::*;
pub use plans::*;
pub use secretariat::*;
pub use staff::*;
pub use staff_sessions::*;
pub use traineeships::*;
pub use training::*;
pub use ventures::*;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
}

/// Reads JSON the application stored (answers, an assessment). Text that does not read is an error
/// naming what it was, never an empty value that a later save would write over the original.
pub fn read_stored<T: serde::de::DeserializeOwned>(
    what: &str,
    json: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

type BandCounts = (i64, Vec<(domain::deadline::Band, i64)>, bool);

#[derive(Clone)]
pub struct Store {
    writer: AnyPool,
    reader: AnyPool,
    backend: Backend,
    /// The profiles matching reads, kept in memory and brought up to date from the database.
    match_cache: std::sync::Arc<tokio::sync::Mutex<matching::MatchCache>>,
    /// The queue's band counts, when they were counted, and whether a recount is under way (see
    /// [`Store::recent_band_counts`]).
    band_cache: std::sync::Arc<std::sync::Mutex<Option<BandCounts>>>,
    /// Submissions waiting to be enrolled together (see [`Store::submit`]).
    enrolments: group_commit::Enrolments,
    /// Draft lookups waiting to be read together (see [`Store::draft_by_token`]).
    draft_reads: group_commit::DraftReads,
}

impl Store {
    /// Opens (and for SQLite creates) the database named by `url` and brings its schema up to date.
    /// `sqlite://path/to/file.db` or `postgres://user@host/db`.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let store = if url.starts_with("postgres") {
            let pool = AnyPoolOptions::new()
                .max_connections(20)
                .acquire_timeout(Duration::from_secs(30))
                .connect(url)
                .await?;
            Store {
                enrolments: group_commit::Enrolments::start(
                    pool.clone(),
                    pool.clone(),
                    4,
                    Backend::Postgres,
                ),
                draft_reads: group_commit::DraftReads::start(pool.clone(), Backend::Postgres, 4),
                writer: pool.clone(),
                reader: pool,
                backend: Backend::Postgres,
                match_cache: Default::default(),
                band_cache: Default::default(),
            }
        } else {
            let url = if url.contains('?') {
                url.to_owned()
            } else {
                format!("{url}?mode=rwc")
            };
            let options = AnyConnectOptions::from_str(&url)?;
            let writer = AnyPoolOptions::new()
                .max_connections(1)
                .acquire_timeout(Duration::from_secs(60))
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;").await?;
                        Ok(())
                    })
                })
                .connect_with(options.clone())
                .await?;
            let reader = AnyPoolOptions::new()
                .max_connections(8)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute("PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA query_only=ON;").await?;
                        Ok(())
                    })
                })
                .connect_lazy_with(options);
            Store {
                enrolments: group_commit::Enrolments::start(
                    writer.clone(),
                    reader.clone(),
                    1,
                    Backend::Sqlite,
                ),
                draft_reads: group_commit::DraftReads::start(reader.clone(), Backend::Sqlite, 4),
                writer,
                reader,
                backend: Backend::Sqlite,
                match_cache: Default::default(),
                band_cache: Default::default(),
            }
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("../migrations/sqlite")
                    .run(&self.writer)
                    .await?
            }
            Backend::Postgres => {
                sqlx::migrate!("../migrations/postgres")
                    .run(&self.writer)
                    .await?
            }
        }
        Ok(())
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}

#[cfg(any(test, feature = "test-support"))]
pub mod test_support;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod secretariat_tests;

#[cfg(test)]
mod board_tests;

#[cfg(test)]
mod case_tests;
#[cfg(test)]
mod group_session_tests;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod security_tests;
#[cfg(test)]
mod traineeship_tests;
#[cfg(test)]
mod training_tests;
#[cfg(test)]
mod venture_tests;
