//! SARIF 2.1.0 output, the format code-scanning services read.

use kserve_rbac::rules::{anchor, rule, RULES};
use kserve_rbac::{Diagnostic, Severity};
use serde_json::{json, Value};

const DOCS: &str = "https://github.com/kserve-rbac/kserve-rbac/blob/main/docs/diagnostics.md";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Builds a SARIF log with one run: the tool with every registered rule, and one result per
/// diagnostic.
pub fn sarif_log(diagnostics: &[&Diagnostic]) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.code,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": format!("{} {}", rule.summary, rule.why)},
                "help": {"text": rule.fix},
                "helpUri": format!("{DOCS}#{}", anchor(rule.code)),
                "defaultConfiguration": {"level": level(rule.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|diagnostic| {
            let mut result = json!({
                "ruleId": diagnostic.code,
                "level": level(diagnostic.severity),
                "message": {"text": match &diagnostic.help {
                    Some(help) => format!("{} ({help})", diagnostic.message),
                    None => diagnostic.message.clone(),
                }},
            });
            if let Some(index) = RULES.iter().position(|r| r.code == diagnostic.code) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(location) = &diagnostic.location {
                let mut region = json!({"startLine": location.line.max(1)});
                if let Some(column) = location.column {
                    region["startColumn"] = json!(column.max(1));
                }
                let mut physical = json!({
                    "artifactLocation": {"uri": uri(&location.file)},
                    "region": region,
                });
                if let Some(object) = &diagnostic.object {
                    physical["contextRegion"] = physical["region"].clone();
                    let name = match &object.namespace {
                        Some(namespace) => format!("{}/{}/{}", object.kind, namespace, object.name),
                        None => format!("{}/{}", object.kind, object.name),
                    };
                    result["locations"] = json!([{
                        "physicalLocation": physical,
                        "logicalLocations": [{"fullyQualifiedName": name, "kind": "object"}],
                    }]);
                } else {
                    result["locations"] = json!([{"physicalLocation": physical}]);
                }
            }
            debug_assert!(
                rule(diagnostic.code).is_some(),
                "unregistered code {}",
                diagnostic.code
            );
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kserve-rbac",
                "version": kserve_rbac::VERSION,
                "informationUri": "https://github.com/kserve-rbac/kserve-rbac",
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// A relative file path as a URI reference: forward slashes, with spaces and other reserved
/// characters percent-encoded.
fn uri(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                encoded.push(byte as char)
            }
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    encoded
}
