//! Italian codice fiscale (tax code) for natural persons, as defined by
//! DM 23/12/1976 and DPR 605/1973.
//!
//! Layout of the 16 characters (0-based):
//!
//! | positions | meaning                                   |
//! |-----------|-------------------------------------------|
//! | 0-2       | surname                                   |
//! | 3-5       | name                                      |
//! | 6-7       | last two digits of the birth year         |
//! | 8         | birth month letter                        |
//! | 9-10      | birth day, plus 40 for women              |
//! | 11-14     | cadastral code of the birth place         |
//! | 15        | check character                           |
//!
//! Omocodia: when two people would get the same code, the revenue agency
//! replaces digits with letters, starting from the rightmost one, so the
//! numeric positions may also hold the letters `LMNPQRSTUV`.

use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Female,
    Male,
}

/// A syntactically valid codice fiscale: 16 uppercase ASCII characters with a
/// correct check character and a birth date that exists in 19yy or 20yy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodiceFiscale(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CfError {
    Empty,
    WrongLength,
    InvalidCharacters,
    InvalidMonth,
    InvalidDay,
    InvalidDate,
    WrongCheckCharacter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CfMismatch {
    BirthDate,
    Sex,
}

const LEN: usize = 16;
const MONTH_LETTERS: &[u8; 12] = b"ABCDEHLMPRST";
/// Letters standing for the digits 0-9 in omocode codes.
const OMOCODE_LETTERS: &[u8; 10] = b"LMNPQRSTUV";
/// The numeric positions, rightmost first: the order omocodia replaces them in.
const OMOCODE_POSITIONS: [usize; 7] = [14, 13, 12, 10, 9, 7, 6];
/// Check-character weights for the odd (1-based) positions, indexed by the
/// letter's alphabet index; a digit `d` weighs the same as the `d`-th letter.
const ODD_WEIGHTS: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];
const FEMALE_DAY_OFFSET: u32 = 40;

