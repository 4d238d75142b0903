//! Conformance of decisions, aggregation and who-can with the Kubernetes RBAC authorizer.
//!
//! Every row names the upstream fact it checks by file and function. The files, all in
//! kubernetes/kubernetes, are:
//! - `pkg/apis/rbac/v1/evaluation_helpers.go`: the predicates that match one rule;
//! - `pkg/registry/rbac/validation/rule.go`: which bindings and subjects apply, how role
//!   references resolve, and how a grant is described;
//! - `plugin/pkg/auth/authorizer/rbac/rbac.go`: the decision and its reason;
//! - `plugin/pkg/auth/authorizer/rbac/subject_locator.go`: who can;
//! - `pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go`: aggregation;
//! - `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go`: `LabelSelectorAsSelector`,
//!   which builds each requirement with `NewRequirement` in
//!   `staging/src/k8s.io/apimachinery/pkg/labels/selector.go`;
//! - `staging/src/k8s.io/apimachinery/pkg/util/errors/errors.go`: how several errors read;
//! - `staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go`: impersonated users.
//!
//! Many rows restate the test tables beside those files (`rbac_test.go`, `rule_test.go`,
//! `subject_locator_test.go`, `clusterroleaggregation_controller_test.go`). Inputs are YAML
//! documents read by the crate's loader, written with the shorthand in `support`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use k8s_openapi::api::authorization::v1::SubjectAccessReview;
use kserve_rbac::diagnostic::codes;
use kserve_rbac::UserInfo;
use support::{
    aggregating_cluster_role, cluster_role, cluster_role_binding, labelled_cluster_role,
    render_rule, request, role, role_binding, rule, subject_key, user, workspace,
};

/// Fails with every failed check of a table, so that one run lists them all.
fn assert_rows(table: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} check(s) of {table} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Single rules: one ClusterRole with the rule, bound cluster-wide to the user `tester`.

/// A rule, a request by `tester`, and whether the rule allows it.
struct RuleCase {
    fact: &'static str,
    rule: &'static str,
    request: &'static str,
    allowed: bool,
}

const MATCH: &str = "evaluation_helpers.go VerbMatches/APIGroupMatches/ResourceMatches";

const RULE_MATCHING: &[RuleCase] = &[
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: verb * with exact group and resource",
        rule: "verbs=* groups=group1 resources=resource1",
        request: "verb1 resource1 group=group1 ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: verb * still needs the group",
        rule: "verbs=* groups=group1 resources=resource1",
        request: "verb1 resource1 group=group2 ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: verb * still needs the resource",
        rule: "verbs=* groups=group1 resources=resource1",
        request: "verb1 resource2 group=group1 ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: verb * matches any verb",
        rule: "verbs=* groups=group1 resources=resource1",
        request: "verb2 resource1 group=group1 ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: group * matches any group",
        rule: "verbs=verb1 groups=* resources=resource1",
        request: "verb1 resource1 group=group2 ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: group * still needs the verb",
        rule: "verbs=verb1 groups=* resources=resource1",
        request: "verb2 resource1 group=group1 ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: group * still needs the resource",
        rule: "verbs=verb1 groups=* resources=resource1",
        request: "verb1 resource2 group=group1 ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: resource * matches any resource",
        rule: "verbs=verb1 groups=group1 resources=*",
        request: "verb1 resource2 group=group1 ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: resource * still needs the group",
        rule: "verbs=verb1 groups=group1 resources=*",
        request: "verb1 resource2 group=group2 ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: tuple expansion, every verb x group x resource",
        rule: "verbs=verb1,verb2 groups=group1,group2 resources=resource1,resource2",
        request: "verb2 resource2 group=group2 ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: tuple expansion adds no other verb",
        rule: "verbs=verb1,verb2 groups=group1,group2 resources=resource1,resource2",
        request: "verb3 resource1 group=group1 ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: verbs compare case-sensitively, GET is not get",
        rule: "verbs=get groups= resources=pods",
        request: "GET pods ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: resources compare case-sensitively",
        rule: "verbs=get groups= resources=pods",
        request: "get Pods ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go APIGroupMatches: groups compare case-sensitively",
        rule: "verbs=get groups=apps resources=deployments",
        request: "get deployments group=Apps ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go APIGroupMatches: \"\" is the core group",
        rule: "verbs=get groups= resources=pods",
        request: "get pods ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go APIGroupMatches: the core group does not cover apps",
        rule: "verbs=get groups= resources=deployments",
        request: "get deployments group=apps ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go APIGroupMatches: a named group does not cover the core group",
        rule: "verbs=get groups=apps resources=pods",
        request: "get pods ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go APIGroupMatches: a rule without apiGroups matches no group",
        rule: "verbs=get resources=pods",
        request: "get pods ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go VerbMatches: a rule with no verbs matches nothing",
        rule: "verbs=[] groups=* resources=*",
        request: "get pods ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go VerbMatches: * covers verbs outside the usual set",
        rule: "verbs=* groups=rbac.authorization.k8s.io resources=clusterroles",
        request: "escalate clusterroles group=rbac.authorization.k8s.io",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: no resourceNames allows every name",
        rule: "verbs=get groups= resources=secrets",
        request: "get secrets ns=ns1 name=token",
        allowed: true,
    },
    RuleCase {
        fact: MATCH,
        rule: "verbs=get,list groups=serving.kserve.io resources=inferenceservices",
        request: "list inferenceservices group=serving.kserve.io ns=team-a",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go APIGroupMatches: the old KFServing group grants nothing on serving.kserve.io",
        rule: "verbs=* groups=serving.kubeflow.org resources=inferenceservices",
        request: "get inferenceservices group=serving.kserve.io ns=team-a",
        allowed: false,
    },
];

const SUBRESOURCES: &[RuleCase] = &[
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: pods does not cover pods/status",
        rule: "verbs=* groups=* resources=pods",
        request: "get pods/status ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: pods/status does not cover pods",
        rule: "verbs=* groups=* resources=pods/status",
        request: "get pods ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: pods/status matches pods/status",
        rule: "verbs=* groups=* resources=pods/status",
        request: "get pods/status ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: resource1/subresource1 needs that subresource",
        rule: "verbs=* groups=* resources=resource1/subresource1",
        request: "verb1 resource1/subresource2 group=group1 ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: resource1/subresource1 needs that resource",
        rule: "verbs=* groups=* resources=resource1/subresource1",
        request: "verb1 resource2/subresource1 group=group1 ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: */subresource matches any resource's subresource",
        rule: "verbs=get groups=* resources=*/status",
        request: "get pods/status ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: */status matches in any group",
        rule: "verbs=get groups=* resources=*/status",
        request: "get deployments/status group=apps ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: */status does not match the resource itself",
        rule: "verbs=get groups=* resources=*/status",
        request: "get pods ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: */status does not match another subresource",
        rule: "verbs=get groups=* resources=*/status",
        request: "get pods/log ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: pods/* is not a wildcard",
        rule: "verbs=get groups=* resources=pods/*",
        request: "get pods/status ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: pods/* does not match pods",
        rule: "verbs=get groups=* resources=pods/*",
        request: "get pods ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: */* is not a wildcard",
        rule: "verbs=get groups=* resources=*/*",
        request: "get pods/status ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: * matches subresources too",
        rule: "verbs=* groups=* resources=*",
        request: "create pods/exec ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: subresources compare case-sensitively",
        rule: "verbs=get groups= resources=pods/status",
        request: "get pods/Status ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: */scale covers deployments/scale",
        rule: "verbs=update groups=apps resources=*/scale",
        request: "update deployments/scale group=apps ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceMatches: inferenceservices does not cover inferenceservices/status",
        rule: "verbs=* groups=serving.kserve.io resources=inferenceservices",
        request: "patch inferenceservices/status group=serving.kserve.io ns=team-a",
        allowed: false,
    },
];

