//! Deterministic generator of large multi-tenant Kubeflow + KServe clusters, for benchmarks.
//!
//! The output looks like a dump of a big Kubeflow installation. It starts with Kubeflow's
//! aggregate `ClusterRole`s, KServe's roles that aggregate into them, the tier roles of six
//! other components, and system `ClusterRole`s that aggregate into nothing. Then come, per
//! profile, the objects that the profile controller and access management create. Two
//! deliberate leaks at the end, a cluster-wide KServe grant and a cross-tenant binding, give
//! the analysis something to find.
//!
//! The file has no dependencies beyond `std`, so benches include it with
//! `#[path = "support/cluster.rs"] mod cluster;` and the `gen_cluster` example with
//! `#[path = "../benches/support/cluster.rs"] mod cluster;`.

use std::collections::HashSet;
use std::fmt::Write as _;

/// Label key prefix of every Kubeflow aggregation label.
const KUBEFLOW_LABEL_PREFIX: &str = "rbac.authorization.kubeflow.org";

/// Namespaced KServe resources in the edit and view roles of KServe v0.16 and later.
const KSERVE_RESOURCES: &[&str] = &[
    "inferenceservices",
    "servingruntimes",
    "inferencegraphs",
    "trainedmodels",
    "llminferenceservices",
    "llminferenceserviceconfigs",
];

/// Knative objects that KServe creates in a tenant namespace in serverless mode.
const KNATIVE_RESOURCES: &[&str] = &[
    "services",
    "services/status",
    "routes",
    "routes/status",
    "configurations",
    "configurations/status",
    "revisions",
    "revisions/status",
];

const EDIT_VERBS: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "delete",
    "deletecollection",
    "patch",
    "update",
];
const READ_VERBS: &[&str] = &["get", "list", "watch"];

/// Other Kubeflow components, each with an admin, edit and view `ClusterRole`:
/// (component, API group, resources).
const COMPONENTS: &[(&str, &str, &[&str])] = &[
    (
        "pipelines",
        "pipelines.kubeflow.org",
        &["pipelines", "experiments", "runs", "recurringruns"],
    ),
    (
        "katib",
        "kubeflow.org",
        &["experiments", "trials", "suggestions"],
    ),
    (
        "notebooks",
        "kubeflow.org",
        &["notebooks", "notebooks/status"],
    ),
    (
        "tensorboards",
        "tensorboard.kubeflow.org",
        &["tensorboards", "tensorboards/status"],
    ),
    (
        "volumes",
        "kubeflow.org",
        &["pvcviewers", "pvcviewers/status"],
    ),
    (
        "training",
        "kubeflow.org",
        &["tfjobs", "pytorchjobs", "mpijobs", "xgboostjobs"],
    ),
];

/// Number of system `ClusterRole`s whose labels match no aggregation selector.
const SYSTEM_ROLE_COUNT: usize = 60;
const SYSTEM_ROLE_RESOURCES: &[&str] = &["pods", "configmaps", "secrets", "events"];

/// Generates a multi-document YAML cluster dump with `profiles` tenants.
///
/// Each profile `team-NNNNN` (index zero-padded to five digits) is owned by
/// `ownerN@example.com` and contributes `7 + contributors_per_profile` documents: the `Profile`,
/// its `Namespace`, the `namespaceAdmin` `RoleBinding`, the `default-editor` and `default-viewer`
/// `ServiceAccount`s with their `RoleBinding`s, and one `RoleBinding` per contributor. Contributors
/// are distinct within a profile and are drawn from a pool of `userN@example.com` addresses
/// that grows with the profile index, so the same users recur across profiles. Each gets
/// `kubeflow-edit` or `kubeflow-view` at random.
///
/// Before the profiles come 84 `ClusterRole`s. After them come a `ClusterRoleBinding` of
/// `kubeflow-kserve-edit` to the group `ml-platform` and, when there are at least two
/// profiles, a `RoleBinding` in `team-00000` that names `team-00001`'s `default-editor`.
/// So the document count is `84 + profiles * (7 + contributors_per_profile) + leaks`, with
/// `leaks` 2 from two profiles on and 1 below that.
///
/// The same arguments always give the same output, on every platform.
pub fn generate_cluster(profiles: usize, contributors_per_profile: usize, seed: u64) -> String {
    let mut out = String::new();
    let mut rng = SplitMix64::new(seed);

    write_kubeflow_roles(&mut out);
    write_kserve_roles(&mut out);
    write_component_roles(&mut out);
    write_system_roles(&mut out, &mut rng);
    for index in 0..profiles {
        write_profile(&mut out, index, contributors_per_profile, &mut rng);
    }
    write_leaks(&mut out, profiles);
    out
}

