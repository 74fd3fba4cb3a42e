//! What a staff member typed in a form the server refused, kept a day so that the page shows it
//! again with its problems, with or without JavaScript.
use crate::{Store, StoreError};

impl Store {
    /// Keeps what a form posted, with its problems, until the form is posted right.
    pub async fn save_form_draft(
        &self,
        session_hash: &str,
        form: &str,
        fields_json: &str,
        problems_json: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO form_drafts (session_hash, form, fields, problems, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (session_hash, form) DO UPDATE SET fields = excluded.fields, problems = excluded.problems, created_at = excluded.created_at",
        )
        .bind(session_hash)
        .bind(form)
        .bind(fields_json)
        .bind(problems_json)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn form_draft(
        &self,
        session_hash: &str,
        form: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT fields, problems FROM form_drafts WHERE session_hash = $1 AND form = $2",
        )
        .bind(session_hash)
        .bind(form)
        .fetch_optional(&self.writer)
        .await?)
    }

    pub async fn clear_form_draft(&self, session_hash: &str, form: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM form_drafts WHERE session_hash = $1 AND form = $2")
            .bind(session_hash)
            .bind(form)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Drafts older than `before` are forgotten.
    pub async fn forget_form_drafts(&self, before: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM form_drafts WHERE created_at < $1")
            .bind(before)
            .execute(&self.writer)
            .await?
            .rows_affected())
    }
}