impl CodiceFiscale {
    /// Parses a code, tolerating surrounding and inner whitespace and
    /// lowercase letters. The birth date only has to exist in either 19yy or
    /// 20yy, since the century cannot be told without a reference date.
    pub fn parse(input: &str) -> Result<Self, CfError> {
        let code: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.is_empty() {
            return Err(CfError::Empty);
        }
        if code.chars().count() != LEN {
            return Err(CfError::WrongLength);
        }
        let b = code.as_bytes();
        // 16 chars but more bytes means something non-ASCII slipped in.
        if b.len() != LEN {
            return Err(CfError::InvalidCharacters);
        }
        let classes_ok = b.iter().enumerate().all(|(i, &c)| {
            if OMOCODE_POSITIONS.contains(&i) {
                digit_value(c).is_some()
            } else {
                c.is_ascii_uppercase()
            }
        });
        if !classes_ok {
            return Err(CfError::InvalidCharacters);
        }
        let month = month_number(b[8]).ok_or(CfError::InvalidMonth)?;
        let day_field = two_digits(b[9], b[10]);
        let day = match day_field {
            1..=31 => day_field,
            41..=71 => day_field - FEMALE_DAY_OFFSET,
            _ => return Err(CfError::InvalidDay),
        };
        let yy = two_digits(b[6], b[7]) as i32;
        let exists = |century: i32| NaiveDate::from_ymd_opt(century + yy, month, day).is_some();
        if !exists(1900) && !exists(2000) {
            return Err(CfError::InvalidDate);
        }
        if checksum(&b[..LEN - 1]) != b[LEN - 1] {
            return Err(CfError::WrongCheckCharacter);
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn sex(&self) -> Sex {
        if self.day_field() > FEMALE_DAY_OFFSET {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// The birth date, taking 20yy unless that date is after `today`, in
    /// which case 19yy. `None` only for 29 February of year 00 when 2000 is
    /// excluded, since 1900 was not a leap year.
    pub fn birth_date(&self, today: NaiveDate) -> Option<NaiveDate> {
        let (yy, month, day) = (self.yy() as i32, self.month(), self.day());
        match NaiveDate::from_ymd_opt(2000 + yy, month, day) {
            Some(date) if date <= today => Some(date),
            _ => NaiveDate::from_ymd_opt(1900 + yy, month, day),
        }
    }

    /// The cadastral code of the birth place (e.g. `"A944"`), with omocodia
    /// letters turned back into digits.
    pub fn birth_place_code(&self) -> String {
        let b = self.0.as_bytes();
        let mut place = String::with_capacity(4);
        place.push(char::from(b[11]));
        place.extend(
            b[12..15]
                .iter()
                .map(|&c| char::from(b'0' + digit_or_zero(c))),
        );
        place
    }

    pub fn is_omocode(&self) -> bool {
        let b = self.0.as_bytes();
        OMOCODE_POSITIONS.iter().any(|&i| !b[i].is_ascii_digit())
    }

    /// Compares the year's last two digits, month, day and sex; the century is
    /// not encoded, so it cannot be checked.
    pub fn agrees_with(&self, birth_date: NaiveDate, sex: Sex) -> Result<(), CfMismatch> {
        let yy = birth_date.year().rem_euclid(100) as u32;
        if yy != self.yy() || birth_date.month() != self.month() || birth_date.day() != self.day() {
            return Err(CfMismatch::BirthDate);
        }
        if sex != self.sex() {
            return Err(CfMismatch::Sex);
        }
        Ok(())
    }

    fn yy(&self) -> u32 {
        let b = self.0.as_bytes();
        two_digits(b[6], b[7])
    }

    fn month(&self) -> u32 {
        month_number(self.0.as_bytes()[8]).unwrap_or(1)
    }

    fn day_field(&self) -> u32 {
        let b = self.0.as_bytes();
        two_digits(b[9], b[10])
    }

    fn day(&self) -> u32 {
        let field = self.day_field();
        if field > FEMALE_DAY_OFFSET {
            field - FEMALE_DAY_OFFSET
        } else {
            field
        }
    }
}

impl fmt::Display for CodiceFiscale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for CodiceFiscale {
    type Err = CfError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for CodiceFiscale {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CfError::Empty => "the tax code is empty",
            CfError::WrongLength => "the tax code must be 16 characters long",
            CfError::InvalidCharacters => "the tax code contains characters not allowed there",
            CfError::InvalidMonth => "the tax code has an invalid month letter",
            CfError::InvalidDay => "the tax code has an invalid birth day",
            CfError::InvalidDate => "the tax code has a birth date that does not exist",
            CfError::WrongCheckCharacter => "the tax code has a wrong check character",
        })
    }
}

impl std::error::Error for CfError {}

impl fmt::Display for CfMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CfMismatch::BirthDate => "the tax code does not match the birth date",
            CfMismatch::Sex => "the tax code does not match the sex",
        })
    }
}

impl std::error::Error for CfMismatch {}

/// Builds the code of a person. Meant for fixtures and demo data: homonyms
/// get the same code, which only the revenue agency can disambiguate.
///
/// # Panics
///
/// If `place_code` is not a letter followed by three digits; see
/// [`try_encode`] for the fallible version.
pub fn encode(
    surname: &str,
    name: &str,
    birth_date: NaiveDate,
    sex: Sex,
    place_code: &str,
) -> CodiceFiscale {
    match try_encode(surname, name, birth_date, sex, place_code) {
        Ok(cf) => cf,
        Err(_) => panic!("place code must be a letter followed by three digits: {place_code:?}"),
    }
}

/// Like [`encode`], but returns [`CfError::InvalidCharacters`] for a place
/// code that is not a letter followed by three digits.
pub fn try_encode(
    surname: &str,
    name: &str,
    birth_date: NaiveDate,
    sex: Sex,
    place_code: &str,
) -> Result<CodiceFiscale, CfError> {
    let place = place_code.trim().to_ascii_uppercase();
    let p = place.as_bytes();
    if p.len() != 4 || !p[0].is_ascii_uppercase() || !p[1..].iter().all(u8::is_ascii_digit) {
        return Err(CfError::InvalidCharacters);
    }
    let mut code = Vec::with_capacity(LEN);
    code.extend(surname_part(surname));
    code.extend(name_part(name));
    let yy = birth_date.year().rem_euclid(100) as u32;
    let day = birth_date.day()
        + match sex {
            Sex::Female => FEMALE_DAY_OFFSET,
            Sex::Male => 0,
        };
    code.extend([b'0' + (yy / 10) as u8, b'0' + (yy % 10) as u8]);
    code.push(MONTH_LETTERS[birth_date.month0() as usize]);
    code.extend([b'0' + (day / 10) as u8, b'0' + (day % 10) as u8]);
    code.extend_from_slice(p);
    code.push(checksum(&code));
    Ok(CodiceFiscale(code.into_iter().map(char::from).collect()))
}

