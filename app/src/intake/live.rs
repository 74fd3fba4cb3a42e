//! The questionnaire's live check in the browser, shared by the applicant client and the Leptos
//! client: the step's answers as the form holds them now, checked by the domain's rules.
use crate::domain::questionnaire::{
    control_names, validate_step, Answers, Context, FieldError, Step,
};
use std::collections::BTreeMap;

/// The problems of `step` with what `form` holds now, on top of the answers given `earlier`.
pub fn check_form(
    step: &'static Step,
    form: &web_sys::HtmlFormElement,
    earlier: &Answers,
    postal_codes: &[String],
) -> Vec<FieldError> {
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return Vec::new();
    };
    let mut posted = BTreeMap::new();
    for f in step.fields {
        for name in control_names(f) {
            if let Some(v) = data.get(&format!("a[{name}]")).as_string() {
                posted.insert(name, v);
            }
        }
    }
    let mut answers = earlier.clone();
    answers.merge_step(step, &posted);
    let ctx = Context {
        // The browser's own date: linking the time-zone tables into the WASM is not worth a day
        // at the age limit, and the server checks again with the programme's time zone.
        today: chrono::Local::now().date_naive(),
        postal_codes,
    };
    validate_step(step, &answers, &ctx)
}
