//! Partner companies: registry, sites, contact people (portal accounts), the relationship log,
//! sign-in links for the portal, and the agreement with its signed PDF.
use crate::audit::audit_in;
use crate::sql::{date_of, is_unique_violation, iso};
use crate::staff::insert_staff;
use crate::{Store, StoreError};
use chrono::NaiveDate;
use domain::company::{
    AgreementStatus, CompanyDetails, ContactKind, ContactPerson, LogEntry, Signature, Site, Size,
};
use domain::ids::{CompanyId, StaffId};
use domain::staff::Role;
use domain::territory::fold;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    pub id: CompanyId,
    pub name: String,
    pub vat: String,
    pub ateco: String,
    pub size: Size,
    pub agreement_state: Option<String>,
    pub agreement_proposed_on: Option<NaiveDate>,
    pub agreement_signed_on: Option<NaiveDate>,
    pub agreement_signatory: Option<String>,
    pub agreement_expires_on: Option<NaiveDate>,
    pub agreement_ended_on: Option<NaiveDate>,
    pub agreement_document_id: Option<i64>,
}

impl Company {
    pub fn agreement(&self, today: NaiveDate) -> AgreementStatus {
        AgreementStatus::at(
            self.agreement_state.as_deref(),
            self.agreement_expires_on,
            today,
        )
    }
}