const RESOURCE_NAMES: &[RuleCase] = &[
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: a listed name matches",
        rule: "verbs=get groups= resources=configmaps names=foo",
        request: "get configmaps ns=ns1 name=foo",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: an unlisted name does not match",
        rule: "verbs=get groups= resources=configmaps names=foo",
        request: "get configmaps ns=ns1 name=bar",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: names compare case-sensitively",
        rule: "verbs=get groups= resources=configmaps names=foo",
        request: "get configmaps ns=ns1 name=Foo",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: any listed name matches",
        rule: "verbs=get groups= resources=configmaps names=foo,bar",
        request: "get configmaps ns=ns1 name=bar",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: create carries no name, so a named rule never allows it",
        rule: "verbs=create groups= resources=configmaps names=foo",
        request: "create configmaps ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: an unfiltered list carries no name",
        rule: "verbs=list groups= resources=configmaps names=foo",
        request: "list configmaps ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: deletecollection carries no name",
        rule: "verbs=deletecollection groups= resources=configmaps names=foo",
        request: "deletecollection configmaps ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: an unfiltered watch carries no name",
        rule: "verbs=watch groups= resources=configmaps names=foo",
        request: "watch configmaps ns=ns1",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: a watch with a metadata.name field selector carries the name",
        rule: "verbs=watch groups= resources=configmaps names=foo",
        request: "watch configmaps ns=ns1 name=foo",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: update of a listed name matches",
        rule: "verbs=update groups= resources=configmaps names=foo",
        request: "update configmaps ns=ns1 name=foo",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: an empty resourceNames list allows every name",
        rule: "verbs=get groups= resources=configmaps names=[]",
        request: "get configmaps ns=ns1 name=anything",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: an empty resourceNames list allows create",
        rule: "verbs=create groups= resources=configmaps names=[]",
        request: "create configmaps ns=ns1",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: names apply to subresource requests",
        rule: "verbs=get groups= resources=pods/log names=web",
        request: "get pods/log ns=ns1 name=web",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go ResourceNameMatches: a named subresource rule needs the name",
        rule: "verbs=get groups= resources=pods/log names=web",
        request: "get pods/log ns=ns1 name=db",
        allowed: false,
    },
];

