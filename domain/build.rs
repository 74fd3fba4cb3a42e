//! Turns the translation files in `locales/` into Rust: one `Key` variant per text of the default
//! language, and one table per language. A new language is a new file; nothing else changes.
use std::{collections::BTreeMap, env, fs, path::Path};

const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

struct Language {
    order: i64,
    code: String,
    name: String,
    rtl: bool,
    decimal: String,
    group: String,
    texts: BTreeMap<String, String>,
    plurals: BTreeMap<String, [String; 6]>,
}

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
        // A text is a string, or a table of plural forms by CLDR category (zero, one, two, few,
        // many, other), of which `other` is required and is also the plain text.
        let mut texts: BTreeMap<String, String> = BTreeMap::new();
        let mut plurals: BTreeMap<String, [String; 6]> = BTreeMap::new();
        for (k, v) in doc["text"].as_table().expect("[text] table") {
            match v {
                toml::Value::String(t) => {
                    texts.insert(k.clone(), t.clone());
                }
                toml::Value::Table(forms) => {
                    let mut by_category: [String; 6] = Default::default();
                    for (category, form) in forms {
                        let i = CATEGORIES
                            .iter()
                            .position(|c| c == category)
                            .unwrap_or_else(|| {
                                panic!(
                                    "{}: {k}: {category} is not a plural category",
                                    path.display()
                                )
                            });
                        by_category[i] =
                            form.as_str().expect("plural forms are strings").to_owned();
                    }
                    assert!(
                        !by_category[5].is_empty(),
                        "{}: {k}: a plural text needs its `other` form",
                        path.display()
                    );
                    texts.insert(k.clone(), by_category[5].clone());
                    plurals.insert(k.clone(), by_category);
                }
                _ => panic!(
                    "{}: {k}: a text is a string or a table of plural forms",
                    path.display()
                ),
            }
        }
        let separator = |name: &str| {
            meta.get(name)
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| {
                    panic!(
                        "{}: meta.{name} (the number separators) is required",
                        path.display()
                    )
                })
                .to_owned()
        };
        languages.push(Language {
            order: meta["order"].as_integer().expect("meta.order"),
            code: path.file_stem().unwrap().to_str().unwrap().to_owned(),
            name: meta["name"].as_str().expect("meta.name").to_owned(),
            rtl: meta["dir"].as_str().expect("meta.dir") == "rtl",
            decimal: separator("decimal"),
            group: separator("group"),
            texts,
            plurals,
        });
    }
    languages.sort_by_key(|l| l.order);
    let keys: Vec<&String> = languages[0].texts.keys().collect();
    let mut out = String::new();
    out.push_str("#[allow(non_camel_case_types)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Key {\n");
    for k in &keys {
        out.push_str(&format!("    {k},\n"));
    }
    out.push_str("}\n\n");
    out.push_str(&format!(
        "pub static KEY_NAMES: [&str; {}] = [\n",
        keys.len()
    ));
    for k in &keys {
        out.push_str(&format!("    {k:?},\n"));
    }
    out.push_str("];\n\n");
    out.push_str("pub const LANGUAGES: &[LanguageMeta] = &[\n");
    for l in &languages {
        out.push_str(&format!(
            "    LanguageMeta {{ code: {:?}, name: {:?}, rtl: {}, decimal: {:?}, group: {:?} }},\n",
            l.code, l.name, l.rtl, l.decimal, l.group
        ));
    }
    out.push_str("];\n\n");
    out.push_str(&format!(
        "static TEXTS: [[&str; {}]; {}] = [\n",
        keys.len(),
        languages.len()
    ));
    for l in &languages {
        out.push_str("    [\n");
        for k in &keys {
            // A missing text stays empty here and falls back to the default language at run time;
            // the test `every_key_is_translated_in_every_language` fails on it.
            let v = l.texts.get(*k).map(String::as_str).unwrap_or("");
            out.push_str(&format!("        {v:?},\n"));
        }
        out.push_str("    ],\n");
    }
    out.push_str("];\n\n");
    // Per language, the plural texts: (key index, forms by category), sorted by key index.
    out.push_str(&format!(
        "static PLURALS: [&[(usize, [&str; 6])]; {}] = [\n",
        languages.len()
    ));
    for l in &languages {
        out.push_str("    &[\n");
        for (i, k) in keys.iter().enumerate() {
            if let Some(forms) = l.plurals.get(*k) {
                out.push_str(&format!("        ({i}, {forms:?}),\n"));
            }
        }
        out.push_str("    ],\n");
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("i18n_gen.rs");
    fs::write(dest, out).expect("write i18n_gen.rs");
}
