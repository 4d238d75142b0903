//! The rules that apply to a user in a namespace, as `kubectl auth can-i --list` lists them,
//! with the binding and role each comes from.

use k8s_openapi::api::rbac::v1::PolicyRule;
use serde::Serialize;

use crate::object::ObjectRef;
use crate::rbac::index::in_binding_order;
use crate::rbac::request::UserInfo;
use crate::workspace::Workspace;

/// Where a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum GrantScope {
    /// Through a ClusterRoleBinding: in every namespace and cluster-wide.
    Cluster,
    /// Through a RoleBinding: in its namespace only.
    Namespace,
}

/// One rule that applies to a user, and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopedRule {
    pub rule: PolicyRule,
    pub scope: GrantScope,
    pub binding: ObjectRef,
    pub role: ObjectRef,
    pub aggregation_path: Vec<String>,
}

/// Every rule that applies to a user in a namespace.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleList {
    pub user: String,
    pub groups: Vec<String>,
    /// The namespace asked about; empty for cluster-wide grants only.
    pub namespace: String,
    pub rules: Vec<ScopedRule>,
    pub evaluation_errors: Vec<String>,
}

impl Workspace {
    /// Lists the rules of every binding that applies to the user: ClusterRoleBindings, then the
    /// RoleBindings of `namespace` (none when it is empty).
    pub fn rules_for(&self, user: &UserInfo, namespace: &str) -> RuleList {
        let mut cluster = Vec::new();
        self.cluster_index
            .collect(&user.name, &user.groups, &mut cluster);
        in_binding_order(&mut cluster);
        let mut local = Vec::new();
        if let Some(index) = self.namespace_index.get(namespace) {
            index.collect(&user.name, &user.groups, &mut local);
            in_binding_order(&mut local);
        }

        let mut rules = Vec::new();
        let mut errors = Vec::new();
        let scoped = cluster
            .iter()
            .map(|e| (e, GrantScope::Cluster))
            .chain(local.iter().map(|e| (e, GrantScope::Namespace)));
        for (entry, scope) in scoped {
            let binding = &self.bindings[entry.binding as usize];
            let role = match &binding.role {
                Ok(role) => &self.roles[*role],
                Err(error) => {
                    errors.push(error.clone());
                    continue;
                }
            };
            for sourced in &role.rules {
                rules.push(ScopedRule {
                    rule: sourced.rule.clone(),
                    scope,
                    binding: self.object_ref(binding.object).clone(),
                    role: self.object_ref(role.object).clone(),
                    aggregation_path: sourced.path.iter().map(ToString::to_string).collect(),
                });
            }
        }
        RuleList {
            user: user.name.clone(),
            groups: user.groups.clone(),
            namespace: namespace.to_owned(),
            rules,
            evaluation_errors: errors,
        }
    }
}
