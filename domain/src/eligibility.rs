//! Who may enrol: domiciled in the territory and not already in an active employment-policy measure.
use super::territory::Territory;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Domicile {
    /// ISTAT code of a comune of the territory.
    Comune(String),
    Elsewhere,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IneligibilityReason {
    DomicileOutsideTerritory,
    AlreadyInActiveMeasure,
}

impl IneligibilityReason {
    pub fn code(self) -> &'static str {
        match self {
            Self::DomicileOutsideTerritory => "domicile",
            Self::AlreadyInActiveMeasure => "active_measure",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::DomicileOutsideTerritory, Self::AlreadyInActiveMeasure]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eligibility {
    Eligible,
    NotEligible(IneligibilityReason),
}

/// The domicile question alone: a comune that is not in the territory counts as elsewhere.
pub fn check_domicile(domicile: &Domicile, territory: &Territory) -> Eligibility {
    match domicile {
        Domicile::Comune(code) if territory.by_istat(code).is_some() => Eligibility::Eligible,
        _ => Eligibility::NotEligible(IneligibilityReason::DomicileOutsideTerritory),
    }
}

/// The whole rule. Domicile is asked (and so reported) first.
pub fn check(domicile: &Domicile, in_active_measure: bool, territory: &Territory) -> Eligibility {
    match check_domicile(domicile, territory) {
        Eligibility::Eligible if in_active_measure => {
            Eligibility::NotEligible(IneligibilityReason::AlreadyInActiveMeasure)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn territory() -> Territory {
        Territory::from_csv(include_str!("../../data/bologna-comuni.csv")).unwrap()
    }

    #[test]
    fn a_person_domiciled_in_bologna_and_in_no_measure_is_eligible() {
        let d = Domicile::Comune("037006".into());
        assert_eq!(check(&d, false, &territory()), Eligibility::Eligible);
    }

    #[test]
    fn a_person_already_in_a_measure_is_not_eligible() {
        let d = Domicile::Comune("037006".into());
        assert_eq!(
            check(&d, true, &territory()),
            Eligibility::NotEligible(IneligibilityReason::AlreadyInActiveMeasure)
        );
    }

    #[test]
    fn a_domicile_elsewhere_or_unknown_is_not_eligible_whatever_the_measure() {
        for d in [Domicile::Elsewhere, Domicile::Comune("058091".into())] {
            for measure in [false, true] {
                assert_eq!(
                    check(&d, measure, &territory()),
                    Eligibility::NotEligible(IneligibilityReason::DomicileOutsideTerritory)
                );
            }
        }
    }

    #[test]
    fn reasons_round_trip_through_their_codes() {
        for r in [
            IneligibilityReason::DomicileOutsideTerritory,
            IneligibilityReason::AlreadyInActiveMeasure,
        ] {
            assert_eq!(IneligibilityReason::from_code(r.code()), Some(r));
        }
        assert_eq!(IneligibilityReason::from_code("x"), None);
    }
}
