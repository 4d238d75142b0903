//! Checks of roles: rules typed into aggregating ClusterRoles, aggregation labels that select
//! nothing or are misspelled, write verbs in a view tier, risky grants in tenant tiers, and
//! rules the API server rejects.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::object::{Object, ObjectRef};
use crate::rbac::selector;
use crate::workspace::Workspace;

use super::resources::role_rules;

/// Codes of the role checks.
pub mod codes {
    /// Own rules in a ClusterRole with an aggregationRule, which the controller overwrites.
    pub const RULES_IN_AGGREGATING_ROLE: &str = "rbac/rules-in-aggregating-role";
    /// An aggregationRule whose selectors match no ClusterRole in the input.
    pub const SELECTOR_MATCHES_NOTHING: &str = "rbac/selector-matches-nothing";
    /// An aggregation label that no aggregating ClusterRole selects.
    pub const LABEL_SELECTS_NOTHING: &str = "rbac/aggregation-label-unused";
    /// An aggregation label with the wrong prefix or a value other than "true".
    pub const LABEL_MISSPELLED: &str = "rbac/aggregation-label-misspelled";
    /// A role aggregated into a view tier that grants more than get, list and watch.
    pub const VIEW_TIER_WRITE: &str = "rbac/view-tier-write-verbs";
    /// `*` in verbs, resources or apiGroups of a tenant tier.
    pub const WILDCARD: &str = "rbac/wildcard";
    /// bind, escalate or impersonate in a tenant tier.
    pub const ESCALATION_VERB: &str = "rbac/escalation-verb";
    /// secrets, pods/exec, pods/attach or serviceaccounts/token in a tenant tier.
    pub const SENSITIVE_ACCESS: &str = "rbac/sensitive-access";
    /// A rule the API server rejects.
    pub const INVALID_RULE: &str = "rbac/invalid-rule";
}

const KUBEFLOW_PREFIX: &str = "rbac.authorization.kubeflow.org/";
const KUBERNETES_PREFIX: &str = "rbac.authorization.k8s.io/";

/// The aggregation targets every Kubeflow cluster has, and the prefix of their labels.
const KNOWN_TARGETS: [(&str, &str); 6] = [
    ("kubeflow-admin", KUBEFLOW_PREFIX),
    ("kubeflow-edit", KUBEFLOW_PREFIX),
    ("kubeflow-view", KUBEFLOW_PREFIX),
    ("admin", KUBERNETES_PREFIX),
    ("edit", KUBERNETES_PREFIX),
    ("view", KUBERNETES_PREFIX),
];

pub fn check(workspace: &Workspace, diagnostics: &mut Vec<Diagnostic>) {
    check_aggregation(workspace, diagnostics);
    check_tiers(workspace, diagnostics);
    check_rule_shapes(workspace, diagnostics);
}

fn labels_of(workspace: &Workspace) -> Vec<(&ObjectRef, &BTreeMap<String, String>)> {
    workspace
        .objects()
        .iter()
        .filter_map(|o| match &o.object {
            Object::ClusterRole(role) => role
                .metadata
                .labels
                .as_ref()
                .map(|labels| (&o.meta, labels)),
            _ => None,
        })
        .collect()
}

