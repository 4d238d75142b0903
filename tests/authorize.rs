//! RBAC decisions as the Kubernetes authorizer makes them: rule matching, which bindings apply
//! to whom, ClusterRole aggregation, reason strings, impersonation and SubjectAccessReviews.
//!
//! Roles and bindings are written with the shorthand of the Kubernetes authorizer tests:
//! `rule("verbs", "groups", "resources", "urls")` and subjects such as `"User:alice"`.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use k8s_openapi::api::authorization::v1::SubjectAccessReview;
use k8s_openapi::api::rbac::v1::{
    AggregationRule, ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef,
    Subject,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, LabelSelectorRequirement, ObjectMeta,
};
use kserve_rbac::diagnostic::codes;
use kserve_rbac::load::split_documents;
use kserve_rbac::rbac::aggregation::aggregate;
use kserve_rbac::{
    Attributes, NonResourceAttributes, ResourceAttributes, Severity, SourceFile, UserInfo,
    Workspace,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Builders

/// Splits on commas like the Kubernetes tests' `newRule`, so `""` is the list `[""]`: the core
/// group for apiGroups, and an entry that matches no real resource or URL elsewhere.
fn split(text: &str) -> Vec<String> {
    text.split(',').map(str::to_owned).collect()
}

/// Builds a rule from comma-separated verbs, API groups, resources and non-resource URLs.
fn rule(verbs: &str, groups: &str, resources: &str, urls: &str) -> PolicyRule {
    PolicyRule {
        verbs: split(verbs),
        api_groups: Some(split(groups)),
        resources: Some(split(resources)),
        non_resource_urls: Some(split(urls)),
        resource_names: None,
    }
}

/// Builds a rule limited to the given resourceNames.
fn named_rule(verbs: &str, groups: &str, resources: &str, names: &str) -> PolicyRule {
    PolicyRule {
        resource_names: Some(split(names)),
        ..rule(verbs, groups, resources, "")
    }
}

fn meta(name: &str, namespace: Option<&str>, labels: &[(&str, &str)]) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: namespace.map(str::to_owned),
        labels: (!labels.is_empty()).then(|| {
            labels
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        }),
        ..ObjectMeta::default()
    }
}

fn yaml<T: serde::Serialize>(object: &T) -> String {
    serde_yaml::to_string(object).expect("k8s-openapi objects serialize")
}

fn cluster_role(name: &str, rules: Vec<PolicyRule>) -> String {
    yaml(&ClusterRole {
        metadata: meta(name, None, &[]),
        rules: Some(rules),
        aggregation_rule: None,
    })
}

fn labelled_cluster_role(name: &str, labels: &[(&str, &str)], rules: Vec<PolicyRule>) -> String {
    yaml(&ClusterRole {
        metadata: meta(name, None, labels),
        rules: Some(rules),
        aggregation_rule: None,
    })
}

/// Builds a ClusterRole with an aggregationRule made of `selectors`, and its own rules.
fn aggregating_role(
    name: &str,
    labels: &[(&str, &str)],
    selectors: Vec<LabelSelector>,
    own_rules: Vec<PolicyRule>,
) -> String {
    yaml(&ClusterRole {
        metadata: meta(name, None, labels),
        rules: Some(own_rules),
        aggregation_rule: Some(AggregationRule {
            cluster_role_selectors: Some(selectors),
        }),
    })
}

fn match_labels(pairs: &[(&str, &str)]) -> LabelSelector {
    LabelSelector {
        match_labels: Some(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        ),
        match_expressions: None,
    }
}

fn match_expression(key: &str, operator: &str, values: &[&str]) -> LabelSelector {
    LabelSelector {
        match_labels: None,
        match_expressions: Some(vec![LabelSelectorRequirement {
            key: key.to_owned(),
            operator: operator.to_owned(),
            values: (!values.is_empty()).then(|| values.iter().map(|v| (*v).to_owned()).collect()),
        }]),
    }
}

fn role(namespace: &str, name: &str, rules: Vec<PolicyRule>) -> String {
    yaml(&Role {
        metadata: meta(name, Some(namespace), &[]),
        rules: Some(rules),
    })
}

/// Parses a subject written `Kind:name`, or `ServiceAccount:namespace:name` where an empty
/// namespace leaves the field out.
fn subject(text: &str) -> Subject {
    let (kind, rest) = text
        .split_once(':')
        .expect("subjects are written Kind:name");
    match kind {
        "ServiceAccount" => {
            let (namespace, name) = rest
                .split_once(':')
                .expect("service accounts are written ServiceAccount:namespace:name");
            Subject {
                kind: kind.to_owned(),
                name: name.to_owned(),
                namespace: (!namespace.is_empty()).then(|| namespace.to_owned()),
                api_group: None,
            }
        }
        _ => Subject {
            kind: kind.to_owned(),
            name: rest.to_owned(),
            namespace: None,
            api_group: Some("rbac.authorization.k8s.io".to_owned()),
        },
    }
}

/// Parses a roleRef written `Kind:name`.
fn role_ref(text: &str) -> RoleRef {
    let (kind, name) = text
        .split_once(':')
        .expect("roleRefs are written Kind:name");
    RoleRef {
        api_group: Some("rbac.authorization.k8s.io".to_owned()),
        kind: kind.to_owned(),
        name: name.to_owned(),
    }
}

fn cluster_role_binding(name: &str, cluster_role: &str, subjects: &[&str]) -> String {
    yaml(&ClusterRoleBinding {
        metadata: meta(name, None, &[]),
        role_ref: role_ref(&format!("ClusterRole:{cluster_role}")),
        subjects: Some(subjects.iter().map(|s| subject(s)).collect()),
    })
}

fn role_binding(namespace: &str, name: &str, role: &str, subjects: &[&str]) -> String {
    yaml(&RoleBinding {
        metadata: meta(name, Some(namespace), &[]),
        role_ref: role_ref(role),
        subjects: Some(subjects.iter().map(|s| subject(s)).collect()),
    })
}

fn workspace(documents: &[String]) -> Workspace {
    let text = documents
        .iter()
        .map(|document| format!("---\n{document}"))
        .collect::<String>();
    let workspace = Workspace::new(&[SourceFile::new("rbac.yaml", text)]);
    let load_errors: Vec<_> = workspace
        .diagnostics()
        .iter()
        .filter(|d| d.code.starts_with("load/") && d.severity == Severity::Error)
        .collect();
    assert!(
        load_errors.is_empty(),
        "test manifests fail to load: {load_errors:#?}"
    );
    workspace
}

/// Builds a resource request. `resource` may carry a subresource, as in `pods/status`.
fn request(verb: &str, group: &str, resource: &str, namespace: &str, name: &str) -> Attributes {
    let (resource, subresource) = resource.split_once('/').unwrap_or((resource, ""));
    Attributes::Resource(ResourceAttributes {
        namespace: namespace.to_owned(),
        verb: verb.to_owned(),
        group: group.to_owned(),
        resource: resource.to_owned(),
        subresource: subresource.to_owned(),
        name: name.to_owned(),
    })
}

