//! Staff accounts, their roles, sessions and invitations.
use crate::{Store, StoreError};
use domain::ids::StaffId;
use domain::staff::Role;
use sqlx::Row;

/// A staff account as stored. `Debug` leaves the password hash and the second-factor secret out,
/// so that no log line or panic message can carry them.
#[derive(Clone, PartialEq, Eq)]
pub struct StaffAccount {
    pub id: StaffId,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub active: bool,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub roles: Vec<Role>,
}

impl std::fmt::Debug for StaffAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redacted = |set: bool| if set { "<set>" } else { "<none>" };
        f.debug_struct("StaffAccount")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("name", &self.name)
            .field("password_hash", &redacted(self.password_hash.is_some()))
            .field("totp_secret", &redacted(self.totp_secret.is_some()))
            .field("active", &self.active)
            .field("failed_logins", &self.failed_logins)
            .field("locked_until", &self.locked_until)
            .field("roles", &self.roles)
            .finish()
    }
}

impl StaffAccount {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    pub staff: StaffAccount,
    pub complete: bool,
    pub created_at: i64,
    pub last_seen_at: i64,
}

const STAFF_COLUMNS: &str =
    "id, email, name, password_hash, totp_secret, active, failed_logins, locked_until";

/// Clears the failed logins and any lock with the new password.
const SET_PASSWORD: &str =
    "UPDATE staff SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2";

const END_SESSIONS_OF: &str = "DELETE FROM staff_sessions WHERE staff_id = $1";

