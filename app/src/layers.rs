//! What may import what, checked over the sources of the three crates: `domain` (pure rules and
//! texts) → `storage` → the application's shared web plumbing → its features → the router and the
//! shell. Nothing imports upward, features use each other only along the few edges listed here
//! (a page that shows another feature's section), and no module of a crate imports itself back
//! through others. The crate boundaries already stop domain and storage from importing upward;
//! this test keeps the layers inside `app`, and the circles out of all three.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    /// The other crates, seen from `app` (`crate::domain`, `crate::i18n`, `crate::storage`).
    Below,
    /// Shared web plumbing: errors, settings, widgets, forms, state, sessions, access, time.
    Shared,
    Feature,
    /// The router, the shell, the demo data and the background work: they may use every feature.
    Top,
}

/// Each top-level module of `app` and its layer. A module missing here fails the test.
const APP_MODULES: &[(&str, Layer)] = &[
    ("domain", Layer::Below),
    ("i18n", Layer::Below),
    ("storage", Layer::Below),
    ("error", Layer::Shared),
    ("config", Layer::Shared),
    ("ui", Layer::Shared),
    ("web", Layer::Shared),
    ("staff", Layer::Feature),
    ("intake", Layer::Feature),
    ("status", Layer::Feature),
    ("interviews", Layer::Feature),
    ("plans", Layer::Feature),
    ("training", Layer::Feature),
    ("group_sessions", Layer::Feature),
    ("ventures", Layer::Feature),
    ("traineeships", Layer::Feature),
    ("company_board", Layer::Feature),
    ("secretariat", Layer::Feature),
    ("dashboard", Layer::Feature),
    ("audit", Layer::Feature),
    ("router", Layer::Top),
    ("demo", Layer::Top),
    ("background", Layer::Top),
    ("layers", Layer::Top),
    ("dev_mail", Layer::Feature),
];

/// The only uses of one feature by another: a page that shows another feature's section.
const FEATURE_USES: &[(&str, &[&str])] = &[
    // The case page shows the interview booking, the plan, the courses, the group sessions, the
    // traineeships, the self-employment projects and the person's part of the board.
    (
        "secretariat",
        &[
            "interviews",
            "plans",
            "training",
            "group_sessions",
            "traineeships",
            "ventures",
            "company_board",
        ],
    ),
    // The professional's home page lists the concerns tutors raised on their cases.
    ("staff", &["traineeships"]),
    // The company portal shows the company tutor's own trainees.
    ("company_board", &["traineeships"]),
    // The applicant's status page shows their interview, their plan, their courses, their group
    // sessions and what companies may see; a withdrawal takes them off their courses, whose waiting lists move up.
    (
        "status",
        &[
            "interviews",
            "plans",
            "training",
            "group_sessions",
            "company_board",
        ],
    ),
];

fn layer_of(module: &str) -> Option<Layer> {
    APP_MODULES
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, l)| *l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`company_board/server.rs` → `company_board`), and how
/// deep it is below the crate's root (`lib.rs` and `x.rs` 0, `x/y.rs` 1).
fn module_of(src: &Path, file: &Path) -> (String, usize) {
    let rel = file.strip_prefix(src).expect("a file below src");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    let depth = parts.len() - 1;
    let top = parts[0].clone();
    // `x/mod.rs` sits at x's own depth.
    let depth = if parts.last().is_some_and(|p| p == "mod") {
        depth - 1
    } else {
        depth
    };
    (top, depth)
}

fn ident_at(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The first names of the paths that follow `at` (`x` of `x::y`, or each of `{x, y::z}`).
fn first_names(text: &str) -> Vec<String> {
    if let Some(group) = text.strip_prefix('{') {
        let mut names = Vec::new();
        let mut depth = 0;
        let mut start = true;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => start = true,
                c if c.is_whitespace() => {}
                _ if start && depth == 0 => {
                    names.push(ident_at(&group[i..]).to_owned());
                    start = false;
                }
                _ => start = false,
            }
        }
        names
    } else {
        vec![ident_at(text).to_owned()]
    }
}

/// The top-level modules of its own crate that a file names, outside comments.
fn uses_of(text: &str, own: &str, depth: usize) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::").or_else(|| rest.find("super::")) {
            let before = &rest[..i];
            let at = &rest[i..];
            // `$crate::` in a macro is the crate too; `xcrate::` is not.
            let ok = before
                .chars()
                .last()
                .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
            let (targets, len) = if let Some(path) = at.strip_prefix("crate::") {
                (Some(first_names(path)), "crate::".len())
            } else {
                let mut ups = 0;
                let mut path = at;
                while let Some(p) = path.strip_prefix("super::") {
                    ups += 1;
                    path = p;
                }
                let len = at.len() - path.len();
                // A file `depth` folders down is a module path of `depth + 1` names: climbing all
                // of them reaches the crate's root, and the next name is a top-level module.
                if ups > depth {
                    (Some(first_names(path)), len)
                } else {
                    (Some(vec![own.to_owned()]), len)
                }
            };
            if ok {
                for t in targets.into_iter().flatten() {
                    if !t.is_empty() && t != own && t != "self" && t != "super" {
                        out.insert(t);
                    }
                }
            }
            rest = &rest[i + len..];
        }
    }
    out
}

/// Every edge between top-level modules of the crate at `src`: (from, to).
fn edges(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let (module, depth) = module_of(src, &file);
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a source file");
        let uses = uses_of(&text, &module, depth);
        graph.entry(module).or_default().extend(uses);
    }
    graph
}

/// A circle through `start`, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        start: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(at).into_iter().flatten() {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, start, next, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_owned()];
    walk(graph, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    graph
        .keys()
        .filter_map(|m| circle(graph, m))
        .map(|c| c.join(" → "))
        .collect()
}

fn crate_src(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name)
        .join("src")
}

#[test]
fn no_module_of_the_application_imports_a_higher_layer() {
    let graph = edges(&crate_src("app"));
    let mut wrong = Vec::new();
    for (from, tos) in &graph {
        let Some(from_layer) = layer_of(from) else {
            wrong.push(format!(
                "{from}: a module without a layer (add it to APP_MODULES)"
            ));
            continue;
        };
        for to in tos {
            let Some(to_layer) = layer_of(to) else {
                continue;
            };
            let sideways_allowed = FEATURE_USES
                .iter()
                .any(|(f, uses)| f == from && uses.contains(&to.as_str()));
            if to_layer > from_layer
                || (to_layer == Layer::Feature && from_layer == Layer::Feature && !sideways_allowed)
            {
                wrong.push(format!(
                    "{from} ({from_layer:?}) imports {to} ({to_layer:?})"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_crate_has_an_import_circle() {
    for name in ["domain", "storage", "app"] {
        let found = circles(&edges(&crate_src(name)));
        assert!(
            found.is_empty(),
            "import circles in {name}:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_check_reads_paths_as_rust_does() {
    let uses = uses_of(
        "use crate::{web::ctx, ui::{A, B}};\nuse super::super::storage::X; // crate::router\nlet x = $crate::error::E;",
        "intake",
        1,
    );
    assert_eq!(
        uses.into_iter().collect::<Vec<_>>(),
        ["error", "storage", "ui", "web"]
    );
    assert!(uses_of("use super::pages::X;", "intake", 1).is_empty());
    assert_eq!(
        uses_of("use super::super::web::X;", "intake", 1)
            .into_iter()
            .collect::<Vec<_>>(),
        ["web"]
    );
    assert_eq!(
        uses_of("use super::board::X;", "queue", 0)
            .into_iter()
            .collect::<Vec<_>>(),
        ["board"]
    );
}
