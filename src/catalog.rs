//! Known API resources: Kubernetes built-ins, KServe, Kubeflow, Knative and Istio, so that a
//! type written as plural, singular, kind or short name resolves to its group and plural.

use serde::Serialize;

use crate::object::Object;
use crate::workspace::Workspace;

/// One API resource as discovery describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceType {
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    /// The name RBAC rules use: lowercase plural.
    pub plural: &'static str,
    pub short_names: &'static [&'static str],
    pub namespaced: bool,
    pub subresources: &'static [&'static str],
}

/// KServe's API group since v0.7.
pub const KSERVE_GROUP: &str = "serving.kserve.io";
/// KFServing's API group before KServe v0.7; rules with it grant nothing on KServe objects.
pub const LEGACY_KSERVE_GROUP: &str = "serving.kubeflow.org";

macro_rules! resource {
    ($group:expr, $version:expr, $kind:expr, $plural:expr, [$($short:expr),*], $namespaced:expr, [$($sub:expr),*]) => {
        ResourceType {
            group: $group,
            version: $version,
            kind: $kind,
            plural: $plural,
            short_names: &[$($short),*],
            namespaced: $namespaced,
            subresources: &[$($sub),*],
        }
    };
}

/// KServe's kinds, all in `serving.kserve.io`, at their storage versions.
pub const KSERVE: &[ResourceType] = &[
    resource!(
        KSERVE_GROUP,
        "v1beta1",
        "InferenceService",
        "inferenceservices",
        ["isvc"],
        true,
        ["status"]
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha1",
        "ServingRuntime",
        "servingruntimes",
        [],
        true,
        []
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha1",
        "ClusterServingRuntime",
        "clusterservingruntimes",
        [],
        false,
        []
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha1",
        "TrainedModel",
        "trainedmodels",
        ["tm"],
        true,
        ["status"]
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha1",
        "InferenceGraph",
        "inferencegraphs",
        ["ig"],
        true,
        ["status"]
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha1",
        "ClusterStorageContainer",
        "clusterstoragecontainers",
        [],
        false,
        []
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha2",
        "LLMInferenceService",
        "llminferenceservices",
        ["llmisvc"],
        true,
        ["status"]
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha2",
        "LLMInferenceServiceConfig",
        "llminferenceserviceconfigs",
        [],
        true,
        ["status"]
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha1",
        "LocalModelCache",
        "localmodelcaches",
        [],
        false,
        ["status"]
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha1",
        "LocalModelNamespaceCache",
        "localmodelnamespacecaches",
        [],
        true,
        ["status"]
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha1",
        "LocalModelNodeGroup",
        "localmodelnodegroups",
        [],
        false,
        []
    ),
    resource!(
        KSERVE_GROUP,
        "v1alpha1",
        "LocalModelNode",
        "localmodelnodes",
        [],
        false,
        ["status"]
    ),
];

