//! The questionnaire as data: its steps, their fields and the rules each answer must meet.
//! The same description renders the forms, normalises what a form posts and validates it, in the
//! browser for instant feedback and on the server, which re-checks everything.
pub use super::catalogue::Opt;
use super::catalogue::{SECTORS, SKILLS};
use super::codice_fiscale::{CfError, CfMismatch, CodiceFiscale, Sex};
use super::contact::{normalize_email, normalize_phone};
use crate::i18n::Key;
use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextShape {
    Plain,
    PersonName,
    Phone,
    Email,
    CodiceFiscale,
    PostalCode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text {
        max: usize,
        shape: TextShape,
    },
    LongText {
        max: usize,
    },
    Date,
    Number {
        min: i64,
        max: i64,
    },
    /// Radio buttons: one of a few.
    Choice(&'static [Opt]),
    /// A drop-down: one of many.
    Select(&'static [Opt]),
    /// Check boxes: any of.
    Multi(&'static [Opt]),
    /// One check box that must be ticked on purpose.
    Consent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Always,
    Optional,
    /// Asked, and required, only when another field holds this value.
    When(&'static str, &'static str),
    /// Asked, and required, unless another field holds this value.
    Unless(&'static str, &'static str),
    /// Required when another field is not empty.
    WithFilled(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub label: Key,
    pub hint: Option<Key>,
    pub kind: FieldKind,
    pub need: Need,
}

impl Field {
    /// Whether the question applies, given the answers so far. A question that does not apply is
    /// not shown, not checked, and its leftover answer is not kept.
    pub fn asked(&self, answers: &Answers) -> bool {
        match self.need {
            Need::When(other, v) => answers.get(other) == v,
            Need::Unless(other, v) => answers.get(other) != v,
            _ => true,
        }
    }

    /// The condition as the page carries it (`data-when`/`data-unless`), for the style sheet to
    /// show the question only when it applies, with or without a script.
    pub fn condition(&self) -> Option<(&'static str, String)> {
        match self.need {
            Need::When(other, v) => Some(("data-when", format!("{other}={v}"))),
            Need::Unless(other, v) => Some(("data-unless", format!("{other}={v}"))),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub slug: &'static str,
    pub title: Key,
    pub intro: Option<Key>,
    pub fields: &'static [Field],
}

const fn f(
    name: &'static str,
    label: Key,
    hint: Option<Key>,
    kind: FieldKind,
    need: Need,
) -> Field {
    Field {
        name,
        label,
        hint,
        kind,
        need,
    }
}

const fn text(max: usize, shape: TextShape) -> FieldKind {
    FieldKind::Text { max, shape }
}

const YES_NO: &[Opt] = &[Opt::new("yes", Key::opt_yes), Opt::new("no", Key::opt_no)];
const SEX: &[Opt] = &[Opt::new("F", Key::opt_sex_f), Opt::new("M", Key::opt_sex_m)];
const CITIZENSHIP: &[Opt] = &[
    Opt::new("it", Key::opt_citizenship_it),
    Opt::new("eu", Key::opt_citizenship_eu),
    Opt::new("non_eu", Key::opt_citizenship_non_eu),
];
const GENDER: &[Opt] = &[
    Opt::new("woman", Key::opt_gender_woman),
    Opt::new("man", Key::opt_gender_man),
    Opt::new("non_binary", Key::opt_gender_non_binary),
    Opt::new("undisclosed", Key::opt_gender_undisclosed),
];
const LANGUAGE: &[Opt] = &[
    Opt::new("it", Key::opt_language_it),
    Opt::new("en", Key::opt_language_en),
    Opt::new("fr", Key::opt_language_fr),
    Opt::new("ar", Key::opt_language_ar),
];
const CALL_TIMES: &[Opt] = &[
    Opt::new("morning", Key::opt_time_morning),
    Opt::new("midday", Key::opt_time_midday),
    Opt::new("afternoon", Key::opt_time_afternoon),
    Opt::new("evening", Key::opt_time_evening),
];
const EMPLOYMENT: &[Opt] = &[
    Opt::new("lost_job", Key::opt_employment_lost_job),
    Opt::new("never_worked", Key::opt_employment_never_worked),
    Opt::new("occasional", Key::opt_employment_occasional),
];
/// ISCED 2011 levels, in plain words.
const EDUCATION: &[Opt] = &[
    Opt::new("isced0", Key::opt_isced0),
    Opt::new("isced1", Key::opt_isced1),
    Opt::new("isced2", Key::opt_isced2),
    Opt::new("isced3", Key::opt_isced3),
    Opt::new("isced4", Key::opt_isced4),
    Opt::new("isced5", Key::opt_isced5),
    Opt::new("isced6", Key::opt_isced6),
    Opt::new("isced7", Key::opt_isced7),
    Opt::new("isced8", Key::opt_isced8),
];
/// CEFR self-assessment, in plain words.
pub const ITALIAN: &[Opt] = &[
    Opt::new("none", Key::opt_italian_none),
    Opt::new("A1", Key::opt_italian_a1),
    Opt::new("A2", Key::opt_italian_a2),
    Opt::new("B1", Key::opt_italian_b1),
    Opt::new("B2", Key::opt_italian_b2),
    Opt::new("C1", Key::opt_italian_c1),
    Opt::new("C2", Key::opt_italian_c2),
];
pub const HOURS: &[Opt] = &[
    Opt::new("full_time", Key::opt_hours_full),
    Opt::new("part_time", Key::opt_hours_part),
    Opt::new("either", Key::opt_hours_either),
];
pub const SHIFTS: &[Opt] = &[
    Opt::new("morning", Key::opt_time_morning),
    Opt::new("afternoon", Key::opt_time_afternoon),
    Opt::new("evening", Key::opt_time_evening),
    Opt::new("night", Key::opt_shift_night),
    Opt::new("weekend", Key::opt_shift_weekend),
];
pub const TRAVEL: &[Opt] = &[
    Opt::new("foot", Key::opt_travel_foot),
    Opt::new("bike", Key::opt_travel_bike),
    Opt::new("public", Key::opt_travel_public),
    Opt::new("car", Key::opt_travel_car),
    Opt::new("motorbike", Key::opt_travel_motorbike),
];
pub const LICENCE: &[Opt] = &[
    Opt::new("none", Key::opt_licence_none),
    Opt::new("B", Key::opt_licence_b),
    Opt::new("C", Key::opt_licence_c),
    Opt::new("other", Key::opt_licence_other),
];
const SELF_EMPLOYMENT: &[Opt] = &[
    Opt::new("yes", Key::opt_yes),
    Opt::new("maybe", Key::opt_maybe),
    Opt::new("no", Key::opt_no),
];

use FieldKind::{Choice, Consent, Date, LongText, Multi, Number, Select};
use Need::{Always, Optional, Unless, When, WithFilled};
use TextShape::{CodiceFiscale as CfShape, Email, PersonName, Phone, Plain, PostalCode};

pub const STEPS: &[Step] = &[
    Step {
        slug: "identity",
        title: Key::step_identity,
        intro: None,
        fields: &[
            f(
                "first_name",
                Key::field_first_name,
                None,
                text(60, PersonName),
                Always,
            ),
            f(
                "last_name",
                Key::field_last_name,
                None,
                text(60, PersonName),
                Always,
            ),
            f("birth_date", Key::field_birth_date, None, Date, Always),
            f(
                "sex",
                Key::field_sex,
                Some(Key::hint_sex),
                Choice(SEX),
                Always,
            ),
            f("has_cf", Key::field_has_cf, None, Choice(YES_NO), Always),
            f(
                "cf",
                Key::field_cf,
                Some(Key::hint_cf),
                text(16, CfShape),
                When("has_cf", "yes"),
            ),
            f(
                "birth_country",
                Key::field_birth_country,
                Some(Key::hint_birth_country),
                text(60, Plain),
                When("has_cf", "no"),
            ),
            f(
                "citizenship",
                Key::field_citizenship,
                None,
                Choice(CITIZENSHIP),
                Always,
            ),
            f(
                "gender",
                Key::field_gender,
                Some(Key::hint_gender),
                Choice(GENDER),
                Always,
            ),
        ],
    },
    Step {
        slug: "contacts",
        title: Key::step_contacts,
        intro: None,
        fields: &[
            f(
                "mobile",
                Key::field_mobile,
                Some(Key::hint_mobile),
                text(20, Phone),
                Always,
            ),
            f(
                "email",
                Key::field_email,
                Some(Key::hint_email),
                text(254, Email),
                Optional,
            ),
            f(
                "language",
                Key::field_language,
                None,
                Choice(LANGUAGE),
                Always,
            ),
            f(
                "call_times",
                Key::field_call_times,
                None,
                Multi(CALL_TIMES),
                Always,
            ),
        ],
    },
    Step {
        slug: "address",
        title: Key::step_address,
        intro: Some(Key::intro_address),
        fields: &[
            f(
                "street",
                Key::field_street,
                Some(Key::hint_street),
                text(120, Plain),
                Always,
            ),
            f(
                "postal_code",
                Key::field_postal_code,
                None,
                text(5, PostalCode),
                Always,
            ),
        ],
    },
    Step {
        slug: "situation",
        title: Key::step_situation,
        intro: None,
        fields: &[
            f(
                "employment",
                Key::field_employment,
                None,
                Choice(EMPLOYMENT),
                Always,
            ),
            f(
                "months_without_work",
                Key::field_months_without_work,
                Some(Key::hint_months),
                Number { min: 0, max: 720 },
                Unless("employment", "never_worked"),
            ),
            f(
                "education",
                Key::field_education,
                None,
                Select(EDUCATION),
                Always,
            ),
            f("italian", Key::field_italian, None, Choice(ITALIAN), Always),
        ],
    },
    Step {
        slug: "experience",
        title: Key::step_experience,
        intro: Some(Key::intro_experience),
        fields: &[
            f(
                "job1_role",
                Key::field_job1_role,
                None,
                text(80, Plain),
                Optional,
            ),
            f(
                "job1_sector",
                Key::field_job_sector,
                None,
                Select(SECTORS),
                WithFilled("job1_role"),
            ),
            f(
                "job1_years",
                Key::field_job_years,
                None,
                Number { min: 0, max: 60 },
                WithFilled("job1_role"),
            ),
            f(
                "job2_role",
                Key::field_job2_role,
                None,
                text(80, Plain),
                Optional,
            ),
            f(
                "job2_sector",
                Key::field_job_sector,
                None,
                Select(SECTORS),
                WithFilled("job2_role"),
            ),
            f(
                "job2_years",
                Key::field_job_years,
                None,
                Number { min: 0, max: 60 },
                WithFilled("job2_role"),
            ),
            f("skills", Key::field_skills, None, Multi(SKILLS), Optional),
            f("sectors", Key::field_sectors, None, Multi(SECTORS), Always),
        ],
    },
    Step {
        slug: "availability",
        title: Key::step_availability,
        intro: None,
        fields: &[
            f("hours", Key::field_hours, None, Choice(HOURS), Always),
            f("shifts", Key::field_shifts, None, Multi(SHIFTS), Always),
            f(
                "travel_km",
                Key::field_travel_km,
                Some(Key::hint_travel_km),
                Number { min: 0, max: 200 },
                Always,
            ),
            f("travel", Key::field_travel, None, Multi(TRAVEL), Always),
            f("licence", Key::field_licence, None, Choice(LICENCE), Always),
            f("vehicle", Key::field_vehicle, None, Choice(YES_NO), Always),
        ],
    },
    Step {
        slug: "plans",
        title: Key::step_plans,
        intro: None,
        fields: &[
            f(
                "self_employment",
                Key::field_self_employment,
                None,
                Choice(SELF_EMPLOYMENT),
                Always,
            ),
            f(
                "idea",
                Key::field_idea,
                Some(Key::hint_idea),
                LongText { max: 1000 },
                Optional,
            ),
            f(
                "support_consent",
                Key::field_support_consent,
                Some(Key::hint_support_consent),
                Consent,
                Optional,
            ),
            f(
                "needs",
                Key::field_needs,
                Some(Key::hint_needs),
                Multi(NEEDS),
                Optional,
            ),
        ],
    },
    Step {
        slug: "review",
        title: Key::step_review,
        intro: Some(Key::intro_review),
        fields: &[f(
            "privacy_consent",
            Key::field_privacy_consent,
            None,
            Consent,
            Always,
        )],
    },
];

const NEEDS: &[Opt] = &[
    Opt::new("disability", Key::opt_need_disability),
    Opt::new("caring", Key::opt_need_caring),
    Opt::new("housing", Key::opt_need_housing),
];

pub fn step_index(slug: &str) -> Option<usize> {
    STEPS.iter().position(|s| s.slug == slug)
}

pub fn field(name: &str) -> Option<&'static Field> {
    STEPS
        .iter()
        .flat_map(|s| s.fields.iter())
        .find(|f| f.name == name)
}

/// The names of a field's form controls: one, or one per check box (`call_times__morning`).
pub fn control_names(field: &Field) -> Vec<String> {
    match field.kind {
        Multi(opts) => opts
            .iter()
            .map(|o| format!("{}__{}", field.name, o.value))
            .collect(),
        _ => vec![field.name.to_owned()],
    }
}

/// The field a form control belongs to: `a[call_times__morning]` → `call_times`.
pub fn field_of_control(name: &str) -> Option<String> {
    let inner = name.strip_prefix("a[")?.strip_suffix(']')?;
    Some(inner.split("__").next().unwrap_or(inner).to_owned())
}

/// What a person typed, field by field, exactly as typed (trimmed): kept even when invalid, so
/// that nothing is lost. Several check boxes are stored space-separated under the field's name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers(pub BTreeMap<String, String>);

/// A hard cap on anything stored, far above every field's own limit.
pub const MAX_STORED_CHARS: usize = 4000;

impl Answers {
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn has(&self, name: &str, value: &str) -> bool {
        self.get(name).split(' ').any(|v| v == value)
    }

    /// Takes one step's fields from a posted form (`name` → value; a check box `name__value` → on).
    /// Unknown names are ignored; the other steps' answers are kept.
    pub fn merge_step(&mut self, step: &Step, form: &BTreeMap<String, String>) {
        for field in step.fields {
            let value = match field.kind {
                Multi(opts) => opts
                    .iter()
                    .filter(|o| form.contains_key(&format!("{}__{}", field.name, o.value)))
                    .map(|o| o.value)
                    .collect::<Vec<_>>()
                    .join(" "),
                Consent => if form.contains_key(field.name) {
                    "yes"
                } else {
                    ""
                }
                .to_owned(),
                _ => form
                    .get(field.name)
                    .map(|v| v.trim())
                    .unwrap_or("")
                    .to_owned(),
            };
            let value: String = value
                .chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .take(MAX_STORED_CHARS)
                .collect();
            if value.is_empty() {
                self.0.remove(field.name);
            } else {
                self.0.insert(field.name.to_owned(), value);
            }
        }
        for field in step.fields {
            if !field.asked(self) {
                self.0.remove(field.name);
            }
        }
        if !self.has("support_consent", "yes") {
            // Needs are special-category data: kept only with their own consent.
            self.0.remove("needs");
        }
    }
}

/// What the checks need from outside the answers.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub today: NaiveDate,
    /// Postal codes of the comune chosen at the eligibility step.
    pub postal_codes: &'a [String],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: ErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    Required,
    TooLong,
    Characters,
    Date,
    Age,
    Number,
    Choice,
    Phone,
    Email,
    PostalCodeShape,
    PostalCodeComune,
    Cf(CfErrorKind),
    CfBirthDate,
    CfSex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CfErrorKind {
    Length,
    Characters,
    CheckCharacter,
    Date,
}

impl ErrorKind {
    pub fn key(self) -> Key {
        match self {
            ErrorKind::Required => Key::err_required,
            ErrorKind::TooLong => Key::err_too_long,
            ErrorKind::Characters => Key::err_characters,
            ErrorKind::Date => Key::err_date,
            ErrorKind::Age => Key::err_age,
            ErrorKind::Number => Key::err_number,
            ErrorKind::Choice => Key::err_choice,
            ErrorKind::Phone => Key::err_phone,
            ErrorKind::Email => Key::err_email,
            ErrorKind::PostalCodeShape => Key::err_postal_code_shape,
            ErrorKind::PostalCodeComune => Key::err_postal_code_comune,
            ErrorKind::Cf(CfErrorKind::Length) => Key::err_cf_length,
            ErrorKind::Cf(CfErrorKind::Characters) => Key::err_cf_characters,
            ErrorKind::Cf(CfErrorKind::CheckCharacter) => Key::err_cf_check,
            ErrorKind::Cf(CfErrorKind::Date) => Key::err_cf_date,
            ErrorKind::CfBirthDate => Key::err_cf_birth_date,
            ErrorKind::CfSex => Key::err_cf_sex,
        }
    }
}

impl From<CfError> for ErrorKind {
    fn from(e: CfError) -> Self {
        ErrorKind::Cf(match e {
            CfError::Empty | CfError::WrongLength => CfErrorKind::Length,
            CfError::InvalidCharacters => CfErrorKind::Characters,
            CfError::WrongCheckCharacter => CfErrorKind::CheckCharacter,
            CfError::InvalidMonth | CfError::InvalidDay | CfError::InvalidDate => CfErrorKind::Date,
        })
    }
}

/// Accepts `YYYY-MM-DD` (what a date input sends) and `DD/MM/YYYY` (what people type without one).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .ok()
}

pub const MIN_AGE: i32 = 16;
pub const MAX_AGE: i32 = 75;

fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

fn is_person_name(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '’' || c == '-' || c == '.')
        && s.chars().any(char::is_alphabetic)
}

fn check_text(s: &str, max: usize, shape: TextShape, ctx: &Context) -> Result<(), ErrorKind> {
    if s.chars().count() > max && shape != TextShape::Phone && shape != TextShape::CodiceFiscale {
        return Err(ErrorKind::TooLong);
    }
    match shape {
        TextShape::Plain => {
            if s.contains(['<', '>']) {
                return Err(ErrorKind::Characters);
            }
        }
        TextShape::PersonName => {
            if !is_person_name(s) {
                return Err(ErrorKind::Characters);
            }
        }
        TextShape::Phone => {
            normalize_phone(s).ok_or(ErrorKind::Phone)?;
        }
        TextShape::Email => {
            normalize_email(s).ok_or(ErrorKind::Email)?;
        }
        TextShape::CodiceFiscale => {
            CodiceFiscale::parse(s)?;
        }
        TextShape::PostalCode => {
            if !super::territory::is_postal_code_shape(s) {
                return Err(ErrorKind::PostalCodeShape);
            }
            if !ctx.postal_codes.iter().any(|c| c == s) {
                return Err(ErrorKind::PostalCodeComune);
            }
        }
    }
    Ok(())
}

fn check_field(field: &Field, answers: &Answers, ctx: &Context) -> Result<(), ErrorKind> {
    let value = answers.get(field.name);
    let required = match field.need {
        Always => true,
        Optional => false,
        When(..) | Unless(..) => field.asked(answers),
        WithFilled(other) => !answers.get(other).is_empty(),
    };
    if value.is_empty() {
        return if required {
            Err(ErrorKind::Required)
        } else {
            Ok(())
        };
    }
    match field.kind {
        FieldKind::Text { max, shape } => check_text(value, max, shape, ctx),
        LongText { max } => {
            if value.chars().count() > max {
                Err(ErrorKind::TooLong)
            } else {
                Ok(())
            }
        }
        Date => {
            let d = parse_date(value).ok_or(ErrorKind::Date)?;
            let age = age_on(d, ctx.today);
            if d > ctx.today || !(MIN_AGE..=MAX_AGE).contains(&age) {
                Err(ErrorKind::Age)
            } else {
                Ok(())
            }
        }
        Number { min, max } => match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(()),
            _ => Err(ErrorKind::Number),
        },
        Choice(opts) | Select(opts) => {
            if opts.iter().any(|o| o.value == value) {
                Ok(())
            } else {
                Err(ErrorKind::Choice)
            }
        }
        Multi(opts) => {
            if value.split(' ').all(|v| opts.iter().any(|o| o.value == v)) {
                Ok(())
            } else {
                Err(ErrorKind::Choice)
            }
        }
        Consent => Ok(()),
    }
}

/// Every problem of one step, in the order of its fields.
/// The live check of a step while the person types: the step's answers as the form holds them now
/// (`posted` gives a control's value by its name in the form, `a[name]`), on top of the answers
/// given `earlier`, checked by the same rules the server applies. Both browser clients read their
/// form through this.
pub fn check_live(
    step: &Step,
    earlier: &Answers,
    posted: impl Fn(&str) -> Option<String>,
    ctx: &Context,
) -> Vec<FieldError> {
    let mut form = BTreeMap::new();
    for f in step.fields {
        for name in control_names(f) {
            if let Some(v) = posted(&format!("a[{name}]")) {
                form.insert(name, v);
            }
        }
    }
    let mut answers = earlier.clone();
    answers.merge_step(step, &form);
    validate_step(step, &answers, ctx)
}

pub fn validate_step(step: &Step, answers: &Answers, ctx: &Context) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = step
        .fields
        .iter()
        // A question that does not apply is not asked: its leftovers do not count.
        .filter(|f| f.asked(answers))
        .filter_map(|f| {
            check_field(f, answers, ctx)
                .err()
                .map(|message| FieldError {
                    field: f.name,
                    message,
                })
        })
        .collect();
    if step.slug == "identity" && errors.is_empty() && answers.get("has_cf") == "yes" {
        if let Err(m) = cf_agreement(answers) {
            errors.push(FieldError {
                field: "cf",
                message: m,
            });
        }
    }
    errors
}

fn cf_agreement(answers: &Answers) -> Result<(), ErrorKind> {
    let cf = CodiceFiscale::parse(answers.get("cf"))?;
    let birth = parse_date(answers.get("birth_date")).ok_or(ErrorKind::Date)?;
    let sex = if answers.get("sex") == "F" {
        Sex::Female
    } else {
        Sex::Male
    };
    cf.agrees_with(birth, sex).map_err(|m| match m {
        CfMismatch::BirthDate => ErrorKind::CfBirthDate,
        CfMismatch::Sex => ErrorKind::CfSex,
    })
}

/// The first step with a problem, if any: the whole questionnaire is checked again at submission.
pub fn first_invalid_step(answers: &Answers, ctx: &Context) -> Option<usize> {
    STEPS
        .iter()
        .position(|s| !validate_step(s, answers, ctx).is_empty())
}

#[cfg(test)]
mod tests;

/// An answer as people read it: option labels in `lang`, nothing for consents and empty fields.
pub fn shown_answer(lang: Lang, answers: &Answers, f: &Field) -> Option<String> {
    let v = answers.get(f.name);
    if v.is_empty() || matches!(f.kind, FieldKind::Consent) {
        return None;
    }
    Some(match f.kind {
        FieldKind::Choice(opts) | FieldKind::Select(opts) | FieldKind::Multi(opts) => v
            .split(' ')
            .filter_map(|x| opts.iter().find(|o| o.value == x).map(|o| lang.t(o.label)))
            .collect::<Vec<_>>()
            .join(", "),
        FieldKind::Date => parse_date(v)
            .map(|d| crate::i18n::format_date(lang, d))
            .unwrap_or_else(|| v.to_owned()),
        FieldKind::Text {
            shape: TextShape::Phone,
            ..
        } => normalize_phone(v)
            .map(|p| super::contact::format_phone(&p))
            .unwrap_or_else(|| v.to_owned()),
        _ => v.to_owned(),
    })
}

/// An answer as the review before sending shows it. Support needs are health and family matters:
/// the review says that they were recorded, without repeating them on a screen others may see; a
/// consent says whether it was given.
pub fn reviewed_answer(lang: Lang, answers: &Answers, f: &Field) -> Option<String> {
    if !f.asked(answers) {
        return None;
    }
    if f.name == "needs" {
        let key = if answers.get(f.name).trim().is_empty() {
            Key::review_needs_none
        } else {
            Key::review_needs_recorded
        };
        return Some(lang.t(key).to_owned());
    }
    if matches!(f.kind, FieldKind::Consent) {
        let key = if answers.get(f.name) == "yes" {
            Key::review_consent_given
        } else {
            Key::review_consent_not_given
        };
        return Some(lang.t(key).to_owned());
    }
    shown_answer(lang, answers, f)
}
