//! The isolation report: for every Profile namespace, the subjects outside the tenant that can
//! read or change its KServe resources, read its secrets, exec into its pods or mint tokens for
//! its service accounts, with the grant that lets them.

use std::collections::HashMap;

use k8s_openapi::api::rbac::v1::Subject;
use serde::{Deserialize, Serialize};

use crate::catalog::KSERVE_GROUP;
use crate::object::{Object, ObjectRef};
use crate::rbac::matching::rule_allows_resource;
use crate::rbac::request::{split_service_account, ResourceAttributes};
use crate::who_can::effective_subject;
use crate::workspace::Workspace;

use super::tenants::Tenant;

/// Verbs checked on each KServe resource.
const KSERVE_VERBS: [&str; 6] = ["get", "list", "create", "update", "patch", "delete"];

/// What kind of outsider a subject is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OutsiderKind {
    /// A member of another tenant: its owner, a contributor, or one of its service accounts.
    OtherTenant,
    /// A group that holds every user or every service account, or a wildcard.
    BroadGroup,
    /// Anyone else: a user or group not tied to any tenant.
    Outsider,
    /// The platform: service accounts of namespaces without a Profile (controllers, the models
    /// web app), system:masters, and holders of cluster-admin.
    Platform,
}

/// One outsider's access to one tenant namespace.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exposure {
    pub namespace: String,
    /// The subject; a ServiceAccount carries its effective namespace.
    pub subject: Subject,
    pub kind: OutsiderKind,
    /// For [`OutsiderKind::OtherTenant`], the tenant the subject belongs to.
    pub other_tenant: Option<String>,
    /// What it may do, e.g. `create inferenceservices.serving.kserve.io` or `get secrets`.
    pub access: Vec<String>,
    pub binding: ObjectRef,
    pub role: ObjectRef,
    /// True when the grant is a ClusterRoleBinding, which reaches every namespace.
    pub cluster_wide: bool,
    /// True when the baseline accepts this exposure.
    pub accepted: bool,
}

impl Exposure {
    /// Whether this exposure makes the report fail: not the platform and not accepted.
    pub fn is_leak(&self) -> bool {
        self.kind != OutsiderKind::Platform && !self.accepted
    }
}

/// The isolation report of every tenant.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IsolationReport {
    pub tenants: Vec<String>,
    pub exposures: Vec<Exposure>,
    /// Number of exposures that are leaks: not the platform and not in the baseline.
    pub leaks: usize,
}

/// Accepted exposures: a baseline written by `isolation --write-baseline`, or an allowlist
/// written by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    #[serde(default)]
    pub accepted: Vec<AcceptedExposure>,
}

/// One accepted subject, in some or all tenant namespaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptedExposure {
    /// User, Group or ServiceAccount.
    pub kind: String,
    pub name: String,
    /// The ServiceAccount's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Tenant namespaces where the exposure is accepted; empty or absent means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tenants: Vec<String>,
    /// Why it is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Baseline {
    fn accepts(&self, exposure: &Exposure) -> bool {
        self.accepted.iter().any(|entry| {
            entry.kind == exposure.subject.kind
                && entry.name == exposure.subject.name
                && (entry.namespace.is_none() || entry.namespace == exposure.subject.namespace)
                && (entry.tenants.is_empty()
                    || entry
                        .tenants
                        .iter()
                        .any(|t| t == "*" || *t == exposure.namespace))
        })
    }

    /// A baseline that accepts every leak of a report, one entry per subject.
    pub fn from_report(report: &IsolationReport) -> Self {
        let mut accepted: Vec<AcceptedExposure> = Vec::new();
        for exposure in report.exposures.iter().filter(|e| e.is_leak()) {
            let subject = &exposure.subject;
            let existing = accepted.iter_mut().find(|a| {
                a.kind == subject.kind && a.name == subject.name && a.namespace == subject.namespace
            });
            match existing {
                Some(entry) => {
                    if !entry.tenants.contains(&exposure.namespace) {
                        entry.tenants.push(exposure.namespace.clone());
                    }
                }
                None => accepted.push(AcceptedExposure {
                    kind: subject.kind.clone(),
                    name: subject.name.clone(),
                    namespace: subject.namespace.clone(),
                    tenants: vec![exposure.namespace.clone()],
                    reason: Some(format!(
                        "accepted from a report: {}",
                        exposure.binding.display_name()
                    )),
                }),
            }
        }
        Self { accepted }
    }
}

/// The requests the report checks, with labels for messages.
fn sensitive_requests(kserve: &[String]) -> Vec<(String, ResourceAttributes)> {
    let request = |verb: &str, group: &str, resource: &str, subresource: &str| ResourceAttributes {
        namespace: String::new(),
        verb: verb.to_owned(),
        group: group.to_owned(),
        resource: resource.to_owned(),
        subresource: subresource.to_owned(),
        name: String::new(),
    };
    let mut requests = Vec::new();
    for resource in kserve {
        for verb in KSERVE_VERBS {
            requests.push((
                format!("{verb} {resource}.{KSERVE_GROUP}"),
                request(verb, KSERVE_GROUP, resource, ""),
            ));
        }
    }
    requests.push(("get secrets".to_owned(), request("get", "", "secrets", "")));
    requests.push((
        "create pods/exec".to_owned(),
        request("create", "", "pods", "exec"),
    ));
    requests.push((
        "create serviceaccounts/token".to_owned(),
        request("create", "", "serviceaccounts", "token"),
    ));
    requests
}

