//! Demo data for a first start: a few applicants at different points of the contact deadline, so
//! that a new installation shows something. Names and codes are invented.
use crate::domain::codice_fiscale::{encode, Sex};
use crate::domain::ids::ApplicantId;
use crate::domain::questionnaire::Answers;
use crate::domain::staff::Role;
use crate::storage::{NewApplicant, NewDraft, Store, StoreError};
use crate::web::tokens;
use chrono::{Duration, NaiveDate, Utc};

const PEOPLE: &[Person] = &[
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
    for (i, person) in PEOPLE.iter().enumerate() {
        let received = now - Duration::days([2, 10, 23, 27, 31, 38][i]);
        enrol(store, policy, i, person, &[], received, i == 2).await?;
    }
    Ok(PEOPLE.len())
}

/// Enrols one invented person with these extra answers; their applicant id.
async fn enrol(
    store: &Store,
    policy: crate::domain::deadline::ContactPolicy,
    i: usize,
    (first, last, birth, sex, comune): &Person,
    extra: &[(&str, &str)],
    received: chrono::DateTime<Utc>,
    needs_flagged: bool,
) -> Result<ApplicantId, StoreError> {
    let birth_date = NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap_or_default();
    let cf = encode(last, first, birth_date, *sex, "A944");
    let mut answers = Answers::default();
    for (k, v) in [
        ("first_name", *first),
        ("last_name", *last),
        ("birth_date", *birth),
        ("language", "it"),
    ]
    .iter()
    .chain(extra)
    {
        answers.0.insert((*k).into(), (*v).into());
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
    let mobile = format!("+3933300000{i:02}");
    let applicant = NewApplicant {
        first_name: (*first).into(),
        last_name: (*last).into(),
        birth_date: (*birth).into(),
        sex: if *sex == Sex::Female { "F" } else { "M" }.into(),
        gender: if *sex == Sex::Female { "woman" } else { "man" }.into(),
        codice_fiscale: Some(cf.as_str().to_owned()),
        identity_key: crate::intake::identity_key(first, last, birth, &mobile),
        mobile,
        email: (!extra.is_empty()).then(|| {
            format!(
                "{}.{}@example.org",
                first.to_lowercase(),
                last.to_lowercase().replace(' ', "")
            )
        }),
        language: extra
            .iter()
            .find(|(k, _)| *k == "language")
            .map_or("it", |(_, v)| *v)
            .into(),
        comune_istat: (*comune).into(),
        answers_json: json,
        privacy_version: "demo".into(),
        received_at: received.timestamp(),
        due_soon_at: deadlines.due_soon.timestamp(),
        contact_due: deadlines.due.timestamp(),
        contact_limit: deadlines.limit.timestamp(),
        needs_flagged,
        status_token_hash: tokens::hash(&token),
    };
    match store.submit(draft, &applicant, |_| Vec::new()).await? {
        crate::storage::SubmitOutcome::Enrolled { applicant_id, .. } => Ok(applicant_id),
        _ => Err(StoreError::Corrupt("demo person already enrolled".into())),
    }
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

/// Whether the database holds an active demo account (whose password is published): production
/// refuses to start on it.
pub async fn has_demo_accounts(store: &Store) -> Result<bool, StoreError> {
    let emails = DEMO_STAFF
        .iter()
        .map(|(email, ..)| *email)
        .chain([DEMO_COMPANY_CONTACT]);
    for email in emails {
        if store.staff_by_email(email).await?.is_some_and(|a| a.active) {
            return Ok(true);
        }
    }
    Ok(false)
}

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

/// First name, last name, birth date, sex and comune of an invented person.
type Person = (&'static str, &'static str, &'static str, Sex, &'static str);

/// People assessed by the demo professional, ready for the company board: who, their answers,
/// whether their path has started, and what they let companies see.
type Answered = (
    Person,
    &'static [(&'static str, &'static str)],
    bool,
    &'static str,
);
const CANDIDATES: &[Answered] = &[
    (
        ("Samira", "Haddad", "1990-03-14", Sex::Female, "037006"),
        &[
            ("skills", "warehouse forklift"),
            ("sectors", "logistics retail"),
            ("job1_role", "Magazziniera"),
            ("job1_sector", "logistics"),
            ("job1_years", "3"),
            ("italian", "A2"),
            ("hours", "either"),
            ("shifts", "morning afternoon"),
            ("travel_km", "25"),
            ("travel", "public bike"),
            ("licence", "B"),
            ("vehicle", "no"),
        ],
        true,
        "contacts",
    ),
    (
        ("Rosa", "Esposito", "1983-07-02", Sex::Female, "037054"),
        &[
            ("skills", "warehouse customer_service cash_register"),
            ("sectors", "retail logistics"),
            ("job1_role", "Cassiera"),
            ("job1_sector", "retail"),
            ("job1_years", "6"),
            ("italian", "C2"),
            ("hours", "full_time"),
            ("shifts", "morning afternoon"),
            ("travel_km", "30"),
            ("travel", "car"),
            ("licence", "B"),
            ("vehicle", "yes"),
        ],
        true,
        "profile",
    ),
    (
        ("Kwame", "Mensah", "1994-12-20", Sex::Male, "037032"),
        &[
            ("skills", "cooking cleaning"),
            ("sectors", "hospitality"),
            ("language", "en"),
            ("job1_role", "Lavapiatti"),
            ("job1_sector", "hospitality"),
            ("job1_years", "2"),
            ("italian", "A2"),
            ("hours", "either"),
            ("shifts", "evening weekend"),
            ("travel_km", "10"),
            ("travel", "bike"),
            ("licence", "none"),
            ("vehicle", "no"),
        ],
        true,
        "contacts",
    ),
    (
        ("Elena", "Marchetti", "1975-05-30", Sex::Female, "037011"),
        &[
            ("skills", "cleaning customer_service"),
            ("sectors", "cleaning care"),
            ("italian", "C2"),
            ("hours", "part_time"),
            ("shifts", "morning"),
            ("travel_km", "15"),
            ("travel", "public"),
            ("licence", "none"),
            ("vehicle", "no"),
        ],
        false,
        "none",
    ),
];

/// A minimal valid PDF standing for a signed agreement.
pub const DEMO_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n";

/// The demo company contact, who signs in to the portal by link.
pub const DEMO_COMPANY_CONTACT: &str = "azienda@insieme.demo";

/// Demo companies, positions and assessed candidates, when there is no company yet.
pub async fn load_board_if_empty(
    store: &Store,
    policy: crate::domain::deadline::ContactPolicy,
) -> Result<bool, StoreError> {
    use crate::domain::company::{
        CompanyDetails, ContactKind, ContactPerson, LogEntry, Signature, Site, Size,
    };
    use crate::domain::matching::{Candidate, Readiness};
    use crate::domain::vat::{complete, PartitaIva};
    let today = crate::domain::deadline::local_date(Utc::now());
    if store.board_counts(today).await?.involved > 0 {
        return Ok(false);
    }
    let Some(pro) = store.staff_by_email("professionista@insieme.demo").await? else {
        return Ok(false);
    };
    let Some(sec) = store.staff_by_email("segreteria@insieme.demo").await? else {
        return Ok(false);
    };
    let now = Utc::now();
    let t = now.timestamp();
    for (i, (person, extra, in_path, share)) in CANDIDATES.iter().enumerate() {
        let received = now - Duration::days(40 + i as i64);
        let id = enrol(store, policy, 10 + i, person, extra, received, false).await?;
        let start = received + Duration::days(7);
        store
            .book_interview(
                &crate::storage::NewBooking {
                    applicant_id: id,
                    professional_id: pro.id,
                    slot: crate::domain::availability::Slot {
                        starts_at: start,
                        ends_at: start + Duration::minutes(45),
                        mode: crate::domain::availability::Mode::Office,
                        place: "Via Capramozza 13, Bologna".into(),
                    },
                    wants_earlier: false,
                    booked_by: Some(sec.id),
                    at: start.timestamp() - 86400,
                },
                Vec::new,
            )
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let answers = Answers(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        );
        let assessment = crate::domain::assessment::Assessment {
            skills: Vec::new(),
            barriers: Vec::new(),
            motivation: 4,
            italian: answers.get("italian").to_owned(),
            paths: vec!["company_tutoring".into()],
            note: String::new(),
        };
        let json = serde_json::to_string(&assessment).unwrap_or_default();
        store
            .save_assessment(id, pro.id, &json, start.timestamp() + 3600)
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if *in_path {
            store
                .change_case(
                    id,
                    Some(pro.id),
                    crate::domain::case::CaseEvent::PathStarted,
                    None,
                    start.timestamp() + 7200,
                )
                .await
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        let readiness = if *in_path {
            Readiness::InPath
        } else {
            Readiness::Assessed
        };
        let c = Candidate::from_answers(id, person.4, &answers, Some(&assessment), readiness);
        store.save_match_profile(&c, true, t).await?;
        store.set_share_level(id, share, t).await?;
    }
    let form = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<std::collections::BTreeMap<String, String>>()
    };
    let companies = [
        (
            "Cooperativa Sociale Il Ponte",
            "0123456037",
            "52.10",
            Size::Small,
            "037006",
            "Via del Lavoro 12",
        ),
        (
            "Trattoria Da Nello srl",
            "0234567037",
            "56.10.11",
            Size::Micro,
            "037032",
            "Via Emilia 101",
        ),
        (
            "Pulizie Emilia spa",
            "0345678037",
            "81.21",
            Size::Medium,
            "037011",
            "Via Porrettana 45",
        ),
    ];
    for (n, (name, vat10, ateco, size, comune, address)) in companies.iter().enumerate() {
        let details = CompanyDetails {
            name: (*name).into(),
            vat: PartitaIva::parse(&complete(vat10).unwrap_or_default())
                .map_err(|_| StoreError::Corrupt("demo VAT".into()))?,
            ateco: (*ateco).into(),
            size: *size,
        };
        let site = Site {
            comune: (*comune).into(),
            address: (*address).into(),
        };
        let id = store
            .create_company(&details, &site, sec.id, t)
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let site_id = store
            .sites_of(id)
            .await?
            .first()
            .map(|s| s.id)
            .unwrap_or_default();
        match n {
            0 => {
                store
                    .add_company_contact(
                        id,
                        &ContactPerson {
                            name: "Chiara Rossi".into(),
                            email: DEMO_COMPANY_CONTACT.into(),
                            phone: "+39 051 000 1111".into(),
                            job_title: "Responsabile del personale".into(),
                        },
                        sec.id,
                        t,
                    )
                    .await
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let terms = Signature {
                    signed_on: today - Duration::days(200),
                    signatory: "Chiara Rossi".into(),
                    expires_on: today + Duration::days(500),
                };
                store
                    .sign_agreement(id, &terms, DEMO_PDF, "demo", sec.id, t)
                    .await?;
            }
            1 => {
                store
                    .propose_agreement(id, today - Duration::days(5), sec.id, t)
                    .await?
            }
            _ => {}
        }
        let entry = LogEntry {
            kind: if n == 2 {
                ContactKind::Call
            } else {
                ContactKind::Visit
            },
            on: today - Duration::days(10),
            summary: "Primo incontro: interesse per il programma.".into(),
            next_step: if n == 2 {
                "Richiamare per proporre l'accordo".into()
            } else {
                "Verificare nuove posizioni".into()
            },
            next_due: Some(today + Duration::days(if n == 2 { -1 } else { 5 })),
        };
        store.add_log_entry(id, sec.id, &entry, t).await?;
        let position = match n {
            0 => form(&[
                ("title", "Addetto/a al magazzino"),
                ("occupation", "Magazziniere"),
                ("sector", "logistics"),
                ("required__warehouse", "on"),
                ("desired__forklift", "on"),
                ("weekly_hours", "38"),
                ("shifts__morning", "on"),
                ("contract", "fixed_term"),
                ("italian", "A2"),
                ("openings", "2"),
            ]),
            1 => form(&[
                ("title", "Aiuto cuoco/a"),
                ("occupation", "Aiuto cuoco"),
                ("sector", "hospitality"),
                ("required__cooking", "on"),
                ("desired__cleaning", "on"),
                ("weekly_hours", "24"),
                ("shifts__evening", "on"),
                ("shifts__weekend", "on"),
                ("contract", "apprenticeship"),
                ("italian", "A1"),
                ("openings", "1"),
            ]),
            _ => form(&[
                ("title", "Addetta/o pulizie uffici"),
                ("occupation", "Addetto alle pulizie"),
                ("sector", "cleaning"),
                ("required__cleaning", "on"),
                ("weekly_hours", "20"),
                ("shifts__morning", "on"),
                ("contract", "permanent"),
                ("openings", "3"),
            ]),
        };
        let mut position = position;
        position.insert("site".into(), site_id.to_string());
        position.insert(
            "closes_on".into(),
            (today + Duration::days(60)).format("%Y-%m-%d").to_string(),
        );
        if let Ok(details) =
            crate::domain::position::PositionDetails::from_form(&position, &[site_id], today)
        {
            store
                .create_position(id, &details, comune, sec.id, t)
                .await?;
        }
    }
    Ok(true)
}

/// Two demo courses, when the catalogue is empty: an Italian course starting next week whose two
/// seats are taken, with one person waiting, and a safety course that ended last week, which one
/// person completed (the certificate can be printed).
pub async fn load_training_if_empty(
    store: &Store,
    closures: &crate::domain::holidays::Closures,
) -> Result<bool, StoreError> {
    use crate::domain::plan::Kind;
    use crate::domain::training::{sessions_between, CourseDetails};
    use chrono::{Datelike, NaiveTime};
    let now = Utc::now();
    let t = now.timestamp();
    if !store.courses(t, true).await?.is_empty() {
        return Ok(false);
    }
    let Some(sec) = store.staff_by_email("segreteria@insieme.demo").await? else {
        return Ok(false);
    };
    let mut people = Vec::new();
    for (first, last) in [
        ("Samira", "Haddad"),
        ("Rosa", "Esposito"),
        ("Kwame", "Mensah"),
    ] {
        let found = store
            .case_ids_by_name(first, last)
            .await?
            .into_iter()
            .next();
        match found {
            Some(id) => people.push(id),
            None => return Ok(false),
        }
    }
    let today = crate::domain::deadline::local_date(now);
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let time = |h: u32| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default();
    let italian = CourseDetails {
        provider: "CPIA metropolitano di Bologna".into(),
        title: "Italiano per il lavoro (A2)".into(),
        kind: Kind::ItalianL2,
        level: "A1 → A2".into(),
        italian_min: "A1".into(),
        teaching_language: "it".into(),
        place: "Via Cesare Abba 6, Bologna".into(),
        seats: 2,
        sessions: sessions_between(
            monday + Duration::days(7),
            monday + Duration::days(7 * 6 - 1),
            &[2, 4],
            time(9),
            time(11),
            closures,
        ),
    };
    let safety = CourseDetails {
        provider: "Centro di formazione Emilia".into(),
        title: "Sicurezza sul lavoro: formazione generale".into(),
        kind: Kind::WorkplaceSafety,
        level: String::new(),
        italian_min: "none".into(),
        teaching_language: "it".into(),
        place: "Via del Lavoro 12, Bologna".into(),
        seats: 12,
        // The latest full week (Monday to Thursday, no holiday) at least a week ago.
        sessions: (2..20)
            .map(|weeks| {
                let start = monday - Duration::days(7 * weeks);
                sessions_between(
                    start,
                    start + Duration::days(3),
                    &[1, 2, 3, 4],
                    time(14),
                    time(16),
                    closures,
                )
            })
            .find(|s| s.len() == 4)
            .unwrap_or_default(),
    };
    let quiet = &crate::storage::tell_nobody;
    let a = store.create_course(&italian, sec.id, t).await?;
    for (n, id) in people.iter().enumerate() {
        store
            .enrol_in_course(a, *id, sec.id, t - 3600 + n as i64, quiet)
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    }
    let b = store.create_course(&safety, sec.id, t).await?;
    let sessions = store.course_sessions(b).await?;
    let Some(first) = sessions.first() else {
        return Ok(true);
    };
    let kwame = people[2];
    store
        .enrol_in_course(b, kwame, sec.id, first.starts_at - 86400, quiet)
        .await
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // Present at all but the last lesson: 75% of the hours, above the default 70%.
    for (n, s) in sessions.iter().enumerate() {
        let present = n + 1 < sessions.len();
        store
            .mark_attendance(s.id, kwame, present, sec.id, s.ends_at)
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    }
    Ok(true)
}

/// A traineeship under way and one to prepare, when there are none: Kwame Mensah has been at the
/// cooperative's warehouse for three weeks, followed by the demo tutor and the cooperative's
/// contact, with the past days marked and a note; Samira Haddad has just reached the board's
/// "traineeship" stage for the same position, and her terms are still to be set.
pub async fn load_traineeships_if_empty(store: &Store) -> Result<bool, StoreError> {
    use crate::domain::board::{Mover, Stage};
    use crate::domain::traineeship::{Note, Presence, Terms};
    use chrono::{Datelike, NaiveTime};
    if store.traineeships_count().await? > 0 {
        return Ok(false);
    }
    let corrupt = |e: &dyn std::fmt::Display| StoreError::Corrupt(e.to_string());
    let (Some(sec), Some(tutor), Some(contact)) = (
        store.staff_by_email("segreteria@insieme.demo").await?,
        store.staff_by_email("tutor@insieme.demo").await?,
        store.staff_by_email(DEMO_COMPANY_CONTACT).await?,
    ) else {
        return Ok(false);
    };
    let Some(company) = store
        .contact_by_account(contact.id)
        .await?
        .map(|c| c.company_id)
    else {
        return Ok(false);
    };
    let Some(position) = store
        .positions(Some(company))
        .await?
        .first()
        .map(|p| p.position.id)
    else {
        return Ok(false);
    };
    let now = Utc::now();
    let t = now.timestamp();
    let today = crate::domain::deadline::local_date(now);
    let mut proposals = Vec::new();
    for (first, last) in [("Kwame", "Mensah"), ("Samira", "Haddad")] {
        let Some(who) = store
            .case_ids_by_name(first, last)
            .await?
            .into_iter()
            .next()
        else {
            return Ok(false);
        };
        let p = store
            .propose(position, who, 60, sec.id, today, t)
            .await
            .map_err(|e| corrupt(&e))?;
        for (from, to) in [
            (Stage::Proposed, Stage::Sent),
            (Stage::Sent, Stage::Interview),
            (Stage::Interview, Stage::Traineeship),
        ] {
            store
                .move_proposal(p, from, to, None, Mover::Secretariat, sec.id, today, t)
                .await
                .map_err(|e| corrupt(&e))?;
        }
        proposals.push(p);
    }
    let start = today - Duration::days(21);
    let terms = Terms {
        company_tutor: contact.id.get(),
        tutor: tutor.id.get(),
        objectives: vec![
            "Ricevere la merce e controllarla con la bolla".into(),
            "Usare il palmare per il carico e lo scarico".into(),
            "Preparare gli ordini in autonomia".into(),
        ],
        weekly_hours: 20,
        weekdays: vec![1, 2, 3, 4, 5],
        day_starts: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
        day_ends: NaiveTime::from_hms_opt(13, 0, 0).unwrap_or_default(),
        start,
        end: start + Duration::days(182),
        allowance_cents: 50_000,
    };
    let id = store
        .create_traineeship(proposals[0], &terms, sec.id, t)
        .await
        .map_err(|e| corrupt(&e))?;
    for n in 1..=14 {
        let day = today - Duration::days(n);
        if day < start || day.weekday().number_from_monday() > 5 {
            continue;
        }
        let mark = if n == 6 {
            Presence::Justified
        } else {
            Presence::Present
        };
        store
            .record_presence(
                &format!("demo-presence-{id}-{n:04}"),
                tutor.id,
                id,
                day,
                mark,
                today,
                t,
            )
            .await
            .map_err(|e| corrupt(&e))?;
    }
    let note = Note {
        presets: vec!["on_time".into(), "learning".into()],
        text: "Ha imparato a usare il palmare per il carico.".into(),
        concern: false,
    };
    store
        .record_note(
            &format!("demo-note-{id}-00000001"),
            tutor.id,
            id,
            &note,
            t - 2 * 86_400,
            t,
            &|_| Vec::new(),
        )
        .await
        .map_err(|e| corrupt(&e))?;
    Ok(true)
}

/// Group sessions, when there are none: an information meeting next week with the first people
/// of the queue invited, a motivation group by video in Arabic, and last week's information
/// meeting with its register taken.
pub async fn load_group_sessions_if_empty(store: &Store) -> Result<bool, StoreError> {
    use crate::domain::group_session::{SessionDetails, Topic};
    use chrono::{Datelike, NaiveTime, TimeZone};
    let now = Utc::now();
    let t = now.timestamp();
    if !store.group_sessions(t, true).await?.is_empty() {
        return Ok(false);
    }
    let Some(sec) = store.staff_by_email("segreteria@insieme.demo").await? else {
        return Ok(false);
    };
    let corrupt = |e: &dyn std::fmt::Display| StoreError::Corrupt(e.to_string());
    let today = crate::domain::deadline::local_date(now);
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let at = |day: chrono::NaiveDate, h: u32, m: u32| {
        let time = NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
        crate::domain::deadline::PROGRAMME_TZ
            .from_local_datetime(&day.and_time(time))
            .earliest()
            .map(|d| d.timestamp())
            .unwrap_or(t)
    };
    let session =
        |topic, title: &str, day, place: &str, link: &str, language: &str| SessionDetails {
            topic,
            title: title.into(),
            starts_at: at(day, 10, 0),
            ends_at: at(day, 11, 30),
            place: place.into(),
            video_link: link.into(),
            seats: 12,
            language: language.into(),
        };
    let quiet = |_: &crate::storage::SessionTold<'_>| Vec::new();
    let past = store
        .create_group_session(
            &session(
                Topic::Information,
                "Incontro informativo: come funziona il programma",
                monday - Duration::days(5),
                "Via Capramozza 13, Bologna",
                "",
                "it",
            ),
            sec.id,
            t - 20 * 86_400,
        )
        .await?;
    let next = store
        .create_group_session(
            &session(
                Topic::Information,
                "Incontro informativo: come funziona il programma",
                monday + Duration::days(9),
                "Via Capramozza 13, Bologna",
                "",
                "it",
            ),
            sec.id,
            t,
        )
        .await?;
    store
        .create_group_session(
            &session(
                Topic::Motivation,
                "Gruppo motivazionale in arabo",
                monday + Duration::days(10),
                "",
                "https://meet.insieme.demo/gruppo-arabo",
                "ar",
            ),
            sec.id,
            t,
        )
        .await?;
    let Some(upcoming) = store.group_session(next).await? else {
        return Ok(true);
    };
    let queue = store.group_session_queue(&upcoming, 5).await?;
    let before = at(monday - Duration::days(5), 10, 0);
    for (n, q) in queue.iter().take(3).enumerate() {
        store
            .invite_to_group_session(past, q.applicant_id, sec.id, before - 10 * 86_400, &quiet)
            .await
            .map_err(|e| corrupt(&e))?;
        store
            .mark_group_attendance(past, q.applicant_id, n != 1, sec.id, before + 600)
            .await
            .map_err(|e| corrupt(&e))?;
    }
    for q in queue.iter().skip(3).take(2) {
        store
            .invite_to_group_session(next, q.applicant_id, sec.id, t, &quiet)
            .await
            .map_err(|e| corrupt(&e))?;
    }
    Ok(true)
}

/// Self-employment projects, when there are none: Rosa Esposito's neighbourhood tailoring (a
/// social-innovation project, now mentored) and Elena Marchetti's cleaning business, financed by
/// a microcredit and started thirteen months ago (its twelve months of activity can be
/// confirmed), beside an idea of hers that the analysis found not viable.
pub async fn load_ventures_if_empty(store: &Store) -> Result<bool, StoreError> {
    use crate::domain::self_employment::{Analysis, DropReason, FundingSource, NewProject, Step};
    if !store.ventures().await?.is_empty() {
        return Ok(false);
    }
    let Some(pro) = store.staff_by_email("professionista@insieme.demo").await? else {
        return Ok(false);
    };
    let corrupt = |e: &dyn std::fmt::Display| StoreError::Corrupt(e.to_string());
    let mut people = Vec::new();
    for (first, last) in [("Rosa", "Esposito"), ("Elena", "Marchetti")] {
        match store
            .case_ids_by_name(first, last)
            .await?
            .into_iter()
            .next()
        {
            Some(id) => people.push(id),
            None => return Ok(false),
        }
    }
    let now = Utc::now();
    let t = now.timestamp();
    let today = crate::domain::deadline::local_date(now);
    let analysis = |score| {
        Step::Analyse(Analysis {
            market: true,
            skills: true,
            costs: score > 5,
            permits: true,
            score,
            notes: String::new(),
        })
    };
    let project = |title: &str, description: &str, social| NewProject {
        title: title.into(),
        description: description.into(),
        social_innovation: social,
    };
    let tailoring = store
        .create_venture(
            &project(
                "Sartoria di quartiere",
                "Riparazioni e piccole produzioni su misura, con un laboratorio aperto a chi vuole imparare.",
                true,
            ),
            people[0],
            pro.id,
            t - 40 * 86_400,
        )
        .await
        .map_err(|e| corrupt(&e))?;
    let cleaning = store
        .create_venture(
            &project(
                "Pulizie ecologiche",
                "Pulizie di uffici e condomini con prodotti certificati.",
                false,
            ),
            people[1],
            pro.id,
            t - 500 * 86_400,
        )
        .await
        .map_err(|e| corrupt(&e))?;
    let started = today - Duration::days(400);
    let steps = [
        (tailoring, analysis(8)),
        (
            tailoring,
            Step::Mentor {
                mentor: "Camera di commercio di Bologna — sportello nuove imprese".into(),
            },
        ),
        (cleaning, analysis(7)),
        (
            cleaning,
            Step::Mentor {
                mentor: "Legacoop Bologna".into(),
            },
        ),
        (
            cleaning,
            Step::BusinessPlan {
                summary:
                    "Due clienti già interessati; furgone in leasing; pareggio al secondo anno."
                        .into(),
            },
        ),
        (
            cleaning,
            Step::Finance {
                amount_cents: 1_200_000,
                source: FundingSource::Microcredit,
            },
        ),
        (
            cleaning,
            Step::Start {
                on: started,
                legal_form: "sole_trader".into(),
                vat: crate::domain::vat::complete("0412345037").unwrap_or_default(),
            },
        ),
    ];
    for (id, step) in steps {
        store
            .advance_venture(id, &step, pro.id, t, today)
            .await
            .map_err(|e| corrupt(&e))?;
    }
    let idea = store
        .create_venture(
            &project(
                "Bancarella di street food",
                "Cucina eritrea nei mercati del fine settimana.",
                false,
            ),
            people[1],
            pro.id,
            t - 600 * 86_400,
        )
        .await
        .map_err(|e| corrupt(&e))?;
    for step in [
        analysis(3),
        Step::Drop {
            reason: DropReason::NotViable,
            note: "Permessi e costi di avvio fuori portata per ora.".into(),
        },
    ] {
        store
            .advance_venture(idea, &step, pro.id, t, today)
            .await
            .map_err(|e| corrupt(&e))?;
    }
    Ok(true)
}
