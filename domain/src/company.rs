//! Partner companies: their registry entry, the relationship log that keeps direct contact planned,
//! and the company-board agreement's lifecycle.
use super::questionnaire::parse_date;
use super::vat::PartitaIva;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Size {
    /// Fewer than 10 people.
    Micro,
    /// 10–49.
    Small,
    /// 50–249.
    Medium,
    /// 250 or more.
    Large,
}

impl Size {
    pub const ALL: [Size; 4] = [Size::Micro, Size::Small, Size::Medium, Size::Large];

    pub fn code(self) -> &'static str {
        match self {
            Size::Micro => "micro",
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Large => "large",
        }
    }

    pub fn from_code(code: &str) -> Option<Size> {
        Size::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// An ATECO 2007 code as written in the chamber of commerce register: `NN`, `NN.N`, `NN.NN`,
/// `NN.NN.N` or `NN.NN.NN` (division 01–99).
pub fn is_ateco(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let shape_ok = match parts.as_slice() {
        [d] => d.len() == 2 && digits(d),
        [d, g] => d.len() == 2 && digits(d) && (1..=2).contains(&g.len()) && digits(g),
        [d, g, s] => {
            d.len() == 2
                && digits(d)
                && g.len() == 2
                && digits(g)
                && (1..=2).contains(&s.len())
                && digits(s)
        }
        _ => false,
    };
    shape_ok && parts[0] != "00"
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactKind {
    Call,
    Visit,
    Email,
    Meeting,
}

impl ContactKind {
    pub const ALL: [ContactKind; 4] = [
        ContactKind::Call,
        ContactKind::Visit,
        ContactKind::Email,
        ContactKind::Meeting,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContactKind::Call => "call",
            ContactKind::Visit => "visit",
            ContactKind::Email => "email",
            ContactKind::Meeting => "meeting",
        }
    }

    pub fn from_code(code: &str) -> Option<ContactKind> {
        ContactKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A field of a company form that needs correcting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required(&'static str),
    TooLong(&'static str),
    Vat,
    VatTaken,
    Ateco,
    Size,
    Comune,
    Email,
    Phone,
    Date(&'static str),
    DueBeforeContact,
    ExpiryBeforeSigning,
    Pdf,
    PdfTooLarge,
}

impl Problem {
    pub fn field(self) -> &'static str {
        match self {
            Problem::Required(f) | Problem::TooLong(f) | Problem::Date(f) => f,
            Problem::Vat | Problem::VatTaken => "vat",
            Problem::Ateco => "ateco",
            Problem::Size => "size",
            Problem::Comune => "comune",
            Problem::Email => "email",
            Problem::Phone => "phone",
            Problem::DueBeforeContact => "next_due",
            Problem::ExpiryBeforeSigning => "expires_on",
            Problem::Pdf | Problem::PdfTooLarge => "pdf",
        }
    }
}

fn text(
    form: &BTreeMap<String, String>,
    name: &'static str,
    max: usize,
    required: bool,
    problems: &mut Vec<Problem>,
) -> String {
    let v: String = form
        .get(name)
        .map(|v| v.trim())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    if required && v.is_empty() {
        problems.push(Problem::Required(name));
    } else if v.chars().count() > max {
        problems.push(Problem::TooLong(name));
    }
    v
}

pub fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v.chars().any(|c| c.is_whitespace() || c.is_control())
        && v.len() <= 254
}

pub fn is_phone(v: &str) -> bool {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && v.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '.' | '(' | ')' | '/'))
}

/// The registry entry of a company, as a form posts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyDetails {
    pub name: String,
    pub vat: PartitaIva,
    pub ateco: String,
    pub size: Size,
}