fn url(verb: &str, path: &str) -> Attributes {
    Attributes::NonResource(NonResourceAttributes {
        verb: verb.to_owned(),
        path: path.to_owned(),
    })
}

/// Builds a user with exactly these groups, as a SubjectAccessReview carries them.
fn user(name: &str, groups: &[&str]) -> UserInfo {
    UserInfo {
        name: name.to_owned(),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    }
}

/// Checks every `(user, request, allowed)` row and lists all rows that decide otherwise.
fn assert_decisions(workspace: &Workspace, rows: &[(UserInfo, Attributes, bool)]) {
    let mut wrong = Vec::new();
    for (user, request, expected) in rows {
        let decision = workspace.authorize(user, request);
        if decision.allowed != *expected {
            wrong.push(format!(
                "{} {:?} -> {} {}, expected {}",
                user.name, request, decision.allowed, decision.reason, expected
            ));
        }
        assert_eq!(
            workspace.allows(user, request),
            decision.allowed,
            "allows and authorize disagree on {request:?}"
        );
        assert_eq!(decision.trace.is_some(), decision.allowed);
    }
    assert!(wrong.is_empty(), "wrong decisions:\n{}", wrong.join("\n"));
}

/// Decides `request` for alice, who holds `rule` through a ClusterRoleBinding.
fn rule_allows(rule: &PolicyRule, request: &Attributes) -> bool {
    let workspace = workspace(&[
        cluster_role("r", vec![rule.clone()]),
        cluster_role_binding("b", "r", &["User:alice"]),
    ]);
    workspace.allows(&user("alice", &[]), request)
}

