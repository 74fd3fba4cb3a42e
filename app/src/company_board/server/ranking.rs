//! Ranking with reasons: candidates for a position and positions for a candidate, and the words for why.
use super::*;

pub(crate) fn skills_text(lang: Lang, mask: u32) -> String {
    opts_text(lang, SKILLS, mask)
}

pub(crate) fn opts_text(lang: Lang, catalogue: &'static [Opt], mask: u32) -> String {
    values_of(catalogue, mask)
        .iter()
        .map(|o| lang.t(o.label))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The explanation of a match, line by line, in the reader's language.
pub fn why(lang: Lang, m: &Match) -> Vec<WhyView> {
    let mut out = Vec::new();
    let mut line = |good: bool, text: String| out.push(WhyView { good, text });
    for r in &m.reasons {
        match r {
            Reason::RequiredSkills { have, missing } => {
                if *have != 0 {
                    line(
                        true,
                        lang.tf(
                            Key::why_has_skills,
                            &[("skills", &skills_text(lang, *have))],
                        ),
                    );
                }
                if *missing != 0 {
                    line(
                        false,
                        lang.tf(
                            Key::why_missing_skills,
                            &[("skills", &skills_text(lang, *missing))],
                        ),
                    );
                }
            }
            Reason::DesiredSkills { have, missing } => {
                if *have != 0 {
                    line(
                        true,
                        lang.tf(
                            Key::why_has_desired,
                            &[("skills", &skills_text(lang, *have))],
                        ),
                    );
                }
                if *missing != 0 {
                    line(
                        false,
                        lang.tf(
                            Key::why_missing_desired,
                            &[("skills", &skills_text(lang, *missing))],
                        ),
                    );
                }
            }
            Reason::SectorInterest => line(true, lang.t(Key::why_sector_interest).to_owned()),
            Reason::SectorExperience => line(true, lang.t(Key::why_sector_experience).to_owned()),
            Reason::SectorNew => line(false, lang.t(Key::why_sector_new).to_owned()),
            Reason::Distance { km, .. } if *km < 0.5 => {
                line(true, lang.t(Key::why_same_comune).to_owned())
            }
            Reason::Distance { km, max_km } => line(
                true,
                lang.tf(
                    Key::why_distance,
                    &[("km", &format!("{km:.0}")), ("max", &max_km.to_string())],
                ),
            ),
            Reason::DistanceUnknown => line(false, lang.t(Key::why_distance_unknown).to_owned()),
            Reason::HoursFit => line(true, lang.t(Key::why_hours_fit).to_owned()),
            Reason::HoursDiffer { .. } => line(false, lang.t(Key::why_hours_differ).to_owned()),
            Reason::Shifts { fit, missing } => {
                if *missing != 0 {
                    line(
                        false,
                        lang.tf(
                            Key::why_shifts_missing,
                            &[("shifts", &opts_text(lang, SHIFTS, *missing))],
                        ),
                    );
                } else if *fit != 0 {
                    line(true, lang.t(Key::why_shifts_fit).to_owned());
                }
            }
            Reason::Italian { has, needs } => {
                if *needs > 0 {
                    line(
                        true,
                        lang.tf(
                            Key::why_italian,
                            &[
                                ("has", matching::italian_code(*has)),
                                ("needs", matching::italian_code(*needs)),
                            ],
                        ),
                    );
                }
            }
            Reason::Licence => line(true, lang.t(Key::why_licence).to_owned()),
            Reason::Vehicle => line(true, lang.t(Key::why_vehicle).to_owned()),
            Reason::Readiness(r) => line(
                true,
                lang.t(match r {
                    matching::Readiness::InPath => Key::why_in_path,
                    matching::Readiness::Assessed => Key::why_assessed,
                })
                .to_owned(),
            ),
        }
    }
    out
}

/// A ranking: the best [`RANKED`] pairs, how many were considered, and how many of those were
/// farther than the person travels.
pub struct Ranking<T> {
    pub best: Vec<(T, Match)>,
    pub considered: i64,
    pub too_far: i64,
}

pub(crate) fn ranking<T>(scored: Vec<(T, Match)>, id: impl Fn(&T) -> i64) -> Ranking<T> {
    let considered = scored.len() as i64;
    let too_far = scored
        .iter()
        .filter(|(_, m)| {
            m.excluded
                .iter()
                .any(|e| matches!(e, Exclusion::TooFar { .. }))
        })
        .count() as i64;
    Ranking {
        best: top(scored, RANKED, id),
        considered,
        too_far,
    }
}

/// Ranks the candidates for a position. Those without the language, licence or vehicle it needs
/// are left out by the store; distance is checked here, where the comuni's places are known.
pub async fn rank_candidates(
    store: &crate::storage::Store,
    territory: &crate::domain::territory::Territory,
    needs: &crate::domain::matching::Needs,
) -> Result<Ranking<Candidate>, StoreError> {
    let scored = store
        .candidates_for(needs)
        .await?
        .into_iter()
        .map(|c| {
            let m = score(&c, needs, territory.km_between(&c.comune, &needs.comune));
            (c, m)
        })
        .collect();
    Ok(ranking(scored, |c| c.applicant_id.get()))
}

/// Ranks the positions open on `today` for a candidate.
pub async fn rank_positions(
    store: &crate::storage::Store,
    territory: &crate::domain::territory::Territory,
    c: &Candidate,
    today: NaiveDate,
) -> Result<Ranking<crate::domain::matching::Needs>, StoreError> {
    let scored = store
        .open_needs(today)
        .await?
        .into_iter()
        .map(|n| {
            let m = score(c, &n, territory.km_between(&c.comune, &n.comune));
            (n, m)
        })
        .collect();
    Ok(ranking(scored, |n| n.position_id.get()))
}
