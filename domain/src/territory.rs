//! The territory served by the programme: its municipalities (comuni) with their postal codes and
//! the point each is located at, for travel distances. Another territory is another CSV file in the
//! same format (see `data/README.md`).
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comune {
    pub name: String,
    pub cadastral_code: String,
    pub istat_code: String,
    pub postal_codes: Vec<String>,
    /// Latitude and longitude in millionths of a degree, when the file gives them.
    pub centre: Option<(i32, i32)>,
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
    /// Parses `name,cadastral_code,istat_code,province,postal_codes,population[,latitude,longitude]`
    /// rows (header first).
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
            let centre = match (cols.get(6), cols.get(7)) {
                (Some(lat), Some(lon)) if !lat.is_empty() || !lon.is_empty() => {
                    let micro = |v: &str, max: f64| {
                        v.parse::<f64>()
                            .ok()
                            .filter(|d| d.abs() <= max)
                            .map(|d| (d * 1e6).round() as i32)
                    };
                    Some(
                        micro(lat, 90.0)
                            .zip(micro(lon, 180.0))
                            .ok_or(bad("latitude and longitude are decimal degrees"))?,
                    )
                }
                _ => None,
            };
            comuni.push(Comune {
                name: cols[0].to_owned(),
                cadastral_code: cols[1].to_owned(),
                istat_code: cols[2].to_owned(),
                postal_codes,
                centre,
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

/// Roads are longer than the straight line: across the plain and the Apennine valleys of a province,
/// road distance is about 1.3 times the straight-line distance (the usual "detour index").
pub const ROAD_FACTOR: f64 = 1.3;

/// Estimated road distance in km between two points (millionths of a degree), from the great-circle
/// distance between them.
pub fn road_km(a: (i32, i32), b: (i32, i32)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let rad = |micro: i32| f64::from(micro) / 1e6 * std::f64::consts::PI / 180.0;
    let (lat1, lon1, lat2, lon2) = (rad(a.0), rad(a.1), rad(b.0), rad(b.1));
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin() * ROAD_FACTOR
}

impl Territory {
    /// Estimated road km between two comuni (0 within one), if both have a centre.
    pub fn km_between(&self, a: &str, b: &str) -> Option<f64> {
        if a == b {
            return self.by_istat(a).map(|_| 0.0);
        }
        Some(road_km(
            self.by_istat(a)?.centre?,
            self.by_istat(b)?.centre?,
        ))
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

    pub const BOLOGNA_CSV: &str = include_str!("../../data/bologna-comuni.csv");

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

    #[test]
    fn every_comune_of_bologna_has_a_centre_and_distances_are_plausible() {
        let t = Territory::from_csv(BOLOGNA_CSV).unwrap();
        assert!(t.comuni.iter().all(|c| c.centre.is_some()));
        // Bologna to Imola: about 33 km in a straight line, about 40 km by road.
        let km = t.km_between("037006", "037032").unwrap();
        assert!((38.0..48.0).contains(&km), "{km}");
        assert_eq!(t.km_between("037006", "037006"), Some(0.0));
        assert_eq!(t.km_between("037006", "999999"), None);
        let back = t.km_between("037032", "037006").unwrap();
        assert!((km - back).abs() < 1e-9);
    }

    #[test]
    fn a_centre_out_of_range_is_rejected() {
        let csv = "h\nX,A000,000001,BO,40100,1,95.0,11.0\n";
        assert!(matches!(
            Territory::from_csv(csv),
            Err(TerritoryError::BadLine { line: 2, .. })
        ));
    }
}
