//! Shorthand for RBAC manifests and requests in tests: every helper writes real YAML text that
//! the crate's loader reads, so the tests exercise the same path as manifests on disk.
//!
//! Rules are written as `key=value` words, each value a comma-separated list split the way the
//! Kubernetes authorizer tests split theirs, so `groups=` is the list `[""]` (the core group)
//! and `names=[]` is an empty list:
//! `verbs=get,list groups=,apps resources=pods,pods/status names=web urls=/healthz`.
//! A key left out leaves the field absent.
//!
//! Subjects are `Kind:name`; a ServiceAccount may carry its namespace as `ServiceAccount:ns/name`.
//! Role references are `ClusterRole/name` or `Role/name`. Users are `name` or
//! `name groups=a,b`. Requests are `verb resource[/subresource] [group=G] [ns=NS] [name=N]` or
//! `verb /path`.

// Each test crate uses a different part of these helpers.
#![allow(dead_code)]

use k8s_openapi::api::rbac::v1::{PolicyRule, Subject};
use kserve_rbac::diagnostic::codes;
use kserve_rbac::{
    Attributes, NonResourceAttributes, ResourceAttributes, SourceFile, UserInfo, Workspace,
};

/// The name of the file that [`workspace`] loads the documents from.
pub const FILE_NAME: &str = "manifests.yaml";

/// Quotes a string as a YAML double-quoted scalar (JSON string syntax is valid YAML).
pub fn quote(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialize")
}

/// Formats a list of strings as a YAML flow sequence.
pub fn flow_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| quote(item.as_ref())).collect();
    format!("[{}]", quoted.join(", "))
}

/// Formats label pairs as a YAML flow mapping.
pub fn flow_map(pairs: &[(&str, &str)]) -> String {
    let quoted: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{}: {}", quote(key), quote(value)))
        .collect();
    format!("{{{}}}", quoted.join(", "))
}

fn split_values(value: &str) -> Vec<String> {
    if value == "[]" {
        return Vec::new();
    }
    value.split(',').map(str::to_owned).collect()
}

/// Parses a rule written as `key=value` words (see the module documentation).
pub fn rule(text: &str) -> PolicyRule {
    let mut rule = PolicyRule::default();
    for word in text.split_whitespace() {
        let (key, value) = word
            .split_once('=')
            .unwrap_or_else(|| panic!("rule word {word:?} in {text:?} is not key=value"));
        let values = split_values(value);
        match key {
            "verbs" => rule.verbs = values,
            "groups" => rule.api_groups = Some(values),
            "resources" => rule.resources = Some(values),
            "names" => rule.resource_names = Some(values),
            "urls" => rule.non_resource_urls = Some(values),
            other => panic!("unknown rule key {other:?} in {text:?}"),
        }
    }
    rule
}

/// Formats a rule as a YAML flow mapping.
fn rule_yaml(text: &str) -> String {
    let rule = rule(text);
    let mut fields = vec![format!("verbs: {}", flow_list(&rule.verbs))];
    let optional = [
        ("apiGroups", &rule.api_groups),
        ("resources", &rule.resources),
        ("resourceNames", &rule.resource_names),
        ("nonResourceURLs", &rule.non_resource_urls),
    ];
    for (key, values) in optional {
        if let Some(values) = values {
            fields.push(format!("{key}: {}", flow_list(values)));
        }
    }
    format!("{{{}}}", fields.join(", "))
}

/// Writes a rule back in the `key=value` form, leaving out absent and empty lists, so that two
/// rules the aggregation controller treats as equal read the same.
pub fn render_rule(rule: &PolicyRule) -> String {
    let mut words = vec![format!("verbs={}", rule.verbs.join(","))];
    let optional = [
        ("groups", &rule.api_groups),
        ("resources", &rule.resources),
        ("names", &rule.resource_names),
        ("urls", &rule.non_resource_urls),
    ];
    for (key, values) in optional {
        if let Some(values) = values.as_ref().filter(|values| !values.is_empty()) {
            words.push(format!("{key}={}", values.join(",")));
        }
    }
    words.join(" ")
}

