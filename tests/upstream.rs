//! Real Kubeflow and KServe release manifests, kept beside the repository when present: every
//! document loads, and decisions on them match Kubernetes.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use kserve_rbac::load::load;
use kserve_rbac::{
    Attributes, Diagnostic, ResourceAttributes, Severity, SourceFile, UserInfo, Workspace,
};

const KSERVE_BUNDLE: &str = "kserve_kubeflow-v0.14.1.yaml";
const PROFILE_NAMESPACE: &str = "kubeflow-user-example-com";
const PROFILE_OWNER: &str = "user@example.com";

fn upstream_directory() -> Option<PathBuf> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/upstream");
    directory.is_dir().then_some(directory)
}

/// Reads the named upstream files, or every YAML file there when `names` is empty. Returns
/// `None`, after printing a skip line, when the directory does not exist.
fn upstream_files(names: &[&str]) -> Option<Vec<SourceFile>> {
    let Some(directory) = upstream_directory() else {
        println!("skipped: ../shared/upstream not found");
        return None;
    };
    let mut paths: Vec<PathBuf> = if names.is_empty() {
        std::fs::read_dir(&directory)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
            .collect()
    } else {
        names.iter().map(|name| directory.join(name)).collect()
    };
    paths.sort();
    let files = paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("failed to read {}: {e}", path.display()));
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            SourceFile::new(name, text)
        })
        .collect();
    Some(files)
}

fn load_errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.code.starts_with("load/") && d.severity == Severity::Error)
        .collect()
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

fn kubeflow_workspace() -> Option<Workspace> {
    let files = upstream_files(&[
        "kubeflow-roles.yaml",
        KSERVE_BUNDLE,
        "profile-instance.yaml",
        "models-web-app-rbac.yaml",
    ])?;
    let workspace = Workspace::new(&files);
    assert!(load_errors(workspace.diagnostics()).is_empty());
    Some(workspace)
}

#[test]
fn every_file_loads_cleanly() {
    let Some(files) = upstream_files(&[]) else {
        return;
    };
    assert!(files.len() >= 7, "{} files", files.len());
    for file in &files {
        let loaded = load(std::slice::from_ref(file));
        let errors = load_errors(&loaded.diagnostics);
        assert!(errors.is_empty(), "{}: {errors:#?}", file.name);
        assert!(!loaded.objects.is_empty(), "{} has objects", file.name);
        assert_eq!(
            loaded.objects.len(),
            loaded.documents,
            "{}: one object per document",
            file.name
        );
    }
}

#[test]
fn kserve_bundle_has_42_objects() {
    let Some(files) = upstream_files(&[KSERVE_BUNDLE]) else {
        return;
    };
    let loaded = load(&files);
    assert_eq!(loaded.documents, 42);
    assert_eq!(loaded.objects.len(), 42);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let count = |kind: &str| {
        loaded
            .objects
            .iter()
            .filter(|o| o.meta.kind == kind)
            .count()
    };
    assert_eq!(count("CustomResourceDefinition"), 9);
    assert!(count("ClusterRole") >= 3);
    assert!(loaded.objects.iter().all(|o| o
        .meta
        .location
        .as_ref()
        .is_some_and(|l| &*l.file == KSERVE_BUNDLE)));
}

#[test]
fn all_files_load_together() {
    let Some(files) = upstream_files(&[]) else {
        return;
    };
    let workspace = Workspace::new(&files);
    let errors = load_errors(workspace.diagnostics());
    assert!(errors.is_empty(), "{errors:#?}");
    let unexpected: Vec<&Diagnostic> = workspace
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
}

#[test]
fn profile_owner_creates_inferenceservices() {
    let Some(workspace) = kubeflow_workspace() else {
        return;
    };
    let owner = UserInfo::impersonated(PROFILE_OWNER, &[]);
    let create = request(
        "create",
        "serving.kserve.io",
        "inferenceservices",
        PROFILE_NAMESPACE,
    );
    let decision = workspace.authorize(&owner, &create);
    assert!(decision.allowed, "{decision:#?}");
    let grant = decision.trace.unwrap();
    assert_eq!(grant.binding.name, "namespaceAdmin");
    assert!(grant.binding.implied);
    assert_eq!(grant.role.name, "kubeflow-admin");
    assert_eq!(
        grant.aggregation_path,
        vec!["kubeflow-edit", "kubeflow-kserve-edit"]
    );
    let elsewhere = request(
        "create",
        "serving.kserve.io",
        "inferenceservices",
        "kubeflow",
    );
    assert!(!workspace.allows(&owner, &elsewhere));
}

