//! Labels and problem texts of the company board's values, in the page's language.
use super::*;

pub fn stage_label(lang: Lang, s: Stage) -> &'static str {
    lang.t(match s {
        Stage::Proposed => Key::stage_board_proposed,
        Stage::Sent => Key::stage_board_sent,
        Stage::Interview => Key::stage_board_interview,
        Stage::Traineeship => Key::stage_board_traineeship,
        Stage::Hired => Key::stage_board_hired,
        Stage::NotSelected => Key::stage_board_not_selected,
    })
}

pub fn reason_label(lang: Lang, r: NotSelectedReason) -> &'static str {
    lang.t(match r {
        NotSelectedReason::Skills => Key::not_selected_skills,
        NotSelectedReason::Experience => Key::not_selected_experience,
        NotSelectedReason::Language => Key::not_selected_language,
        NotSelectedReason::Availability => Key::not_selected_availability,
        NotSelectedReason::Distance => Key::not_selected_distance,
        NotSelectedReason::PositionFilled => Key::not_selected_position_filled,
        NotSelectedReason::CandidateDeclined => Key::not_selected_candidate_declined,
        NotSelectedReason::NoShow => Key::not_selected_no_show,
        NotSelectedReason::Other => Key::not_selected_other,
    })
}

pub fn contract_label(lang: Lang, c: Contract) -> &'static str {
    lang.t(c.key())
}

pub fn size_label(lang: Lang, s: Size) -> &'static str {
    lang.t(match s {
        Size::Micro => Key::size_micro,
        Size::Small => Key::size_small,
        Size::Medium => Key::size_medium,
        Size::Large => Key::size_large,
    })
}

pub fn kind_label(lang: Lang, k: ContactKind) -> &'static str {
    lang.t(match k {
        ContactKind::Call => Key::log_kind_call,
        ContactKind::Visit => Key::log_kind_visit,
        ContactKind::Email => Key::log_kind_email,
        ContactKind::Meeting => Key::log_kind_meeting,
    })
}

pub fn agreement_label(lang: Lang, a: AgreementStatus) -> &'static str {
    lang.t(match a {
        AgreementStatus::None => Key::agreement_none,
        AgreementStatus::Proposed => Key::agreement_proposed,
        AgreementStatus::Signed => Key::agreement_signed,
        AgreementStatus::Expiring => Key::agreement_expiring,
        AgreementStatus::Ended => Key::agreement_ended,
    })
}

pub fn reasons(lang: Lang) -> Vec<Choice> {
    NotSelectedReason::ALL
        .into_iter()
        .map(|r| Choice {
            value: r.code().to_owned(),
            label: reason_label(lang, r).to_owned(),
        })
        .collect()
}

pub fn contracts(lang: Lang) -> Vec<Choice> {
    Contract::ALL
        .into_iter()
        .map(|c| Choice {
            value: c.code().to_owned(),
            label: contract_label(lang, c).to_owned(),
        })
        .collect()
}

/// The message for a problem of a company-board form.
pub fn problem_text(lang: Lang, p: Problem) -> String {
    lang.t(match p {
        Problem::Required(_) => Key::err_required,
        Problem::TooLong(_) => Key::board_err_too_long,
        Problem::Vat => Key::board_err_vat,
        Problem::VatTaken => Key::board_err_vat_taken,
        Problem::Ateco => Key::board_err_ateco,
        Problem::Size => Key::err_required,
        Problem::Comune => Key::board_err_comune,
        Problem::Email => Key::err_email,
        Problem::Phone => Key::board_err_phone,
        Problem::Date(_) => Key::board_err_date,
        Problem::DueBeforeContact => Key::board_err_due_before,
        Problem::ExpiryBeforeSigning => Key::board_err_expiry_before,
        Problem::Pdf => Key::board_err_pdf,
        Problem::PdfTooLarge => Key::board_err_pdf_large,
    })
    .to_owned()
}

pub fn problems_of(lang: Lang, ps: &[Problem]) -> Vec<(String, String)> {
    ps.iter()
        .map(|p| (p.field().to_owned(), problem_text(lang, *p)))
        .collect()
}

pub fn board_error_code(e: &BoardError) -> &'static str {
    match e {
        BoardError::PositionClosed => "position_closed",
        BoardError::AlreadyProposed => "already_proposed",
        BoardError::NotAvailable => "not_available",
        BoardError::NotShared => "not_shared",
        BoardError::Changed(_) => "changed",
        BoardError::NotAllowed => "not_allowed",
        BoardError::Case(_) => "case_state",
        BoardError::Store(_) => "store",
    }
}

pub fn placement_problems(lang: Lang, ps: &[PlacementProblem]) -> Vec<(String, String)> {
    ps.iter()
        .map(|p| (p.field().to_owned(), lang.t(p.key()).to_owned()))
        .collect()
}

pub(crate) fn exclusion_label(lang: Lang, e: &Exclusion) -> &'static str {
    lang.t(match e {
        Exclusion::NoLicence => Key::excluded_licence,
        Exclusion::NoVehicle => Key::excluded_vehicle,
        Exclusion::Italian { .. } => Key::excluded_italian,
        Exclusion::TooFar { .. } => Key::excluded_distance,
    })
}
