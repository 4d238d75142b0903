//! Predicates that decide whether one PolicyRule covers one request, as the Kubernetes RBAC
//! authorizer defines them (kubernetes/kubernetes `pkg/apis/rbac/v1/evaluation_helpers.go`).

use k8s_openapi::api::rbac::v1::PolicyRule;

use super::request::{NonResourceAttributes, ResourceAttributes};

const ALL: &str = "*";

fn list(values: Option<&Vec<String>>) -> &[String] {
    values.map_or(&[], Vec::as_slice)
}

/// A verb matches when the rule lists it or `*`.
pub fn verb_matches(rule: &PolicyRule, verb: &str) -> bool {
    rule.verbs.iter().any(|v| v == ALL || v == verb)
}

/// An API group matches when the rule lists it or `*`; `""` is the core group.
pub fn api_group_matches(rule: &PolicyRule, group: &str) -> bool {
    list(rule.api_groups.as_ref())
        .iter()
        .any(|g| g == ALL || g == group)
}

/// A resource matches on `*`, on `resource/subresource` exactly, or, for a subresource request,
/// on `*/subresource`. `pods` does not cover `pods/status`, and `pods/*` is no wildcard.
pub fn resource_matches(rule: &PolicyRule, resource: &str, subresource: &str) -> bool {
    list(rule.resources.as_ref())
        .iter()
        .any(|r| resource_entry_matches(r, resource, subresource))
}

pub fn resource_entry_matches(entry: &str, resource: &str, subresource: &str) -> bool {
    if entry == ALL {
        return true;
    }
    if subresource.is_empty() {
        return entry == resource;
    }
    if let Some(rest) = entry.strip_prefix(resource) {
        if rest.strip_prefix('/') == Some(subresource) {
            return true;
        }
    }
    entry.strip_prefix("*/") == Some(subresource)
}

/// A name matches when the rule lists no names, or lists this one. A request without a name
/// (create, deletecollection, unfiltered list and watch) never matches a name-restricted rule.
pub fn resource_name_matches(rule: &PolicyRule, name: &str) -> bool {
    let names = list(rule.resource_names.as_ref());
    names.is_empty() || names.iter().any(|n| n == name)
}

/// A non-resource URL matches on `*`, exactly, or by raw string prefix when the rule's entry
/// ends with `*` (`/healthz*` matches `/healthzfoo`; `/apis/*` does not match `/apis`). Every
/// trailing `*` is trimmed before the prefix comparison, as Kubernetes does.
pub fn non_resource_url_matches(rule: &PolicyRule, path: &str) -> bool {
    list(rule.non_resource_urls.as_ref())
        .iter()
        .any(|url| url_entry_matches(url, path))
}

pub fn url_entry_matches(entry: &str, path: &str) -> bool {
    if entry == ALL || entry == path {
        return true;
    }
    entry.ends_with('*') && path.starts_with(entry.trim_end_matches('*'))
}

/// Whether `rule` allows a resource request.
pub fn rule_allows_resource(rule: &PolicyRule, request: &ResourceAttributes) -> bool {
    verb_matches(rule, &request.verb)
        && api_group_matches(rule, &request.group)
        && resource_matches(rule, &request.resource, &request.subresource)
        && resource_name_matches(rule, &request.name)
}

/// Whether `rule` allows a non-resource request.
pub fn rule_allows_non_resource(rule: &PolicyRule, request: &NonResourceAttributes) -> bool {
    verb_matches(rule, &request.verb) && non_resource_url_matches(rule, &request.path)
}

/// Compares two rules the way the aggregation controller does: an absent list equals an
/// empty one.
pub fn rules_equal(a: &PolicyRule, b: &PolicyRule) -> bool {
    a.verbs == b.verbs
        && list(a.api_groups.as_ref()) == list(b.api_groups.as_ref())
        && list(a.resources.as_ref()) == list(b.resources.as_ref())
        && list(a.resource_names.as_ref()) == list(b.resource_names.as_ref())
        && list(a.non_resource_urls.as_ref()) == list(b.non_resource_urls.as_ref())
}
