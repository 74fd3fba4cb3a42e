//! The catalogue of sectors and skills shared by the questionnaire, assessments and the company
//! board, and the option type every list of choices is made of.
use crate::i18n::Key;

/// One choice of a list: the value stored and the label shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opt {
    pub value: &'static str,
    pub label: Key,
}

impl Opt {
    pub const fn new(value: &'static str, label: Key) -> Opt {
        Opt { value, label }
    }
}

pub const SECTORS: &[Opt] = &[
    Opt::new("agriculture", Key::sector_agriculture),
    Opt::new("manufacturing", Key::sector_manufacturing),
    Opt::new("construction", Key::sector_construction),
    Opt::new("retail", Key::sector_retail),
    Opt::new("logistics", Key::sector_logistics),
    Opt::new("hospitality", Key::sector_hospitality),
    Opt::new("cleaning", Key::sector_cleaning),
    Opt::new("care", Key::sector_care),
    Opt::new("domestic", Key::sector_domestic),
    Opt::new("office", Key::sector_office),
    Opt::new("ict", Key::sector_ict),
    Opt::new("other", Key::sector_other),
];

pub const SKILLS: &[Opt] = &[
    Opt::new("customer_service", Key::skill_customer_service),
    Opt::new("cash_register", Key::skill_cash_register),
    Opt::new("warehouse", Key::skill_warehouse),
    Opt::new("forklift", Key::skill_forklift),
    Opt::new("driving", Key::skill_driving),
    Opt::new("cooking", Key::skill_cooking),
    Opt::new("cleaning", Key::skill_cleaning),
    Opt::new("elderly_care", Key::skill_elderly_care),
    Opt::new("childcare", Key::skill_childcare),
    Opt::new("gardening", Key::skill_gardening),
    Opt::new("building", Key::skill_building),
    Opt::new("repairs", Key::skill_repairs),
    Opt::new("computer", Key::skill_computer),
    Opt::new("languages", Key::skill_languages),
];
