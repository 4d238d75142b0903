//! Role generation: golden output for each option, read back through k8s-openapi, and the
//! access the generated roles give once Kubeflow's aggregate roles take them in.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use k8s_openapi::api::rbac::v1::ClusterRole;
use kserve_rbac::catalog::{KSERVE, KSERVE_GROUP};
use kserve_rbac::generate::{
    generate_roles, render_roles, Format, GenerateError, GenerateOptions, EDIT_VERBS,
    KNATIVE_RESOURCES, VIEW_VERBS,
};
use kserve_rbac::{Attributes, ResourceAttributes, SourceFile, UserInfo, Workspace};

fn options() -> GenerateOptions {
    GenerateOptions::default()
}

fn release(version: &str) -> GenerateOptions {
    GenerateOptions {
        release: Some(version.to_owned()),
        ..options()
    }
}

/// Generates and renders roles, and checks that the text reads back as the same roles.
fn render(options: &GenerateOptions) -> String {
    let roles = generate_roles(options).expect("the options are valid");
    let text = render_roles(&roles, options.format).expect("the roles render");
    assert_eq!(read_back(&text, options.format), roles);
    text
}

/// Parses rendered roles as k8s-openapi ClusterRoles and checks that serializing them again
/// gives the same text.
fn read_back(text: &str, format: Format) -> Vec<ClusterRole> {
    match format {
        Format::Yaml => {
            let documents: Vec<&str> = text.split("---\n").filter(|d| !d.is_empty()).collect();
            let mut roles = Vec::new();
            for document in documents {
                let role: ClusterRole = serde_yaml::from_str(document)
                    .unwrap_or_else(|e| panic!("not a ClusterRole ({e}):\n{document}"));
                assert_eq!(serde_yaml::to_string(&role).unwrap(), document);
                roles.push(role);
            }
            assert!(text.starts_with("---\n"));
            roles
        }
        Format::Json => {
            let list: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
            assert_eq!(list["apiVersion"], "v1");
            assert_eq!(list["kind"], "List");
            let roles: Vec<ClusterRole> = list["items"]
                .as_array()
                .expect("items is an array")
                .iter()
                .map(|item| serde_json::from_value(item.clone()).expect("a ClusterRole"))
                .collect();
            let again = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": roles});
            assert_eq!(serde_json::to_string_pretty(&again).unwrap() + "\n", text);
            roles
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Golden output

#[test]
fn snapshot_default() {
    insta::assert_snapshot!("default", render(&options()));
}

#[test]
fn snapshot_release_0_14() {
    insta::assert_snapshot!("release_0_14", render(&release("0.14")));
}

#[test]
fn snapshot_release_0_15() {
    insta::assert_snapshot!("release_0_15", render(&release("v0.15.2")));
}

#[test]
fn snapshot_release_0_16() {
    insta::assert_snapshot!("release_0_16", render(&release("0.16")));
}

#[test]
fn snapshot_status_subresources() {
    let options = GenerateOptions {
        status_subresources: true,
        ..options()
    };
    insta::assert_snapshot!("status_subresources", render(&options));
}

#[test]
fn snapshot_without_knative() {
    let options = GenerateOptions {
        knative: false,
        ..release("0.14")
    };
    insta::assert_snapshot!("without_knative", render(&options));
}

#[test]
fn snapshot_extra_resources() {
    let options = GenerateOptions {
        extra_resources: vec![
            "inferencepools.inference.networking.x-k8s.io".to_owned(),
            "inferencemodels.inference.networking.x-k8s.io".to_owned(),
            "widgets".to_owned(),
            "inferenceservices".to_owned(),
        ],
        ..release("0.14")
    };
    insta::assert_snapshot!("extra_resources", render(&options));
}

#[test]
fn snapshot_custom_prefixes() {
    let options = GenerateOptions {
        name_prefix: "acme-serving".to_owned(),
        label_prefix: "rbac.acme.example".to_owned(),
        ..release("0.14")
    };
    insta::assert_snapshot!("custom_prefixes", render(&options));
}

#[test]
fn snapshot_json() {
    let options = GenerateOptions {
        format: Format::Json,
        ..release("0.15")
    };
    insta::assert_snapshot!("json", render(&options));
}

// ---------------------------------------------------------------------------------------------
// Structure

fn role<'a>(roles: &'a [ClusterRole], name: &str) -> &'a ClusterRole {
    roles
        .iter()
        .find(|r| r.metadata.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("{name} is generated"))
}

fn kserve_resources(role: &ClusterRole) -> Vec<String> {
    role.rules
        .iter()
        .flatten()
        .find(|rule| rule.api_groups.as_deref() == Some(&[KSERVE_GROUP.to_owned()][..]))
        .and_then(|rule| rule.resources.clone())
        .unwrap_or_default()
}

#[test]
fn release_presets_list_resources() {
    let edit = |version: &str| {
        let roles = generate_roles(&release(version)).unwrap();
        kserve_resources(role(&roles, "kubeflow-kserve-edit"))
    };
    assert_eq!(edit("0.8"), vec!["inferenceservices", "servingruntimes"]);
    assert_eq!(edit("0.14"), vec!["inferenceservices", "servingruntimes"]);
    assert_eq!(
        edit("0.15"),
        vec![
            "inferenceservices",
            "servingruntimes",
            "inferencegraphs",
            "trainedmodels"
        ]
    );
    let latest = edit("0.16");
    assert!(latest.contains(&"llminferenceservices".to_owned()));
    assert!(latest.contains(&"llminferenceserviceconfigs".to_owned()));
}

#[test]
fn default_covers_namespaced_kinds() {
    let roles = generate_roles(&options()).unwrap();
    let edit = kserve_resources(role(&roles, "kubeflow-kserve-edit"));
    let view = kserve_resources(role(&roles, "kubeflow-kserve-view"));
    for kind in KSERVE {
        let listed = edit.contains(&kind.plural.to_owned());
        assert_eq!(listed, kind.namespaced, "{} in edit", kind.plural);
        assert_eq!(
            view.contains(&kind.plural.to_owned()),
            kind.namespaced,
            "{} in view",
            kind.plural
        );
    }
    assert!(!edit.iter().any(|r| r.contains('/')));
}

#[test]
fn admin_role_aggregates_only() {
    let roles = generate_roles(&options()).unwrap();
    let admin = role(&roles, "kubeflow-kserve-admin");
    assert_eq!(admin.rules.as_deref(), Some(&[][..]));
    let selectors = admin
        .aggregation_rule
        .as_ref()
        .and_then(|r| r.cluster_role_selectors.as_ref())
        .unwrap();
    assert_eq!(selectors.len(), 1);
    let labels = selectors[0].match_labels.as_ref().unwrap();
    assert_eq!(
        labels
            .get("rbac.authorization.kubeflow.org/aggregate-to-kubeflow-kserve-admin")
            .map(String::as_str),
        Some("true")
    );
    let admin_labels = admin.metadata.labels.as_ref().unwrap();
    assert_eq!(
        admin_labels
            .get("rbac.authorization.kubeflow.org/aggregate-to-kubeflow-admin")
            .map(String::as_str),
        Some("true")
    );
}

#[test]
fn invalid_options_rejected() {
    let invalid = |options: GenerateOptions| generate_roles(&options).unwrap_err();
    assert!(matches!(
        invalid(release("one")),
        GenerateError::InvalidRelease(_)
    ));
    assert!(matches!(
        invalid(release("1.0")),
        GenerateError::InvalidRelease(_)
    ));
    assert!(matches!(
        invalid(release("0.7")),
        GenerateError::UnsupportedRelease(_)
    ));
    let extra = GenerateOptions {
        extra_resources: vec!["Widgets".to_owned()],
        ..options()
    };
    assert!(matches!(invalid(extra), GenerateError::InvalidResource(_)));
    let name = GenerateOptions {
        name_prefix: "Acme_".to_owned(),
        ..options()
    };
    assert!(matches!(
        invalid(name),
        GenerateError::InvalidName {
            field: "name prefix",
            ..
        }
    ));
    let label = GenerateOptions {
        label_prefix: String::new(),
        ..options()
    };
    assert!(matches!(
        invalid(label),
        GenerateError::InvalidName {
            field: "label prefix",
            ..
        }
    ));
}

#[test]
fn options_from_json() {
    let defaults: GenerateOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(defaults, GenerateOptions::default());
    let parsed: GenerateOptions = serde_json::from_str(
        r#"{"release": "0.15", "statusSubresources": true, "format": "json"}"#,
    )
    .unwrap();
    assert_eq!(parsed.release.as_deref(), Some("0.15"));
    assert!(parsed.status_subresources);
    assert_eq!(parsed.format, Format::Json);
    assert!(serde_json::from_str::<GenerateOptions>(r#"{"relase": "0.15"}"#).is_err());
}

// ---------------------------------------------------------------------------------------------
// Access through Kubeflow's aggregate roles

fn kubeflow_workspace(options: &GenerateOptions) -> Workspace {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/generate/kubeflow-aggregate-roles.yaml");
    let kubeflow = std::fs::read_to_string(path).unwrap();
    let generated = render_roles(&generate_roles(options).unwrap(), Format::Yaml).unwrap();
    let workspace = Workspace::new(&[
        SourceFile::new("kubeflow-aggregate-roles.yaml", kubeflow),
        SourceFile::new("generated.yaml", generated),
    ]);
    assert!(
        workspace.diagnostics().is_empty(),
        "{:#?}",
        workspace.diagnostics()
    );
    workspace
}

fn request(verb: &str, group: &str, resource: &str, namespace: &str) -> Attributes {
    let (resource, subresource) = resource.split_once('/').unwrap_or((resource, ""));
    Attributes::Resource(ResourceAttributes {
        namespace: namespace.to_owned(),
        verb: verb.to_owned(),
        group: group.to_owned(),
        resource: resource.to_owned(),
        subresource: subresource.to_owned(),
        name: String::new(),
    })
}

#[test]
fn kubeflow_tiers_reach_kserve() {
    let ws = kubeflow_workspace(&options());
    let admin = UserInfo::impersonated("admin@example.com", &[]);
    let editor = UserInfo::impersonated("editor@example.com", &[]);
    let viewer = UserInfo::impersonated("viewer@example.com", &[]);
    let mut checked = 0;
    for kind in KSERVE.iter().filter(|k| k.namespaced) {
        for verb in EDIT_VERBS {
            let attributes = request(verb, KSERVE_GROUP, kind.plural, "team-a");
            let read = VIEW_VERBS.contains(&verb);
            assert!(
                ws.allows(&admin, &attributes),
                "admin {verb} {}",
                kind.plural
            );
            assert!(
                ws.allows(&editor, &attributes),
                "edit {verb} {}",
                kind.plural
            );
            assert_eq!(
                ws.allows(&viewer, &attributes),
                read,
                "view {verb} {}",
                kind.plural
            );
            let elsewhere = request(verb, KSERVE_GROUP, kind.plural, "team-b");
            assert!(
                !ws.allows(&admin, &elsewhere),
                "admin {verb} {} in team-b",
                kind.plural
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 8 * KSERVE.iter().filter(|k| k.namespaced).count());
}

#[test]
fn kubeflow_tiers_skip_cluster_kinds() {
    let ws = kubeflow_workspace(&options());
    let admin = UserInfo::impersonated("admin@example.com", &[]);
    for kind in KSERVE.iter().filter(|k| !k.namespaced) {
        for namespace in ["", "team-a"] {
            let attributes = request("get", KSERVE_GROUP, kind.plural, namespace);
            assert!(
                !ws.allows(&admin, &attributes),
                "{} in {namespace:?}",
                kind.plural
            );
        }
    }
}

#[test]
fn kubeflow_edit_trace_names_generated_role() {
    let ws = kubeflow_workspace(&options());
    let decision = ws.authorize(
        &UserInfo::impersonated("editor@example.com", &[]),
        &request("create", KSERVE_GROUP, "inferenceservices", "team-a"),
    );
    let grant = decision.trace.expect("allowed");
    assert_eq!(grant.role.name, "kubeflow-edit");
    assert_eq!(grant.aggregation_path, vec!["kubeflow-kserve-edit"]);
    let decision = ws.authorize(
        &UserInfo::impersonated("viewer@example.com", &[]),
        &request("list", KSERVE_GROUP, "inferenceservices", "team-a"),
    );
    let grant = decision.trace.expect("allowed");
    assert_eq!(grant.aggregation_path, vec!["kubeflow-kserve-view"]);
}

/// Lists the requests the tiers are compared on: each KServe resource and status subresource,
/// each Knative resource and each extra resource, with the edit verbs and escalating ones.
fn tier_requests(options: &GenerateOptions) -> Vec<Attributes> {
    let mut resources: Vec<(String, String)> = Vec::new();
    for kind in KSERVE {
        resources.push((KSERVE_GROUP.to_owned(), kind.plural.to_owned()));
        for subresource in kind.subresources {
            resources.push((
                KSERVE_GROUP.to_owned(),
                format!("{}/{subresource}", kind.plural),
            ));
        }
    }
    for resource in KNATIVE_RESOURCES {
        resources.push(("serving.knative.dev".to_owned(), resource.to_owned()));
    }
    for extra in &options.extra_resources {
        let (resource, group) = extra.split_once('.').unwrap_or((extra, KSERVE_GROUP));
        resources.push((group.to_owned(), resource.to_owned()));
    }
    let verbs = EDIT_VERBS
        .iter()
        .chain(&["bind", "escalate", "impersonate", "proxy"]);
    let mut requests = Vec::new();
    for verb in verbs {
        for (group, resource) in &resources {
            requests.push(request(verb, group, resource, "team-a"));
        }
    }
    requests
}

fn assert_tiers_nested(options: &GenerateOptions) {
    let generated = render_roles(&generate_roles(options).unwrap(), Format::Yaml).unwrap();
    let prefix = &options.name_prefix;
    let bindings: String = ["admin", "edit", "view"]
        .iter()
        .map(|tier| {
            format!(
                "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {{name: {tier}}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {prefix}-{tier}}}\nsubjects: [{{kind: User, name: {tier}}}]\n"
            )
        })
        .collect();
    let ws = Workspace::new(&[
        SourceFile::new("generated.yaml", generated),
        SourceFile::new("bindings.yaml", bindings),
    ]);
    // A custom label prefix is reported, because Kubeflow's own aggregate roles select the
    // standard prefix; every other finding is a defect of the generated roles.
    let custom_prefix = options.label_prefix != GenerateOptions::default().label_prefix;
    let unexpected: Vec<_> = ws
        .diagnostics()
        .iter()
        .filter(|d| !(custom_prefix && d.code == "rbac/aggregation-label-misspelled"))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    let admin = UserInfo::impersonated("admin", &[]);
    let edit = UserInfo::impersonated("edit", &[]);
    let view = UserInfo::impersonated("view", &[]);
    let (mut viewed, mut edited_only) = (0, 0);
    for attributes in tier_requests(options) {
        let by_view = ws.allows(&view, &attributes);
        let by_edit = ws.allows(&edit, &attributes);
        let by_admin = ws.allows(&admin, &attributes);
        assert!(
            !by_view || by_edit,
            "view allows but edit does not: {attributes:?}"
        );
        assert!(
            !by_edit || by_admin,
            "edit allows but admin does not: {attributes:?}"
        );
        viewed += usize::from(by_view);
        edited_only += usize::from(by_edit && !by_view);
        if let Attributes::Resource(request) = &attributes {
            let escalating =
                ["bind", "escalate", "impersonate", "proxy"].contains(&request.verb.as_str());
            assert!(!by_admin || !escalating, "admin allows {attributes:?}");
        }
    }
    assert!(viewed > 0, "view allows nothing");
    assert!(edited_only > 0, "edit allows nothing beyond view");
}

#[test]
fn tiers_nested_default() {
    assert_tiers_nested(&options());
}

#[test]
fn tiers_nested_release_presets() {
    for version in ["0.8", "0.14", "0.15", "0.16"] {
        assert_tiers_nested(&release(version));
    }
}

#[test]
fn tiers_nested_with_options() {
    assert_tiers_nested(&GenerateOptions {
        status_subresources: true,
        ..options()
    });
    assert_tiers_nested(&GenerateOptions {
        knative: false,
        ..options()
    });
    assert_tiers_nested(&GenerateOptions {
        extra_resources: vec!["inferencepools.inference.networking.x-k8s.io".to_owned()],
        name_prefix: "acme-serving".to_owned(),
        label_prefix: "rbac.acme.example".to_owned(),
        ..options()
    });
}
