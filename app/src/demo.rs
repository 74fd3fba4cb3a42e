//! Demo data for a first start: a few applicants at different points of the contact deadline, so
//! that a new installation shows something. Names and codes are invented.
use crate::domain::codice_fiscale::{encode, Sex};
use crate::domain::questionnaire::Answers;
use crate::domain::staff::Role;
use crate::storage::{NewApplicant, NewDraft, Store, StoreError};
use crate::web::tokens;
use chrono::{Duration, NaiveDate, Utc};

const PEOPLE: &[(&str, &str, &str, Sex, &str)] = &[
    ("Giulia", "Bianchi", "1988-04-12", Sex::Female, "037006"),
    ("Ahmed", "Benali", "1979-11-03", Sex::Male, "037006"),
    ("Marie", "Diallo", "1995-06-21", Sex::Female, "037032"),
    ("Luca", "Ferri", "1969-01-30", Sex::Male, "037054"),
    ("Fatima", "El Amrani", "1991-09-09", Sex::Female, "037006"),
    ("Ionut", "Popescu", "1984-02-17", Sex::Male, "037011"),
];

pub async fn load_if_empty(
    store: &Store,
    policy: crate::domain::deadline::ContactPolicy,
) -> Result<usize, StoreError> {
    if store.enrolment_count().await? > 0 {
        return Ok(0);
    }
    let now = Utc::now();
    for (i, (first, last, birth, sex, comune)) in PEOPLE.iter().enumerate() {
        let received = now - Duration::days([2, 10, 23, 27, 31, 38][i]);
        let birth_date = NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap_or_default();
        let cf = encode(last, first, birth_date, *sex, "A944");
        let mut answers = Answers::default();
        for (k, v) in [
            ("first_name", *first),
            ("last_name", *last),
            ("birth_date", *birth),
            ("language", "it"),
        ] {
            answers.0.insert(k.into(), v.into());
        }
        let json = serde_json::to_string(&answers).unwrap_or_default();
        let code = tokens::resume_code();
        let draft = store
            .create_draft(&NewDraft {
                token_hash: tokens::hash(&code),
                comune_istat: (*comune).into(),
                answers_json: json.clone(),
                now: received.timestamp(),
                expires_at: received.timestamp() + 86400,
            })
            .await?;
        let deadlines = policy.deadlines(received);
        let token = tokens::status_token();
        let mobile = format!("+39333000000{i}");
        let applicant = NewApplicant {
            first_name: (*first).into(),
            last_name: (*last).into(),
            birth_date: (*birth).into(),
            sex: if *sex == Sex::Female { "F" } else { "M" }.into(),
            gender: if *sex == Sex::Female { "woman" } else { "man" }.into(),
            codice_fiscale: Some(cf.as_str().to_owned()),
            identity_key: crate::intake::identity_key(first, last, birth, &mobile),
            mobile,
            email: None,
            language: "it".into(),
            comune_istat: (*comune).into(),
            answers_json: json,
            privacy_version: "demo".into(),
            received_at: received.timestamp(),
            due_soon_at: deadlines.due_soon.timestamp(),
            contact_due: deadlines.due.timestamp(),
            contact_limit: deadlines.limit.timestamp(),
            needs_flagged: i == 2,
            status_token_hash: tokens::hash(&token),
        };
        store
            .submit(draft, &applicant, &token, |_| Vec::new())
            .await?;
    }
    Ok(PEOPLE.len())
}

/// The demo staff: one account per role. Printed by the server at start, never for real data.
pub const DEMO_PASSWORD: &str = "insieme-demo-2026";
/// The admin's second factor (base32), to add to an authenticator app by hand.
pub const DEMO_ADMIN_TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
pub const DEMO_STAFF: &[(&str, &str, Role)] = &[
    ("admin@insieme.demo", "Alessandra Admin", Role::Admin),
    (
        "segreteria@insieme.demo",
        "Sara Segreteria",
        Role::Secretariat,
    ),
    (
        "professionista@insieme.demo",
        "Paolo Professionista",
        Role::Professional,
    ),
    ("tutor@insieme.demo", "Teresa Tutor", Role::Tutor),
];

/// Creates the demo staff when there is no staff account yet; true if it did.
pub async fn load_staff_if_empty(store: &Store) -> Result<bool, StoreError> {
    if !store.list_staff().await?.is_empty() {
        return Ok(false);
    }
    let hash = crate::staff::hash_password(DEMO_PASSWORD)
        .map_err(|_| StoreError::Corrupt("password hashing failed".into()))?;
    let now = Utc::now().timestamp();
    for (email, name, role) in DEMO_STAFF {
        if let Some(id) = store.create_staff(email, name, &[*role], now).await? {
            store.set_password_hash(id, &hash).await?;
            if *role == Role::Admin {
                store.set_totp_secret(id, Some(DEMO_ADMIN_TOTP)).await?;
            }
            if *role == Role::Professional {
                for w in demo_week() {
                    store.add_weekly_slot(id, &w).await?;
                }
            }
        }
    }
    Ok(true)
}

/// The demo professional meets people on weekday mornings at the office, and by phone on Tuesday afternoons.
fn demo_week() -> Vec<crate::domain::availability::WeeklySlot> {
    use crate::domain::availability::{Mode, WeeklySlot};
    use chrono::{NaiveTime, Weekday};
    let mut out = Vec::new();
    for weekday in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        for hour in [9, 10, 11] {
            out.push(WeeklySlot {
                weekday,
                start: NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default(),
                minutes: 45,
                mode: Mode::Office,
                place: "Via Capramozza 13, Bologna".into(),
            });
        }
    }
    out.push(WeeklySlot {
        weekday: Weekday::Tue,
        start: NaiveTime::from_hms_opt(15, 0, 0).unwrap_or_default(),
        minutes: 30,
        mode: Mode::Phone,
        place: "+39 051 000 0000".into(),
    });
    out
}
