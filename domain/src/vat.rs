//! The Italian VAT number (partita IVA): eleven digits, the last a check digit (Luhn's algorithm).
//! Digits 1–7 number the business, 8–10 name the tax office that issued it.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartitaIva(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum VatProblem {
    #[error("a VAT number is 11 digits")]
    Shape,
    #[error("the check digit does not match")]
    CheckDigit,
    #[error("no tax office has that code")]
    Office,
}

/// The check digit of the first ten digits.
fn check_digit(first10: &[u8]) -> u8 {
    let sum: u32 = first10
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(*d);
            if i % 2 == 0 {
                d
            } else {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl PartitaIva {
    /// Accepts spaces, dots and an `IT` prefix, as people copy it from invoices.
    pub fn parse(input: &str) -> Result<PartitaIva, VatProblem> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .collect();
        let compact = compact
            .strip_prefix("IT")
            .or_else(|| compact.strip_prefix("it"))
            .unwrap_or(&compact);
        if compact.len() != 11 || !compact.bytes().all(|b| b.is_ascii_digit()) {
            return Err(VatProblem::Shape);
        }
        let digits: Vec<u8> = compact.bytes().map(|b| b - b'0').collect();
        let office: u16 = compact[7..10].parse().map_err(|_| VatProblem::Shape)?;
        // Provincial offices are 001–100; 120 and 121 are used by the revenue agency, 888 and 999
        // for numbers given on request to foreign subjects and others.
        if !matches!(office, 1..=100 | 120 | 121 | 888 | 999) {
            return Err(VatProblem::Office);
        }
        if check_digit(&digits[..10]) != digits[10] {
            return Err(VatProblem::CheckDigit);
        }
        Ok(PartitaIva(compact.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PartitaIva {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A valid number from ten digits (for demo data and tests).
pub fn complete(first10: &str) -> Option<String> {
    if first10.len() != 10 || !first10.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: Vec<u8> = first10.bytes().map(|b| b - b'0').collect();
    Some(format!("{first10}{}", check_digit(&digits)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_numbers_are_accepted() {
        // Published VAT numbers of well-known companies.
        for n in [
            "00743110157",
            "00488410010",
            "IT 00743110157",
            "007.4311.0157",
        ] {
            assert!(PartitaIva::parse(n).is_ok(), "{n}");
        }
        assert_eq!(
            PartitaIva::parse("IT00743110157").unwrap().as_str(),
            "00743110157"
        );
    }

    #[test]
    fn a_wrong_check_digit_is_refused() {
        assert_eq!(
            PartitaIva::parse("00743110158"),
            Err(VatProblem::CheckDigit)
        );
    }

    #[test]
    fn wrong_shapes_and_offices_are_refused() {
        assert_eq!(PartitaIva::parse("0074311015"), Err(VatProblem::Shape));
        assert_eq!(PartitaIva::parse("0074311015A"), Err(VatProblem::Shape));
        assert_eq!(PartitaIva::parse(""), Err(VatProblem::Shape));
        let bad_office = complete("0000000200").unwrap();
        assert_eq!(PartitaIva::parse(&bad_office), Err(VatProblem::Office));
    }

    proptest! {
        #[test]
        fn every_completed_number_parses(n in 0u32..10_000_000, office in 1u16..=100) {
            let first10 = format!("{n:07}{office:03}");
            let full = complete(&first10).unwrap();
            prop_assert!(PartitaIva::parse(&full).is_ok());
        }

        #[test]
        fn changing_any_one_digit_is_caught(n in 0u32..10_000_000, office in 1u16..=100, at in 0usize..11, delta in 1u8..10) {
            let full = complete(&format!("{n:07}{office:03}")).unwrap();
            let mut bytes = full.into_bytes();
            bytes[at] = b'0' + (bytes[at] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(PartitaIva::parse(&changed).is_err());
        }
    }
}