/// The check character for the first 15 characters of a code (either case),
/// or `None` if that is not 15 ASCII letters and digits.
pub fn check_character(first15: &str) -> Option<char> {
    let b = first15.as_bytes();
    (b.len() == LEN - 1 && b.iter().all(u8::is_ascii_alphanumeric)).then(|| char::from(checksum(b)))
}

/// Replaces the digits at the last `level` numeric positions (14, 13, 12, 10,
/// 9, 7, 6, in that order) by their omocodia letters and recomputes the check
/// character. Level 0 leaves the code as is; levels above 7 act as 7.
pub fn omocode_variant(cf: &CodiceFiscale, level: u8) -> CodiceFiscale {
    let mut b: Vec<u8> = cf.0.bytes().collect();
    for &i in OMOCODE_POSITIONS.iter().take(usize::from(level)) {
        if b[i].is_ascii_digit() {
            b[i] = OMOCODE_LETTERS[usize::from(b[i] - b'0')];
        }
    }
    b[LEN - 1] = checksum(&b[..LEN - 1]);
    CodiceFiscale(b.into_iter().map(char::from).collect())
}

/// Official odd/even weighting; expects ASCII letters and digits, which all
/// callers have checked.
fn checksum(first15: &[u8]) -> u8 {
    let sum: u32 = first15
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let index = match c.to_ascii_uppercase() {
                c @ b'0'..=b'9' => c - b'0',
                c @ b'A'..=b'Z' => c - b'A',
                _ => 0,
            };
            // 0-based even indices are the official (1-based) odd positions.
            if i % 2 == 0 {
                ODD_WEIGHTS[usize::from(index)]
            } else {
                u32::from(index)
            }
        })
        .sum();
    b'A' + (sum % 26) as u8
}

fn digit_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        _ => OMOCODE_LETTERS
            .iter()
            .position(|&l| l == c)
            .map(|p| p as u8),
    }
}

fn digit_or_zero(c: u8) -> u8 {
    digit_value(c).unwrap_or(0)
}

fn two_digits(tens: u8, units: u8) -> u32 {
    u32::from(digit_or_zero(tens)) * 10 + u32::from(digit_or_zero(units))
}

fn month_number(letter: u8) -> Option<u32> {
    MONTH_LETTERS
        .iter()
        .position(|&l| l == letter)
        .map(|p| p as u32 + 1)
}

/// Uppercase ASCII letter for a letter of a name, folding Latin-1 accents;
/// `None` for anything else (apostrophes, spaces, hyphens...).
fn fold_letter(c: char) -> Option<u8> {
    let folded = match c {
        'À'..='Å' | 'à'..='å' => 'A',
        'È'..='Ë' | 'è'..='ë' => 'E',
        'Ì'..='Ï' | 'ì'..='ï' => 'I',
        'Ò'..='Ö' | 'ò'..='ö' => 'O',
        'Ù'..='Ü' | 'ù'..='ü' => 'U',
        'Ç' | 'ç' => 'C',
        'Ñ' | 'ñ' => 'N',
        'Ý' | 'ý' | 'ÿ' => 'Y',
        c => c,
    };
    folded
        .is_ascii_alphabetic()
        .then(|| folded.to_ascii_uppercase() as u8)
}

fn consonants_and_vowels(s: &str) -> (Vec<u8>, Vec<u8>) {
    s.chars()
        .filter_map(fold_letter)
        .partition(|c| !b"AEIOU".contains(c))
}

fn surname_part(surname: &str) -> Vec<u8> {
    let (consonants, vowels) = consonants_and_vowels(surname);
    pad_three(consonants, vowels)
}

fn name_part(name: &str) -> Vec<u8> {
    let (consonants, vowels) = consonants_and_vowels(name);
    if consonants.len() >= 4 {
        // Skipping the second consonant makes names like Gianfranco and
        // Gianluca less likely to collide than a plain prefix would.
        vec![consonants[0], consonants[2], consonants[3]]
    } else {
        pad_three(consonants, vowels)
    }
}