impl Workspace {
    /// Builds the isolation report. Exposures the baseline accepts are marked, not dropped.
    pub fn isolation_report(&self, baseline: &Baseline) -> IsolationReport {
        let tenants = self.tenants();
        let requests = sensitive_requests(&self.kserve_resources());
        let masks = self.role_masks(&requests);
        let membership = Membership::new(&tenants);

        let mut exposures = Vec::new();
        for tenant in &tenants {
            let local = self
                .namespace_bindings
                .get(&tenant.namespace)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let scoped = self
                .cluster_bindings
                .iter()
                .map(|id| (*id, true))
                .chain(local.iter().map(|id| (*id, false)));
            for (id, cluster_wide) in scoped {
                let binding = &self.bindings[id as usize];
                let Ok(role) = binding.role else {
                    continue;
                };
                let mask = &masks[role];
                if mask.iter().all(|allowed| !allowed) {
                    continue;
                }
                let subjects = match &self.objects[binding.object].object {
                    Object::ClusterRoleBinding(b) => b.subjects.as_deref(),
                    Object::RoleBinding(b) => b.subjects.as_deref(),
                    _ => None,
                };
                for subject in subjects.unwrap_or_default() {
                    let Some(subject) = effective_subject(subject, binding.namespace.as_deref())
                    else {
                        continue;
                    };
                    if tenant.is_member(&subject) {
                        continue;
                    }
                    let role_name = &self.objects[self.roles[role].object].meta.name;
                    let (kind, other_tenant) =
                        membership.classify(&subject, role_name, &tenant.namespace);
                    let access = requests
                        .iter()
                        .zip(mask)
                        .filter(|(_, allowed)| **allowed)
                        .map(|((label, _), _)| label.clone())
                        .collect();
                    let mut exposure = Exposure {
                        namespace: tenant.namespace.clone(),
                        subject,
                        kind,
                        other_tenant,
                        access,
                        binding: self.object_ref(binding.object).clone(),
                        role: self.object_ref(self.roles[role].object).clone(),
                        cluster_wide,
                        accepted: false,
                    };
                    exposure.accepted = baseline.accepts(&exposure);
                    exposures.push(exposure);
                }
            }
        }
        let leaks = exposures.iter().filter(|e| e.is_leak()).count();
        IsolationReport {
            tenants: tenants.into_iter().map(|t| t.namespace).collect(),
            exposures,
            leaks,
        }
    }

    /// For each role, which of the requests it allows.
    fn role_masks(&self, requests: &[(String, ResourceAttributes)]) -> Vec<Vec<bool>> {
        self.roles
            .iter()
            .map(|role| {
                requests
                    .iter()
                    .map(|(_, request)| {
                        role.rules
                            .iter()
                            .any(|r| rule_allows_resource(&r.rule, request))
                    })
                    .collect()
            })
            .collect()
    }
}

/// Which tenant each user and service-account namespace belongs to.
struct Membership<'a> {
    users: HashMap<&'a str, &'a str>,
    namespaces: HashMap<&'a str, ()>,
}

impl<'a> Membership<'a> {
    fn new(tenants: &'a [Tenant]) -> Self {
        let mut users = HashMap::new();
        let mut namespaces = HashMap::new();
        for tenant in tenants {
            namespaces.insert(tenant.namespace.as_str(), ());
            if let Some(owner) = &tenant.owner {
                users
                    .entry(owner.name.as_str())
                    .or_insert(tenant.namespace.as_str());
            }
            for contributor in &tenant.contributors {
                users
                    .entry(contributor.user.as_str())
                    .or_insert(tenant.namespace.as_str());
            }
        }
        Self { users, namespaces }
    }

    fn classify(
        &self,
        subject: &Subject,
        role: &str,
        tenant: &str,
    ) -> (OutsiderKind, Option<String>) {
        let name = subject.name.as_str();
        if role == "cluster-admin" || (subject.kind == "Group" && name == "system:masters") {
            return (OutsiderKind::Platform, None);
        }
        let account_namespace = match subject.kind.as_str() {
            "ServiceAccount" => subject.namespace.as_deref(),
            "User" => split_service_account(name).map(|(namespace, _)| namespace),
            _ => None,
        };
        if let Some(namespace) = account_namespace {
            return if self.namespaces.contains_key(namespace) {
                (OutsiderKind::OtherTenant, Some(namespace.to_owned()))
            } else {
                (OutsiderKind::Platform, None)
            };
        }
        match subject.kind.as_str() {
            "Group" => {
                let broad = matches!(
                    name,
                    "system:authenticated"
                        | "system:unauthenticated"
                        | "system:serviceaccounts"
                        | "*"
                );
                if broad {
                    return (OutsiderKind::BroadGroup, None);
                }
                match name.strip_prefix("system:serviceaccounts:") {
                    Some(namespace) if self.namespaces.contains_key(namespace) => {
                        (OutsiderKind::OtherTenant, Some(namespace.to_owned()))
                    }
                    Some(_) => (OutsiderKind::Platform, None),
                    None => (OutsiderKind::Outsider, None),
                }
            }
            "User" => match self.users.get(name) {
                Some(other) if *other != tenant => {
                    (OutsiderKind::OtherTenant, Some((*other).to_owned()))
                }
                _ => (OutsiderKind::Outsider, None),
            },
            _ => (OutsiderKind::Outsider, None),
        }
    }
}