/// Kubernetes built-in resources most RBAC rules name. Core-group entries come first, so an
/// ambiguous name such as `services` resolves to the core group, as kubectl resolves it.
pub const KUBERNETES: &[ResourceType] = &[
    resource!(
        "",
        "v1",
        "Pod",
        "pods",
        ["po"],
        true,
        [
            "attach",
            "binding",
            "ephemeralcontainers",
            "eviction",
            "exec",
            "log",
            "portforward",
            "proxy",
            "resize",
            "status"
        ]
    ),
    resource!(
        "",
        "v1",
        "Service",
        "services",
        ["svc"],
        true,
        ["proxy", "status"]
    ),
    resource!("", "v1", "ConfigMap", "configmaps", ["cm"], true, []),
    resource!("", "v1", "Secret", "secrets", [], true, []),
    resource!(
        "",
        "v1",
        "ServiceAccount",
        "serviceaccounts",
        ["sa"],
        true,
        ["token"]
    ),
    resource!(
        "",
        "v1",
        "Namespace",
        "namespaces",
        ["ns"],
        false,
        ["finalize", "status"]
    ),
    resource!(
        "",
        "v1",
        "Node",
        "nodes",
        ["no"],
        false,
        ["proxy", "status"]
    ),
    resource!(
        "",
        "v1",
        "PersistentVolumeClaim",
        "persistentvolumeclaims",
        ["pvc"],
        true,
        ["status"]
    ),
    resource!(
        "",
        "v1",
        "PersistentVolume",
        "persistentvolumes",
        ["pv"],
        false,
        ["status"]
    ),
    resource!("", "v1", "Event", "events", ["ev"], true, []),
    resource!("", "v1", "Endpoints", "endpoints", ["ep"], true, []),
    resource!("", "v1", "LimitRange", "limitranges", ["limits"], true, []),
    resource!(
        "",
        "v1",
        "ResourceQuota",
        "resourcequotas",
        ["quota"],
        true,
        ["status"]
    ),
    resource!(
        "",
        "v1",
        "ReplicationController",
        "replicationcontrollers",
        ["rc"],
        true,
        ["scale", "status"]
    ),
    resource!("", "v1", "PodTemplate", "podtemplates", [], true, []),
    resource!("", "v1", "Binding", "bindings", [], true, []),
    resource!(
        "",
        "v1",
        "ComponentStatus",
        "componentstatuses",
        ["cs"],
        false,
        []
    ),
    resource!(
        "apps",
        "v1",
        "Deployment",
        "deployments",
        ["deploy"],
        true,
        ["scale", "status"]
    ),
    resource!(
        "apps",
        "v1",
        "StatefulSet",
        "statefulsets",
        ["sts"],
        true,
        ["scale", "status"]
    ),
    resource!(
        "apps",
        "v1",
        "DaemonSet",
        "daemonsets",
        ["ds"],
        true,
        ["status"]
    ),
    resource!(
        "apps",
        "v1",
        "ReplicaSet",
        "replicasets",
        ["rs"],
        true,
        ["scale", "status"]
    ),
    resource!(
        "apps",
        "v1",
        "ControllerRevision",
        "controllerrevisions",
        [],
        true,
        []
    ),
    resource!("batch", "v1", "Job", "jobs", [], true, ["status"]),
    resource!(
        "batch",
        "v1",
        "CronJob",
        "cronjobs",
        ["cj"],
        true,
        ["status"]
    ),
    resource!(
        "autoscaling",
        "v2",
        "HorizontalPodAutoscaler",
        "horizontalpodautoscalers",
        ["hpa"],
        true,
        ["status"]
    ),
    resource!(
        "policy",
        "v1",
        "PodDisruptionBudget",
        "poddisruptionbudgets",
        ["pdb"],
        true,
        ["status"]
    ),
    resource!(
        "networking.k8s.io",
        "v1",
        "Ingress",
        "ingresses",
        ["ing"],
        true,
        ["status"]
    ),
    resource!(
        "networking.k8s.io",
        "v1",
        "NetworkPolicy",
        "networkpolicies",
        ["netpol"],
        true,
        []
    ),
    resource!(
        "networking.k8s.io",
        "v1",
        "IngressClass",
        "ingressclasses",
        [],
        false,
        []
    ),
    resource!(
        "rbac.authorization.k8s.io",
        "v1",
        "Role",
        "roles",
        [],
        true,
        []
    ),
    resource!(
        "rbac.authorization.k8s.io",
        "v1",
        "RoleBinding",
        "rolebindings",
        [],
        true,
        []
    ),
    resource!(
        "rbac.authorization.k8s.io",
        "v1",
        "ClusterRole",
        "clusterroles",
        [],
        false,
        []
    ),
    resource!(
        "rbac.authorization.k8s.io",
        "v1",
        "ClusterRoleBinding",
        "clusterrolebindings",
        [],
        false,
        []
    ),
    resource!(
        "authorization.k8s.io",
        "v1",
        "SubjectAccessReview",
        "subjectaccessreviews",
        [],
        false,
        []
    ),
    resource!(
        "authorization.k8s.io",
        "v1",
        "SelfSubjectAccessReview",
        "selfsubjectaccessreviews",
        [],
        false,
        []
    ),
    resource!(
        "authorization.k8s.io",
        "v1",
        "SelfSubjectRulesReview",
        "selfsubjectrulesreviews",
        [],
        false,
        []
    ),
    resource!(
        "authorization.k8s.io",
        "v1",
        "LocalSubjectAccessReview",
        "localsubjectaccessreviews",
        [],
        true,
        []
    ),
    resource!(
        "authentication.k8s.io",
        "v1",
        "TokenReview",
        "tokenreviews",
        [],
        false,
        []
    ),
    resource!(
        "authentication.k8s.io",
        "v1",
        "SelfSubjectReview",
        "selfsubjectreviews",
        [],
        false,
        []
    ),
    resource!(
        "apiextensions.k8s.io",
        "v1",
        "CustomResourceDefinition",
        "customresourcedefinitions",
        ["crd", "crds"],
        false,
        ["status"]
    ),
    resource!(
        "storage.k8s.io",
        "v1",
        "StorageClass",
        "storageclasses",
        ["sc"],
        false,
        []
    ),
    resource!("coordination.k8s.io", "v1", "Lease", "leases", [], true, []),
    resource!(
        "discovery.k8s.io",
        "v1",
        "EndpointSlice",
        "endpointslices",
        [],
        true,
        []
    ),
    resource!("events.k8s.io", "v1", "Event", "events", ["ev"], true, []),
    resource!(
        "scheduling.k8s.io",
        "v1",
        "PriorityClass",
        "priorityclasses",
        ["pc"],
        false,
        []
    ),
    resource!(
        "certificates.k8s.io",
        "v1",
        "CertificateSigningRequest",
        "certificatesigningrequests",
        ["csr"],
        false,
        ["approval", "status"]
    ),
    resource!(
        "admissionregistration.k8s.io",
        "v1",
        "MutatingWebhookConfiguration",
        "mutatingwebhookconfigurations",
        [],
        false,
        []
    ),
    resource!(
        "admissionregistration.k8s.io",
        "v1",
        "ValidatingWebhookConfiguration",
        "validatingwebhookconfigurations",
        [],
        false,
        []
    ),
];

