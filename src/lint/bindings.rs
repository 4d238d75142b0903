//! Checks of bindings: subjects the API server rejects or that match nobody, and cluster-scoped
//! resources granted through RoleBindings, which grant nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostic::{Diagnostic, Severity};
use crate::object::Object;
use crate::rbac::selector;
use crate::workspace::Workspace;

use super::catalog::ResourceCatalog;
use super::closest;
use super::resources::role_rules;

/// Codes of the binding checks.
pub mod codes {
    /// A ServiceAccount subject without namespace in a ClusterRoleBinding.
    pub const SERVICE_ACCOUNT_WITHOUT_NAMESPACE: &str = "rbac/service-account-without-namespace";
    /// A subject kind other than User, Group and ServiceAccount.
    pub const INVALID_SUBJECT_KIND: &str = "rbac/invalid-subject-kind";
    /// A subject apiGroup that does not fit its kind.
    pub const INVALID_SUBJECT_API_GROUP: &str = "rbac/invalid-subject-api-group";
    /// A cluster-scoped resource in a Role, or in a ClusterRole bound by RoleBindings.
    pub const CLUSTER_SCOPED_IN_NAMESPACE: &str = "rbac/cluster-scoped-resource-in-namespace";
}

/// Where a role names a cluster-scoped resource: rule index, resource index and the entry.
type ScopedEntries = Vec<(usize, usize, String)>;

const SUBJECT_KINDS: [&str; 3] = ["User", "Group", "ServiceAccount"];

pub fn check(workspace: &Workspace, catalog: &ResourceCatalog, diagnostics: &mut Vec<Diagnostic>) {
    check_subjects(workspace, diagnostics);
    check_cluster_scoped(workspace, catalog, diagnostics);
}

fn check_subjects(workspace: &Workspace, diagnostics: &mut Vec<Diagnostic>) {
    for loaded in workspace.objects().iter().filter(|o| !o.meta.implied) {
        let (subjects, cluster) = match &loaded.object {
            Object::ClusterRoleBinding(b) => (b.subjects.as_deref(), true),
            Object::RoleBinding(b) => (b.subjects.as_deref(), false),
            _ => continue,
        };
        let meta = &loaded.meta;
        for (index, subject) in subjects.unwrap_or_default().iter().enumerate() {
            let path = format!("subjects[{index}]");
            if !SUBJECT_KINDS.contains(&subject.kind.as_str()) {
                let hint = match closest(
                    &subject.kind.to_ascii_lowercase(),
                    ["user", "group", "serviceaccount"],
                ) {
                    Some("user") => "did you mean \"User\"? ".to_owned(),
                    Some("group") => "did you mean \"Group\"? ".to_owned(),
                    Some(_) => "did you mean \"ServiceAccount\"? ".to_owned(),
                    None => String::new(),
                };
                diagnostics.push(
                    Diagnostic::new(codes::INVALID_SUBJECT_KIND, Severity::Error, format!("{} subject {index} has kind {:?}", meta.display_name(), subject.kind))
                        .with_help(format!("{hint}kinds are User, Group and ServiceAccount, case-sensitive; the API server rejects others"))
                        .on(meta)
                        .with_path(&format!("{path}.kind")),
                );
                continue;
            }
            let api_group = subject.api_group.as_deref().unwrap_or_default();
            let group_ok = match subject.kind.as_str() {
                "ServiceAccount" => api_group.is_empty(),
                _ => api_group.is_empty() || api_group == "rbac.authorization.k8s.io",
            };
            if !group_ok {
                let expected = if subject.kind == "ServiceAccount" {
                    "\"\" (leave it out)"
                } else {
                    "rbac.authorization.k8s.io"
                };
                diagnostics.push(
                    Diagnostic::new(
                        codes::INVALID_SUBJECT_API_GROUP,
                        Severity::Error,
                        format!("{} subject {index} ({} {}) has apiGroup {api_group:?}", meta.display_name(), subject.kind, subject.name),
                    )
                    .with_help(format!("for kind {} the apiGroup is {expected}; the API server rejects the binding otherwise", subject.kind))
                    .on(meta)
                    .with_path(&format!("{path}.apiGroup")),
                );
            }
            let no_namespace = subject.namespace.as_deref().unwrap_or_default().is_empty();
            if cluster && subject.kind == "ServiceAccount" && no_namespace {
                diagnostics.push(
                    Diagnostic::new(
                        codes::SERVICE_ACCOUNT_WITHOUT_NAMESPACE,
                        Severity::Error,
                        format!("{} names ServiceAccount {:?} without a namespace", meta.display_name(), subject.name),
                    )
                    .with_help("in a ClusterRoleBinding a ServiceAccount subject without namespace matches no account; set subjects[].namespace")
                    .on(meta)
                    .with_path(&path),
                );
            }
        }
    }
}