fn pad_three(consonants: Vec<u8>, vowels: Vec<u8>) -> Vec<u8> {
    consonants
        .into_iter()
        .chain(vowels)
        .chain([b'X'; 3])
        .take(3)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date exists")
    }

    fn cf(code: &str) -> CodiceFiscale {
        CodiceFiscale::parse(code).expect("test code is valid")
    }

    /// Appends the right check character to a 15-character prefix.
    fn with_check(first15: &str) -> String {
        let check = check_character(first15).expect("prefix is alphanumeric");
        format!("{first15}{check}")
    }

    fn today() -> NaiveDate {
        date(2024, 6, 1)
    }

    // Hand computations (1-based odd positions use the odd table, even
    // positions the plain 0-25 value; the sum mod 26 is the letter index):
    //
    // RSSMRA85T10A562: odd R8 S12 R8 8:19 T14 0:1 5:13 2:5 = 80,
    //                  even S18 M12 A0 5 1 A0 6 = 42; 122 % 26 = 18 -> S.
    // VRDGFR72L04F205: odd V10 D7 F13 7:17 L4 4:9 2:5 5:13 = 78,
    //                  even R17 G6 R17 2 0 F5 0 = 47; 125 % 26 = 21 -> V.
    // FOXDIA03B68H501: odd F13 X25 I19 0:1 B0 8:19 5:13 1:0 = 90,
    //                  even O14 D3 A0 3 6 H7 0 = 33; 123 % 26 = 19 -> T.
    // DNGNCL85T10L219: odd D7 G15 C5 8:19 T14 0:1 2:5 9:21 = 87,
    //                  even N13 N13 L11 5 1 L11 1 = 55; 142 % 26 = 12 -> M.
    // RSSMRA85T10A56N: position 15 goes from 2 (odd 5) to N (odd 20),
    //                  122 + 15 = 137; 137 % 26 = 7 -> H.

    #[test]
    fn the_classic_mario_rossi_example_is_valid_and_decodes() {
        let code = cf("RSSMRA85T10A562S");
        assert_eq!(code.as_str(), "RSSMRA85T10A562S");
        assert_eq!(code.sex(), Sex::Male);
        assert_eq!(code.birth_date(today()), Some(date(1985, 12, 10)));
        assert_eq!(code.birth_place_code(), "A562");
        assert!(!code.is_omocode());
    }

    #[test]
    fn the_encoder_reproduces_the_mario_rossi_example() {
        let code = encode("Rossi", "Mario", date(1985, 12, 10), Sex::Male, "A562");
        assert_eq!(code.as_str(), "RSSMRA85T10A562S");
    }

    #[test]
    fn hand_computed_codes_match_the_encoder() {
        let cases = [
            (
                "Verdi",
                "Gianfranco",
                date(1972, 7, 4),
                Sex::Male,
                "F205",
                "VRDGFR72L04F205V",
            ),
            (
                "Fo",
                "Ida",
                date(2003, 2, 28),
                Sex::Female,
                "H501",
                "FOXDIA03B68H501T",
            ),
            (
                "D'Angelo",
                "Niccolò",
                date(1985, 12, 10),
                Sex::Male,
                "L219",
                "DNGNCL85T10L219M",
            ),
        ];
        for (surname, name, birth, sex, place, expected) in cases {
            assert_eq!(encode(surname, name, birth, sex, place).as_str(), expected);
            assert!(CodiceFiscale::parse(expected).is_ok(), "{expected}");
        }
    }

    #[test]
    fn the_check_character_of_the_mario_rossi_prefix_is_s() {
        assert_eq!(check_character("RSSMRA85T10A562"), Some('S'));
        assert_eq!(check_character("rssmra85t10a562"), Some('S'));
    }

    #[test]
    fn the_check_character_needs_exactly_fifteen_letters_or_digits() {
        assert_eq!(check_character("RSSMRA85T10A56"), None);
        assert_eq!(check_character("RSSMRA85T10A5622"), None);
        assert_eq!(check_character("RSSMRA85T10A56-"), None);
        assert_eq!(check_character("RSSMRA85T10A56È"), None);
    }

    #[test]
    fn a_name_with_four_or_more_consonants_takes_the_first_third_and_fourth() {
        let born = date(1990, 1, 1);
        assert_eq!(
            &encode("Rossi", "Gianfranco", born, Sex::Male, "A001").as_str()[3..6],
            "GFR"
        );
        assert_eq!(
            &encode("Rossi", "Alessandro", born, Sex::Male, "A001").as_str()[3..6],
            "LSN"
        );
    }

    #[test]
    fn a_surname_with_four_or_more_consonants_takes_the_first_three() {
        let code = encode("Bertolucci", "Anna", date(1990, 1, 1), Sex::Female, "A001");
        assert_eq!(&code.as_str()[..3], "BRT");
    }

    #[test]
    fn a_name_with_three_or_fewer_consonants_takes_them_then_vowels() {
        let born = date(1990, 1, 1);
        assert_eq!(
            &encode("Rossi", "Marco", born, Sex::Male, "A001").as_str()[3..6],
            "MRC"
        );
        assert_eq!(
            &encode("Rossi", "Luca", born, Sex::Male, "A001").as_str()[3..6],
            "LCU"
        );
        assert_eq!(
            &encode("Rossi", "Mario", born, Sex::Male, "A001").as_str()[3..6],
            "MRA"
        );
    }

    #[test]
    fn short_surnames_and_names_are_padded_with_x() {
        let code = encode("Fo", "Ai", date(1990, 1, 1), Sex::Male, "A001");
        assert_eq!(&code.as_str()[..6], "FOXAIX");
        let empty = encode("", "'", date(1990, 1, 1), Sex::Male, "A001");
        assert_eq!(&empty.as_str()[..6], "XXXXXX");
    }

    #[test]
    fn accents_apostrophes_and_spaces_are_folded_or_ignored() {
        let born = date(1960, 5, 17);
        let plain = encode("DANGELO", "NICCOLO", born, Sex::Male, "H501");
        let decorated = encode("d'Àngelo", "Niccolò", born, Sex::Male, "h501");
        assert_eq!(plain, decorated);
        let spaced = encode("De Luca", "Maria Chiara", born, Sex::Female, "H501");
        assert_eq!(&spaced.as_str()[..6], "DLCMCH");
    }

    #[test]
    fn lowercase_and_spaced_input_is_accepted_and_normalised() {
        for input in [
            "rssmra85t10a562s",
            "  RSSMRA85T10A562S\n",
            "RSS MRA 85T10 A562S",
            "rss\tmra 85 t 10 a562 s",
        ] {
            assert_eq!(
                CodiceFiscale::parse(input),
                Ok(cf("RSSMRA85T10A562S")),
                "{input:?}"
            );
        }
    }

    #[test]
    fn empty_or_blank_input_is_rejected_as_empty() {
        assert_eq!(CodiceFiscale::parse(""), Err(CfError::Empty));
        assert_eq!(CodiceFiscale::parse("   \t"), Err(CfError::Empty));
    }

    #[test]
    fn input_of_the_wrong_length_is_rejected() {
        assert_eq!(
            CodiceFiscale::parse("RSSMRA85T10A562"),
            Err(CfError::WrongLength)
        );
        assert_eq!(
            CodiceFiscale::parse("RSSMRA85T10A562SS"),
            Err(CfError::WrongLength)
        );
    }

    #[test]
    fn characters_of_the_wrong_class_are_rejected() {
        for bad in [
            "R5SMRA85T10A562S", // digit in the surname
            "RSSMRA8AT10A562S", // non-omocodia letter in the year
            "RSSMRA85T10A56-S", // symbol
            "RSSMRA85T10A562È", // non-ASCII
            "RSSMRA85T1OA562S", // letter O is not an omocodia letter
            "RSSMRA85T105562S", // digit as the place letter
        ] {
            assert_eq!(
                CodiceFiscale::parse(bad),
                Err(CfError::InvalidCharacters),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_unknown_month_letter_is_rejected() {
        for letter in ['F', 'G', 'I', 'Z'] {
            let code = with_check(&format!("RSSMRA85{letter}10A562"));
            assert_eq!(
                CodiceFiscale::parse(&code),
                Err(CfError::InvalidMonth),
                "{code}"
            );
        }
    }

    #[test]
    fn days_outside_1_to_31_and_41_to_71_are_rejected() {
        for day in ["00", "32", "39", "40", "72", "99"] {
            let code = with_check(&format!("RSSMRA85T{day}A562"));
            assert_eq!(
                CodiceFiscale::parse(&code),
                Err(CfError::InvalidDay),
                "{code}"
            );
        }
    }

    #[test]
    fn the_thirtieth_of_february_is_rejected() {
        let male = with_check("RSSMRA85B30A562");
        let female = with_check("RSSMRA85B70A562");
        assert_eq!(CodiceFiscale::parse(&male), Err(CfError::InvalidDate));
        assert_eq!(CodiceFiscale::parse(&female), Err(CfError::InvalidDate));
    }

    #[test]
    fn the_thirty_first_of_a_thirty_day_month_is_rejected() {
        // D = April
        let code = with_check("RSSMRA85D31A562");
        assert_eq!(CodiceFiscale::parse(&code), Err(CfError::InvalidDate));
    }

    #[test]
    fn the_twenty_ninth_of_february_is_accepted_only_in_leap_years() {
        assert!(CodiceFiscale::parse(&with_check("RSSMRA04B29A562")).is_ok());
        assert_eq!(
            CodiceFiscale::parse(&with_check("RSSMRA01B29A562")),
            Err(CfError::InvalidDate)
        );
    }

    #[test]
    fn february_the_twenty_ninth_of_year_00_only_exists_in_2000() {
        let code = cf(&with_check("RSSMRA00B29A562"));
        assert_eq!(code.birth_date(today()), Some(date(2000, 2, 29)));
        assert_eq!(code.birth_date(date(1999, 12, 31)), None);
    }

    #[test]
    fn a_day_above_40_means_female() {
        let code = cf("FOXDIA03B68H501T");
        assert_eq!(code.sex(), Sex::Female);
        assert_eq!(code.birth_date(today()), Some(date(2003, 2, 28)));
        let lowest = cf(&with_check("BNCNNA90A41F205"));
        assert_eq!(lowest.sex(), Sex::Female);
        assert_eq!(lowest.birth_date(today()), Some(date(1990, 1, 1)));
    }

    #[test]
    fn a_day_up_to_31_means_male() {
        assert_eq!(cf(&with_check("BNCNNA90A31F205")).sex(), Sex::Male);
    }

    #[test]
    fn a_code_with_a_wrong_check_character_is_rejected() {
        assert_eq!(
            CodiceFiscale::parse("RSSMRA85T10A562T"),
            Err(CfError::WrongCheckCharacter)
        );
        assert_eq!(
            CodiceFiscale::parse("RSSMRA85T10A562A"),
            Err(CfError::WrongCheckCharacter)
        );
    }

    #[test]
    fn a_digit_as_check_character_is_rejected() {
        assert_eq!(
            CodiceFiscale::parse("RSSMRA85T10A5621"),
            Err(CfError::InvalidCharacters)
        );
    }

    #[test]
    fn the_century_is_20yy_unless_that_would_be_after_today() {
        let code = cf("FOXDIA03B68H501T");
        assert_eq!(code.birth_date(date(2003, 2, 28)), Some(date(2003, 2, 28)));
        assert_eq!(code.birth_date(date(2003, 2, 27)), Some(date(1903, 2, 28)));
        let rossi = cf("RSSMRA85T10A562S");
        assert_eq!(rossi.birth_date(today()), Some(date(1985, 12, 10)));
        assert_eq!(rossi.birth_date(date(2090, 1, 1)), Some(date(2085, 12, 10)));
    }

    #[test]
    fn the_first_omocode_level_of_mario_rossi_matches_the_hand_computation() {
        let variant = omocode_variant(&cf("RSSMRA85T10A562S"), 1);
        assert_eq!(variant.as_str(), "RSSMRA85T10A56NH");
        assert_eq!(CodiceFiscale::parse("RSSMRA85T10A56NH"), Ok(variant));
    }

    #[test]
    fn omocode_variants_parse_and_decode_to_the_same_person() {
        let base = cf("FOXDIA03B68H501T");
        for level in 1..=7 {
            let variant = omocode_variant(&base, level);
            let parsed = CodiceFiscale::parse(variant.as_str()).expect("variant is valid");
            assert_eq!(parsed, variant);
            assert!(parsed.is_omocode(), "level {level}");
            assert_ne!(parsed, base);
            assert_eq!(parsed.sex(), Sex::Female);
            assert_eq!(parsed.birth_date(today()), Some(date(2003, 2, 28)));
            assert_eq!(parsed.birth_place_code(), "H501");
            assert_eq!(parsed.agrees_with(date(2003, 2, 28), Sex::Female), Ok(()));
        }
        assert_eq!(omocode_variant(&base, 7).as_str()[6..15], *"LPBSUHRLM");
    }

    #[test]
    fn omocode_level_zero_is_the_same_code_and_levels_above_seven_act_as_seven() {
        let base = cf("RSSMRA85T10A562S");
        assert_eq!(omocode_variant(&base, 0), base);
        assert_eq!(omocode_variant(&base, 200), omocode_variant(&base, 7));
    }

    #[test]
    fn omocodia_letters_are_undone_in_the_birth_place_code() {
        let variant = omocode_variant(&cf("VRDGFR72L04F205V"), 3);
        assert_eq!(&variant.as_str()[11..15], "FNLR");
        assert_eq!(variant.birth_place_code(), "F205");
    }

    #[test]
    fn every_single_character_substitution_of_a_valid_code_is_rejected() {
        let alphabet: Vec<char> = ('A'..='Z').chain('0'..='9').collect();
        for original in [
            "RSSMRA85T10A562S",
            "FOXDIA03B68H501T",
            "VRDGFR72L04F205V",
            "RSSMRA85T10A56NH",
        ] {
            for position in 0..LEN {
                for &replacement in &alphabet {
                    let mut chars: Vec<char> = original.chars().collect();
                    if chars[position] == replacement {
                        continue;
                    }
                    chars[position] = replacement;
                    let mutated: String = chars.into_iter().collect();
                    assert!(CodiceFiscale::parse(&mutated).is_err(), "{mutated}");
                }
            }
        }
    }

    #[test]
    fn agreeing_birth_date_and_sex_are_accepted_regardless_of_century() {
        let rossi = cf("RSSMRA85T10A562S");
        assert_eq!(rossi.agrees_with(date(1985, 12, 10), Sex::Male), Ok(()));
        assert_eq!(rossi.agrees_with(date(2085, 12, 10), Sex::Male), Ok(()));
    }

    #[test]
    fn a_different_birth_date_is_reported_as_a_birth_date_mismatch() {
        let rossi = cf("RSSMRA85T10A562S");
        for other in [date(1986, 12, 10), date(1985, 11, 10), date(1985, 12, 11)] {
            assert_eq!(
                rossi.agrees_with(other, Sex::Male),
                Err(CfMismatch::BirthDate)
            );
        }
        assert_eq!(
            rossi.agrees_with(date(1984, 1, 1), Sex::Female),
            Err(CfMismatch::BirthDate)
        );
    }

    #[test]
    fn a_different_sex_is_reported_as_a_sex_mismatch() {
        let rossi = cf("RSSMRA85T10A562S");
        assert_eq!(
            rossi.agrees_with(date(1985, 12, 10), Sex::Female),
            Err(CfMismatch::Sex)
        );
    }

    #[test]
    fn a_malformed_place_code_is_refused_by_try_encode() {
        let born = date(1990, 1, 1);
        for place in ["", "A01", "A0011", "1234", "AB12", "Z 12"] {
            assert_eq!(
                try_encode("Rossi", "Mario", born, Sex::Male, place),
                Err(CfError::InvalidCharacters),
                "{place:?}"
            );
        }
    }

    #[test]
    #[should_panic(expected = "place code")]
    fn encode_panics_on_a_malformed_place_code() {
        encode("Rossi", "Mario", date(1990, 1, 1), Sex::Male, "ROMA");
    }

    #[test]
    fn a_code_displays_and_parses_back_through_from_str() {
        let rossi = cf("rssmra85t10a562s");
        assert_eq!(rossi.to_string(), "RSSMRA85T10A562S");
        assert_eq!(
            rossi.to_string().parse::<CodiceFiscale>(),
            Ok(rossi.clone())
        );
        assert_eq!(rossi.as_ref(), "RSSMRA85T10A562S");
    }

    #[test]
    fn errors_have_human_readable_messages() {
        assert_eq!(
            CfError::WrongCheckCharacter.to_string(),
            "the tax code has a wrong check character"
        );
        assert_eq!(
            CfMismatch::Sex.to_string(),
            "the tax code does not match the sex"
        );
    }

    fn birth_dates() -> impl Strategy<Value = NaiveDate> {
        let first = date(1920, 1, 1);
        let span = (date(2010, 12, 31) - first).num_days() as u64;
        (0..=span).prop_map(move |days| {
            first
                .checked_add_days(chrono::Days::new(days))
                .expect("within range")
        })
    }

    fn sexes() -> impl Strategy<Value = Sex> {
        prop_oneof![Just(Sex::Female), Just(Sex::Male)]
    }

    fn names() -> impl Strategy<Value = String> {
        "[A-Za-zàèéìòùÀÈÉÌÒÙç' ]{0,24}"
    }

    fn places() -> impl Strategy<Value = String> {
        "[A-Za-z][0-9]{3}"
    }

    /// Any reference date on or after 2010-12-31 and before 2020-01-01 maps
    /// every generated yy back to its own century.
    fn today_for_round_trips() -> NaiveDate {
        date(2019, 12, 31)
    }

    fn people() -> impl Strategy<Value = (String, String, NaiveDate, Sex, String)> {
        (names(), names(), birth_dates(), sexes(), places())
    }

    proptest! {
        #[test]
        fn encode_then_parse_round_trips_birth_date_sex_and_place(
            (surname, name, born, sex, place) in people()
        ) {
            let code = encode(&surname, &name, born, sex, &place);
            let parsed = CodiceFiscale::parse(code.as_str()).expect("encoded code parses");
            prop_assert_eq!(&parsed, &code);
            prop_assert_eq!(parsed.as_str().len(), LEN);
            prop_assert_eq!(parsed.birth_date(today_for_round_trips()), Some(born));
            prop_assert_eq!(parsed.sex(), sex);
            prop_assert_eq!(parsed.birth_place_code(), place.to_ascii_uppercase());
            prop_assert!(!parsed.is_omocode());
            prop_assert_eq!(parsed.agrees_with(born, sex), Ok(()));
        }

        #[test]
        fn any_omocode_level_round_trips(
            (surname, name, born, sex, place) in people(),
            level in 1u8..=7,
        ) {
            let base = encode(&surname, &name, born, sex, &place);
            let variant = omocode_variant(&base, level);
            let parsed = CodiceFiscale::parse(&variant.as_str().to_lowercase())
                .expect("omocode variant parses");
            prop_assert_eq!(&parsed, &variant);
            prop_assert!(parsed.is_omocode());
            prop_assert_eq!(&parsed.as_str()[..6], &base.as_str()[..6]);
            prop_assert_eq!(parsed.birth_date(today_for_round_trips()), Some(born));
            prop_assert_eq!(parsed.sex(), sex);
            prop_assert_eq!(parsed.birth_place_code(), place.to_ascii_uppercase());
            prop_assert_eq!(parsed.agrees_with(born, sex), Ok(()));
        }

        #[test]
        fn a_changed_check_character_is_always_rejected(
            (surname, name, born, sex, place) in people(),
            level in 0u8..=7,
            replacement in proptest::char::range('A', 'Z'),
        ) {
            let code = omocode_variant(&encode(&surname, &name, born, sex, &place), level);
            let (first15, check) = code.as_str().split_at(LEN - 1);
            prop_assume!(check != replacement.to_string());
            let mutated = format!("{first15}{replacement}");
            prop_assert_eq!(CodiceFiscale::parse(&mutated), Err(CfError::WrongCheckCharacter));
        }

        #[test]
        fn a_single_character_substitution_is_rejected_unless_it_only_changes_case(
            (surname, name, born, sex, place) in people(),
            level in 0u8..=7,
            position in 0..LEN,
            replacement in "[A-Za-z0-9]",
        ) {
            let code = omocode_variant(&encode(&surname, &name, born, sex, &place), level);
            let mut chars: Vec<char> = code.as_str().chars().collect();
            chars[position] = replacement.chars().next().unwrap_or('A');
            let mutated: String = chars.into_iter().collect();
            match CodiceFiscale::parse(&mutated) {
                Ok(parsed) => prop_assert_eq!(parsed, code),
                Err(_) => prop_assert_ne!(mutated.to_ascii_uppercase(), code.as_str()),
            }
        }

        #[test]
        fn parsing_arbitrary_text_never_panics_and_is_idempotent(
            input in prop_oneof!["\\PC{0,20}", "[A-Za-z0-9 ]{14,18}"]
        ) {
            if let Ok(code) = CodiceFiscale::parse(&input) {
                prop_assert_eq!(CodiceFiscale::parse(code.as_str()), Ok(code.clone()));
            }
        }
    }
}