/// Checks a table of `(rule, request, allowed)` rows and lists all rows that decide otherwise.
fn assert_rule_table(rows: &[(PolicyRule, Attributes, bool)]) {
    let wrong: Vec<String> = rows
        .iter()
        .filter(|(rule, request, expected)| rule_allows(rule, request) != *expected)
        .map(|(rule, request, expected)| format!("{rule:?} on {request:?}: expected {expected}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "wrong rule matches:\n{}",
        wrong.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Matching one rule

#[test]
#[rustfmt::skip]
fn rule_matches_verbs_groups_resources() {
    assert_rule_table(&[
        (rule("get", "", "pods", ""), request("get", "", "pods", "ns1", ""), true),
        (rule("get,list", "", "pods", ""), request("list", "", "pods", "ns1", ""), true),
        (rule("get", "", "pods", ""), request("list", "", "pods", "ns1", ""), false),
        (rule("get", "apps", "deployments", ""), request("get", "apps", "deployments", "ns1", ""), true),
        (rule("get", "", "deployments", ""), request("get", "apps", "deployments", "ns1", ""), false),
        (rule("get", "apps", "pods", ""), request("get", "", "pods", "ns1", ""), false),
        (rule("get", "", "pods,services", ""), request("get", "", "services", "ns1", ""), true),
        (rule("get", "", "pods", ""), request("get", "", "secrets", "ns1", ""), false),
        (rule("get", "", "pods", ""), request("get", "", "pods", "", ""), true),
    ]);
}

#[test]
#[rustfmt::skip]
fn rule_wildcards_match_everything() {
    assert_rule_table(&[
        (rule("*", "", "pods", ""), request("escalate", "", "pods", "ns1", ""), true),
        (rule("get", "*", "pods", ""), request("get", "metrics.k8s.io", "pods", "ns1", ""), true),
        (rule("get", "apps", "*", ""), request("get", "apps", "statefulsets", "ns1", ""), true),
        (rule("*", "*", "*", ""), request("delete", "serving.kserve.io", "inferenceservices", "x", "m"), true),
        (rule("*", "*", "*", ""), request("update", "", "pods/status", "ns1", "p"), true),
    ]);
}

#[test]
#[rustfmt::skip]
fn rule_matching_is_case_sensitive() {
    assert_rule_table(&[
        (rule("Get", "", "pods", ""), request("get", "", "pods", "ns1", ""), false),
        (rule("get", "", "Pods", ""), request("get", "", "pods", "ns1", ""), false),
        (rule("get", "Apps", "deployments", ""), request("get", "apps", "deployments", "ns1", ""), false),
        (rule("get", "", "pod", ""), request("get", "", "pods", "ns1", ""), false),
    ]);
}

#[test]
#[rustfmt::skip]
fn resource_does_not_cover_subresource() {
    assert_rule_table(&[
        (rule("get", "", "pods", ""), request("get", "", "pods/status", "ns1", "p"), false),
        (rule("get", "", "pods/status", ""), request("get", "", "pods/status", "ns1", "p"), true),
        (rule("get", "", "pods/status", ""), request("get", "", "pods", "ns1", "p"), false),
        (rule("get", "", "pods/log", ""), request("get", "", "pods/status", "ns1", "p"), false),
        (rule("create", "", "pods/exec", ""), request("create", "", "pods/exec", "ns1", "p"), true),
    ]);
}

#[test]
#[rustfmt::skip]
fn star_slash_matches_any_resource() {
    assert_rule_table(&[
        (rule("get", "*", "*/status", ""), request("get", "", "pods/status", "ns1", ""), true),
        (rule("get", "*", "*/status", ""), request("get", "apps", "deployments/status", "ns1", ""), true),
        (rule("get", "*", "*/status", ""), request("get", "", "pods", "ns1", ""), false),
        (rule("get", "*", "*/status", ""), request("get", "", "pods/log", "ns1", ""), false),
        (rule("get", "*", "*/status", ""), request("get", "", "status", "ns1", ""), false),
    ]);
}

#[test]
#[rustfmt::skip]
fn pods_slash_star_not_wildcard() {
    assert_rule_table(&[
        (rule("get", "", "pods/*", ""), request("get", "", "pods/status", "ns1", ""), false),
        (rule("get", "", "pods/*", ""), request("get", "", "pods/log", "ns1", ""), false),
        (rule("get", "", "pods/*", ""), request("get", "", "pods", "ns1", ""), false),
    ]);
}

#[test]
#[rustfmt::skip]
fn resource_names_restrict_requests() {
    assert_rule_table(&[
        (named_rule("get", "", "configmaps", "a"), request("get", "", "configmaps", "ns1", "a"), true),
        (named_rule("get", "", "configmaps", "a,b"), request("get", "", "configmaps", "ns1", "b"), true),
        (named_rule("get", "", "configmaps", "a"), request("get", "", "configmaps", "ns1", "c"), false),
        (named_rule("list", "", "configmaps", "a"), request("list", "", "configmaps", "ns1", ""), false),
        (named_rule("list", "", "configmaps", "a"), request("list", "", "configmaps", "ns1", "a"), true),
        (rule("get", "", "configmaps", ""), request("get", "", "configmaps", "ns1", "anything"), true),
    ]);
}

#[test]
#[rustfmt::skip]
fn create_never_matches_named_rule() {
    assert_rule_table(&[
        (named_rule("create", "", "configmaps", "a"), request("create", "", "configmaps", "ns1", ""), false),
        (named_rule("deletecollection", "", "configmaps", "a"), request("deletecollection", "", "configmaps", "ns1", ""), false),
        (named_rule("watch", "", "configmaps", "a"), request("watch", "", "configmaps", "ns1", ""), false),
        (rule("create", "", "configmaps", ""), request("create", "", "configmaps", "ns1", ""), true),
    ]);
}

#[test]
#[rustfmt::skip]
fn non_resource_urls_match() {
    let healthz = rule("get", "", "", "/healthz");
    assert_rule_table(&[
        (healthz.clone(), url("get", "/healthz"), true),
        (healthz.clone(), url("get", "/healthz/ready"), false),
        (healthz.clone(), url("post", "/healthz"), false),
        (healthz, url("get", "/Healthz"), false),
        (rule("get", "", "", "*"), url("get", "/anything/at/all"), true),
        (rule("*", "", "", "/metrics"), url("post", "/metrics"), true),
        (rule("get", "", "", "/version,/healthz"), url("get", "/version"), true),
    ]);
}

#[test]
#[rustfmt::skip]
fn url_star_is_raw_prefix() {
    assert_rule_table(&[
        (rule("get", "", "", "/healthz*"), url("get", "/healthzfoo"), true),
        (rule("get", "", "", "/healthz*"), url("get", "/healthz"), true),
        (rule("get", "", "", "/healthz*"), url("get", "/healthz/ready"), true),
        (rule("get", "", "", "/apis/*"), url("get", "/apis"), false),
        (rule("get", "", "", "/apis/*"), url("get", "/apis/apps/v1"), true),
        (rule("get", "", "", "/apis*"), url("get", "/apis"), true),
        (rule("get", "", "", "/api/*"), url("get", "/apis/x"), false),
        // Kubernetes trims every trailing `*` before the prefix comparison.
        (rule("get", "", "", "/logs**"), url("get", "/logs/kube.log"), true),
    ]);
}

#[test]
#[rustfmt::skip]
fn resource_and_url_rules_disjoint() {
    assert_rule_table(&[
        (rule("get", "*", "*", ""), url("get", "/healthz"), false),
        (rule("get", "", "", "*"), request("get", "", "pods", "ns1", ""), false),
        (rule("get", "", "", "/api/v1/pods"), request("get", "", "pods", "", ""), false),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Which bindings apply

#[test]
#[rustfmt::skip]
fn role_binding_limited_to_namespace() {
    let ws = workspace(&[
        role(
            "ns1",
            "pod-reader",
            vec![rule("get", "", "pods", ""), rule("get", "", "", "/healthz")],
        ),
        role_binding("ns1", "read-pods", "Role:pod-reader", &["User:alice"]),
    ]);
    let alice = user("alice", &[]);
    assert_decisions(
        &ws,
        &[
            (alice.clone(), request("get", "", "pods", "ns1", ""), true),
            (alice.clone(), request("get", "", "pods", "ns2", ""), false),
            (alice.clone(), request("get", "", "pods", "", ""), false),
            (alice.clone(), url("get", "/healthz"), false),
            (user("bob", &[]), request("get", "", "pods", "ns1", ""), false),
        ],
    );
}

#[test]
#[rustfmt::skip]
fn cluster_binding_applies_everywhere() {
    let ws = workspace(&[
        cluster_role(
            "reader",
            vec![rule("get", "", "pods", ""), rule("get", "", "", "/healthz")],
        ),
        cluster_role_binding("read-all", "reader", &["User:alice"]),
    ]);
    let alice = user("alice", &[]);
    assert_decisions(
        &ws,
        &[
            (alice.clone(), request("get", "", "pods", "ns1", ""), true),
            (alice.clone(), request("get", "", "pods", "ns2", ""), true),
            (alice.clone(), request("get", "", "pods", "", ""), true),
            (alice, url("get", "/healthz"), true),
            (user("bob", &[]), url("get", "/healthz"), false),
        ],
    );
}

#[test]
#[rustfmt::skip]
fn role_binding_to_cluster_role_scoped() {
    let ws = workspace(&[
        cluster_role(
            "edit",
            vec![
                rule("create", "", "configmaps", ""),
                rule("get", "", "", "/healthz"),
            ],
        ),
        role_binding("ns1", "edit-ns1", "ClusterRole:edit", &["User:alice"]),
    ]);
    let alice = user("alice", &[]);
    assert_decisions(
        &ws,
        &[
            (alice.clone(), request("create", "", "configmaps", "ns1", ""), true),
            (alice.clone(), request("create", "", "configmaps", "ns2", ""), false),
            (alice.clone(), request("create", "", "configmaps", "", ""), false),
            (alice, url("get", "/healthz"), false),
        ],
    );
}

#[test]
fn role_binding_cannot_use_other_namespace_role() {
    let ws = workspace(&[
        role("ns2", "pod-reader", vec![rule("get", "", "pods", "")]),
        role_binding("ns1", "read-pods", "Role:pod-reader", &["User:alice"]),
    ]);
    let decision = ws.authorize(&user("alice", &[]), &request("get", "", "pods", "ns1", ""));
    assert!(!decision.allowed);
    assert_eq!(
        decision.evaluation_errors,
        vec![r#"role.rbac.authorization.k8s.io "pod-reader" not found"#.to_owned()]
    );
}

#[test]
#[rustfmt::skip]
fn service_account_defaults_to_binding_namespace() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        role_binding(
            "ns1",
            "implicit",
            "ClusterRole:reader",
            &["ServiceAccount::runner"],
        ),
        role_binding(
            "ns1",
            "explicit",
            "ClusterRole:reader",
            &["ServiceAccount:ns2:builder"],
        ),
    ]);
    assert_decisions(
        &ws,
        &[
            (user("system:serviceaccount:ns1:runner", &[]), request("get", "", "pods", "ns1", ""), true),
            (user("system:serviceaccount:ns2:runner", &[]), request("get", "", "pods", "ns1", ""), false),
            (user("system:serviceaccount:ns2:builder", &[]), request("get", "", "pods", "ns1", ""), true),
            (user("system:serviceaccount:ns1:builder", &[]), request("get", "", "pods", "ns1", ""), false),
            (user("system:serviceaccount:ns1:runner", &[]), request("get", "", "pods", "ns2", ""), false),
            (user("runner", &[]), request("get", "", "pods", "ns1", ""), false),
        ],
    );
}

#[test]
#[rustfmt::skip]
fn service_account_in_cluster_binding() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        cluster_role_binding("no-namespace", "reader", &["ServiceAccount::runner"]),
        cluster_role_binding("with-namespace", "reader", &["ServiceAccount:ns2:builder"]),
    ]);
    assert_decisions(
        &ws,
        &[
            (user("system:serviceaccount:ns1:runner", &[]), request("get", "", "pods", "ns1", ""), false),
            (user("system:serviceaccount:default:runner", &[]), request("get", "", "pods", "default", ""), false),
            (user("system:serviceaccount:ns2:builder", &[]), request("get", "", "pods", "ns9", ""), true),
            (user("system:serviceaccount:ns2:builder", &[]), request("get", "", "pods", "", ""), true),
        ],
    );
}

#[test]
#[rustfmt::skip]
fn groups_match_membership() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        cluster_role_binding("devs", "reader", &["Group:developers"]),
        role_binding(
            "ns1",
            "ops",
            "ClusterRole:reader",
            &["User:nobody", "Group:ops"],
        ),
    ]);
    assert_decisions(
        &ws,
        &[
            (user("alice", &["developers"]), request("get", "", "pods", "ns1", ""), true),
            (user("alice", &["ops"]), request("get", "", "pods", "ns1", ""), true),
            (user("alice", &["ops"]), request("get", "", "pods", "ns2", ""), false),
            (user("alice", &["Developers"]), request("get", "", "pods", "ns1", ""), false),
            (user("developers", &[]), request("get", "", "pods", "ns1", ""), false),
        ],
    );
}

