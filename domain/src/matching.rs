//! Matching candidates and positions with a score that explains itself.
//!
//! Hard constraints exclude: a driving licence or vehicle the position requires and the person lacks,
//! Italian below the level the position needs, a workplace farther than the person said they would
//! travel. Soft criteria rank, out of 100 points:
//!
//! | criterion | points |
//! |---|---|
//! | required skills the person has | 40 × share of them |
//! | desired skills the person has | 10 × share of them |
//! | the position's sector: among the person's interests 15, past experience in it 8 | 15 |
//! | distance: the nearer within what they accept, the more | 15 |
//! | hours (full or part time) the person wants | 8 |
//! | shifts the person can work | 7 × share of them |
//! | readiness: in a path 5, assessed 2 | 5 |
//!
//! Catalogue values travel as bit sets (one bit per entry of the catalogue), so that ranking
//! 100 000 candidates is arithmetic, not string comparison.
use super::catalogue::{SECTORS, SKILLS};
use super::ids::{ApplicantId, PositionId};
use super::questionnaire::{Opt, ITALIAN, SHIFTS};
use serde::{Deserialize, Serialize};

/// Bits of `values` in `catalogue` (unknown values are ignored).
pub fn mask_of<'a>(catalogue: &[Opt], values: impl IntoIterator<Item = &'a str>) -> u32 {
    values.into_iter().fold(0, |m, v| {
        m | catalogue
            .iter()
            .position(|o| o.value == v)
            .map_or(0, |i| 1 << i)
    })
}

/// The catalogue entries whose bits are set, in catalogue order.
pub fn values_of(catalogue: &'static [Opt], mask: u32) -> Vec<&'static Opt> {
    catalogue
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, o)| o)
        .collect()
}

pub fn skills_mask<'a>(values: impl IntoIterator<Item = &'a str>) -> u32 {
    mask_of(SKILLS, values)
}

pub fn sectors_mask<'a>(values: impl IntoIterator<Item = &'a str>) -> u32 {
    mask_of(SECTORS, values)
}

pub fn shifts_mask<'a>(values: impl IntoIterator<Item = &'a str>) -> u32 {
    mask_of(SHIFTS, values)
}

/// CEFR level as a number: none 0, A1 1 … C2 6.
pub fn italian_rank(code: &str) -> u8 {
    ITALIAN
        .iter()
        .position(|o| o.value == code)
        .map_or(0, |i| i as u8)
}

pub fn italian_code(rank: u8) -> &'static str {
    ITALIAN.get(usize::from(rank)).map_or("none", |o| o.value)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hours {
    FullTime,
    PartTime,
    Either,
}

impl Hours {
    pub fn from_code(code: &str) -> Hours {
        match code {
            "full_time" => Hours::FullTime,
            "part_time" => Hours::PartTime,
            _ => Hours::Either,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Hours::FullTime => "full_time",
            Hours::PartTime => "part_time",
            Hours::Either => "either",
        }
    }

    /// A position of this many hours a week: 30 or more is full time.
    pub fn of_weekly(hours: u8) -> Hours {
        if hours >= 30 {
            Hours::FullTime
        } else {
            Hours::PartTime
        }
    }

    fn fits(self, position: Hours) -> bool {
        self == Hours::Either || position == Hours::Either || self == position
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Readiness {
    Assessed,
    InPath,
}

/// What matching needs to know of a person: their answers and the professional's assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub applicant_id: ApplicantId,
    pub comune: String,
    pub skills: u32,
    /// Sectors of interest.
    pub sectors: u32,
    /// Sectors of past jobs.
    pub experience: u32,
    pub max_km: u32,
    pub licence: bool,
    pub vehicle: bool,
    pub italian: u8,
    pub hours: Hours,
    pub shifts: u32,
    pub readiness: Readiness,
}

/// What a position asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Needs {
    pub position_id: PositionId,
    pub comune: String,
    pub required_skills: u32,
    pub desired_skills: u32,
    /// Index in the sector catalogue.
    pub sector: u32,
    pub hours: Hours,
    pub shifts: u32,
    pub italian: u8,
    pub licence: bool,
    pub vehicle: bool,
}