fn check_cluster_scoped(
    workspace: &Workspace,
    catalog: &ResourceCatalog,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Cluster-scoped resources that each role's own rules name.
    let mut scoped: BTreeMap<(String, Option<String>, String), ScopedEntries> = BTreeMap::new();
    for (meta, index, rule) in role_rules(workspace) {
        for group in rule.api_groups.iter().flatten() {
            for (position, entry) in rule.resources.iter().flatten().enumerate() {
                let base = entry.split('/').next().unwrap_or_default();
                if reaches_own_namespace(group, entry, &rule.verbs) {
                    continue;
                }
                if catalog.get(group, base).is_some_and(|r| !r.namespaced) {
                    let key = (meta.kind.clone(), meta.namespace.clone(), meta.name.clone());
                    scoped
                        .entry(key)
                        .or_default()
                        .push((index, position, entry.clone()));
                }
            }
        }
    }
    if scoped.is_empty() {
        return;
    }
    let targets = aggregation_targets(workspace);
    for loaded in workspace.objects() {
        let meta = &loaded.meta;
        let key = (meta.kind.clone(), meta.namespace.clone(), meta.name.clone());
        let Some(found) = scoped.get(&key) else {
            continue;
        };
        let through = match &loaded.object {
            Object::Role(_) => "a Role".to_owned(),
            Object::ClusterRole(_) => {
                // Bindings of the role itself, and of the aggregating roles that take in its
                // rules.
                let aggregated_into = targets.get(meta.name.as_str());
                let bound_by: Vec<String> = workspace
                    .objects()
                    .iter()
                    .filter_map(|o| match &o.object {
                        Object::RoleBinding(b) if b.role_ref.kind == "ClusterRole" => {
                            let role = b.role_ref.name.as_str();
                            if role == meta.name {
                                Some(o.meta.display_name())
                            } else if aggregated_into.is_some_and(|t| t.contains(role)) {
                                Some(format!(
                                    "{} of aggregating ClusterRole {role}",
                                    o.meta.display_name()
                                ))
                            } else {
                                None
                            }
                        }
                        _ => None,
                    })
                    .collect();
                if bound_by.is_empty() {
                    continue;
                }
                let example = bound_by.first().cloned().unwrap_or_default();
                format!(
                    "{} RoleBinding{} (such as {example})",
                    bound_by.len(),
                    if bound_by.len() == 1 { "" } else { "s" }
                )
            }
            _ => continue,
        };
        for (index, position, entry) in found {
            diagnostics.push(
                Diagnostic::new(
                    codes::CLUSTER_SCOPED_IN_NAMESPACE,
                    Severity::Warning,
                    format!("{} grants cluster-scoped {entry} through {through}", meta.display_name()),
                )
                .with_help("a namespace grant never reaches a cluster-scoped resource; grant it with a ClusterRoleBinding, or remove it from this role")
                .on(meta)
                .with_path(&format!("rules[{index}].resources[{position}]")),
            );
        }
    }
}

/// Whether a namespace grant of `entry` reaches the binding's own Namespace object. The API
/// server files a request for one namespace (`/api/v1/namespaces/NAME`, and its `status` and
/// `finalize` subresources) under that namespace, so a RoleBinding there authorizes it for the
/// verbs that name an object. Listing, watching and creating namespaces stay cluster-wide.
fn reaches_own_namespace(group: &str, entry: &str, verbs: &[String]) -> bool {
    let named_verb = verbs
        .iter()
        .any(|v| matches!(v.as_str(), "get" | "update" | "patch" | "delete" | "*"));
    group.is_empty()
        && matches!(
            entry,
            "namespaces" | "namespaces/status" | "namespaces/finalize"
        )
        && named_verb
}

/// Maps each ClusterRole name to the aggregating ClusterRoles that take in its rules, directly
/// or through other aggregating roles. Selectors the API server rejects aggregate nothing, and
/// a ClusterRole defined twice counts in its last definition only.
fn aggregation_targets(workspace: &Workspace) -> HashMap<&str, BTreeSet<&str>> {
    let roles: Vec<_> = workspace
        .objects()
        .iter()
        .enumerate()
        .filter_map(|(index, o)| match &o.object {
            Object::ClusterRole(role)
                if workspace
                    .cluster_role(&o.meta.name)
                    .is_some_and(|entry| entry.object == index) =>
            {
                Some((o.meta.name.as_str(), role))
            }
            _ => None,
        })
        .collect();
    let mut direct: HashMap<&str, Vec<&str>> = HashMap::new();
    for (name, role) in &roles {
        let Some(rule) = &role.aggregation_rule else {
            continue;
        };
        let selectors = rule.cluster_role_selectors.as_deref().unwrap_or_default();
        if selectors.iter().any(|s| selector::validate(s).is_err()) {
            continue;
        }
        for (member, member_role) in &roles {
            let labels = member_role.metadata.labels.as_ref();
            if member != name && selectors.iter().any(|s| selector::matches(s, labels)) {
                direct.entry(member).or_default().push(name);
            }
        }
    }
    let mut targets: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for &member in direct.keys() {
        let mut reached = BTreeSet::new();
        let mut pending: Vec<&str> = direct[member].clone();
        while let Some(target) = pending.pop() {
            if target != member && reached.insert(target) {
                pending.extend(direct.get(target).into_iter().flatten().copied());
            }
        }
        targets.insert(member, reached);
    }
    targets
}
