//! Attacks on staff log-in and the second factor, each through the real router, named after what
//! they try.
use super::access_tests::{app, demo_company_contact, session_of};
use crate::domain::ids::StaffId;
use crate::domain::staff::Role;
use crate::web::access::SESSION_COOKIE;
use crate::web::AppState;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{header, Request, StatusCode};
use tower::ServiceExt;

const PASSWORD: &str = "a long and unusual passphrase 7";
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// A server function called as a browser form would, from `client`.
async fn call(
    app: &axum::Router,
    endpoint: &str,
    body: &str,
    cookie: Option<&str>,
    client: [u8; 4],
) -> (StatusCode, String) {
    let mut req = Request::post(format!("/api/{endpoint}"))
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        req = req.header("cookie", format!("{SESSION_COOKIE}={c}"));
    }
    let mut req = req.body(Body::from(body.to_owned())).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::from((client, 40000))));
    let response = app.clone().oneshot(req).await.unwrap();
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (response.status(), location)
}

async fn admin_with_second_factor(state: &AppState, email: &str) -> StaffId {
    let id = state
        .store
        .create_staff(email, "Admin", &[Role::Admin], 0)
        .await
        .unwrap()
        .unwrap();
    let hash = crate::staff::hash_password(PASSWORD).unwrap();
    state.store.set_password_hash(id, &hash).await.unwrap();
    state.store.set_totp_secret(id, Some(SECRET)).await.unwrap();
    id
}

