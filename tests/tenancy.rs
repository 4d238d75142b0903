//! Tenancy: the isolation report, access matrices and permission diffs, through the core and
//! the command line, on the bundled example with a leak added.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

use kserve_rbac::access_matrix::MatrixOptions;
use kserve_rbac::diff::{diff_permissions, ChangeKind};
use kserve_rbac::kubeflow::isolation::{Baseline, OutsiderKind};
use kserve_rbac::{SourceFile, UserInfo, Workspace};

const LEAKS: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ml-platform-kserve-edit}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubeflow-kserve-edit}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: ml-platform}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: cross-tenant-editor, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubeflow-edit}
subjects:
- {kind: ServiceAccount, name: default-editor, namespace: team-b}
";

fn example_files() -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kubeflow-kserve");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            SourceFile::new(
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect()
}

fn with_leaks() -> Workspace {
    let mut files = example_files();
    files.push(SourceFile::new("leaks.yaml", LEAKS));
    Workspace::new(&files)
}

#[test]
fn isolation_example_has_no_leaks() {
    let report = Workspace::new(&example_files()).isolation_report(&Baseline::default());
    assert_eq!(
        report.tenants,
        vec!["team-a".to_owned(), "team-b".to_owned()]
    );
    assert_eq!(report.leaks, 0, "{:#?}", report.exposures);
    let web_app = report
        .exposures
        .iter()
        .find(|e| e.subject.name == "kserve-models-web-application");
    assert_eq!(web_app.map(|e| e.kind), Some(OutsiderKind::Platform));
}

#[test]
fn isolation_reports_both_leak_kinds() {
    let report = with_leaks().isolation_report(&Baseline::default());
    let group: Vec<_> = report
        .exposures
        .iter()
        .filter(|e| e.subject.name == "ml-platform")
        .collect();
    assert_eq!(group.len(), 2, "one exposure per tenant");
    assert!(group
        .iter()
        .all(|e| e.kind == OutsiderKind::Outsider && e.cluster_wide));
    assert!(group
        .iter()
        .all(|e| e.binding.name == "ml-platform-kserve-edit"));
    assert!(group[0]
        .access
        .contains(&"create inferenceservices.serving.kserve.io".to_owned()));
    let cross = report
        .exposures
        .iter()
        .find(|e| e.binding.name == "cross-tenant-editor")
        .expect("the cross-tenant binding is reported");
    assert_eq!(cross.namespace, "team-a");
    assert_eq!(cross.kind, OutsiderKind::OtherTenant);
    assert_eq!(cross.other_tenant.as_deref(), Some("team-b"));
    assert_eq!(cross.subject.namespace.as_deref(), Some("team-b"));
    assert!(!cross.cluster_wide);
    assert_eq!(report.leaks, 3);
}

#[test]
fn baseline_accepts_written_leaks() {
    let workspace = with_leaks();
    let report = workspace.isolation_report(&Baseline::default());
    let baseline = Baseline::from_report(&report);
    assert_eq!(baseline.accepted.len(), 2, "one entry per subject");
    let again = workspace.isolation_report(&baseline);
    assert_eq!(again.leaks, 0);
    assert!(again
        .exposures
        .iter()
        .filter(|e| e.kind != OutsiderKind::Platform)
        .all(|e| e.accepted));
}

#[test]
fn subject_matrix_spans_namespaces() {
    let workspace = Workspace::new(&example_files());
    let alice = UserInfo::impersonated("alice@example.com", &[]);
    let matrix = workspace.subject_matrix(&alice, &MatrixOptions::default());
    let position = matrix
        .resources
        .iter()
        .position(|r| r.resource == "inferenceservices")
        .unwrap();
    let row = |namespace: &str| {
        matrix
            .rows
            .iter()
            .find(|r| r.namespace.as_deref() == Some(namespace))
            .unwrap_or_else(|| panic!("no row for {namespace}"))
    };
    assert!(row("team-a").allowed[position].contains(&"create".to_owned()));
    assert!(row("team-b").allowed[position].is_empty());
}

#[test]
fn namespace_matrix_lists_subjects() {
    let workspace = Workspace::new(&example_files());
    let options = MatrixOptions {
        resources: vec!["inferenceservices".to_owned()],
        verbs: vec!["get".to_owned(), "create".to_owned()],
    };
    let matrix = workspace.namespace_matrix("team-b", &options);
    let verbs_of = |name: &str| {
        matrix
            .rows
            .iter()
            .find(|r| r.subject.as_ref().is_some_and(|s| s.name == name))
            .map(|r| r.allowed[0].clone())
    };
    assert_eq!(verbs_of("dave@example.com"), Some(vec!["get".to_owned()]));
    assert_eq!(
        verbs_of("bob@example.com"),
        Some(vec!["get".to_owned(), "create".to_owned()])
    );
    assert_eq!(verbs_of("alice@example.com"), None);
}