fn rules_block(rules: &[&str]) -> String {
    if rules.is_empty() {
        return "rules: []\n".to_owned();
    }
    let mut block = "rules:\n".to_owned();
    for text in rules {
        block.push_str(&format!("- {}\n", rule_yaml(text)));
    }
    block
}

/// Writes a ClusterRole with `rules`.
pub fn cluster_role(name: &str, rules: &[&str]) -> String {
    labelled_cluster_role(name, &[], rules)
}

/// Writes a ClusterRole with labels, which aggregation selectors match.
pub fn labelled_cluster_role(name: &str, labels: &[(&str, &str)], rules: &[&str]) -> String {
    let mut text = format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {}\n",
        quote(name)
    );
    if !labels.is_empty() {
        text.push_str(&format!("  labels: {}\n", flow_map(labels)));
    }
    text.push_str(&rules_block(rules));
    text
}

/// Writes a ClusterRole with an aggregationRule. `selectors` is the YAML flow sequence of
/// clusterRoleSelectors, or `None` for an aggregationRule without that field.
pub fn aggregating_cluster_role(
    name: &str,
    labels: &[(&str, &str)],
    selectors: Option<&str>,
    own_rules: &[&str],
) -> String {
    let mut text = labelled_cluster_role(name, labels, own_rules);
    match selectors {
        Some(selectors) => {
            text.push_str(&format!(
                "aggregationRule:\n  clusterRoleSelectors: {selectors}\n"
            ));
        }
        None => text.push_str("aggregationRule: {}\n"),
    }
    text
}

fn split_namespaced(text: &str) -> (&str, &str) {
    text.split_once('/')
        .unwrap_or_else(|| panic!("{text:?} is not namespace/name"))
}

/// Writes a Role named `namespace/name`.
pub fn role(namespaced_name: &str, rules: &[&str]) -> String {
    let (namespace, name) = split_namespaced(namespaced_name);
    format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: {}\n  namespace: {}\n{}",
        quote(name),
        quote(namespace),
        rules_block(rules)
    )
}

/// Parses a subject written as `Kind:name` or `ServiceAccount:namespace/name`.
pub fn subject(text: &str) -> Subject {
    let (kind, name) = text
        .split_once(':')
        .unwrap_or_else(|| panic!("subject {text:?} is not Kind:name"));
    let mut subject = Subject {
        kind: kind.to_owned(),
        name: name.to_owned(),
        ..Subject::default()
    };
    if kind == "ServiceAccount" {
        if let Some((namespace, name)) = name.split_once('/') {
            subject.namespace = Some(namespace.to_owned());
            subject.name = name.to_owned();
        }
    } else {
        subject.api_group = Some("rbac.authorization.k8s.io".to_owned());
    }
    subject
}

/// Writes a subject back as `Kind:name` or `Kind:namespace/name`.
pub fn subject_key(subject: &Subject) -> String {
    match subject.namespace.as_deref().filter(|ns| !ns.is_empty()) {
        Some(namespace) => format!("{}:{namespace}/{}", subject.kind, subject.name),
        None => format!("{}:{}", subject.kind, subject.name),
    }
}

fn subjects_block(subjects: &[&str]) -> String {
    if subjects.is_empty() {
        return String::new();
    }
    let mut block = "subjects:\n".to_owned();
    for text in subjects {
        let subject = subject(text);
        let mut fields = vec![
            format!("kind: {}", quote(&subject.kind)),
            format!("name: {}", quote(&subject.name)),
        ];
        if let Some(group) = &subject.api_group {
            fields.push(format!("apiGroup: {}", quote(group)));
        }
        if let Some(namespace) = &subject.namespace {
            fields.push(format!("namespace: {}", quote(namespace)));
        }
        block.push_str(&format!("- {{{}}}\n", fields.join(", ")));
    }
    block
}

fn role_ref_yaml(text: &str) -> String {
    let (kind, name) = text
        .split_once('/')
        .unwrap_or_else(|| panic!("role reference {text:?} is not Kind/name"));
    format!(
        "roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: {}, name: {}}}\n",
        quote(kind),
        quote(name)
    )
}