/// `SplitMix64` (Steele, Lea and Flood, 2014): a tiny PRNG with a fixed, portable sequence.
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    const fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    const fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Returns a value in `0..bound`. The modulo bias is at most `bound / 2^64`, which is
    /// negligible for the bounds used here. Panics when `bound` is 0.
    fn below(&mut self, bound: usize) -> usize {
        let bound = u64::try_from(bound).expect("usize values fit in u64");
        let value = self.next_u64() % bound;
        usize::try_from(value).expect("a value below a usize bound fits in usize")
    }

    /// Returns `count` distinct values from `0..pool`, by Robert Floyd's sampling algorithm,
    /// in the order they were drawn. Requires `count <= pool`.
    fn sample_distinct(&mut self, pool: usize, count: usize) -> Vec<usize> {
        let mut seen = HashSet::with_capacity(count);
        let mut drawn = Vec::with_capacity(count);
        for upper in pool - count..pool {
            let candidate = self.below(upper + 1);
            let value = if seen.contains(&candidate) {
                upper
            } else {
                candidate
            };
            seen.insert(value);
            drawn.push(value);
        }
        drawn
    }
}

/// Appends one document, preceded by its `---` separator.
fn push_document(out: &mut String, document: &str) {
    out.push_str("---\n");
    out.push_str(document.trim_matches('\n'));
    out.push('\n');
}

fn kubeflow_label(name: &str) -> String {
    format!("{KUBEFLOW_LABEL_PREFIX}/{name}")
}

/// Formats a `labels:` block (indented for `metadata`) with every value `"true"`.
fn labels_block(labels: &[String]) -> String {
    let mut block = String::from("  labels:\n");
    for label in labels {
        let _ = writeln!(block, "    {label}: \"true\"");
    }
    block
}

/// Formats one policy rule as a YAML list item in flow style.
fn rule(api_group: &str, resources: &[&str], verbs: &[&str]) -> String {
    format!(
        "- apiGroups: [\"{api_group}\"]\n  resources: [{}]\n  verbs: [{}]\n",
        resources.join(", "),
        verbs.join(", ")
    )
}

/// Writes a `ClusterRole` whose rules the aggregation controller fills from the roles that
/// carry `selector` set to `"true"`.
fn write_aggregate_role(out: &mut String, name: &str, selector: &str, labels: &[String]) {
    let labels = if labels.is_empty() {
        String::new()
    } else {
        labels_block(labels)
    };
    push_document(
        out,
        &format!(
            "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {name}
{labels}aggregationRule:
  clusterRoleSelectors:
  - matchLabels:
      {selector}: \"true\"
rules: []"
        ),
    );
}

/// Writes a `ClusterRole` with its own rules, already formatted by [`rule`].
fn write_rule_role(out: &mut String, name: &str, labels: &[String], rules: &str) {
    let labels = labels_block(labels);
    push_document(
        out,
        &format!(
            "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {name}
{labels}rules:
{rules}"
        ),
    );
}

/// Writes kubeflow-admin, kubeflow-edit and kubeflow-view: view aggregates into edit, and
/// edit into admin.
fn write_kubeflow_roles(out: &mut String) {
    write_aggregate_role(
        out,
        "kubeflow-admin",
        &kubeflow_label("aggregate-to-kubeflow-admin"),
        &[],
    );
    write_aggregate_role(
        out,
        "kubeflow-edit",
        &kubeflow_label("aggregate-to-kubeflow-edit"),
        &[kubeflow_label("aggregate-to-kubeflow-admin")],
    );
    write_aggregate_role(
        out,
        "kubeflow-view",
        &kubeflow_label("aggregate-to-kubeflow-view"),
        &[kubeflow_label("aggregate-to-kubeflow-edit")],
    );
}

/// Writes KServe's three Kubeflow roles as KServe v0.16 and later ship them.
fn write_kserve_roles(out: &mut String) {
    write_aggregate_role(
        out,
        "kubeflow-kserve-admin",
        &kubeflow_label("aggregate-to-kubeflow-kserve-admin"),
        &[kubeflow_label("aggregate-to-kubeflow-admin")],
    );

    let edit_rules = rule("serving.kserve.io", KSERVE_RESOURCES, EDIT_VERBS)
        + &rule("serving.knative.dev", KNATIVE_RESOURCES, EDIT_VERBS);
    write_rule_role(
        out,
        "kubeflow-kserve-edit",
        &[
            kubeflow_label("aggregate-to-kubeflow-edit"),
            kubeflow_label("aggregate-to-kubeflow-kserve-admin"),
        ],
        &edit_rules,
    );

    // KServe's view role reads Knative objects without `watch`.
    let view_rules = rule("serving.kserve.io", KSERVE_RESOURCES, READ_VERBS)
        + &rule("serving.knative.dev", KNATIVE_RESOURCES, &["get", "list"]);
    write_rule_role(
        out,
        "kubeflow-kserve-view",
        &[kubeflow_label("aggregate-to-kubeflow-view")],
        &view_rules,
    );
}