impl CompanyDetails {
    pub fn from_form(form: &BTreeMap<String, String>) -> Result<CompanyDetails, Vec<Problem>> {
        let mut problems = Vec::new();
        let name = text(form, "name", 160, true, &mut problems);
        let vat = PartitaIva::parse(form.get("vat").map(String::as_str).unwrap_or(""));
        if vat.is_err() {
            problems.push(Problem::Vat);
        }
        let ateco = text(form, "ateco", 8, true, &mut problems);
        if !ateco.is_empty() && !is_ateco(&ateco) {
            problems.push(Problem::Ateco);
        }
        let size = Size::from_code(form.get("size").map(|s| s.trim()).unwrap_or(""));
        if size.is_none() {
            problems.push(Problem::Size);
        }
        match (vat, size) {
            (Ok(vat), Some(size)) if problems.is_empty() => Ok(CompanyDetails {
                name,
                vat,
                ateco,
                size,
            }),
            _ => Err(problems),
        }
    }
}

/// A workplace of a company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub comune: String,
    pub address: String,
}

impl Site {
    /// `comuni` are the ISTAT codes of the territory: positions are placed where matching can measure.
    pub fn from_form(
        form: &BTreeMap<String, String>,
        comuni: &[&str],
    ) -> Result<Site, Vec<Problem>> {
        let mut problems = Vec::new();
        let comune = form
            .get("comune")
            .map(|c| c.trim())
            .unwrap_or("")
            .to_owned();
        if !comuni.contains(&comune.as_str()) {
            problems.push(Problem::Comune);
        }
        let address = text(form, "address", 200, true, &mut problems);
        if problems.is_empty() {
            Ok(Site { comune, address })
        } else {
            Err(problems)
        }
    }
}

/// A person at the company the programme talks to (and who may use the company portal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPerson {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
}

impl ContactPerson {
    pub fn from_form(form: &BTreeMap<String, String>) -> Result<ContactPerson, Vec<Problem>> {
        let mut problems = Vec::new();
        let name = text(form, "name", 120, true, &mut problems);
        let email = text(form, "email", 254, true, &mut problems).to_lowercase();
        if !email.is_empty() && !is_email(&email) {
            problems.push(Problem::Email);
        }
        let phone = text(form, "phone", 30, false, &mut problems);
        if !phone.is_empty() && !is_phone(&phone) {
            problems.push(Problem::Phone);
        }
        let job_title = text(form, "job_title", 120, false, &mut problems);
        if problems.is_empty() {
            Ok(ContactPerson {
                name,
                email,
                phone,
                job_title,
            })
        } else {
            Err(problems)
        }
    }
}

/// One entry of the relationship log: what happened, and the next step with its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub kind: ContactKind,
    pub on: NaiveDate,
    pub summary: String,
    pub next_step: String,
    pub next_due: Option<NaiveDate>,
}

impl LogEntry {
    pub fn from_form(
        form: &BTreeMap<String, String>,
        today: NaiveDate,
    ) -> Result<LogEntry, Vec<Problem>> {
        let mut problems = Vec::new();
        let kind = ContactKind::from_code(form.get("kind").map(|s| s.trim()).unwrap_or(""));
        if kind.is_none() {
            problems.push(Problem::Required("kind"));
        }
        let on = match form.get("on").map(|s| s.trim()).unwrap_or("") {
            "" => Some(today),
            v => parse_date(v).filter(|d| *d <= today),
        };
        if on.is_none() {
            problems.push(Problem::Date("on"));
        }
        let summary = text(form, "summary", 2000, true, &mut problems);
        let next_step = text(form, "next_step", 300, false, &mut problems);
        let next_due = match form.get("next_due").map(|s| s.trim()).unwrap_or("") {
            "" => None,
            v => match parse_date(v) {
                Some(d) => Some(d),
                None => {
                    problems.push(Problem::Date("next_due"));
                    None
                }
            },
        };
        if !next_step.is_empty()
            && next_due.is_none()
            && !problems.contains(&Problem::Date("next_due"))
        {
            problems.push(Problem::Required("next_due"));
        }
        if let (Some(on), Some(due)) = (on, next_due) {
            if due < on {
                problems.push(Problem::DueBeforeContact);
            }
        }
        match (kind, on) {
            (Some(kind), Some(on)) if problems.is_empty() => Ok(LogEntry {
                kind,
                on,
                summary,
                next_due: next_due.filter(|_| !next_step.is_empty()),
                next_step,
            }),
            _ => Err(problems),
        }
    }
}

