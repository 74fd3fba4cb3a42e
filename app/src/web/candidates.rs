//! What a candidate is told when the board moves them (sent to a company, interview, traineeship,
//! outcome): the board and a traineeship's end both tell them.
use crate::domain::board::{NotSelectedReason, Stage};
use crate::i18n::{Key, Lang};
use crate::storage::{Moved, NewMessage};
use crate::web::AppState;

/// What the candidate is told when they reach `to` (nothing for stages that do not concern them).
pub fn candidate_messages(
    state: &AppState,
    m: &Moved,
    to: Stage,
    reason: Option<NotSelectedReason>,
) -> Vec<NewMessage> {
    if !to.tells_candidate() {
        return Vec::new();
    }
    let lang = Lang::from_code(&m.language).unwrap_or_default();
    let phone = state.config.secretariat_phone.clone();
    let args: [(&str, &str); 4] = [
        ("name", &m.first_name),
        ("position", &m.position_title),
        ("company", &m.company_name),
        ("phone", &phone),
    ];
    let body = match to {
        Stage::Sent => lang.tf(Key::board_msg_sent, &args),
        Stage::Interview => lang.tf(Key::board_msg_interview, &args),
        Stage::Traineeship => lang.tf(Key::board_msg_traineeship, &args),
        Stage::Hired => lang.tf(Key::board_msg_hired, &args),
        Stage::NotSelected => {
            let kind = lang.t(match reason {
                Some(NotSelectedReason::PositionFilled) => Key::board_kind_filled,
                Some(NotSelectedReason::CandidateDeclined) => Key::board_kind_declined,
                _ => Key::board_kind_general,
            });
            format!("{}\n\n{kind}", lang.tf(Key::board_msg_not_selected, &args))
        }
        Stage::Proposed => return Vec::new(),
    };
    NewMessage::to_person(
        m.mobile.as_deref(),
        m.email.as_deref(),
        lang.t(Key::board_msg_subject),
        &body,
        None,
    )
}
