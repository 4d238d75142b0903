//! The KServe coverage of Kubeflow's role tiers: for every namespaced KServe kind, which verbs
//! kubeflow-admin, kubeflow-edit and kubeflow-view grant, against what the generated roles grant.

use serde::Serialize;

use crate::catalog::{KSERVE, KSERVE_GROUP};
use crate::diagnostic::{Diagnostic, Severity};
use crate::generate::{EDIT_VERBS, VIEW_VERBS};
use crate::object::Object;
use crate::rbac::matching::rule_allows_resource;
use crate::rbac::request::ResourceAttributes;
use crate::workspace::Workspace;

/// Diagnostic code of a tier that misses KServe verbs.
pub const KSERVE_NOT_COVERED: &str = "kubeflow/kserve-not-covered";

/// What one tier grants on one KServe resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceCoverage {
    pub group: String,
    pub resource: String,
    pub granted: Vec<String>,
    /// Verbs the generated role of this tier grants and this tier does not.
    pub missing: Vec<String>,
}

/// What one of Kubeflow's tiers grants on KServe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TierCoverage {
    /// admin, edit or view.
    pub tier: String,
    /// The ClusterRole, e.g. kubeflow-edit.
    pub role: String,
    /// Whether the ClusterRole is in the input.
    pub present: bool,
    pub resources: Vec<ResourceCoverage>,
}

impl Workspace {
    /// The namespaced KServe resources: the built-in catalog plus CRDs in the input.
    pub fn kserve_resources(&self) -> Vec<String> {
        let mut resources: Vec<String> = KSERVE
            .iter()
            .filter(|r| r.namespaced)
            .map(|r| r.plural.to_owned())
            .collect();
        for loaded in &self.objects {
            if let Object::CustomResourceDefinition(crd) = &loaded.object {
                let plural = &crd.spec.names.plural;
                if crd.spec.group == KSERVE_GROUP
                    && crd.spec.scope == "Namespaced"
                    && !resources.contains(plural)
                {
                    resources.push(plural.clone());
                }
            }
        }
        resources
    }

    /// Reports, for kubeflow-admin, kubeflow-edit and kubeflow-view, the verbs each grants on
    /// every namespaced KServe resource and the verbs it misses.
    pub fn kserve_coverage(&self) -> Vec<TierCoverage> {
        let resources = self.kserve_resources();
        let tiers: [(&str, &[&str]); 3] = [
            ("admin", &EDIT_VERBS),
            ("edit", &EDIT_VERBS),
            ("view", &VIEW_VERBS),
        ];
        tiers
            .iter()
            .map(|(tier, expected)| {
                let role = format!("kubeflow-{tier}");
                let entry = self.cluster_role(&role);
                let resources = resources
                    .iter()
                    .map(|resource| {
                        let granted: Vec<String> = EDIT_VERBS
                            .iter()
                            .filter(|verb| {
                                let request = ResourceAttributes {
                                    namespace: String::new(),
                                    verb: (**verb).to_owned(),
                                    group: KSERVE_GROUP.to_owned(),
                                    resource: resource.clone(),
                                    subresource: String::new(),
                                    name: String::new(),
                                };
                                entry.is_some_and(|e| {
                                    e.rules
                                        .iter()
                                        .any(|r| rule_allows_resource(&r.rule, &request))
                                })
                            })
                            .map(|verb| (*verb).to_owned())
                            .collect();
                        let missing = expected
                            .iter()
                            .filter(|v| !granted.iter().any(|g| g == *v))
                            .map(|v| (*v).to_owned())
                            .collect();
                        ResourceCoverage {
                            group: KSERVE_GROUP.to_owned(),
                            resource: resource.clone(),
                            granted,
                            missing,
                        }
                    })
                    .collect();
                TierCoverage {
                    tier: (*tier).to_owned(),
                    role,
                    present: entry.is_some(),
                    resources,
                }
            })
            .collect()
    }

    /// One warning per tier present in the input that misses KServe verbs.
    pub(crate) fn coverage_diagnostics(&self) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for tier in self.kserve_coverage() {
            let Some(entry) = self.cluster_role(&tier.role) else {
                continue;
            };
            let gaps: Vec<String> = tier
                .resources
                .iter()
                .filter(|r| !r.missing.is_empty())
                .map(|r| {
                    if r.granted.is_empty() {
                        r.resource.clone()
                    } else {
                        format!("{} ({})", r.resource, r.missing.join(", "))
                    }
                })
                .collect();
            if gaps.is_empty() {
                continue;
            }
            let meta = &self.objects[entry.object].meta;
            diagnostics.push(
                Diagnostic::new(
                    KSERVE_NOT_COVERED,
                    Severity::Warning,
                    format!("ClusterRole {} does not grant the {} tier's verbs on these KServe resources: {}", tier.role, tier.tier, gaps.join(", ")),
                )
                .with_help(format!(
                    "holders of {} get 403 on them; add a ClusterRole labelled rbac.authorization.kubeflow.org/aggregate-to-{} that grants them, such as the output of `kserve-rbac generate`",
                    tier.role, tier.role
                ))
                .on(meta),
            );
        }
        diagnostics
    }
}