/// One line of the explanation. Skills and shifts are bit sets of their catalogues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    RequiredSkills { have: u32, missing: u32 },
    DesiredSkills { have: u32, missing: u32 },
    SectorInterest,
    SectorExperience,
    SectorNew,
    Distance { km: f64, max_km: u32 },
    DistanceUnknown,
    HoursFit,
    HoursDiffer { wants: Hours },
    Shifts { fit: u32, missing: u32 },
    Italian { has: u8, needs: u8 },
    Licence,
    Vehicle,
    Readiness(Readiness),
}

/// A hard constraint that keeps the pair apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Exclusion {
    NoLicence,
    NoVehicle,
    Italian { has: u8, needs: u8 },
    TooFar { km: f64, max_km: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// 0–100; meaningful only when nothing excludes the pair.
    pub score: u8,
    pub excluded: Vec<Exclusion>,
    pub reasons: Vec<Reason>,
}

impl Match {
    pub fn is_excluded(&self) -> bool {
        !self.excluded.is_empty()
    }
}

fn share(have: u32, of: u32) -> f64 {
    if of == 0 {
        1.0
    } else {
        f64::from((have & of).count_ones()) / f64::from(of.count_ones())
    }
}

impl Candidate {
    /// A person's profile from their questionnaire answers and, when done, the professional's
    /// assessment (whose skills add to those declared, and whose Italian level prevails).
    pub fn from_answers(
        applicant_id: ApplicantId,
        comune: &str,
        answers: &super::questionnaire::Answers,
        assessment: Option<&super::assessment::Assessment>,
        readiness: Readiness,
    ) -> Candidate {
        let list = |name: &str| {
            answers
                .get(name)
                .split(' ')
                .filter(|v| !v.is_empty())
                .collect::<Vec<_>>()
        };
        let mut skills = skills_mask(list("skills"));
        let mut italian = italian_rank(answers.get("italian"));
        if let Some(a) = assessment {
            skills |= skills_mask(a.skills.iter().map(String::as_str));
            if !a.italian.is_empty() {
                italian = italian_rank(&a.italian);
            }
        }
        Candidate {
            applicant_id,
            comune: comune.to_owned(),
            skills,
            sectors: sectors_mask(list("sectors")),
            experience: sectors_mask([answers.get("job1_sector"), answers.get("job2_sector")]),
            max_km: answers.get("travel_km").parse().unwrap_or(0),
            licence: matches!(answers.get("licence"), "B" | "C"),
            vehicle: answers.get("vehicle") == "yes",
            italian,
            hours: Hours::from_code(answers.get("hours")),
            shifts: shifts_mask(list("shifts")),
            readiness,
        }
    }
}

/// The hard requirements a candidate misses whatever the places: licence, vehicle, Italian.
/// Storage narrows the candidates with it before scoring; [`score`] starts from it.
pub fn unmet_requirements(c: &Candidate, n: &Needs) -> Vec<Exclusion> {
    let mut excluded = Vec::new();
    if n.licence && !c.licence {
        excluded.push(Exclusion::NoLicence);
    }
    if n.vehicle && !c.vehicle {
        excluded.push(Exclusion::NoVehicle);
    }
    if c.italian < n.italian {
        excluded.push(Exclusion::Italian {
            has: c.italian,
            needs: n.italian,
        });
    }
    excluded
}

