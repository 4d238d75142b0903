//! docs/diagnostics.md is generated from the code registry; this test fails when it is stale
//! and rewrites it with UPDATE_DOCS=1.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use kserve_rbac::rules::{render_markdown, RULES};

#[test]
fn diagnostics_doc_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
    let expected = render_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/diagnostics.md is stale: run UPDATE_DOCS=1 cargo test --test docs"
    );
}

#[test]
fn every_source_code_registered() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![root];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for line in text.lines() {
                    let line = line.trim();
                    if let Some(rest) = line
                        .strip_prefix("pub const ")
                        .filter(|l| l.contains(": &str = \""))
                    {
                        let value = rest.split('"').nth(1).unwrap_or_default();
                        if value.starts_with("load/")
                            || value.starts_with("rbac/")
                            || value.starts_with("kubeflow/")
                        {
                            found.push(value.to_owned());
                        }
                    }
                }
            }
        }
    }
    assert!(found.len() >= 30, "found only {} codes", found.len());
    for code in &found {
        assert!(
            RULES.iter().any(|r| r.code == code),
            "{code} is emitted but not in src/rules.rs"
        );
    }
    for rule in RULES {
        assert!(
            found.iter().any(|c| c == rule.code),
            "{} is registered but never emitted",
            rule.code
        );
    }
}
