use super::*;
use crate::test_support::form;

const BOLOGNA_CAPS: &[&str] = &["40121", "40122"];

fn ctx<'a>(codes: &'a [String]) -> Context<'a> {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        postal_codes: codes,
    }
}

fn codes() -> Vec<String> {
    BOLOGNA_CAPS.iter().map(|s| s.to_string()).collect()
}

fn step(slug: &str) -> &'static Step {
    &STEPS[step_index(slug).unwrap()]
}

fn errors(slug: &str, pairs: &[(&str, &str)]) -> Vec<(&'static str, ErrorKind)> {
    let mut a = Answers::default();
    a.merge_step(step(slug), &form(pairs));
    let c = codes();
    validate_step(step(slug), &a, &ctx(&c))
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect()
}

const MARIO: &[(&str, &str)] = &[
    ("first_name", "Mario"),
    ("last_name", "Rossi"),
    ("birth_date", "1985-12-10"),
    ("sex", "M"),
    ("has_cf", "yes"),
    ("cf", "rssmra85t10a562s"),
    ("citizenship", "it"),
    ("gender", "man"),
];

fn with(
    base: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<_> = base
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .copied()
        .collect();
    v.extend_from_slice(changes);
    v
}

#[test]
fn a_complete_identity_with_a_matching_codice_fiscale_passes() {
    assert_eq!(errors("identity", MARIO), vec![]);
}

#[test]
fn an_empty_step_asks_for_every_required_answer_in_order() {
    let e = errors("identity", &[]);
    let fields: Vec<_> = e.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        fields,
        vec![
            "first_name",
            "last_name",
            "birth_date",
            "sex",
            "has_cf",
            "citizenship",
            "gender"
        ]
    );
    assert!(e.iter().all(|(_, k)| *k == ErrorKind::Required));
}

#[test]
fn a_codice_fiscale_that_disagrees_with_the_birth_date_or_sex_is_refused() {
    assert_eq!(
        errors("identity", &with(MARIO, &[("birth_date", "1985-12-11")])),
        vec![("cf", ErrorKind::CfBirthDate)]
    );
    assert_eq!(
        errors("identity", &with(MARIO, &[("sex", "F")])),
        vec![("cf", ErrorKind::CfSex)]
    );
    assert_eq!(
        errors("identity", &with(MARIO, &[("cf", "RSSMRA85T10A562T")])),
        vec![("cf", ErrorKind::Cf(CfErrorKind::CheckCharacter))]
    );
}

#[test]
fn without_a_codice_fiscale_the_country_of_birth_is_required_instead() {
    let e = errors("identity", &with(MARIO, &[("has_cf", "no"), ("cf", "")]));
    assert_eq!(e, vec![("birth_country", ErrorKind::Required)]);
    let e = errors(
        "identity",
        &with(
            MARIO,
            &[
                ("has_cf", "no"),
                ("cf", "garbage"),
                ("birth_country", "Marocco"),
            ],
        ),
    );
    assert_eq!(
        e,
        vec![],
        "a leftover code from the other branch does not count"
    );
}

#[test]
fn a_question_that_does_not_apply_is_neither_required_nor_kept() {
    let situation = |pairs: &[(&str, &str)]| {
        let mut a = Answers::default();
        a.merge_step(step("situation"), &form(pairs));
        a
    };
    let base = [("education", "isced3"), ("italian", "B1")];
    let never = situation(&[
        base[0],
        base[1],
        ("employment", "never_worked"),
        ("months_without_work", "12"),
    ]);
    assert_eq!(
        never.get("months_without_work"),
        "",
        "no months without work for someone who never worked"
    );
    let c = codes();
    assert_eq!(validate_step(step("situation"), &never, &ctx(&c)), vec![]);
    let lost = situation(&[base[0], base[1], ("employment", "lost_job")]);
    assert_eq!(
        validate_step(step("situation"), &lost, &ctx(&c))
            .iter()
            .map(|e| (e.field, e.message))
            .collect::<Vec<_>>(),
        vec![("months_without_work", ErrorKind::Required)]
    );
    let mut with_cf = Answers::default();
    with_cf.merge_step(
        step("identity"),
        &form(&with(MARIO, &[("birth_country", "Marocco")])),
    );
    assert_eq!(
        with_cf.get("birth_country"),
        "",
        "the country of birth is only asked without a code"
    );
    let months = field("months_without_work").unwrap();
    assert_eq!(
        months.condition(),
        Some(("data-unless", "employment=never_worked".to_owned()))
    );
    assert!(!months.asked(&never) && months.asked(&lost) && months.asked(&Answers::default()));
}

