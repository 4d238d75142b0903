//! Situations from Kubeflow and KServe user reports, with the decisions Kubernetes makes and the
//! findings that explain them. A second runner replays case files kept beside the repository,
//! when they exist, and checks every request's decision.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use kserve_rbac::generate::{generate_roles, render_roles, Format, GenerateOptions, EDIT_VERBS};
use kserve_rbac::kubeflow::conventions::codes as conventions;
use kserve_rbac::kubeflow::coverage::KSERVE_NOT_COVERED;
use kserve_rbac::object::LoadedObject;
use kserve_rbac::{
    Attributes, Decision, MissedAttribute, ResourceAttributes, SourceFile, UserInfo, Workspace,
};
use serde::Deserialize;

fn fixture(name: &str) -> SourceFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("failed to read {}: {e}", path.display()));
    SourceFile::new(name, text)
}

fn workspace(files: &[SourceFile]) -> Workspace {
    let workspace = Workspace::new(files);
    let load_errors: Vec<_> = workspace
        .diagnostics()
        .iter()
        .filter(|d| d.code.starts_with("load/") && d.severity == kserve_rbac::Severity::Error)
        .collect();
    assert!(
        load_errors.is_empty(),
        "fixtures fail to load: {load_errors:#?}"
    );
    workspace
}

/// Renders the default KServe roles of `kserve-rbac generate` as one more input file.
fn generated_roles() -> SourceFile {
    let roles = generate_roles(&GenerateOptions::default()).expect("default options are valid");
    let text = render_roles(&roles, Format::Yaml).expect("roles render");
    SourceFile::new("generated.yaml", text)
}

fn request(verb: &str, group: &str, resource: &str, namespace: &str, name: &str) -> Attributes {
    Attributes::Resource(ResourceAttributes {
        namespace: namespace.to_owned(),
        verb: verb.to_owned(),
        group: group.to_owned(),
        resource: resource.to_owned(),
        subresource: String::new(),
        name: name.to_owned(),
    })
}

/// Builds a service account user with the groups the API server gives it.
fn service_account(namespace: &str, name: &str) -> UserInfo {
    UserInfo {
        name: format!("system:serviceaccount:{namespace}:{name}"),
        groups: vec![
            "system:serviceaccounts".to_owned(),
            format!("system:serviceaccounts:{namespace}"),
            "system:authenticated".to_owned(),
        ],
    }
}

fn user(name: &str) -> UserInfo {
    UserInfo {
        name: name.to_owned(),
        groups: Vec::new(),
    }
}

fn implied_object<'a>(
    workspace: &'a Workspace,
    kind: &str,
    namespace: &str,
    name: &str,
) -> &'a LoadedObject {
    workspace
        .objects()
        .iter()
        .find(|o| {
            o.meta.kind == kind
                && o.meta.namespace.as_deref() == Some(namespace)
                && o.meta.name == name
        })
        .unwrap_or_else(|| panic!("{kind} {namespace}/{name} is in the workspace"))
}

/// Checks that a Profile implies the owner's binding and both account bindings.
fn assert_profile_bindings(workspace: &Workspace, profile: &str, owner: &str) {
    let expected = [
        ("namespaceAdmin", "kubeflow-admin"),
        ("default-editor", "kubeflow-edit"),
        ("default-viewer", "kubeflow-view"),
    ];
    for (name, role) in expected {
        let binding = implied_object(workspace, "RoleBinding", profile, name);
        assert!(binding.meta.implied, "{name} is marked implied");
        assert_eq!(binding.implied_by.as_deref(), Some(profile), "{name}");
        let kserve_rbac::Object::RoleBinding(typed) = &binding.object else {
            panic!("{name} is a RoleBinding");
        };
        assert_eq!(typed.role_ref.kind, "ClusterRole", "{name}");
        assert_eq!(typed.role_ref.name, role, "{name}");
        let subjects = typed.subjects.as_deref().unwrap_or_default();
        assert_eq!(subjects.len(), 1, "{name}");
        if name == "namespaceAdmin" {
            assert_eq!(subjects[0].kind, "User");
            assert_eq!(subjects[0].name, owner);
        } else {
            assert_eq!(subjects[0].kind, "ServiceAccount");
            assert_eq!(subjects[0].name, name);
            assert_eq!(subjects[0].namespace.as_deref(), Some(profile));
        }
    }
    for account in ["default-editor", "default-viewer"] {
        let object = implied_object(workspace, "ServiceAccount", profile, account);
        assert!(object.meta.implied);
    }
}

