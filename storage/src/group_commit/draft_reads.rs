//! Drafts looked up by token, in batches. Every questionnaire request starts with this lookup; when
//! hundreds arrive at once, the lookups that wait while earlier ones run go to the database
//! together as one query, not one round trip (and one database process woken) each.
use super::{json, take_turns, Sql};
use crate::{Backend, Draft, StoreError};
use sqlx::{AnyPool, FromRow, Row};
use std::collections::HashMap;
use tokio::sync::{mpsc, oneshot};

/// `SELECT` of a draft's columns, then the rest of the statement.
macro_rules! select_drafts {
    ($rest:literal) => {
        concat!(
            "SELECT id, comune_istat, answers, step, errors_step, applicant_id, outcome, updated_at",
            $rest
        )
    };
}

struct Lookup {
    token_hash: String,
    now: i64,
    reply: oneshot::Sender<Result<Option<Draft>, StoreError>>,
}

/// The most lookups in one query.
const BATCH_MAX: usize = 256;

/// Where lookups wait to be read.
#[derive(Clone)]
pub(crate) struct DraftReads(mpsc::UnboundedSender<Lookup>);

impl DraftReads {
    /// Starts `readers` tasks that take turns at the waiting lookups.
    pub(crate) fn start(reader: AnyPool, backend: Backend, readers: usize) -> DraftReads {
        DraftReads(take_turns(readers, BATCH_MAX, move |batch| {
            let reader = reader.clone();
            async move { read_batch(&reader, backend, batch).await }
        }))
    }

    /// The open draft whose token hashes to `token_hash`, if it has not expired at `now`.
    pub(crate) async fn get(
        &self,
        reader: &AnyPool,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Draft>, StoreError> {
        let (reply, answer) = oneshot::channel();
        let lookup = Lookup {
            token_hash: token_hash.to_owned(),
            now,
            reply,
        };
        match self.0.send(lookup) {
            Ok(()) => answer
                .await
                .unwrap_or(Err(StoreError::Database(sqlx::Error::WorkerCrashed))),
            // The reader tasks have stopped with the runtime that started them: read here.
            Err(mpsc::error::SendError(l)) => alone(reader, &l.token_hash, l.now).await,
        }
    }
}

async fn read_batch(reader: &AnyPool, backend: Backend, batch: Vec<Lookup>) {
    if batch.len() > 1 {
        match together(reader, backend, &batch).await {
            Ok(found) => {
                for l in batch {
                    let draft = found
                        .get(&l.token_hash)
                        .filter(|(_, expires_at)| *expires_at > l.now)
                        .map(|(draft, _)| draft.clone());
                    // A send fails only when the request stopped waiting: nothing is lost.
                    let _ = l.reply.send(Ok(draft));
                }
                return;
            }
            Err(e) => tracing::warn!(size = batch.len(), "draft batch read failed: {e}"),
        }
    }
    // One lookup, or a batch that failed: each is read on its own and gets its own answer.
    for l in batch {
        // As above: only a request that stopped waiting misses its answer.
        let _ = l.reply.send(alone(reader, &l.token_hash, l.now).await);
    }
}

const TOGETHER: Sql = Sql {
    postgres: select_drafts!(
        ", token_hash, expires_at FROM drafts
        WHERE token_hash IN (SELECT json_array_elements_text($1::json))"
    ),
    sqlite: select_drafts!(
        ", token_hash, expires_at FROM drafts WHERE token_hash IN (SELECT value FROM json_each($1))"
    ),
};

/// Each draft of the batch's tokens, with when it expires.
async fn together(
    reader: &AnyPool,
    backend: Backend,
    batch: &[Lookup],
) -> Result<HashMap<String, (Draft, i64)>, StoreError> {
    let tokens: Vec<&str> = batch.iter().map(|l| l.token_hash.as_str()).collect();
    let rows = sqlx::query(TOGETHER.of(backend))
        .bind(json(&tokens)?)
        .fetch_all(reader)
        .await?;
    let mut found = HashMap::with_capacity(rows.len());
    for row in rows {
        found.insert(
            row.try_get("token_hash")?,
            (Draft::from_row(&row)?, row.try_get("expires_at")?),
        );
    }
    Ok(found)
}

async fn alone(reader: &AnyPool, token_hash: &str, now: i64) -> Result<Option<Draft>, StoreError> {
    Ok(sqlx::query_as(select_drafts!(
        " FROM drafts WHERE token_hash = $1 AND expires_at > $2"
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_optional(reader)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::on_every_backend;
    use crate::NewDraft;

    on_every_backend!(
        a_batch_answers_each_lookup_as_alone_would,
        |store, label| Box::pin(async move {
            for (token, expires_at) in [("fresh", 1_000), ("stale", 150)] {
                store
                    .create_draft(&NewDraft {
                        token_hash: token.into(),
                        comune_istat: "037006".into(),
                        answers_json: format!("{{\"who\":\"{token}\"}}"),
                        now: 100,
                        expires_at,
                    })
                    .await
                    .unwrap();
            }
            // The same token twice, an expired draft, a token of nobody's.
            let asked = [
                ("fresh", 200),
                ("fresh", 200),
                ("stale", 200),
                ("nobody", 200),
            ];
            let mut batch = Vec::new();
            let mut answers = Vec::new();
            for (token, now) in asked {
                let (reply, answer) = oneshot::channel();
                batch.push(Lookup {
                    token_hash: token.into(),
                    now,
                    reply,
                });
                answers.push(answer);
            }
            read_batch(&store.reader, store.backend, batch).await;
            let mut got = Vec::new();
            for a in answers {
                got.push(a.await.unwrap().unwrap().map(|d| d.answers_json));
            }
            let fresh = Some("{\"who\":\"fresh\"}".to_owned());
            assert_eq!(got, vec![fresh.clone(), fresh, None, None], "{label}");
            // Alone, through the store, the same.
            assert!(store.draft_by_token("stale", 200).await.unwrap().is_none());
            assert!(store.draft_by_token("stale", 120).await.unwrap().is_some());
        })
    );
}