/// Writes a ClusterRoleBinding of `role_ref` (`ClusterRole/name`) to `subjects`.
pub fn cluster_role_binding(name: &str, role_ref: &str, subjects: &[&str]) -> String {
    format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: {}\n{}{}",
        quote(name),
        role_ref_yaml(role_ref),
        subjects_block(subjects)
    )
}

/// Writes a RoleBinding named `namespace/name` of `role_ref` (`Role/name` or `ClusterRole/name`).
pub fn role_binding(namespaced_name: &str, role_ref: &str, subjects: &[&str]) -> String {
    let (namespace, name) = split_namespaced(namespaced_name);
    format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: {}\n  namespace: {}\n{}{}",
        quote(name),
        quote(namespace),
        role_ref_yaml(role_ref),
        subjects_block(subjects)
    )
}

/// Joins documents into one YAML stream.
pub fn stream<S: AsRef<str>>(documents: &[S]) -> String {
    let mut text = String::new();
    for document in documents {
        text.push_str("---\n");
        text.push_str(document.as_ref());
    }
    text
}

/// Loads the documents as one file through the crate's loader. Panics when a document fails
/// to load, so that a typo in a test cannot pass as a denial.
pub fn workspace<S: AsRef<str>>(documents: &[S]) -> Workspace {
    let workspace = Workspace::new(&[SourceFile::new(FILE_NAME, stream(documents))]);
    assert_loaded(&workspace);
    workspace
}

/// Panics when the workspace has a load error, which would make every decision a denial.
pub fn assert_loaded(workspace: &Workspace) {
    let load_errors: Vec<String> = workspace
        .diagnostics()
        .iter()
        .filter(|d| {
            [
                codes::INVALID_YAML,
                codes::INVALID_OBJECT,
                codes::NOT_AN_OBJECT,
            ]
            .contains(&d.code)
        })
        .map(|d| d.message.clone())
        .collect();
    assert!(
        load_errors.is_empty(),
        "test manifests failed to load: {load_errors:?}"
    );
}

/// Parses a user written as `name` or `name groups=a,b`; `groups=a` alone is a user with an
/// empty name. The groups are exactly the ones given, as in a SubjectAccessReview.
pub fn user(text: &str) -> UserInfo {
    let mut user = UserInfo {
        name: String::new(),
        groups: Vec::new(),
    };
    for word in text.split_whitespace() {
        match word.strip_prefix("groups=") {
            Some(groups) => user.groups = groups.split(',').map(str::to_owned).collect(),
            None => user.name = word.to_owned(),
        }
    }
    user
}

/// Parses a request written as `verb resource[/subresource] [group=G] [ns=NS] [name=N]` or
/// `verb /path`.
pub fn request(text: &str) -> Attributes {
    let mut words = text.split_whitespace();
    let verb = words.next().unwrap_or_default().to_owned();
    let target = words
        .next()
        .unwrap_or_else(|| panic!("request {text:?} has no resource or path"));
    if target.starts_with('/') {
        assert!(
            words.next().is_none(),
            "non-resource request {text:?} takes no options"
        );
        return Attributes::NonResource(NonResourceAttributes {
            verb,
            path: target.to_owned(),
        });
    }
    let (resource, subresource) = target.split_once('/').unwrap_or((target, ""));
    let mut attributes = ResourceAttributes {
        verb,
        resource: resource.to_owned(),
        subresource: subresource.to_owned(),
        ..ResourceAttributes::default()
    };
    for word in words {
        let (key, value) = word
            .split_once('=')
            .unwrap_or_else(|| panic!("request word {word:?} in {text:?} is not key=value"));
        let value = value.to_owned();
        match key {
            "group" => attributes.group = value,
            "ns" => attributes.namespace = value,
            "name" => attributes.name = value,
            other => panic!("unknown request key {other:?} in {text:?}"),
        }
    }
    Attributes::Resource(attributes)
}

/// The username of a service account.
pub fn service_account_user(namespace: &str, name: &str) -> String {
    format!("system:serviceaccount:{namespace}:{name}")
}