#[test]
fn names_with_markup_or_digits_are_refused_but_kept() {
    let mut a = Answers::default();
    a.merge_step(
        step("identity"),
        &form(&with(MARIO, &[("first_name", "<script>alert(1)</script>")])),
    );
    assert_eq!(a.get("first_name"), "<script>alert(1)</script>");
    let c = codes();
    let e = validate_step(step("identity"), &a, &ctx(&c));
    assert_eq!(e[0].field, "first_name");
    assert_eq!(e[0].message, ErrorKind::Characters);
    assert_eq!(
        errors("identity", &with(MARIO, &[("last_name", "D'Angelo-Saïd")])),
        vec![]
    );
}

#[test]
fn dates_are_read_as_people_type_them_and_ages_are_bounded() {
    assert_eq!(
        parse_date("10/12/1985"),
        NaiveDate::from_ymd_opt(1985, 12, 10)
    );
    assert_eq!(
        parse_date("1985-12-10"),
        NaiveDate::from_ymd_opt(1985, 12, 10)
    );
    assert_eq!(parse_date("31/02/1985"), None);
    assert_eq!(
        errors("identity", &with(MARIO, &[("birth_date", "yesterday")]))[0],
        ("birth_date", ErrorKind::Date)
    );
    assert_eq!(
        errors("identity", &with(MARIO, &[("birth_date", "2015-01-01")]))[0],
        ("birth_date", ErrorKind::Age)
    );
    assert_eq!(
        errors("identity", &with(MARIO, &[("birth_date", "2030-01-01")]))[0],
        ("birth_date", ErrorKind::Age)
    );
}

#[test]
fn the_postal_code_must_belong_to_the_chosen_comune() {
    assert_eq!(
        errors(
            "address",
            &[("street", "Via Roma 1"), ("postal_code", "40121")]
        ),
        vec![]
    );
    assert_eq!(
        errors(
            "address",
            &[("street", "Via Roma 1"), ("postal_code", "40050")]
        ),
        vec![("postal_code", ErrorKind::PostalCodeComune)]
    );
    assert_eq!(
        errors(
            "address",
            &[("street", "Via Roma 1"), ("postal_code", "4012")]
        ),
        vec![("postal_code", ErrorKind::PostalCodeShape)]
    );
}

#[test]
fn check_boxes_are_gathered_and_unknown_options_refused() {
    let mut a = Answers::default();
    a.merge_step(
        step("contacts"),
        &form(&[
            ("mobile", "3331234567"),
            ("language", "ar"),
            ("call_times__morning", "on"),
            ("call_times__evening", "on"),
        ]),
    );
    assert_eq!(a.get("call_times"), "morning evening");
    assert!(a.has("call_times", "evening"));
    let c = codes();
    assert!(validate_step(step("contacts"), &a, &ctx(&c)).is_empty());
    a.0.insert("call_times".into(), "morning never".into());
    assert_eq!(
        validate_step(step("contacts"), &a, &ctx(&c))[0].message,
        ErrorKind::Choice
    );
}