fn check_aggregation(workspace: &Workspace, diagnostics: &mut Vec<Diagnostic>) {
    let labelled = labels_of(workspace);
    let mut selected_keys: Vec<String> = Vec::new();
    for loaded in workspace.objects() {
        let Object::ClusterRole(role) = &loaded.object else {
            continue;
        };
        let Some(rule) = &role.aggregation_rule else {
            continue;
        };
        if role.rules.as_ref().is_some_and(|r| !r.is_empty()) {
            diagnostics.push(
                Diagnostic::new(
                    codes::RULES_IN_AGGREGATING_ROLE,
                    Severity::Warning,
                    format!("{} has an aggregationRule and rules of its own", loaded.meta.display_name()),
                )
                .with_help("the aggregation controller replaces the rules of an aggregating ClusterRole, so these rules do not persist; move them to a ClusterRole that carries the selected label")
                .on(&loaded.meta)
                .with_path("rules"),
            );
        }
        let selectors = rule.cluster_role_selectors.as_deref().unwrap_or_default();
        for selector in selectors {
            selected_keys.extend(
                selector
                    .match_labels
                    .iter()
                    .flatten()
                    .map(|(k, _)| k.clone()),
            );
            // `In` and `Exists` select roles that carry the key, while `NotIn` and
            // `DoesNotExist` select the others.
            selected_keys.extend(
                selector
                    .match_expressions
                    .iter()
                    .flatten()
                    .filter(|e| matches!(e.operator.as_str(), "In" | "Exists"))
                    .map(|e| e.key.clone()),
            );
        }
        let valid = selectors.iter().all(|s| selector::validate(s).is_ok());
        let matches_any = labelled.iter().any(|(meta, labels)| {
            meta.name != loaded.meta.name
                && selectors.iter().any(|s| selector::matches(s, Some(labels)))
        });
        if valid && !selectors.is_empty() && !matches_any {
            diagnostics.push(
                Diagnostic::new(
                    codes::SELECTOR_MATCHES_NOTHING,
                    Severity::Warning,
                    format!("{} aggregates no ClusterRole in the input: no role carries a label its aggregationRule selects", loaded.meta.display_name()),
                )
                .with_help("its holders get no permissions from it until a ClusterRole with the selected label exists; check the label keys and values on the roles meant for it")
                .on(&loaded.meta)
                .with_path("aggregationRule"),
            );
        }
    }

    for (meta, labels) in &labelled {
        for (key, value) in labels.iter() {
            let Some(position) = key.find("aggregate-to-") else {
                continue;
            };
            let (prefix, target) = (&key[..position], &key[position + "aggregate-to-".len()..]);
            let path = format!("metadata.labels[{key:?}]");
            let expected_prefix = KNOWN_TARGETS
                .iter()
                .find(|(t, _)| *t == target)
                .map(|(_, p)| *p);
            if let Some(expected) = expected_prefix {
                if prefix != expected {
                    diagnostics.push(
                        Diagnostic::new(
                            codes::LABEL_MISSPELLED,
                            Severity::Warning,
                            format!("{} has label {key:?}, but roles aggregate into {target} with {expected}aggregate-to-{target}", meta.display_name()),
                        )
                        .with_help(format!("fix the label key to {expected}aggregate-to-{target}; with this key the role is aggregated nowhere"))
                        .on(meta)
                        .with_path(&path),
                    );
                    continue;
                }
            }
            if value != "true" {
                diagnostics.push(
                    Diagnostic::new(
                        codes::LABEL_MISSPELLED,
                        Severity::Warning,
                        format!("{} has label {key}={value:?}; aggregation selects the value \"true\"", meta.display_name()),
                    )
                    .with_help("set the value to \"true\" (quoted in YAML); label values are compared exactly")
                    .on(meta)
                    .with_path(&path),
                );
                continue;
            }
            let known = expected_prefix.is_some();
            if !known && !selected_keys.iter().any(|k| k == key) {
                diagnostics.push(
                    Diagnostic::new(
                        codes::LABEL_SELECTS_NOTHING,
                        Severity::Info,
                        format!("{} has label {key}, which no aggregating ClusterRole in the input selects", meta.display_name()),
                    )
                    .with_help(format!("if a ClusterRole named {target} should aggregate this role, check that it is applied and that its selector names this label"))
                    .on(meta)
                    .with_path(&path),
                );
            }
        }
    }
}

/// Whether a ClusterRole is aggregated into one of Kubeflow's tenant tiers, and into which.
fn tenant_tier(labels: &BTreeMap<String, String>) -> Option<&'static str> {
    let has = |target: &str| {
        labels
            .get(&format!("{KUBEFLOW_PREFIX}aggregate-to-{target}"))
            .is_some_and(|v| v == "true")
    };
    if has("kubeflow-view") {
        Some("view")
    } else if has("kubeflow-edit") {
        Some("edit")
    } else if has("kubeflow-admin")
        || labels.iter().any(|(k, v)| {
            v == "true" && k.starts_with(KUBEFLOW_PREFIX) && k.contains("aggregate-to-kubeflow-")
        })
    {
        Some("admin")
    } else {
        None
    }
}

fn check_tiers(workspace: &Workspace, diagnostics: &mut Vec<Diagnostic>) {
    for loaded in workspace.objects() {
        let Object::ClusterRole(role) = &loaded.object else {
            continue;
        };
        let labels = role.metadata.labels.clone().unwrap_or_default();
        // Only the exact keys aggregate: a misspelled one is reported as such instead.
        let view_tier = labels.iter().any(|(k, v)| {
            v == "true"
                && (*k == format!("{KUBEFLOW_PREFIX}aggregate-to-kubeflow-view")
                    || *k == format!("{KUBERNETES_PREFIX}aggregate-to-view"))
        });
        let tier = tenant_tier(&labels);
        let meta = &loaded.meta;
        for (index, rule) in role.rules.iter().flatten().enumerate() {
            if view_tier {
                let writes: Vec<&str> = rule
                    .verbs
                    .iter()
                    .map(String::as_str)
                    .filter(|v| !matches!(*v, "get" | "list" | "watch"))
                    .collect();
                if !writes.is_empty() {
                    diagnostics.push(
                        Diagnostic::new(
                            codes::VIEW_TIER_WRITE,
                            Severity::Warning,
                            format!("{} is aggregated into a view tier but rule {index} grants {}", meta.display_name(), writes.join(", ")),
                        )
                        .with_help("view tiers are meant to be read-only: every viewer gets these verbs; move them to a role aggregated into the edit tier")
                        .on(meta)
                        .with_path(&format!("rules[{index}].verbs")),
                    );
                }
            }
            let Some(tier) = tier else {
                continue;
            };
            check_tier_rule(meta, tier, index, rule, diagnostics);
        }
    }
}