#[test]
#[rustfmt::skip]
fn star_user_is_not_wildcard() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        cluster_role_binding("star-user", "reader", &["User:*"]),
        cluster_role_binding("star-group", "reader", &["Group:*"]),
    ]);
    assert_decisions(
        &ws,
        &[
            (user("alice", &["system:authenticated"]), request("get", "", "pods", "ns1", ""), false),
            (user("*", &[]), request("get", "", "pods", "ns1", ""), true),
            (user("bob", &["*"]), request("get", "", "pods", "ns1", ""), true),
        ],
    );
}

#[test]
fn unknown_subject_kind_matches_nothing() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        cluster_role_binding("odd", "reader", &["user:alice", "SystemUser:alice"]),
    ]);
    assert!(!ws.allows(&user("alice", &[]), &request("get", "", "pods", "ns1", "")));
}

#[test]
fn missing_cluster_role_reports_error() {
    let ws = workspace(&[cluster_role_binding("dangling", "x", &["User:alice"])]);
    let decision = ws.authorize(&user("alice", &[]), &request("get", "", "pods", "ns1", ""));
    assert!(!decision.allowed);
    assert_eq!(
        decision.evaluation_errors,
        vec![r#"clusterrole.rbac.authorization.k8s.io "x" not found"#.to_owned()]
    );
    assert_eq!(
        decision.reason,
        r#"RBAC: clusterrole.rbac.authorization.k8s.io "x" not found"#
    );
    let missing: Vec<_> = ws
        .diagnostics()
        .iter()
        .filter(|d| d.code == codes::MISSING_ROLE)
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].severity, Severity::Error);
}

#[test]
fn missing_role_only_for_applying_bindings() {
    let ws = workspace(&[cluster_role_binding("dangling", "x", &["User:alice"])]);
    let decision = ws.authorize(&user("bob", &[]), &request("get", "", "pods", "ns1", ""));
    assert!(decision.evaluation_errors.is_empty());
    assert_eq!(decision.reason, "");
}

#[test]
#[rustfmt::skip]
fn missing_role_does_not_block() {
    let ws = workspace(&[
        cluster_role_binding("a-dangling", "x", &["User:alice"]),
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        cluster_role_binding("b-works", "reader", &["User:alice"]),
        role_binding("ns1", "c-dangling", "Role:y", &["User:alice"]),
        role_binding("ns1", "d-works", "ClusterRole:reader", &["User:bob"]),
    ]);
    assert_decisions(
        &ws,
        &[
            (user("alice", &[]), request("get", "", "pods", "ns1", ""), true),
            (user("bob", &[]), request("get", "", "pods", "ns1", ""), true),
        ],
    );
}

#[test]
fn missing_roles_join_in_reason() {
    let ws = workspace(&[
        cluster_role_binding("dangling", "x", &["User:alice"]),
        role_binding("ns1", "dangling", "Role:y", &["User:alice"]),
    ]);
    let decision = ws.authorize(&user("alice", &[]), &request("get", "", "pods", "ns1", ""));
    assert!(!decision.allowed);
    assert_eq!(
        decision.reason,
        r#"RBAC: [clusterrole.rbac.authorization.k8s.io "x" not found, role.rbac.authorization.k8s.io "y" not found]"#
    );
}

#[test]
fn repeated_errors_shown_once() {
    let ws = workspace(&[
        cluster_role_binding("first", "x", &["User:alice"]),
        cluster_role_binding("second", "x", &["Group:devs"]),
    ]);
    let decision = ws.authorize(
        &user("alice", &["devs"]),
        &request("get", "", "pods", "ns1", ""),
    );
    assert_eq!(decision.evaluation_errors.len(), 2);
    assert_eq!(
        decision.reason,
        r#"RBAC: clusterrole.rbac.authorization.k8s.io "x" not found"#
    );
}

// ---------------------------------------------------------------------------------------------
// Aggregation

fn resource_rule(resource: &str) -> PolicyRule {
    rule("get", "example.com", resource, "")
}

fn effective_rules(ws: &Workspace, name: &str) -> Vec<PolicyRule> {
    let role = ws
        .cluster_role(name)
        .unwrap_or_else(|| panic!("ClusterRole {name} is loaded"));
    role.rules
        .iter()
        .map(|sourced| sourced.rule.clone())
        .collect()
}

const AGGREGATE: (&str, &str) = ("example.com/aggregate", "true");

#[test]
fn aggregation_match_labels() {
    let ws = workspace(&[
        aggregating_role("combined", &[], vec![match_labels(&[AGGREGATE])], vec![]),
        labelled_cluster_role("member", &[AGGREGATE], vec![resource_rule("widgets")]),
        labelled_cluster_role(
            "wrong-value",
            &[("example.com/aggregate", "false")],
            vec![resource_rule("gadgets")],
        ),
        cluster_role("unlabelled", vec![resource_rule("gizmos")]),
    ]);
    assert_eq!(
        effective_rules(&ws, "combined"),
        vec![resource_rule("widgets")]
    );
    assert!(ws.cluster_role("combined").unwrap().aggregating);
}