/// Where a company's agreement stands. Expiring is a signed agreement within
/// [`EXPIRING_WITHIN_DAYS`] of its end; a signed agreement past its end counts as ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgreementStatus {
    None,
    Proposed,
    Signed,
    Expiring,
    Ended,
}

pub const EXPIRING_WITHIN_DAYS: i64 = 60;

impl AgreementStatus {
    pub fn code(self) -> &'static str {
        match self {
            AgreementStatus::None => "none",
            AgreementStatus::Proposed => "proposed",
            AgreementStatus::Signed => "signed",
            AgreementStatus::Expiring => "expiring",
            AgreementStatus::Ended => "ended",
        }
    }

    /// Stored state (`proposed`, `signed`, `ended`, or none) and the end date, read on `today`.
    pub fn at(stored: Option<&str>, expires_on: Option<NaiveDate>, today: NaiveDate) -> Self {
        match stored {
            Some("proposed") => AgreementStatus::Proposed,
            Some("signed") => match expires_on {
                Some(end) if end < today => AgreementStatus::Ended,
                Some(end) if (end - today).num_days() <= EXPIRING_WITHIN_DAYS => {
                    AgreementStatus::Expiring
                }
                _ => AgreementStatus::Signed,
            },
            Some("ended") => AgreementStatus::Ended,
            _ => AgreementStatus::None,
        }
    }

    /// Counted among the agreements in force.
    pub fn in_force(self) -> bool {
        matches!(self, AgreementStatus::Signed | AgreementStatus::Expiring)
    }
}

/// The terms of a signature or a renewal (the PDF is checked apart: see [`check_pdf`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub signed_on: NaiveDate,
    pub signatory: String,
    pub expires_on: NaiveDate,
}

impl Signature {
    pub fn from_form(
        form: &BTreeMap<String, String>,
        today: NaiveDate,
    ) -> Result<Signature, Vec<Problem>> {
        let mut problems = Vec::new();
        let signed_on = parse_date(form.get("signed_on").map(String::as_str).unwrap_or(""))
            .filter(|d| *d <= today);
        if signed_on.is_none() {
            problems.push(Problem::Date("signed_on"));
        }
        let signatory = text(form, "signatory", 120, true, &mut problems);
        let expires_on = parse_date(form.get("expires_on").map(String::as_str).unwrap_or(""));
        if expires_on.is_none() {
            problems.push(Problem::Date("expires_on"));
        }
        if let (Some(s), Some(e)) = (signed_on, expires_on) {
            if e <= s {
                problems.push(Problem::ExpiryBeforeSigning);
            }
        }
        match (signed_on, expires_on) {
            (Some(signed_on), Some(expires_on)) if problems.is_empty() => Ok(Signature {
                signed_on,
                signatory,
                expires_on,
            }),
            _ => Err(problems),
        }
    }
}

/// Signed agreements are stored up to this size.
pub const PDF_MAX_BYTES: usize = 5 * 1024 * 1024;

