//! The registry of diagnostic codes: every code the tool emits, with its severity and the text
//! of its documentation. docs/diagnostics.md is generated from this table, and SARIF output
//! describes its rules from it.

use serde::Serialize;

use crate::diagnostic::Severity;

/// One diagnostic code and its documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// What the rule flags, in one line.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// What to do about it.
    pub fix: &'static str,
}

macro_rules! rule {
    ($code:expr, $severity:ident, $summary:expr, $why:expr, $fix:expr) => {
        Rule {
            code: $code,
            severity: Severity::$severity,
            summary: $summary,
            why: $why,
            fix: $fix,
        }
    };
}

/// Every code, grouped by category.
pub const RULES: &[Rule] = &[
    rule!("load/invalid-yaml", Error, "A document is not valid YAML or JSON.",
        "The document cannot be applied; the other documents are still read.",
        "Fix the syntax at the reported line and column."),
    rule!("load/invalid-object", Error, "A document does not fit the schema of its kind, such as `verbs: get` where a list belongs.",
        "The API server rejects the object.",
        "Fix the named field so that it matches the kind's schema."),
    rule!("load/not-a-kubernetes-object", Info, "A document without apiVersion and kind, such as a kustomization.yaml or Helm values, was skipped.",
        "It is not a Kubernetes object, so it takes no part in the analysis.",
        "Leave it out with `--exclude GLOB` to silence the note."),
    rule!("load/unreadable-file", Error, "A file is not UTF-8 text.",
        "The file was skipped.",
        "Save it as UTF-8, or leave it out with `--exclude`."),
    rule!("load/deprecated-api-version", Warning, "An RBAC object uses rbac.authorization.k8s.io/v1beta1 or v1alpha1, removed in Kubernetes 1.22.",
        "Current clusters reject the object. The tool reads it as v1, whose schema is the same.",
        "Change apiVersion to rbac.authorization.k8s.io/v1."),
    rule!("load/no-namespace", Info, "A Role, RoleBinding or ServiceAccount has no metadata.namespace.",
        "kubectl apply puts it in the namespace of the current context; the tool assumes `default`.",
        "Set metadata.namespace."),
    rule!("load/duplicate-object", Warning, "The same kind, namespace and name is defined more than once.",
        "Applying both keeps only the last, so the first one's rules or subjects are lost.",
        "Merge the two definitions, or rename one."),
    rule!("load/unknown-field", Warning, "An object has a field its schema lacks, such as `resourceName` for `resourceNames`.",
        "The API server drops unknown fields, so the field has no effect.",
        "Fix the field name (the message suggests the nearest known one), or remove it."),
    rule!("rbac/missing-role", Error, "A binding refers to a Role or ClusterRole that is not in the input.",
        "The binding grants nothing until the role exists. Bindings that a Profile implies are reported as warnings, since the input may leave out Kubeflow's roles.",
        "Add the role to the input, or fix roleRef."),
    rule!("rbac/invalid-label-selector", Error, "An aggregationRule selector has an unknown operator, or values that do not fit its operator.",
        "The aggregation controller rejects the selector and leaves the role's rules unchanged.",
        "Use In or NotIn with values, Exists or DoesNotExist without."),
    rule!("rbac/aggregation-not-settled", Warning, "ClusterRole aggregation kept changing until the iteration limit.",
        "The aggregated rules shown may differ from a cluster's.",
        "Look for aggregationRules that select each other."),
    rule!("rbac/unknown-resource", Warning, "A rule names a resource that its API group does not serve.",
        "An unknown resource grants nothing.",
        "Use the resource's name as discovery lists it; the message suggests the nearest known one."),
    rule!("rbac/resource-not-plural", Warning, "A rule names a kind (`InferenceService`) or a singular (`inferenceservice`) where the plural belongs.",
        "RBAC compares resource names exactly, and they are lowercase plurals, so the entry grants nothing.",
        "Use the plural named in the message."),
    rule!("rbac/wrong-api-group", Warning, "A rule lists a resource under an API group that does not serve it.",
        "The rule grants the resource only under the group that serves it.",
        "Move the resource to a rule for the group named in the message."),
    rule!("rbac/legacy-api-group", Warning, "A rule names serving.kubeflow.org, KFServing's group before KServe v0.7.",
        "Rules for the old group grant nothing on KServe's resources.",
        "Change the group to serving.kserve.io."),
    rule!("rbac/unknown-subresource", Warning, "A rule names a subresource the resource does not have.",
        "It grants nothing. `finalizers` is accepted on every resource.",
        "Use one of the subresources named in the message, or remove the entry."),
    rule!("rbac/cluster-scoped-resource-in-namespace", Warning, "A Role, or a ClusterRole bound by RoleBindings, names a cluster-scoped resource.",
        "A namespace grant never reaches a cluster-scoped resource, so the entry grants nothing through those bindings.",
        "Grant it with a ClusterRoleBinding, or remove it from the role."),
    rule!("rbac/rules-in-aggregating-role", Warning, "A ClusterRole with an aggregationRule also has rules of its own.",
        "The aggregation controller replaces the rules of an aggregating ClusterRole, so they do not persist.",
        "Move the rules to a ClusterRole that carries the selected label."),
    rule!("rbac/selector-matches-nothing", Warning, "An aggregating ClusterRole selects no ClusterRole in the input.",
        "Its holders get no permissions from it.",
        "Check the label keys and values on the roles meant for it."),
    rule!("rbac/aggregation-label-unused", Info, "A ClusterRole carries an aggregate-to label that no aggregating ClusterRole in the input selects.",
        "The role is aggregated nowhere unless the selecting role exists outside the input.",
        "Check that the aggregating role is applied and that its selector names this label."),
    rule!("rbac/aggregation-label-misspelled", Warning, "An aggregation label has the wrong prefix for its target, or a value other than \"true\".",
        "Kubeflow's roles select rbac.authorization.kubeflow.org/aggregate-to-kubeflow-*, Kubernetes' select rbac.authorization.k8s.io/aggregate-to-*, both with the value \"true\"; any other key or value aggregates nothing.",
        "Fix the key or value as the message says."),
    rule!("rbac/view-tier-write-verbs", Warning, "A ClusterRole aggregated into a view tier grants verbs other than get, list and watch.",
        "Every viewer gets them.",
        "Move write verbs to a role aggregated into the edit tier."),
    rule!("rbac/wildcard", Warning, "A role aggregated into a Kubeflow tenant tier has `*` in verbs, resources or apiGroups.",
        "A wildcard also grants what is added later, to every tenant member of the tier.",
        "List what is needed, or suppress the finding on the role."),
    rule!("rbac/escalation-verb", Warning, "A role aggregated into a Kubeflow tenant tier grants bind, escalate or impersonate.",
        "bind and escalate let holders grant permissions they do not have; impersonate lets them act as others.",
        "Grant these only to admins who need them."),
    rule!("rbac/sensitive-access", Warning, "A role aggregated into a Kubeflow tenant tier grants secrets, pods/exec, pods/attach or serviceaccounts/token.",
        "These reach past the tenant's models. Kubeflow's own edit tier grants some of them by design.",
        "Remove them, or suppress the finding on the role with the annotation `kserve-rbac.dev/ignore: rbac/sensitive-access`."),
    rule!("rbac/invalid-rule", Error, "A rule the API server rejects: empty verbs, both resources and nonResourceURLs, neither, resources without apiGroups, or nonResourceURLs in a Role.",
        "The whole object fails to apply.",
        "Fix the rule as the message says."),
    rule!("rbac/service-account-without-namespace", Error, "A ClusterRoleBinding names a ServiceAccount without a namespace.",
        "Such a subject matches no account.",
        "Set subjects[].namespace."),
    rule!("rbac/invalid-subject-kind", Error, "A subject kind other than User, Group and ServiceAccount, such as `user`.",
        "The API server rejects the binding.",
        "Use one of the three kinds, spelled with their capitals."),
    rule!("rbac/invalid-subject-api-group", Error, "A subject apiGroup that does not fit its kind.",
        "User and Group take rbac.authorization.k8s.io; ServiceAccount takes none. The API server rejects others.",
        "Fix or remove apiGroup."),
    rule!("kubeflow/contributor-binding-name", Warning, "A contributor RoleBinding (annotated user and role) is not named as Kubeflow's access management computes it.",
        "Access management removes contributors by the computed name, so removing this one through Kubeflow fails.",
        "Rename the binding and its AuthorizationPolicy to the name in the message."),
    rule!("kubeflow/contributor-subject-count", Error, "A contributor RoleBinding has other than exactly one subject.",
        "Kubeflow fails to list the contributors of the whole namespace.",
        "Split it into one binding per user."),
    rule!("kubeflow/contributor-annotations", Warning, "Contributor annotations disagree with the binding, or only one of user and role is set.",
        "Kubeflow shows the annotations, while RBAC grants what the subjects and roleRef say.",
        "Make them agree, or remove both annotations if the binding is not a contributor."),
    rule!("kubeflow/missing-authorization-policy", Warning, "A contributor RoleBinding has no Istio AuthorizationPolicy of the same name, in an input that holds Istio objects.",
        "Access management needs both to remove the contributor, and Istio blocks the contributor's requests through the gateway without it.",
        "Add the AuthorizationPolicy, or manage the contributor through Kubeflow."),
    rule!("kubeflow/namespace-owner", Error, "A Profile's namespace has no owner annotation, or one naming someone other than the Profile's owner.",
        "The profile controller refuses to take over the namespace.",
        "Set metadata.annotations.owner to the Profile's owner."),
    rule!("kubeflow/admin-not-owner", Info, "A user other than the Profile owner is bound to kubeflow-admin in the Profile's namespace.",
        "RBAC lets them create RoleBindings, but only the owner (or a cluster admin) may manage contributors through Kubeflow.",
        "Change spec.owner to transfer ownership, or make them a contributor."),
    rule!("kubeflow/kserve-not-covered", Warning, "kubeflow-admin, kubeflow-edit or kubeflow-view grants fewer verbs on a namespaced KServe resource than the generated roles do.",
        "Holders of the tier get 403 errors on those resources.",
        "Add a ClusterRole labelled for the tier that grants them, such as the output of `kserve-rbac generate`."),
];

