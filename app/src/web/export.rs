//! Files staff download (CSV today, spreadsheets to come). Every cell goes through `cell`, so that
//! a value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first)
//! is shown as text instead: names and notes typed by anyone can reach these files.
use std::borrow::Cow;

/// A cell's text made safe for spreadsheets: a leading formula character gets a `'` before it.
pub fn cell(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// A CSV file (RFC 4180, CRLF line ends) with a header row; every cell passes through `cell`.
pub fn csv<R, C>(header: &[&str], rows: R) -> Result<String, ::csv::Error>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header.iter().map(|h| cell(h).into_owned()))?;
    for row in rows {
        w.write_record(row.into_iter().map(|c| cell(c.as_ref()).into_owned()))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("the writer was given text only"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_a_spreadsheet_would_run_is_written_as_text() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+1+2",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert!(cell(bad).starts_with('\''), "{bad:?}");
        }
        for fine in ["Bologna", "12", "", "a=b", "2026-W49"] {
            assert_eq!(cell(fine), fine);
        }
        let file = csv(
            &["name", "n"],
            [vec!["=cmd|' /C calc'!A0", "3"], vec!["Anna \"A\"", "4"]],
        )
        .unwrap();
        assert_eq!(
            file,
            "name,n\r\n'=cmd|' /C calc'!A0,3\r\n\"Anna \"\"A\"\"\",4\r\n"
        );
    }
}
