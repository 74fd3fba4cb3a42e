//! Group commit: work that arrives at the same moment goes to the database together. Enrolments
//! (`enrolment`) are written in one transaction with one statement per table for the whole group,
//! so one disk sync confirms them all; the draft lookups that start every questionnaire request
//! (`draft_reads`) are read in one query. Measured wins under bursts of submissions
//! (bench/intake.sh): keep them, and keep them here.
//!
//! This is the one room of the store whose SQL differs by database, besides each database's
//! migrations and connection set-up: a group's rows travel as one JSON parameter, unpacked with
//! `json_to_recordset` on PostgreSQL and `json_each` on SQLite, so that a statement's text does not
//! change with the group's size and each connection prepares it once; and new applicant ids come
//! from PostgreSQL's sequence (safe beside other instances) or after SQLite's largest (one writer).
mod draft_reads;
mod enrolment;

pub(crate) use draft_reads::DraftReads;
pub(crate) use enrolment::Enrolments;
pub use enrolment::Messages;

use super::{Backend, StoreError};
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::{mpsc, Mutex};

/// Starts `tasks` tasks that take turns at the channel's items, each time taking every item
/// waiting (at most `max`) and handing them to `handle` together. The tasks end when every sender
/// is dropped.
fn take_turns<T, F, Fut>(tasks: usize, max: usize, handle: F) -> mpsc::UnboundedSender<T>
where
    T: Send + 'static,
    F: Fn(Vec<T>) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let (sender, receiver) = mpsc::unbounded_channel();
    let receiver = Arc::new(Mutex::new(receiver));
    for _ in 0..tasks {
        let receiver = receiver.clone();
        let handle = handle.clone();
        tokio::spawn(async move {
            let mut items = Vec::with_capacity(max);
            loop {
                if receiver.lock().await.recv_many(&mut items, max).await == 0 {
                    return;
                }
                handle(std::mem::take(&mut items)).await;
            }
        });
    }
    sender
}

/// A statement in each database's words, whose rows come as one JSON array (`json_to_recordset`
/// and `json_array_elements_text` on PostgreSQL, `json_each` on SQLite): its text is the same
/// whatever the number of rows, so each connection prepares it once, where a text per size had
/// PostgreSQL parse and plan anew for most batches.
struct Sql {
    pub postgres: &'static str,
    pub sqlite: &'static str,
}

impl Sql {
    pub fn of(&self, backend: Backend) -> &'static str {
        match backend {
            Backend::Postgres => self.postgres,
            Backend::Sqlite => self.sqlite,
        }
    }
}

/// The rows as the JSON parameter of a [`Sql`] statement.
fn json<T: Serialize + ?Sized>(rows: &T) -> Result<String, StoreError> {
    serde_json::to_string(rows).map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::oneshot;

    #[tokio::test]
    async fn items_waiting_together_are_handled_together() {
        let (seen, sizes) = mpsc::unbounded_channel();
        let (gate, opened) = oneshot::channel::<()>();
        let opened = Arc::new(Mutex::new(Some(opened)));
        let sender = take_turns(1, 3, move |items: Vec<u32>| {
            let seen = seen.clone();
            let opened = opened.clone();
            async move {
                // The first batch holds the only task until the rest have arrived.
                if let Some(opened) = opened.lock().await.take() {
                    let _ = opened.await;
                }
                let _ = seen.send(items);
            }
        });
        sender.send(1).unwrap();
        tokio::task::yield_now().await;
        for n in 2..=6 {
            sender.send(n).unwrap();
        }
        gate.send(()).unwrap();
        drop(sender);
        let mut sizes = sizes;
        let mut batches = Vec::new();
        while let Some(b) = sizes.recv().await {
            batches.push(b);
        }
        assert_eq!(batches, vec![vec![1], vec![2, 3, 4], vec![5, 6]]);
    }
}