/// A PDF by its content, not its name: the `%PDF-` signature at the start and an end-of-file mark
/// near the end.
pub fn check_pdf(bytes: &[u8]) -> Result<(), Problem> {
    if bytes.len() > PDF_MAX_BYTES {
        return Err(Problem::PdfTooLarge);
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if bytes.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF") {
        Ok(())
    } else {
        Err(Problem::Pdf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::form;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ateco_codes_have_the_register_shapes() {
        for ok in ["56", "56.1", "56.10", "56.10.1", "56.10.11"] {
            assert!(is_ateco(ok), "{ok}");
        }
        for bad in [
            "",
            "5",
            "561",
            "56.",
            "56.100",
            "00.10",
            "ab.cd",
            "56.10.11.1",
        ] {
            assert!(!is_ateco(bad), "{bad}");
        }
    }

    #[test]
    fn a_company_form_names_every_problem() {
        let err = CompanyDetails::from_form(&form(&[("vat", "123"), ("ateco", "x")])).unwrap_err();
        assert_eq!(
            err,
            vec![
                Problem::Required("name"),
                Problem::Vat,
                Problem::Ateco,
                Problem::Size
            ]
        );
        let ok = CompanyDetails::from_form(&form(&[
            ("name", " Cooperativa Esempio "),
            ("vat", "IT00743110157"),
            ("ateco", "81.21"),
            ("size", "small"),
        ]))
        .unwrap();
        assert_eq!(ok.name, "Cooperativa Esempio");
        assert_eq!(ok.vat.as_str(), "00743110157");
    }

    #[test]
    fn a_next_step_needs_a_due_date_not_before_the_contact() {
        let today = d(2026, 11, 27);
        let err = LogEntry::from_form(
            &form(&[("kind", "call"), ("summary", "x"), ("next_step", "visit")]),
            today,
        )
        .unwrap_err();
        assert_eq!(err, vec![Problem::Required("next_due")]);
        let err = LogEntry::from_form(
            &form(&[
                ("kind", "call"),
                ("on", "2026-11-20"),
                ("summary", "x"),
                ("next_step", "visit"),
                ("next_due", "2026-11-19"),
            ]),
            today,
        )
        .unwrap_err();
        assert_eq!(err, vec![Problem::DueBeforeContact]);
        let ok = LogEntry::from_form(
            &form(&[
                ("kind", "visit"),
                ("summary", "met the owner"),
                ("next_step", "send the agreement"),
                ("next_due", "04/12/2026"),
            ]),
            today,
        )
        .unwrap();
        assert_eq!(ok.on, today);
        assert_eq!(ok.next_due, Some(d(2026, 12, 4)));
    }

    #[test]
    fn a_contact_in_the_future_is_refused() {
        let err = LogEntry::from_form(
            &form(&[("kind", "call"), ("on", "2027-01-01"), ("summary", "x")]),
            d(2026, 11, 27),
        )
        .unwrap_err();
        assert_eq!(err, vec![Problem::Date("on")]);
    }

    #[test]
    fn agreement_status_follows_the_calendar() {
        let today = d(2026, 11, 27);
        assert_eq!(
            AgreementStatus::at(None, None, today),
            AgreementStatus::None
        );
        assert_eq!(
            AgreementStatus::at(Some("signed"), Some(d(2027, 6, 1)), today),
            AgreementStatus::Signed
        );
        assert_eq!(
            AgreementStatus::at(Some("signed"), Some(d(2027, 1, 20)), today),
            AgreementStatus::Expiring
        );
        assert_eq!(
            AgreementStatus::at(Some("signed"), Some(d(2026, 11, 26)), today),
            AgreementStatus::Ended
        );
        assert!(AgreementStatus::Expiring.in_force());
        assert!(!AgreementStatus::Proposed.in_force());
    }

    #[test]
    fn a_signature_ends_after_it_starts() {
        let today = d(2026, 11, 27);
        let err = Signature::from_form(
            &form(&[
                ("signed_on", "2026-11-01"),
                ("signatory", "A. Rossi"),
                ("expires_on", "2026-10-01"),
            ]),
            today,
        )
        .unwrap_err();
        assert_eq!(err, vec![Problem::ExpiryBeforeSigning]);
    }

    #[test]
    fn only_real_pdfs_are_kept() {
        assert_eq!(check_pdf(b"%PDF-1.4\n...\n%%EOF\n"), Ok(()));
        assert_eq!(check_pdf(b"<html>%%EOF"), Err(Problem::Pdf));
        assert_eq!(check_pdf(b"%PDF-1.4 truncated"), Err(Problem::Pdf));
        let big = [b"%PDF-".as_slice(), &vec![b' '; PDF_MAX_BYTES]].concat();
        assert_eq!(check_pdf(&big), Err(Problem::PdfTooLarge));
    }

    #[test]
    fn contacts_need_a_name_and_a_real_email() {
        let err =
            ContactPerson::from_form(&form(&[("email", "nope"), ("phone", "12")])).unwrap_err();
        assert_eq!(
            err,
            vec![Problem::Required("name"), Problem::Email, Problem::Phone]
        );
        let ok = ContactPerson::from_form(&form(&[
            ("name", "Anna Bianchi"),
            ("email", "Anna@Esempio.IT"),
            ("phone", "+39 051 123456"),
        ]))
        .unwrap();
        assert_eq!(ok.email, "anna@esempio.it");
    }
}