/// A new account with its roles, in the caller's transaction; `None` when the email is taken.
pub(crate) async fn insert_staff(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    email: &str,
    name: &str,
    roles: &[Role],
    now: i64,
) -> Result<Option<StaffId>, sqlx::Error> {
    let id: Option<StaffId> = sqlx::query_scalar(
        "INSERT INTO staff (email, name, active, failed_logins, created_at) VALUES ($1, $2, 1, 0, $3)
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = id {
        insert_roles(tx, id, roles).await?;
    }
    Ok(id)
}

async fn insert_roles(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    staff_id: StaffId,
    roles: &[Role],
) -> Result<(), sqlx::Error> {
    for role in roles {
        sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)")
            .bind(staff_id)
            .bind(role.code())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

fn account_from(row: &sqlx::any::AnyRow) -> Result<StaffAccount, sqlx::Error> {
    Ok(StaffAccount {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        password_hash: row.try_get("password_hash")?,
        totp_secret: row.try_get("totp_secret")?,
        active: row.try_get::<i64, _>("active")? != 0,
        failed_logins: row.try_get("failed_logins")?,
        locked_until: row.try_get("locked_until")?,
        roles: Vec::new(),
    })
}

impl Store {
    async fn with_roles(&self, mut a: StaffAccount) -> Result<StaffAccount, StoreError> {
        let codes: Vec<String> =
            sqlx::query_scalar("SELECT role FROM staff_roles WHERE staff_id = $1 ORDER BY role")
                .bind(a.id)
                .fetch_all(&self.reader)
                .await?;
        a.roles = codes.iter().filter_map(|c| Role::from_code(c)).collect();
        a.roles.sort();
        Ok(a)
    }

    /// Creates an account (without a password: it is set through an invitation or the first-admin
    /// command). Fails with `Ok(None)` when the email is already in use.
    pub async fn create_staff(
        &self,
        email: &str,
        name: &str,
        roles: &[Role],
        now: i64,
    ) -> Result<Option<StaffId>, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = insert_staff(&mut tx, email, name, roles, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn staff_by_email(&self, email: &str) -> Result<Option<StaffAccount>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {STAFF_COLUMNS} FROM staff WHERE email = $1"
        ))
        .bind(email)
        .fetch_optional(&self.writer)
        .await?;
        match row {
            Some(r) => Ok(Some(self.with_roles(account_from(&r)?).await?)),
            None => Ok(None),
        }
    }

    pub async fn staff_by_id(&self, id: StaffId) -> Result<StaffAccount, StoreError> {
        let row = sqlx::query(&format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.with_roles(account_from(&row)?).await
    }

    pub async fn list_staff(&self) -> Result<Vec<StaffAccount>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {STAFF_COLUMNS} FROM staff ORDER BY name, id"
        ))
        .fetch_all(&self.reader)
        .await?;
        let roles: Vec<(StaffId, String)> =
            sqlx::query_as("SELECT staff_id, role FROM staff_roles")
                .fetch_all(&self.reader)
                .await?;
        let mut accounts = rows
            .iter()
            .map(account_from)
            .collect::<Result<Vec<_>, _>>()?;
        for (id, code) in roles {
            if let (Some(a), Some(role)) = (
                accounts.iter_mut().find(|a| a.id == id),
                Role::from_code(&code),
            ) {
                a.roles.push(role);
                a.roles.sort();
            }
        }
        Ok(accounts)
    }

    /// Records a wrong password; `lock_until` is set when the policy says so.
    pub async fn record_login_failure(
        &self,
        staff_id: StaffId,
        lock_until: impl FnOnce(i64) -> Option<i64>,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let failed: i64 = sqlx::query_scalar(
            "UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins",
        )
        .bind(staff_id)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(until) = lock_until(failed) {
            sqlx::query("UPDATE staff SET locked_until = $1, failed_logins = 0 WHERE id = $2")
                .bind(until)
                .bind(staff_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn record_login_success(&self, staff_id: StaffId) -> Result<(), StoreError> {
        sqlx::query("UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(staff_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn set_password_hash(&self, staff_id: StaffId, hash: &str) -> Result<(), StoreError> {
        sqlx::query(SET_PASSWORD)
            .bind(hash)
            .bind(staff_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// Replaces the account's roles.
    pub async fn set_roles(&self, staff_id: StaffId, roles: &[Role]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM staff_roles WHERE staff_id = $1")
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        insert_roles(&mut tx, staff_id, roles).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deactivating an account ends its sessions in the same transaction.
    pub async fn set_active(&self, staff_id: StaffId, active: bool) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE staff SET active = $1 WHERE id = $2")
            .bind(i64::from(active))
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        if !active {
            sqlx::query(END_SESSIONS_OF)
                .bind(staff_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A new session; `device` says what it was opened from ("Firefox on Android").
    pub async fn create_session(
        &self,
        id_hash: &str,
        staff_id: StaffId,
        complete: bool,
        device: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO staff_sessions (id_hash, staff_id, complete, device, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(id_hash)
        .bind(staff_id)
        .bind(i64::from(complete))
        .bind(device)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The session and its (active) account; `None` for unknown sessions and inactive accounts.
    pub async fn session(&self, id_hash: &str) -> Result<Option<StaffSession>, StoreError> {
        let row: Option<(StaffId, i64, i64, i64)> = sqlx::query_as(
            "SELECT s.staff_id, s.complete, s.created_at, s.last_seen_at FROM staff_sessions s
             JOIN staff a ON a.id = s.staff_id WHERE s.id_hash = $1 AND a.active = 1",
        )
        .bind(id_hash)
        .fetch_optional(&self.reader)
        .await?;
        let Some((staff_id, complete, created_at, last_seen_at)) = row else {
            return Ok(None);
        };
        Ok(Some(StaffSession {
            staff: self.staff_by_id(staff_id).await?,
            complete: complete != 0,
            created_at,
            last_seen_at,
        }))
    }

    pub async fn touch_session(&self, id_hash: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    /// The second factor is done: the session becomes complete under a new id.
    pub async fn complete_session(
        &self,
        old_hash: &str,
        new_hash: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE staff_sessions SET id_hash = $1, complete = 1, last_seen_at = $2 WHERE id_hash = $3",
        )
        .bind(new_hash)
        .bind(now)
        .bind(old_hash)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn delete_sessions_of(&self, staff_id: StaffId) -> Result<(), StoreError> {
        sqlx::query(END_SESSIONS_OF)
            .bind(staff_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn delete_sessions_idle_since(&self, before: i64) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM staff_sessions WHERE last_seen_at < $1")
            .bind(before)
            .execute(&self.writer)
            .await?;
        Ok(r.rows_affected())
    }

    pub async fn create_invitation(
        &self,
        token_hash: &str,
        staff_id: StaffId,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO staff_invitations (token_hash, staff_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(staff_id)
        .bind(expires_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// The account an unused, unexpired invitation is for.
    pub async fn invitation(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<StaffAccount>, StoreError> {
        let staff_id: Option<StaffId> = sqlx::query_scalar(
            "SELECT staff_id FROM staff_invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.writer)
        .await?;
        match staff_id {
            Some(id) => Ok(Some(self.staff_by_id(id).await?)),
            None => Ok(None),
        }
    }

    /// Sets the password and spends the invitation, in one transaction; false if it was spent meanwhile.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await?;
        let staff_id: Option<StaffId> = sqlx::query_scalar(
            "UPDATE staff_invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
             RETURNING staff_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(staff_id) = staff_id else {
            return Ok(false);
        };
        sqlx::query(SET_PASSWORD)
            .bind(password_hash)
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(END_SESSIONS_OF)
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}
