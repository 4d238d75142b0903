//! Printing `can-i --list`.

use std::io::Write;

use kserve_rbac::rules_for::{GrantScope, RuleList};

use super::style::ColorChoice;
use super::table::write_table;
use super::{CliError, OutputFormat};

/// One printed row: a resource (or URL) with its names, and the verbs granted on it.
struct Row {
    resource: String,
    url: String,
    names: String,
    verbs: Vec<String>,
    scope: GrantScope,
    bindings: Vec<String>,
}

/// Prints the rule list as kubectl auth can-i --list does, one row per resource and names,
/// with the verbs of every rule merged, plus where each grant applies and through which binding.
pub fn print(list: &RuleList, output: OutputFormat, _color: ColorChoice) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if output == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut out, list).map_err(|e| CliError::Output(e.into()))?;
        writeln!(out)?;
        return Ok(());
    }
    let mut rows: Vec<Row> = Vec::new();
    for scoped in &list.rules {
        let rule = &scoped.rule;
        let names = format!(
            "[{}]",
            rule.resource_names.as_deref().unwrap_or_default().join(" ")
        );
        let binding = scoped.binding.display_name();
        let mut keys: Vec<(String, String)> = Vec::new();
        for group in rule.api_groups.as_deref().unwrap_or_default() {
            for resource in rule.resources.as_deref().unwrap_or_default() {
                let qualified = if group.is_empty() {
                    resource.clone()
                } else {
                    format!("{resource}.{group}")
                };
                keys.push((qualified, String::new()));
            }
        }
        for url in rule.non_resource_urls.as_deref().unwrap_or_default() {
            keys.push((String::new(), url.clone()));
        }
        for (resource, url) in keys {
            let found = rows.iter_mut().find(|row| {
                row.resource == resource
                    && row.url == url
                    && row.names == names
                    && row.scope == scoped.scope
            });
            let row = match found {
                Some(row) => row,
                None => {
                    rows.push(Row {
                        resource,
                        url,
                        names: names.clone(),
                        verbs: Vec::new(),
                        scope: scoped.scope,
                        bindings: Vec::new(),
                    });
                    rows.last_mut().expect("a row was pushed")
                }
            };
            for verb in &rule.verbs {
                if !row.verbs.contains(verb) {
                    row.verbs.push(verb.clone());
                }
            }
            if !row.bindings.contains(&binding) {
                row.bindings.push(binding.clone());
            }
        }
    }
    let cells: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| {
            vec![
                row.resource,
                if row.url.is_empty() {
                    "[]".to_owned()
                } else {
                    format!("[{}]", row.url)
                },
                row.names,
                format!("[{}]", row.verbs.join(" ")),
                match row.scope {
                    GrantScope::Cluster => "cluster".to_owned(),
                    GrantScope::Namespace => "namespace".to_owned(),
                },
                row.bindings.join(", "),
            ]
        })
        .collect();
    write_table(
        &mut out,
        &[
            "Resources",
            "Non-Resource URLs",
            "Resource Names",
            "Verbs",
            "Scope",
            "Granted by",
        ],
        &cells,
    )?;
    let mut stderr = std::io::stderr().lock();
    for error in &list.evaluation_errors {
        writeln!(stderr, "warning: {error}")?;
    }
    Ok(())
}
