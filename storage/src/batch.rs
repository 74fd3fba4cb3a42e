//! Work that is cheaper done together: what arrives while earlier work runs waits in a channel,
//! and the next free task takes all of it at once, in one statement that takes its rows as one
//! JSON parameter.
use super::{Backend, StoreError};
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::{mpsc, Mutex};

/// Starts `tasks` tasks that take turns at the channel's items, each time taking every item
/// waiting (at most `max`) and handing them to `handle` together. The tasks end when every sender
/// is dropped.
pub(super) fn take_turns<T, F, Fut>(tasks: usize, max: usize, handle: F) -> mpsc::UnboundedSender<T>
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
pub(super) struct Sql {
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
pub(super) fn json<T: Serialize + ?Sized>(rows: &T) -> Result<String, StoreError> {
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
