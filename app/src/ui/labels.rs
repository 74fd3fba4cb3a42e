//! Labels of the programme's values that several features show.
use crate::domain::deadline::Band;
use crate::i18n::{Key, Lang};

pub fn band_label(lang: Lang, band: Band) -> &'static str {
    lang.t(match band {
        Band::OnTrack => Key::band_on_track,
        Band::DueThisWeek => Key::band_due_this_week,
        Band::Late => Key::band_late,
        Band::Breached => Key::band_breached,
    })
}