/// Kubeflow's kinds.
pub const KUBEFLOW: &[ResourceType] = &[
    resource!(
        "kubeflow.org",
        "v1",
        "Profile",
        "profiles",
        [],
        false,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1",
        "Notebook",
        "notebooks",
        [],
        true,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1alpha1",
        "PodDefault",
        "poddefaults",
        [],
        true,
        []
    ),
    resource!(
        "kubeflow.org",
        "v1beta1",
        "Experiment",
        "experiments",
        [],
        true,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1beta1",
        "Trial",
        "trials",
        [],
        true,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1beta1",
        "Suggestion",
        "suggestions",
        [],
        true,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1",
        "TFJob",
        "tfjobs",
        [],
        true,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1",
        "PyTorchJob",
        "pytorchjobs",
        [],
        true,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1",
        "MPIJob",
        "mpijobs",
        [],
        true,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1",
        "XGBoostJob",
        "xgboostjobs",
        [],
        true,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1",
        "PaddleJob",
        "paddlejobs",
        [],
        true,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1",
        "JAXJob",
        "jaxjobs",
        [],
        true,
        ["status"]
    ),
    resource!(
        "trainer.kubeflow.org",
        "v1alpha1",
        "TrainJob",
        "trainjobs",
        [],
        true,
        ["status"]
    ),
    resource!(
        "tensorboard.kubeflow.org",
        "v1alpha1",
        "Tensorboard",
        "tensorboards",
        [],
        true,
        ["status"]
    ),
    resource!(
        "kubeflow.org",
        "v1alpha1",
        "PVCViewer",
        "pvcviewers",
        [],
        true,
        ["status"]
    ),
    resource!(
        "pipelines.kubeflow.org",
        "v1beta1",
        "Pipeline",
        "pipelines",
        [],
        true,
        []
    ),
];

/// Knative Serving, which KServe uses in serverless mode, and Istio, which Kubeflow uses.
pub const KNATIVE_AND_ISTIO: &[ResourceType] = &[
    resource!(
        "serving.knative.dev",
        "v1",
        "Service",
        "services",
        ["ksvc", "ksvcs"],
        true,
        ["status"]
    ),
    resource!(
        "serving.knative.dev",
        "v1",
        "Route",
        "routes",
        ["rt"],
        true,
        ["status"]
    ),
    resource!(
        "serving.knative.dev",
        "v1",
        "Configuration",
        "configurations",
        ["config", "cfg"],
        true,
        ["status"]
    ),
    resource!(
        "serving.knative.dev",
        "v1",
        "Revision",
        "revisions",
        ["rev"],
        true,
        ["status"]
    ),
    resource!(
        "networking.istio.io",
        "v1",
        "VirtualService",
        "virtualservices",
        ["vs"],
        true,
        ["status"]
    ),
    resource!(
        "networking.istio.io",
        "v1",
        "DestinationRule",
        "destinationrules",
        ["dr"],
        true,
        ["status"]
    ),
    resource!(
        "networking.istio.io",
        "v1",
        "Gateway",
        "gateways",
        ["gw"],
        true,
        ["status"]
    ),
    resource!(
        "networking.istio.io",
        "v1",
        "ServiceEntry",
        "serviceentries",
        ["se"],
        true,
        ["status"]
    ),
    resource!(
        "networking.istio.io",
        "v1",
        "Sidecar",
        "sidecars",
        [],
        true,
        ["status"]
    ),
    resource!(
        "security.istio.io",
        "v1",
        "AuthorizationPolicy",
        "authorizationpolicies",
        ["ap"],
        true,
        ["status"]
    ),
    resource!(
        "security.istio.io",
        "v1",
        "PeerAuthentication",
        "peerauthentications",
        ["pa"],
        true,
        ["status"]
    ),
    resource!(
        "security.istio.io",
        "v1",
        "RequestAuthentication",
        "requestauthentications",
        ["ra"],
        true,
        ["status"]
    ),
];