fn near_miss_attributes(decision: &Decision) -> Vec<MissedAttribute> {
    decision.near_misses.iter().map(|m| m.attribute).collect()
}

#[test]
fn cross_namespace_read_denied() {
    let ws = workspace(&[fixture("cross-namespace-read.yaml")]);
    let editor = service_account("ml-research", "default-editor");

    let platform = ws.authorize(
        &editor,
        &request(
            "get",
            "",
            "configmaps",
            "kubeflow",
            "inferenceservice-config",
        ),
    );
    assert!(!platform.allowed);
    assert!(platform.trace.is_none());
    assert_eq!(platform.reason, "");
    let own = ws.authorize(
        &editor,
        &request("get", "", "configmaps", "ml-research", "settings"),
    );
    assert!(own.allowed);
    let grant = own.trace.expect("the allowed request has a trace");
    assert_eq!(grant.binding.name, "default-editor");
    assert!(grant.binding.implied);
    assert_eq!(grant.role.name, "kubeflow-edit");
    assert_eq!(grant.aggregation_path, vec!["kubeflow-kubernetes-edit"]);
}

#[test]
fn cross_namespace_near_miss_names_namespace() {
    let ws = workspace(&[fixture("cross-namespace-read.yaml")]);
    let decision = ws.authorize(
        &service_account("ml-research", "default-editor"),
        &request(
            "get",
            "",
            "configmaps",
            "kubeflow",
            "inferenceservice-config",
        ),
    );
    let miss = decision
        .near_misses
        .iter()
        .find(|m| m.attribute == MissedAttribute::Namespace)
        .unwrap_or_else(|| panic!("a Namespace near miss: {:#?}", decision.near_misses));
    let binding = miss
        .binding
        .as_ref()
        .expect("the near miss names its binding");
    assert_eq!(binding.kind, "RoleBinding");
    assert_eq!(binding.name, "default-editor");
    assert_eq!(binding.namespace.as_deref(), Some("ml-research"));
    assert_eq!(
        miss.role.as_ref().map(|r| r.name.as_str()),
        Some("kubeflow-edit")
    );
    let rule = miss.rule.as_ref().expect("the near miss names its rule");
    assert!(rule
        .resources
        .as_ref()
        .unwrap()
        .contains(&"configmaps".to_owned()));
}

#[test]
fn cross_namespace_profile_implies_bindings() {
    let ws = workspace(&[fixture("cross-namespace-read.yaml")]);
    assert_profile_bindings(&ws, "ml-research", "lead@research.example");
}

#[test]
fn namespace_without_profile_denied() {
    let ws = workspace(&[fixture("namespace-without-profile.yaml")]);
    let decision = ws.authorize(
        &service_account("scratch", "default-editor"),
        &request(
            "create",
            "serving.kserve.io",
            "inferenceservices",
            "scratch",
            "",
        ),
    );
    assert!(!decision.allowed);
    assert_eq!(
        near_miss_attributes(&decision),
        vec![MissedAttribute::NoBinding]
    );
    let miss = &decision.near_misses[0];
    assert!(miss.binding.is_none());
    assert!(miss.role.is_none());
    assert!(
        miss.message.contains("Profile named scratch"),
        "the message names the Profile fix: {}",
        miss.message
    );
    assert!(
        miss.message.contains("kubeflow-edit"),
        "the message names the RoleBinding fix: {}",
        miss.message
    );
}

#[test]
fn namespace_profile_fix_works() {
    let profile = SourceFile::new(
        "profile.yaml",
        "apiVersion: kubeflow.org/v1\nkind: Profile\nmetadata: {name: scratch}\nspec: {owner: {kind: User, name: me@example.com}}\n",
    );
    let ws = workspace(&[fixture("namespace-without-profile.yaml"), profile]);
    let decision = ws.authorize(
        &service_account("scratch", "default-editor"),
        &request(
            "create",
            "serving.kserve.io",
            "inferenceservices",
            "scratch",
            "",
        ),
    );
    assert!(decision.allowed, "{decision:#?}");
}