const NON_RESOURCE_URLS: &[RuleCase] = &[
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: get /apis allows get /apis",
        rule: "verbs=get urls=/apis",
        request: "get /apis",
        allowed: true,
    },
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: get /apis does not allow watch",
        rule: "verbs=get urls=/apis",
        request: "watch /apis",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: /apis does not cover /api/v1",
        rule: "verbs=get urls=/apis",
        request: "get /api/v1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: verb * on /apis allows watch",
        rule: "verbs=* urls=/apis",
        request: "watch /apis",
        allowed: true,
    },
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: /apis/* covers /apis/v1",
        rule: "verbs=get urls=/apis/*",
        request: "get /apis/v1",
        allowed: true,
    },
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: /apis/* covers deeper paths",
        rule: "verbs=get urls=/apis/*",
        request: "get /apis/v1/foobar",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go NonResourceURLMatches: /apis/* does not match /apis",
        rule: "verbs=get urls=/apis/*",
        request: "get /apis",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestAuthorizer: /apis/* does not cover /api/v1",
        rule: "verbs=get urls=/apis/*",
        request: "get /api/v1",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: url * matches every path",
        rule: "verbs=verb1 urls=*",
        request: "verb1 /foo/bar/one",
        allowed: true,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: url * still needs the verb",
        rule: "verbs=verb1 urls=*",
        request: "verb2 /foo",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: /foo/* does not cover /notfoo/bar",
        rule: "verbs=verb1 urls=/foo/*",
        request: "verb1 /notfoo/bar",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: exact urls do not cover the paths between them",
        rule: "verbs=* urls=/foo,/foo/bar/one",
        request: "verb1 /foo/bar",
        allowed: false,
    },
    RuleCase {
        fact: "rbac_test.go TestRuleMatches: each exact url matches itself",
        rule: "verbs=* urls=/foo,/foo/bar/one",
        request: "verb2 /foo/bar/one",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go NonResourceURLMatches: a trailing * is a raw string prefix",
        rule: "verbs=get urls=/healthz*",
        request: "get /healthzfoo",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go NonResourceURLMatches: /healthz* covers /healthz",
        rule: "verbs=get urls=/healthz*",
        request: "get /healthz",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go NonResourceURLMatches: /healthz/* does not cover /healthz",
        rule: "verbs=get urls=/healthz/*",
        request: "get /healthz",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go NonResourceURLMatches: TrimRight removes every trailing *",
        rule: "verbs=get urls=/foo/**",
        request: "get /foo/bar",
        allowed: true,
    },
    RuleCase {
        fact: "evaluation_helpers.go NonResourceURLMatches: /foo/** keeps the slash of its prefix",
        rule: "verbs=get urls=/foo/**",
        request: "get /foo",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go NonResourceURLMatches: an exact url does not cover a trailing slash",
        rule: "verbs=get urls=/healthz",
        request: "get /healthz/",
        allowed: false,
    },
    RuleCase {
        fact: "evaluation_helpers.go NonResourceURLMatches: urls compare case-sensitively",
        rule: "verbs=get urls=/Healthz",
        request: "get /healthz",
        allowed: false,
    },
    RuleCase {
        fact: "rbac.go RuleAllows: a resource rule never matches a non-resource request",
        rule: "verbs=* groups=* resources=*",
        request: "get /healthz",
        allowed: false,
    },
    RuleCase {
        fact: "rbac.go RuleAllows: a non-resource rule never matches a resource request",
        rule: "verbs=* urls=*",
        request: "get pods ns=ns1",
        allowed: false,
    },
];

fn rule_failures(table: &[RuleCase]) -> Vec<String> {
    let mut failures = Vec::new();
    for case in table {
        let ws = workspace(&[
            cluster_role("rule-under-test", &[case.rule]),
            cluster_role_binding(
                "rule-under-test",
                "ClusterRole/rule-under-test",
                &["User:tester"],
            ),
        ]);
        let actual = ws.allows(&user("tester"), &request(case.request));
        if actual != case.allowed {
            failures.push(format!(
                "rule {:?}, request {:?}: expected allowed={}, got {actual} ({})",
                case.rule, case.request, case.allowed, case.fact
            ));
        }
    }
    failures
}

#[test]
fn rule_matching_table() {
    assert_rows("RULE_MATCHING", rule_failures(RULE_MATCHING));
}

#[test]
fn subresource_table() {
    assert_rows("SUBRESOURCES", rule_failures(SUBRESOURCES));
}

#[test]
fn resource_name_table() {
    assert_rows("RESOURCE_NAMES", rule_failures(RESOURCE_NAMES));
}

#[test]
fn non_resource_url_table() {
    assert_rows("NON_RESOURCE_URLS", rule_failures(NON_RESOURCE_URLS));
}

// ---------------------------------------------------------------------------------------------
// Decisions over a set of roles and bindings.

/// A user, a request, and the expected decision.
struct DecisionCase {
    fact: &'static str,
    user: &'static str,
    request: &'static str,
    allowed: bool,
}

/// Manifests and the decisions they must produce.
struct Scenario {
    name: &'static str,
    objects: Vec<String>,
    cases: Vec<DecisionCase>,
}

fn decide(
    fact: &'static str,
    user: &'static str,
    request: &'static str,
    allowed: bool,
) -> DecisionCase {
    DecisionCase {
        fact,
        user,
        request,
        allowed,
    }
}

fn scenario_failures(scenarios: &[Scenario]) -> Vec<String> {
    let mut failures = Vec::new();
    for scenario in scenarios {
        let ws = workspace(&scenario.objects);
        for case in &scenario.cases {
            let actual = ws.allows(&user(case.user), &request(case.request));
            if actual != case.allowed {
                failures.push(format!(
                    "{}: user {:?}, request {:?}: expected allowed={}, got {actual} ({})",
                    scenario.name, case.user, case.request, case.allowed, case.fact
                ));
            }
        }
    }
    failures
}

const RB_NAMESPACE: &str =
    "rule.go VisitRulesFor: RoleBindings are listed only for the request's namespace";
const CRB_EVERYWHERE: &str =
    "rule.go VisitRulesFor: every ClusterRoleBinding is visited, whatever the namespace";

fn binding_scope() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "RoleBinding to a ClusterRole",
            objects: vec![
                cluster_role("admin", &["verbs=* groups=* resources=*"]),
                role_binding("ns1/admins", "ClusterRole/admin", &["User:admin", "Group:admins"]),
            ],
            cases: vec![
                decide("rbac_test.go TestAuthorizer: admin may get Pods in ns1", "admin", "get Pods ns=ns1", true),
                decide("rbac_test.go TestAuthorizer: the admins group may watch in ns1", "joe groups=admins", "watch Foobar ns=ns1", true),
                decide("rbac_test.go TestAuthorizer: one matching group among several is enough", "joe groups=group1,admins", "watch Foobar ns=ns1", true),
                decide(RB_NAMESPACE, "admin", "get Pods ns=ns2", false),
                decide("rbac_test.go TestAuthorizer: a RoleBinding never grants cluster-scoped requests", "admin", "get Nodes", false),
                decide("rbac_test.go TestAuthorizer: nor through a group", "admin groups=admins", "get Nodes", false),
                decide("rule.go VisitRulesFor: a request across all namespaces has no namespace, so RoleBindings do not count", "admin", "list pods", false),
            ],
        },
        Scenario {
            name: "ClusterRoleBinding",
            objects: vec![
                cluster_role("reader", &["verbs=get,list groups= resources=pods,nodes"]),
                cluster_role_binding("readers", "ClusterRole/reader", &["User:alice"]),
            ],
            cases: vec![
                decide(CRB_EVERYWHERE, "alice", "get pods ns=ns1", true),
                decide(CRB_EVERYWHERE, "alice", "get pods ns=anywhere", true),
                decide("rule.go VisitRulesFor: ClusterRoleBindings cover cluster-scoped requests", "alice", "get nodes", true),
                decide("rule.go VisitRulesFor: ClusterRoleBindings cover requests across all namespaces", "alice", "list pods", true),
                decide(MATCH, "alice", "delete pods ns=ns1", false),
            ],
        },
        Scenario {
            name: "non-resource URLs",
            objects: vec![
                cluster_role("health", &["verbs=get urls=/healthz,/metrics"]),
                role_binding("ns1/health", "ClusterRole/health", &["User:bob"]),
                cluster_role_binding("health", "ClusterRole/health", &["User:carol"]),
            ],
            cases: vec![
                decide("rule.go VisitRulesFor: non-resource requests have no namespace, so RoleBindings never apply", "bob", "get /healthz", false),
                decide("rule.go VisitRulesFor: non-resource requests go through ClusterRoleBindings", "carol", "get /healthz", true),
                decide("rule.go VisitRulesFor: non-resource requests go through ClusterRoleBindings", "carol", "get /metrics", true),
            ],
        },
        Scenario {
            name: "RoleBinding to a Role",
            objects: vec![
                role("ns1/reader", &["verbs=get groups= resources=pods"]),
                role("ns2/reader", &["verbs=get groups= resources=secrets"]),
                role_binding("ns1/read", "Role/reader", &["User:dana"]),
                role_binding("ns3/read", "Role/reader", &["User:erin"]),
            ],
            cases: vec![
                decide("rule.go GetRoleReferenceRules: a Role is looked up in the binding's namespace", "dana", "get pods ns=ns1", true),
                decide("rule.go GetRoleReferenceRules: a Role of the same name elsewhere does not count", "dana", "get secrets ns=ns1", false),
                decide(RB_NAMESPACE, "dana", "get pods ns=ns2", false),
                decide("rule.go GetRoleReferenceRules: with no Role of that name in its namespace the binding grants nothing", "erin", "get pods ns=ns3", false),
                decide("rule.go GetRoleReferenceRules: with no Role of that name in its namespace the binding grants nothing", "erin", "get secrets ns=ns3", false),
            ],
        },
        Scenario {
            name: "RoleBinding scopes a ClusterRole to its namespace",
            objects: vec![
                cluster_role("edit", &["verbs=* groups=* resources=*"]),
                role_binding("ns1/edit", "ClusterRole/edit", &["User:frank"]),
            ],
            cases: vec![
                decide("rule.go VisitRulesFor: a RoleBinding to a ClusterRole grants its rules in the binding's namespace", "frank", "create deployments group=apps ns=ns1", true),
                decide(RB_NAMESPACE, "frank", "create deployments group=apps ns=ns2", false),
                decide("rule.go VisitRulesFor: a RoleBinding to a ClusterRole grants nothing cluster-scoped", "frank", "get nodes", false),
                decide("rule.go VisitRulesFor: a RoleBinding to a ClusterRole grants nothing cluster-scoped", "frank", "list namespaces", false),
            ],
        },
        Scenario {
            name: "scope comes from the request's namespace only",
            objects: vec![
                role("ns1/nodes", &["verbs=get groups= resources=nodes"]),
                role_binding("ns1/nodes", "Role/nodes", &["User:gil"]),
            ],
            cases: vec![
                decide("rule.go VisitRulesFor: a cluster-scoped request has no namespace, so the Role does not apply", "gil", "get nodes", false),
                decide("rule.go VisitRulesFor: the authorizer knows only the namespace string, not the kind's scope", "gil", "get nodes ns=ns1", true),
            ],
        },
    ]
}

const SA_MATCH: &str =
    "rule.go appliesToUser: a ServiceAccount subject matches system:serviceaccount:<ns>:<name>";
const SA_DEFAULT: &str =
    "rule.go appliesToUser: a ServiceAccount without namespace takes the RoleBinding's namespace";
const SA_NONE: &str = "rule.go appliesToUser: a ServiceAccount without namespace in a ClusterRoleBinding matches nothing";

fn subjects() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "users, groups and service accounts",
            objects: vec![
                cluster_role("reader", &["verbs=get groups= resources=pods"]),
                cluster_role_binding("users", "ClusterRole/reader", &["User:alice", "User:*"]),
                cluster_role_binding("groups", "ClusterRole/reader", &["Group:devs"]),
                role_binding("ns1/local-sa", "ClusterRole/reader", &["ServiceAccount:builder"]),
                role_binding("ns1/remote-sa", "ClusterRole/reader", &["ServiceAccount:ns2/deployer"]),
                cluster_role_binding("cluster-sa", "ClusterRole/reader", &["ServiceAccount:ns3/robot"]),
                cluster_role_binding("orphan-sa", "ClusterRole/reader", &["ServiceAccount:orphan"]),
                cluster_role_binding("sa-as-user", "ClusterRole/reader", &["User:system:serviceaccount:ns4:by-name"]),
                cluster_role_binding("odd-kinds", "ClusterRole/reader", &["user:lower", "SystemUser:odd"]),
            ],
            cases: vec![
                decide("rule_test.go TestAppliesTo: a User subject matches the exact username", "alice", "get pods ns=ns1", true),
                decide("rule.go appliesToUser: usernames compare case-sensitively", "Alice", "get pods ns=ns1", false),
                decide("rule_test.go TestAppliesTo: a User subject named * does not match all users", "bob", "get pods ns=ns1", false),
                decide("rule.go appliesToUser: a User subject named * matches the username * exactly", "*", "get pods ns=ns1", true),
                decide("rule.go appliesToUser: a Group subject matches group membership", "nobody groups=devs", "get pods ns=ns1", true),
                decide("rule.go appliesToUser: a Group subject does not match a username", "devs", "get pods ns=ns1", false),
                decide("rule.go appliesToUser: group names compare case-sensitively", "nobody groups=Devs", "get pods ns=ns1", false),
                decide(SA_DEFAULT, "system:serviceaccount:ns1:builder", "get pods ns=ns1", true),
                decide(RB_NAMESPACE, "system:serviceaccount:ns1:builder", "get pods ns=ns2", false),
                decide(SA_DEFAULT, "system:serviceaccount:ns2:builder", "get pods ns=ns1", false),
                decide(SA_MATCH, "system:serviceaccount:ns2:deployer", "get pods ns=ns1", true),
                decide(SA_MATCH, "system:serviceaccount:ns1:deployer", "get pods ns=ns1", false),
                decide(SA_MATCH, "system:serviceaccount:ns3:robot", "get pods ns=elsewhere", true),
                decide(SA_MATCH, "system:serviceaccount:ns3:robot", "get pods", true),
                decide(SA_MATCH, "system:serviceaccount:ns3:robot:extra", "get pods ns=ns1", false),
                decide(SA_NONE, "system:serviceaccount:default:orphan", "get pods ns=default", false),
                decide(SA_NONE, "system:serviceaccount:ns1:orphan", "get pods ns=ns1", false),
                decide("rule.go appliesToUser: a User subject with a service account's username matches that service account", "system:serviceaccount:ns4:by-name", "get pods ns=ns9", true),
                decide("rule.go appliesToUser: subject kinds compare case-sensitively, user is no User", "lower", "get pods ns=ns1", false),
                decide("rule.go appliesToUser: an unknown subject kind matches nothing", "odd", "get pods ns=ns1", false),
            ],
        },
        Scenario {
            name: "service account in another namespace's RoleBinding",
            objects: vec![
                cluster_role("reader", &["verbs=get groups= resources=pods"]),
                role_binding("default/mixed", "ClusterRole/reader", &["User:barfoo", "Group:foobar", "ServiceAccount:kube-system/default"]),
            ],
            cases: vec![
                decide("rule_test.go TestAppliesTo: multiple subjects with a service account that matches", "system:serviceaccount:kube-system:default", "get pods ns=default", true),
                decide("rule_test.go TestAppliesTo: multiple subjects, one that matches the group", "zimzam groups=foobar", "get pods ns=default", true),
                decide("rule_test.go TestAppliesTo: multiple subjects, none that match", "zimzam", "get pods ns=default", false),
            ],
        },
        Scenario {
            name: "authenticated and unauthenticated groups",
            objects: vec![
                cluster_role("version", &["verbs=get urls=/version"]),
                cluster_role_binding("everyone", "ClusterRole/version", &["Group:system:authenticated", "Group:system:unauthenticated"]),
            ],
            cases: vec![
                decide("rule_test.go TestAppliesTo: binding to both groups matches an authenticated user", "foobar groups=system:authenticated", "get /version", true),
                decide("rule_test.go TestAppliesTo: binding to both groups matches the anonymous user", "system:anonymous groups=system:unauthenticated", "get /version", true),
                decide("rule.go appliesToUser: groups come only from the request, never from the username", "foobar", "get /version", false),
            ],
        },
        Scenario {
            name: "service account groups",
            objects: vec![
                cluster_role("reader", &["verbs=get groups= resources=pods"]),
                cluster_role_binding("ns5-accounts", "ClusterRole/reader", &["Group:system:serviceaccounts:ns5"]),
            ],
            cases: vec![
                decide("rule.go appliesToUser: a service account matches its namespace's group when the request carries it", "system:serviceaccount:ns5:job groups=system:serviceaccounts,system:serviceaccounts:ns5", "get pods ns=ns5", true),
                decide("rule.go appliesToUser: a review carries exactly its groups, none inferred from a service account's username", "system:serviceaccount:ns5:job", "get pods ns=ns5", false),
            ],
        },
    ]
}

#[test]
fn binding_scope_table() {
    assert_rows("binding scope", scenario_failures(&binding_scope()));
}

#[test]
fn subject_table() {
    assert_rows("subjects", scenario_failures(&subjects()));
}

// ---------------------------------------------------------------------------------------------
// Reasons and evaluation errors.

/// A request whose decision, reason and evaluation errors are all checked.
struct ReasonCase {
    fact: &'static str,
    objects: Vec<String>,
    user: &'static str,
    request: &'static str,
    allowed: bool,
    reason: &'static str,
    /// Checked only for denials: an allowed request stops at the first allowing rule.
    errors: &'static [&'static str],
}

const CR_X_MISSING: &str = r#"clusterrole.rbac.authorization.k8s.io "x" not found"#;
const ROLE_Y_MISSING: &str = r#"role.rbac.authorization.k8s.io "y" not found"#;

fn reason_cases() -> Vec<ReasonCase> {
    let reader = || cluster_role("reader", &["verbs=get groups= resources=pods"]);
    vec![
        ReasonCase {
            fact: "rule.go clusterRoleBindingDescriber: ClusterRoleBinding %q of %s %q to %s",
            objects: vec![reader(), cluster_role_binding("readers", "ClusterRole/reader", &["User:alice"])],
            user: "alice",
            request: "get pods ns=ns1",
            allowed: true,
            reason: r#"RBAC: allowed by ClusterRoleBinding "readers" of ClusterRole "reader" to User "alice""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rule.go roleBindingDescriber: the binding reads as name/namespace",
            objects: vec![reader(), role_binding("ns1/readers", "ClusterRole/reader", &["User:alice"])],
            user: "alice",
            request: "get pods ns=ns1",
            allowed: true,
            reason: r#"RBAC: allowed by RoleBinding "readers/ns1" of ClusterRole "reader" to User "alice""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rule.go roleBindingDescriber: a Role reference reads as Role",
            objects: vec![
                role("ns1/pod-reader", &["verbs=get groups= resources=pods"]),
                role_binding("ns1/devs", "Role/pod-reader", &["Group:devs"]),
            ],
            user: "alice groups=devs",
            request: "get pods ns=ns1",
            allowed: true,
            reason: r#"RBAC: allowed by RoleBinding "devs/ns1" of Role "pod-reader" to Group "devs""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rule.go describeSubject: a ServiceAccount without namespace reads as name/binding-namespace",
            objects: vec![reader(), role_binding("ns1/builder", "ClusterRole/reader", &["ServiceAccount:builder"])],
            user: "system:serviceaccount:ns1:builder",
            request: "get pods ns=ns1",
            allowed: true,
            reason: r#"RBAC: allowed by RoleBinding "builder/ns1" of ClusterRole "reader" to ServiceAccount "builder/ns1""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rule.go describeSubject: a ServiceAccount reads as name/its-own-namespace",
            objects: vec![reader(), role_binding("ns1/deployer", "ClusterRole/reader", &["ServiceAccount:ns2/deployer"])],
            user: "system:serviceaccount:ns2:deployer",
            request: "get pods ns=ns1",
            allowed: true,
            reason: r#"RBAC: allowed by RoleBinding "deployer/ns1" of ClusterRole "reader" to ServiceAccount "deployer/ns2""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rule.go describeSubject: a ServiceAccount in a ClusterRoleBinding reads as name/namespace",
            objects: vec![reader(), cluster_role_binding("robots", "ClusterRole/reader", &["ServiceAccount:ns3/robot"])],
            user: "system:serviceaccount:ns3:robot",
            request: "get pods ns=ns1",
            allowed: true,
            reason: r#"RBAC: allowed by ClusterRoleBinding "robots" of ClusterRole "reader" to ServiceAccount "robot/ns3""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rule.go appliesTo: the reason names the first subject of the binding that applies",
            objects: vec![reader(), cluster_role_binding("mixed", "ClusterRole/reader", &["User:nobody", "Group:devs", "User:alice"])],
            user: "alice groups=devs",
            request: "get pods ns=ns1",
            allowed: true,
            reason: r#"RBAC: allowed by ClusterRoleBinding "mixed" of ClusterRole "reader" to Group "devs""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rule.go describeSubject: names are quoted with Go's %q",
            objects: vec![reader(), cluster_role_binding("quoted", "ClusterRole/reader", &["User:a\"b"])],
            user: "a\"b",
            request: "get pods ns=ns1",
            allowed: true,
            reason: r#"RBAC: allowed by ClusterRoleBinding "quoted" of ClusterRole "reader" to User "a\"b""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rbac.go Authorize: a non-resource request is allowed through a ClusterRoleBinding",
            objects: vec![
                cluster_role("health", &["verbs=get urls=/healthz"]),
                cluster_role_binding("health", "ClusterRole/health", &["User:carol"]),
            ],
            user: "carol",
            request: "get /healthz",
            allowed: true,
            reason: r#"RBAC: allowed by ClusterRoleBinding "health" of ClusterRole "health" to User "carol""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rbac.go Authorize: a denial without errors has an empty reason",
            objects: vec![reader(), cluster_role_binding("readers", "ClusterRole/reader", &["User:alice"])],
            user: "alice",
            request: "delete pods ns=ns1",
            allowed: false,
            reason: "",
            errors: &[],
        },
    ]
}

fn missing_role_cases() -> Vec<ReasonCase> {
    let reader = || cluster_role("reader", &["verbs=get groups= resources=pods"]);
    vec![
        ReasonCase {
            fact: "rbac.go Authorize: a missing ClusterRole becomes the reason RBAC: <error>",
            objects: vec![cluster_role_binding("dangling", "ClusterRole/x", &["User:alice"])],
            user: "alice",
            request: "get pods ns=ns1",
            allowed: false,
            reason: r#"RBAC: clusterrole.rbac.authorization.k8s.io "x" not found"#,
            errors: &[CR_X_MISSING],
        },
        ReasonCase {
            fact: "rule.go GetRoleReferenceRules: a missing Role is not found in the binding's namespace",
            objects: vec![role_binding("ns1/dangling", "Role/y", &["User:alice"])],
            user: "alice",
            request: "get pods ns=ns1",
            allowed: false,
            reason: r#"RBAC: role.rbac.authorization.k8s.io "y" not found"#,
            errors: &[ROLE_Y_MISSING],
        },
        ReasonCase {
            fact: "rule.go GetRoleReferenceRules: a Role of that name in another namespace does not resolve the reference",
            objects: vec![
                role("ns2/y", &["verbs=get groups= resources=pods"]),
                role_binding("ns1/dangling", "Role/y", &["User:alice"]),
            ],
            user: "alice",
            request: "get pods ns=ns1",
            allowed: false,
            reason: r#"RBAC: role.rbac.authorization.k8s.io "y" not found"#,
            errors: &[ROLE_Y_MISSING],
        },
        ReasonCase {
            fact: "rbac.go authorizingVisitor: an unresolved binding never blocks a later one",
            objects: vec![
                cluster_role_binding("a-dangling", "ClusterRole/x", &["User:alice"]),
                reader(),
                cluster_role_binding("b-works", "ClusterRole/reader", &["User:alice"]),
            ],
            user: "alice",
            request: "get pods ns=ns1",
            allowed: true,
            reason: r#"RBAC: allowed by ClusterRoleBinding "b-works" of ClusterRole "reader" to User "alice""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rbac.go authorizingVisitor: a RoleBinding still allows after an unresolved ClusterRoleBinding",
            objects: vec![
                cluster_role_binding("dangling", "ClusterRole/x", &["User:alice"]),
                reader(),
                role_binding("ns1/works", "ClusterRole/reader", &["User:alice"]),
            ],
            user: "alice",
            request: "get pods ns=ns1",
            allowed: true,
            reason: r#"RBAC: allowed by RoleBinding "works/ns1" of ClusterRole "reader" to User "alice""#,
            errors: &[],
        },
        ReasonCase {
            fact: "rule.go VisitRulesFor: roles are resolved only for bindings whose subjects apply",
            objects: vec![cluster_role_binding("dangling", "ClusterRole/x", &["User:alice"])],
            user: "bob",
            request: "get pods ns=ns1",
            allowed: false,
            reason: "",
            errors: &[],
        },
        ReasonCase {
            fact: "rule.go VisitRulesFor: a RoleBinding of another namespace is never resolved",
            objects: vec![role_binding("ns1/dangling", "Role/y", &["User:alice"])],
            user: "alice",
            request: "get pods ns=ns2",
            allowed: false,
            reason: "",
            errors: &[],
        },
        ReasonCase {
            fact: "rule.go VisitRulesFor: a non-resource request resolves no RoleBinding",
            objects: vec![role_binding("ns1/dangling", "Role/y", &["User:alice"])],
            user: "alice",
            request: "get /healthz",
            allowed: false,
            reason: "",
            errors: &[],
        },
        ReasonCase {
            fact: "errors.go aggregate.Error: several errors read [a, b], ClusterRoleBindings first",
            objects: vec![
                role_binding("ns1/dangling", "Role/y", &["User:alice"]),
                cluster_role_binding("dangling", "ClusterRole/x", &["User:alice"]),
            ],
            user: "alice",
            request: "get pods ns=ns1",
            allowed: false,
            reason: r#"RBAC: [clusterrole.rbac.authorization.k8s.io "x" not found, role.rbac.authorization.k8s.io "y" not found]"#,
            errors: &[CR_X_MISSING, ROLE_Y_MISSING],
        },
        ReasonCase {
            fact: "errors.go aggregate.Error: repeated messages are shown once, without brackets when one remains",
            objects: vec![
                cluster_role_binding("dangling", "ClusterRole/x", &["User:alice"]),
                role_binding("ns1/dangling", "ClusterRole/x", &["User:alice"]),
            ],
            user: "alice",
            request: "get pods ns=ns1",
            allowed: false,
            reason: r#"RBAC: clusterrole.rbac.authorization.k8s.io "x" not found"#,
            errors: &[CR_X_MISSING, CR_X_MISSING],
        },
    ]
}

fn reason_failures(cases: &[ReasonCase]) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases {
        let ws = workspace(&case.objects);
        let decision = ws.authorize(&user(case.user), &request(case.request));
        let mut problems = Vec::new();
        if decision.allowed != case.allowed {
            problems.push(format!(
                "expected allowed={}, got {}",
                case.allowed, decision.allowed
            ));
        }
        if decision.reason != case.reason {
            problems.push(format!(
                "expected reason {:?}, got {:?}",
                case.reason, decision.reason
            ));
        }
        if !case.allowed && decision.evaluation_errors != case.errors {
            problems.push(format!(
                "expected evaluation errors {:?}, got {:?}",
                case.errors, decision.evaluation_errors
            ));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "user {:?}, request {:?}: {} ({})",
                case.user,
                case.request,
                problems.join("; "),
                case.fact
            ));
        }
    }
    failures
}

#[test]
fn reason_string_table() {
    assert_rows("reason strings", reason_failures(&reason_cases()));
}

#[test]
fn missing_role_table() {
    assert_rows("missing roles", reason_failures(&missing_role_cases()));
}

// ---------------------------------------------------------------------------------------------
// Aggregation: the effective rules of one ClusterRole.

/// ClusterRoles and the rules one of them must end with.
struct AggregationCase {
    fact: &'static str,
    objects: Vec<String>,
    role: &'static str,
    rules: &'static [&'static str],
    /// Whether the loader must report the role's selectors as invalid.
    invalid_selector: bool,
}

const HAMMER: &[&str] = &[
    "verbs=hammer resources=nails",
    "verbs=hammer resources=wedges",
];
const CHISEL: &[&str] = &["verbs=chisel resources=mortises"];
const SAW: &[&str] = &["verbs=saw resources=boards"];
const FOO_BAR: &str = r#"[{matchLabels: {foo: bar}}]"#;
const FOO_BAR_OR_NOT_BAR: &str = r#"[{matchLabels: {foo: bar}}, {matchLabels: {foo: not-bar}}]"#;

/// Four plain roles: `tier` edit, `tier` view, a role with another label and one without labels.
fn tiers() -> Vec<String> {
    vec![
        labelled_cluster_role(
            "tier-edit",
            &[("tier", "edit")],
            &["verbs=edit resources=things"],
        ),
        labelled_cluster_role(
            "tier-none",
            &[("other", "x")],
            &["verbs=none resources=things"],
        ),
        cluster_role("tier-unlabelled", &["verbs=unlabelled resources=things"]),
        labelled_cluster_role(
            "tier-view",
            &[("tier", "view")],
            &["verbs=view resources=things"],
        ),
    ]
}

fn with_tiers(selectors: &str) -> Vec<String> {
    let mut objects = tiers();
    objects.push(aggregating_cluster_role(
        "combined",
        &[],
        Some(selectors),
        &[],
    ));
    objects
}

fn aggregation_cases() -> Vec<AggregationCase> {
    let case = |fact, objects, role, rules| AggregationCase {
        fact,
        objects,
        role,
        rules,
        invalid_selector: false,
    };
    let invalid = |fact, selectors: &str| AggregationCase {
        fact,
        objects: {
            let mut objects = tiers();
            objects.push(aggregating_cluster_role(
                "combined",
                &[],
                Some(selectors),
                &["verbs=own resources=things"],
            ));
            objects
        },
        role: "combined",
        rules: &["verbs=own resources=things"],
        invalid_selector: true,
    };
    vec![
        case(
            "clusterroleaggregation_controller_test.go remove dead rules: own rules are replaced",
            vec![
                labelled_cluster_role("hammer", &[("foo", "bar")], HAMMER),
                aggregating_cluster_role("combined", &[], Some(FOO_BAR), SAW),
            ],
            "combined",
            HAMMER,
        ),
        case(
            "clusterroleaggregation_controller_test.go strip rules: nothing selected leaves no rules",
            vec![
                labelled_cluster_role("hammer", &[("foo", "not-bar")], HAMMER),
                aggregating_cluster_role("combined", &[], Some(FOO_BAR), HAMMER),
            ],
            "combined",
            &[],
        ),
        case(
            "clusterroleaggregation_controller_test.go select properly and put in order: by name",
            vec![
                labelled_cluster_role("hammer", &[("foo", "bar")], HAMMER),
                labelled_cluster_role("chisel", &[("foo", "bar")], CHISEL),
                labelled_cluster_role("saw", &[("foo", "not-bar")], SAW),
                aggregating_cluster_role("combined", &[], Some(FOO_BAR), &[]),
            ],
            "combined",
            &[
                "verbs=chisel resources=mortises",
                "verbs=hammer resources=nails",
                "verbs=hammer resources=wedges",
            ],
        ),
        case(
            "clusterroleaggregation_controller_test.go select properly with multiple selectors: ORed, in selector order",
            vec![
                labelled_cluster_role("hammer", &[("foo", "bar")], HAMMER),
                labelled_cluster_role("chisel", &[("foo", "bar")], CHISEL),
                labelled_cluster_role("saw", &[("foo", "not-bar")], SAW),
                aggregating_cluster_role("combined", &[], Some(FOO_BAR_OR_NOT_BAR), &[]),
            ],
            "combined",
            &[
                "verbs=chisel resources=mortises",
                "verbs=hammer resources=nails",
                "verbs=hammer resources=wedges",
                "verbs=saw resources=boards",
            ],
        ),
        case(
            "clusterroleaggregation_controller_test.go select properly remove duplicates",
            vec![
                labelled_cluster_role("hammer", &[("foo", "bar")], HAMMER),
                labelled_cluster_role("chisel", &[("foo", "bar")], CHISEL),
                labelled_cluster_role("saw", &[("foo", "bar")], SAW),
                labelled_cluster_role("other-saw", &[("foo", "not-bar")], SAW),
                aggregating_cluster_role("combined", &[], Some(FOO_BAR_OR_NOT_BAR), &[]),
            ],
            "combined",
            &[
                "verbs=chisel resources=mortises",
                "verbs=hammer resources=nails",
                "verbs=hammer resources=wedges",
                "verbs=saw resources=boards",
            ],
        ),
        case(
            "clusterroleaggregation_controller_test.go no diff skip: rules already equal stay",
            vec![
                labelled_cluster_role("hammer", &[("foo", "bar")], HAMMER),
                aggregating_cluster_role("combined", &[], Some(FOO_BAR), HAMMER),
            ],
            "combined",
            HAMMER,
        ),
        case(
            "clusterroleaggregation_controller.go syncClusterRole: selector order comes before name order",
            vec![
                labelled_cluster_role("hammer", &[("foo", "bar")], HAMMER),
                labelled_cluster_role("saw", &[("foo", "not-bar")], SAW),
                aggregating_cluster_role("combined", &[], Some(r#"[{matchLabels: {foo: not-bar}}, {matchLabels: {foo: bar}}]"#), &[]),
            ],
            "combined",
            &[
                "verbs=saw resources=boards",
                "verbs=hammer resources=nails",
                "verbs=hammer resources=wedges",
            ],
        ),
        case(
            "clusterroleaggregation_controller.go ruleExists: a role matched by two selectors adds its rules once",
            vec![
                labelled_cluster_role("hammer", &[("foo", "bar"), ("tool", "yes")], HAMMER),
                aggregating_cluster_role("combined", &[], Some(r#"[{matchLabels: {foo: bar}}, {matchLabels: {tool: "yes"}}]"#), &[]),
            ],
            "combined",
            HAMMER,
        ),
        case(
            "clusterroleaggregation_controller.go ruleExists: rules compare with Semantic.DeepEqual, so verb order matters",
            vec![
                labelled_cluster_role("a", &[("foo", "bar")], &["verbs=get,list resources=things"]),
                labelled_cluster_role("b", &[("foo", "bar")], &["verbs=list,get resources=things"]),
                aggregating_cluster_role("combined", &[], Some(FOO_BAR), &[]),
            ],
            "combined",
            &["verbs=get,list resources=things", "verbs=list,get resources=things"],
        ),
        case(
            "clusterroleaggregation_controller.go ruleExists: Semantic.DeepEqual treats an empty list as absent",
            vec![
                labelled_cluster_role("a", &[("foo", "bar")], &["verbs=get resources=things names=[]"]),
                labelled_cluster_role("b", &[("foo", "bar")], &["verbs=get resources=things"]),
                aggregating_cluster_role("combined", &[], Some(FOO_BAR), &[]),
            ],
            "combined",
            &["verbs=get resources=things"],
        ),
        case(
            "helpers.go LabelSelectorAsSelector: matchLabels needs every pair",
            vec![
                labelled_cluster_role("both", &[("a", "1"), ("b", "2")], &["verbs=both resources=things"]),
                labelled_cluster_role("only-a", &[("a", "1")], &["verbs=only-a resources=things"]),
                aggregating_cluster_role("combined", &[], Some(r#"[{matchLabels: {a: "1", b: "2"}}]"#), &[]),
            ],
            "combined",
            &["verbs=both resources=things"],
        ),
        case(
            "helpers.go LabelSelectorAsSelector: label values compare case-sensitively",
            with_tiers(r#"[{matchLabels: {tier: View}}]"#),
            "combined",
            &[],
        ),
        case(
            "helpers.go LabelSelectorAsSelector: In matches a listed value",
            with_tiers(r#"[{matchExpressions: [{key: tier, operator: In, values: [view, edit]}]}]"#),
            "combined",
            &["verbs=edit resources=things", "verbs=view resources=things"],
        ),
        case(
            "helpers.go LabelSelectorAsSelector: NotIn matches other values and roles without the key",
            with_tiers(r#"[{matchExpressions: [{key: tier, operator: NotIn, values: [view]}]}]"#),
            "combined",
            &[
                "verbs=edit resources=things",
                "verbs=none resources=things",
                "verbs=unlabelled resources=things",
            ],
        ),
        case(
            "helpers.go LabelSelectorAsSelector: Exists matches any value of the key",
            with_tiers(r#"[{matchExpressions: [{key: tier, operator: Exists}]}]"#),
            "combined",
            &["verbs=edit resources=things", "verbs=view resources=things"],
        ),
        case(
            "helpers.go LabelSelectorAsSelector: DoesNotExist matches roles without the key, labelled or not",
            with_tiers(r#"[{matchExpressions: [{key: tier, operator: DoesNotExist}]}]"#),
            "combined",
            &["verbs=none resources=things", "verbs=unlabelled resources=things"],
        ),
        case(
            "helpers.go LabelSelectorAsSelector: matchLabels and matchExpressions are ANDed",
            with_tiers(r#"[{matchLabels: {tier: edit}, matchExpressions: [{key: tier, operator: In, values: [edit, view]}]}]"#),
            "combined",
            &["verbs=edit resources=things"],
        ),
        case(
            "helpers.go LabelSelectorAsSelector: an empty selector {} selects every ClusterRole",
            with_tiers("[{}]"),
            "combined",
            &[
                "verbs=edit resources=things",
                "verbs=none resources=things",
                "verbs=unlabelled resources=things",
                "verbs=view resources=things",
            ],
        ),
        case(
            "clusterroleaggregation_controller.go syncClusterRole: an aggregationRule without selectors gives no rules",
            {
                let mut objects = tiers();
                objects.push(aggregating_cluster_role("combined", &[], None, &["verbs=own resources=things"]));
                objects
            },
            "combined",
            &[],
        ),
        case(
            "clusterroleaggregation_controller.go syncClusterRole: an empty selector list gives no rules",
            {
                let mut objects = tiers();
                objects.push(aggregating_cluster_role("combined", &[], Some("[]"), &["verbs=own resources=things"]));
                objects
            },
            "combined",
            &[],
        ),
        case(
            "clusterroleaggregation_controller.go syncClusterRole: a role never aggregates itself",
            vec![
                labelled_cluster_role("plain", &[("foo", "bar")], SAW),
                aggregating_cluster_role("self", &[("foo", "bar")], Some(FOO_BAR), &["verbs=own resources=things"]),
            ],
            "self",
            SAW,
        ),
        case(
            "clusterroleaggregation_controller.go enqueue: chained roles settle, view into edit into admin",
            vec![
                aggregating_cluster_role("a-admin", &[], Some(r#"[{matchLabels: {to-admin: "true"}}]"#), &[]),
                aggregating_cluster_role("b-edit", &[("to-admin", "true")], Some(r#"[{matchLabels: {to-edit: "true"}}]"#), &[]),
                aggregating_cluster_role("c-view", &[("to-edit", "true")], Some(r#"[{matchLabels: {to-view: "true"}}]"#), &[]),
                labelled_cluster_role("d-admin-rules", &[("to-admin", "true")], &["verbs=admin resources=things"]),
                labelled_cluster_role("e-edit-rules", &[("to-edit", "true")], &["verbs=edit resources=things"]),
                labelled_cluster_role("f-view-rules", &[("to-view", "true")], &["verbs=view resources=things"]),
            ],
            "a-admin",
            &[
                "verbs=view resources=things",
                "verbs=edit resources=things",
                "verbs=admin resources=things",
            ],
        ),
        case(
            "clusterroleaggregation_controller.go enqueue: cycles settle on the rules outside the cycle",
            vec![
                aggregating_cluster_role("x", &[("ring", "true")], Some(r#"[{matchLabels: {ring: "true"}}]"#), &[]),
                aggregating_cluster_role("y", &[("ring", "true")], Some(r#"[{matchLabels: {ring: "true"}}]"#), &[]),
                labelled_cluster_role("z", &[("ring", "true")], &["verbs=z resources=things"]),
            ],
            "x",
            &["verbs=z resources=things"],
        ),
        case(
            "clusterroleaggregation_controller.go enqueue: both roles of a cycle settle on the same rules",
            vec![
                aggregating_cluster_role("x", &[("ring", "true")], Some(r#"[{matchLabels: {ring: "true"}}]"#), &[]),
                aggregating_cluster_role("y", &[("ring", "true")], Some(r#"[{matchLabels: {ring: "true"}}]"#), &[]),
                labelled_cluster_role("z", &[("ring", "true")], &["verbs=z resources=things"]),
            ],
            "y",
            &["verbs=z resources=things"],
        ),
        case(
            "clusterroleaggregation_controller.go syncClusterRole: roles without an aggregationRule keep their rules",
            with_tiers("[{}]"),
            "tier-view",
            &["verbs=view resources=things"],
        ),
        invalid(
            "helpers.go LabelSelectorAsSelector: an unknown operator is an error, so the rules stay untouched",
            r#"[{matchExpressions: [{key: tier, operator: Equals, values: [view]}]}]"#,
        ),
        invalid(
            "helpers.go LabelSelectorAsSelector: In without values is an error, so the rules stay untouched",
            r#"[{matchExpressions: [{key: tier, operator: In, values: []}]}]"#,
        ),
        invalid(
            "helpers.go LabelSelectorAsSelector: Exists with values is an error, so the rules stay untouched",
            r#"[{matchExpressions: [{key: tier, operator: Exists, values: [view]}]}]"#,
        ),
        invalid(
            "selector.go NewRequirement: a label key that is not a qualified name is an error, so the rules stay untouched",
            r#"[{matchLabels: {"bad key!": x}}]"#,
        ),
        invalid(
            "selector.go NewRequirement: an invalid label value is an error, so the rules stay untouched",
            r#"[{matchExpressions: [{key: tier, operator: In, values: ["not a value!"]}]}]"#,
        ),
        invalid(
            "clusterroleaggregation_controller.go syncClusterRole: one invalid selector stops the whole sync",
            r#"[{matchLabels: {tier: view}}, {matchExpressions: [{key: tier, operator: Bogus}]}]"#,
        ),
    ]
}

#[test]
fn aggregation_table() {
    let mut failures = Vec::new();
    for case in aggregation_cases() {
        let ws = workspace(&case.objects);
        let Some(entry) = ws.cluster_role(case.role) else {
            failures.push(format!(
                "ClusterRole {:?} is not loaded ({})",
                case.role, case.fact
            ));
            continue;
        };
        let actual: Vec<String> = entry.rules.iter().map(|r| render_rule(&r.rule)).collect();
        let expected: Vec<String> = case
            .rules
            .iter()
            .map(|text| render_rule(&rule(text)))
            .collect();
        if actual != expected {
            failures.push(format!(
                "ClusterRole {:?}: expected rules {expected:?}, got {actual:?} ({})",
                case.role, case.fact
            ));
        }
        let reported = ws
            .diagnostics()
            .iter()
            .any(|d| d.code == codes::INVALID_SELECTOR);
        if reported != case.invalid_selector {
            failures.push(format!(
                "ClusterRole {:?}: expected an invalid-selector diagnostic: {}, got {reported} ({})",
                case.role, case.invalid_selector, case.fact
            ));
        }
        let unsettled = ws
            .diagnostics()
            .iter()
            .any(|d| d.code == codes::AGGREGATION_NOT_SETTLED);
        if unsettled {
            failures.push(format!(
                "ClusterRole {:?}: aggregation did not settle ({})",
                case.role, case.fact
            ));
        }
    }
    assert_rows("aggregation", failures);
}

/// Decisions through aggregated roles: bindings see the computed rules, not the typed ones.
fn aggregated_decisions() -> Vec<Scenario> {
    vec![Scenario {
        name: "bindings to aggregated roles",
        objects: vec![
            labelled_cluster_role("hammer", &[("foo", "bar")], &["verbs=get groups= resources=nails"]),
            aggregating_cluster_role("combined", &[], Some(FOO_BAR), &["verbs=get groups= resources=boards"]),
            role_binding("ns1/combined", "ClusterRole/combined", &["User:alice"]),
        ],
        cases: vec![
            decide("rule.go GetRoleReferenceRules: a binding uses the ClusterRole's aggregated rules", "alice", "get nails ns=ns1", true),
            decide("clusterroleaggregation_controller.go syncClusterRole: the typed rules of an aggregating role are overwritten", "alice", "get boards ns=ns1", false),
        ],
    }]
}

#[test]
fn aggregated_decision_table() {
    assert_rows(
        "aggregated decisions",
        scenario_failures(&aggregated_decisions()),
    );
}

// ---------------------------------------------------------------------------------------------
// Who can: the subject locator.

/// A request and the subjects allowed it, as `Kind:name` or `ServiceAccount:ns/name`.
struct WhoCanCase {
    fact: &'static str,
    objects: Vec<String>,
    request: &'static str,
    subjects: &'static [&'static str],
    errors: &'static [&'static str],
}

const LOCATOR: &str = "subject_locator.go AllowedSubjects";

fn who_can_cases() -> Vec<WhoCanCase> {
    let star_admin = || {
        vec![
            cluster_role("admin", &["verbs=* groups=* resources=*"]),
            cluster_role_binding(
                "admin",
                "ClusterRole/admin",
                &["User:super-admin", "Group:super-admins"],
            ),
            role_binding(
                "ns1/admin",
                "ClusterRole/admin",
                &["User:admin", "Group:admins"],
            ),
        ]
    };
    let local_roles = || {
        vec![
            cluster_role("admin", &["verbs=* groups=* resources=*"]),
            cluster_role_binding(
                "admin",
                "ClusterRole/admin",
                &["User:super-admin", "Group:super-admins"],
            ),
            role("ns1/admin", &["verbs=get groups=* resources=Pods"]),
            role_binding("ns1/admin", "Role/admin", &["User:admin", "Group:admins"]),
        ]
    };
    let readers = || {
        vec![
            cluster_role(
                "reader",
                &[
                    "verbs=get groups= resources=pods",
                    "verbs=get urls=/healthz",
                ],
            ),
            role_binding(
                "ns1/local",
                "ClusterRole/reader",
                &["ServiceAccount:builder", "ServiceAccount:ns2/deployer"],
            ),
            cluster_role_binding(
                "cluster",
                "ClusterRole/reader",
                &["ServiceAccount:ns3/robot", "ServiceAccount:orphan"],
            ),
        ]
    };
    vec![
        WhoCanCase {
            fact: "subject_locator_test.go no super user, star matches star",
            objects: star_admin(),
            request: "get Pods ns=ns1",
            subjects: &["Group:admins", "Group:super-admins", "User:admin", "User:super-admin"],
            errors: &[],
        },
        WhoCanCase {
            fact: "subject_locator_test.go cluster role matches star in namespace: a namespace named * is just a name",
            objects: star_admin(),
            request: "* Pods ns=*",
            subjects: &["Group:super-admins", "User:super-admin"],
            errors: &[],
        },
        WhoCanCase {
            fact: "subject_locator_test.go empty ns: only ClusterRoleBindings count",
            objects: star_admin(),
            request: "* Pods",
            subjects: &["Group:super-admins", "User:super-admin"],
            errors: &[],
        },
        WhoCanCase {
            fact: "subject_locator_test.go super user, local roles work",
            objects: local_roles(),
            request: "get Pods ns=ns1",
            subjects: &["Group:admins", "Group:super-admins", "User:admin", "User:super-admin"],
            errors: &[],
        },
        WhoCanCase {
            fact: "subject_locator_test.go verb matches correctly",
            objects: local_roles(),
            request: "create Pods ns=ns1",
            subjects: &["Group:super-admins", "User:super-admin"],
            errors: &[],
        },
        WhoCanCase {
            fact: "subject_locator_test.go binding only works in correct ns",
            objects: local_roles(),
            request: "get Pods ns=ns2",
            subjects: &["Group:super-admins", "User:super-admin"],
            errors: &[],
        },
        WhoCanCase {
            fact: "rule.go appliesToUser: ServiceAccounts are listed with their effective namespace",
            objects: readers(),
            request: "get pods ns=ns1",
            subjects: &[
                "ServiceAccount:ns1/builder",
                "ServiceAccount:ns2/deployer",
                "ServiceAccount:ns3/robot",
            ],
            errors: &[],
        },
        WhoCanCase {
            fact: "subject_locator.go AllowedSubjects: RoleBindings of other namespaces do not count",
            objects: readers(),
            request: "get pods ns=ns2",
            subjects: &["ServiceAccount:ns3/robot"],
            errors: &[],
        },
        WhoCanCase {
            fact: "subject_locator.go AllowedSubjects: non-resource requests list ClusterRoleBinding subjects only",
            objects: readers(),
            request: "get /healthz",
            subjects: &["ServiceAccount:ns3/robot"],
            errors: &[],
        },
        WhoCanCase {
            fact: "subject_locator.go AllowedSubjects: roles that do not allow the request add no subjects",
            objects: readers(),
            request: "delete pods ns=ns1",
            subjects: &[],
            errors: &[],
        },
        WhoCanCase {
            fact: "subject_locator.go AllowedSubjects: an unresolved binding is an error and the others still count",
            objects: {
                let mut objects = readers();
                objects.push(cluster_role_binding("dangling", "ClusterRole/x", &["User:alice"]));
                objects.push(role_binding("ns1/dangling", "Role/y", &["User:alice"]));
                objects
            },
            request: "get pods ns=ns1",
            subjects: &[
                "ServiceAccount:ns1/builder",
                "ServiceAccount:ns2/deployer",
                "ServiceAccount:ns3/robot",
            ],
            errors: &[CR_X_MISSING, ROLE_Y_MISSING],
        },
        WhoCanCase {
            fact: "subject_locator.go AllowedSubjects: RoleBindings of other namespaces are never resolved",
            objects: {
                let mut objects = readers();
                objects.push(role_binding("ns1/dangling", "Role/y", &["User:alice"]));
                objects
            },
            request: "get pods ns=ns2",
            subjects: &["ServiceAccount:ns3/robot"],
            errors: &[],
        },
        WhoCanCase {
            fact: LOCATOR,
            objects: vec![
                labelled_cluster_role("kserve-view", &[("to-view", "true")], &["verbs=get groups=serving.kserve.io resources=inferenceservices"]),
                aggregating_cluster_role("view", &[], Some(r#"[{matchLabels: {to-view: "true"}}]"#), &[]),
                role_binding("team-a/viewers", "ClusterRole/view", &["User:dave@example.com"]),
            ],
            request: "get inferenceservices group=serving.kserve.io ns=team-a",
            subjects: &["User:dave@example.com"],
            errors: &[],
        },
    ]
}

#[test]
fn who_can_table() {
    let mut failures = Vec::new();
    for case in who_can_cases() {
        let ws = workspace(&case.objects);
        let answer = ws.who_can(&request(case.request));
        let actual: Vec<String> = answer
            .subjects
            .iter()
            .map(|s| subject_key(&s.subject))
            .collect();
        if actual != case.subjects {
            failures.push(format!(
                "request {:?}: expected subjects {:?}, got {actual:?} ({})",
                case.request, case.subjects, case.fact
            ));
        }
        if answer.evaluation_errors != case.errors {
            failures.push(format!(
                "request {:?}: expected errors {:?}, got {:?} ({})",
                case.request, case.errors, answer.evaluation_errors, case.fact
            ));
        }
    }
    assert_rows("who can", failures);
}

// ---------------------------------------------------------------------------------------------
// SubjectAccessReviews and impersonation.

/// A SubjectAccessReview spec (YAML) and the status the API server gives it.
struct ReviewCase {
    fact: &'static str,
    objects: Vec<String>,
    spec: &'static str,
    allowed: bool,
    reason: Option<&'static str>,
    evaluation_error: Option<&'static str>,
}

fn review_cases() -> Vec<ReviewCase> {
    let authenticated_readers = || {
        vec![
            cluster_role("reader", &["verbs=get groups= resources=pods"]),
            cluster_role_binding(
                "authenticated",
                "ClusterRole/reader",
                &["Group:system:authenticated"],
            ),
        ]
    };
    vec![
        ReviewCase {
            fact: "rbac.go Authorize: a review is decided with exactly the groups it carries",
            objects: authenticated_readers(),
            spec: "{user: alice, resourceAttributes: {verb: get, resource: pods, namespace: ns1}}",
            allowed: false,
            reason: None,
            evaluation_error: None,
        },
        ReviewCase {
            fact: "rbac.go Authorize: a review that carries the group is allowed through it",
            objects: authenticated_readers(),
            spec: "{user: alice, groups: [system:authenticated], resourceAttributes: {verb: get, resource: pods, namespace: ns1}}",
            allowed: true,
            reason: Some(r#"RBAC: allowed by ClusterRoleBinding "authenticated" of ClusterRole "reader" to Group "system:authenticated""#),
            evaluation_error: None,
        },
        ReviewCase {
            fact: "rbac.go Authorize: a missing role goes into the reason; kserve-rbac repeats it in evaluationError, where the API server leaves that empty",
            objects: vec![cluster_role_binding("dangling", "ClusterRole/x", &["User:alice"])],
            spec: "{user: alice, resourceAttributes: {verb: get, resource: pods, namespace: ns1}}",
            allowed: false,
            reason: Some(r#"RBAC: clusterrole.rbac.authorization.k8s.io "x" not found"#),
            evaluation_error: Some(r#"clusterrole.rbac.authorization.k8s.io "x" not found"#),
        },
    ]
}

#[test]
fn review_table() {
    let mut failures = Vec::new();
    for case in review_cases() {
        let ws = workspace(&case.objects);
        let text = format!(
            "apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec: {}\n",
            case.spec
        );
        let review: SubjectAccessReview =
            serde_yaml::from_str(&text).expect("test SubjectAccessReview parses");
        let status = ws.review(&review).status.expect("review() sets a status");
        let reason = status.reason.as_deref();
        let evaluation_error = status.evaluation_error.as_deref();
        if status.allowed != case.allowed
            || reason != case.reason
            || evaluation_error != case.evaluation_error
        {
            failures.push(format!(
                "spec {}: expected allowed={} reason={:?} evaluationError={:?}, got allowed={} reason={reason:?} evaluationError={evaluation_error:?} ({})",
                case.spec, case.allowed, case.reason, case.evaluation_error, status.allowed, case.fact
            ));
        }
    }
    assert_rows("reviews", failures);
}

/// A request made while impersonating `as_user` with `as_groups`.
struct ImpersonationCase {
    fact: &'static str,
    as_user: &'static str,
    as_groups: &'static [&'static str],
    request: &'static str,
    allowed: bool,
}

const IMPERSONATION_CASES: &[ImpersonationCase] = &[
    ImpersonationCase {
        fact: "impersonation.go WithImpersonation: a non-anonymous user gets system:authenticated",
        as_user: "alice",
        as_groups: &[],
        request: "get /version",
        allowed: true,
    },
    ImpersonationCase {
        fact: "impersonation.go WithImpersonation: system:authenticated is added when other groups are given",
        as_user: "alice",
        as_groups: &["ops"],
        request: "get /version",
        allowed: true,
    },
    ImpersonationCase {
        fact: "impersonation.go WithImpersonation: system:unauthenticated among the groups keeps system:authenticated out",
        as_user: "alice",
        as_groups: &["system:unauthenticated"],
        request: "get /version",
        allowed: false,
    },
    ImpersonationCase {
        fact: "impersonation.go WithImpersonation: system:anonymous gets system:unauthenticated, not system:authenticated",
        as_user: "system:anonymous",
        as_groups: &[],
        request: "get /version",
        allowed: false,
    },
    ImpersonationCase {
        fact: "impersonation.go WithImpersonation: system:anonymous matches a system:unauthenticated binding",
        as_user: "system:anonymous",
        as_groups: &[],
        request: "get /healthz",
        allowed: true,
    },
    ImpersonationCase {
        fact: "impersonation.go WithImpersonation: a service account without groups gets system:serviceaccounts:<ns>",
        as_user: "system:serviceaccount:ns5:job",
        as_groups: &[],
        request: "get pods ns=ns5",
        allowed: true,
    },
    ImpersonationCase {
        fact: "impersonation.go WithImpersonation: given groups replace a service account's groups",
        as_user: "system:serviceaccount:ns5:job",
        as_groups: &["ops"],
        request: "get pods ns=ns5",
        allowed: false,
    },
];

#[test]
fn impersonation_table() {
    let ws = workspace(&[
        cluster_role("version", &["verbs=get urls=/version"]),
        cluster_role_binding(
            "authenticated",
            "ClusterRole/version",
            &["Group:system:authenticated"],
        ),
        cluster_role("health", &["verbs=get urls=/healthz"]),
        cluster_role_binding(
            "unauthenticated",
            "ClusterRole/health",
            &["Group:system:unauthenticated"],
        ),
        cluster_role("reader", &["verbs=get groups= resources=pods"]),
        cluster_role_binding(
            "ns5-accounts",
            "ClusterRole/reader",
            &["Group:system:serviceaccounts:ns5"],
        ),
    ]);
    let mut failures = Vec::new();
    for case in IMPERSONATION_CASES {
        let groups: Vec<String> = case.as_groups.iter().map(|g| (*g).to_owned()).collect();
        let impersonated = UserInfo::impersonated(case.as_user, &groups);
        let actual = ws.allows(&impersonated, &request(case.request));
        if actual != case.allowed {
            failures.push(format!(
                "--as {:?} --as-group {:?}, request {:?}: expected allowed={}, got {actual} with groups {:?} ({})",
                case.as_user, case.as_groups, case.request, case.allowed, impersonated.groups, case.fact
            ));
        }
    }
    assert_rows("impersonation", failures);
}

// ---------------------------------------------------------------------------------------------

/// Every row of every table above.
fn case_count() -> usize {
    let rules = [
        RULE_MATCHING,
        SUBRESOURCES,
        RESOURCE_NAMES,
        NON_RESOURCE_URLS,
    ]
    .iter()
    .map(|table| table.len())
    .sum::<usize>();
    let scenarios = [binding_scope(), subjects(), aggregated_decisions()]
        .iter()
        .flatten()
        .map(|scenario| scenario.cases.len())
        .sum::<usize>();
    rules
        + scenarios
        + reason_cases().len()
        + missing_role_cases().len()
        + aggregation_cases().len()
        + who_can_cases().len()
        + review_cases().len()
        + IMPERSONATION_CASES.len()
}

#[test]
fn conformance_has_enough_cases() {
    let count = case_count();
    assert!(
        count >= 120,
        "the conformance tables hold {count} cases, fewer than 120"
    );
}
