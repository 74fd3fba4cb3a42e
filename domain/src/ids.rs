//! The ids of the programme's records, each its own type, so that a call such as
//! `propose(position, applicant, …)` does not compile with its arguments swapped. They travel as
//! plain numbers (serde and, with the `sqlx` feature the storage crate turns on, the database).
use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(i64);

        impl $name {
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }

            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }
    )*};
}

ids! {
    /// A person who applied (`applicants.id`); their case is keyed by it too.
    ApplicantId,
    /// A partner company.
    CompanyId,
    /// A position a company offers.
    PositionId,
    /// A candidate proposed for a position.
    ProposalId,
    /// A staff account: secretariat, professional, tutor, admin, or a company's contact person.
    StaffId,
    /// A course in the training catalogue.
    CourseId,
    /// One lesson of a course.
    CourseSessionId,
    /// A traineeship (tirocinio) in a partner company.
    TraineeshipId,
    /// One objective of a traineeship.
    ObjectiveId,
    /// A group session (information or motivation meeting).
    GroupSessionId,
    /// A self-employment or social-innovation project.
    VentureId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_travels_as_its_number() {
        let id = ApplicantId::new(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<ApplicantId>("42").unwrap(), id);
        assert_eq!(" 42 ".parse::<ApplicantId>().unwrap(), id);
        assert_eq!(id.to_string(), "42");
    }
}