/// Every built-in catalog, in resolution priority order.
pub fn builtin() -> impl Iterator<Item = &'static ResourceType> {
    KUBERNETES
        .iter()
        .chain(KSERVE)
        .chain(KUBEFLOW)
        .chain(KNATIVE_AND_ISTIO)
}

/// A resource type written on a command line, resolved to group and plural.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedType {
    pub group: String,
    pub resource: String,
    /// The catalog entry it resolved through, when it did.
    pub known: Option<ResourceType>,
    /// Whether the resource is namespaced, when the catalog or a CRD says.
    pub namespaced: Option<bool>,
}

/// Resolves `TYPE[.GROUP]` against the CustomResourceDefinitions of a workspace first, then
/// the built-in catalog.
pub fn resolve_in(workspace: &Workspace, text: &str) -> ResolvedType {
    let (name, group) = split_type(text);
    let lower = name.to_ascii_lowercase();
    for object in workspace.objects() {
        let Object::CustomResourceDefinition(crd) = &object.object else {
            continue;
        };
        let names = &crd.spec.names;
        let matches = group.is_none_or(|g| g == crd.spec.group)
            && (names.plural == lower
                || names.singular.as_deref() == Some(lower.as_str())
                || names.kind.eq_ignore_ascii_case(&lower)
                || names.short_names.iter().flatten().any(|s| *s == lower));
        if matches {
            return ResolvedType {
                group: crd.spec.group.clone(),
                resource: names.plural.clone(),
                known: None,
                namespaced: Some(crd.spec.scope == "Namespaced"),
            };
        }
    }
    resolve(text)
}

fn split_type(text: &str) -> (&str, Option<&str>) {
    match text.split_once('.') {
        Some((name, group)) => (name, Some(group)),
        None => (text, None),
    }
}

/// Resolves `TYPE[.GROUP]` as kubectl does: by plural, singular, kind or short name, without
/// regard to case; with a group, only within that group. An unknown type resolves to itself
/// (in the given group, or the core group) with `known` empty.
pub fn resolve(text: &str) -> ResolvedType {
    let (name, group) = split_type(text);
    let lower = name.to_ascii_lowercase();
    let found = builtin().find(|entry| {
        group.is_none_or(|g| g == entry.group)
            && (entry.plural == lower
                || entry.kind.eq_ignore_ascii_case(&lower)
                || entry.short_names.contains(&lower.as_str()))
    });
    match found {
        Some(entry) => ResolvedType {
            group: entry.group.to_owned(),
            resource: entry.plural.to_owned(),
            known: Some(*entry),
            namespaced: Some(entry.namespaced),
        },
        None => ResolvedType {
            group: group.unwrap_or_default().to_owned(),
            resource: name.to_owned(),
            known: None,
            namespaced: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_short_names_and_kinds() {
        assert_eq!(resolve("isvc").resource, "inferenceservices");
        assert_eq!(resolve("isvc").group, KSERVE_GROUP);
        assert_eq!(resolve("InferenceService").resource, "inferenceservices");
        assert_eq!(resolve("inferenceservice").resource, "inferenceservices");
        assert_eq!(resolve("deploy").group, "apps");
    }

    #[test]
    fn core_group_wins_ambiguous_names() {
        assert_eq!(resolve("services").group, "");
        assert_eq!(
            resolve("services.serving.knative.dev").group,
            "serving.knative.dev"
        );
        assert_eq!(resolve("ksvc").group, "serving.knative.dev");
    }

    #[test]
    fn unknown_types_resolve_to_themselves() {
        let resolved = resolve("widgets.example.com");
        assert_eq!(resolved.resource, "widgets");
        assert_eq!(resolved.group, "example.com");
        assert!(resolved.known.is_none());
    }
}