#[test]
fn aggregation_match_labels_need_all() {
    let both = [("a", "true"), ("b", "true")];
    let ws = workspace(&[
        aggregating_role("combined", &[], vec![match_labels(&both)], vec![]),
        labelled_cluster_role("has-both", &both, vec![resource_rule("widgets")]),
        labelled_cluster_role("has-a", &[("a", "true")], vec![resource_rule("gadgets")]),
    ]);
    assert_eq!(
        effective_rules(&ws, "combined"),
        vec![resource_rule("widgets")]
    );
}

/// Members with `tier=edit`, `tier=view` and no tier label, each with its own rule.
fn tiered_members() -> Vec<String> {
    vec![
        labelled_cluster_role(
            "tier-edit",
            &[("tier", "edit")],
            vec![resource_rule("edits")],
        ),
        labelled_cluster_role(
            "tier-view",
            &[("tier", "view")],
            vec![resource_rule("views")],
        ),
        cluster_role("no-tier", vec![resource_rule("untiered")]),
    ]
}

fn aggregate_with(selector: LabelSelector) -> Vec<PolicyRule> {
    let mut documents = tiered_members();
    documents.push(aggregating_role("combined", &[], vec![selector], vec![]));
    effective_rules(&workspace(&documents), "combined")
}

#[test]
fn aggregation_operator_in() {
    assert_eq!(
        aggregate_with(match_expression("tier", "In", &["edit"])),
        vec![resource_rule("edits")]
    );
    assert_eq!(
        aggregate_with(match_expression("tier", "In", &["edit", "view"])),
        vec![resource_rule("edits"), resource_rule("views")]
    );
}

#[test]
fn aggregation_operator_not_in() {
    // NotIn matches a role without the key; "no-tier" sorts first.
    assert_eq!(
        aggregate_with(match_expression("tier", "NotIn", &["edit"])),
        vec![resource_rule("untiered"), resource_rule("views")]
    );
}

#[test]
fn aggregation_operator_exists() {
    assert_eq!(
        aggregate_with(match_expression("tier", "Exists", &[])),
        vec![resource_rule("edits"), resource_rule("views")]
    );
}

#[test]
fn aggregation_operator_does_not_exist() {
    assert_eq!(
        aggregate_with(match_expression("tier", "DoesNotExist", &[])),
        vec![resource_rule("untiered")]
    );
}

#[test]
fn aggregation_labels_and_expressions_combined() {
    let selector = LabelSelector {
        match_labels: Some([("tier".to_owned(), "edit".to_owned())].into()),
        ..match_expression("tier", "Exists", &[])
    };
    assert_eq!(aggregate_with(selector), vec![resource_rule("edits")]);
}

#[test]
fn aggregation_empty_selector_selects_all() {
    assert_eq!(
        aggregate_with(LabelSelector::default()),
        vec![
            resource_rule("untiered"),
            resource_rule("edits"),
            resource_rule("views")
        ]
    );
}

#[test]
fn aggregation_invalid_selector_keeps_rules() {
    let mut documents = tiered_members();
    documents.push(aggregating_role(
        "combined",
        &[],
        vec![
            match_labels(&[("tier", "edit")]),
            match_expression("tier", "In", &[]),
        ],
        vec![resource_rule("own")],
    ));
    let ws = workspace(&documents);
    assert_eq!(effective_rules(&ws, "combined"), vec![resource_rule("own")]);
    let invalid: Vec<_> = ws
        .diagnostics()
        .iter()
        .filter(|d| d.code == codes::INVALID_SELECTOR)
        .collect();
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0].object.as_ref().unwrap().name, "combined");
}

#[test]
fn aggregation_invalid_label_rejected() {
    for selector in [
        match_labels(&[("bad key!", "true")]),
        match_labels(&[("tier", "not a value!")]),
        match_expression("Upper.Example/tier", "Exists", &[]),
    ] {
        let mut documents = tiered_members();
        documents.push(aggregating_role(
            "combined",
            &[],
            vec![selector.clone()],
            vec![resource_rule("own")],
        ));
        let ws = workspace(&documents);
        assert_eq!(
            effective_rules(&ws, "combined"),
            vec![resource_rule("own")],
            "{selector:?}"
        );
        assert!(
            ws.diagnostics()
                .iter()
                .any(|d| d.code == codes::INVALID_SELECTOR),
            "{selector:?}"
        );
    }
}

#[test]
fn aggregation_selectors_are_ored() {
    let ws = workspace(&[
        aggregating_role(
            "combined",
            &[],
            vec![
                match_labels(&[("x", "true")]),
                match_labels(&[("y", "true")]),
            ],
            vec![],
        ),
        labelled_cluster_role("a-y", &[("y", "true")], vec![resource_rule("from-y")]),
        labelled_cluster_role("z-x", &[("x", "true")], vec![resource_rule("from-x")]),
        labelled_cluster_role(
            "both",
            &[("x", "true"), ("y", "true")],
            vec![resource_rule("from-both")],
        ),
    ]);
    // Per selector in order, members sorted by name; "both" matches twice but adds once.
    assert_eq!(
        effective_rules(&ws, "combined"),
        vec![
            resource_rule("from-both"),
            resource_rule("from-x"),
            resource_rule("from-y")
        ]
    );
}

#[test]
fn aggregation_sorts_by_name_and_dedupes() {
    let ws = workspace(&[
        labelled_cluster_role(
            "b-role",
            &[AGGREGATE],
            vec![resource_rule("r1"), resource_rule("r2")],
        ),
        aggregating_role("combined", &[], vec![match_labels(&[AGGREGATE])], vec![]),
        labelled_cluster_role(
            "a-role",
            &[AGGREGATE],
            vec![resource_rule("r2"), resource_rule("r3")],
        ),
    ]);
    assert_eq!(
        effective_rules(&ws, "combined"),
        vec![
            resource_rule("r2"),
            resource_rule("r3"),
            resource_rule("r1")
        ]
    );
}

#[test]
fn aggregation_absent_list_equals_empty() {
    let mut with_empty_names = resource_rule("r1");
    with_empty_names.resource_names = Some(Vec::new());
    let mut without_names = resource_rule("r1");
    without_names.resource_names = None;
    let ws = workspace(&[
        aggregating_role("combined", &[], vec![match_labels(&[AGGREGATE])], vec![]),
        labelled_cluster_role("a-role", &[AGGREGATE], vec![with_empty_names]),
        labelled_cluster_role("b-role", &[AGGREGATE], vec![without_names]),
    ]);
    assert_eq!(effective_rules(&ws, "combined").len(), 1);
}

/// view -> edit -> admin, written admin first so that one pass cannot settle it.
fn chain() -> Vec<String> {
    vec![
        aggregating_role(
            "admin",
            &[],
            vec![match_labels(&[("to-admin", "true")])],
            vec![],
        ),
        aggregating_role(
            "edit",
            &[("to-admin", "true")],
            vec![match_labels(&[("to-edit", "true")])],
            vec![],
        ),
        aggregating_role(
            "view",
            &[("to-edit", "true")],
            vec![match_labels(&[("to-view", "true")])],
            vec![],
        ),
        labelled_cluster_role(
            "leaf-edit",
            &[("to-edit", "true")],
            vec![resource_rule("edits")],
        ),
        labelled_cluster_role(
            "leaf-view",
            &[("to-view", "true")],
            vec![resource_rule("views")],
        ),
    ]
}