/// Scores a candidate against a position. `km` is the estimated road distance between the
/// candidate's comune and the workplace, when both are known.
pub fn score(c: &Candidate, n: &Needs, km: Option<f64>) -> Match {
    let mut excluded = unmet_requirements(c, n);
    let mut reasons = Vec::new();
    let mut points = 0.0;

    if n.licence && c.licence {
        reasons.push(Reason::Licence);
    }
    if n.vehicle && c.vehicle {
        reasons.push(Reason::Vehicle);
    }
    if c.italian >= n.italian {
        reasons.push(Reason::Italian {
            has: c.italian,
            needs: n.italian,
        });
    }

    points += 40.0 * share(c.skills, n.required_skills);
    reasons.push(Reason::RequiredSkills {
        have: c.skills & n.required_skills,
        missing: n.required_skills & !c.skills,
    });
    points += 10.0 * share(c.skills, n.desired_skills);
    if n.desired_skills != 0 {
        reasons.push(Reason::DesiredSkills {
            have: c.skills & n.desired_skills,
            missing: n.desired_skills & !c.skills,
        });
    }

    let sector_bit = 1u32.checked_shl(n.sector).unwrap_or(0);
    if c.sectors & sector_bit != 0 {
        points += 15.0;
        reasons.push(Reason::SectorInterest);
    } else if c.experience & sector_bit != 0 {
        points += 8.0;
        reasons.push(Reason::SectorExperience);
    } else {
        reasons.push(Reason::SectorNew);
    }

    match km {
        Some(km) => {
            let max = f64::from(c.max_km);
            if km > max {
                excluded.push(Exclusion::TooFar {
                    km,
                    max_km: c.max_km,
                });
            } else {
                points += if max <= 0.0 {
                    15.0
                } else {
                    15.0 * (1.0 - km / max)
                };
                reasons.push(Reason::Distance {
                    km,
                    max_km: c.max_km,
                });
            }
        }
        None => {
            // Without a distance, half the points: neither the best nor the worst.
            points += 7.5;
            reasons.push(Reason::DistanceUnknown);
        }
    }

    if c.hours.fits(n.hours) {
        points += 8.0;
        reasons.push(Reason::HoursFit);
    } else {
        reasons.push(Reason::HoursDiffer { wants: c.hours });
    }

    points += 7.0 * share(c.shifts, n.shifts);
    if n.shifts != 0 {
        reasons.push(Reason::Shifts {
            fit: c.shifts & n.shifts,
            missing: n.shifts & !c.shifts,
        });
    }

    points += match c.readiness {
        Readiness::InPath => 5.0,
        Readiness::Assessed => 2.0,
    };
    reasons.push(Reason::Readiness(c.readiness));

    Match {
        score: points.round().clamp(0.0, 100.0) as u8,
        excluded,
        reasons,
    }
}

