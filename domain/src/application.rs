//! A finished questionnaire read once into what enrolment needs: parsed dates, a normalised phone,
//! the codice fiscale only when the person said they have one. Enrolment reads these typed fields
//! instead of looking answers up again by name.
use crate::codice_fiscale::CodiceFiscale;
use crate::contact::{normalize_email, normalize_phone};
use crate::i18n::Lang;
use crate::questionnaire::{parse_date, Answers};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub sex: String,
    pub gender: String,
    pub codice_fiscale: Option<CodiceFiscale>,
    /// In international form (`+39…`).
    pub mobile: String,
    pub email: Option<String>,
    /// The language of the messages the person asked for.
    pub language: Lang,
    /// Support needs were described and the person consented to their use.
    pub needs_flagged: bool,
}

impl Application {
    /// Reads the answers of a questionnaire that passed validation. A required answer that cannot
    /// be read (validation should have refused it) is named in the error.
    pub fn read(answers: &Answers) -> Result<Self, &'static str> {
        let birth_date = parse_date(answers.get("birth_date")).ok_or("birth_date")?;
        let mobile = normalize_phone(answers.get("mobile")).ok_or("mobile")?;
        let codice_fiscale = if answers.has("has_cf", "yes") {
            Some(CodiceFiscale::parse(answers.get("cf")).map_err(|_| "cf")?)
        } else {
            None
        };
        Ok(Application {
            first_name: answers.get("first_name").trim().to_owned(),
            last_name: answers.get("last_name").trim().to_owned(),
            birth_date,
            sex: answers.get("sex").to_owned(),
            gender: answers.get("gender").to_owned(),
            codice_fiscale,
            mobile,
            email: normalize_email(answers.get("email")),
            language: Lang::from_code(answers.get("language")).unwrap_or_default(),
            needs_flagged: answers.has("support_consent", "yes")
                && !answers.get("needs").trim().is_empty(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        let mut a = Answers::default();
        for (k, v) in pairs {
            a.0.insert((*k).into(), (*v).into());
        }
        a
    }

    const PERSON: &[(&str, &str)] = &[
        ("first_name", " Mario "),
        ("last_name", "Rossi"),
        ("birth_date", "10/12/1985"),
        ("sex", "M"),
        ("gender", "man"),
        ("has_cf", "yes"),
        ("cf", "rssmra85t10a562s"),
        ("mobile", "333 000 0002"),
        ("email", " Maria@Example.ORG "),
        ("language", "ar"),
    ];

    #[test]
    fn a_finished_questionnaire_is_read_into_typed_fields() {
        let a = Application::read(&answers(PERSON)).unwrap();
        assert_eq!(a.first_name, "Mario");
        assert_eq!(a.birth_date, NaiveDate::from_ymd_opt(1985, 12, 10).unwrap());
        assert_eq!(a.mobile, "+393330000002");
        assert_eq!(a.email.as_deref(), Some("maria@example.org"));
        assert_eq!(a.codice_fiscale.unwrap().as_str(), "RSSMRA85T10A562S");
        assert_eq!(a.language.code(), "ar");
        assert!(!a.needs_flagged);
    }

    #[test]
    fn the_codice_fiscale_counts_only_when_the_person_said_they_have_one() {
        let mut pairs = PERSON.to_vec();
        pairs.retain(|(k, _)| *k != "has_cf");
        pairs.push(("has_cf", "no"));
        assert_eq!(
            Application::read(&answers(&pairs)).unwrap().codice_fiscale,
            None
        );
    }

    #[test]
    fn needs_are_flagged_only_with_their_consent() {
        let mut pairs = PERSON.to_vec();
        pairs.push(("needs", "wheelchair"));
        assert!(!Application::read(&answers(&pairs)).unwrap().needs_flagged);
        pairs.push(("support_consent", "yes"));
        assert!(Application::read(&answers(&pairs)).unwrap().needs_flagged);
    }

    #[test]
    fn an_unreadable_required_answer_is_named() {
        let mut pairs = PERSON.to_vec();
        pairs.retain(|(k, _)| *k != "mobile");
        assert_eq!(Application::read(&answers(&pairs)), Err("mobile"));
        pairs.push(("mobile", "333"));
        pairs.retain(|(k, _)| *k != "birth_date");
        assert_eq!(Application::read(&answers(&pairs)), Err("birth_date"));
    }
}