fn check_tier_rule(
    meta: &ObjectRef,
    tier: &str,
    index: usize,
    rule: &k8s_openapi::api::rbac::v1::PolicyRule,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let fields: [(&str, &[String]); 3] = [
        ("verbs", &rule.verbs),
        ("resources", rule.resources.as_deref().unwrap_or_default()),
        ("apiGroups", rule.api_groups.as_deref().unwrap_or_default()),
    ];
    for (field, values) in fields {
        if let Some(position) = values.iter().position(|v| v == "*") {
            diagnostics.push(
                Diagnostic::new(codes::WILDCARD, Severity::Warning, format!("{} grants \"*\" in {field} to the kubeflow-{tier} tier", meta.display_name()))
                    .with_help("a wildcard also grants every resource or verb added later, to every tenant member of this tier; list what is needed")
                    .on(meta)
                    .with_path(&format!("rules[{index}].{field}[{position}]")),
            );
        }
    }
    for (position, verb) in rule.verbs.iter().enumerate() {
        if matches!(verb.as_str(), "bind" | "escalate" | "impersonate") {
            diagnostics.push(
                Diagnostic::new(codes::ESCALATION_VERB, Severity::Warning, format!("{} grants {verb} to the kubeflow-{tier} tier", meta.display_name()))
                    .with_help("bind and escalate let holders grant permissions they do not have, and impersonate lets them act as others; grant them only to admins who need them")
                    .on(meta)
                    .with_path(&format!("rules[{index}].verbs[{position}]")),
            );
        }
    }
    let core = rule
        .api_groups
        .as_deref()
        .unwrap_or_default()
        .iter()
        .any(|g| g.is_empty() || g == "*");
    if !core {
        return;
    }
    for (position, resource) in rule.resources.iter().flatten().enumerate() {
        if matches!(
            resource.as_str(),
            "secrets" | "pods/exec" | "pods/attach" | "serviceaccounts/token"
        ) {
            diagnostics.push(
                Diagnostic::new(codes::SENSITIVE_ACCESS, Severity::Warning, format!("{} grants {} on {resource} to the kubeflow-{tier} tier", meta.display_name(), rule.verbs.join(", ")))
                    .with_help(format!(
                        "reading secrets, running commands in pods and minting service-account tokens reach past the tenant's models; Kubeflow's own edit tier grants some of them by design, so suppress this with the annotation kserve-rbac.dev/ignore: {} when intended",
                        codes::SENSITIVE_ACCESS
                    ))
                    .on(meta)
                    .with_path(&format!("rules[{index}].resources[{position}]")),
            );
        }
    }
}

fn check_rule_shapes(workspace: &Workspace, diagnostics: &mut Vec<Diagnostic>) {
    for (meta, index, rule) in role_rules(workspace) {
        let resources = rule.resources.as_deref().unwrap_or_default();
        let urls = rule.non_resource_urls.as_deref().unwrap_or_default();
        let groups = rule.api_groups.as_deref().unwrap_or_default();
        let mut problems: Vec<(&str, String)> = Vec::new();
        if rule.verbs.is_empty() {
            problems.push(("verbs", "verbs is empty".to_owned()));
        }
        if !resources.is_empty() && !urls.is_empty() {
            problems.push((
                "nonResourceURLs",
                "a rule has resources or nonResourceURLs, not both".to_owned(),
            ));
        }
        if resources.is_empty() && urls.is_empty() {
            problems.push((
                "resources",
                "a rule needs resources or nonResourceURLs".to_owned(),
            ));
        }
        if !resources.is_empty() && groups.is_empty() {
            problems.push((
                "apiGroups",
                "resources need apiGroups; use [\"\"] for the core group".to_owned(),
            ));
        }
        if meta.kind == "Role" && !urls.is_empty() {
            problems.push((
                "nonResourceURLs",
                "nonResourceURLs are allowed only in a ClusterRole".to_owned(),
            ));
        }
        for (field, problem) in problems {
            diagnostics.push(
                Diagnostic::new(codes::INVALID_RULE, Severity::Error, format!("{} rule {index} is invalid: {problem}", meta.display_name()))
                    .with_help("the API server rejects this rule, so the whole object fails to apply; fix the rule")
                    .on(meta)
                    .with_path(&format!("rules[{index}].{field}")),
            );
        }
    }
}
