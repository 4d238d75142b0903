//! Checks of Kubeflow's conventions for Profile namespaces and contributors. A binding that
//! breaks them still works for RBAC, but Kubeflow's access management cannot list or remove it.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::object::{LoadedObject, Object, ObjectRef};
use crate::profile::OWNER_BINDING;
use crate::workspace::Workspace;

use super::tenants::{
    contributor_annotations, contributor_binding_name, Tenant, CONTRIBUTOR_ROLES,
};

/// Diagnostic codes of the Kubeflow convention checks.
pub mod codes {
    /// A contributor binding whose name is not the one access management computes.
    pub const CONTRIBUTOR_NAME: &str = "kubeflow/contributor-binding-name";
    /// A contributor binding with other than exactly one subject.
    pub const CONTRIBUTOR_SUBJECTS: &str = "kubeflow/contributor-subject-count";
    /// Contributor annotations that disagree with the binding, or only one of the two.
    pub const CONTRIBUTOR_ANNOTATIONS: &str = "kubeflow/contributor-annotations";
    /// A contributor binding without its Istio AuthorizationPolicy.
    pub const MISSING_AUTHORIZATION_POLICY: &str = "kubeflow/missing-authorization-policy";
    /// A Profile namespace whose `owner` annotation is missing or names someone else.
    pub const NAMESPACE_OWNER: &str = "kubeflow/namespace-owner";
    /// A user other than the owner bound to kubeflow-admin in a Profile namespace.
    pub const ADMIN_NOT_OWNER: &str = "kubeflow/admin-not-owner";
}

impl Workspace {
    /// Checks every Profile namespace against Kubeflow's conventions.
    pub(crate) fn kubeflow_diagnostics(&self) -> Vec<Diagnostic> {
        let tenants = self.tenants();
        let istio = self
            .objects
            .iter()
            .any(|o| o.meta.api_version.starts_with("security.istio.io/"));
        let policies: HashSet<(&str, &str)> = self
            .objects
            .iter()
            .filter(|o| {
                o.meta.kind == "AuthorizationPolicy"
                    && o.meta.api_version.starts_with("security.istio.io/")
            })
            .map(|o| {
                (
                    o.meta.namespace.as_deref().unwrap_or_default(),
                    o.meta.name.as_str(),
                )
            })
            .collect();
        let mut diagnostics = Vec::new();
        // The Namespace objects the input contains, by name; implied ones carry no annotation
        // of their own to check.
        let namespaces: HashMap<&str, &LoadedObject> = self
            .objects
            .iter()
            .filter(|o| matches!(o.object, Object::Namespace(_)) && !o.meta.implied)
            .map(|o| (o.meta.name.as_str(), o))
            .collect();
        for tenant in &tenants {
            self.check_namespace_owner(tenant, &namespaces, &mut diagnostics);
            self.check_bindings(tenant, istio.then_some(&policies), &mut diagnostics);
        }
        diagnostics
    }