#[test]
fn aggregation_chains_reach_fixpoint() {
    let ws = workspace(&chain());
    assert_eq!(effective_rules(&ws, "view"), vec![resource_rule("views")]);
    assert_eq!(
        effective_rules(&ws, "edit"),
        vec![resource_rule("edits"), resource_rule("views")]
    );
    assert_eq!(
        effective_rules(&ws, "admin"),
        vec![resource_rule("edits"), resource_rule("views")]
    );
}

#[test]
fn aggregation_chain_path_in_trace() {
    let mut documents = chain();
    documents.push(cluster_role_binding("admins", "admin", &["User:alice"]));
    let ws = workspace(&documents);
    let decision = ws.authorize(
        &user("alice", &[]),
        &request("get", "example.com", "views", "ns1", ""),
    );
    assert!(decision.allowed);
    let grant = decision.trace.unwrap();
    assert_eq!(grant.role.name, "admin");
    assert_eq!(grant.aggregation_path, vec!["edit", "view", "leaf-view"]);
    assert_eq!(grant.rule, resource_rule("views"));
}

#[test]
fn aggregation_cycles_terminate() {
    let ring = ("ring", "true");
    let documents = [
        aggregating_role(
            "cycle-a",
            &[ring],
            vec![match_labels(&[ring])],
            vec![resource_rule("own-a")],
        ),
        aggregating_role(
            "cycle-b",
            &[ring],
            vec![match_labels(&[ring])],
            vec![resource_rule("own-b")],
        ),
        labelled_cluster_role("member", &[ring], vec![resource_rule("shared")]),
    ];
    let roles: Vec<ClusterRole> = documents
        .iter()
        .map(|text| serde_yaml::from_str(text).unwrap())
        .collect();
    let refs: Vec<&ClusterRole> = roles.iter().collect();
    let aggregation = aggregate(&refs);
    assert!(aggregation.settled);

    let ws = workspace(&documents);
    // Which own rule survives in a cycle depends on the order the controller syncs the roles
    // in. Either way, both roles end with the same rules.
    let rules_a = effective_rules(&ws, "cycle-a");
    assert!(rules_a.contains(&resource_rule("shared")), "{rules_a:?}");
    assert_eq!(effective_rules(&ws, "cycle-b"), rules_a);
    assert!(!ws
        .diagnostics()
        .iter()
        .any(|d| d.code == codes::AGGREGATION_NOT_SETTLED));
}

#[test]
fn aggregation_skips_role_itself() {
    let ws = workspace(&[
        aggregating_role(
            "combined",
            &[AGGREGATE],
            vec![match_labels(&[AGGREGATE])],
            vec![resource_rule("own")],
        ),
        labelled_cluster_role("member", &[AGGREGATE], vec![resource_rule("widgets")]),
    ]);
    assert_eq!(
        effective_rules(&ws, "combined"),
        vec![resource_rule("widgets")]
    );
}

#[test]
#[rustfmt::skip]
fn aggregation_overwrites_own_rules() {
    let ws = workspace(&[
        aggregating_role(
            "combined",
            &[],
            vec![match_labels(&[AGGREGATE])],
            vec![resource_rule("own")],
        ),
        aggregating_role(
            "lonely",
            &[],
            vec![match_labels(&[("nothing", "true")])],
            vec![resource_rule("own")],
        ),
        labelled_cluster_role("member", &[AGGREGATE], vec![resource_rule("widgets")]),
        cluster_role_binding("combined-users", "combined", &["User:alice"]),
        cluster_role_binding("lonely-users", "lonely", &["User:bob"]),
    ]);
    assert_eq!(
        effective_rules(&ws, "combined"),
        vec![resource_rule("widgets")]
    );
    assert_eq!(effective_rules(&ws, "lonely"), Vec::<PolicyRule>::new());
    assert_decisions(
        &ws,
        &[
            (user("alice", &[]), request("get", "example.com", "own", "ns1", ""), false),
            (user("alice", &[]), request("get", "example.com", "widgets", "ns1", ""), true),
            (user("bob", &[]), request("get", "example.com", "own", "ns1", ""), false),
        ],
    );
}

#[test]
fn aggregated_roles_written_back() {
    let ws = workspace(&chain());
    let roles = ws.aggregated_cluster_roles();
    let names: Vec<&str> = roles
        .iter()
        .map(|r| r.metadata.name.as_deref().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["admin", "edit", "view", "leaf-edit", "leaf-view"]
    );
    assert_eq!(
        roles[0].rules.as_deref().unwrap(),
        &[resource_rule("edits"), resource_rule("views")]
    );
    assert!(roles[0].aggregation_rule.is_some());
}

// ---------------------------------------------------------------------------------------------
// Reasons

fn reason(ws: &Workspace, user: &UserInfo, request: &Attributes) -> String {
    let decision = ws.authorize(user, request);
    assert!(decision.allowed, "{user:?} {request:?} is denied");
    decision.reason
}

#[test]
fn reason_names_cluster_role_binding() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        cluster_role_binding("read-all", "reader", &["User:alice"]),
    ]);
    assert_eq!(
        reason(
            &ws,
            &user("alice", &[]),
            &request("get", "", "pods", "ns1", "")
        ),
        r#"RBAC: allowed by ClusterRoleBinding "read-all" of ClusterRole "reader" to User "alice""#
    );
}

#[test]
fn reason_names_role_binding() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        role("ns1", "writer", vec![rule("create", "", "pods", "")]),
        role_binding("ns1", "name", "ClusterRole:reader", &["User:alice"]),
        role_binding("ns1", "writers", "Role:writer", &["Group:devs"]),
    ]);
    assert_eq!(
        reason(
            &ws,
            &user("alice", &[]),
            &request("get", "", "pods", "ns1", "")
        ),
        r#"RBAC: allowed by RoleBinding "name/ns1" of ClusterRole "reader" to User "alice""#
    );
    assert_eq!(
        reason(
            &ws,
            &user("bob", &["devs"]),
            &request("create", "", "pods", "ns1", "")
        ),
        r#"RBAC: allowed by RoleBinding "writers/ns1" of Role "writer" to Group "devs""#
    );
}

