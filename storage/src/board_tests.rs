//! The company board on every backend: companies and agreements, proposals and their moves,
//! placements, reminders to companies, sign-in links.
use super::*;
use crate::secretariat_tests::{booking, enrol};
use crate::test_support::on_every_backend;
use chrono::NaiveDate;
use domain::board::{Contract, Mover, NotSelectedReason, Placement, Stage};
use domain::case::{CaseEvent, CaseState};
use domain::company::{
    CompanyDetails, ContactKind, ContactPerson, LogEntry, Signature, Site, Size,
};
#[allow(unused_imports)]
use domain::ids::{ApplicantId, CompanyId, PositionId, ProposalId, StaffId};
use domain::matching::{skills_mask, Candidate, Hours, Readiness};
use domain::position::PositionDetails;
use domain::staff::Role;
use domain::vat::{complete, PartitaIva};

const DAY: i64 = 86400;
pub(super) const NOW: i64 = 1_800_000_000;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(super) fn today() -> NaiveDate {
    domain::deadline::local_date(chrono::DateTime::from_timestamp(NOW, 0).unwrap())
}

fn details(name: &str, vat10: &str) -> CompanyDetails {
    CompanyDetails {
        name: name.into(),
        vat: PartitaIva::parse(&complete(vat10).unwrap()).unwrap(),
        ateco: "52.10".into(),
        size: Size::Small,
    }
}

pub(super) async fn staff(store: &Store, email: &str, role: Role) -> StaffId {
    store
        .create_staff(email, email, &[role], NOW)
        .await
        .unwrap()
        .unwrap()
}

/// A secretariat account and a professional's.
pub(super) async fn team(store: &Store) -> (StaffId, StaffId) {
    (
        staff(store, "s@x.it", Role::Secretariat).await,
        staff(store, "p@x.it", Role::Professional).await,
    )
}

pub(super) async fn company(
    store: &Store,
    by: StaffId,
    name: &str,
    vat10: &str,
) -> (CompanyId, i64) {
    let id = store
        .create_company(
            &details(name, vat10),
            &Site {
                comune: "037006".into(),
                address: "Via Roma 1".into(),
            },
            by,
            NOW,
        )
        .await
        .unwrap();
    let site = store.sites_of(id).await.unwrap()[0].id;
    (id, site)
}

