//! Properties of RBAC evaluation over generated inputs: the admin, edit and view tiers nest,
//! document order never changes a decision, aggregation is idempotent, `allows` agrees with
//! `authorize`, and who-can lists exactly the subjects that `authorize` allows.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use k8s_openapi::api::rbac::v1::{ClusterRole, PolicyRule, Subject};
use kserve_rbac::generate::{generate_roles, render_roles, Format, GenerateOptions};
use kserve_rbac::load::split_documents;
use kserve_rbac::rbac::bootstrap::bootstrap_policy;
use kserve_rbac::{
    Attributes, NonResourceAttributes, Object, ResourceAttributes, SourceFile, UserInfo, Workspace,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use support::{
    aggregating_cluster_role, assert_loaded, cluster_role_binding, flow_map, labelled_cluster_role,
    render_rule, role, role_binding, service_account_user, subject_key,
};

/// Runs `cases` cases and writes no regression files next to the tests.
fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

fn load(files: &[SourceFile]) -> Workspace {
    let workspace = Workspace::new(files);
    assert_loaded(&workspace);
    workspace
}

fn bare_user(name: &str) -> UserInfo {
    UserInfo {
        name: name.to_owned(),
        groups: Vec::new(),
    }
}

fn resource_request(
    verb: &str,
    group: &str,
    resource: &str,
    namespace: &str,
    name: &str,
) -> Attributes {
    let (resource, subresource) = resource.split_once('/').unwrap_or((resource, ""));
    Attributes::Resource(ResourceAttributes {
        namespace: namespace.to_owned(),
        verb: verb.to_owned(),
        group: group.to_owned(),
        resource: resource.to_owned(),
        subresource: subresource.to_owned(),
        name: name.to_owned(),
    })
}

fn url_request(verb: &str, path: &str) -> Attributes {
    Attributes::NonResource(NonResourceAttributes {
        verb: verb.to_owned(),
        path: path.to_owned(),
    })
}

/// Picks from the rule's own values most of the time, from every rule's values or a random
/// lowercase word otherwise, so that requests often match a rule and often miss by one field.
fn pick(own: &[String], all: &[String]) -> BoxedStrategy<String> {
    let random = "[a-z]{1,8}";
    if own.is_empty() {
        return prop_oneof![4 => proptest::sample::select(all.to_vec()), 1 => random].boxed();
    }
    prop_oneof![
        6 => proptest::sample::select(own.to_vec()),
        2 => proptest::sample::select(all.to_vec()),
        1 => random,
    ]
    .boxed()
}

/// Collects every value of one field across `rules`, sorted and without repeats.
fn field_values(
    rules: &[PolicyRule],
    seed: &str,
    field: impl Fn(&PolicyRule) -> Vec<String>,
) -> Vec<String> {
    let mut values = vec![seed.to_owned()];
    values.extend(rules.iter().flat_map(field));
    values.sort();
    values.dedup();
    values
}

/// Draws requests shaped after the rules of `roles`: each takes a rule and draws every field from
/// it, from the other rules, or at random.
fn requests_over(roles: &[ClusterRole], namespaces: &[&str]) -> BoxedStrategy<Attributes> {
    let rules: Vec<PolicyRule> = roles
        .iter()
        .flat_map(|role| role.rules.iter().flatten().cloned())
        .collect();
    let list = |values: &Option<Vec<String>>| values.clone().unwrap_or_default();
    let verbs = field_values(&rules, "get", |r| r.verbs.clone());
    let groups = field_values(&rules, "", |r| list(&r.api_groups));
    let resources = field_values(&rules, "pods", |r| list(&r.resources));
    let urls = field_values(&rules, "/healthz", |r| list(&r.non_resource_urls));
    let namespaces: Vec<String> = namespaces.iter().map(|ns| (*ns).to_owned()).collect();
    proptest::sample::select(rules)
        .prop_flat_map(move |rule| {
            let resource = (
                pick(&rule.verbs, &verbs),
                pick(&list(&rule.api_groups), &groups),
                pick(&list(&rule.resources), &resources),
                proptest::sample::select(namespaces.clone()),
                proptest::sample::select(vec![String::new(), "web".to_owned()]),
            )
                .prop_map(|(verb, group, resource, namespace, name)| {
                    resource_request(&verb, &group, &resource, &namespace, &name)
                });
            let url = (
                pick(&rule.verbs, &verbs),
                pick(&list(&rule.non_resource_urls), &urls),
            )
                .prop_map(|(verb, path)| {
                    url_request(&verb, &format!("/{}", path.trim_start_matches('/')))
                });
            if rule
                .non_resource_urls
                .as_ref()
                .is_some_and(|u| !u.is_empty())
            {
                prop_oneof![1 => resource, 3 => url].boxed()
            } else {
                prop_oneof![6 => resource, 1 => url].boxed()
            }
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// admin ⊇ edit ⊇ view

const KUBEFLOW_LABELS: &str = "rbac.authorization.kubeflow.org";

fn kubeflow_label(tier: &str) -> String {
    format!("{KUBEFLOW_LABELS}/aggregate-to-kubeflow-{tier}")
}

fn kubeflow_selector(tier: &str) -> String {
    format!(
        "[{{matchLabels: {}}}]",
        flow_map(&[(&kubeflow_label(tier), "true")])
    )
}

const EDIT: &str = "create,delete,deletecollection,patch,update";
const READ: &str = "get,list,watch";

/// Kubeflow's aggregate roles as kubeflow/manifests `common/kubeflow-roles` lays them out:
/// kubeflow-view is aggregated into kubeflow-edit, which is aggregated into kubeflow-admin,
/// each tier also gathering a kubeflow-kubernetes-<tier> role of Kubernetes permissions.
fn kubeflow_roles() -> Vec<String> {
    let admin = kubeflow_label("admin");
    let edit = kubeflow_label("edit");
    let view = kubeflow_label("view");
    vec![
        aggregating_cluster_role(
            "kubeflow-admin",
            &[],
            Some(&kubeflow_selector("admin")),
            &[],
        ),
        aggregating_cluster_role(
            "kubeflow-edit",
            &[(&admin, "true")],
            Some(&kubeflow_selector("edit")),
            &[],
        ),
        aggregating_cluster_role(
            "kubeflow-view",
            &[(&edit, "true")],
            Some(&kubeflow_selector("view")),
            &[],
        ),
        labelled_cluster_role(
            "kubeflow-kubernetes-admin",
            &[(&admin, "true")],
            &[
                &format!("verbs={READ},{EDIT} groups=rbac.authorization.k8s.io resources=roles,rolebindings"),
                "verbs=create groups=authorization.k8s.io resources=localsubjectaccessreviews",
            ],
        ),
        labelled_cluster_role(
            "kubeflow-kubernetes-edit",
            &[(&edit, "true")],
            &[
                &format!("verbs={EDIT} groups= resources=pods,services,configmaps,persistentvolumeclaims,secrets"),
                &format!("verbs={EDIT} groups=apps resources=deployments,statefulsets,replicasets"),
                &format!("verbs={EDIT} groups=batch resources=jobs,cronjobs"),
                &format!("verbs={READ} groups= resources=secrets,pods/exec,pods/attach"),
            ],
        ),
        labelled_cluster_role(
            "kubeflow-kubernetes-view",
            &[(&view, "true")],
            &[
                &format!("verbs={READ} groups= resources=pods,pods/log,services,configmaps,persistentvolumeclaims,events"),
                &format!("verbs={READ} groups=apps resources=deployments,statefulsets,replicasets"),
                &format!("verbs={READ} groups=batch resources=jobs,cronjobs"),
            ],
        ),
    ]
}

/// Options of role generation, over releases, Knative rules, status subresources and
/// extra resources.
fn generate_options() -> impl Strategy<Value = GenerateOptions> {
    let release = proptest::sample::select(vec![
        None,
        Some("0.8"),
        Some("v0.14.1"),
        Some("0.15"),
        Some("0.16"),
        Some("latest"),
    ]);
    let extra = proptest::sample::subsequence(
        vec!["widgets", "inferencepools.inference.networking.x-k8s.io"],
        0..=2,
    );
    (
        release,
        any::<bool>(),
        any::<bool>(),
        extra,
        proptest::sample::select(vec!["kubeflow-kserve", "serving"]),
    )
        .prop_map(
            |(release, knative, status, extra, prefix)| GenerateOptions {
                release: release.map(str::to_owned),
                knative,
                status_subresources: status,
                extra_resources: extra.into_iter().map(str::to_owned).collect(),
                name_prefix: prefix.to_owned(),
                ..GenerateOptions::default()
            },
        )
}

/// Builds the bindings that give one user each tier: Kubeflow's in namespace `team`, the generated
/// roles' cluster-wide.
fn tier_bindings(prefix: &str) -> Vec<String> {
    let mut bindings = Vec::new();
    for tier in ["admin", "edit", "view"] {
        bindings.push(role_binding(
            &format!("team/kubeflow-{tier}"),
            &format!("ClusterRole/kubeflow-{tier}"),
            &[&format!("User:kubeflow-{tier}")],
        ));
        bindings.push(cluster_role_binding(
            &format!("generated-{tier}"),
            &format!("ClusterRole/{prefix}-{tier}"),
            &[&format!("User:generated-{tier}")],
        ));
    }
    bindings
}

/// Loads the generated roles, Kubeflow's roles and the tier bindings.
fn tier_workspace(options: &GenerateOptions) -> Workspace {
    let generated = generate_roles(options).expect("generation options are valid");
    let text = render_roles(&generated, Format::Yaml).expect("roles render");
    load(&[
        SourceFile::new("generated.yaml", text),
        SourceFile::new("kubeflow-roles.yaml", support::stream(&kubeflow_roles())),
        SourceFile::new(
            "bindings.yaml",
            support::stream(&tier_bindings(&options.name_prefix)),
        ),
    ])
}

/// Returns the roles that tier requests are drawn from: the generated ones and Kubeflow's, as typed.
fn tier_roles(options: &GenerateOptions) -> Vec<ClusterRole> {
    static KUBEFLOW: OnceLock<Vec<ClusterRole>> = OnceLock::new();
    let kubeflow = KUBEFLOW.get_or_init(|| {
        let text = support::stream(&kubeflow_roles());
        input_cluster_roles(&load(&[SourceFile::new("kubeflow-roles.yaml", text)]))
    });
    let mut roles = generate_roles(options).expect("generation options are valid");
    roles.extend(kubeflow.iter().cloned());
    roles
}

/// Returns the ClusterRoles of a workspace as the input typed them, before aggregation.
fn input_cluster_roles(ws: &Workspace) -> Vec<ClusterRole> {
    ws.objects()
        .iter()
        .filter_map(|loaded| match &loaded.object {
            Object::ClusterRole(role) => Some(role.clone()),
            _ => None,
        })
        .collect()
}

/// Checks that whatever `lower` may do, `higher` may do too.
fn assert_nested(
    ws: &Workspace,
    request: &Attributes,
    lower: &str,
    higher: &str,
) -> Result<(), TestCaseError> {
    if ws.allows(&bare_user(lower), request) {
        prop_assert!(
            ws.allows(&bare_user(higher), request),
            "{lower} may {} but {higher} may not",
            request.describe()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn generated_and_kubeflow_tiers_nest(
        (options, requests) in generate_options().prop_flat_map(|options| {
            let requests = proptest::collection::vec(
                requests_over(&tier_roles(&options), &["team", "other", ""]),
                32,
            );
            (Just(options), requests)
        })
    ) {
        let ws = tier_workspace(&options);
        for request in &requests {
            assert_nested(&ws, request, "kubeflow-view", "kubeflow-edit")?;
            assert_nested(&ws, request, "kubeflow-edit", "kubeflow-admin")?;
            assert_nested(&ws, request, "generated-view", "generated-edit")?;
            assert_nested(&ws, request, "generated-edit", "generated-admin")?;
        }
    }
}

/// The nesting property would hold vacuously if no tier allowed anything. This test pins down
/// that each tier allows what it should and that the tiers differ.
#[test]
fn tiers_are_not_vacuous() {
    let ws = tier_workspace(&GenerateOptions::default());
    let get = resource_request("get", "serving.kserve.io", "inferenceservices", "team", "");
    let create = resource_request(
        "create",
        "serving.kserve.io",
        "inferenceservices",
        "team",
        "",
    );
    let bind_role = resource_request(
        "create",
        "rbac.authorization.k8s.io",
        "rolebindings",
        "team",
        "",
    );
    for tier in ["view", "edit", "admin"] {
        assert!(
            ws.allows(&bare_user(&format!("kubeflow-{tier}")), &get),
            "kubeflow-{tier} get"
        );
        assert!(
            ws.allows(&bare_user(&format!("generated-{tier}")), &get),
            "generated-{tier} get"
        );
    }
    assert!(!ws.allows(&bare_user("kubeflow-view"), &create));
    assert!(ws.allows(&bare_user("kubeflow-edit"), &create));
    assert!(!ws.allows(&bare_user("kubeflow-edit"), &bind_role));
    assert!(ws.allows(&bare_user("kubeflow-admin"), &bind_role));
    assert!(!ws.allows(&bare_user("generated-view"), &create));
    assert!(ws.allows(&bare_user("generated-edit"), &create));
}

fn bootstrap_workspace() -> &'static (Workspace, Vec<ClusterRole>) {
    static WORKSPACE: OnceLock<(Workspace, Vec<ClusterRole>)> = OnceLock::new();
    WORKSPACE.get_or_init(|| {
        let bindings: Vec<String> = ["admin", "edit", "view"]
            .iter()
            .map(|tier| {
                role_binding(
                    &format!("team/{tier}"),
                    &format!("ClusterRole/{tier}"),
                    &[&format!("User:bootstrap-{tier}")],
                )
            })
            .collect();
        let ws = load(&[
            bootstrap_policy(),
            SourceFile::new("bindings.yaml", support::stream(&bindings)),
        ]);
        let mentioned = input_cluster_roles(&load(&[bootstrap_policy()]));
        (ws, mentioned)
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn bootstrap_tiers_nest(
        request in requests_over(&bootstrap_workspace().1, &["team", "other", ""])
    ) {
        let ws = &bootstrap_workspace().0;
        assert_nested(ws, &request, "bootstrap-view", "bootstrap-edit")?;
        assert_nested(ws, &request, "bootstrap-edit", "bootstrap-admin")?;
    }
}

#[test]
fn bootstrap_tiers_are_not_vacuous() {
    let ws = &bootstrap_workspace().0;
    let get = resource_request("get", "apps", "deployments", "team", "");
    let create = resource_request("create", "apps", "deployments", "team", "");
    let bind_role = resource_request(
        "create",
        "rbac.authorization.k8s.io",
        "rolebindings",
        "team",
        "",
    );
    assert!(ws.allows(&bare_user("bootstrap-view"), &get));
    assert!(!ws.allows(&bare_user("bootstrap-view"), &create));
    assert!(ws.allows(&bare_user("bootstrap-edit"), &create));
    assert!(!ws.allows(&bare_user("bootstrap-edit"), &bind_role));
    assert!(ws.allows(&bare_user("bootstrap-admin"), &bind_role));
}

// ---------------------------------------------------------------------------------------------
// Random RBAC sets

const SUBJECTS: &[&str] = &[
    "User:alice",
    "User:bob",
    "Group:devs",
    "Group:ops",
    "ServiceAccount:sa1",
    "ServiceAccount:ns1/sa1",
    "ServiceAccount:ns2/sa2",
    "User:system:serviceaccount:ns1:sa2",
];

/// Lists the users that the subjects above can match, with the groups they carry.
fn probe_users() -> Vec<UserInfo> {
    let with_groups = |name: &str, groups: &[&str]| UserInfo {
        name: name.to_owned(),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    };
    vec![
        with_groups("alice", &[]),
        with_groups("alice", &["devs"]),
        with_groups("bob", &["ops"]),
        with_groups("carol", &["devs", "ops"]),
        with_groups("carol", &[]),
        with_groups(&service_account_user("ns1", "sa1"), &[]),
        with_groups(&service_account_user("ns2", "sa1"), &[]),
        with_groups(&service_account_user("ns2", "sa2"), &[]),
        with_groups(&service_account_user("ns1", "sa2"), &[]),
    ]
}

fn rule_text() -> impl Strategy<Value = String> {
    let resource_rule = (
        proptest::sample::subsequence(vec!["get", "list", "create", "*"], 1..=2),
        proptest::sample::subsequence(vec!["", "apps", "*"], 1..=2),
        proptest::sample::subsequence(
            vec!["pods", "pods/status", "deployments", "*/status", "*"],
            1..=2,
        ),
        proptest::option::weighted(0.2, proptest::sample::select(vec!["a", "b"])),
    )
        .prop_map(|(verbs, groups, resources, name)| {
            let mut text = format!(
                "verbs={} groups={} resources={}",
                verbs.join(","),
                groups.join(","),
                resources.join(",")
            );
            if let Some(name) = name {
                text.push_str(&format!(" names={name}"));
            }
            text
        });
    let url_rule = (
        proptest::sample::subsequence(vec!["get", "*"], 1..=2),
        proptest::sample::subsequence(vec!["/healthz", "/healthz*", "/apis/*", "*"], 1..=2),
    )
        .prop_map(|(verbs, urls)| format!("verbs={} urls={}", verbs.join(","), urls.join(",")));
    prop_oneof![4 => resource_rule, 1 => url_rule]
}

fn selector_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(vec!["a", "b"]).prop_map(|v| format!("{{matchLabels: {{tier: {v}}}}}")),
        1 => Just("{matchLabels: {team: x}}".to_owned()),
        2 => (
            proptest::sample::select(vec!["tier", "team"]),
            proptest::sample::select(vec!["In", "NotIn"]),
            proptest::sample::subsequence(vec!["a", "b", "x"], 1..=2),
        )
            .prop_map(|(key, op, values)| format!(
                "{{matchExpressions: [{{key: {key}, operator: {op}, values: [{}]}}]}}",
                values.join(", ")
            )),
        2 => (
            proptest::sample::select(vec!["tier", "team"]),
            proptest::sample::select(vec!["Exists", "DoesNotExist"]),
        )
            .prop_map(|(key, op)| format!("{{matchExpressions: [{{key: {key}, operator: {op}}}]}}")),
        1 => Just("{}".to_owned()),
        1 => Just("{matchExpressions: [{key: tier, operator: Bogus}]}".to_owned()),
    ]
}

/// The parts of one ClusterRole; its name comes from its position.
#[derive(Debug, Clone)]
struct ClusterRoleSpec {
    tier: Option<&'static str>,
    team: bool,
    selectors: Option<Vec<String>>,
    rules: Vec<String>,
}

#[derive(Debug, Clone)]
struct BindingSpec {
    /// `None` for a ClusterRoleBinding, else the RoleBinding's namespace.
    namespace: Option<&'static str>,
    role_ref: String,
    subjects: Vec<&'static str>,
}

fn cluster_role_spec() -> impl Strategy<Value = ClusterRoleSpec> {
    (
        proptest::option::of(proptest::sample::select(vec!["a", "b"])),
        any::<bool>(),
        proptest::option::weighted(0.4, proptest::collection::vec(selector_text(), 0..=2)),
        proptest::collection::vec(rule_text(), 0..=3),
    )
        .prop_map(|(tier, team, selectors, rules)| ClusterRoleSpec {
            tier,
            team,
            selectors,
            rules,
        })
}

fn binding_spec(cluster_roles: usize) -> impl Strategy<Value = BindingSpec> {
    let cluster_role_ref = (0..cluster_roles + 1).prop_map(move |i| {
        if i == cluster_roles {
            "ClusterRole/missing".to_owned()
        } else {
            format!("ClusterRole/cr{i}")
        }
    });
    let role_ref = prop_oneof![
        3 => cluster_role_ref.clone(),
        2 => proptest::sample::select(vec!["Role/role0", "Role/role1", "Role/missing"]).prop_map(str::to_owned),
    ];
    prop_oneof![
        (
            cluster_role_ref,
            proptest::sample::subsequence(SUBJECTS.to_vec(), 1..=3)
        )
            .prop_map(|(role_ref, subjects)| BindingSpec {
                namespace: None,
                role_ref,
                subjects,
            }),
        (
            proptest::sample::select(vec!["ns1", "ns2"]),
            role_ref,
            proptest::sample::subsequence(SUBJECTS.to_vec(), 1..=3),
        )
            .prop_map(|(namespace, role_ref, subjects)| BindingSpec {
                namespace: Some(namespace),
                role_ref,
                subjects,
            }),
    ]
}

/// Generates a random set of ClusterRoles (some aggregating), Roles in ns1 and ns2, and bindings, as
/// YAML documents with unique names.
fn rbac_set() -> impl Strategy<Value = Vec<String>> {
    (
        proptest::collection::vec(cluster_role_spec(), 1..=6),
        proptest::collection::vec(rule_text(), 0..=2),
        proptest::collection::vec(rule_text(), 0..=2),
    )
        .prop_flat_map(|(cluster_roles, ns1_rules, ns2_rules)| {
            let count = cluster_roles.len();
            (
                Just(cluster_roles),
                Just(ns1_rules),
                Just(ns2_rules),
                proptest::collection::vec(binding_spec(count), 1..=8),
            )
        })
        .prop_map(|(cluster_roles, ns1_rules, ns2_rules, bindings)| {
            let mut documents = Vec::new();
            for (i, spec) in cluster_roles.iter().enumerate() {
                documents.push(cluster_role_document(&format!("cr{i}"), spec));
            }
            for (namespace, rules) in [("ns1", &ns1_rules), ("ns2", &ns2_rules)] {
                let rules: Vec<&str> = rules.iter().map(String::as_str).collect();
                documents.push(role(&format!("{namespace}/role0"), &rules));
            }
            documents.push(role("ns1/role1", &["verbs=get groups= resources=secrets"]));
            for (i, binding) in bindings.iter().enumerate() {
                let name = format!("binding{i}");
                documents.push(match binding.namespace {
                    None => cluster_role_binding(&name, &binding.role_ref, &binding.subjects),
                    Some(namespace) => role_binding(
                        &format!("{namespace}/{name}"),
                        &binding.role_ref,
                        &binding.subjects,
                    ),
                });
            }
            documents
        })
}

fn cluster_role_document(name: &str, spec: &ClusterRoleSpec) -> String {
    let mut labels: Vec<(&str, &str)> = Vec::new();
    if let Some(tier) = spec.tier {
        labels.push(("tier", tier));
    }
    if spec.team {
        labels.push(("team", "x"));
    }
    let rules: Vec<&str> = spec.rules.iter().map(String::as_str).collect();
    match &spec.selectors {
        Some(selectors) => {
            let list = format!("[{}]", selectors.join(", "));
            aggregating_cluster_role(name, &labels, Some(&list), &rules)
        }
        None => labelled_cluster_role(name, &labels, &rules),
    }
}

/// Draws requests over the vocabulary of [`rbac_set`], plus names and paths it never mentions.
fn random_request() -> impl Strategy<Value = Attributes> {
    let resource = (
        proptest::sample::select(vec!["get", "list", "create", "delete"]),
        proptest::sample::select(vec!["", "apps", "other"]),
        proptest::sample::select(vec![
            "pods",
            "pods/status",
            "pods/log",
            "deployments",
            "secrets",
        ]),
        proptest::sample::select(vec!["ns1", "ns2", "ns3", ""]),
        proptest::sample::select(vec!["", "a", "b"]),
    )
        .prop_map(|(verb, group, resource, namespace, name)| {
            resource_request(verb, group, resource, namespace, name)
        });
    let url = (
        proptest::sample::select(vec!["get", "post"]),
        proptest::sample::select(vec![
            "/healthz",
            "/healthzx",
            "/apis",
            "/apis/v1",
            "/version",
        ]),
    )
        .prop_map(|(verb, path)| url_request(verb, path));
    prop_oneof![4 => resource, 1 => url]
}

fn single_file(documents: &[String]) -> Workspace {
    load(&[SourceFile::new(
        support::FILE_NAME,
        support::stream(documents),
    )])
}

/// Splits `documents` into `files` files of consecutive documents.
fn split_into_files(documents: &[String], files: usize) -> Vec<SourceFile> {
    let size = documents.len().div_ceil(files).max(1);
    documents
        .chunks(size)
        .enumerate()
        .map(|(i, chunk)| SourceFile::new(format!("part-{i}.yaml"), support::stream(chunk)))
        .collect()
}

/// Everything order must not change: decisions for each user and request, who-can subjects
/// and evaluation errors (sorted) for each request, and every ClusterRole's aggregated rules.
#[derive(Debug, PartialEq)]
struct Observation {
    decisions: Vec<bool>,
    who_can: Vec<(Vec<String>, Vec<String>)>,
    aggregated: BTreeMap<String, Vec<String>>,
}

impl Observation {
    fn of(ws: &Workspace, users: &[UserInfo], requests: &[Attributes]) -> Self {
        let mut decisions = Vec::new();
        for user in users {
            for request in requests {
                decisions.push(ws.allows(user, request));
            }
        }
        let who_can = requests
            .iter()
            .map(|request| {
                let answer = ws.who_can(request);
                let mut subjects: Vec<String> = answer
                    .subjects
                    .iter()
                    .map(|s| subject_key(&s.subject))
                    .collect();
                subjects.sort();
                subjects.dedup();
                let mut errors = answer.evaluation_errors;
                errors.sort();
                (subjects, errors)
            })
            .collect();
        Self {
            decisions,
            who_can,
            aggregated: aggregated_rules(ws),
        }
    }
}

/// Collects the evaluation errors of each denied request, each list sorted because its order
/// follows the bindings' order.
fn denial_errors(ws: &Workspace, users: &[UserInfo], requests: &[Attributes]) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for user in users {
        for request in requests {
            let decision = ws.authorize(user, request);
            if !decision.allowed {
                let mut errors = decision.evaluation_errors;
                errors.sort();
                all.push(errors);
            }
        }
    }
    all
}

fn aggregated_rules(ws: &Workspace) -> BTreeMap<String, Vec<String>> {
    ws.aggregated_cluster_roles()
        .iter()
        .map(|role| {
            let name = role.metadata.name.clone().unwrap_or_default();
            let rules = role.rules.iter().flatten().map(render_rule).collect();
            (name, rules)
        })
        .collect()
}

fn shuffled_set() -> impl Strategy<Value = (Vec<String>, Vec<String>, usize)> {
    rbac_set().prop_flat_map(|documents| {
        (
            Just(documents.clone()),
            Just(documents).prop_shuffle(),
            1usize..=3,
        )
    })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn random_set_order_keeps_decisions(
        (documents, shuffled, files) in shuffled_set(),
        requests in proptest::collection::vec(random_request(), 12),
    ) {
        let users = probe_users();
        let original = single_file(&documents);
        let reordered = load(&split_into_files(&shuffled, files));
        prop_assert_eq!(
            Observation::of(&reordered, &users, &requests),
            Observation::of(&original, &users, &requests)
        );
        prop_assert_eq!(
            denial_errors(&reordered, &users, &requests),
            denial_errors(&original, &users, &requests)
        );
    }

    #[test]
    fn random_set_aggregation_is_idempotent(documents in rbac_set()) {
        let first = single_file(&documents);
        let fed_back: Vec<String> = first
            .aggregated_cluster_roles()
            .iter()
            .map(|role| serde_yaml::to_string(role).expect("ClusterRoles serialize"))
            .collect();
        let second = single_file(&fed_back);
        prop_assert_eq!(aggregated_rules(&second), aggregated_rules(&first));
    }

    #[test]
    fn allows_matches_authorize(
        documents in rbac_set(),
        requests in proptest::collection::vec(random_request(), 12),
    ) {
        let ws = single_file(&documents);
        for user in probe_users() {
            for request in &requests {
                let decision = ws.authorize(&user, request);
                prop_assert_eq!(ws.allows(&user, request), decision.allowed);
                prop_assert_eq!(decision.trace.is_some(), decision.allowed);
                prop_assert_eq!(decision.reason.starts_with("RBAC: allowed by "), decision.allowed);
            }
        }
    }

    #[test]
    fn who_can_matches_authorize(
        documents in rbac_set(),
        requests in proptest::collection::vec(random_request(), 12),
    ) {
        let ws = single_file(&documents);
        for request in &requests {
            let subjects: Vec<Subject> =
                ws.who_can(request).subjects.into_iter().map(|s| s.subject).collect();
            for subject in &subjects {
                let user = user_for(subject);
                prop_assert!(
                    ws.allows(&user, request),
                    "who-can lists {} for {}, but authorize denies {:?}",
                    subject_key(subject),
                    request.describe(),
                    user
                );
            }
            for user in probe_users() {
                let listed = subjects.iter().any(|s| applies_to(s, &user));
                prop_assert_eq!(
                    ws.allows(&user, request),
                    listed,
                    "user {:?}, request {}, who-can {:?}",
                    user,
                    request.describe(),
                    subjects.iter().map(subject_key).collect::<Vec<_>>()
                );
            }
        }
    }
}

/// The random-set properties would hold vacuously if the sets never allowed anything. This
/// test samples sets and requests and checks that allowed and denied requests and non-empty
/// who-can lists all occur.
#[test]
fn random_sets_are_not_vacuous() {
    let mut runner = TestRunner::deterministic();
    let (mut allowed, mut denied, mut listed) = (0, 0, 0);
    for _ in 0..64 {
        let documents = rbac_set()
            .new_tree(&mut runner)
            .expect("sets generate")
            .current();
        let request = random_request()
            .new_tree(&mut runner)
            .expect("requests generate")
            .current();
        let ws = single_file(&documents);
        for user in probe_users() {
            if ws.allows(&user, &request) {
                allowed += 1;
            } else {
                denied += 1;
            }
        }
        if !ws.who_can(&request).subjects.is_empty() {
            listed += 1;
        }
    }
    assert!(allowed > 20, "only {allowed} sampled decisions allowed");
    assert!(denied > 20, "only {denied} sampled decisions denied");
    assert!(
        listed > 5,
        "who-can listed subjects for only {listed} requests"
    );
}

/// Builds the user a who-can subject stands for, with no other group that could add permissions.
fn user_for(subject: &Subject) -> UserInfo {
    match subject.kind.as_str() {
        "Group" => UserInfo {
            name: "probe-without-bindings".to_owned(),
            groups: vec![subject.name.clone()],
        },
        "ServiceAccount" => bare_user(&service_account_user(
            subject.namespace.as_deref().unwrap_or_default(),
            &subject.name,
        )),
        _ => bare_user(&subject.name),
    }
}

/// Checks whether a who-can subject (ServiceAccounts with their namespace filled in) matches
/// a user.
fn applies_to(subject: &Subject, user: &UserInfo) -> bool {
    match subject.kind.as_str() {
        "User" => subject.name == user.name,
        "Group" => user.groups.contains(&subject.name),
        "ServiceAccount" => {
            let namespace = subject.namespace.as_deref().unwrap_or_default();
            service_account_user(namespace, &subject.name) == user.name
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// The Kubeflow + KServe example

fn example_documents() -> Vec<String> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kubeflow-kserve");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .expect("the example folder exists")
        .map(|entry| entry.expect("the example folder is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    let mut documents = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("example files are UTF-8");
        documents.extend(split_documents(&text).iter().map(|d| d.text.to_owned()));
    }
    documents
}

fn example_users() -> Vec<UserInfo> {
    let mut users: Vec<UserInfo> = [
        "alice@example.com",
        "bob@example.com",
        "carol@example.com",
        "dave@example.com",
        "eve@example.com",
    ]
    .iter()
    .map(|name| UserInfo::impersonated(name, &[]))
    .collect();
    for (namespace, account) in [
        ("team-a", "default-editor"),
        ("team-a", "default-viewer"),
        ("team-b", "default-editor"),
        ("kubeflow", "kserve-models-web-application"),
    ] {
        users.push(UserInfo::impersonated(
            &service_account_user(namespace, account),
            &[],
        ));
    }
    users
}

fn example_requests() -> Vec<Attributes> {
    let mut requests = Vec::new();
    for namespace in ["team-a", "team-b", "kubeflow", ""] {
        for verb in ["get", "list", "create", "delete", "patch"] {
            for (group, resource) in [
                ("serving.kserve.io", "inferenceservices"),
                ("serving.kserve.io", "inferenceservices/status"),
                ("serving.kserve.io", "servingruntimes"),
                ("serving.kserve.io", "clusterservingruntimes"),
                ("serving.knative.dev", "services"),
                ("", "pods"),
                ("", "secrets"),
                ("rbac.authorization.k8s.io", "rolebindings"),
            ] {
                requests.push(resource_request(verb, group, resource, namespace, ""));
            }
        }
    }
    requests.push(resource_request(
        "create",
        "authorization.k8s.io",
        "subjectaccessreviews",
        "",
        "",
    ));
    requests.push(url_request("get", "/healthz"));
    requests
}

fn example_baseline() -> &'static Observation {
    static BASELINE: OnceLock<Observation> = OnceLock::new();
    BASELINE.get_or_init(|| {
        Observation::of(
            &single_file(&example_documents()),
            &example_users(),
            &example_requests(),
        )
    })
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn example_order_keeps_decisions(
        shuffled in Just(example_documents()).prop_shuffle(),
        files in 1usize..=4,
    ) {
        let ws = load(&split_into_files(&shuffled, files));
        let observed = Observation::of(&ws, &example_users(), &example_requests());
        prop_assert_eq!(&observed, example_baseline());
    }
}

#[test]
fn example_baseline_is_not_vacuous() {
    let baseline = example_baseline();
    assert!(baseline.decisions.iter().any(|allowed| *allowed));
    assert!(baseline.decisions.iter().any(|allowed| !*allowed));
    assert!(baseline.aggregated["kubeflow-edit"].len() > 1);
}

#[test]
fn example_aggregation_is_idempotent() {
    let first = single_file(&example_documents());
    let fed_back: Vec<String> = first
        .aggregated_cluster_roles()
        .iter()
        .map(|role| serde_yaml::to_string(role).expect("ClusterRoles serialize"))
        .collect();
    let second = single_file(&fed_back);
    assert_eq!(aggregated_rules(&second), aggregated_rules(&first));
}