/// A company in the registry list, with what the list shows beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRow {
    pub company: Company,
    pub open_positions: i64,
    /// The earliest next step still to do.
    pub next_due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SiteRow {
    pub id: i64,
    pub company_id: CompanyId,
    #[sqlx(rename = "comune_istat")]
    pub comune: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    pub staff_id: StaffId,
    pub company_id: CompanyId,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRow {
    pub id: i64,
    pub company_id: CompanyId,
    pub company_name: String,
    pub by: String,
    pub kind: ContactKind,
    pub on: NaiveDate,
    pub summary: String,
    pub next_step: String,
    pub next_due: Option<NaiveDate>,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: i64,
    pub company_id: CompanyId,
    pub bytes: i64,
    pub uploaded_at: i64,
}

/// Counts always shown on the board: companies involved and agreements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct BoardCounts {
    pub involved: i64,
    pub in_force: i64,
    pub expiring: i64,
    pub proposed: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum CompanyError {
    #[error("another company has this VAT number")]
    VatTaken,
    #[error("this email already belongs to an account")]
    EmailTaken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for CompanyError {
    fn from(e: sqlx::Error) -> Self {
        CompanyError::Store(e.into())
    }
}

const COMPANY_COLUMNS: &str =
    "c.id, c.name, c.vat, c.ateco, c.size, c.agreement_state, c.agreement_proposed_on,
    c.agreement_signed_on, c.agreement_signatory, c.agreement_expires_on, c.agreement_ended_on,
    c.agreement_document_id";

fn company_from(r: &sqlx::any::AnyRow) -> Result<Company, StoreError> {
    let size: String = r.try_get("size")?;
    Ok(Company {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        vat: r.try_get("vat")?,
        ateco: r.try_get("ateco")?,
        size: Size::from_code(&size).ok_or(StoreError::Corrupt(size))?,
        agreement_state: r.try_get("agreement_state")?,
        agreement_proposed_on: date_of(r.try_get("agreement_proposed_on")?),
        agreement_signed_on: date_of(r.try_get("agreement_signed_on")?),
        agreement_signatory: r.try_get("agreement_signatory")?,
        agreement_expires_on: date_of(r.try_get("agreement_expires_on")?),
        agreement_ended_on: date_of(r.try_get("agreement_ended_on")?),
        agreement_document_id: r.try_get("agreement_document_id")?,
    })
}

fn log_from(r: &sqlx::any::AnyRow) -> Result<LogRow, StoreError> {
    let kind: String = r.try_get("kind")?;
    Ok(LogRow {
        id: r.try_get("id")?,
        company_id: r.try_get("company_id")?,
        company_name: r.try_get("company_name")?,
        by: r.try_get("by_name")?,
        kind: ContactKind::from_code(&kind).ok_or(StoreError::Corrupt(kind))?,
        on: date_of(r.try_get("on_date")?).ok_or(StoreError::Corrupt("on_date".into()))?,
        summary: r.try_get("summary")?,
        next_step: r.try_get("next_step")?,
        next_due: date_of(r.try_get("next_due")?),
        done: r.try_get::<Option<i64>, _>("done_at")?.is_some(),
    })
}

const CONTACT_SELECT: &str =
    "SELECT s.id, cc.company_id, s.name, s.email, cc.phone, cc.job_title, s.active
    FROM company_contacts cc JOIN staff s ON s.id = cc.staff_id";

/// A site of the company, in the caller's transaction.
async fn insert_site(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    company_id: CompanyId,
    site: &Site,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO company_sites (company_id, comune_istat, address) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(company_id)
    .bind(&site.comune)
    .bind(&site.address)
    .fetch_one(&mut **tx)
    .await
}

/// Writes the audit line of `action` by `by` on the company in `tx`, and commits the change and
/// its audit together.
async fn commit_company_audited(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    by: StaffId,
    action: &str,
    company_id: CompanyId,
    now: i64,
) -> Result<(), sqlx::Error> {
    audit_in(
        &mut tx,
        Some(by),
        action,
        None,
        &format!("company:{company_id}"),
        now,
    )
    .await?;
    tx.commit().await
}

const LOG_SELECT: &str =
    "SELECT l.id, l.company_id, c.name AS company_name, s.name AS by_name, l.kind,
    l.on_date, l.summary, l.next_step, l.next_due, l.done_at
    FROM company_log l JOIN companies c ON c.id = l.company_id JOIN staff s ON s.id = l.staff_id";

impl Store {
    /// A new company with its first site. The VAT number is unique.
    pub async fn create_company(
        &self,
        details: &CompanyDetails,
        site: &Site,
        by: StaffId,
        now: i64,
    ) -> Result<CompanyId, CompanyError> {
        let mut tx = self.writer.begin().await?;
        let inserted = sqlx::query_scalar(
            "INSERT INTO companies (name, name_key, vat, ateco, size, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(&details.name)
        .bind(fold(&details.name))
        .bind(details.vat.as_str())
        .bind(&details.ateco)
        .bind(details.size.code())
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let id: CompanyId = match inserted {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) => return Err(CompanyError::VatTaken),
            Err(e) => return Err(e.into()),
        };
        insert_site(&mut tx, id, site).await?;
        commit_company_audited(tx, by, "company_created", id, now).await?;
        Ok(id)
    }

    pub async fn update_company(
        &self,
        id: CompanyId,
        details: &CompanyDetails,
        by: StaffId,
        now: i64,
    ) -> Result<(), CompanyError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(
            "UPDATE companies SET name = $1, name_key = $2, vat = $3, ateco = $4, size = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(&details.name)
        .bind(fold(&details.name))
        .bind(details.vat.as_str())
        .bind(&details.ateco)
        .bind(details.size.code())
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await;
        match done {
            Ok(r) if r.rows_affected() == 0 => return Err(StoreError::NotFound.into()),
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => return Err(CompanyError::VatTaken),
            Err(e) => return Err(e.into()),
        }
        commit_company_audited(tx, by, "company_updated", id, now).await?;
        Ok(())
    }

    pub async fn company(&self, id: CompanyId) -> Result<Company, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COMPANY_COLUMNS} FROM companies c WHERE c.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)?;
        company_from(&row)
    }

    /// Companies whose folded name contains `search` (all when empty), by name.
    pub async fn companies(
        &self,
        search: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<CompanyRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COMPANY_COLUMNS},
                (SELECT COUNT(*) FROM positions p WHERE p.company_id = c.id AND p.state = 'open') AS open_positions,
                (SELECT MIN(l.next_due) FROM company_log l WHERE l.company_id = c.id AND l.done_at IS NULL AND l.next_due IS NOT NULL) AS next_due
             FROM companies c WHERE c.name_key LIKE $1 ORDER BY c.name_key, c.id LIMIT $2 OFFSET $3"
        ))
        .bind(format!("%{}%", fold(search).replace(['%', '_'], "")))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CompanyRow {
                    company: company_from(r)?,
                    open_positions: r.try_get("open_positions")?,
                    next_due: date_of(r.try_get("next_due")?),
                })
            })
            .collect()
    }

    pub async fn board_counts(&self, today: NaiveDate) -> Result<BoardCounts, StoreError> {
        let soon = today + chrono::Duration::days(domain::company::EXPIRING_WITHIN_DAYS);
        Ok(sqlx::query_as(
            "SELECT COUNT(*) AS involved,
                COALESCE(SUM(CASE WHEN agreement_state = 'signed' AND (agreement_expires_on IS NULL OR agreement_expires_on >= $1) THEN 1 ELSE 0 END), 0) AS in_force,
                COALESCE(SUM(CASE WHEN agreement_state = 'signed' AND agreement_expires_on >= $1 AND agreement_expires_on <= $2 THEN 1 ELSE 0 END), 0) AS expiring,
                COALESCE(SUM(CASE WHEN agreement_state = 'proposed' THEN 1 ELSE 0 END), 0) AS proposed
             FROM companies",
        )
        .bind(iso(today))
        .bind(iso(soon))
        .fetch_one(&self.reader)
        .await?)
    }

    pub async fn add_site(
        &self,
        company_id: CompanyId,
        site: &Site,
        by: StaffId,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = insert_site(&mut tx, company_id, site).await?;
        commit_company_audited(tx, by, "company_site_added", company_id, now).await?;
        Ok(id)
    }

    pub async fn sites_of(&self, company_id: CompanyId) -> Result<Vec<SiteRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, company_id, comune_istat, address FROM company_sites WHERE company_id = $1 ORDER BY id",
        )
        .bind(company_id)
        .fetch_all(&self.reader)
        .await?)
    }

    /// A contact person, with the portal account they sign in with (role company, no password).
    pub async fn add_company_contact(
        &self,
        company_id: CompanyId,
        person: &ContactPerson,
        by: StaffId,
        now: i64,
    ) -> Result<StaffId, CompanyError> {
        let mut tx = self.writer.begin().await?;
        let Some(id) =
            insert_staff(&mut tx, &person.email, &person.name, &[Role::Company], now).await?
        else {
            return Err(CompanyError::EmailTaken);
        };
        sqlx::query("INSERT INTO company_contacts (staff_id, company_id, phone, job_title) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(company_id)
            .bind(&person.phone)
            .bind(&person.job_title)
            .execute(&mut *tx)
            .await?;
        commit_company_audited(tx, by, "company_contact_added", company_id, now).await?;
        Ok(id)
    }

    pub async fn contacts_of(&self, company_id: CompanyId) -> Result<Vec<ContactRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "{CONTACT_SELECT} WHERE cc.company_id = $1 ORDER BY s.name, s.id"
        ))
        .bind(company_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(contact_from).collect()
    }

    /// The company a portal account belongs to.
    pub async fn contact_by_account(
        &self,
        staff_id: StaffId,
    ) -> Result<Option<ContactRow>, StoreError> {
        let row = sqlx::query(&format!("{CONTACT_SELECT} WHERE cc.staff_id = $1"))
            .bind(staff_id)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(contact_from).transpose()
    }

    pub async fn update_contact_details(
        &self,
        staff_id: StaffId,
        name: &str,
        phone: &str,
        job_title: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("UPDATE staff SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE company_contacts SET phone = $1, job_title = $2 WHERE staff_id = $3")
            .bind(phone)
            .bind(job_title)
            .bind(staff_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a one-time sign-in link for an active company contact found by email; `None` when
    /// no such contact exists (the caller answers the same either way).
    pub async fn create_company_link(
        &self,
        email: &str,
        token_hash: &str,
        expires_at: i64,
    ) -> Result<Option<ContactRow>, StoreError> {
        let row = sqlx::query(&format!(
            "{CONTACT_SELECT} WHERE s.email = $1 AND s.active = 1"
        ))
        .bind(email)
        .fetch_optional(&self.writer)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let contact = contact_from(&row)?;
        sqlx::query(
            "INSERT INTO company_links (token_hash, staff_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(contact.staff_id)
        .bind(expires_at)
        .execute(&self.writer)
        .await?;
        Ok(Some(contact))
    }

    /// Uses a sign-in link once: the account it opens, if the link is unused and unexpired.
    pub async fn use_company_link(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<StaffId>, StoreError> {
        Ok(sqlx::query_scalar(
            "UPDATE company_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
             RETURNING staff_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&self.writer)
        .await?)
    }

    pub async fn add_log_entry(
        &self,
        company_id: CompanyId,
        by: StaffId,
        entry: &LogEntry,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO company_log (company_id, staff_id, kind, on_date, summary, next_step, next_due, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(company_id)
        .bind(by)
        .bind(entry.kind.code())
        .bind(iso(entry.on))
        .bind(&entry.summary)
        .bind(&entry.next_step)
        .bind(entry.next_due.map(iso))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        // A new entry answers the steps planned before it.
        sqlx::query("UPDATE company_log SET done_at = $1 WHERE company_id = $2 AND done_at IS NULL AND id <> $3")
            .bind(now)
            .bind(company_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        commit_company_audited(tx, by, "company_contact_logged", company_id, now).await?;
        Ok(id)
    }

    pub async fn log_of(&self, company_id: CompanyId) -> Result<Vec<LogRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "{LOG_SELECT} WHERE l.company_id = $1 ORDER BY l.on_date DESC, l.id DESC"
        ))
        .bind(company_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(log_from).collect()
    }

    /// Next steps still to do that fall on or before `until`, soonest (or most overdue) first.
    pub async fn planned_contacts(
        &self,
        until: NaiveDate,
        limit: i64,
    ) -> Result<Vec<LogRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "{LOG_SELECT} WHERE l.done_at IS NULL AND l.next_due IS NOT NULL AND l.next_due <= $1
             ORDER BY l.next_due, l.id LIMIT $2"
        ))
        .bind(iso(until))
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(log_from).collect()
    }

    /// Proposes the agreement (a company without one, or whose agreement ended).
    pub async fn propose_agreement(
        &self,
        company_id: CompanyId,
        on: NaiveDate,
        by: StaffId,
        now: i64,
    ) -> Result<(), StoreError> {
        self.agreement_step(
            company_id,
            "agreement_state = 'proposed', agreement_proposed_on = $1, agreement_ended_on = NULL",
            "agreement_state IS NULL OR agreement_state = 'ended'",
            "agreement_proposed",
            on,
            by,
            now,
        )
        .await
    }

    /// Ends a proposed or signed agreement.
    pub async fn end_agreement(
        &self,
        company_id: CompanyId,
        on: NaiveDate,
        by: StaffId,
        now: i64,
    ) -> Result<(), StoreError> {
        self.agreement_step(
            company_id,
            "agreement_state = 'ended', agreement_ended_on = $1",
            "agreement_state IN ('proposed', 'signed')",
            "agreement_ended",
            on,
            by,
            now,
        )
        .await
    }

    /// One step of the agreement, allowed only from the states `from` names; `NotFound` otherwise.
    #[allow(clippy::too_many_arguments)]
    async fn agreement_step(
        &self,
        company_id: CompanyId,
        set: &str,
        from: &str,
        action: &str,
        on: NaiveDate,
        by: StaffId,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let done = sqlx::query(&format!(
            "UPDATE companies SET {set}, updated_at = $2 WHERE id = $3 AND ({from})"
        ))
        .bind(iso(on))
        .bind(now)
        .bind(company_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(commit_company_audited(tx, by, action, company_id, now).await?)
    }

    /// Signs or renews the agreement with its PDF: the document is kept, the terms replace the
    /// previous ones (earlier PDFs stay listed).
    pub async fn sign_agreement(
        &self,
        company_id: CompanyId,
        terms: &Signature,
        pdf: &[u8],
        sha256: &str,
        by: StaffId,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.writer.begin().await?;
        let doc_id: i64 = sqlx::query_scalar(
            "INSERT INTO documents (company_id, kind, content, bytes, sha256, uploaded_by, uploaded_at)
             VALUES ($1, 'agreement', $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(company_id)
        .bind(pdf.to_vec())
        .bind(pdf.len() as i64)
        .bind(sha256)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let was: Option<String> =
            sqlx::query_scalar("SELECT agreement_state FROM companies WHERE id = $1")
                .bind(company_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
        sqlx::query(
            "UPDATE companies SET agreement_state = 'signed', agreement_signed_on = $1, agreement_signatory = $2,
                agreement_expires_on = $3, agreement_ended_on = NULL, agreement_document_id = $4, updated_at = $5
             WHERE id = $6",
        )
        .bind(iso(terms.signed_on))
        .bind(&terms.signatory)
        .bind(iso(terms.expires_on))
        .bind(doc_id)
        .bind(now)
        .bind(company_id)
        .execute(&mut *tx)
        .await?;
        let action = if was.as_deref() == Some("signed") {
            "agreement_renewed"
        } else {
            "agreement_signed"
        };
        commit_company_audited(tx, by, action, company_id, now).await?;
        Ok(doc_id)
    }

    pub async fn documents_of(
        &self,
        company_id: CompanyId,
    ) -> Result<Vec<DocumentRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, company_id, bytes, uploaded_at FROM documents WHERE company_id = $1 ORDER BY uploaded_at DESC, id DESC",
        )
        .bind(company_id)
        .fetch_all(&self.reader)
        .await?)
    }

    /// A stored document's company and content.
    pub async fn document(&self, id: i64) -> Result<(CompanyId, Vec<u8>), StoreError> {
        sqlx::query_as("SELECT company_id, content FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)
    }
}

fn contact_from(r: &sqlx::any::AnyRow) -> Result<ContactRow, StoreError> {
    Ok(ContactRow {
        staff_id: r.try_get("id")?,
        company_id: r.try_get("company_id")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        phone: r.try_get("phone")?,
        job_title: r.try_get("job_title")?,
        active: r.try_get::<i64, _>("active")? != 0,
    })
}
