//! Loaded Kubernetes objects, typed where the tool evaluates them and counted otherwise.

use k8s_openapi::api::authorization::v1::SubjectAccessReview;
use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use serde::Serialize;

use crate::profile::Profile;
use crate::source::Location;

/// Identity and origin of one object: what it is, where it came from, and whether a Profile
/// implies it rather than the input containing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    pub kind: String,
    pub api_version: String,
    pub name: String,
    pub namespace: Option<String>,
    /// True for objects the Kubeflow profile controller creates from a Profile and the input
    /// does not contain.
    pub implied: bool,
    /// Where the object starts; for implied objects, where their Profile starts.
    pub location: Option<Location>,
}

impl ObjectRef {
    /// Formats the object as `Kind namespace/name` or `Kind name`.
    pub fn display_name(&self) -> String {
        match &self.namespace {
            Some(namespace) => format!("{} {}/{}", self.kind, namespace, self.name),
            None => format!("{} {}", self.kind, self.name),
        }
    }
}

/// The typed content of a loaded object.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    ClusterRole(ClusterRole),
    Role(Role),
    ClusterRoleBinding(ClusterRoleBinding),
    RoleBinding(RoleBinding),
    Namespace(Namespace),
    ServiceAccount(ServiceAccount),
    CustomResourceDefinition(Box<CustomResourceDefinition>),
    SubjectAccessReview(Box<SubjectAccessReview>),
    Profile(Profile),
    /// Any other kind: kept so it is counted, never evaluated.
    Other,
}

/// One object of the input, or one implied by a Profile.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedObject {
    pub meta: ObjectRef,
    pub object: Object,
    /// The Profile that implies this object, when `meta.implied` is true.
    pub implied_by: Option<String>,
    /// Paths of fields the object's schema does not have, such as `rules[0].resourceName`.
    pub unknown_fields: Vec<String>,
}