fn refused(status: StatusCode) -> bool {
    status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_alone_cannot_replace_the_second_factor_and_complete_the_log_in() {
    let (app, state, db) = app().await;
    let id = admin_with_second_factor(&state, "admin@t.it").await;
    // the attacker has the password: a session that still waits for the code
    let pending = session_of(&state, id, false).await;
    let client = [198, 51, 100, 1];
    let (status, _) = call(&app, "load_totp_setup", "", Some(&pending), client).await;
    assert!(refused(status), "set-up shown: {status}");
    // a secret of the attacker's own, with a right code from it
    let own = crate::staff::new_totp_secret();
    state.store.begin_second_factor(id, &own).await.unwrap();
    let code = crate::staff::totp_code(&own);
    let (status, _) = call(
        &app,
        "confirm_totp",
        &format!("code={code}"),
        Some(&pending),
        client,
    )
    .await;
    assert!(refused(status), "re-enrolment accepted: {status}");
    let (status, _) = call(&app, "list_accounts", "", Some(&pending), client).await;
    assert!(refused(status), "the session became complete: {status}");
    let account = state.store.staff_by_id(id).await.unwrap();
    assert_eq!(account.totp_secret.as_deref(), Some(SECRET));
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_factor_code_already_used_does_not_open_another_session() {
    let (app, state, db) = app().await;
    let id = admin_with_second_factor(&state, "admin@t.it").await;
    let code = crate::staff::totp_code(SECRET);
    let first = session_of(&state, id, false).await;
    let (_, to) = call(
        &app,
        "staff_login_code",
        &format!("code={code}"),
        Some(&first),
        [198, 51, 100, 1],
    )
    .await;
    assert_eq!(to, "/staff");
    // the same code, seen over a shoulder, on the attacker's own pending session
    let second = session_of(&state, id, false).await;
    let (_, to) = call(
        &app,
        "staff_login_code",
        &format!("code={code}"),
        Some(&second),
        [203, 0, 113, 9],
    )
    .await;
    assert_eq!(to, "/staff/code?e=code");
    let (status, _) = call(&app, "list_accounts", "", Some(&second), [203, 0, 113, 9]).await;
    assert!(refused(status));
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_reset_of_a_second_factor_ends_the_sessions_and_is_audited() {
    let (app, state, db) = app().await;
    let admin = admin_with_second_factor(&state, "admin@t.it").await;
    let other = admin_with_second_factor(&state, "other@t.it").await;
    let admin_session = session_of(&state, admin, true).await;
    let other_session = session_of(&state, other, true).await;
    let client = [198, 51, 100, 1];
    let (_, to) = call(
        &app,
        "reset_second_factor",
        &format!("id={other}"),
        Some(&admin_session),
        client,
    )
    .await;
    assert_eq!(to, "/staff/accounts?ok=totp_reset");
    assert_eq!(
        state.store.staff_by_id(other).await.unwrap().totp_secret,
        None
    );
    let (status, _) = call(&app, "list_accounts", "", Some(&other_session), client).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the reset account's session ended"
    );
    // and the reset is in the audit log under the admin
    let (log, _) = state
        .store
        .audit_entries(Some(admin), None, Some("second_factor_reset"), 0, 10)
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    // one's own second factor is not reset with a password-only session's help either
    let (_, to) = call(
        &app,
        "reset_second_factor",
        &format!("id={admin}"),
        Some(&admin_session),
        client,
    )
    .await;
    assert_eq!(to, "/staff/accounts?e=own_account");
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_neither_lock_the_owner_out_nor_tell_that_an_account_exists() {
    let (app, state, db) = app().await;
    admin_with_second_factor(&state, "admin@t.it").await;
    let attacker = [203, 0, 113, 9];
    let login = |email: &str, password: &str| format!("email={email}&password={password}");
    let unknown = call(
        &app,
        "staff_login",
        &login("nobody@t.it", "x"),
        None,
        attacker,
    )
    .await;
    for _ in 0..6 {
        let wrong = call(
            &app,
            "staff_login",
            &login("admin@t.it", "wrong"),
            None,
            attacker,
        )
        .await;
        assert_eq!(
            wrong, unknown,
            "a wrong password answers as an unknown address"
        );
    }
    // held off now, even with the right password, and still the same answer
    let held = call(
        &app,
        "staff_login",
        &login("admin@t.it", &PASSWORD.replace(' ', "+")),
        None,
        attacker,
    )
    .await;
    assert_eq!(held, unknown);
    // the owner, from elsewhere, gets in
    let (_, to) = call(
        &app,
        "staff_login",
        &login("admin@t.it", &PASSWORD.replace(' ', "+")),
        None,
        [198, 51, 100, 1],
    )
    .await;
    assert_eq!(to, "/staff/code");
    db.drop_db().await;
}

/// The demo board with one candidate who shares a profile proposed and sent to the demo
/// company's first open position.
struct SentCandidate {
    contact: StaffId,
    company: crate::domain::ids::CompanyId,
    position: crate::domain::ids::PositionId,
    applicant: crate::domain::ids::ApplicantId,
    proposal: crate::domain::ids::ProposalId,
    secretariat: StaffId,
}

async fn sent_candidate(state: &AppState) -> SentCandidate {
    use crate::domain::board::{Mover, Stage};
    use crate::domain::ids::ApplicantId;
    let contact = demo_company_contact(state).await;
    let company = state
        .store
        .contact_by_account(contact)
        .await
        .unwrap()
        .unwrap()
        .company_id;
    let position = state
        .store
        .positions(Some(company))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.position.open)
        .expect("an open position of the demo company")
        .position
        .id;
    let secretariat = state
        .store
        .staff_by_email("segreteria@insieme.demo")
        .await
        .unwrap()
        .unwrap()
        .id;
    let today = crate::web::time::today();
    let t = chrono::Utc::now().timestamp();
    let mut sent = None;
    for n in 1..60 {
        let applicant = ApplicantId::new(n);
        if state.store.share_level(applicant).await.ok().as_deref() == Some("none") {
            continue;
        }
        if let Ok(id) = state
            .store
            .propose(position, applicant, 80, secretariat, today, t)
            .await
        {
            sent = Some((applicant, id));
            break;
        }
    }
    let (applicant, proposal) = sent.expect("a demo candidate who shares a profile");
    state
        .store
        .move_proposal(
            proposal,
            Stage::Proposed,
            Stage::Sent,
            None,
            Mover::Secretariat,
            secretariat,
            today,
            t,
        )
        .await
        .unwrap();
    SentCandidate {
        contact,
        company,
        position,
        applicant,
        proposal,
        secretariat,
    }
}

/// A server function's JSON answer for a session (a script calling it).
async fn json(
    app: &axum::Router,
    endpoint: &str,
    body: &str,
    session: &str,
) -> (StatusCode, String) {
    let req = Request::post(format!("/api/{endpoint}"))
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("{SESSION_COOKIE}={session}"))
        .body(Body::from(body.to_owned()))
        .unwrap();
    let response = app.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_who_takes_back_consent_is_no_longer_shown_to_the_company() {
    let (app, state, db) = app().await;
    let sent = sent_candidate(&state).await;
    let record = state.store.case_record(sent.applicant).await.unwrap();
    let session = session_of(&state, sent.contact, true).await;
    let (status, before) = json(&app, "load_portal", "", &session).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        before.contains(&record.first_name),
        "the candidate was shown: {before}"
    );
    state
        .store
        .set_share_level(sent.applicant, "none", chrono::Utc::now().timestamp())
        .await
        .unwrap();
    let (_, after) = json(&app, "load_portal", "", &session).await;
    for personal in [&record.reference, &record.first_name, &record.last_name] {
        assert!(!after.contains(personal.as_str()), "{personal} still shown");
    }
    assert!(after.contains("\"withdrawn\":true"));
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_an_id_shows_nothing_of_another_company_or_another_professionals_case() {
    let (app, state, db) = app().await;
    let sent = sent_candidate(&state).await;
    let t = chrono::Utc::now().timestamp();
    // a second company with a contact of its own
    let other_company = state
        .store
        .create_company(
            &crate::domain::company::CompanyDetails {
                name: "Altra Srl".into(),
                vat: crate::domain::vat::PartitaIva::parse(
                    &crate::domain::vat::complete("0987654037").unwrap(),
                )
                .unwrap(),
                ateco: "47.11".into(),
                size: crate::domain::company::Size::Small,
            },
            &crate::domain::company::Site {
                comune: "037006".into(),
                address: "Via Altra 1".into(),
            },
            sent.secretariat,
            t,
        )
        .await
        .unwrap();
    assert_ne!(other_company, sent.company);
    let intruder = state
        .store
        .add_company_contact(
            other_company,
            &crate::domain::company::ContactPerson {
                name: "Intrusa".into(),
                email: "intrusa@altra.it".into(),
                phone: "+39 051 000 0000".into(),
                job_title: "HR".into(),
            },
            sent.secretariat,
            t,
        )
        .await
        .unwrap();
    let intruder = session_of(&state, intruder, true).await;
    let record = state.store.case_record(sent.applicant).await.unwrap();
    // the other company's portal shows none of it
    let (_, portal) = json(&app, "load_portal", "", &intruder).await;
    assert!(!portal.contains(&record.first_name), "{portal}");
    // the other company's position, proposal and candidate, by id
    let tries = [
        ("close_my_position", format!("id={}", sent.position)),
        (
            "move_candidate",
            format!("proposal={}&from=sent&to=interview", sent.proposal),
        ),
        (
            "record_hire",
            format!("proposal={}&from=sent", sent.proposal),
        ),
    ];
    for (endpoint, body) in tries {
        let (status, answer) = json(&app, endpoint, &body, &intruder).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{endpoint}: {answer}");
        assert!(!answer.contains(&record.first_name), "{endpoint}: {answer}");
    }
    let position = state.store.position(sent.position).await.unwrap();
    assert!(position.open, "the position stays open");
    let proposal = state.store.proposal(sent.proposal).await.unwrap();
    assert_eq!(proposal.stage, crate::domain::board::Stage::Sent);
    // a professional opening a case that is neither assigned nor booked with them
    let stranger = state
        .store
        .create_staff("altro@t.it", "Altro", &[Role::Professional], 0)
        .await
        .unwrap()
        .unwrap();
    let stranger = session_of(&state, stranger, true).await;
    for endpoint in [
        "load_case",
        "load_booking",
        "load_case_board",
        "record_no_show",
        "save_assessment",
        "load_plan",
        "save_plan",
        "suspend_path",
        "resume_path",
        "load_case_courses",
        "load_case_group_sessions",
        "load_case_traineeships",
        "load_case_ventures",
    ] {
        let (status, answer) = json(
            &app,
            endpoint,
            &format!("applicant_id={}", sent.applicant),
            &stranger,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{endpoint}: {answer}");
        assert!(!answer.contains(&record.first_name), "{endpoint}: {answer}");
    }
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resume_code_guessed_in_a_cookie_counts_like_a_typed_one() {
    use crate::web::tokens;
    let (app, state, db) = app().await;
    let t = chrono::Utc::now().timestamp();
    let code = tokens::resume_code();
    state
        .store
        .create_draft(&crate::storage::NewDraft {
            token_hash: tokens::hash(&code),
            comune_istat: "037006".into(),
            answers_json: r#"{"comune":"037006","active_measure":"no"}"#.into(),
            now: t,
            expires_at: t + 86400,
        })
        .await
        .unwrap();
    let step = |cookie: Option<String>, client: [u8; 4]| {
        let app = app.clone();
        async move {
            let mut req = Request::post("/api/load_step")
                .header("host", "127.0.0.1:3000")
                .header("origin", "http://127.0.0.1:3000")
                .header("accept", "application/json")
                .header("content-type", "application/x-www-form-urlencoded");
            if let Some(c) = cookie {
                req = req.header("cookie", format!("{}={c}", crate::intake::DRAFT_COOKIE));
            }
            let mut req = req.body(Body::from("slug=identity")).unwrap();
            req.extensions_mut()
                .insert(ConnectInfo(std::net::SocketAddr::from((client, 40000))));
            let response = app.oneshot(req).await.unwrap();
            let location = response
                .headers()
                .get(header::LOCATION)
                .map(|l| l.to_str().unwrap().to_owned());
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            (location, String::from_utf8(bytes.to_vec()).unwrap())
        }
    };
    let (owner, attacker) = ([198, 51, 100, 1], [203, 0, 113, 9]);
    let no_draft = step(None, attacker).await;
    let found = step(Some(code.clone()), owner).await;
    assert_ne!(found, no_draft, "the owner's cookie opens the draft");
    for _ in 0..11 {
        let guess = step(Some(tokens::resume_code()), attacker).await;
        assert_eq!(guess, no_draft);
    }
    // past the limit even the right code finds nothing from that client
    assert_eq!(step(Some(code.clone()), attacker).await, no_draft);
    // and the owner is not affected
    assert_eq!(step(Some(code), owner).await, found);
    db.drop_db().await;
}

/// A questionnaire form posted as a phone without JavaScript would, with the draft cookie if
/// there is one; the new draft cookie if the answer sets one.
async fn post_form(
    app: &axum::Router,
    client: [u8; 4],
    cookie: &str,
    endpoint: &str,
    fields: &[(String, String)],
) -> Option<String> {
    let draft_cookie = crate::intake::DRAFT_COOKIE;
    let mut req = Request::post(format!("/api/{endpoint}"))
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded");
    if !cookie.is_empty() {
        req = req.header("cookie", format!("{draft_cookie}={cookie}"));
    }
    let body = serde_urlencoded::to_string(fields).unwrap();
    let mut req = req.body(Body::from(body)).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::from((client, 40000))));
    let response = app.clone().oneshot(req).await.unwrap();
    assert!(
        response.status().is_redirection(),
        "{endpoint}: {}",
        response.status()
    );
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|c| c.to_str().ok())
        .find_map(|c| {
            c.strip_prefix(&format!("{draft_cookie}="))
                .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
        })
}

/// Giulia Bianchi's whole questionnaire sent from `client` with these contacts; the draft cookie.
async fn apply(app: &axum::Router, client: [u8; 4], cf: &str, mobile: &str, email: &str) -> String {
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let cookie = post_form(
        app,
        client,
        "",
        "choose_domicile",
        &owned(&[("comune", "037006")]),
    )
    .await
    .expect("the draft cookie is set");
    post_form(
        app,
        client,
        &cookie,
        "answer_measure",
        &owned(&[("answer", "no")]),
    )
    .await;
    let steps: &[(&str, &[(&str, &str)])] = &[
        (
            "identity",
            &[
                ("first_name", "Giulia"),
                ("last_name", "Bianchi"),
                ("birth_date", "1988-04-12"),
                ("sex", "F"),
                ("has_cf", "yes"),
                ("cf", cf),
                ("citizenship", "eu"),
                ("gender", "woman"),
            ],
        ),
        (
            "contacts",
            &[
                ("mobile", mobile),
                ("email", email),
                ("language", "it"),
                ("call_times__morning", "on"),
            ],
        ),
        (
            "address",
            &[("street", "Via Roma 1"), ("postal_code", "40121")],
        ),
        (
            "situation",
            &[
                ("employment", "lost_job"),
                ("months_without_work", "3"),
                ("education", "isced3"),
                ("italian", "B2"),
            ],
        ),
        ("experience", &[("sectors__retail", "on")]),
        (
            "availability",
            &[
                ("hours", "either"),
                ("shifts__morning", "on"),
                ("travel_km", "10"),
                ("travel__public", "on"),
                ("licence", "none"),
                ("vehicle", "no"),
            ],
        ),
        ("plans", &[("self_employment", "no")]),
        ("review", &[("privacy_consent", "yes")]),
    ];
    for (slug, fields) in steps {
        let mut form = owned(&[("slug", slug), ("nav", "next")]);
        form.extend(
            fields
                .iter()
                .map(|(k, v)| (format!("a[{k}]"), (*v).to_owned())),
        );
        post_form(app, client, &cookie, "save_step", &form).await;
    }
    cookie
}

/// The page after "Send", as the browser holding `cookie` gets it.
async fn confirmation_page(app: &axum::Router, cookie: &str) -> String {
    let req = Request::get("/apply/done")
        .header("host", "127.0.0.1:3000")
        .header(
            "cookie",
            format!("{}={cookie}", crate::intake::DRAFT_COOKIE),
        )
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(req).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    let html = String::from_utf8(bytes.to_vec()).unwrap();
    // Each response has its own script nonce; nothing else may differ.
    html.split(" nonce=\"")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('"').map_or(part, |(_, rest)| rest)
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_typing_an_enrolled_persons_details_cannot_tell_from_the_confirmation_that_she_is_enrolled(
) {
    use crate::domain::codice_fiscale::{encode, Sex};
    let (app, state, db) = app().await;
    let birth = chrono::NaiveDate::from_ymd_opt(1988, 4, 12).unwrap();
    let cf = encode("Bianchi", "Giulia", birth, Sex::Female, "A944");
    let (giulia, stranger) = ([198, 51, 100, 7], [203, 0, 113, 66]);
    let hers = apply(
        &app,
        giulia,
        cf.as_str(),
        "3331112222",
        "giulia@example.org",
    )
    .await;
    let theirs = apply(
        &app,
        stranger,
        cf.as_str(),
        "3339998888",
        "stranger@example.org",
    )
    .await;
    assert_eq!(
        state.store.enrolment_count().await.unwrap(),
        1,
        "enrolled once"
    );

    let (page_hers, page_theirs) = (
        confirmation_page(&app, &hers).await,
        confirmation_page(&app, &theirs).await,
    );
    assert!(page_hers.contains("Domanda ricevuta"), "{page_hers}");
    assert_eq!(
        page_hers, page_theirs,
        "the same page for a new and an enrolled person"
    );
    assert!(!page_theirs.contains("BO-0"), "no reference on the page");
    assert!(!page_theirs.contains("/s/"), "no personal link on the page");

    // She is told through the contact on file; the stranger's contacts get nothing.
    let messages = state.store.outbox_pending(50).await.unwrap();
    assert!(messages
        .iter()
        .all(|m| !m.recipient.contains("9998888") && !m.recipient.contains("stranger")));
    let to_her = messages
        .iter()
        .filter(|m| m.recipient.contains("1112222"))
        .count();
    assert_eq!(
        to_her, 2,
        "the confirmation, then the note that someone applied again with her details"
    );
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_for_a_person_never_goes_in_the_address_or_to_another_session() {
    let (app, state, db) = app().await;
    crate::demo::load_if_empty(&state.store, Default::default())
        .await
        .unwrap();
    let desk = |email: &'static str| {
        let state = state.clone();
        async move {
            let id = state
                .store
                .create_staff(email, email, &[Role::Secretariat], 0)
                .await
                .unwrap()
                .unwrap();
            session_of(&state, id, true).await
        }
    };
    let (sara, other) = (desk("sara@t.it").await, desk("other@t.it").await);
    let client = [198, 51, 100, 20];
    // Posted as the page's form is, without JavaScript (with it the answer is the same address).
    let mut req = Request::post("/api/search_queue")
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("{SESSION_COOKIE}={sara}"))
        .body(Body::from("q=Benali&comune=037006"))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::from((client, 40000))));
    let response = app.clone().oneshot(req).await.unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        location.starts_with("/staff/queue?comune=037006&search="),
        "{location}"
    );
    assert!(!location.to_lowercase().contains("benali"), "{location}");

    let page = |cookie: String, path: String| {
        let app = app.clone();
        async move {
            let req = Request::get(path)
                .header("host", "127.0.0.1:3000")
                .header("cookie", format!("{SESSION_COOKIE}={cookie}"))
                .body(Body::empty())
                .unwrap();
            let response = app.oneshot(req).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 22)
                .await
                .unwrap();
            String::from_utf8(bytes.to_vec()).unwrap()
        }
    };
    let found = page(sara.clone(), location.clone()).await;
    assert!(found.contains("Benali Ahmed"), "the search applies");
    assert!(!found.contains("Bianchi Giulia"), "and only it");
    assert!(
        found.contains(r#"value="Benali""#),
        "the box shows the term"
    );
    // The same address in another session is an unfiltered queue: the handle means nothing there.
    let elsewhere = page(other, location).await;
    assert!(elsewhere.contains("Bianchi Giulia"));
    assert!(!elsewhere.contains(r#"value="Benali""#));
    db.drop_db().await;
}

/// A secretariat member with a password; the id.
async fn colleague(state: &AppState, email: &str) -> StaffId {
    let id = state
        .store
        .create_staff(email, "Sara", &[Role::Secretariat], 0)
        .await
        .unwrap()
        .unwrap();
    let hash = crate::staff::hash_password(PASSWORD).unwrap();
    state.store.set_password_hash(id, &hash).await.unwrap();
    id
}

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_at_an_unlocked_desk_cannot_change_the_password_without_the_current_one() {
    let (app, state, db) = app().await;
    let id = colleague(&state, "sara@t.it").await;
    let session = session_of(&state, id, true).await;
    let (desk, home) = ([198, 51, 100, 30], [198, 51, 100, 31]);
    let new = "tram-lungo-porta-saragozza-19";
    let before = state.store.staff_by_id(id).await.unwrap().password_hash;
    for _ in 0..5 {
        let body = form(&[
            ("current", "a guess at the password"),
            ("password", new),
            ("confirm", new),
        ]);
        let (_, to) = call(&app, "change_password", &body, Some(&session), desk).await;
        assert_eq!(to, "/staff/account?e=current#password");
    }
    // Past the attempts even the right password is not tried from that client.
    let body = form(&[("current", PASSWORD), ("password", new), ("confirm", new)]);
    let (_, to) = call(&app, "change_password", &body, Some(&session), desk).await;
    assert_eq!(to, "/staff/account?e=too_many#password");
    assert_eq!(
        state.store.staff_by_id(id).await.unwrap().password_hash,
        before
    );
    let refused = state
        .store
        .audit_entries(Some(id), None, Some("password_change_refused"), 0, 10)
        .await
        .unwrap()
        .0;
    assert_eq!(refused.len(), 5);
    // Its owner, from another place, changes it.
    let (_, to) = call(&app, "change_password", &body, Some(&session), home).await;
    assert_eq!(to, "/staff/account?ok=password_changed");
    assert_ne!(
        state.store.staff_by_id(id).await.unwrap().password_hash,
        before
    );
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_password_ends_the_sessions_someone_else_may_hold() {
    let (app, state, db) = app().await;
    let id = colleague(&state, "sara@t.it").await;
    let (mine, theirs) = (
        session_of(&state, id, true).await,
        session_of(&state, id, true).await,
    );
    let client = [198, 51, 100, 32];
    let new = "tram-lungo-porta-saragozza-19";
    let body = form(&[
        ("current", PASSWORD),
        ("password", new),
        ("confirm", new),
        ("end_others", "on"),
    ]);
    let (_, to) = call(&app, "change_password", &body, Some(&mine), client).await;
    assert_eq!(to, "/staff/account?ok=password_changed");
    let (status, _) = call(&app, "load_my_account", "", Some(&theirs), client).await;
    assert!(refused(status), "the other session still works: {status}");
    let (status, _) = call(&app, "load_my_account", "", Some(&mine), client).await;
    assert_eq!(status, StatusCode::OK);
    let changed = state
        .store
        .audit_entries(Some(id), None, Some("password_changed"), 0, 10)
        .await
        .unwrap()
        .0;
    assert_eq!(changed.len(), 1);
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_key_of_another_account_ends_nothing() {
    let (app, state, db) = app().await;
    let sara = colleague(&state, "sara@t.it").await;
    let luca = colleague(&state, "luca@t.it").await;
    let sara_session = session_of(&state, sara, true).await;
    let luca_session = session_of(&state, luca, true).await;
    let client = [198, 51, 100, 33];
    // Sara learns the key Luca's session goes by and posts it as her own.
    let key = crate::web::session::session_key(&crate::web::tokens::hash(&luca_session));
    let (_, to) = call(
        &app,
        "end_my_session",
        &form(&[("key", &key)]),
        Some(&sara_session),
        client,
    )
    .await;
    assert_eq!(to, "/staff/account?e=session#sessions");
    let (status, _) = call(&app, "load_my_account", "", Some(&luca_session), client).await;
    assert_eq!(status, StatusCode::OK, "Luca is still logged in");
    // Her own other session she can end; it is then refused.
    let other = session_of(&state, sara, true).await;
    let key = crate::web::session::session_key(&crate::web::tokens::hash(&other));
    let (_, to) = call(
        &app,
        "end_my_session",
        &form(&[("key", &key)]),
        Some(&sara_session),
        client,
    )
    .await;
    assert_eq!(to, "/staff/account?ok=session_ended#sessions");
    let (status, _) = call(&app, "load_my_account", "", Some(&other), client).await;
    assert!(refused(status));
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_suspected_break_in_an_admin_ends_everyone_elses_sessions() {
    let (app, state, db) = app().await;
    let company = demo_company_contact(&state).await;
    let admin = admin_with_second_factor(&state, "admin@t.it").await;
    let sara = colleague(&state, "sara@t.it").await;
    let (admin_session, sara_session, company_session) = (
        session_of(&state, admin, true).await,
        session_of(&state, sara, true).await,
        session_of(&state, company, true).await,
    );
    let client = [198, 51, 100, 34];
    // A secretariat member cannot do it.
    let (status, _) = call(&app, "end_all_sessions", "", Some(&sara_session), client).await;
    assert!(refused(status));
    let (_, to) = call(&app, "end_all_sessions", "", Some(&admin_session), client).await;
    assert_eq!(to, "/staff/accounts?ok=all_sessions_ended");
    for gone in [&sara_session, &company_session] {
        let (status, _) = call(&app, "load_my_account", "", Some(gone), client).await;
        assert!(refused(status));
    }
    let (status, _) = call(&app, "list_accounts", "", Some(&admin_session), client).await;
    assert_eq!(status, StatusCode::OK, "the admin's own session stays");
    let ended = state
        .store
        .audit_entries(Some(admin), None, Some("all_sessions_ended"), 0, 10)
        .await
        .unwrap()
        .0;
    assert_eq!(ended.len(), 1);
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_development_no_cookie_travels_in_clear_and_browsers_keep_to_https() {
    let (app, _state, db) = app().await;
    // Config::default() is production: a new questionnaire's cookie, as a phone would get it.
    let mut req = Request::post("/api/choose_domicile")
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("comune=037006"))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::from((
            [198, 51, 100, 40],
            40000,
        ))));
    let response = app.clone().oneshot(req).await.unwrap();
    let cookies: Vec<&str> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap())
        .collect();
    assert!(!cookies.is_empty());
    assert!(
        cookies.iter().all(|c| c.ends_with("; Secure")),
        "{cookies:?}"
    );
    assert!(response
        .headers()
        .get(header::STRICT_TRANSPORT_SECURITY)
        .is_some_and(|v| v.to_str().unwrap().starts_with("max-age=")));
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_cannot_flood_a_company_with_sign_in_emails() {
    let (app, state, db) = app().await;
    demo_company_contact(&state).await;
    let (flooder, other) = ([203, 0, 113, 50], [198, 51, 100, 50]);
    let body = format!("email={}", crate::demo::DEMO_COMPANY_CONTACT);
    let sent = || async { state.store.outbox_pending(100).await.unwrap().len() };
    let before = sent().await;
    for _ in 0..15 {
        let (_, to) = call(&app, "request_company_link", &body, None, flooder).await;
        assert_eq!(to, "/company/login?ok=sent", "the answer never changes");
    }
    assert_eq!(
        sent().await - before,
        10,
        "ten links an hour from one client"
    );
    call(&app, "request_company_link", &body, None, other).await;
    assert_eq!(sent().await - before, 11, "another client is not held off");
    db.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tutor_sees_and_records_only_for_the_people_they_tutor() {
    use crate::domain::board::{Mover, Stage};
    let (app, state, db) = app().await;
    let sent = sent_candidate(&state).await;
    let t = chrono::Utc::now().timestamp();
    let today = crate::web::time::today();
    for (from, to) in [
        (Stage::Sent, Stage::Interview),
        (Stage::Interview, Stage::Traineeship),
    ] {
        state
            .store
            .move_proposal(
                sent.proposal,
                from,
                to,
                None,
                Mover::Secretariat,
                sent.secretariat,
                today,
                t,
            )
            .await
            .unwrap();
    }
    let new_tutor = |email: &'static str| {
        let state = state.clone();
        async move {
            state
                .store
                .create_staff(email, email, &[Role::Tutor], 0)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let (tutor, other) = (
        new_tutor("tutor-a@t.it").await,
        new_tutor("tutor-b@t.it").await,
    );
    let terms = crate::domain::traineeship::Terms {
        company_tutor: sent.contact.get(),
        tutor: tutor.get(),
        objectives: vec!["Preparare gli ordini".into()],
        weekly_hours: 20,
        weekdays: vec![1, 2, 3, 4, 5],
        day_starts: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        day_ends: chrono::NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        start: today - chrono::Duration::days(7),
        end: today + chrono::Duration::days(60),
        allowance_cents: 45_000,
    };
    let id = state
        .store
        .create_traineeship(sent.proposal, &terms, sent.secretariat, t)
        .await
        .unwrap();
    let record = state.store.case_record(sent.applicant).await.unwrap();
    let presence = |key: &str| {
        format!("traineeship_id={id}&kind=presence&key={key}&queued=true&f%5Bmark%5D=present")
    };
    // Another tutor: not on their list, not readable by id, nothing recorded.
    let stranger = session_of(&state, other, true).await;
    let (_, list) = json(&app, "load_tutor_today", "", &stranger).await;
    assert!(!list.contains(&record.first_name), "{list}");
    for (endpoint, body) in [
        ("load_tutor_traineeship", format!("traineeship_id={id}")),
        ("tutor_submit", presence("0123456789abcdef0123")),
    ] {
        let (status, answer) = json(&app, endpoint, &body, &stranger).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{endpoint}: {answer}");
        assert!(!answer.contains(&record.first_name), "{endpoint}: {answer}");
    }
    assert_eq!(state.store.presence_counts(id).await.unwrap(), (0, 0, 0));
    // Their own tutor: on the list, and the mark is recorded once however often it is sent.
    let mine = session_of(&state, tutor, true).await;
    let (_, list) = json(&app, "load_tutor_today", "", &mine).await;
    assert!(list.contains(&record.first_name), "{list}");
    for expected in ["Recorded", "AlreadyRecorded"] {
        let (status, answer) = json(
            &app,
            "tutor_submit",
            &presence("fedcba9876543210fedc"),
            &mine,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer.trim_matches('"'), expected);
    }
    assert_eq!(state.store.presence_counts(id).await.unwrap(), (1, 0, 0));
    db.drop_db().await;
}