#[test]
fn diff_names_gains_and_causes() {
    let old = Workspace::new(&example_files());
    let new = with_leaks();
    let diff = diff_permissions(&old, &new);
    let group = diff
        .changes
        .iter()
        .find(|c| c.subject.name == "ml-platform")
        .expect("the group gains permissions");
    assert_eq!(
        group.namespace, None,
        "a ClusterRoleBinding grants cluster-wide"
    );
    assert!(group.lost.is_empty());
    assert!(group
        .gained
        .iter()
        .any(|p| p.resource.as_deref() == Some("inferenceservices")
            && p.verbs.contains(&"create".to_owned())));
    assert!(group
        .causes
        .iter()
        .any(|c| c.change == ChangeKind::Added && c.object.name == "ml-platform-kserve-edit"));
    let back = diff_permissions(&new, &old);
    assert_eq!(back.gains, diff.losses);
    assert_eq!(back.losses, diff.gains);
    assert!(diff_permissions(&old, &old).changes.is_empty());
}

#[test]
fn diff_flags_risky_gains() {
    let old = Workspace::new(&example_files());
    let mut files = example_files();
    files.push(SourceFile::new(
        "secrets.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: read-secrets
  labels: {rbac.authorization.kubeflow.org/aggregate-to-kubeflow-view: \"true\"}
rules:
- {apiGroups: [\"\"], resources: [secrets], verbs: [get]}
",
    ));
    let diff = diff_permissions(&old, &Workspace::new(&files));
    assert!(diff.risky_gains > 0);
    let dave = diff
        .changes
        .iter()
        .find(|c| c.subject.name == "dave@example.com")
        .expect("a viewer gains through aggregation");
    assert_eq!(dave.namespace.as_deref(), Some("team-b"));
    assert!(dave
        .gained
        .iter()
        .any(|p| p.risky && p.resource.as_deref() == Some("secrets")));
    assert!(dave.causes.iter().any(|c| c.object.name == "read-secrets"));
}

fn cli(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kserve-rbac"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn cli_isolation_fails_on_leaks() {
    let dir = std::env::temp_dir().join(format!("kserve-rbac-tenancy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let leaks = dir.join("leaks.yaml");
    std::fs::write(&leaks, LEAKS).unwrap();
    let leaks = leaks.display().to_string();
    let (code, stdout) = cli(&[
        "isolation",
        "-f",
        "examples/kubeflow-kserve",
        "-f",
        &leaks,
        "-o",
        "json",
    ]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["leaks"], 3);

    let baseline = dir.join("baseline.yaml").display().to_string();
    let (code, _) = cli(&[
        "isolation",
        "-f",
        "examples/kubeflow-kserve",
        "-f",
        &leaks,
        "--write-baseline",
        &baseline,
    ]);
    assert_eq!(code, 0);
    let (code, stdout) = cli(&[
        "isolation",
        "-f",
        "examples/kubeflow-kserve",
        "-f",
        &leaks,
        "--baseline",
        &baseline,
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("0 leaks"), "{stdout}");
    let (code, _) = cli(&["isolation", "-f", "examples/kubeflow-kserve"]);
    assert_eq!(code, 0);
}

#[test]
fn cli_diff_fail_on_and_markdown() {
    let dir = std::env::temp_dir().join(format!("kserve-rbac-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let leaks = dir.join("leaks.yaml");
    std::fs::write(&leaks, LEAKS).unwrap();
    let leaks = leaks.display().to_string();
    let base = [
        "diff",
        "-f",
        "examples/kubeflow-kserve",
        "--to",
        "examples/kubeflow-kserve",
        "--to",
        &leaks,
    ];
    let (code, stdout) = cli(&[&base[..], &["-o", "markdown"]].concat());
    assert_eq!(code, 0, "no --fail-on, no failure");
    assert!(
        stdout.contains("| Subject | Change | Permission | Caused by |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Group ml-platform cluster-wide"),
        "{stdout}"
    );
    let (code, _) = cli(&[&base[..], &["--fail-on", "gain"]].concat());
    assert_eq!(code, 1);
    let (code, _) = cli(&[&base[..], &["--fail-on", "loss"]].concat());
    assert_eq!(code, 0, "adding bindings loses nothing");
}

#[test]
fn cli_access_matrix_json() {
    let (code, stdout) = cli(&[
        "access-matrix",
        "--as",
        "carol@example.com",
        "-f",
        "examples/kubeflow-kserve",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0);
    let matrix: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rows = matrix["rows"].as_array().unwrap();
    let team_a = rows.iter().find(|r| r["namespace"] == "team-a").unwrap();
    assert!(team_a["allowed"][0]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v == "create"));
    let team_b = rows.iter().find(|r| r["namespace"] == "team-b").unwrap();
    assert!(team_b["allowed"][0].as_array().unwrap().is_empty());
}
