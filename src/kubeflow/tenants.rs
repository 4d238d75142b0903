//! Kubeflow tenants: each Profile's namespace, owner and contributors.

use k8s_openapi::api::rbac::v1::{RoleBinding, Subject};
use serde::Serialize;

use crate::object::{Object, ObjectRef};
use crate::profile::OWNER_BINDING;
use crate::workspace::Workspace;

/// The roles a contributor can hold, as Kubeflow's access management names them.
pub const CONTRIBUTOR_ROLES: [&str; 3] = ["admin", "edit", "view"];

/// A person given access to a Profile through Kubeflow's access management: a RoleBinding
/// annotated with `user` and `role`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contributor {
    /// The `user` annotation.
    pub user: String,
    /// The `role` annotation: admin, edit or view.
    pub role: String,
    pub binding: ObjectRef,
    /// The name access management computes for this user and role.
    pub expected_name: String,
}

/// One tenant: a Profile and the people and accounts that belong to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    /// The Profile's name, which is also its namespace.
    pub namespace: String,
    pub profile: ObjectRef,
    pub owner: Option<Subject>,
    pub contributors: Vec<Contributor>,
}

impl Tenant {
    /// Whether a subject belongs to this tenant: the owner, a contributor, or a service account
    /// (or the service-account group) of the tenant's namespace.
    pub fn is_member(&self, subject: &Subject) -> bool {
        let name = subject.name.as_str();
        match subject.kind.as_str() {
            "ServiceAccount" => subject.namespace.as_deref() == Some(self.namespace.as_str()),
            "Group" => {
                name.strip_prefix("system:serviceaccounts:") == Some(self.namespace.as_str())
            }
            "User" => {
                let owner = self
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.kind == "User" && o.name == name);
                let contributor = self.contributors.iter().any(|c| c.user == name);
                let account = name
                    .strip_prefix("system:serviceaccount:")
                    .and_then(|rest| rest.split_once(':'))
                    .is_some_and(|(namespace, _)| namespace == self.namespace);
                owner || contributor || account
            }
            _ => false,
        }
    }
}

/// Computes the name Kubeflow's access management gives a contributor's RoleBinding and
/// AuthorizationPolicy: the lowercased join of the subject kind, the user, `clusterrole` and the
/// role, with every run of characters other than letters and digits replaced by `-`.
pub fn contributor_binding_name(kind: &str, user: &str, role: &str) -> String {
    let joined = format!("{kind}-{user}-clusterrole-{role}").to_lowercase();
    let mut name = String::with_capacity(joined.len());
    let mut in_run = false;
    for c in joined.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c);
            in_run = false;
        } else if !in_run {
            name.push('-');
            in_run = true;
        }
    }
    name
}

/// The `user` and `role` annotations of a RoleBinding, when it has both.
pub fn contributor_annotations(binding: &RoleBinding) -> Option<(&str, &str)> {
    let annotations = binding.metadata.annotations.as_ref()?;
    Some((
        annotations.get("user")?.as_str(),
        annotations.get("role")?.as_str(),
    ))
}

impl Workspace {
    /// Lists the tenants: one per Profile, in input order, with the contributors found among
    /// the annotated RoleBindings of its namespace. The owner's `namespaceAdmin` binding is not
    /// a contributor.
    pub fn tenants(&self) -> Vec<Tenant> {
        let mut tenants = Vec::new();
        for loaded in &self.objects {
            let Object::Profile(profile) = &loaded.object else {
                continue;
            };
            let namespace = profile.name().to_owned();
            let contributors = self.contributors_in(&namespace);
            tenants.push(Tenant {
                namespace,
                profile: loaded.meta.clone(),
                owner: profile.spec.owner.clone(),
                contributors,
            });
        }
        tenants
    }

    fn contributors_in(&self, namespace: &str) -> Vec<Contributor> {
        let Some(ids) = self.namespace_bindings.get(namespace) else {
            return Vec::new();
        };
        let mut contributors = Vec::new();
        for &id in ids {
            let entry = &self.bindings[id as usize];
            let loaded = &self.objects[entry.object];
            let Object::RoleBinding(binding) = &loaded.object else {
                continue;
            };
            if loaded.meta.name == OWNER_BINDING {
                continue;
            }
            let Some((user, role)) = contributor_annotations(binding) else {
                continue;
            };
            contributors.push(Contributor {
                user: user.to_owned(),
                role: role.to_owned(),
                binding: loaded.meta.clone(),
                expected_name: contributor_binding_name("User", user, role),
            });
        }
        contributors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binding_name_follows_access_management() {
        assert_eq!(
            contributor_binding_name("User", "alice@example.com", "edit"),
            "user-alice-example-com-clusterrole-edit"
        );
        assert_eq!(
            contributor_binding_name("User", "Bob.Smith+ml@Example.COM", "view"),
            "user-bob-smith-ml-example-com-clusterrole-view"
        );
    }
}