/// The registry entry of a code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code == code)
}

/// Renders docs/diagnostics.md from the registry.
pub fn render_markdown() -> String {
    let mut text = String::from(
        "# Diagnostics\n\n<!-- Generated from src/rules.rs by `UPDATE_DOCS=1 cargo test --test docs`; edit the registry, not this file. -->\n\n\
Every finding of `kserve-rbac check` (and of `diagnostics()` in JavaScript) has one of these codes. A code is\n\
`category/pattern`: `load/` for reading manifests, `rbac/` for Kubernetes RBAC, `kubeflow/` for Kubeflow's\n\
conventions. `--ignore CODE` (or a category such as `rbac/`) drops findings everywhere; the annotation\n\
`kserve-rbac.dev/ignore: CODE[,CODE...]` on an object drops them for that object only.\n\n\
| code | severity | flags |\n|---|---|---|\n",
    );
    for rule in RULES {
        text.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            rule.code,
            anchor(rule.code),
            rule.severity.as_str(),
            rule.summary
        ));
    }
    for rule in RULES {
        text.push_str(&format!(
            "\n## {}\n\nSeverity: {}.\n\n**What it flags.** {}\n\n**Why it matters.** {}\n\n**What to do.** {}\n",
            rule.code,
            rule.severity.as_str(),
            rule.summary,
            rule.why,
            rule.fix
        ));
    }
    text
}

/// The Markdown heading anchor of a code, as GitHub renders it.
pub fn anchor(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}
