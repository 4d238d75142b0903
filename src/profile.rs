//! Kubeflow's Profile and the objects its controller creates in the Profile's namespace.

use std::collections::{BTreeMap, HashSet};

use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
use k8s_openapi::api::rbac::v1::{RoleBinding, RoleRef, Subject};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use crate::object::{LoadedObject, Object, ObjectRef};

/// The API group of Kubeflow's Profile.
pub const PROFILE_GROUP: &str = "kubeflow.org";
/// Name of the owner's RoleBinding in a Profile namespace.
pub const OWNER_BINDING: &str = "namespaceAdmin";
/// The ServiceAccounts a Profile namespace gets, with the ClusterRole each is bound to.
pub const DEFAULT_ACCOUNTS: [(&str, &str); 2] = [
    ("default-editor", "kubeflow-edit"),
    ("default-viewer", "kubeflow-view"),
];

/// A Kubeflow Profile (`kubeflow.org/v1` or `v1beta1`, cluster-scoped): one tenant, whose
/// namespace carries the Profile's name.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub api_version: String,
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ProfileSpec,
    /// Written by the profile controller; kept so exported Profiles load without notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
}

/// The fields of a Profile's spec that bear on access.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileSpec {
    /// The RBAC subject that owns the namespace, usually `{kind: User, name: <email>}`.
    pub owner: Option<Subject>,
    pub plugins: Option<Vec<serde_json::Value>>,
    pub resource_quota_spec: Option<serde_json::Value>,
}

impl Profile {
    pub fn name(&self) -> &str {
        self.metadata.name.as_deref().unwrap_or_default()
    }
}

/// Adds the objects the profile controller would create for each Profile and the input lacks:
/// the namespace, the owner's `namespaceAdmin` RoleBinding to kubeflow-admin, and the
/// `default-editor` and `default-viewer` ServiceAccounts with their RoleBindings.
pub fn add_implied_objects(objects: &mut Vec<LoadedObject>) {
    let mut present: HashSet<(&'static str, Option<String>, String)> = HashSet::new();
    for loaded in objects.iter() {
        let key = match loaded.object {
            Object::Namespace(_) => "Namespace",
            Object::RoleBinding(_) => "RoleBinding",
            Object::ServiceAccount(_) => "ServiceAccount",
            _ => continue,
        };
        present.insert((key, loaded.meta.namespace.clone(), loaded.meta.name.clone()));
    }

    let mut implied = Vec::new();
    for loaded in objects.iter() {
        let Object::Profile(profile) = &loaded.object else {
            continue;
        };
        let namespace = profile.name().to_owned();
        if namespace.is_empty() {
            continue;
        }
        let mut push = |kind: &'static str, name: &str, object: Object, version: &str| {
            let scope = (kind != "Namespace").then(|| namespace.clone());
            if present.insert((kind, scope.clone(), name.to_owned())) {
                implied.push(LoadedObject {
                    meta: ObjectRef {
                        kind: kind.to_owned(),
                        api_version: version.to_owned(),
                        name: name.to_owned(),
                        namespace: scope,
                        implied: true,
                        location: loaded.meta.location.clone(),
                    },
                    object,
                    implied_by: Some(namespace.clone()),
                    unknown_fields: Vec::new(),
                });
            }
        };

        push("Namespace", &namespace, namespace_for(profile), "v1");
        if let Some(owner) = &profile.spec.owner {
            let binding = owner_binding(&namespace, owner);
            push("RoleBinding", OWNER_BINDING, binding, RBAC_V1);
        }
        for (account, role) in DEFAULT_ACCOUNTS {
            let service_account = Object::ServiceAccount(ServiceAccount {
                metadata: meta(account, Some(&namespace), BTreeMap::new()),
                ..ServiceAccount::default()
            });
            push("ServiceAccount", account, service_account, "v1");
            let binding = account_binding(&namespace, account, role);
            push("RoleBinding", account, binding, RBAC_V1);
        }
    }
    objects.extend(implied);
}

const RBAC_V1: &str = "rbac.authorization.k8s.io/v1";

fn meta(name: &str, namespace: Option<&str>, annotations: BTreeMap<String, String>) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: namespace.map(str::to_owned),
        annotations: (!annotations.is_empty()).then_some(annotations),
        ..ObjectMeta::default()
    }
}

fn namespace_for(profile: &Profile) -> Object {
    let mut annotations = BTreeMap::new();
    if let Some(owner) = &profile.spec.owner {
        annotations.insert("owner".to_owned(), owner.name.clone());
    }
    let mut metadata = meta(profile.name(), None, annotations);
    metadata.labels = Some(BTreeMap::from([(
        "istio-injection".to_owned(),
        "enabled".to_owned(),
    )]));
    Object::Namespace(Namespace {
        metadata,
        ..Namespace::default()
    })
}

fn cluster_role_ref(name: &str) -> RoleRef {
    RoleRef {
        api_group: Some("rbac.authorization.k8s.io".to_owned()),
        kind: "ClusterRole".to_owned(),
        name: name.to_owned(),
    }
}

fn owner_binding(namespace: &str, owner: &Subject) -> Object {
    let annotations = BTreeMap::from([
        ("user".to_owned(), owner.name.clone()),
        ("role".to_owned(), "admin".to_owned()),
    ]);
    Object::RoleBinding(RoleBinding {
        metadata: meta(OWNER_BINDING, Some(namespace), annotations),
        role_ref: cluster_role_ref("kubeflow-admin"),
        subjects: Some(vec![owner.clone()]),
    })
}

fn account_binding(namespace: &str, account: &str, role: &str) -> Object {
    Object::RoleBinding(RoleBinding {
        metadata: meta(account, Some(namespace), BTreeMap::new()),
        role_ref: cluster_role_ref(role),
        subjects: Some(vec![Subject {
            kind: "ServiceAccount".to_owned(),
            name: account.to_owned(),
            namespace: Some(namespace.to_owned()),
            api_group: None,
        }]),
    })
}
