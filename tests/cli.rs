//! The `kserve-rbac` binary: exit codes, output formats, input handling and colour.
//!
//! Command lines are written as one string and split on whitespace, with `EX` standing for
//! the example manifests and `FX/` for this test's fixture directory.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use k8s_openapi::api::authorization::v1::SubjectAccessReview;
use k8s_openapi::api::rbac::v1::ClusterRole;
use kserve_rbac::generate::{generate_roles, render_roles, Format, GenerateOptions};
use serde_json::{json, Value};

const EXAMPLE: &str = "examples/kubeflow-kserve";
const FIXTURES: &str = "tests/fixtures/cli";

/// Exit code and output of one run.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Splits a command line on whitespace and expands `EX` and `FX/`.
fn arguments(line: &str) -> Vec<String> {
    line.split_whitespace()
        .map(|word| match word {
            "EX" => EXAMPLE.to_owned(),
            _ => match word.strip_prefix("FX/") {
                Some(rest) => format!("{FIXTURES}/{rest}"),
                None => word.to_owned(),
            },
        })
        .collect()
}

fn command(arguments: &[String]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kserve-rbac"));
    command
        .args(arguments)
        .current_dir(repository())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    command
}

fn finish(output: std::process::Output) -> Run {
    Run {
        code: output.status.code().expect("the binary exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn run_arguments(arguments: &[String]) -> Run {
    finish(command(arguments).output().expect("the binary runs"))
}

fn run(line: &str) -> Run {
    run_arguments(&arguments(line))
}

fn run_with_stdin(line: &str, input: &str) -> Run {
    let mut child = command(&arguments(line))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let written = child.stdin.take().unwrap().write_all(input.as_bytes());
    // A command that rejects its arguments exits without reading stdin.
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
    finish(child.wait_with_output().unwrap())
}

fn parse_json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout))
}