#[test]
fn needs_are_dropped_without_their_own_consent() {
    let mut a = Answers::default();
    a.merge_step(
        step("plans"),
        &form(&[("self_employment", "no"), ("needs__housing", "on")]),
    );
    assert_eq!(a.get("needs"), "");
    a.merge_step(
        step("plans"),
        &form(&[
            ("self_employment", "no"),
            ("support_consent", "yes"),
            ("needs__housing", "on"),
        ]),
    );
    assert_eq!(a.get("needs"), "housing");
}

#[test]
fn a_job_needs_its_sector_and_years_only_when_it_is_named() {
    let base = [("sectors__retail", "on")];
    assert_eq!(errors("experience", &base), vec![]);
    let e = errors(
        "experience",
        &[("sectors__retail", "on"), ("job1_role", "Cassiera")],
    );
    assert_eq!(
        e,
        vec![
            ("job1_sector", ErrorKind::Required),
            ("job1_years", ErrorKind::Required)
        ]
    );
    let e = errors(
        "experience",
        &[
            ("sectors__retail", "on"),
            ("job1_role", "Cassiera"),
            ("job1_sector", "retail"),
            ("job1_years", "-3"),
        ],
    );
    assert_eq!(e, vec![("job1_years", ErrorKind::Number)]);
}

#[test]
fn answers_of_other_steps_survive_a_step_being_saved() {
    let mut a = Answers::default();
    a.merge_step(step("identity"), &form(MARIO));
    a.merge_step(step("address"), &form(&[("street", "Via Roma 1")]));
    assert_eq!(a.get("first_name"), "Mario");
    assert_eq!(a.get("street"), "Via Roma 1");
    let huge = "x".repeat(MAX_STORED_CHARS * 2);
    a.merge_step(step("address"), &form(&[("street", &huge)]));
    assert_eq!(a.get("street").chars().count(), MAX_STORED_CHARS);
    let c = codes();
    assert_eq!(
        first_invalid_step(&a, &ctx(&c)),
        Some(1),
        "contacts are missing"
    );
}

#[test]
fn every_field_name_is_unique_and_every_option_list_is_non_empty() {
    let mut names: Vec<_> = STEPS
        .iter()
        .flat_map(|s| s.fields.iter().map(|f| f.name))
        .collect();
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n);
    for f in STEPS.iter().flat_map(|s| s.fields.iter()) {
        if let FieldKind::Choice(o) | FieldKind::Select(o) | FieldKind::Multi(o) = f.kind {
            assert!(!o.is_empty(), "{}", f.name);
        }
    }
}

#[test]
fn every_control_name_leads_back_to_its_field() {
    for s in STEPS {
        for f in s.fields {
            for name in control_names(f) {
                assert_eq!(
                    field_of_control(&format!("a[{name}]")).as_deref(),
                    Some(f.name)
                );
            }
        }
    }
    assert_eq!(field_of_control("slug"), None);
    assert_eq!(field_of_control("a[call_times__morning"), None);
}

#[test]
fn the_review_says_support_needs_were_recorded_without_repeating_them() {
    let lang = Lang::default();
    let needs = field("needs").unwrap();
    let consent = field("support_consent").unwrap();
    let mut answers = Answers::default();
    assert_eq!(
        reviewed_answer(lang, &answers, needs).as_deref(),
        Some(lang.t(Key::review_needs_none))
    );
    assert_eq!(
        reviewed_answer(lang, &answers, consent).as_deref(),
        Some(lang.t(Key::review_consent_not_given))
    );
    answers
        .0
        .insert("needs".into(), "disability housing".into());
    answers.0.insert("support_consent".into(), "yes".into());
    let shown = reviewed_answer(lang, &answers, needs).unwrap();
    assert_eq!(shown, lang.t(Key::review_needs_recorded));
    assert!(!shown.contains(lang.t(Key::opt_need_disability)));
    assert_eq!(
        reviewed_answer(lang, &answers, consent).as_deref(),
        Some(lang.t(Key::review_consent_given))
    );
}