/// Writes `kubeflow-<component>-{admin,edit,view}` for each of [`COMPONENTS`], each labelled
/// to aggregate into the Kubeflow role of the same tier.
fn write_component_roles(out: &mut String) {
    for (component, api_group, resources) in COMPONENTS {
        for (tier, verbs) in [
            ("admin", EDIT_VERBS),
            ("edit", EDIT_VERBS),
            ("view", READ_VERBS),
        ] {
            write_rule_role(
                out,
                &format!("kubeflow-{component}-{tier}"),
                &[kubeflow_label(&format!("aggregate-to-kubeflow-{tier}"))],
                &rule(api_group, resources, verbs),
            );
        }
    }
}

/// Writes system `ClusterRole`s that aggregate into nothing, like the many built-in and
/// operator roles of a real cluster. Each reads one core resource chosen at random.
fn write_system_roles(out: &mut String, rng: &mut SplitMix64) {
    for index in 0..SYSTEM_ROLE_COUNT {
        let resource = SYSTEM_ROLE_RESOURCES[rng.below(SYSTEM_ROLE_RESOURCES.len())];
        write_rule_role(
            out,
            &format!("system:filler-{index}"),
            &[format!("example.com/filler-{}", index % 7)],
            &rule("", &[resource], READ_VERBS),
        );
    }
}

/// Returns the name that Kubeflow's access management gives a contributor's `RoleBinding`:
/// the lowercased `User-<email>-clusterrole-<role>`, with every run of characters other than
/// ASCII letters and digits replaced by one `-`.
fn contributor_binding_name(email: &str, role: &str) -> String {
    let raw = format!("User-{email}-clusterrole-{role}").to_ascii_lowercase();
    let mut name = String::with_capacity(raw.len());
    let mut in_separator_run = false;
    for character in raw.chars() {
        if character.is_ascii_alphanumeric() {
            name.push(character);
            in_separator_run = false;
        } else if !in_separator_run {
            name.push('-');
            in_separator_run = true;
        }
    }
    name
}

/// Writes one profile and every object the profile controller and access management create
/// for it, except the Istio `AuthorizationPolicy` objects.
fn write_profile(out: &mut String, index: usize, contributors: usize, rng: &mut SplitMix64) {
    let namespace = format!("team-{index:05}");
    let owner = format!("owner{index}@example.com");

    push_document(
        out,
        &format!(
            "apiVersion: kubeflow.org/v1
kind: Profile
metadata:
  name: {namespace}
spec:
  owner:
    kind: User
    name: {owner}"
        ),
    );
    push_document(
        out,
        &format!(
            "apiVersion: v1
kind: Namespace
metadata:
  name: {namespace}
  labels:
    app.kubernetes.io/part-of: kubeflow-profile
    istio-injection: enabled
  annotations:
    owner: {owner}"
        ),
    );
    write_user_binding(out, &namespace, "namespaceAdmin", &owner, "admin");

    for (account, tier) in [("default-editor", "edit"), ("default-viewer", "view")] {
        push_document(
            out,
            &format!(
                "apiVersion: v1
kind: ServiceAccount
metadata:
  name: {account}
  namespace: {namespace}"
            ),
        );
        write_service_account_binding(out, &namespace, account, tier);
    }

    // The pool grows with the index so that users recur across profiles, and is never
    // smaller than the number of contributors to draw from it.
    let pool = (10 * (index + 1)).max(contributors);
    for number in rng.sample_distinct(pool, contributors) {
        let user = format!("user{number}@example.com");
        let tier = if rng.below(2) == 0 { "edit" } else { "view" };
        let name = contributor_binding_name(&user, tier);
        write_user_binding(out, &namespace, &name, &user, tier);
    }
}

/// Writes a `RoleBinding` of `kubeflow-<tier>` to one user, annotated the way access
/// management annotates it.
fn write_user_binding(out: &mut String, namespace: &str, name: &str, user: &str, tier: &str) {
    push_document(
        out,
        &format!(
            "apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: {name}
  namespace: {namespace}
  annotations:
    role: {tier}
    user: {user}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kubeflow-{tier}
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: {user}"
        ),
    );
}

/// Writes a `RoleBinding` of `kubeflow-<tier>` to the `ServiceAccount` `account` of the same
/// namespace, named after the `ServiceAccount`.
fn write_service_account_binding(out: &mut String, namespace: &str, account: &str, tier: &str) {
    push_document(
        out,
        &format!(
            "apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: {account}
  namespace: {namespace}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kubeflow-{tier}
subjects:
- kind: ServiceAccount
  name: {account}
  namespace: {namespace}"
        ),
    );
}

/// Writes the deliberate leaks. The cross-tenant one needs two profiles and is left out
/// below that.
fn write_leaks(out: &mut String, profiles: usize) {
    // KServe edit rights in every namespace for a whole group.
    push_document(
        out,
        "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ml-platform-kserve-edit
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kubeflow-kserve-edit
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: Group
  name: ml-platform",
    );

    // team-00001's pipeline runner gains edit rights in team-00000.
    if profiles >= 2 {
        push_document(
            out,
            "apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: cross-tenant-editor
  namespace: team-00000
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kubeflow-edit
subjects:
- kind: ServiceAccount
  name: default-editor
  namespace: team-00001",
        );
    }
}
