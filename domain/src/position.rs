//! A position a company offers on the board, as its form posts it and as matching reads it.
use super::board::Contract;
use super::catalogue::{SECTORS, SKILLS};
use super::company::Problem;
use super::ids::PositionId;
use super::matching::{italian_rank, mask_of, Hours, Needs};
use super::questionnaire::{parse_date, Opt, ITALIAN, SHIFTS};
use crate::i18n::Key;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Levels of Italian as staff and companies read them: the same codes as the questionnaire's
/// answer, which the applicant gives in the first person ("Non parlo italiano"), in the third.
pub const ITALIAN_LEVELS: &[Opt] = &[
    Opt::new("none", Key::level_italian_none),
    Opt::new("A1", Key::level_italian_a1),
    Opt::new("A2", Key::level_italian_a2),
    Opt::new("B1", Key::level_italian_b1),
    Opt::new("B2", Key::level_italian_b2),
    Opt::new("C1", Key::level_italian_c1),
    Opt::new("C2", Key::level_italian_c2),
];

/// The Italian a position requires: the levels above, where "none" means not required.
pub const REQUIRED_ITALIAN: &[Opt] = &[
    Opt::new("none", Key::level_italian_not_required),
    Opt::new("A1", Key::level_italian_a1),
    Opt::new("A2", Key::level_italian_a2),
    Opt::new("B1", Key::level_italian_b1),
    Opt::new("B2", Key::level_italian_b2),
    Opt::new("C1", Key::level_italian_c1),
    Opt::new("C2", Key::level_italian_c2),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionDetails {
    pub title: String,
    pub occupation: String,
    pub description: String,
    pub sector: String,
    pub site_id: i64,
    pub required_skills: Vec<String>,
    pub desired_skills: Vec<String>,
    pub weekly_hours: u8,
    pub shifts: Vec<String>,
    pub contract: Contract,
    pub italian: String,
    pub licence: bool,
    pub vehicle: bool,
    /// The workplace can be reached and used by a person with reduced mobility.
    pub accessible: bool,
    pub openings: u8,
    pub closes_on: NaiveDate,
}

fn ticked(form: &BTreeMap<String, String>, name: &str, opts: &[Opt]) -> Vec<String> {
    opts.iter()
        .filter(|o| {
            form.get(&format!("{name}__{}", o.value))
                .is_some_and(|v| !v.is_empty())
        })
        .map(|o| o.value.to_owned())
        .collect()
}

fn clean(form: &BTreeMap<String, String>, name: &str) -> String {
    form.get(name)
        .map(|v| v.trim())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect()
}

impl PositionDetails {
    /// `sites` are the ids of the company's own sites; `today` bounds the closing date.
    pub fn from_form(
        form: &BTreeMap<String, String>,
        sites: &[i64],
        today: NaiveDate,
    ) -> Result<PositionDetails, Vec<Problem>> {
        let mut problems = Vec::new();
        let title = clean(form, "title");
        if title.is_empty() {
            problems.push(Problem::Required("title"));
        } else if title.chars().count() > 120 {
            problems.push(Problem::TooLong("title"));
        }
        let occupation = clean(form, "occupation");
        if occupation.chars().count() > 120 {
            problems.push(Problem::TooLong("occupation"));
        }
        let description = clean(form, "description");
        if description.chars().count() > 2000 {
            problems.push(Problem::TooLong("description"));
        }
        let sector = clean(form, "sector");
        if !SECTORS.iter().any(|o| o.value == sector) {
            problems.push(Problem::Required("sector"));
        }
        let site_id = clean(form, "site")
            .parse::<i64>()
            .ok()
            .filter(|s| sites.contains(s));
        if site_id.is_none() {
            problems.push(Problem::Required("site"));
        }
        let required_skills = ticked(form, "required", SKILLS);
        let desired_skills: Vec<String> = ticked(form, "desired", SKILLS)
            .into_iter()
            .filter(|s| !required_skills.contains(s))
            .collect();
        let weekly_hours = clean(form, "weekly_hours")
            .parse::<u8>()
            .ok()
            .filter(|h| (1..=48).contains(h));
        if weekly_hours.is_none() {
            problems.push(Problem::Required("weekly_hours"));
        }
        let shifts = ticked(form, "shifts", SHIFTS);
        let contract = Contract::from_code(&clean(form, "contract"));
        if contract.is_none() {
            problems.push(Problem::Required("contract"));
        }
        let italian = match clean(form, "italian").as_str() {
            "" => "none".to_owned(),
            v if ITALIAN.iter().any(|o| o.value == v) => v.to_owned(),
            _ => {
                problems.push(Problem::Required("italian"));
                String::new()
            }
        };
        let openings = clean(form, "openings")
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=50).contains(n));
        if openings.is_none() {
            problems.push(Problem::Required("openings"));
        }
        let closes_on = parse_date(&clean(form, "closes_on"))
            .filter(|d| *d >= today && (*d - today).num_days() <= 366);
        if closes_on.is_none() {
            problems.push(Problem::Date("closes_on"));
        }
        let yes = |name: &str| !clean(form, name).is_empty();
        match (site_id, weekly_hours, contract, openings, closes_on) {
            (
                Some(site_id),
                Some(weekly_hours),
                Some(contract),
                Some(openings),
                Some(closes_on),
            ) if problems.is_empty() => Ok(PositionDetails {
                title,
                occupation,
                description,
                sector,
                site_id,
                required_skills,
                desired_skills,
                weekly_hours,
                shifts,
                contract,
                italian,
                licence: yes("licence"),
                vehicle: yes("vehicle"),
                accessible: yes("accessible"),
                openings,
                closes_on,
            }),
            _ => Err(problems),
        }
    }

    /// What matching compares with candidates; `comune` is the site's.
    pub fn needs(&self, position_id: PositionId, comune: &str) -> Needs {
        Needs {
            position_id,
            comune: comune.to_owned(),
            required_skills: mask_of(SKILLS, self.required_skills.iter().map(String::as_str)),
            desired_skills: mask_of(SKILLS, self.desired_skills.iter().map(String::as_str)),
            sector: SECTORS
                .iter()
                .position(|o| o.value == self.sector)
                .unwrap_or(SECTORS.len() - 1) as u32,
            hours: Hours::of_weekly(self.weekly_hours),
            shifts: mask_of(SHIFTS, self.shifts.iter().map(String::as_str)),
            italian: italian_rank(&self.italian),
            licence: self.licence,
            vehicle: self.vehicle,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_read_the_levels_of_the_questionnaire_in_the_third_person() {
        for levels in [ITALIAN_LEVELS, REQUIRED_ITALIAN] {
            assert_eq!(
                levels.iter().map(|o| o.value).collect::<Vec<_>>(),
                ITALIAN.iter().map(|o| o.value).collect::<Vec<_>>()
            );
        }
        let it = crate::i18n::Lang::DEFAULT;
        for (staff, applicant) in ITALIAN_LEVELS.iter().zip(ITALIAN) {
            assert_ne!(it.t(staff.label), it.t(applicant.label));
        }
    }
    use crate::test_support::form;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn good() -> Vec<(&'static str, &'static str)> {
        vec![
            ("title", "Magazziniere"),
            ("sector", "logistics"),
            ("site", "3"),
            ("required__warehouse", "on"),
            ("required__forklift", "on"),
            ("desired__forklift", "on"),
            ("desired__computer", "on"),
            ("weekly_hours", "38"),
            ("shifts__morning", "on"),
            ("contract", "fixed_term"),
            ("italian", "A2"),
            ("openings", "2"),
            ("closes_on", "2027-01-31"),
            ("licence", "on"),
        ]
    }

    #[test]
    fn a_complete_position_is_read_and_becomes_needs() {
        let p = PositionDetails::from_form(&form(&good()), &[3, 4], today()).unwrap();
        assert_eq!(p.required_skills, vec!["warehouse", "forklift"]);
        // A skill both required and desired counts as required only.
        assert_eq!(p.desired_skills, vec!["computer"]);
        assert!(p.licence && !p.vehicle);
        let n = p.needs(PositionId::new(7), "037006");
        assert_eq!(n.hours, Hours::FullTime);
        assert_eq!(n.italian, 2);
    }

    #[test]
    fn another_companys_site_or_a_past_closing_date_is_refused() {
        let mut f = form(&good());
        f.insert("closes_on".into(), "2026-11-01".into());
        let err = PositionDetails::from_form(&f, &[4], today()).unwrap_err();
        assert_eq!(
            err,
            vec![Problem::Required("site"), Problem::Date("closes_on")]
        );
    }

    #[test]
    fn an_empty_form_names_each_required_field() {
        let err = PositionDetails::from_form(&BTreeMap::new(), &[1], today()).unwrap_err();
        assert_eq!(
            err,
            vec![
                Problem::Required("title"),
                Problem::Required("sector"),
                Problem::Required("site"),
                Problem::Required("weekly_hours"),
                Problem::Required("contract"),
                Problem::Required("openings"),
                Problem::Date("closes_on"),
            ]
        );
    }
}
