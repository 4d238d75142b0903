//! Access matrices, the question rakkess answers, offline: for one subject, namespaces ×
//! resources × verbs; for one namespace, subjects × resources × verbs.

use std::collections::BTreeSet;

use k8s_openapi::api::rbac::v1::{PolicyRule, Subject};
use serde::{Deserialize, Serialize};

use crate::catalog::KSERVE_GROUP;
use crate::generate::EDIT_VERBS;
use crate::object::Object;
use crate::rbac::matching::rule_allows_resource;
use crate::rbac::request::{ResourceAttributes, UserInfo};
use crate::who_can::effective_subject;
use crate::workspace::Workspace;

/// A resource of a matrix, in an API group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MatrixResource {
    pub group: String,
    pub resource: String,
}

/// Which resources and verbs a matrix covers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct MatrixOptions {
    /// Resources as `resource` or `resource.group` (`configmaps.` or `configmaps` with group
    /// "" for the core group is written `configmaps.core`); empty means every namespaced KServe
    /// resource.
    pub resources: Vec<String>,
    /// Verbs; empty means get, list, watch, create, delete, deletecollection, patch, update.
    pub verbs: Vec<String>,
}

/// One row: a namespace (subject matrix) or a subject (namespace matrix), with the verbs
/// allowed on each resource, in the order of [`AccessMatrix::resources`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixRow {
    pub namespace: Option<String>,
    pub subject: Option<Subject>,
    pub allowed: Vec<Vec<String>>,
}

/// An access matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessMatrix {
    pub resources: Vec<MatrixResource>,
    pub verbs: Vec<String>,
    pub rows: Vec<MatrixRow>,
}

impl MatrixOptions {
    fn resolve(&self, workspace: &Workspace) -> (Vec<MatrixResource>, Vec<String>) {
        let resources = if self.resources.is_empty() {
            workspace
                .kserve_resources()
                .into_iter()
                .map(|resource| MatrixResource {
                    group: KSERVE_GROUP.to_owned(),
                    resource,
                })
                .collect()
        } else {
            self.resources
                .iter()
                .map(|text| {
                    let resolved =
                        crate::catalog::resolve_in(workspace, text.trim_end_matches(".core"));
                    let group = if text.ends_with(".core") {
                        String::new()
                    } else {
                        resolved.group
                    };
                    MatrixResource {
                        group,
                        resource: resolved.resource,
                    }
                })
                .collect()
        };
        let verbs = if self.verbs.is_empty() {
            EDIT_VERBS.iter().map(|v| (*v).to_owned()).collect()
        } else {
            self.verbs.clone()
        };
        (resources, verbs)
    }
}

fn allowed_cells(
    rules: &[&PolicyRule],
    resources: &[MatrixResource],
    verbs: &[String],
    namespace: &str,
) -> Vec<Vec<String>> {
    resources
        .iter()
        .map(|r| {
            verbs
                .iter()
                .filter(|verb| {
                    let request = ResourceAttributes {
                        namespace: namespace.to_owned(),
                        verb: (*verb).clone(),
                        group: r.group.clone(),
                        resource: r.resource.clone(),
                        subresource: String::new(),
                        name: String::new(),
                    };
                    rules
                        .iter()
                        .any(|rule| rule_allows_resource(rule, &request))
                })
                .cloned()
                .collect()
        })
        .collect()
}

impl Workspace {
    /// Every namespace known to the input: Profiles, Namespaces and binding namespaces, sorted.
    pub fn namespaces(&self) -> Vec<String> {
        let mut namespaces: BTreeSet<String> = self.namespace_bindings.keys().cloned().collect();
        for loaded in &self.objects {
            match &loaded.object {
                Object::Namespace(_) | Object::Profile(_) => {
                    namespaces.insert(loaded.meta.name.clone());
                }
                _ => {}
            }
        }
        namespaces.into_iter().collect()
    }

    /// For one user: in every namespace, the verbs allowed on each resource.
    pub fn subject_matrix(&self, user: &UserInfo, options: &MatrixOptions) -> AccessMatrix {
        let (resources, verbs) = options.resolve(self);
        let cluster = self.rules_for(user, "");
        let cluster_rules: Vec<&PolicyRule> = cluster.rules.iter().map(|r| &r.rule).collect();
        let cluster_only = allowed_cells(&cluster_rules, &resources, &verbs, "default");
        let mut local = Vec::new();
        let rows = self
            .namespaces()
            .into_iter()
            .map(|namespace| {
                let has_local = self.namespace_index.get(&namespace).is_some_and(|index| {
                    local.clear();
                    index.collect(&user.name, &user.groups, &mut local);
                    !local.is_empty()
                });
                let allowed = if has_local {
                    let list = self.rules_for(user, &namespace);
                    let rules: Vec<&PolicyRule> = list.rules.iter().map(|r| &r.rule).collect();
                    allowed_cells(&rules, &resources, &verbs, &namespace)
                } else {
                    cluster_only.clone()
                };
                MatrixRow {
                    namespace: Some(namespace),
                    subject: None,
                    allowed,
                }
            })
            .collect();
        AccessMatrix {
            resources,
            verbs,
            rows,
        }
    }

    /// For one namespace: every subject bound there or cluster-wide, with the verbs its own
    /// bindings allow on each resource. Grants a subject receives through its groups are in the
    /// groups' rows.
    pub fn namespace_matrix(&self, namespace: &str, options: &MatrixOptions) -> AccessMatrix {
        let (resources, verbs) = options.resolve(self);
        let local = self
            .namespace_bindings
            .get(namespace)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut grants: Vec<(Subject, Vec<&PolicyRule>)> = Vec::new();
        for &id in self.cluster_bindings.iter().chain(local) {
            let binding = &self.bindings[id as usize];
            let Ok(role) = binding.role else {
                continue;
            };
            let subjects = match &self.objects[binding.object].object {
                Object::ClusterRoleBinding(b) => b.subjects.as_deref(),
                Object::RoleBinding(b) => b.subjects.as_deref(),
                _ => None,
            };
            for subject in subjects.unwrap_or_default() {
                let Some(subject) = effective_subject(subject, binding.namespace.as_deref()) else {
                    continue;
                };
                let rules = self.roles[role].rules.iter().map(|r| &r.rule);
                match grants.iter_mut().find(|(s, _)| *s == subject) {
                    Some((_, list)) => list.extend(rules),
                    None => grants.push((subject, rules.collect())),
                }
            }
        }
        grants.sort_by(|a, b| {
            (&a.0.kind, &a.0.name, &a.0.namespace).cmp(&(&b.0.kind, &b.0.name, &b.0.namespace))
        });
        let rows = grants
            .into_iter()
            .map(|(subject, rules)| MatrixRow {
                namespace: None,
                subject: Some(subject),
                allowed: allowed_cells(&rules, &resources, &verbs, namespace),
            })
            .collect();
        AccessMatrix {
            resources,
            verbs,
            rows,
        }
    }
}