    fn check_namespace_owner(
        &self,
        tenant: &Tenant,
        namespaces: &HashMap<&str, &LoadedObject>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Some(owner) = &tenant.owner else {
            return;
        };
        let Some(namespace) = namespaces.get(tenant.namespace.as_str()) else {
            return;
        };
        let Object::Namespace(object) = &namespace.object else {
            return;
        };
        let annotation = object
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get("owner"));
        let problem = match annotation {
            Some(value) if *value == owner.name => return,
            Some(value) => format!(
                "is annotated owner: {value}, but Profile {} is owned by {}",
                tenant.namespace, owner.name
            ),
            None => format!(
                "has no owner annotation, but Profile {} is owned by {}",
                tenant.namespace, owner.name
            ),
        };
        diagnostics.push(
            Diagnostic::new(codes::NAMESPACE_OWNER, Severity::Error, format!("Namespace {} {problem}", tenant.namespace))
                .with_help(format!(
                    "the profile controller refuses a namespace whose owner annotation differs from the Profile's owner; set metadata.annotations.owner to {}",
                    owner.name
                ))
                .on(&namespace.meta),
        );
    }

    fn check_bindings(
        &self,
        tenant: &Tenant,
        policies: Option<&HashSet<(&str, &str)>>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Some(ids) = self.namespace_bindings.get(&tenant.namespace) else {
            return;
        };
        for &id in ids {
            let loaded = &self.objects[self.bindings[id as usize].object];
            let Object::RoleBinding(binding) = &loaded.object else {
                continue;
            };
            let meta = &loaded.meta;
            self.check_admin_owner(tenant, binding, meta, diagnostics);
            if meta.name == OWNER_BINDING {
                continue;
            }
            let annotations = binding.metadata.annotations.as_ref();
            let has_user = annotations.is_some_and(|a| a.contains_key("user"));
            let has_role = annotations.is_some_and(|a| a.contains_key("role"));
            if has_user != has_role {
                let missing = if has_user { "role" } else { "user" };
                diagnostics.push(
                    Diagnostic::new(
                        codes::CONTRIBUTOR_ANNOTATIONS,
                        Severity::Warning,
                        format!("RoleBinding {}/{} has one contributor annotation but no {missing:?} annotation", tenant.namespace, meta.name),
                    )
                    .with_help("Kubeflow lists a contributor only when the binding has both the user and role annotations; add the missing one, or remove both if this is not a contributor")
                    .on(meta),
                );
                continue;
            }
            let Some((user, role)) = contributor_annotations(binding) else {
                continue;
            };
            check_contributor(tenant, binding, meta, user, role, diagnostics);
            if let Some(policies) = policies {
                if !policies.contains(&(tenant.namespace.as_str(), meta.name.as_str())) {
                    diagnostics.push(
                        Diagnostic::new(
                            codes::MISSING_AUTHORIZATION_POLICY,
                            Severity::Warning,
                            format!("contributor RoleBinding {}/{} has no AuthorizationPolicy of the same name", tenant.namespace, meta.name),
                        )
                        .with_help("access management creates both objects and needs both to remove the contributor; without the policy, Istio also blocks the contributor's requests through the gateway")
                        .on(meta),
                    );
                }
            }
        }
    }

    fn check_admin_owner(
        &self,
        tenant: &Tenant,
        binding: &k8s_openapi::api::rbac::v1::RoleBinding,
        meta: &ObjectRef,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if binding.role_ref.kind != "ClusterRole" || binding.role_ref.name != "kubeflow-admin" {
            return;
        }
        for subject in binding
            .subjects
            .iter()
            .flatten()
            .filter(|s| s.kind == "User")
        {
            let is_owner = tenant
                .owner
                .as_ref()
                .is_some_and(|o| o.kind == "User" && o.name == subject.name);
            if is_owner {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    codes::ADMIN_NOT_OWNER,
                    Severity::Info,
                    format!("{} is bound to kubeflow-admin in {} by RoleBinding {}, but is not the Profile's owner", subject.name, tenant.namespace, meta.name),
                )
                .with_help("RBAC lets them create RoleBindings, but Kubeflow lets only the Profile owner (or a cluster admin) manage contributors; change spec.owner of the Profile to transfer ownership")
                .on(meta),
            );
        }
    }
}

fn check_contributor(
    tenant: &Tenant,
    binding: &k8s_openapi::api::rbac::v1::RoleBinding,
    meta: &ObjectRef,
    user: &str,
    role: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let subjects = binding.subjects.as_deref().unwrap_or_default();
    if subjects.len() != 1 {
        diagnostics.push(
            Diagnostic::new(
                codes::CONTRIBUTOR_SUBJECTS,
                Severity::Error,
                format!("contributor RoleBinding {}/{} has {} subjects; a contributor binding has exactly one", tenant.namespace, meta.name, subjects.len()),
            )
            .with_help("Kubeflow fails to list the contributors of the whole namespace while one annotated binding has more than one subject; split it into one binding per user")
            .on(meta),
        );
    }
    let mut problems = Vec::new();
    if let [subject] = subjects {
        if subject.kind != "User" || subject.name != user {
            problems.push(format!(
                "the user annotation is {user:?} but the subject is {} {:?}",
                subject.kind, subject.name
            ));
        }
    }
    if !CONTRIBUTOR_ROLES.contains(&role) {
        problems.push(format!(
            "the role annotation is {role:?}, not admin, edit or view"
        ));
    } else if binding.role_ref.kind != "ClusterRole"
        || binding.role_ref.name != format!("kubeflow-{role}")
    {
        problems.push(format!(
            "the role annotation is {role:?} but roleRef is {} {}",
            binding.role_ref.kind, binding.role_ref.name
        ));
    }
    for problem in problems {
        diagnostics.push(
            Diagnostic::new(
                codes::CONTRIBUTOR_ANNOTATIONS,
                Severity::Warning,
                format!("contributor RoleBinding {}/{}: {problem}", tenant.namespace, meta.name),
            )
            .with_help("Kubeflow shows the annotations, while RBAC grants what the subjects and roleRef say; make them agree")
            .on(meta),
        );
    }
    let expected = contributor_binding_name("User", user, role);
    if meta.name != expected {
        diagnostics.push(
            Diagnostic::new(
                codes::CONTRIBUTOR_NAME,
                Severity::Warning,
                format!("contributor RoleBinding {}/{} for {user} as {role} is not named {expected}", tenant.namespace, meta.name),
            )
            .with_help(format!(
                "access management removes a contributor by the computed name, so removing {user} through Kubeflow fails; rename the binding (and its AuthorizationPolicy) to {expected}"
            ))
            .on(meta),
        );
    }
}
