//! Who can: every subject that a request is allowed for, each with the binding and role that
//! allow it, following the RBAC authorizer's subject locator
//! (`plugin/pkg/auth/authorizer/rbac/subject_locator.go`).

use k8s_openapi::api::rbac::v1::{PolicyRule, Subject};
use serde::Serialize;

use crate::object::{Object, ObjectRef};
use crate::rbac::matching::{rule_allows_non_resource, rule_allows_resource};
use crate::rbac::request::Attributes;
use crate::workspace::Workspace;

/// One subject allowed a request, and the grant that allows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectAccess {
    /// The subject as bound; a ServiceAccount carries its effective namespace.
    pub subject: Subject,
    pub binding: ObjectRef,
    pub role: ObjectRef,
    pub aggregation_path: Vec<String>,
    pub rule_index: usize,
    pub rule: PolicyRule,
}

/// The answer to a who-can question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoCan {
    pub subjects: Vec<SubjectAccess>,
    /// Bindings in scope whose role is missing, as the authorizer reports them.
    pub evaluation_errors: Vec<String>,
}

impl Workspace {
    /// Lists every subject the request is allowed for: subjects of every ClusterRoleBinding,
    /// and of the request namespace's RoleBindings, whose role allows it. Sorted by subject kind,
    /// name and namespace, then by binding.
    pub fn who_can(&self, attributes: &Attributes) -> WhoCan {
        let mut allowing_rule: Vec<Option<Option<usize>>> = vec![None; self.roles.len()];
        let mut subjects = Vec::new();
        let mut errors = Vec::new();
        let namespaced = attributes
            .namespace()
            .and_then(|namespace| self.namespace_bindings.get(namespace))
            .map(Vec::as_slice)
            .unwrap_or_default();
        for &id in self.cluster_bindings.iter().chain(namespaced) {
            let binding = &self.bindings[id as usize];
            let role = match &binding.role {
                Ok(role) => *role,
                Err(error) => {
                    errors.push(error.clone());
                    continue;
                }
            };
            let rule =
                *allowing_rule[role].get_or_insert_with(|| self.allowing_rule(role, attributes));
            let Some(rule) = rule else {
                continue;
            };
            let bound = match &self.objects[binding.object].object {
                Object::ClusterRoleBinding(b) => b.subjects.as_deref(),
                Object::RoleBinding(b) => b.subjects.as_deref(),
                _ => None,
            };
            for subject in bound.unwrap_or_default() {
                let Some(subject) = effective_subject(subject, binding.namespace.as_deref()) else {
                    continue;
                };
                let role_entry = &self.roles[role];
                subjects.push(SubjectAccess {
                    subject,
                    binding: self.object_ref(binding.object).clone(),
                    role: self.object_ref(role_entry.object).clone(),
                    aggregation_path: role_entry.rules[rule]
                        .path
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                    rule_index: rule,
                    rule: role_entry.rules[rule].rule.clone(),
                });
            }
        }
        subjects.sort_by(|a, b| {
            let key = |s: &SubjectAccess| {
                (
                    s.subject.kind.clone(),
                    s.subject.name.clone(),
                    s.subject.namespace.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        WhoCan {
            subjects,
            evaluation_errors: errors,
        }
    }

    /// The position of the first rule of a role that allows the request.
    pub(crate) fn allowing_rule(&self, role: usize, attributes: &Attributes) -> Option<usize> {
        let rules = &self.roles[role].rules;
        match attributes {
            Attributes::Resource(request) => rules
                .iter()
                .position(|r| rule_allows_resource(&r.rule, request)),
            Attributes::NonResource(request) => rules
                .iter()
                .position(|r| rule_allows_non_resource(&r.rule, request)),
        }
    }
}

/// The subject with a ServiceAccount's namespace filled in from its RoleBinding. `None` for
/// subjects that match nobody: a ServiceAccount without namespace in a ClusterRoleBinding, or
/// an unknown kind.
pub(crate) fn effective_subject(
    subject: &Subject,
    binding_namespace: Option<&str>,
) -> Option<Subject> {
    match subject.kind.as_str() {
        "User" | "Group" => Some(subject.clone()),
        "ServiceAccount" => {
            let namespace = subject
                .namespace
                .as_deref()
                .filter(|ns| !ns.is_empty())
                .or(binding_namespace)?;
            Some(Subject {
                namespace: Some(namespace.to_owned()),
                ..subject.clone()
            })
        }
        _ => None,
    }
}
