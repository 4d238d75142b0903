//! Checks of the resources that rules name: unknown resources, kinds or singulars where the
//! plural belongs, resources under the wrong or the legacy API group, unknown subresources.

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::catalog::{KSERVE_GROUP, LEGACY_KSERVE_GROUP};
use crate::diagnostic::{Diagnostic, Severity};
use crate::object::{Object, ObjectRef};
use crate::workspace::Workspace;

use super::catalog::ResourceCatalog;
use super::closest;

/// Codes of the resource checks.
pub mod codes {
    /// A resource that no known API group serves under that name.
    pub const UNKNOWN_RESOURCE: &str = "rbac/unknown-resource";
    /// A kind (`InferenceService`) or singular (`inferenceservice`) where the plural belongs.
    pub const NOT_PLURAL: &str = "rbac/resource-not-plural";
    /// A resource listed under an API group that does not serve it.
    pub const WRONG_API_GROUP: &str = "rbac/wrong-api-group";
    /// KFServing's `serving.kubeflow.org`, which KServe replaced in v0.7.
    pub const LEGACY_API_GROUP: &str = "rbac/legacy-api-group";
    /// A subresource the resource does not have.
    pub const UNKNOWN_SUBRESOURCE: &str = "rbac/unknown-subresource";
}

/// Every rule of every Role and ClusterRole, with its object and position.
pub fn role_rules(workspace: &Workspace) -> impl Iterator<Item = (&ObjectRef, usize, &PolicyRule)> {
    workspace.objects().iter().flat_map(|loaded| {
        let rules = match &loaded.object {
            Object::ClusterRole(role) => role.rules.as_deref(),
            Object::Role(role) => role.rules.as_deref(),
            _ => None,
        };
        rules
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(move |(index, rule)| (&loaded.meta, index, rule))
    })
}

pub fn check(workspace: &Workspace, catalog: &ResourceCatalog, diagnostics: &mut Vec<Diagnostic>) {
    for (meta, index, rule) in role_rules(workspace) {
        let groups = rule.api_groups.as_deref().unwrap_or_default();
        for (position, group) in groups.iter().enumerate() {
            if group == LEGACY_KSERVE_GROUP {
                diagnostics.push(
                    Diagnostic::new(
                        codes::LEGACY_API_GROUP,
                        Severity::Warning,
                        format!("{} rule {index} names API group {LEGACY_KSERVE_GROUP}, which KServe replaced with {KSERVE_GROUP} in v0.7", meta.display_name()),
                    )
                    .with_help(format!("rules for {LEGACY_KSERVE_GROUP} grant nothing on KServe's resources; change the group to {KSERVE_GROUP}"))
                    .on(meta)
                    .with_path(&format!("rules[{index}].apiGroups[{position}]")),
                );
            }
        }
        let known: Vec<&str> = groups
            .iter()
            .map(String::as_str)
            .filter(|g| catalog.knows_group(g))
            .collect();
        if known.is_empty() || groups.iter().any(|g| g == "*") {
            continue;
        }
        for (position, entry) in rule.resources.iter().flatten().enumerate() {
            if let Some(diagnostic) = check_resource(catalog, &known, entry) {
                diagnostics.push(
                    diagnostic
                        .on(meta)
                        .with_path(&format!("rules[{index}].resources[{position}]")),
                );
            }
        }
    }
}

/// Resources that the RBAC authorizer checks but discovery does not list: the targets of
/// impersonation (`userextras/<key>` names one extra of the user) and the signers that
/// CertificateSigningRequests name.
const VIRTUAL_RESOURCES: [(&str, &str); 5] = [
    ("", "users"),
    ("", "groups"),
    ("authentication.k8s.io", "userextras"),
    ("authentication.k8s.io", "uids"),
    ("certificates.k8s.io", "signers"),
];

fn is_virtual(groups: &[&str], base: &str, subresource: Option<&str>) -> bool {
    let known = VIRTUAL_RESOURCES
        .iter()
        .any(|(group, plural)| *plural == base && groups.contains(group));
    known && (subresource.is_none() || base == "userextras")
}

fn check_resource(catalog: &ResourceCatalog, groups: &[&str], entry: &str) -> Option<Diagnostic> {
    if entry == "*" || entry.starts_with("*/") {
        return None;
    }
    let (base, subresource) = match entry.split_once('/') {
        Some((base, sub)) => (base, Some(sub)),
        None => (entry, None),
    };
    if is_virtual(groups, base, subresource) {
        return None;
    }
    if let Some(found) = groups.iter().find_map(|group| catalog.get(group, base)) {
        let subresource = subresource?;
        // `finalizers` is the pseudo-subresource that guards setting owner references with
        // blockOwnerDeletion, valid on every resource.
        if subresource == "*"
            || subresource == "finalizers"
            || found.subresources.iter().any(|s| s == subresource)
        {
            return None;
        }
        let known = if found.subresources.is_empty() {
            "none".to_owned()
        } else {
            found.subresources.join(", ")
        };
        return Some(
            Diagnostic::new(
                codes::UNKNOWN_SUBRESOURCE,
                Severity::Warning,
                format!("resource {entry:?}: {base} has no subresource {subresource:?}"),
            )
            .with_help(format!("the subresources of {base} are: {known}; a rule for an unknown subresource grants nothing")),
        );
    }
    let group = groups[0];
    let plural = groups.iter().flat_map(|g| catalog.in_group(g)).find(|r| {
        r.kind.eq_ignore_ascii_case(base)
            || r.plural.eq_ignore_ascii_case(base)
            || r.plural == format!("{base}s")
            || r.plural == format!("{base}es")
    });
    if let Some(plural) = plural {
        let wanted = match subresource {
            Some(sub) => format!("{}/{sub}", plural.plural),
            None => plural.plural.clone(),
        };
        return Some(
            Diagnostic::new(codes::NOT_PLURAL, Severity::Warning, format!("resource {entry:?} is not the resource name; use {wanted:?}"))
                .with_help("RBAC compares resource names exactly, and they are lowercase plurals, so this entry grants nothing"),
        );
    }
    let elsewhere = catalog.groups_with(base);
    if !elsewhere.is_empty() {
        let names: Vec<String> = elsewhere
            .iter()
            .map(|g| {
                if g.is_empty() {
                    "\"\" (core)".to_owned()
                } else {
                    (*g).to_owned()
                }
            })
            .collect();
        return Some(
            Diagnostic::new(
                codes::WRONG_API_GROUP,
                Severity::Warning,
                format!("resource {base:?} is not served by API group {}; it is in {}", display_group(group), names.join(", ")),
            )
            .with_help("a rule grants a resource only under the group that serves it; move the resource to a rule for that group"),
        );
    }
    let candidates = groups
        .iter()
        .flat_map(|g| catalog.in_group(g))
        .map(|r| r.plural.as_str());
    let hint = match closest(base, candidates) {
        Some(near) => format!("did you mean {near:?}? An unknown resource grants nothing"),
        None => format!(
            "API group {} has no resource of this name, so this entry grants nothing",
            display_group(group)
        ),
    };
    Some(
        Diagnostic::new(
            codes::UNKNOWN_RESOURCE,
            Severity::Warning,
            format!(
                "unknown resource {base:?} in API group {}",
                display_group(group)
            ),
        )
        .with_help(hint),
    )
}

fn display_group(group: &str) -> String {
    if group.is_empty() {
        "\"\" (core)".to_owned()
    } else {
        group.to_owned()
    }
}