#[test]
fn reason_names_service_account() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        role_binding(
            "ns1",
            "implicit",
            "ClusterRole:reader",
            &["ServiceAccount::runner"],
        ),
        role_binding(
            "ns1",
            "explicit",
            "ClusterRole:reader",
            &["ServiceAccount:ns2:builder"],
        ),
        cluster_role_binding("cluster", "reader", &["ServiceAccount:ns3:watcher"]),
    ]);
    let get_pods = request("get", "", "pods", "ns1", "");
    assert_eq!(
        reason(
            &ws,
            &user("system:serviceaccount:ns1:runner", &[]),
            &get_pods
        ),
        r#"RBAC: allowed by RoleBinding "implicit/ns1" of ClusterRole "reader" to ServiceAccount "runner/ns1""#
    );
    assert_eq!(
        reason(
            &ws,
            &user("system:serviceaccount:ns2:builder", &[]),
            &get_pods
        ),
        r#"RBAC: allowed by RoleBinding "explicit/ns1" of ClusterRole "reader" to ServiceAccount "builder/ns2""#
    );
    assert_eq!(
        reason(
            &ws,
            &user("system:serviceaccount:ns3:watcher", &[]),
            &get_pods
        ),
        r#"RBAC: allowed by ClusterRoleBinding "cluster" of ClusterRole "reader" to ServiceAccount "watcher/ns3""#
    );
}

#[test]
fn reason_prefers_cluster_bindings() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        role_binding("ns1", "local", "ClusterRole:reader", &["User:alice"]),
        cluster_role_binding("global", "reader", &["User:alice"]),
    ]);
    let decision = ws.authorize(&user("alice", &[]), &request("get", "", "pods", "ns1", ""));
    let grant = decision.trace.unwrap();
    assert_eq!(grant.binding.kind, "ClusterRoleBinding");
    assert_eq!(grant.binding.name, "global");
    assert_eq!(grant.binding.namespace, None);
}

#[test]
fn trace_names_binding_role_rule() {
    let ws = workspace(&[
        cluster_role(
            "reader",
            vec![rule("list", "", "secrets", ""), rule("get", "", "pods", "")],
        ),
        role_binding(
            "ns1",
            "readers",
            "ClusterRole:reader",
            &["User:bob", "Group:devs"],
        ),
    ]);
    let decision = ws.authorize(
        &user("alice", &["devs"]),
        &request("get", "", "pods", "ns1", ""),
    );
    let grant = decision.trace.expect("allowed");
    assert_eq!(grant.binding.kind, "RoleBinding");
    assert_eq!(grant.binding.namespace.as_deref(), Some("ns1"));
    assert_eq!(grant.role.kind, "ClusterRole");
    assert_eq!(grant.role.name, "reader");
    assert_eq!(grant.rule_index, 1);
    assert_eq!(grant.rule, rule("get", "", "pods", ""));
    assert_eq!(grant.subject, subject("Group:devs"));
    assert!(grant.aggregation_path.is_empty());
    assert!(decision.near_misses.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Impersonation and reviews

fn impersonation_workspace() -> Workspace {
    workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        role_binding(
            "team-a",
            "accounts",
            "ClusterRole:reader",
            &["Group:system:serviceaccounts:team-a"],
        ),
        cluster_role_binding("everyone", "reader", &["Group:system:authenticated"]),
    ])
}

#[test]
fn impersonation_adds_account_groups() {
    let ws = impersonation_workspace();
    let account = UserInfo::impersonated("system:serviceaccount:team-a:runner", &[]);
    assert_eq!(
        account.groups,
        vec![
            "system:serviceaccounts",
            "system:serviceaccounts:team-a",
            "system:authenticated"
        ]
    );
    let decision = ws.authorize(&account, &request("get", "", "pods", "team-a", ""));
    assert!(decision.allowed);
    assert_eq!(
        decision.reason,
        r#"RBAC: allowed by ClusterRoleBinding "everyone" of ClusterRole "reader" to Group "system:authenticated""#
    );
}

#[test]
fn impersonation_groups_replace_account_groups() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        role_binding(
            "team-a",
            "accounts",
            "ClusterRole:reader",
            &["Group:system:serviceaccounts:team-a"],
        ),
    ]);
    let name = "system:serviceaccount:team-a:runner";
    let get_pods = request("get", "", "pods", "team-a", "");
    assert!(ws.allows(&UserInfo::impersonated(name, &[]), &get_pods));
    let with_group = UserInfo::impersonated(name, &["ops".to_owned()]);
    assert_eq!(with_group.groups, vec!["ops", "system:authenticated"]);
    assert!(!ws.allows(&with_group, &get_pods));
}

#[test]
fn impersonation_respects_unauthenticated() {
    let unauthenticated = UserInfo::impersonated("alice", &["system:unauthenticated".to_owned()]);
    assert_eq!(unauthenticated.groups, vec!["system:unauthenticated"]);
    let authenticated = UserInfo::impersonated("alice", &["system:authenticated".to_owned()]);
    assert_eq!(authenticated.groups, vec!["system:authenticated"]);
    let anonymous = UserInfo::impersonated("system:anonymous", &[]);
    assert_eq!(anonymous.groups, vec!["system:unauthenticated"]);
}

#[test]
#[rustfmt::skip]
fn review_uses_exact_groups() {
    let ws = impersonation_workspace();
    let get_pods = request("get", "", "pods", "team-a", "");
    assert_decisions(
        &ws,
        &[
            (user("system:serviceaccount:team-a:runner", &[]), get_pods.clone(), false),
            (user("alice", &[]), get_pods.clone(), false),
            (user("alice", &["system:authenticated"]), get_pods.clone(), true),
            (
                user(
                    "system:serviceaccount:team-a:runner",
                    &["system:serviceaccounts:team-a"],
                ),
                get_pods,
                true,
            ),
        ],
    );
}

fn review(spec: &str) -> SubjectAccessReview {
    let text = format!(
        "apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nmetadata: {{name: probe}}\nspec:\n{spec}"
    );
    serde_yaml::from_str(&text).expect("the review parses")
}

#[test]
fn review_status_when_allowed() {
    let ws = impersonation_workspace();
    let input = review(
        "  user: alice\n  groups: [system:authenticated]\n  resourceAttributes: {namespace: team-a, verb: get, resource: pods}\n",
    );
    let reviewed = ws.review(&input);
    assert_eq!(reviewed.spec, input.spec);
    assert_eq!(reviewed.metadata, input.metadata);
    let status = reviewed.status.expect("status is set");
    assert!(status.allowed);
    assert_eq!(status.denied, None);
    assert_eq!(
        status.reason.as_deref(),
        Some(
            r#"RBAC: allowed by ClusterRoleBinding "everyone" of ClusterRole "reader" to Group "system:authenticated""#
        )
    );
    assert_eq!(status.evaluation_error, None);
}

#[test]
fn review_status_when_denied() {
    let ws = impersonation_workspace();
    let status = ws
        .review(&review(
            "  user: alice\n  resourceAttributes: {namespace: team-a, verb: get, resource: pods}\n",
        ))
        .status
        .unwrap();
    assert!(!status.allowed);
    assert_eq!(status.denied, None);
    assert_eq!(status.reason, None);
    assert_eq!(status.evaluation_error, None);
}

