//! The territory served by the programme: its municipalities (comuni) with their postal codes.
//! Another territory is another CSV file in the same format (see `data/`).
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comune {
    pub name: String,
    pub cadastral_code: String,
    pub istat_code: String,
    pub postal_codes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Territory {
    pub comuni: Vec<Comune>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TerritoryError {
    #[error("line {line}: {what}")]
    BadLine { line: usize, what: &'static str },
    #[error("the territory has no comuni")]
    Empty,
}

impl Territory {
    /// Parses `name,cadastral_code,istat_code,province,postal_codes,population` rows (header first).
    pub fn from_csv(text: &str) -> Result<Territory, TerritoryError> {
        let mut comuni = Vec::new();
        for (i, row) in text.lines().enumerate().skip(1) {
            if row.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = row.split(',').map(str::trim).collect();
            let bad = |what| TerritoryError::BadLine { line: i + 1, what };
            if cols.len() < 5 {
                return Err(bad("expected at least 5 columns"));
            }
            let postal_codes: Vec<String> = cols[4].split_whitespace().map(str::to_owned).collect();
            if cols[0].is_empty() || cols[2].is_empty() || postal_codes.is_empty() {
                return Err(bad("name, istat_code and postal_codes are required"));
            }
            if postal_codes.iter().any(|c| !is_postal_code_shape(c)) {
                return Err(bad("postal codes are five digits"));
            }
            comuni.push(Comune {
                name: cols[0].to_owned(),
                cadastral_code: cols[1].to_owned(),
                istat_code: cols[2].to_owned(),
                postal_codes,
            });
        }
        if comuni.is_empty() {
            return Err(TerritoryError::Empty);
        }
        comuni.sort_by_key(|c| fold(&c.name));
        Ok(Territory { comuni })
    }

    pub fn by_istat(&self, istat_code: &str) -> Option<&Comune> {
        self.comuni.iter().find(|c| c.istat_code == istat_code)
    }

    /// Municipalities whose name contains `query`, ignoring case, accents and apostrophes.
    pub fn search(&self, query: &str) -> Vec<&Comune> {
        let q = fold(query);
        self.comuni
            .iter()
            .filter(|c| fold(&c.name).contains(&q))
            .collect()
    }
}

pub fn is_postal_code_shape(code: &str) -> bool {
    code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit())
}

/// Lowercase, accents removed, punctuation dropped: "Sant'Agata Bolognese" ~ "santagata bolognese".
pub fn fold(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c {
                'à' | 'á' | 'â' | 'À' | 'Á' | 'Â' => 'a',
                'è' | 'é' | 'ê' | 'È' | 'É' | 'Ê' => 'e',
                'ì' | 'í' | 'î' | 'Ì' | 'Í' | 'Î' => 'i',
                'ò' | 'ó' | 'ô' | 'Ò' | 'Ó' | 'Ô' => 'o',
                'ù' | 'ú' | 'û' | 'Ù' | 'Ú' | 'Û' => 'u',
                c => c.to_ascii_lowercase(),
            };
            (c.is_alphanumeric() || c == ' ').then_some(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const BOLOGNA_CSV: &str = include_str!("../../../data/bologna-comuni.csv");

    #[test]
    fn the_metropolitan_city_of_bologna_has_55_comuni() {
        let t = Territory::from_csv(BOLOGNA_CSV).unwrap();
        assert_eq!(t.comuni.len(), 55);
        let bologna = t.by_istat("037006").unwrap();
        assert_eq!(bologna.name, "Bologna");
        assert!(bologna.postal_codes.contains(&"40121".to_owned()));
    }

    #[test]
    fn search_ignores_case_accents_and_apostrophes() {
        let t = Territory::from_csv(BOLOGNA_CSV).unwrap();
        let found: Vec<_> = t
            .search("ANZOLA DELL")
            .iter()
            .map(|c| c.name.clone())
            .collect();
        assert_eq!(found, vec!["Anzola dell'Emilia".to_owned()]);
        assert!(t.search("zzz").is_empty());
    }

    #[test]
    fn a_row_without_postal_codes_is_rejected_with_its_line() {
        let csv = "name,cadastral_code,istat_code,province,postal_codes,population\nX,A000,000001,BO,,1\n";
        assert_eq!(
            Territory::from_csv(csv),
            Err(TerritoryError::BadLine {
                line: 2,
                what: "name, istat_code and postal_codes are required"
            })
        );
        assert_eq!(
            Territory::from_csv("header only\n"),
            Err(TerritoryError::Empty)
        );
    }
}