#[test]
fn other_accounts_get_no_profile_hint() {
    let ws = workspace(&[fixture("namespace-without-profile.yaml")]);
    let decision = ws.authorize(
        &service_account("scratch", "builder"),
        &request(
            "create",
            "serving.kserve.io",
            "inferenceservices",
            "scratch",
            "",
        ),
    );
    assert!(!decision.allowed);
    assert_eq!(
        near_miss_attributes(&decision),
        vec![MissedAttribute::NoBinding]
    );
    assert!(!decision.near_misses[0].message.contains("Profile"));
}

#[test]
fn edit_without_kserve_denied() {
    let ws = workspace(&[fixture("edit-aggregates-no-kserve.yaml")]);
    let decision = ws.authorize(
        &service_account("vision", "default-editor"),
        &request(
            "create",
            "serving.kserve.io",
            "inferenceservices",
            "vision",
            "",
        ),
    );
    assert!(!decision.allowed);
    let miss = decision
        .near_misses
        .iter()
        .find(|m| m.attribute == MissedAttribute::Aggregation)
        .unwrap_or_else(|| panic!("an Aggregation near miss: {:#?}", decision.near_misses));
    let role = miss.role.as_ref().expect("the near miss names the role");
    assert_eq!(role.kind, "ClusterRole");
    assert_eq!(role.name, "kubeflow-edit");
    let binding = miss
        .binding
        .as_ref()
        .expect("the near miss names the binding");
    assert_eq!(binding.name, "default-editor");
    assert_eq!(binding.namespace.as_deref(), Some("vision"));
    assert!(binding.implied);
    assert!(
        miss.message
            .contains("rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit=true"),
        "the message names the label to add: {}",
        miss.message
    );
}

#[test]
fn edit_without_kserve_implies_bindings() {
    let ws = workspace(&[fixture("edit-aggregates-no-kserve.yaml")]);
    assert_profile_bindings(&ws, "vision", "owner@vision.example");
    let pipelines = ws.authorize(
        &service_account("vision", "default-editor"),
        &request("create", "kubeflow.org", "pipelines", "vision", ""),
    );
    assert!(pipelines.allowed);
}

#[test]
fn generated_roles_fix_edit() {
    let ws = workspace(&[fixture("edit-aggregates-no-kserve.yaml"), generated_roles()]);
    let decision = ws.authorize(
        &service_account("vision", "default-editor"),
        &request(
            "create",
            "serving.kserve.io",
            "inferenceservices",
            "vision",
            "",
        ),
    );
    assert!(decision.allowed, "{decision:#?}");
    let grant = decision.trace.unwrap();
    assert_eq!(grant.role.name, "kubeflow-edit");
    assert_eq!(grant.aggregation_path, vec!["kubeflow-kserve-edit"]);
}

#[test]
fn hand_bound_admin_decisions() {
    let ws = workspace(&[fixture("hand-bound-admin.yaml")]);
    let create_binding = request(
        "create",
        "rbac.authorization.k8s.io",
        "rolebindings",
        "analytics",
        "",
    );
    let grace = ws.authorize(&user("grace@analytics.example"), &create_binding);
    assert!(grace.allowed);
    let grant = grace.trace.unwrap();
    assert_eq!(grant.binding.name, "extra-admin-grace");
    assert!(!grant.binding.implied);
    assert_eq!(
        grace.reason,
        r#"RBAC: allowed by RoleBinding "extra-admin-grace/analytics" of ClusterRole "kubeflow-admin" to User "grace@analytics.example""#
    );

    let owner = ws.authorize(&user("head@analytics.example"), &create_binding);
    assert!(owner.allowed);
    let grant = owner.trace.unwrap();
    assert_eq!(grant.binding.name, "namespaceAdmin");
    assert!(grant.binding.implied);

    let elsewhere = request(
        "create",
        "rbac.authorization.k8s.io",
        "rolebindings",
        "other-team",
        "",
    );
    assert!(!ws.allows(&user("grace@analytics.example"), &elsewhere));
}

#[test]
fn hand_bound_admin_case_sensitive() {
    let ws = workspace(&[fixture("hand-bound-admin.yaml")]);
    let decision = ws.authorize(
        &user("Grace@analytics.example"),
        &request(
            "list",
            "rbac.authorization.k8s.io",
            "roles",
            "analytics",
            "",
        ),
    );
    assert!(!decision.allowed);
    let miss = decision
        .near_misses
        .iter()
        .find(|m| m.attribute == MissedAttribute::Subject)
        .unwrap_or_else(|| panic!("a Subject near miss: {:#?}", decision.near_misses));
    assert_eq!(miss.binding.as_ref().unwrap().name, "extra-admin-grace");
}