pub(super) async fn position(
    store: &Store,
    company: CompanyId,
    site: i64,
    by: StaffId,
) -> PositionId {
    let form = [
        ("title", "Magazziniere"),
        ("sector", "logistics"),
        ("required__warehouse", "on"),
        ("weekly_hours", "38"),
        ("contract", "fixed_term"),
        ("openings", "1"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .chain([
        ("site".to_owned(), site.to_string()),
        (
            "closes_on".to_owned(),
            (today() + chrono::Duration::days(30)).to_string(),
        ),
    ])
    .collect();
    let p = PositionDetails::from_form(&form, &[site], today()).unwrap();
    store
        .create_position(company, &p, "037006", by, NOW)
        .await
        .unwrap()
}

/// Signs the agreement of `co` today, in force for `days` days, with its PDF.
async fn sign(
    store: &Store,
    co: CompanyId,
    signatory: &str,
    days: i64,
    pdf: &[u8],
    by: StaffId,
) -> i64 {
    let terms = Signature {
        signed_on: today(),
        signatory: signatory.into(),
        expires_on: today() + chrono::Duration::days(days),
    };
    store
        .sign_agreement(co, &terms, pdf, "sha", by, NOW)
        .await
        .unwrap()
}

/// Sends proposal `p` to the company, moved by `mover` as `by`.
async fn send(
    store: &Store,
    p: ProposalId,
    mover: Mover,
    by: StaffId,
) -> Result<Moved, BoardError> {
    store
        .move_proposal(
            p,
            Stage::Proposed,
            Stage::Sent,
            None,
            mover,
            by,
            today(),
            NOW,
        )
        .await
}

/// Proposes `who` for `pos` and sends the proposal to the company.
pub(super) async fn sent_proposal(
    store: &Store,
    pos: PositionId,
    who: ApplicantId,
    sec: StaffId,
) -> ProposalId {
    let p = store
        .propose(pos, who, 70, sec, today(), NOW)
        .await
        .unwrap();
    send(store, p, Mover::Secretariat, sec).await.unwrap();
    p
}

/// Adds a contact person (a portal account) to company `co`.
pub(super) async fn add_contact(
    store: &Store,
    co: CompanyId,
    name: &str,
    email: &str,
    by: StaffId,
) -> Result<StaffId, CompanyError> {
    let person = ContactPerson {
        name: name.into(),
        email: email.into(),
        phone: String::new(),
        job_title: String::new(),
    };
    store.add_company_contact(co, &person, by, NOW).await
}

/// Records the hire of the candidate of `proposal`, met by the company: a permanent contract from
/// 31 January 2027, 38 hours a week.
pub(super) async fn hire(
    store: &Store,
    proposal: ProposalId,
    contact: StaffId,
) -> Result<Moved, BoardError> {
    let placement = Placement {
        contract: Contract::Permanent,
        start: d(2027, 1, 31),
        weekly_hours: 38,
    };
    store
        .hire(
            proposal,
            Stage::Interview,
            &placement,
            Mover::Company,
            contact,
            NOW + 20,
        )
        .await
}

/// An applicant assessed by `pro` and in a path, with a profile for matching and a share choice.
pub(super) async fn candidate(store: &Store, n: u32, pro: StaffId, share: &str) -> ApplicantId {
    let id = enrol(store, n, "Verdi", NOW - 40 * DAY, "037006").await;
    let start = NOW - 20 * DAY;
    store
        .book_interview(&booking(id, pro, start, false), Vec::new)
        .await
        .unwrap();
    store
        .save_assessment(id, pro, "{}", start + 3600)
        .await
        .unwrap();
    store
        .change_case(id, Some(pro), CaseEvent::PathStarted, None, start + 7200)
        .await
        .unwrap();
    let c = Candidate {
        applicant_id: id,
        comune: "037006".into(),
        skills: skills_mask(["warehouse"]),
        sectors: 0,
        experience: 0,
        max_km: 20,
        licence: n.is_multiple_of(2),
        vehicle: false,
        italian: 3,
        hours: Hours::Either,
        shifts: 0,
        readiness: Readiness::InPath,
    };
    store.save_match_profile(&c, true, NOW).await.unwrap();
    store.set_share_level(id, share, NOW).await.unwrap();
    id
}

on_every_backend!(
    companies_have_unique_vat_numbers_and_counted_agreements,
    |store, label| {
        Box::pin(async move {
            let sec = staff(&store, "s@x.it", Role::Secretariat).await;
            let (a, _) = company(&store, sec, "Alfa", "0000001037").await;
            let (b, _) = company(&store, sec, "Beta", "0000002037").await;
            let (_c, _) = company(&store, sec, "Gamma", "0000003037").await;
            let again = store
                .create_company(
                    &details("Alfa bis", "0000001037"),
                    &Site {
                        comune: "037006".into(),
                        address: "x".into(),
                    },
                    sec,
                    NOW,
                )
                .await;
            assert!(matches!(again, Err(CompanyError::VatTaken)), "{label}");
            assert!(matches!(
                store
                    .update_company(b, &details("Beta", "0000001037"), sec, NOW)
                    .await,
                Err(CompanyError::VatTaken)
            ));
            let t = today();
            store.propose_agreement(a, t, sec, NOW).await.unwrap();
            // A proposed agreement cannot be proposed again.
            assert!(store.propose_agreement(a, t, sec, NOW).await.is_err());
            let pdf = b"%PDF-1.4\n\x00\x01\xff binary\n%%EOF\n";
            let doc = sign(&store, a, "A. Rossi", 30, pdf, sec).await;
            sign(&store, b, "B", 400, pdf, sec).await;
            let counts = store.board_counts(t).await.unwrap();
            assert_eq!(
                (
                    counts.involved,
                    counts.in_force,
                    counts.expiring,
                    counts.proposed
                ),
                (3, 2, 1, 0),
                "{label}"
            );
            // The PDF comes back byte for byte, with its company.
            assert_eq!(
                store.document(doc).await.unwrap(),
                (a, pdf.to_vec()),
                "{label}"
            );
            assert_eq!(
                store.company(a).await.unwrap().agreement(t),
                domain::company::AgreementStatus::Expiring
            );
            store.end_agreement(a, t, sec, NOW).await.unwrap();
            let counts = store.board_counts(t).await.unwrap();
            assert_eq!(counts.in_force, 1, "{label}");
            let found = store.companies("alf", 10, 0).await.unwrap();
            assert_eq!(found.len(), 1);
            assert_eq!(found[0].company.name, "Alfa");
        })
    }
);

on_every_backend!(
    the_relationship_log_plans_the_next_contact,
    |store, label| {
        Box::pin(async move {
            let sec = staff(&store, "s@x.it", Role::Secretariat).await;
            let (a, _) = company(&store, sec, "Alfa", "0000001037").await;
            let (b, _) = company(&store, sec, "Beta", "0000002037").await;
            let entry = |due: NaiveDate| LogEntry {
                kind: ContactKind::Call,
                on: d(2027, 1, 10),
                summary: "x".into(),
                next_step: "call back".into(),
                next_due: Some(due),
            };
            store
                .add_log_entry(a, sec, &entry(d(2027, 1, 20)), NOW)
                .await
                .unwrap();
            store
                .add_log_entry(b, sec, &entry(d(2027, 1, 15)), NOW)
                .await
                .unwrap();
            let planned = store.planned_contacts(d(2027, 1, 31), 10).await.unwrap();
            assert_eq!(
                planned.iter().map(|p| p.company_id).collect::<Vec<_>>(),
                vec![b, a],
                "{label}"
            );
            // Logging the next contact with Beta answers the step planned before it.
            store
                .add_log_entry(b, sec, &entry(d(2027, 2, 10)), NOW + 1)
                .await
                .unwrap();
            let planned = store.planned_contacts(d(2027, 1, 31), 10).await.unwrap();
            assert_eq!(
                planned.iter().map(|p| p.company_id).collect::<Vec<_>>(),
                vec![a],
                "{label}"
            );
            assert_eq!(
                store.companies("", 10, 0).await.unwrap()[1].next_due,
                Some(d(2027, 2, 10))
            );
        })
    }
);

on_every_backend!(
    a_proposal_moves_through_the_board_and_a_hire_places_the_person,
    |store, label| {
        Box::pin(async move {
            let (sec, pro) = team(&store).await;
            let (co, site) = company(&store, sec, "Alfa", "0000001037").await;
            let pos = position(&store, co, site, sec).await;
            let shy = candidate(&store, 1, pro, "none").await;
            let open = candidate(&store, 2, pro, "contacts").await;
            let t = today();

            // Matching reads only active profiles meeting the hard requirements.
            let needs = store.position(pos).await.unwrap().needs();
            let mut licence_needed = needs.clone();
            licence_needed.licence = true;
            assert_eq!(
                store.candidates_for(&needs).await.unwrap().len(),
                2,
                "{label}"
            );
            let with_licence: Vec<ApplicantId> = store
                .candidates_for(&licence_needed)
                .await
                .unwrap()
                .iter()
                .map(|c| c.applicant_id)
                .collect();
            assert_eq!(with_licence, vec![open]);

            let p1 = store.propose(pos, shy, 80, sec, t, NOW).await.unwrap();
            let p2 = store.propose(pos, open, 90, sec, t, NOW).await.unwrap();
            assert!(matches!(
                store.propose(pos, open, 90, sec, t, NOW).await,
                Err(BoardError::AlreadyProposed)
            ));
            // Someone who did not agree to share is never sent.
            assert!(matches!(
                send(&store, p1, Mover::Secretariat, sec).await,
                Err(BoardError::NotShared)
            ));
            // The company cannot send candidates to itself.
            assert!(matches!(
                send(&store, p2, Mover::Company, sec).await,
                Err(BoardError::NotAllowed)
            ));
            let moved = send(&store, p2, Mover::Secretariat, sec).await.unwrap();
            assert_eq!(moved.applicant_id, open);
            // A second move from the stage the page showed is refused: it moved meanwhile.
            assert!(matches!(
                store
                    .move_proposal(
                        p2,
                        Stage::Proposed,
                        Stage::NotSelected,
                        Some(NotSelectedReason::Other),
                        Mover::Secretariat,
                        sec,
                        t,
                        NOW
                    )
                    .await,
                Err(BoardError::Changed(Stage::Sent))
            ));
            let contact = add_contact(&store, co, "C", "c@alfa.it", sec)
                .await
                .unwrap();
            store
                .move_proposal(
                    p2,
                    Stage::Sent,
                    Stage::Interview,
                    None,
                    Mover::Company,
                    contact,
                    t,
                    NOW + 10,
                )
                .await
                .unwrap();
            hire(&store, p2, contact).await.unwrap();

            let case = store.case_record(open).await.unwrap();
            assert_eq!(case.state, CaseState::Placed, "{label}");
            let placements = store.placements_of(open).await.unwrap();
            assert_eq!(placements.len(), 1);
            let due: Vec<(i64, NaiveDate)> = placements[0]
                .follow_ups
                .iter()
                .map(|f| (f.months, f.due_on))
                .collect();
            assert_eq!(
                due,
                vec![
                    (1, d(2027, 2, 28)),
                    (3, d(2027, 4, 30)),
                    (6, d(2027, 7, 31)),
                    (12, d(2028, 1, 31))
                ]
            );
            // The follow-ups are the assessing professional's.
            let mine = store
                .follow_ups(None, Some(pro), Some(d(2027, 3, 1)))
                .await
                .unwrap();
            assert_eq!(mine.len(), 1, "{label}");
            assert_eq!(
                store.follow_up_owner(mine[0].1.id).await.unwrap(),
                Some(pro),
                "{label}"
            );
            assert_eq!(store.follow_up_owner(-1).await.unwrap(), None, "{label}");
            let moves: Vec<Stage> = store
                .moves_of(p2)
                .await
                .unwrap()
                .iter()
                .map(|m| m.to)
                .collect();
            assert_eq!(
                moves,
                vec![Stage::Proposed, Stage::Sent, Stage::Interview, Stage::Hired]
            );
            // Placed people leave matching.
            assert_eq!(
                store.candidates_for(&needs).await.unwrap().len(),
                1,
                "{label}"
            );
            assert!(matches!(
                store.propose(pos, open, 1, sec, t, NOW).await,
                Err(BoardError::NotAvailable)
            ));

            // A closed position takes no one new.
            store.close_position(pos, sec, NOW + 30).await.unwrap();
            let third = candidate(&store, 4, pro, "profile").await;
            assert!(matches!(
                store.propose(pos, third, 50, sec, t, NOW).await,
                Err(BoardError::PositionClosed)
            ));
            assert!(matches!(
                send(&store, p1, Mover::Secretariat, sec).await,
                Err(BoardError::PositionClosed) | Err(BoardError::NotShared)
            ));
            let done = store
                .complete_follow_up(mine[0].1.id, "all well", pro, NOW + 40)
                .await
                .unwrap();
            assert_eq!(done, open);
            assert!(matches!(
                store
                    .complete_follow_up(mine[0].1.id, "", pro, NOW + 41)
                    .await,
                Err(StoreError::NotFound)
            ));
        })
    }
);

on_every_backend!(
    a_company_is_reminded_once_per_period_even_by_two_instances,
    |store, label| {
        Box::pin(async move {
            let (sec, pro) = team(&store).await;
            let (co, site) = company(&store, sec, "Alfa", "0000001037").await;
            for (i, email) in ["a@alfa.it", "b@alfa.it"].iter().enumerate() {
                add_contact(&store, co, &format!("C{i}"), email, sec)
                    .await
                    .unwrap();
            }
            let pos = position(&store, co, site, sec).await;
            let who = candidate(&store, 2, pro, "profile").await;
            sent_proposal(&store, pos, who, sec).await;
            let compose = |u: &Unanswered| {
                u.contacts
                    .iter()
                    .map(|c| NewMessage {
                        channel: Channel::Email,
                        recipient: c.clone(),
                        subject: "s".into(),
                        body: u.reference.clone(),
                        calendar: None,
                    })
                    .collect()
            };
            let days = 10;
            // Not yet stalled.
            assert_eq!(
                store
                    .send_company_reminders(NOW + 9 * DAY - days * DAY, NOW + 9 * DAY, compose)
                    .await
                    .unwrap(),
                0
            );
            let later = NOW + 11 * DAY;
            let (x, y) = tokio::join!(
                store.send_company_reminders(later - days * DAY, later, compose),
                store.send_company_reminders(later - days * DAY, later, compose)
            );
            assert_eq!(
                x.unwrap() + y.unwrap(),
                2,
                "{label}: one email per contact, once"
            );
            assert_eq!(
                store
                    .stalled_proposals(later - days * DAY, 10)
                    .await
                    .unwrap()
                    .len(),
                1
            );
            // Ten more days without an answer: reminded again.
            let again = later + 10 * DAY;
            assert_eq!(
                store
                    .send_company_reminders(again - days * DAY, again, compose)
                    .await
                    .unwrap(),
                2,
                "{label}"
            );
        })
    }
);

on_every_backend!(
    a_company_sign_in_link_works_once_and_not_after_it_expires,
    |store, label| {
        Box::pin(async move {
            let sec = staff(&store, "s@x.it", Role::Secretariat).await;
            let (co, _) = company(&store, sec, "Alfa", "0000001037").await;
            let id = add_contact(&store, co, "C", "c@alfa.it", sec)
                .await
                .unwrap();
            assert!(matches!(
                add_contact(&store, co, "D", "c@alfa.it", sec).await,
                Err(CompanyError::EmailTaken)
            ));
            assert!(store
                .create_company_link("nobody@x.it", "h0", NOW + 1800)
                .await
                .unwrap()
                .is_none());
            assert_eq!(
                store
                    .create_company_link("c@alfa.it", "h1", NOW + 1800)
                    .await
                    .unwrap()
                    .unwrap()
                    .staff_id,
                id
            );
            assert_eq!(
                store.use_company_link("h1", NOW + 10).await.unwrap(),
                Some(id),
                "{label}"
            );
            assert_eq!(
                store.use_company_link("h1", NOW + 20).await.unwrap(),
                None,
                "{label}: used once"
            );
            store
                .create_company_link("c@alfa.it", "h2", NOW + 1800)
                .await
                .unwrap();
            assert_eq!(
                store.use_company_link("h2", NOW + 1800).await.unwrap(),
                None,
                "{label}: expired"
            );
            let account = store.staff_by_id(id).await.unwrap();
            assert_eq!(account.roles, vec![Role::Company]);
            assert!(account.password_hash.is_none());
        })
    }
);

/// Each server instance keeps the match profiles in memory: a change made through one instance is
/// seen by the other's next ranking, added or removed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn another_instances_profile_changes_reach_this_instances_matching() {
    let test = "another_instances_profile_changes_reach_this_instances_matching";
    for db in super::test_support::every_backend(test).await {
        let label = db.label;
        let here = db.store.clone();
        let there = Store::connect(&db.url).await.unwrap();
        let (sec, pro) = team(&here).await;
        let (co, site) = company(&here, sec, "Alfa", "0000001037").await;
        let pos = position(&here, co, site, sec).await;
        let needs = here.position(pos).await.unwrap().needs();
        let first = candidate(&there, 1, pro, "profile").await;
        let ids = |v: Vec<Candidate>| {
            let mut ids: Vec<ApplicantId> = v.iter().map(|c| c.applicant_id).collect();
            ids.sort();
            ids
        };
        assert_eq!(
            ids(here.candidates_for(&needs).await.unwrap()),
            vec![first],
            "{label}"
        );
        let second = candidate(&there, 2, pro, "profile").await;
        assert_eq!(
            ids(here.candidates_for(&needs).await.unwrap()),
            vec![first, second],
            "{label}"
        );
        there
            .change_case(
                first,
                Some(sec),
                CaseEvent::Close(domain::case::CloseReason::Withdrawn),
                Some("withdrawn"),
                NOW,
            )
            .await
            .unwrap();
        assert_eq!(
            ids(here.candidates_for(&needs).await.unwrap()),
            vec![second],
            "{label}"
        );
        there.close().await;
        db.drop_db().await;
    }
}

on_every_backend!(a_withdrawn_applicant_leaves_the_board, |store, label| {
    Box::pin(async move {
        let (sec, pro) = team(&store).await;
        let (co, site) = company(&store, sec, "Alfa", "0000001037").await;
        let pos = position(&store, co, site, sec).await;
        let who = candidate(&store, 2, pro, "contacts").await;
        let p = sent_proposal(&store, pos, who, sec).await;
        let needs = store.position(pos).await.unwrap().needs();
        assert_eq!(store.candidates_for(&needs).await.unwrap().len(), 1);
        store
            .withdraw(who, NOW + 10, &crate::tell_nobody)
            .await
            .unwrap();
        assert!(
            store.candidates_for(&needs).await.unwrap().is_empty(),
            "{label}"
        );
        let after = store.proposal(p).await.unwrap();
        assert_eq!(after.stage, Stage::NotSelected, "{label}");
        assert_eq!(after.reason, Some(NotSelectedReason::CandidateDeclined));
        assert_eq!(store.share_level(who).await.unwrap(), "none");
    })
});
