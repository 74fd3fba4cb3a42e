//! Turns the translation files in `locales/` into Rust: one `Key` variant per text of the default
//! language, and one table per language. A new language is a new file; nothing else changes.
use std::{collections::BTreeMap, env, fs, path::Path};

fn main() {
    let dir = Path::new("locales");
    println!("cargo:rerun-if-changed=locales");
    let mut languages = Vec::new();
    for entry in fs::read_dir(dir).expect("locales/ folder") {
        let path = entry.expect("locale entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("read locale");
        let doc: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let meta = doc["meta"].as_table().expect("[meta] table");
        let texts: BTreeMap<String, String> = doc["text"]
            .as_table()
            .expect("[text] table")
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().expect("text values are strings").to_owned(),
                )
            })
            .collect();
        languages.push((
            meta["order"].as_integer().expect("meta.order"),
            path.file_stem().unwrap().to_str().unwrap().to_owned(),
            meta["name"].as_str().expect("meta.name").to_owned(),
            meta["dir"].as_str().expect("meta.dir") == "rtl",
            texts,
        ));
    }
    languages.sort_by_key(|l| l.0);
    let keys: Vec<&String> = languages[0].4.keys().collect();
    let mut out = String::new();
    out.push_str("#[allow(non_camel_case_types)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Key {\n");
    for k in &keys {
        out.push_str(&format!("    {k},\n"));
    }
    out.push_str("}\n\n");
    out.push_str(&format!(
        "pub const KEY_NAMES: [&str; {}] = [\n",
        keys.len()
    ));
    for k in &keys {
        out.push_str(&format!("    {k:?},\n"));
    }
    out.push_str("];\n\n");
    out.push_str("pub const LANGUAGES: &[LanguageMeta] = &[\n");
    for (_, code, name, rtl, _) in &languages {
        out.push_str(&format!(
            "    LanguageMeta {{ code: {code:?}, name: {name:?}, rtl: {rtl} }},\n"
        ));
    }
    out.push_str("];\n\n");
    out.push_str(&format!(
        "static TEXTS: [[&str; {}]; {}] = [\n",
        keys.len(),
        languages.len()
    ));
    for (_, _, _, _, texts) in &languages {
        out.push_str("    [\n");
        for k in &keys {
            // A missing text stays empty here and falls back to the default language at run time;
            // the test `every_key_is_translated_in_every_language` fails on it.
            let v = texts.get(*k).map(String::as_str).unwrap_or("");
            out.push_str(&format!("        {v:?},\n"));
        }
        out.push_str("    ],\n");
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("i18n_gen.rs");
    fs::write(dest, out).expect("write i18n_gen.rs");
}