#[test]
fn view_holder_cannot_create() {
    let Some(workspace) = kubeflow_workspace() else {
        return;
    };
    let viewer = UserInfo::impersonated(
        &format!("system:serviceaccount:{PROFILE_NAMESPACE}:default-viewer"),
        &[],
    );
    for verb in ["get", "list", "watch"] {
        let read = request(
            verb,
            "serving.kserve.io",
            "inferenceservices",
            PROFILE_NAMESPACE,
        );
        assert!(workspace.allows(&viewer, &read), "{verb}");
    }
    for verb in ["create", "update", "delete"] {
        let write = request(
            verb,
            "serving.kserve.io",
            "inferenceservices",
            PROFILE_NAMESPACE,
        );
        assert!(!workspace.allows(&viewer, &write), "{verb}");
    }
    let editor = UserInfo::impersonated(
        &format!("system:serviceaccount:{PROFILE_NAMESPACE}:default-editor"),
        &[],
    );
    let create = request(
        "create",
        "serving.kserve.io",
        "inferenceservices",
        PROFILE_NAMESPACE,
    );
    assert!(workspace.allows(&editor, &create));
}

#[test]
fn kubeflow_edit_aggregates_kserve() {
    let Some(workspace) = kubeflow_workspace() else {
        return;
    };
    let edit = workspace
        .cluster_role("kubeflow-edit")
        .expect("kubeflow-edit is loaded");
    assert!(edit.aggregating);
    let kserve = edit
        .rules
        .iter()
        .find(|sourced| {
            sourced.rule.api_groups.as_deref() == Some(&["serving.kserve.io".to_owned()][..])
        })
        .expect("kubeflow-edit holds a serving.kserve.io rule");
    assert_eq!(kserve.path.len(), 1);
    assert_eq!(&*kserve.path[0], "kubeflow-kserve-edit");
    let resources = kserve.rule.resources.as_deref().unwrap();
    assert!(resources.contains(&"inferenceservices".to_owned()));
    assert!(resources.contains(&"servingruntimes".to_owned()));
    assert!(kserve.rule.verbs.contains(&"create".to_owned()));
    assert!(kserve.rule.verbs.contains(&"deletecollection".to_owned()));

    let view = workspace.cluster_role("kubeflow-view").unwrap();
    let viewed = view
        .rules
        .iter()
        .find(|sourced| {
            sourced
                .path
                .first()
                .is_some_and(|name| &**name == "kubeflow-kserve-view")
        })
        .expect("kubeflow-view aggregates kubeflow-kserve-view");
    assert!(!viewed.rule.verbs.contains(&"create".to_owned()));
}

#[test]
fn kserve_v014_misses_trainedmodels() {
    let Some(workspace) = kubeflow_workspace() else {
        return;
    };
    let owner = UserInfo::impersonated(PROFILE_OWNER, &[]);
    for resource in ["trainedmodels", "inferencegraphs"] {
        let create = request("create", "serving.kserve.io", resource, PROFILE_NAMESPACE);
        assert!(!workspace.allows(&owner, &create), "{resource}");
    }
}

#[test]
fn controller_account_decisions() {
    let Some(workspace) = kubeflow_workspace() else {
        return;
    };
    let controller = UserInfo::impersonated(
        "system:serviceaccount:kubeflow:kserve-controller-manager",
        &[],
    );
    let status = request(
        "update",
        "serving.kserve.io",
        "inferenceservices/status",
        "any-team",
    );
    let decision = workspace.authorize(&controller, &status);
    assert!(decision.allowed);
    assert_eq!(
        decision.reason,
        r#"RBAC: allowed by ClusterRoleBinding "kserve-manager-rolebinding" of ClusterRole "kserve-manager-role" to ServiceAccount "kserve-controller-manager/kubeflow""#
    );
    let collection = request(
        "deletecollection",
        "serving.kserve.io",
        "inferenceservices",
        "any-team",
    );
    assert!(!workspace.allows(&controller, &collection));

    let web_app = UserInfo::impersonated(
        "system:serviceaccount:kserve:kserve-models-web-application",
        &[],
    );
    let review = request("create", "authorization.k8s.io", "subjectaccessreviews", "");
    assert!(workspace.allows(&web_app, &review));
    assert!(workspace.allows(&web_app, &request("get", "", "pods/log", "any-team")));
    assert!(!workspace.allows(&web_app, &request("delete", "", "pods", "any-team")));
}