#[test]
fn hand_bound_admin_profile_bindings() {
    let ws = workspace(&[fixture("hand-bound-admin.yaml")]);
    assert_profile_bindings(&ws, "analytics", "head@analytics.example");
}

fn findings<'a>(workspace: &'a Workspace, code: &str) -> Vec<&'a kserve_rbac::Diagnostic> {
    workspace
        .diagnostics()
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

#[test]
fn hand_bound_admin_conventions() {
    let ws = workspace(&[fixture("hand-bound-admin.yaml")]);
    let names = findings(&ws, conventions::CONTRIBUTOR_NAME);
    assert_eq!(names.len(), 1, "{:#?}", ws.diagnostics());
    assert_eq!(names[0].object.as_ref().unwrap().name, "extra-admin-grace");
    assert!(
        names[0]
            .message
            .contains("user-grace-analytics-example-clusterrole-admin"),
        "the finding names the computed binding name: {}",
        names[0].message
    );

    let admins = findings(&ws, conventions::ADMIN_NOT_OWNER);
    assert_eq!(admins.len(), 1, "{:#?}", ws.diagnostics());
    assert_eq!(admins[0].object.as_ref().unwrap().name, "extra-admin-grace");
    assert!(admins[0].message.contains("grace@analytics.example"));

    // Without Istio objects in the input, missing AuthorizationPolicies are not reported.
    assert!(findings(&ws, conventions::MISSING_AUTHORIZATION_POLICY).is_empty());
}

#[test]
fn hand_bound_admin_missing_policy() {
    let policy = SourceFile::new(
        "policies.yaml",
        "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ns-owner-access-istio, namespace: analytics}\nspec: {}\n",
    );
    let ws = workspace(&[fixture("hand-bound-admin.yaml"), policy]);
    let missing = findings(&ws, conventions::MISSING_AUTHORIZATION_POLICY);
    assert_eq!(missing.len(), 1, "{:#?}", ws.diagnostics());
    assert_eq!(
        missing[0].object.as_ref().unwrap().name,
        "extra-admin-grace"
    );
}

#[test]
fn kserve_014_coverage_gaps() {
    let ws = workspace(&[fixture("kserve-014-edit-role.yaml")]);
    let coverage = ws.kserve_coverage();
    let edit = coverage
        .iter()
        .find(|tier| tier.tier == "edit")
        .expect("the edit tier is reported");
    assert!(edit.present);
    assert_eq!(edit.role, "kubeflow-edit");
    let resource = |name: &str| {
        edit.resources
            .iter()
            .find(|r| r.resource == name)
            .unwrap_or_else(|| panic!("{name} is reported"))
    };
    assert!(resource("inferenceservices").missing.is_empty());
    assert!(resource("servingruntimes").missing.is_empty());
    for name in ["trainedmodels", "inferencegraphs", "llminferenceservices"] {
        assert!(resource(name).granted.is_empty(), "{name}");
        assert_eq!(resource(name).missing, EDIT_VERBS.to_vec(), "{name}");
    }

    let gaps = findings(&ws, KSERVE_NOT_COVERED);
    assert_eq!(gaps.len(), 1, "{:#?}", ws.diagnostics());
    assert_eq!(gaps[0].object.as_ref().unwrap().name, "kubeflow-edit");
    assert!(
        gaps[0].message.contains("trainedmodels"),
        "{}",
        gaps[0].message
    );
    assert!(
        gaps[0].message.contains("inferencegraphs"),
        "{}",
        gaps[0].message
    );
}

#[test]
fn generated_roles_close_coverage() {
    let ws = workspace(&[fixture("kserve-014-edit-role.yaml"), generated_roles()]);
    assert!(
        findings(&ws, KSERVE_NOT_COVERED).is_empty(),
        "{:#?}",
        ws.diagnostics()
    );
}