/// The best `limit` of `items` by score, excluded pairs left out; ties keep the lower id first.
/// Sorting only the head keeps ranking 100 000 candidates cheap.
pub fn top<T>(
    mut scored: Vec<(T, Match)>,
    limit: usize,
    id: impl Fn(&T) -> i64,
) -> Vec<(T, Match)> {
    scored.retain(|(_, m)| !m.is_excluded());
    let cmp =
        |a: &(T, Match), b: &(T, Match)| b.1.score.cmp(&a.1.score).then(id(&a.0).cmp(&id(&b.0)));
    if scored.len() > limit && limit > 0 {
        scored.select_nth_unstable_by(limit - 1, cmp);
        scored.truncate(limit);
    }
    scored.sort_by(cmp);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use PositionId;

    fn candidate() -> Candidate {
        Candidate {
            applicant_id: ApplicantId::new(1),
            comune: "037006".into(),
            skills: skills_mask(["warehouse", "forklift"]),
            sectors: sectors_mask(["logistics"]),
            experience: 0,
            max_km: 20,
            licence: false,
            vehicle: false,
            italian: italian_rank("A2"),
            hours: Hours::Either,
            shifts: shifts_mask(["morning", "afternoon"]),
            readiness: Readiness::InPath,
        }
    }

    fn needs() -> Needs {
        Needs {
            position_id: PositionId::new(9),
            comune: "037006".into(),
            required_skills: skills_mask(["warehouse", "forklift"]),
            desired_skills: skills_mask(["computer"]),
            sector: SECTORS.iter().position(|o| o.value == "logistics").unwrap() as u32,
            hours: Hours::FullTime,
            shifts: shifts_mask(["morning"]),
            italian: italian_rank("A2"),
            licence: false,
            vehicle: false,
        }
    }

    #[test]
    fn a_good_fit_scores_high_and_says_why() {
        let m = score(&candidate(), &needs(), Some(5.0));
        assert!(!m.is_excluded());
        // 40 + 0 (computer missing) + 15 + 15×0.75 + 8 + 7 + 5
        assert_eq!(m.score, 86);
        assert!(m.reasons.contains(&Reason::DesiredSkills {
            have: 0,
            missing: skills_mask(["computer"])
        }));
        assert!(m.reasons.contains(&Reason::SectorInterest));
    }

    #[test]
    fn hard_constraints_exclude_and_name_the_cause() {
        let mut n = needs();
        n.licence = true;
        n.italian = italian_rank("B2");
        let m = score(&candidate(), &n, Some(35.0));
        assert_eq!(
            m.excluded,
            vec![
                Exclusion::NoLicence,
                Exclusion::Italian { has: 2, needs: 4 },
                Exclusion::TooFar {
                    km: 35.0,
                    max_km: 20
                }
            ]
        );
    }

    #[test]
    fn unknown_distance_is_said_and_scores_half() {
        let m = score(&candidate(), &needs(), None);
        assert!(m.reasons.contains(&Reason::DistanceUnknown));
        assert!(!m.is_excluded());
    }

    #[test]
    fn a_profile_joins_the_answers_and_the_assessment() {
        let answers = crate::questionnaire::Answers(
            [
                ("skills", "cooking cleaning"),
                ("sectors", "hospitality"),
                ("job1_sector", "cleaning"),
                ("travel_km", "15"),
                ("licence", "B"),
                ("vehicle", "no"),
                ("italian", "A1"),
                ("hours", "part_time"),
                ("shifts", "morning weekend"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        );
        let assessment = crate::assessment::Assessment {
            skills: vec!["customer_service".into()],
            italian: "A2".into(),
            ..Default::default()
        };
        let c = Candidate::from_answers(
            ApplicantId::new(4),
            "037006",
            &answers,
            Some(&assessment),
            Readiness::InPath,
        );
        assert_eq!(
            c.skills,
            skills_mask(["cooking", "cleaning", "customer_service"])
        );
        assert_eq!(c.experience, sectors_mask(["cleaning"]));
        assert_eq!(
            (c.max_km, c.licence, c.vehicle, c.italian),
            (15, true, false, 2)
        );
        assert_eq!(c.hours, Hours::PartTime);
        assert_eq!(c.shifts, shifts_mask(["morning", "weekend"]));
    }

    #[test]
    fn masks_round_trip_through_the_catalogue() {
        let m = skills_mask(["cooking", "nonsense", "computer"]);
        let back: Vec<&str> = values_of(SKILLS, m).iter().map(|o| o.value).collect();
        assert_eq!(back, vec!["cooking", "computer"]);
        assert_eq!(italian_code(italian_rank("B1")), "B1");
        assert_eq!(italian_rank("??"), 0);
    }

    #[test]
    fn top_keeps_the_best_in_order_without_the_excluded() {
        let ok = |s| Match {
            score: s,
            excluded: vec![],
            reasons: vec![],
        };
        let out = vec![
            (1, ok(50)),
            (2, ok(90)),
            (
                3,
                Match {
                    score: 99,
                    excluded: vec![Exclusion::NoLicence],
                    reasons: vec![],
                },
            ),
            (4, ok(90)),
            (5, ok(10)),
        ];
        let ids: Vec<i64> = top(out, 3, |i| *i).into_iter().map(|(i, _)| i).collect();
        assert_eq!(ids, vec![2, 4, 1]);
    }

    fn any_candidate() -> impl Strategy<Value = Candidate> {
        (
            0u32..(1 << SKILLS.len()),
            0u32..(1 << SECTORS.len()),
            0u32..(1 << SECTORS.len()),
            0u32..200,
            any::<bool>(),
            any::<bool>(),
            0u8..7,
            prop_oneof![
                Just(Hours::FullTime),
                Just(Hours::PartTime),
                Just(Hours::Either)
            ],
            0u32..(1 << SHIFTS.len()),
            prop_oneof![Just(Readiness::Assessed), Just(Readiness::InPath)],
        )
            .prop_map(
                |(
                    skills,
                    sectors,
                    experience,
                    max_km,
                    licence,
                    vehicle,
                    italian,
                    hours,
                    shifts,
                    readiness,
                )| Candidate {
                    applicant_id: ApplicantId::new(1),
                    comune: "x".into(),
                    skills,
                    sectors,
                    experience,
                    max_km,
                    licence,
                    vehicle,
                    italian,
                    hours,
                    shifts,
                    readiness,
                },
            )
    }

    fn any_needs() -> impl Strategy<Value = Needs> {
        (
            0u32..(1 << SKILLS.len()),
            0u32..(1 << SKILLS.len()),
            0u32..SECTORS.len() as u32,
            prop_oneof![Just(Hours::FullTime), Just(Hours::PartTime)],
            0u32..(1 << SHIFTS.len()),
            0u8..7,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(
                |(required, desired, sector, hours, shifts, italian, licence, vehicle)| Needs {
                    position_id: PositionId::new(1),
                    comune: "y".into(),
                    required_skills: required,
                    desired_skills: desired & !required,
                    sector,
                    hours,
                    shifts,
                    italian,
                    licence,
                    vehicle,
                },
            )
    }

    proptest! {
        #[test]
        fn a_candidate_who_gains_a_skill_never_ranks_lower(
            c in any_candidate(), n in any_needs(), skill in 0usize..SKILLS.len(), km in proptest::option::of(0.0f64..300.0)
        ) {
            let before = score(&c, &n, km);
            let mut more = c.clone();
            more.skills |= 1 << skill;
            let after = score(&more, &n, km);
            prop_assert!(after.score >= before.score);
            prop_assert!(after.excluded.len() <= before.excluded.len());
        }

        #[test]
        fn nearer_is_never_worse(c in any_candidate(), n in any_needs(), far in 0.0f64..300.0, nearer in 0.0f64..1.0) {
            let a = score(&c, &n, Some(far));
            let b = score(&c, &n, Some(far * nearer));
            prop_assert!(b.score >= a.score);
            prop_assert!(b.excluded.len() <= a.excluded.len());
        }

        #[test]
        fn better_italian_a_licence_or_a_vehicle_never_hurt(c in any_candidate(), n in any_needs(), km in proptest::option::of(0.0f64..300.0)) {
            let before = score(&c, &n, km);
            let mut better = c.clone();
            better.italian = (c.italian + 1).min(6);
            better.licence = true;
            better.vehicle = true;
            let after = score(&better, &n, km);
            prop_assert!(after.score >= before.score);
            prop_assert!(after.excluded.len() <= before.excluded.len());
        }

        #[test]
        fn the_score_stays_within_0_and_100_and_hard_limits_always_exclude(c in any_candidate(), n in any_needs(), km in 0.0f64..300.0) {
            let m = score(&c, &n, Some(km));
            prop_assert!(m.score <= 100);
            let should_exclude = (n.licence && !c.licence) || (n.vehicle && !c.vehicle) || c.italian < n.italian || km > f64::from(c.max_km);
            prop_assert_eq!(m.is_excluded(), should_exclude);
        }
    }
}