fn read_repository_file(path: &str) -> String {
    std::fs::read_to_string(repository().join(path))
        .unwrap_or_else(|e| panic!("failed to read {path}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Exit codes

#[test]
fn version_prints_crate_version() {
    let run = run("--version");
    assert_eq!(run.code, 0);
    let expected = format!("kserve-rbac {}\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(run.stdout, expected);
}

#[test]
fn can_i_yes_exits_zero() {
    let run = run("can-i create inferenceservices -n team-a --as alice@example.com -f EX");
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "yes\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn can_i_no_exits_one() {
    let run = run("can-i create inferenceservices -n team-b --as alice@example.com -f EX");
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, "no\n");
    assert!(
        run.stderr.contains("hint:"),
        "a denial explains itself: {}",
        run.stderr
    );
}

#[test]
fn can_i_quiet_prints_nothing() {
    let yes = run("can-i get isvc -n team-a --as alice@example.com -f EX -q");
    assert_eq!(yes.code, 0);
    assert_eq!(yes.stdout, "");
    assert_eq!(yes.stderr, "");
    let no = run("can-i get isvc -n team-b --as alice@example.com -f EX -q");
    assert_eq!(no.code, 1);
    assert_eq!(no.stdout, "");
    assert_eq!(no.stderr, "");
}

#[test]
fn check_exit_codes() {
    let clean = run("check -f EX");
    assert_eq!(clean.code, 0, "{clean:?}");
    assert!(clean.stdout.contains("0 errors"), "{}", clean.stdout);

    let broken = run("check -f FX/broken.yaml");
    assert_eq!(broken.code, 1, "{broken:?}");
    let located = "tests/fixtures/cli/broken.yaml:13:12: error[load/invalid-object]";
    assert!(broken.stdout.contains(located), "{}", broken.stdout);
    assert!(
        broken.stdout.contains("rules[0].verbs"),
        "{}",
        broken.stdout
    );
}

#[test]
fn check_json_counts_objects() {
    let clean = run("check -f EX -o json");
    assert_eq!(clean.code, 0);
    let report = parse_json(&clean);
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["kinds"]["Profile"]["count"], 2);
    assert_eq!(report["kinds"]["RoleBinding"]["implied"], 6);

    let broken = parse_json(&run("check -f FX/broken.yaml -o json"));
    assert_eq!(broken["summary"]["errors"], 1);
    assert_eq!(broken["diagnostics"][0]["code"], "load/invalid-object");
    assert_eq!(broken["diagnostics"][0]["location"]["line"], 13);
}

/// A valid invocation of every subcommand on the example.
const COMMANDS: &[&str] = &[
    "generate",
    "check -f EX",
    "can-i get pods -n team-a --as alice@example.com -f EX",
    "who-can get pods -n team-a -f EX",
    "review FX/reviews-allowed.yaml -f EX",
    "aggregate -f EX",
    "isolation -f EX",
    "access-matrix --as alice@example.com -f EX",
    "diff -f EX --to EX",
    "coverage -f EX",
];

#[test]
fn valid_commands_exit_zero() {
    for line in COMMANDS {
        let run = run(line);
        assert_eq!(run.code, 0, "{line}: {run:?}");
        assert!(!run.stdout.is_empty(), "{line} prints its result");
    }
}

#[test]
fn bad_flag_exits_two() {
    for line in COMMANDS {
        let run = run(&format!("{line} --no-such-flag"));
        assert_eq!(run.code, 2, "{line}: {run:?}");
        assert!(
            run.stderr.contains("--no-such-flag"),
            "{line}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "{line}");
    }
    let unknown = run("frobnicate");
    assert_eq!(unknown.code, 2);
}

#[test]
fn missing_file_exits_two() {
    for line in COMMANDS.iter().filter(|line| line.contains("EX")) {
        let line = line.replace("EX", "no/such/manifests.yaml");
        let run = run(&line);
        assert_eq!(run.code, 2, "{line}: {run:?}");
        assert!(
            run.stderr
                .starts_with("error: cannot read no/such/manifests.yaml"),
            "{line}: {}",
            run.stderr
        );
    }
}

#[test]
fn missing_input_exits_two() {
    let run = run("check");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-f PATH"), "{}", run.stderr);
}

#[test]
fn who_can_nobody_exits_one() {
    let run = run("who-can impersonate users -f EX");
    assert_eq!(run.code, 1, "{run:?}");
}

// ---------------------------------------------------------------------------------------------
// can-i

#[test]
fn can_i_json_shows_trace() {
    let line = "can-i create inferenceservices -n team-a --as alice@example.com -f EX -o json";
    let run = run(line);
    assert_eq!(run.code, 0);
    let report = parse_json(&run);
    assert_eq!(report["allowed"], true);
    assert_eq!(report["request"]["namespace"], "team-a");
    assert_eq!(report["request"]["group"], "serving.kserve.io");
    assert_eq!(report["request"]["resource"], "inferenceservices");
    assert_eq!(report["groups"], json!(["system:authenticated"]));
    assert_eq!(
        report["reason"],
        r#"RBAC: allowed by RoleBinding "namespaceAdmin/team-a" of ClusterRole "kubeflow-admin" to User "alice@example.com""#
    );

    let trace = &report["trace"];
    assert_eq!(trace["binding"]["kind"], "RoleBinding");
    assert_eq!(trace["binding"]["name"], "namespaceAdmin");
    assert_eq!(trace["binding"]["namespace"], "team-a");
    assert_eq!(trace["binding"]["implied"], true);
    assert_eq!(trace["role"]["name"], "kubeflow-admin");
    assert_eq!(
        trace["aggregationPath"],
        json!(["kubeflow-edit", "kubeflow-kserve-edit"])
    );
    assert_eq!(trace["subject"]["kind"], "User");
    assert_eq!(trace["subject"]["name"], "alice@example.com");

    let rule = &trace["rule"];
    assert_eq!(rule["apiGroups"], json!(["serving.kserve.io"]));
    let resources = rule["resources"].as_array().unwrap();
    assert!(resources.contains(&Value::from("inferenceservices")));
    let verbs = rule["verbs"].as_array().unwrap();
    assert!(verbs.contains(&Value::from("create")));
}

#[test]
fn can_i_json_lists_near_misses() {
    let line = "can-i create inferenceservices -n team-b --as alice@example.com -f EX -o json";
    let run = run(line);
    assert_eq!(run.code, 1);
    let report = parse_json(&run);
    assert_eq!(report["allowed"], false);
    assert_eq!(report["trace"], Value::Null);
    let misses = report["nearMisses"].as_array().unwrap();
    let namespace_miss = misses
        .iter()
        .find(|m| m["attribute"] == "namespace")
        .unwrap_or_else(|| panic!("a namespace near miss: {misses:#?}"));
    assert_eq!(namespace_miss["binding"]["namespace"], "team-a");
}

#[test]
fn can_i_all_namespaces() {
    let alice = run("can-i list inferenceservices -A --as alice@example.com -f EX -o json");
    assert_eq!(
        alice.code, 1,
        "RoleBindings never apply to all namespaces: {alice:?}"
    );
    assert_eq!(parse_json(&alice)["request"]["namespace"], "");

    let web_app = "system:serviceaccount:kubeflow:kserve-models-web-application";
    let run = run(&format!(
        "can-i list inferenceservices -A --as {web_app} -f EX"
    ));
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "yes\n");
}

#[test]
fn can_i_non_resource_url() {
    let exact = run("can-i get /healthz --as ops@example.com -f FX/urls.yaml");
    assert_eq!(exact.code, 0);
    assert_eq!(exact.stdout, "yes\n");
    let prefix = run("can-i get /metrics/cadvisor --as ops@example.com -f FX/urls.yaml");
    assert_eq!(prefix.code, 0);
    let verb = run("can-i post /healthz --as ops@example.com -f FX/urls.yaml");
    assert_eq!(verb.code, 1);
    let other = run("can-i get /healthz --as dev@example.com -f FX/urls.yaml");
    assert_eq!(other.code, 1);

    let report = parse_json(&run(
        "can-i get /healthz --as ops@example.com -f FX/urls.yaml -o json",
    ));
    assert_eq!(report["request"]["path"], "/healthz");
    assert_eq!(report["request"]["verb"], "get");
}

#[test]
fn can_i_resolves_short_names() {
    let targets = [
        "isvc",
        "inferenceservice",
        "InferenceService",
        "isvc.serving.kserve.io",
        "isvc/my-model",
    ];
    for target in targets {
        let line = format!("can-i delete {target} -n team-a --as carol@example.com -f EX -o json");
        let run = run(&line);
        assert_eq!(run.code, 0, "{target}: {run:?}");
        let report = parse_json(&run);
        assert_eq!(
            report["request"]["resource"], "inferenceservices",
            "{target}"
        );
        assert_eq!(report["request"]["group"], "serving.kserve.io", "{target}");
    }
    let named = parse_json(&run(
        "can-i get isvc/my-model -n team-a --as carol@example.com -f EX -o json",
    ));
    assert_eq!(named["request"]["name"], "my-model");
}

#[test]
fn can_i_service_account_groups() {
    let account = "system:serviceaccount:team-a:default-editor";
    let run = run(&format!(
        "can-i create isvc -n team-a --as {account} -f EX -o json"
    ));
    assert_eq!(run.code, 0);
    assert_eq!(
        parse_json(&run)["groups"],
        json!([
            "system:serviceaccounts",
            "system:serviceaccounts:team-a",
            "system:authenticated"
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// Input

#[test]
fn stdin_reads_manifests() {
    let mut input = String::new();
    for name in ["kubeflow-roles.yaml", "kserve-roles.yaml", "profiles.yaml"] {
        input.push_str("---\n");
        input.push_str(&read_repository_file(&format!("{EXAMPLE}/{name}")));
        input.push('\n');
    }
    let run = run_with_stdin(
        "can-i create isvc -n team-a --as alice@example.com -f - -o json",
        &input,
    );
    assert_eq!(run.code, 0, "{run:?}");
    let location = &parse_json(&run)["trace"]["role"]["location"];
    assert_eq!(location["file"], "<stdin>");
}

#[test]
fn stdin_given_twice_rejected() {
    let run = run_with_stdin("check -f - -f -", "");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("more than once"), "{}", run.stderr);
}

#[test]
fn directory_reads_manifest_files() {
    let run = run("check -f FX/tree -o json");
    assert_eq!(run.code, 1, "the broken overlay fails the check: {run:?}");
    let report = parse_json(&run);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        vec!["load/not-a-kubernetes-object", "load/invalid-yaml"]
    );
    assert_eq!(report["summary"]["documents"], 4);
    assert_eq!(report["kinds"]["ClusterRole"]["count"], 1);
}

#[test]
fn directory_exclude_leaves_out() {
    let line = "check -f FX/tree --exclude **/kustomization.yaml --exclude **/overlays -o json";
    let run = run(line);
    assert_eq!(run.code, 0, "{run:?}");
    let report = parse_json(&run);
    assert_eq!(report["diagnostics"], json!([]));
    assert_eq!(report["summary"]["documents"], 2);

    let line = "can-i list isvc -n team-a --as reader@example.com -f FX/tree --exclude **/overlays";
    let decision = self::run(line);
    assert_eq!(decision.code, 0, "{decision:?}");
}

#[test]
fn invalid_exclude_exits_two() {
    let run = run("check -f EX --exclude a[b");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--exclude"), "{}", run.stderr);
}

#[test]
fn non_utf8_file_reported() {
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-non-utf8");
    std::fs::create_dir_all(&directory).unwrap();
    let path = directory.join("latin1.yaml");
    let latin1 = b"apiVersion: v1\nkind: Namespace\nmetadata: {name: caf\xe9}\n";
    std::fs::write(&path, latin1).unwrap();

    let mut arguments = arguments("check -f EX -o json");
    arguments.push("-f".to_owned());
    arguments.push(path.to_str().unwrap().to_owned());
    let run = run_arguments(&arguments);
    assert_eq!(run.code, 1, "{run:?}");
    let report = parse_json(&run);
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["code"], "load/unreadable-file");
    assert_eq!(diagnostic["location"]["line"], 3);
    assert_eq!(report["kinds"]["Profile"]["count"], 2);
}

// ---------------------------------------------------------------------------------------------
// Colour

fn has_escape(text: &str) -> bool {
    text.contains('\u{1b}')
}

#[test]
fn piped_output_has_no_color() {
    let can_i = run("can-i create isvc -n team-b --as alice@example.com -f EX");
    assert!(!has_escape(&can_i.stdout), "{:?}", can_i.stdout);
    assert!(!has_escape(&can_i.stderr), "{:?}", can_i.stderr);
    let check = run("check -f FX/broken.yaml");
    assert!(!has_escape(&check.stdout), "{:?}", check.stdout);

    let forced = run("--color always check -f FX/broken.yaml");
    assert!(
        has_escape(&forced.stdout),
        "--color always colours: {:?}",
        forced.stdout
    );
    let never = run("--color never can-i create isvc -n team-a --as alice@example.com -f EX");
    assert_eq!(never.stdout, "yes\n");
}

/// Runs the binary in a pseudo-terminal through util-linux `script`. Returns `None` when
/// `script` is not installed.
fn run_in_terminal(line: &str, no_color: bool) -> Option<String> {
    let binary = env!("CARGO_BIN_EXE_kserve-rbac");
    let command_line = format!("{binary} {}", arguments(line).join(" "));
    let mut script = Command::new("script");
    script
        .args(["-q", "-e", "-c", &command_line, "/dev/null"])
        .current_dir(repository())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    if no_color {
        script.env("NO_COLOR", "1");
    }
    let output = script.output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn terminal_color_respects_no_color() {
    let line = "can-i create isvc -n team-a --as alice@example.com -f EX";
    let Some(colored) = run_in_terminal(line, false) else {
        println!("skipped: util-linux script is not installed");
        return;
    };
    assert!(has_escape(&colored), "a terminal gets colour: {colored:?}");
    let plain = run_in_terminal(line, true).unwrap();
    assert!(!has_escape(&plain), "NO_COLOR turns colour off: {plain:?}");
    assert_eq!(plain.trim_end(), "yes");
}

// ---------------------------------------------------------------------------------------------
// review, aggregate and generate

fn yaml_documents(text: &str) -> Vec<&str> {
    text.split("---\n")
        .filter(|d| !d.trim().is_empty())
        .collect()
}

#[test]
fn review_prints_status() {
    let run = run("review FX/reviews-mixed.yaml -f EX");
    assert_eq!(run.code, 1, "a denied review exits 1: {run:?}");
    let reviews: Vec<SubjectAccessReview> = yaml_documents(&run.stdout)
        .into_iter()
        .map(|d| serde_yaml::from_str(d).expect("each document is a SubjectAccessReview"))
        .collect();
    assert_eq!(reviews.len(), 2);

    let first = reviews[0].status.as_ref().unwrap();
    assert!(first.allowed);
    assert_eq!(first.denied, None);
    let reason = first.reason.as_deref().unwrap();
    assert!(
        reason.starts_with(r#"RBAC: allowed by RoleBinding "namespaceAdmin/team-a""#),
        "{reason}"
    );

    let second = reviews[1].status.as_ref().unwrap();
    assert!(!second.allowed);
    assert_eq!(second.denied, None);
    let attributes = reviews[1].spec.resource_attributes.as_ref().unwrap();
    assert_eq!(attributes.namespace.as_deref(), Some("team-b"));
    assert_eq!(attributes.name.as_deref(), Some("sklearn-iris"));
}

#[test]
fn review_json_is_list() {
    let run = run("review FX/reviews-allowed.yaml -f EX -o json");
    assert_eq!(run.code, 0, "{run:?}");
    let list = parse_json(&run);
    assert_eq!(list["apiVersion"], "v1");
    assert_eq!(list["kind"], "List");
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        assert_eq!(item["kind"], "SubjectAccessReview");
        assert_eq!(item["apiVersion"], "authorization.k8s.io/v1");
        assert_eq!(item["status"]["allowed"], true);
        let typed: SubjectAccessReview = serde_json::from_value(item.clone()).unwrap();
        assert!(typed.status.unwrap().allowed);
    }
}

#[test]
fn review_uses_exact_groups() {
    // Without groups in the review, a binding to system:authenticated does not apply, unlike
    // can-i, which adds the group as impersonation does.
    let input = "apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec:\n  user: someone@example.com\n  nonResourceAttributes: {verb: get, path: /version}\n";
    let review = run_with_stdin("review - -f EX --bootstrap-policy -o json", input);
    assert_eq!(review.code, 1, "{review:?}");
    assert_eq!(parse_json(&review)["items"][0]["status"]["allowed"], false);
    let can_i = run("can-i get /version --as someone@example.com -f EX --bootstrap-policy");
    assert_eq!(can_i.code, 0, "{can_i:?}");
}

#[test]
fn review_from_stdin() {
    let reviews = read_repository_file(&format!("{FIXTURES}/reviews-mixed.yaml"));
    let run = run_with_stdin("review - -f EX", &reviews);
    assert_eq!(run.code, 1);
    assert_eq!(yaml_documents(&run.stdout).len(), 2);
    let both = run_with_stdin("review - -f -", &reviews);
    assert_eq!(both.code, 2);
}

#[test]
fn review_without_reviews_exits_two() {
    let run = run("review FX/urls.yaml -f EX");
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("SubjectAccessReview"), "{}", run.stderr);
}

#[test]
fn aggregate_reads_back() {
    let run = run("aggregate -f EX");
    assert_eq!(run.code, 0);
    let roles: Vec<ClusterRole> = yaml_documents(&run.stdout)
        .into_iter()
        .map(|d| serde_yaml::from_str(d).expect("each document is a ClusterRole"))
        .collect();
    let edit = roles
        .iter()
        .find(|r| r.metadata.name.as_deref() == Some("kubeflow-edit"))
        .expect("kubeflow-edit is printed");
    assert!(edit.aggregation_rule.is_some());
    let kserve_group = ["serving.kserve.io".to_owned()];
    let rules = edit.rules.as_deref().unwrap();
    assert!(rules.iter().any(|rule| {
        rule.api_groups.as_deref() == Some(&kserve_group[..])
            && rule.verbs.contains(&"create".to_owned())
    }));

    let listed = parse_json(&self::run("aggregate -f EX -o json"));
    assert_eq!(listed["kind"], "List");
    let items: Vec<ClusterRole> = serde_json::from_value(listed["items"].clone()).unwrap();
    assert_eq!(items, roles);
}

#[test]
fn generate_matches_library() {
    let run = run("generate");
    assert_eq!(run.code, 0);
    let roles = generate_roles(&GenerateOptions::default()).unwrap();
    let expected = render_roles(&roles, Format::Yaml).unwrap();
    assert_eq!(run.stdout, expected);
}

#[test]
fn generate_json_is_list() {
    let run = run("generate --release 0.14 --no-knative -o json");
    assert_eq!(run.code, 0);
    let list = parse_json(&run);
    assert_eq!(list["apiVersion"], "v1");
    assert_eq!(list["kind"], "List");
    let roles: Vec<ClusterRole> = serde_json::from_value(list["items"].clone()).unwrap();
    let names: Vec<&str> = roles
        .iter()
        .map(|r| r.metadata.name.as_deref().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "kubeflow-kserve-admin",
            "kubeflow-kserve-edit",
            "kubeflow-kserve-view"
        ]
    );
    assert_eq!(roles[1].rules.as_ref().unwrap().len(), 1);
}

#[test]
fn generate_invalid_release_exits_two() {
    let run = run("generate --release 0.7");
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: KServe release 0.7 is not supported"),
        "{}",
        run.stderr
    );
}