#[test]
fn kserve_014_edit_decisions() {
    let ws = workspace(&[fixture("kserve-014-edit-role.yaml")]);
    let heidi = user("heidi@models.example");
    let create =
        |resource: &str| request("create", "serving.kserve.io", resource, "forecasting", "");
    assert!(ws.allows(&heidi, &create("inferenceservices")));
    assert!(ws.allows(&heidi, &create("servingruntimes")));
    for resource in ["trainedmodels", "inferencegraphs"] {
        let decision = ws.authorize(&heidi, &create(resource));
        assert!(!decision.allowed, "{resource}");
        let miss = decision
            .near_misses
            .iter()
            .find(|m| m.attribute == MissedAttribute::Aggregation)
            .unwrap_or_else(|| panic!("{resource}: {:#?}", decision.near_misses));
        assert_eq!(miss.role.as_ref().unwrap().name, "kubeflow-edit");
        assert_eq!(
            miss.binding.as_ref().unwrap().name,
            "user-heidi-models-example-clusterrole-edit"
        );
    }
}

#[test]
fn kserve_014_matches_release_preset() {
    let options = GenerateOptions {
        release: Some("0.14".to_owned()),
        ..GenerateOptions::default()
    };
    let generated = generate_roles(&options).unwrap();
    let edit = generated
        .iter()
        .find(|r| r.metadata.name.as_deref() == Some("kubeflow-kserve-edit"))
        .unwrap();
    let ws = workspace(&[fixture("kserve-014-edit-role.yaml")]);
    let shipped = ws.cluster_role("kubeflow-kserve-edit").unwrap();
    assert_eq!(edit.rules.as_ref().unwrap()[0], shipped.rules[0].rule);
}

#[test]
fn generated_roles_cover_trainedmodels() {
    // The generated kubeflow-kserve-edit comes later, so it replaces the shipped one.
    let ws = workspace(&[fixture("kserve-014-edit-role.yaml"), generated_roles()]);
    let heidi = user("heidi@models.example");
    for resource in ["trainedmodels", "inferencegraphs", "inferenceservices"] {
        let create = request("create", "serving.kserve.io", resource, "forecasting", "");
        assert!(ws.allows(&heidi, &create), "{resource}");
    }
}

// ---------------------------------------------------------------------------------------------
// Case files beside the repository

#[derive(Debug, Deserialize)]
struct CaseFile {
    manifests: String,
    #[serde(default)]
    requests: Vec<CaseRequest>,
}

#[derive(Debug, Deserialize)]
struct CaseRequest {
    user: String,
    #[serde(default)]
    groups: Vec<String>,
    verb: String,
    #[serde(default)]
    group: String,
    resource: String,
    #[serde(default)]
    subresource: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    namespace: String,
    expect: Expectation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Expectation {
    Allow,
    Deny,
}

fn shared_cases() -> Option<Vec<PathBuf>> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/cases");
    let entries = std::fs::read_dir(&directory).ok()?;
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.expect("the case directory is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    Some(paths)
}

#[test]
fn shared_cases_decide_right() {
    let Some(paths) = shared_cases() else {
        println!("skipped: ../shared/cases not found");
        return;
    };
    assert!(!paths.is_empty(), "../shared/cases holds no case files");
    let mut wrong = Vec::new();
    let mut requests = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let case: CaseFile = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not a case file: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let ws = Workspace::new(&[SourceFile::new(name.clone(), case.manifests)]);
        let load_errors: Vec<_> = ws
            .diagnostics()
            .iter()
            .filter(|d| d.code.starts_with("load/") && d.severity == kserve_rbac::Severity::Error)
            .collect();
        assert!(load_errors.is_empty(), "{name}: {load_errors:#?}");
        for case_request in &case.requests {
            requests += 1;
            let user = UserInfo {
                name: case_request.user.clone(),
                groups: case_request.groups.clone(),
            };
            let attributes = Attributes::Resource(ResourceAttributes {
                namespace: case_request.namespace.clone(),
                verb: case_request.verb.clone(),
                group: case_request.group.clone(),
                resource: case_request.resource.clone(),
                subresource: case_request.subresource.clone(),
                name: case_request.name.clone(),
            });
            let decision = ws.authorize(&user, &attributes);
            let expected = case_request.expect == Expectation::Allow;
            if decision.allowed != expected {
                wrong.push(format!(
                    "{name}: {} {} {} in {:?}: expected {:?}, got allowed={} ({})",
                    case_request.user,
                    case_request.verb,
                    case_request.resource,
                    case_request.namespace,
                    case_request.expect,
                    decision.allowed,
                    decision.reason
                ));
            }
        }
    }
    println!("{} case files, {requests} requests", paths.len());
    assert!(wrong.is_empty(), "wrong decisions:\n{}", wrong.join("\n"));
}
