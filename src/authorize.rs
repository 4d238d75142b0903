//! Access decisions with the grant that allows them, mirroring the Kubernetes RBAC authorizer
//! (`plugin/pkg/auth/authorizer/rbac/rbac.go`): ClusterRoleBindings first, then the
//! RoleBindings of the request's namespace, stopping at the first rule that allows.

use k8s_openapi::api::rbac::v1::{PolicyRule, Subject};
use serde::Serialize;

use crate::near_miss::NearMiss;
use crate::object::ObjectRef;
use crate::rbac::index::{in_binding_order, SubjectEntry};
use crate::rbac::matching::{rule_allows_non_resource, rule_allows_resource};
use crate::rbac::request::{Attributes, UserInfo};
use crate::workspace::Workspace;

/// The binding, role and rule that allow a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    pub binding: ObjectRef,
    pub role: ObjectRef,
    /// ClusterRole names from the bound role's aggregated member down to the ClusterRole
    /// that holds the rule; empty when the bound role holds the rule itself.
    pub aggregation_path: Vec<String>,
    pub rule_index: usize,
    pub rule: PolicyRule,
    pub subject: Subject,
}

/// The answer to one access question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub allowed: bool,
    /// The API server's wording: `RBAC: allowed by ...` when allowed; empty, or the
    /// evaluation errors, when not.
    pub reason: String,
    pub trace: Option<Grant>,
    /// For a denial, the grants that come closest, each failing on one attribute.
    pub near_misses: Vec<NearMiss>,
    /// Problems met while evaluating, such as a binding to a missing role.
    pub evaluation_errors: Vec<String>,
    pub user: String,
    pub groups: Vec<String>,
}

/// The first applying rule: where it is, found without building a trace.
#[derive(Debug, Clone, Copy)]
struct Hit {
    entry: SubjectEntry,
    role: usize,
    rule: usize,
}

impl Workspace {
    /// Whether RBAC allows the request. The fast path: no trace, no near misses.
    pub fn allows(&self, user: &UserInfo, attributes: &Attributes) -> bool {
        self.visit(user, attributes, &mut |_| {}).is_some()
    }

    /// Decides a request and explains it: the grant that allows it, or the near misses.
    pub fn authorize(&self, user: &UserInfo, attributes: &Attributes) -> Decision {
        let mut errors = Vec::new();
        let hit = self.visit(user, attributes, &mut |error| errors.push(error.to_owned()));
        let (reason, trace) = match hit {
            Some(hit) => {
                let grant = self.grant(hit);
                (
                    format!("RBAC: allowed by {}", describe_grant(&grant)),
                    Some(grant),
                )
            }
            None if errors.is_empty() => (String::new(), None),
            None => (format!("RBAC: {}", aggregate_errors(&errors)), None),
        };
        let near_misses = if trace.is_none() {
            self.near_misses(user, attributes)
        } else {
            Vec::new()
        };
        Decision {
            allowed: trace.is_some(),
            reason,
            trace,
            near_misses,
            evaluation_errors: errors,
            user: user.name.clone(),
            groups: user.groups.clone(),
        }
    }

    /// Visits the applying bindings in the authorizer's order and returns the first hit.
    /// `on_error` receives each binding whose role cannot be resolved.
    fn visit(
        &self,
        user: &UserInfo,
        attributes: &Attributes,
        on_error: &mut dyn FnMut(&str),
    ) -> Option<Hit> {
        let mut entries = Vec::new();
        self.cluster_index
            .collect(&user.name, &user.groups, &mut entries);
        in_binding_order(&mut entries);
        if let Some(hit) = self.first_hit(&entries, attributes, on_error) {
            return Some(hit);
        }
        let namespace = attributes.namespace()?;
        let index = self.namespace_index.get(namespace)?;
        entries.clear();
        index.collect(&user.name, &user.groups, &mut entries);
        in_binding_order(&mut entries);
        self.first_hit(&entries, attributes, on_error)
    }

    fn first_hit(
        &self,
        entries: &[SubjectEntry],
        attributes: &Attributes,
        on_error: &mut dyn FnMut(&str),
    ) -> Option<Hit> {
        for &entry in entries {
            let binding = &self.bindings[entry.binding as usize];
            let role = match &binding.role {
                Ok(role) => *role,
                Err(error) => {
                    on_error(error);
                    continue;
                }
            };
            let rules = &self.roles[role].rules;
            let position = match attributes {
                Attributes::Resource(request) => rules
                    .iter()
                    .position(|sourced| rule_allows_resource(&sourced.rule, request)),
                Attributes::NonResource(request) => rules
                    .iter()
                    .position(|sourced| rule_allows_non_resource(&sourced.rule, request)),
            };
            if let Some(rule) = position {
                return Some(Hit { entry, role, rule });
            }
        }
        None
    }

    fn grant(&self, hit: Hit) -> Grant {
        let (binding, subject) = self.binding_subject(hit.entry);
        let role = &self.roles[hit.role];
        let sourced = &role.rules[hit.rule];
        Grant {
            binding: self.object_ref(binding.object).clone(),
            role: self.object_ref(role.object).clone(),
            aggregation_path: sourced.path.iter().map(ToString::to_string).collect(),
            rule_index: hit.rule,
            rule: sourced.rule.clone(),
            subject: subject.clone(),
        }
    }
}

/// Joins errors as Kubernetes' aggregate error does: each message once, in first-seen order,
/// and in brackets only when more than one distinct message remains.
fn aggregate_errors(errors: &[String]) -> String {
    let mut distinct: Vec<&str> = Vec::new();
    for error in errors {
        if !distinct.contains(&error.as_str()) {
            distinct.push(error);
        }
    }
    match distinct.as_slice() {
        [single] => (*single).to_owned(),
        _ => format!("[{}]", distinct.join(", ")),
    }
}

/// Describes a grant as the API server's RBAC authorizer does, e.g.
/// `RoleBinding "namespaceAdmin/team-a" of ClusterRole "kubeflow-admin" to User "alice"`.
pub fn describe_grant(grant: &Grant) -> String {
    let binding = &grant.binding;
    let role = &grant.role;
    match &binding.namespace {
        Some(namespace) => format!(
            "RoleBinding {} of {} {} to {}",
            go_quote(&format!("{}/{namespace}", binding.name)),
            role.kind,
            go_quote(&role.name),
            describe_subject(&grant.subject, namespace)
        ),
        None => format!(
            "ClusterRoleBinding {} of {} {} to {}",
            go_quote(&binding.name),
            role.kind,
            go_quote(&role.name),
            describe_subject(&grant.subject, "")
        ),
    }
}

/// Describes a subject as the RBAC authorizer does: service accounts as `name/namespace`.
pub fn describe_subject(subject: &Subject, binding_namespace: &str) -> String {
    if subject.kind == "ServiceAccount" {
        let namespace = subject
            .namespace
            .as_deref()
            .filter(|ns| !ns.is_empty())
            .unwrap_or(binding_namespace);
        return format!(
            "{} {}",
            subject.kind,
            go_quote(&format!("{}/{namespace}", subject.name))
        );
    }
    format!("{} {}", subject.kind, go_quote(&subject.name))
}

/// Quotes a string the way Go's `%q` does for the text the API server puts in reasons.
pub fn go_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() => quoted.push_str(&format!("\\x{:02x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
