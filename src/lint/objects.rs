//! Checks of whole objects: the same object defined twice, and fields their schema lacks.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::workspace::Workspace;

use super::closest;

/// Codes of the object checks.
pub mod codes {
    /// The same kind, namespace and name defined more than once.
    pub const DUPLICATE_OBJECT: &str = "load/duplicate-object";
    /// A field the kind's schema does not have, such as `resourceName`.
    pub const UNKNOWN_FIELD: &str = "load/unknown-field";
}

/// Field names of the kinds the tool reads, for did-you-mean hints.
const KNOWN_FIELDS: [&str; 27] = [
    "apiVersion",
    "kind",
    "metadata",
    "name",
    "namespace",
    "labels",
    "annotations",
    "rules",
    "apiGroups",
    "resources",
    "verbs",
    "resourceNames",
    "nonResourceURLs",
    "aggregationRule",
    "clusterRoleSelectors",
    "matchLabels",
    "matchExpressions",
    "key",
    "operator",
    "values",
    "roleRef",
    "subjects",
    "apiGroup",
    "spec",
    "owner",
    "plugins",
    "resourceQuotaSpec",
];

pub fn check(workspace: &Workspace, diagnostics: &mut Vec<Diagnostic>) {
    let mut first: HashMap<(&str, Option<&str>, &str), usize> = HashMap::new();
    for (index, loaded) in workspace.objects().iter().enumerate() {
        let meta = &loaded.meta;
        for path in &loaded.unknown_fields {
            let field = path.rsplit(['.', ']']).next().unwrap_or(path);
            let hint = match closest(field, KNOWN_FIELDS.iter().copied().filter(|known| *known != field)) {
                Some(known) => format!("did you mean {known:?}? Kubernetes drops fields it does not know, so this one has no effect"),
                None => "Kubernetes drops fields it does not know, so this one has no effect; remove it or fix its name".to_owned(),
            };
            diagnostics.push(
                Diagnostic::new(
                    codes::UNKNOWN_FIELD,
                    Severity::Warning,
                    format!("{} has unknown field {path:?}", meta.display_name()),
                )
                .with_help(hint)
                .on(meta)
                .with_path(path),
            );
        }
        if meta.implied || meta.name.is_empty() {
            continue;
        }
        let key = (
            meta.kind.as_str(),
            meta.namespace.as_deref(),
            meta.name.as_str(),
        );
        match first.get(&key) {
            None => {
                first.insert(key, index);
            }
            Some(&earlier) => {
                let place = workspace.objects()[earlier]
                    .meta
                    .location
                    .as_ref()
                    .map_or_else(String::new, |l| format!(" at {l}"));
                diagnostics.push(
                    Diagnostic::new(
                        codes::DUPLICATE_OBJECT,
                        Severity::Warning,
                        format!("{} is defined again; it was defined first{place}", meta.display_name()),
                    )
                    .with_help("applying both keeps only the last one, so the rules or subjects of the first are lost; merge them or rename one")
                    .on(meta),
                );
            }
        }
    }
}