#[test]
fn review_status_with_missing_role() {
    let ws = workspace(&[cluster_role_binding("dangling", "x", &["Group:devs"])]);
    let status = ws
        .review(&review(
            "  user: alice\n  groups: [devs]\n  resourceAttributes: {namespace: team-a, verb: get, resource: pods}\n",
        ))
        .status
        .unwrap();
    assert!(!status.allowed);
    assert_eq!(status.denied, None);
    assert_eq!(
        status.reason.as_deref(),
        Some(r#"RBAC: clusterrole.rbac.authorization.k8s.io "x" not found"#)
    );
    // The reason carries the error as the API server's does, and evaluationError repeats it.
    assert_eq!(
        status.evaluation_error.as_deref(),
        Some(r#"clusterrole.rbac.authorization.k8s.io "x" not found"#)
    );
}

#[test]
fn review_non_resource_request() {
    let ws = workspace(&[
        cluster_role("health", vec![rule("get", "", "", "/healthz")]),
        cluster_role_binding("health", "health", &["User:alice"]),
    ]);
    let allowed = ws
        .review(&review(
            "  user: alice\n  nonResourceAttributes: {path: /healthz, verb: get}\n",
        ))
        .status
        .unwrap();
    assert!(allowed.allowed);
    let denied = ws
        .review(&review(
            "  user: alice\n  nonResourceAttributes: {path: /metrics, verb: get}\n",
        ))
        .status
        .unwrap();
    assert!(!denied.allowed);
}

#[test]
fn review_invalid_spec_explained() {
    let ws = impersonation_workspace();
    let no_user = ws
        .review(&review(
            "  resourceAttributes: {verb: get, resource: pods}\n",
        ))
        .status
        .unwrap();
    assert!(!no_user.allowed);
    assert_eq!(no_user.denied, None);
    assert!(no_user.evaluation_error.unwrap().contains("spec.user"));
    let both = ws
        .review(&review(
            "  user: alice\n  resourceAttributes: {verb: get, resource: pods}\n  nonResourceAttributes: {verb: get, path: /healthz}\n",
        ))
        .status
        .unwrap();
    assert!(!both.allowed);
    assert!(both.evaluation_error.unwrap().contains("exactly one"));
    let neither = ws.review(&review("  user: alice\n")).status.unwrap();
    assert!(neither.evaluation_error.unwrap().contains("exactly one"));
}

// ---------------------------------------------------------------------------------------------
// Properties

fn example_documents() -> Vec<String> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kubeflow-kserve");
    let mut paths: Vec<_> = std::fs::read_dir(&directory)
        .expect("the example directory exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    let mut documents = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        documents.extend(split_documents(&text).iter().map(|d| d.text.to_owned()));
    }
    documents
}

/// Decides a grid of users, verbs, resources and namespaces.
fn decision_grid(ws: &Workspace) -> Vec<bool> {
    let users = [
        "alice@example.com",
        "bob@example.com",
        "carol@example.com",
        "dave@example.com",
        "system:serviceaccount:team-a:default-editor",
        "system:serviceaccount:team-b:default-viewer",
        "system:serviceaccount:kubeflow:kserve-models-web-application",
    ];
    let resources = [
        ("serving.kserve.io", "inferenceservices"),
        ("serving.kserve.io", "trainedmodels"),
        ("serving.knative.dev", "services"),
        ("", "pods"),
        ("", "secrets"),
        ("rbac.authorization.k8s.io", "rolebindings"),
        ("authorization.k8s.io", "subjectaccessreviews"),
    ];
    let mut grid = Vec::new();
    for name in users {
        let user = UserInfo::impersonated(name, &[]);
        for verb in ["get", "list", "create", "delete"] {
            for (group, resource) in resources {
                for namespace in ["team-a", "team-b", "kubeflow", ""] {
                    grid.push(ws.allows(&user, &request(verb, group, resource, namespace, "")));
                }
            }
        }
    }
    grid
}

fn workspace_from_documents(documents: &[String]) -> Workspace {
    let text: String = documents.iter().map(|d| format!("---\n{d}")).collect();
    Workspace::new(&[SourceFile::new("shuffled.yaml", text)])
}

#[test]
fn example_grid_is_not_trivial() {
    let grid = decision_grid(&workspace_from_documents(&example_documents()));
    assert!(grid.iter().any(|&allowed| allowed));
    assert!(grid.iter().any(|&allowed| !allowed));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn document_order_keeps_decisions(
        order in Just((0..example_documents().len()).collect::<Vec<usize>>()).prop_shuffle()
    ) {
        let documents = example_documents();
        let expected = decision_grid(&workspace_from_documents(&documents));
        let shuffled: Vec<String> = order.iter().map(|&i| documents[i].clone()).collect();
        prop_assert_eq!(decision_grid(&workspace_from_documents(&shuffled)), expected);
    }
}

#[test]
fn aggregation_is_idempotent() {
    let mut documents = example_documents();
    documents.extend(chain());
    let first = workspace_from_documents(&documents);
    let aggregated = first.aggregated_cluster_roles();
    let again: Vec<String> = aggregated.iter().map(yaml).collect();
    let second = workspace_from_documents(&again);
    assert_eq!(second.aggregated_cluster_roles(), aggregated);
    let kubeflow_edit = first.cluster_role("kubeflow-edit").unwrap();
    assert!(!kubeflow_edit.rules.is_empty());
}

#[test]
#[rustfmt::skip]
fn later_definition_replaces_earlier() {
    let ws = workspace(&[
        cluster_role("reader", vec![rule("get", "", "pods", "")]),
        role_binding("ns1", "readers", "ClusterRole:reader", &["User:alice"]),
        cluster_role_binding("global", "reader", &["User:carol"]),
        role("ns1", "secrets", vec![rule("get", "", "secrets", "")]),
        role_binding("ns1", "secret-readers", "Role:secrets", &["User:dave"]),
        role_binding("ns1", "readers", "ClusterRole:reader", &["User:bob"]),
        cluster_role_binding("global", "reader", &["User:erin"]),
        role("ns1", "secrets", vec![rule("get", "", "configmaps", "")]),
    ]);
    assert_decisions(
        &ws,
        &[
            (user("alice", &[]), request("get", "", "pods", "ns1", ""), false),
            (user("bob", &[]), request("get", "", "pods", "ns1", ""), true),
            (user("carol", &[]), request("get", "", "pods", "ns1", ""), false),
            (user("erin", &[]), request("get", "", "pods", "ns1", ""), true),
            (user("dave", &[]), request("get", "", "secrets", "ns1", ""), false),
            (user("dave", &[]), request("get", "", "configmaps", "ns1", ""), true),
        ],
    );
}
