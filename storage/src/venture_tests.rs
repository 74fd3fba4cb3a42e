//! Self-employment and social-innovation projects on every backend, in a database with a
//! history: the path one stage at a time, the team, dropping, the programme's figures, and two
//! steps taken at once.
use super::*;
use crate::board_tests::{team, NOW};
use crate::plan_tests::assessed;
use crate::test_support::{on_every_backend, seed_history};
use chrono::NaiveDate;
use domain::self_employment::{
    Analysis, DropReason, FundingSource, NewProject, ProjectProblem, Stage, Step,
};

fn project(title: &str, social: bool) -> NewProject {
    NewProject {
        title: title.into(),
        description: "Riparazioni di abiti e piccole produzioni su misura".into(),
        social_innovation: social,
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 6, 1).unwrap()
}

fn analysis() -> Step {
    Step::Analyse(Analysis {
        market: true,
        skills: true,
        costs: false,
        permits: true,
        score: 7,
        notes: "Domanda nel quartiere".into(),
    })
}

on_every_backend!(
    a_project_goes_its_path_one_stage_at_a_time_and_counts_where_it_got_to,
    |store, label| Box::pin(async move {
        let history = seed_history(&store, NOW).await;
        let (_, pro) = team(&store).await;
        let lead = assessed(&store, 1, pro).await;
        let partner = assessed(&store, 2, pro).await;
        let v = store
            .create_venture(&project("Sartoria di quartiere", true), lead, pro, NOW)
            .await
            .unwrap();
        // A closed or withdrawn person leads no project and joins none.
        for gone in [history.closed, history.withdrawn] {
            assert!(matches!(
                store
                    .create_venture(&project("X", false), gone, pro, NOW)
                    .await,
                Err(VentureError::CaseClosed)
            ));
            assert!(matches!(
                store.add_venture_member(v, gone, pro, NOW).await,
                Err(VentureError::CaseClosed)
            ));
        }
        store
            .add_venture_member(v, partner, pro, NOW)
            .await
            .unwrap();
        assert!(matches!(
            store.add_venture_member(v, partner, pro, NOW).await,
            Err(VentureError::AlreadyMember)
        ));
        assert!(matches!(
            store.remove_venture_member(v, lead, pro, NOW).await,
            Err(VentureError::Lead)
        ));
        let members = store.venture_members(v).await.unwrap();
        assert_eq!(members.len(), 2, "{label}");
        assert_eq!(members[0].applicant_id, lead);
        assert_eq!(members[0].lead, 1);
        // A step out of order is refused and changes nothing.
        let finance = Step::Finance {
            amount_cents: 1_500_000,
            source: FundingSource::Microcredit,
        };
        assert!(matches!(
            store.advance_venture(v, &finance, pro, NOW, today()).await,
            Err(VentureError::Problem(ProjectProblem::WrongStage))
        ));
        assert_eq!(
            store.venture(v).await.unwrap().unwrap().stage(),
            Stage::Idea
        );
        let started = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let vat = domain::vat::complete("0123456037").unwrap();
        for step in [
            analysis(),
            Step::Mentor {
                mentor: "Camera di commercio di Bologna".into(),
            },
            Step::BusinessPlan {
                summary: "Laboratorio in via Libia, due soci".into(),
            },
            finance.clone(),
            Step::Start {
                on: started,
                legal_form: "cooperative".into(),
                vat: vat.clone(),
            },
        ] {
            let to = step.to();
            assert_eq!(
                store
                    .advance_venture(v, &step, pro, NOW, today())
                    .await
                    .unwrap(),
                to,
                "{label}"
            );
        }
        // Twelve months after the start, not before.
        assert!(matches!(
            store
                .advance_venture(
                    v,
                    &Step::ConfirmActive,
                    pro,
                    NOW,
                    NaiveDate::from_ymd_opt(2027, 8, 31).unwrap()
                )
                .await,
            Err(VentureError::Problem(ProjectProblem::TooSoon))
        ));
        store
            .advance_venture(
                v,
                &Step::ConfirmActive,
                pro,
                NOW,
                NaiveDate::from_ymd_opt(2027, 9, 1).unwrap(),
            )
            .await
            .unwrap();
        let done = store.venture(v).await.unwrap().unwrap();
        assert_eq!(done.stage(), Stage::Active12Months, "{label}");
        assert_eq!(done.amount_cents, Some(1_500_000));
        assert_eq!(done.funding_source.as_deref(), Some("microcredit"));
        assert_eq!(done.vat_number.as_deref(), Some(vat.as_str()));
        assert_eq!(done.started_on(), Some(started));
        assert_eq!(done.score, Some(7));
        assert!(done.is_social_innovation());
        assert_eq!(done.members, 2);
        assert!(
            done.lead_name.contains("Anna1"),
            "{label}: {}",
            done.lead_name
        );
        assert_eq!(store.venture_steps(v).await.unwrap().len(), 6, "{label}");
        // An active project is not dropped.
        assert!(matches!(
            store
                .advance_venture(
                    v,
                    &Step::Drop {
                        reason: DropReason::Other,
                        note: String::new()
                    },
                    pro,
                    NOW,
                    today()
                )
                .await,
            Err(VentureError::Problem(ProjectProblem::WrongStage))
        ));

        // A second project, analysed then dropped: it still counts as analysed.
        let other = store
            .create_venture(&project("Consegne in bicicletta", false), partner, pro, NOW)
            .await
            .unwrap();
        store
            .advance_venture(other, &analysis(), pro, NOW, today())
            .await
            .unwrap();
        store
            .advance_venture(
                other,
                &Step::Drop {
                    reason: DropReason::NotViable,
                    note: "Costi di avvio troppo alti".into(),
                },
                pro,
                NOW,
                today(),
            )
            .await
            .unwrap();
        let dropped = store.venture(other).await.unwrap().unwrap();
        assert_eq!(dropped.stage(), Stage::Dropped, "{label}");
        assert_eq!(dropped.furthest(), Stage::Analysed, "{label}");
        store
            .create_venture(&project("Idea appena nata", false), lead, pro, NOW)
            .await
            .unwrap();
        let totals = store.venture_totals().await.unwrap();
        assert_eq!(totals.social_innovation_analysed, 1, "{label}");
        assert_eq!(totals.self_employment_analysed, 1, "{label}");
        assert_eq!(totals.financed, 1, "{label}");
        assert_eq!(totals.started, 1, "{label}");
        assert_eq!(
            store.ventures_of(partner).await.unwrap().len(),
            2,
            "{label}"
        );
        assert_eq!(store.ventures().await.unwrap().len(), 3, "{label}");
        assert!(store.works_on_venture(pro, v).await.unwrap());
    })
);

on_every_backend!(two_steps_at_once_go_one_after_the_other, |store, label| {
    Box::pin(async move {
        seed_history(&store, NOW).await;
        let (_, pro) = team(&store).await;
        let lead = assessed(&store, 3, pro).await;
        let v = store
            .create_venture(&project("Bottega", false), lead, pro, NOW)
            .await
            .unwrap();
        let racers: Vec<_> = (0..4)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .advance_venture(v, &analysis(), pro, NOW + 1, today())
                        .await
                        .is_ok()
                })
            })
            .collect();
        let mut won = 0;
        for r in racers {
            won += usize::from(r.await.unwrap());
        }
        assert_eq!(won, 1, "{label}");
        assert_eq!(store.venture_steps(v).await.unwrap().len(), 1, "{label}");
    })
});
