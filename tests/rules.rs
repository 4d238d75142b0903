//! The checker's codes, one table row or more per code. Each row holds a manifest that breaks
//! the rule and the exact findings it must produce: severity, file, document, line, column,
//! object and field path. It also holds the corrected manifest, which must produce none, and
//! where the object can carry it, the `kserve-rbac.dev/ignore` annotation that must remove the
//! finding. A final test checks that every code of the registry has a row, so a new code
//! without one fails the suite.
//!
//! Lines and columns are 1-based and counted by hand from the inputs, whose lines carry their
//! numbers in trailing comments. A field's location is its key, and a list item's is the item.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use kserve_rbac::rules::{rule, RULES};
use kserve_rbac::{Diagnostic, Severity, SourceFile, Workspace};

/// Codes that no input of `Workspace::new` can produce, with the reason.
const COVERED_ELSEWHERE: &[(&str, &str)] = &[(
    "load/unreadable-file",
    "only the command-line tool reads bytes; a SourceFile holds a String, so it is always \
     UTF-8 (tests/cli.rs checks the finding)",
)];

/// kubeflow-admin, kubeflow-edit and kubeflow-view, covering KServe fully.
const KUBEFLOW_ROLES: &str = include_str!("fixtures/rules/kubeflow-roles.yaml");

// ---------------------------------------------------------------------------------------------
// The harness

/// One input file, as lines.
#[derive(Debug, Clone)]
struct Input {
    name: &'static str,
    lines: Vec<String>,
}

impl Input {
    fn source(&self) -> SourceFile {
        let mut text = self.lines.join("\n");
        text.push('\n');
        SourceFile::new(self.name, text)
    }
}

fn file(name: &'static str, lines: &[&str]) -> Input {
    Input {
        name,
        lines: lines.iter().map(|line| (*line).to_owned()).collect(),
    }
}

fn kubeflow_roles() -> Input {
    Input {
        name: "kubeflow-roles.yaml",
        lines: KUBEFLOW_ROLES.lines().map(str::to_owned).collect(),
    }
}

/// A change to one line of an input: replaced by `lines` (none deletes it), or, with `after`,
/// `lines` inserted below it.
#[derive(Debug, Clone)]
struct Edit {
    file: usize,
    line: usize,
    after: bool,
    lines: Vec<String>,
}

/// Applies edits, which name lines of the unedited inputs.
fn apply(inputs: &[Input], edits: &[Edit]) -> Vec<Input> {
    let mut inputs = inputs.to_vec();
    let mut edits = edits.to_vec();
    edits.sort_by_key(|edit| (edit.file, std::cmp::Reverse(edit.line)));
    for edit in edits {
        let lines = &mut inputs[edit.file].lines;
        assert!(
            edit.line >= 1 && edit.line <= lines.len(),
            "edit of line {} in a file of {} lines",
            edit.line,
            lines.len()
        );
        if edit.after {
            let at = edit.line;
            lines.splice(at..at, edit.lines);
        } else {
            let at = edit.line - 1;
            lines.splice(at..=at, edit.lines);
        }
    }
    inputs
}

/// One finding a failing input must produce.
#[derive(Debug, Clone)]
struct Expected {
    severity: Severity,
    /// File, document index, line and column.
    location: Option<(&'static str, usize, usize, Option<usize>)>,
    /// The object as `Kind namespace/name` or `Kind name`.
    object: Option<&'static str>,
    path: Option<&'static str>,
    /// Text the message contains.
    message: Vec<&'static str>,
    /// Text the help contains.
    help: Vec<&'static str>,
}

/// Builds the expectation of a finding at a line and column.
fn at(
    severity: Severity,
    file: &'static str,
    document: usize,
    line: usize,
    column: usize,
) -> Expected {
    Expected {
        severity,
        location: Some((file, document, line, Some(column))),
        object: None,
        path: None,
        message: Vec::new(),
        help: Vec::new(),
    }
}

/// Builds the expectation of a finding at a line whose column is unknown.
fn at_line(severity: Severity, file: &'static str, document: usize, line: usize) -> Expected {
    Expected {
        location: Some((file, document, line, None)),
        ..at(severity, file, document, line, 0)
    }
}

/// Builds the expectation of a finding with no location.
fn nowhere(severity: Severity) -> Expected {
    Expected {
        location: None,
        ..at(severity, "", 0, 0, 0)
    }
}

impl Expected {
    fn object(mut self, object: &'static str) -> Self {
        self.object = Some(object);
        self
    }

    fn path(mut self, path: &'static str) -> Self {
        self.path = Some(path);
        self
    }

    fn message(mut self, text: &'static str) -> Self {
        self.message.push(text);
        self
    }

    fn help(mut self, text: &'static str) -> Self {
        self.help.push(text);
        self
    }
}

/// One row of the table.
#[derive(Debug, Clone)]
struct Case {
    name: &'static str,
    code: &'static str,
    failing: Vec<Input>,
    expected: Vec<Expected>,
    /// Edits that turn the failing input into the corrected one.
    fixes: Vec<Edit>,
    /// Files the corrected input adds.
    added: Vec<Input>,
    /// The edit that adds the ignore annotation to the failing input.
    suppression: Option<Edit>,
    /// Other codes that the failing or the corrected input may report.
    others: &'static [&'static str],
}

impl Case {
    fn new(name: &'static str, code: &'static str, failing: Vec<Input>) -> Self {
        Self {
            name,
            code,
            failing,
            expected: Vec::new(),
            fixes: Vec::new(),
            added: Vec::new(),
            suppression: None,
            others: &[],
        }
    }

    fn expect(mut self, expected: Expected) -> Self {
        self.expected.push(expected);
        self
    }

    /// Replaces line `line` of input `file` in the corrected input.
    fn fix(mut self, file: usize, line: usize, lines: &[&str]) -> Self {
        self.fixes.push(Edit {
            file,
            line,
            after: false,
            lines: lines.iter().map(|l| (*l).to_owned()).collect(),
        });
        self
    }

    /// Adds a file to the corrected input.
    fn fix_add(mut self, input: Input) -> Self {
        self.added.push(input);
        self
    }

    /// Inserts `line`, which sets the ignore annotation, below line `after` of input `file`.
    fn suppress(mut self, file: usize, after: usize, line: &str) -> Self {
        self.suppression = Some(Edit {
            file,
            line: after,
            after: true,
            lines: vec![line.to_owned()],
        });
        self
    }

    fn others(mut self, codes: &'static [&'static str]) -> Self {
        self.others = codes;
        self
    }

    fn fixed(&self) -> Vec<Input> {
        let mut inputs = apply(&self.failing, &self.fixes);
        inputs.extend(self.added.iter().cloned());
        inputs
    }
}

fn load(inputs: &[Input]) -> Workspace {
    let sources: Vec<SourceFile> = inputs.iter().map(Input::source).collect();
    Workspace::new(&sources)
}

fn describe(diagnostic: &Diagnostic) -> String {
    let location = diagnostic.location.as_ref().map_or_else(
        || "no location".to_owned(),
        |l| format!("{l} (document {})", l.document),
    );
    let object = diagnostic
        .object
        .as_ref()
        .map_or_else(|| "no object".to_owned(), |o| o.display_name());
    format!(
        "{} {} at {location} on {object}, path {:?}: {} [help: {}]",
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.path,
        diagnostic.message,
        diagnostic.help.as_deref().unwrap_or_default()
    )
}

fn describe_all(diagnostics: &[Diagnostic]) -> String {
    let lines: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("    {}", describe(d)))
        .collect();
    if lines.is_empty() {
        "    (none)".to_owned()
    } else {
        lines.join("\n")
    }
}

/// Compares the findings of `code` with the expected ones, in order, and lists every difference.
fn compare(
    label: &str,
    diagnostics: &[Diagnostic],
    code: &str,
    expected: &[Expected],
) -> Vec<String> {
    let found: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code == code).collect();
    let mut problems = Vec::new();
    if found.len() != expected.len() {
        problems.push(format!(
            "{label}: expected {} finding(s) of {code}, found {}:\n{}",
            expected.len(),
            found.len(),
            describe_all(diagnostics)
        ));
        return problems;
    }
    for (index, (diagnostic, expected)) in found.iter().zip(expected).enumerate() {
        let mut differences = Vec::new();
        if diagnostic.severity != expected.severity {
            differences.push(format!(
                "severity {:?}, expected {:?}",
                diagnostic.severity, expected.severity
            ));
        }
        let location = diagnostic
            .location
            .as_ref()
            .map(|l| (l.file.to_string(), l.document, l.line, l.column));
        let wanted = expected
            .location
            .map(|(file, document, line, column)| (file.to_owned(), document, line, column));
        if location != wanted {
            differences.push(format!("location {location:?}, expected {wanted:?}"));
        }
        let object = diagnostic.object.as_ref().map(|o| o.display_name());
        if object.as_deref() != expected.object {
            differences.push(format!("object {object:?}, expected {:?}", expected.object));
        }
        if diagnostic.path.as_deref() != expected.path {
            differences.push(format!(
                "path {:?}, expected {:?}",
                diagnostic.path, expected.path
            ));
        }
        for text in &expected.message {
            if !diagnostic.message.contains(text) {
                differences.push(format!("message lacks {text:?}"));
            }
        }
        let help = diagnostic.help.as_deref().unwrap_or_default();
        for text in &expected.help {
            if !help.contains(text) {
                differences.push(format!("help lacks {text:?}"));
            }
        }
        if !differences.is_empty() {
            problems.push(format!(
                "{label}: finding {index} of {code} differs: {}\n    {}",
                differences.join("; "),
                describe(diagnostic)
            ));
        }
    }
    problems
}

/// Lists findings whose code is neither `code` nor one of `others`.
fn unexpected(label: &str, diagnostics: &[Diagnostic], code: &str, others: &[&str]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.code != code && !others.contains(&d.code))
        .map(|d| format!("{label}: unexpected finding {}", describe(d)))
        .collect()
}

fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Loading

fn load_cases() -> Vec<Case> {
    vec![
        Case::new(
            "syntax error after three documents",
            "load/invalid-yaml",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: v1",                           // 1
                    "kind: Namespace",                          // 2
                    "metadata: {name: one}",                    // 3
                    "---",                                      // 4
                    "apiVersion: v1",                           // 5
                    "kind: Namespace",                          // 6
                    "metadata: {name: two}",                    // 7
                    "---",                                      // 8
                    "---",                                      // 9
                    "apiVersion: v1",                           // 10
                    "kind: Namespace",                          // 11
                    "metadata: {name: three}",                  // 12
                    "---",                                      // 13
                    "# The fourth document is broken.",         // 14
                    "apiVersion: rbac.authorization.k8s.io/v1", // 15
                    "kind: ClusterRole",                        // 16
                    "metadata:",                                // 17
                    "  name: broken",                           // 18
                    "rules:",                                   // 19
                    r#"- apiGroups: [""]"#,                     // 20
                    "  resources: [pods]",                      // 21
                    "  verbs: [get, @list]",                    // 22
                ],
            )],
        )
        .expect(at(Severity::Error, "x.yaml", 3, 22, 16).message("invalid YAML in document 4"))
        .fix(0, 22, &["  verbs: [get, list]"]),
        Case::new(
            "string where a list belongs",
            "load/invalid-object",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: ClusterRole",                        // 2
                    "metadata:",                                // 3
                    "  name: reader",                           // 4
                    "rules:",                                   // 5
                    r#"- apiGroups: [""]"#,                     // 6
                    "  resources: [pods]",                      // 7
                    "  verbs: get",                             // 8
                ],
            )],
        )
        .expect(
            at(Severity::Error, "x.yaml", 0, 8, 10)
                .message(r#"ClusterRole "reader" does not fit its schema"#)
                .message("rules[0].verbs"),
        )
        .fix(0, 8, &["  verbs: [get]"]),
        Case::new(
            "list whose items are a mapping",
            "load/invalid-object",
            vec![file(
                "x.yaml",
                &[
                    "# An empty list.", // 1
                    "apiVersion: v1",   // 2
                    "kind: List",       // 3
                    "items: {}",        // 4
                ],
            )],
        )
        .expect(at(Severity::Error, "x.yaml", 0, 2, 1).message("not a sequence"))
        .fix(0, 4, &["items: []"]),
        Case::new(
            "kustomization without apiVersion and kind",
            "load/not-a-kubernetes-object",
            vec![file(
                "kustomization.yaml",
                &[
                    "# Built by kustomize.", // 1
                    "resources:",            // 2
                    "- roles.yaml",          // 3
                ],
            )],
        )
        .expect(at(Severity::Info, "kustomization.yaml", 0, 2, 1).message("document 1"))
        .fix(
            0,
            1,
            &[
                "# Built by kustomize.",
                "apiVersion: kustomize.config.k8s.io/v1beta1",
                "kind: Kustomization",
            ],
        ),
        Case::new(
            "RBAC v1beta1",
            "load/deprecated-api-version",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1beta1", // 1
                    "kind: ClusterRole",                             // 2
                    "metadata:",                                     // 3
                    "  name: reader",                                // 4
                    "rules:",                                        // 5
                    r#"- apiGroups: [""]"#,                          // 6
                    "  resources: [pods]",                           // 7
                    "  verbs: [get]",                                // 8
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 1, 1)
                .object("ClusterRole reader")
                .message("evaluated as rbac.authorization.k8s.io/v1")
                .help("change apiVersion to rbac.authorization.k8s.io/v1"),
        )
        .fix(0, 1, &["apiVersion: rbac.authorization.k8s.io/v1"]),
        Case::new(
            "CustomResourceDefinition v1beta1",
            "load/deprecated-api-version",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: apiextensions.k8s.io/v1beta1",    // 1
                    "kind: CustomResourceDefinition",              // 2
                    "metadata:",                                   // 3
                    "  name: widgets.example.com",                 // 4
                    "spec:",                                       // 5
                    "  group: example.com",                        // 6
                    "  names: {kind: Widget, plural: widgets}",    // 7
                    "  scope: Namespaced",                         // 8
                    "  versions:",                                 // 9
                    "  - {name: v1, served: true, storage: true}", // 10
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 1, 1)
                .object("CustomResourceDefinition widgets.example.com")
                .message("not a served version"),
        )
        .fix(0, 1, &["apiVersion: apiextensions.k8s.io/v1"]),
        // NOTE: the ignore annotation does not remove this finding, because the workspace
        // raises it while indexing, before suppression runs. So the row has no suppression.
        Case::new(
            "Role without namespace",
            "load/no-namespace",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: Role",                               // 2
                    "metadata:",                                // 3
                    "  name: reader",                           // 4
                    "rules:",                                   // 5
                    r#"- apiGroups: [""]"#,                     // 6
                    "  resources: [pods]",                      // 7
                    "  verbs: [get]",                           // 8
                ],
            )],
        )
        .expect(
            at(Severity::Info, "x.yaml", 0, 1, 1)
                .object("Role default/reader")
                .message("namespace default"),
        )
        .fix(0, 4, &["  name: reader", "  namespace: team"]),
        Case::new(
            "same ClusterRole in two files",
            "load/duplicate-object",
            vec![
                file(
                    "a.yaml",
                    &[
                        "apiVersion: rbac.authorization.k8s.io/v1", // 1
                        "kind: ClusterRole",                        // 2
                        "metadata:",                                // 3
                        "  name: reader",                           // 4
                        "rules:",                                   // 5
                        r#"- apiGroups: [""]"#,                     // 6
                        "  resources: [pods]",                      // 7
                        "  verbs: [get]",                           // 8
                    ],
                ),
                file(
                    "b.yaml",
                    &[
                        "# Services, under the same name as in a.yaml.", // 1
                        "apiVersion: rbac.authorization.k8s.io/v1",      // 2
                        "kind: ClusterRole",                             // 3
                        "metadata:",                                     // 4
                        "  name: reader",                                // 5
                        "rules:",                                        // 6
                        r#"- apiGroups: [""]"#,                          // 7
                        "  resources: [services]",                       // 8
                        "  verbs: [get]",                                // 9
                    ],
                ),
            ],
        )
        .expect(
            at(Severity::Warning, "b.yaml", 0, 2, 1)
                .object("ClusterRole reader")
                .message("defined first at a.yaml:1:1"),
        )
        .fix(1, 5, &["  name: service-reader"])
        .suppress(
            1,
            5,
            "  annotations: {kserve-rbac.dev/ignore: load/duplicate-object}",
        ),
        Case::new(
            "resourceName in a rule",
            "load/unknown-field",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: ClusterRole",                        // 2
                    "metadata:",                                // 3
                    "  name: reader",                           // 4
                    "rules:",                                   // 5
                    r#"- apiGroups: [""]"#,                     // 6
                    "  resources: [pods]",                      // 7
                    "  resourceName: [web]",                    // 8
                    "  verbs: [get]",                           // 9
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 8, 3)
                .object("ClusterRole reader")
                .path("rules[0].resourceName")
                .help(r#"did you mean "resourceNames"?"#),
        )
        .fix(0, 8, &["  resourceNames: [web]"])
        .suppress(
            0,
            4,
            "  annotations: {kserve-rbac.dev/ignore: load/unknown-field}",
        ),
        Case::new(
            "misspelled labels in metadata",
            "load/unknown-field",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: v1",  // 1
                    "kind: Namespace", // 2
                    "metadata:",       // 3
                    "  name: team",    // 4
                    "  lables:",       // 5
                    "    team: ml",    // 6
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 5, 3)
                .object("Namespace team")
                .path("metadata.lables")
                .help(r#"did you mean "labels"?"#),
        )
        .fix(0, 5, &["  labels:"])
        .suppress(
            0,
            4,
            "  annotations: {kserve-rbac.dev/ignore: load/unknown-field}",
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Bindings and aggregation, as the workspace indexes them

/// Writes an aggregating ClusterRole whose one requirement has the operator at line 9 and
/// `values: ["true"]` at line 10, and a role carrying the label it names.
fn selector_role(operator: &'static str) -> Vec<Input> {
    vec![file(
        "x.yaml",
        &[
            "apiVersion: rbac.authorization.k8s.io/v1",          // 1
            "kind: ClusterRole",                                 // 2
            "metadata:",                                         // 3
            "  name: ml-reader",                                 // 4
            "aggregationRule:",                                  // 5
            "  clusterRoleSelectors:",                           // 6
            "  - matchExpressions:",                             // 7
            "    - key: example.com/aggregate-to-ml-reader",     // 8
            operator,                                            // 9
            r#"      values: ["true"]"#,                         // 10
            "rules: []",                                         // 11
            "---",                                               // 12
            "apiVersion: rbac.authorization.k8s.io/v1",          // 13
            "kind: ClusterRole",                                 // 14
            "metadata:",                                         // 15
            "  name: model-reader",                              // 16
            "  labels:",                                         // 17
            r#"    example.com/aggregate-to-ml-reader: "true""#, // 18
            "rules:",                                            // 19
            "- apiGroups: [serving.kserve.io]",                  // 20
            "  resources: [inferenceservices]",                  // 21
            "  verbs: [get]",                                    // 22
        ],
    )]
}

fn index_cases() -> Vec<Case> {
    vec![
        // NOTE: the ignore annotation does not remove missing-role findings, which the
        // workspace raises while indexing, before suppression runs.
        Case::new(
            "RoleBinding to a missing Role",
            "rbac/missing-role",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: RoleBinding",                        // 2
                    "metadata:",                                // 3
                    "  name: readers",                          // 4
                    "  namespace: team",                        // 5
                    "roleRef:",                                 // 6
                    "  apiGroup: rbac.authorization.k8s.io",    // 7
                    "  kind: Role",                             // 8
                    "  name: reader",                           // 9
                    "subjects:",                                // 10
                    "- kind: User",                             // 11
                    "  apiGroup: rbac.authorization.k8s.io",    // 12
                    "  name: alice",                            // 13
                ],
            )],
        )
        .expect(
            at(Severity::Error, "x.yaml", 0, 1, 1)
                .object("RoleBinding team/readers")
                .message(r#"role.rbac.authorization.k8s.io "reader" not found"#)
                .help(r#"add Role "reader" to the input"#),
        )
        .fix_add(file(
            "role.yaml",
            &[
                "apiVersion: rbac.authorization.k8s.io/v1",
                "kind: Role",
                "metadata:",
                "  name: reader",
                "  namespace: team",
                "rules:",
                r#"- apiGroups: [""]"#,
                "  resources: [pods]",
                "  verbs: [get]",
            ],
        )),
        Case::new(
            "Profile without Kubeflow's roles",
            "rbac/missing-role",
            vec![file(
                "profile.yaml",
                &[
                    "apiVersion: kubeflow.org/v1", // 1
                    "kind: Profile",               // 2
                    "metadata:",                   // 3
                    "  name: team",                // 4
                    "spec:",                       // 5
                    "  owner:",                    // 6
                    "    kind: User",              // 7
                    "    name: alice@example.com", // 8
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "profile.yaml", 0, 1, 1)
                .object("RoleBinding team/namespaceAdmin")
                .message(r#"ClusterRole "kubeflow-admin""#)
                .message(r#"implied by Profile "team""#),
        )
        .expect(
            at(Severity::Warning, "profile.yaml", 0, 1, 1)
                .object("RoleBinding team/default-editor")
                .message(r#"ClusterRole "kubeflow-edit""#),
        )
        .expect(
            at(Severity::Warning, "profile.yaml", 0, 1, 1)
                .object("RoleBinding team/default-viewer")
                .message(r#"ClusterRole "kubeflow-view""#),
        )
        .fix_add(kubeflow_roles()),
        // NOTE: the ignore annotation does not remove this finding either (see missing-role).
        Case::new(
            "Exists with values",
            "rbac/invalid-label-selector",
            selector_role("      operator: Exists"),
        )
        .expect(
            at(Severity::Error, "x.yaml", 0, 1, 1)
                .object("ClusterRole ml-reader")
                .message("operator Exists takes no values"),
        )
        .fix(0, 10, &[]),
        // The rejected selector aggregates nothing, so the label it names is unused too.
        Case::new(
            "unknown selector operator",
            "rbac/invalid-label-selector",
            selector_role("      operator: Equals"),
        )
        .expect(
            at(Severity::Error, "x.yaml", 0, 1, 1)
                .object("ClusterRole ml-reader")
                .message(r#"unknown operator "Equals""#),
        )
        .fix(0, 9, &["      operator: In"])
        .others(&["rbac/aggregation-label-unused"]),
        // Each role selects the next in name order, so every pass rotates the rules one step.
        Case::new(
            "ring of three aggregating roles",
            "rbac/aggregation-not-settled",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: ClusterRole",                        // 2
                    "metadata:",                                // 3
                    "  name: ring-a",                           // 4
                    "  labels: {example.com/ring: a}",          // 5
                    "aggregationRule:",                         // 6
                    "  clusterRoleSelectors:",                  // 7
                    "  - matchLabels: {example.com/ring: b}",   // 8
                    r#"rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]"#, // 9
                    "---",                                      // 10
                    "apiVersion: rbac.authorization.k8s.io/v1", // 11
                    "kind: ClusterRole",                        // 12
                    "metadata:",                                // 13
                    "  name: ring-b",                           // 14
                    "  labels: {example.com/ring: b}",          // 15
                    "aggregationRule:",                         // 16
                    "  clusterRoleSelectors:",                  // 17
                    "  - matchLabels: {example.com/ring: c}",   // 18
                    r#"rules: [{apiGroups: [""], resources: [services], verbs: [get]}]"#, // 19
                    "---",                                      // 20
                    "apiVersion: rbac.authorization.k8s.io/v1", // 21
                    "kind: ClusterRole",                        // 22
                    "metadata:",                                // 23
                    "  name: ring-c",                           // 24
                    "  labels: {example.com/ring: c}",          // 25
                    "aggregationRule:",                         // 26
                    "  clusterRoleSelectors:",                  // 27
                    "  - matchLabels: {example.com/ring: a}",   // 28
                    r#"rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]"#, // 29
                ],
            )],
        )
        .expect(nowhere(Severity::Warning).message("did not settle"))
        .fix(0, 26, &[])
        .fix(0, 27, &[])
        .fix(0, 28, &[])
        .others(&["rbac/rules-in-aggregating-role"]),
    ]
}

// ---------------------------------------------------------------------------------------------
// Resources that rules name

/// Writes a ClusterRole named `reader` whose rules start at line 6.
fn reader_role(rules: &[&'static str]) -> Vec<Input> {
    let mut lines = vec![
        "apiVersion: rbac.authorization.k8s.io/v1", // 1
        "kind: ClusterRole",                        // 2
        "metadata:",                                // 3
        "  name: reader",                           // 4
        "rules:",                                   // 5
    ];
    lines.extend_from_slice(rules);
    vec![file("x.yaml", &lines)]
}

/// Returns `inputs` with line `line` of input `file` replaced by `lines`.
fn edited(inputs: Vec<Input>, file: usize, line: usize, lines: &[&str]) -> Vec<Input> {
    let edit = Edit {
        file,
        line,
        after: false,
        lines: lines.iter().map(|l| (*l).to_owned()).collect(),
    };
    apply(&inputs, &[edit])
}

const IGNORE_LINE: usize = 4;

fn resource_cases() -> Vec<Case> {
    vec![
        Case::new(
            "misspelled KServe resource",
            "rbac/unknown-resource",
            reader_role(&[
                "- apiGroups: [serving.kserve.io]",
                "  resources: [inferenceservices, inferencegrahps]",
                "  verbs: [get]",
            ]),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 7, 34)
                .object("ClusterRole reader")
                .path("rules[0].resources[1]")
                .message(r#"unknown resource "inferencegrahps" in API group serving.kserve.io"#)
                .help(r#"did you mean "inferencegraphs"?"#),
        )
        .fix(0, 7, &["  resources: [inferenceservices, inferencegraphs]"])
        .suppress(
            0,
            IGNORE_LINE,
            "  annotations: {kserve-rbac.dev/ignore: rbac/unknown-resource}",
        ),
        Case::new(
            "misspelled core resource in a block list",
            "rbac/unknown-resource",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: ClusterRole",                        // 2
                    "metadata:",                                // 3
                    "  name: reader",                           // 4
                    "rules:",                                   // 5
                    "- apiGroups:",                             // 6
                    r#"  - """#,                                // 7
                    "  resources:",                             // 8
                    "  - configmaps",                           // 9
                    "  - secretz",                              // 10
                    "  verbs: [get]",                           // 11
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 10, 5)
                .object("ClusterRole reader")
                .path("rules[0].resources[1]")
                .help(r#"did you mean "secrets"?"#),
        )
        .fix(0, 10, &["  - secrets"]),
        Case::new(
            "kind and singular for the plural",
            "rbac/resource-not-plural",
            reader_role(&[
                "- apiGroups: [serving.kserve.io]",
                "  resources: [InferenceService, inferenceservice/status]",
                "  verbs: [get]",
            ]),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 7, 15)
                .object("ClusterRole reader")
                .path("rules[0].resources[0]")
                .message(r#"use "inferenceservices""#),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 7, 33)
                .object("ClusterRole reader")
                .path("rules[0].resources[1]")
                .message(r#"use "inferenceservices/status""#),
        )
        .fix(
            0,
            7,
            &["  resources: [inferenceservices, inferenceservices/status]"],
        )
        .suppress(
            0,
            IGNORE_LINE,
            "  annotations: {kserve-rbac.dev/ignore: rbac/resource-not-plural}",
        ),
        Case::new(
            "deployments in the core group",
            "rbac/wrong-api-group",
            reader_role(&[
                r#"- apiGroups: [""]"#,
                "  resources: [pods, deployments]",
                "  verbs: [get]",
            ]),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 7, 21)
                .object("ClusterRole reader")
                .path("rules[0].resources[1]")
                .message(
                    r#"resource "deployments" is not served by API group "" (core); it is in apps"#,
                ),
        )
        .fix(0, 7, &["  resources: [pods]"])
        .fix(
            0,
            8,
            &[
                "  verbs: [get]",
                "- apiGroups: [apps]",
                "  resources: [deployments]",
                "  verbs: [get]",
            ],
        )
        .suppress(
            0,
            IGNORE_LINE,
            "  annotations: {kserve-rbac.dev/ignore: rbac/wrong-api-group}",
        ),
        Case::new(
            "KFServing's group",
            "rbac/legacy-api-group",
            reader_role(&[
                "- apiGroups: [serving.kubeflow.org]",
                "  resources: [inferenceservices]",
                "  verbs: [get]",
            ]),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 6, 15)
                .object("ClusterRole reader")
                .path("rules[0].apiGroups[0]")
                .help("change the group to serving.kserve.io"),
        )
        .fix(0, 6, &["- apiGroups: [serving.kserve.io]"])
        .suppress(
            0,
            IGNORE_LINE,
            "  annotations: {kserve-rbac.dev/ignore: rbac/legacy-api-group}",
        ),
        Case::new(
            "scale of an InferenceService",
            "rbac/unknown-subresource",
            reader_role(&[
                "- apiGroups: [serving.kserve.io]",
                "  resources: [inferenceservices/scale, inferenceservices/finalizers]",
                "  verbs: [update]",
            ]),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 7, 15)
                .object("ClusterRole reader")
                .path("rules[0].resources[0]")
                .message(r#"inferenceservices has no subresource "scale""#)
                .help("the subresources of inferenceservices are: status"),
        )
        .fix(
            0,
            7,
            &["  resources: [inferenceservices/status, inferenceservices/finalizers]"],
        )
        .suppress(
            0,
            IGNORE_LINE,
            "  annotations: {kserve-rbac.dev/ignore: rbac/unknown-subresource}",
        ),
        Case::new(
            "clusterservingruntimes in a Role",
            "rbac/cluster-scoped-resource-in-namespace",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: Role",                               // 2
                    "metadata:",                                // 3
                    "  name: runtime-reader",                   // 4
                    "  namespace: team",                        // 5
                    "rules:",                                   // 6
                    "- apiGroups: [serving.kserve.io]",         // 7
                    "  resources: [servingruntimes, clusterservingruntimes]", // 8
                    "  verbs: [get]",                           // 9
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 8, 32)
                .object("Role team/runtime-reader")
                .path("rules[0].resources[1]")
                .message("cluster-scoped clusterservingruntimes through a Role"),
        )
        .fix(0, 8, &["  resources: [servingruntimes]"])
        .suppress(
            0,
            5,
            "  annotations: {kserve-rbac.dev/ignore: rbac/cluster-scoped-resource-in-namespace}",
        ),
        Case::new(
            "namespaces in a ClusterRole bound in a namespace",
            "rbac/cluster-scoped-resource-in-namespace",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: ClusterRole",                        // 2
                    "metadata:",                                // 3
                    "  name: namespace-reader",                 // 4
                    "rules:",                                   // 5
                    r#"- apiGroups: [""]"#,                     // 6
                    "  resources:",                             // 7
                    "  - configmaps",                           // 8
                    "  - namespaces",                           // 9
                    "  verbs: [list, watch]",                   // 10
                    "---",                                      // 11
                    "apiVersion: rbac.authorization.k8s.io/v1", // 12
                    "kind: RoleBinding",                        // 13
                    "metadata:",                                // 14
                    "  name: namespace-readers",                // 15
                    "  namespace: team",                        // 16
                    "roleRef:",                                 // 17
                    "  apiGroup: rbac.authorization.k8s.io",    // 18
                    "  kind: ClusterRole",                      // 19
                    "  name: namespace-reader",                 // 20
                    "subjects:",                                // 21
                    "- kind: Group",                            // 22
                    "  apiGroup: rbac.authorization.k8s.io",    // 23
                    "  name: ml-team",                          // 24
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 9, 5)
                .object("ClusterRole namespace-reader")
                .path("rules[0].resources[1]")
                .message("through 1 RoleBinding (such as RoleBinding team/namespace-readers)"),
        )
        .fix(0, 13, &["kind: ClusterRoleBinding"])
        .fix(0, 16, &[])
        .suppress(
            0,
            4,
            "  annotations: {kserve-rbac.dev/ignore: rbac/cluster-scoped-resource-in-namespace}",
        ),
        Case::new(
            "clusterservingruntimes aggregated into a role bound in a namespace",
            "rbac/cluster-scoped-resource-in-namespace",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: ClusterRole",                        // 2
                    "metadata:",                                // 3
                    "  name: runtime-reader",                   // 4
                    "  labels:",                                // 5
                    r#"    example.com/ml-edit: "true""#,       // 6
                    "rules:",                                   // 7
                    "- apiGroups: [serving.kserve.io]",         // 8
                    "  resources: [inferenceservices, clusterservingruntimes]", // 9
                    "  verbs: [get]",                           // 10
                    "---",                                      // 11
                    "apiVersion: rbac.authorization.k8s.io/v1", // 12
                    "kind: ClusterRole",                        // 13
                    "metadata:",                                // 14
                    "  name: ml-edit",                          // 15
                    "aggregationRule:",                         // 16
                    "  clusterRoleSelectors:",                  // 17
                    r#"  - matchLabels: {example.com/ml-edit: "true"}"#, // 18
                    "---",                                      // 19
                    "apiVersion: rbac.authorization.k8s.io/v1", // 20
                    "kind: RoleBinding",                        // 21
                    "metadata:",                                // 22
                    "  name: ml-editors",                       // 23
                    "  namespace: team",                        // 24
                    "roleRef:",                                 // 25
                    "  apiGroup: rbac.authorization.k8s.io",    // 26
                    "  kind: ClusterRole",                      // 27
                    "  name: ml-edit",                          // 28
                    "subjects:",                                // 29
                    "- kind: Group",                            // 30
                    "  apiGroup: rbac.authorization.k8s.io",    // 31
                    "  name: ml-team",                          // 32
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 9, 34)
                .object("ClusterRole runtime-reader")
                .path("rules[0].resources[1]")
                .message("RoleBinding team/ml-editors of aggregating ClusterRole ml-edit"),
        )
        .fix(0, 21, &["kind: ClusterRoleBinding"])
        .fix(0, 24, &[])
        .suppress(
            0,
            4,
            "  annotations: {kserve-rbac.dev/ignore: rbac/cluster-scoped-resource-in-namespace}",
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Roles: aggregation, tiers and rule shapes

/// Writes a ClusterRole named `tier-role` with one label (line 6) and one rule (lines 8 to 10).
fn labelled_role(label: &'static str, rule: [&'static str; 3]) -> Vec<Input> {
    vec![file(
        "x.yaml",
        &[
            "apiVersion: rbac.authorization.k8s.io/v1", // 1
            "kind: ClusterRole",                        // 2
            "metadata:",                                // 3
            "  name: tier-role",                        // 4
            "  labels:",                                // 5
            label,                                      // 6
            "rules:",                                   // 7
            rule[0],                                    // 8
            rule[1],                                    // 9
            rule[2],                                    // 10
        ],
    )]
}

const EDIT_LABEL: &str =
    r#"    rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit: "true""#;

fn aggregation_cases() -> Vec<Case> {
    let aggregating = |rules: &'static str| {
        vec![file(
            "x.yaml",
            &[
                "apiVersion: rbac.authorization.k8s.io/v1", // 1
                "kind: ClusterRole",                        // 2
                "metadata:",                                // 3
                "  name: ml-reader",                        // 4
                "aggregationRule:",                         // 5
                "  clusterRoleSelectors:",                  // 6
                "  - matchLabels:",                         // 7
                r#"      example.com/ml-reader: "true""#,   // 8
                rules,                                      // 9
                "---",                                      // 10
                "apiVersion: rbac.authorization.k8s.io/v1", // 11
                "kind: ClusterRole",                        // 12
                "metadata:",                                // 13
                "  name: model-reader",                     // 14
                "  labels:",                                // 15
                r#"    example.com/ml-reader: "true""#,     // 16
                "rules:",                                   // 17
                "- apiGroups: [serving.kserve.io]",         // 18
                "  resources: [inferenceservices]",         // 19
                "  verbs: [get]",                           // 20
            ],
        )]
    };
    let unused_label = || {
        vec![file(
            "x.yaml",
            &[
                "apiVersion: rbac.authorization.k8s.io/v1",          // 1
                "kind: ClusterRole",                                 // 2
                "metadata:",                                         // 3
                "  name: model-reader",                              // 4
                "  labels:",                                         // 5
                r#"    example.com/aggregate-to-ml-reader: "true""#, // 6
                "rules:",                                            // 7
                "- apiGroups: [serving.kserve.io]",                  // 8
                "  resources: [inferenceservices]",                  // 9
                "  verbs: [get]",                                    // 10
            ],
        )]
    };
    let unused_expected = || {
        at(Severity::Info, "x.yaml", 0, 6, 5)
            .object("ClusterRole model-reader")
            .path(r#"metadata.labels["example.com/aggregate-to-ml-reader"]"#)
            .message("which no aggregating ClusterRole in the input selects")
    };
    vec![
        Case::new(
            "aggregating role with rules of its own",
            "rbac/rules-in-aggregating-role",
            aggregating(r#"rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]"#),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 9, 1)
                .object("ClusterRole ml-reader")
                .path("rules"),
        )
        .fix(0, 9, &["rules: []"])
        .suppress(0, 4, "  annotations: {kserve-rbac.dev/ignore: rbac/rules-in-aggregating-role}"),
        Case::new(
            "selector for a misspelled label",
            "rbac/selector-matches-nothing",
            edited(aggregating("rules: []"), 0, 16, &[r#"    example.com/ml-readers: "true""#]),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 5, 1)
                .object("ClusterRole ml-reader")
                .path("aggregationRule"),
        )
        .fix(0, 16, &[r#"    example.com/ml-reader: "true""#])
        .suppress(0, 4, "  annotations: {kserve-rbac.dev/ignore: rbac/selector-matches-nothing}"),
        Case::new(
            "aggregate-to label with no selector (matchLabels)",
            "rbac/aggregation-label-unused",
            unused_label(),
        )
        .expect(unused_expected())
        .fix_add(file(
            "aggregating.yaml",
            &[
                "apiVersion: rbac.authorization.k8s.io/v1",
                "kind: ClusterRole",
                "metadata:",
                "  name: ml-reader",
                "aggregationRule:",
                "  clusterRoleSelectors:",
                r#"  - matchLabels: {example.com/aggregate-to-ml-reader: "true"}"#,
            ],
        ))
        .suppress(0, 4, "  annotations: {kserve-rbac.dev/ignore: rbac/aggregation-label-unused}"),
        Case::new(
            "aggregate-to label with no selector (matchExpressions)",
            "rbac/aggregation-label-unused",
            unused_label(),
        )
        .expect(unused_expected())
        .fix_add(file(
            "aggregating.yaml",
            &[
                "apiVersion: rbac.authorization.k8s.io/v1",
                "kind: ClusterRole",
                "metadata:",
                "  name: ml-reader",
                "aggregationRule:",
                "  clusterRoleSelectors:",
                "  - matchExpressions:",
                "    - {key: example.com/aggregate-to-ml-reader, operator: Exists}",
            ],
        )),
        Case::new(
            "Kubernetes prefix on a Kubeflow target",
            "rbac/aggregation-label-misspelled",
            labelled_role(
                r#"    rbac.authorization.k8s.io/aggregate-to-kubeflow-edit: "true""#,
                [
                    "- apiGroups: [serving.kserve.io]",
                    "  resources: [inferenceservices]",
                    "  verbs: [get, list, watch, create]",
                ],
            ),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 6, 5)
                .object("ClusterRole tier-role")
                .path(r#"metadata.labels["rbac.authorization.k8s.io/aggregate-to-kubeflow-edit"]"#)
                .help("rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit"),
        )
        .fix(0, 6, &[EDIT_LABEL])
        .suppress(0, 4, "  annotations: {kserve-rbac.dev/ignore: rbac/aggregation-label-misspelled}"),
        Case::new(
            "label value True",
            "rbac/aggregation-label-misspelled",
            labelled_role(
                r#"    rbac.authorization.kubeflow.org/aggregate-to-kubeflow-view: "True""#,
                [
                    "- apiGroups: [serving.kserve.io]",
                    "  resources: [inferenceservices]",
                    "  verbs: [get, list, watch]",
                ],
            ),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 6, 5)
                .object("ClusterRole tier-role")
                .path(r#"metadata.labels["rbac.authorization.kubeflow.org/aggregate-to-kubeflow-view"]"#)
                .message(r#"="True""#)
                .help(r#"set the value to "true""#),
        )
        .fix(0, 6, &[r#"    rbac.authorization.kubeflow.org/aggregate-to-kubeflow-view: "true""#])
        .suppress(0, 4, "  annotations: {kserve-rbac.dev/ignore: rbac/aggregation-label-misspelled}"),
    ]
}

fn tier_cases() -> Vec<Case> {
    vec![
        Case::new(
            "create in the view tier",
            "rbac/view-tier-write-verbs",
            labelled_role(
                r#"    rbac.authorization.kubeflow.org/aggregate-to-kubeflow-view: "true""#,
                [
                    "- apiGroups: [serving.kserve.io]",
                    "  resources: [inferenceservices]",
                    "  verbs: [get, list, watch, create]",
                ],
            ),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 10, 3)
                .object("ClusterRole tier-role")
                .path("rules[0].verbs")
                .message("rule 0 grants create"),
        )
        .fix(0, 10, &["  verbs: [get, list, watch]"])
        .suppress(
            0,
            4,
            "  annotations: {kserve-rbac.dev/ignore: rbac/view-tier-write-verbs}",
        ),
        Case::new(
            "wildcards in the edit tier",
            "rbac/wildcard",
            labelled_role(
                EDIT_LABEL,
                [
                    "- apiGroups: [serving.kserve.io]",
                    r#"  resources: ["*"]"#,
                    r#"  verbs: ["*"]"#,
                ],
            ),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 9, 15)
                .object("ClusterRole tier-role")
                .path("rules[0].resources[0]")
                .message(r#""*" in resources to the kubeflow-edit tier"#),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 10, 11)
                .object("ClusterRole tier-role")
                .path("rules[0].verbs[0]")
                .message(r#""*" in verbs"#),
        )
        .fix(0, 9, &["  resources: [inferenceservices, servingruntimes]"])
        .fix(
            0,
            10,
            &["  verbs: [get, list, watch, create, update, patch, delete]"],
        )
        .suppress(
            0,
            4,
            "  annotations: {kserve-rbac.dev/ignore: rbac/wildcard}",
        ),
        Case::new(
            "bind, escalate and impersonate in the admin tier",
            "rbac/escalation-verb",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: ClusterRole",                        // 2
                    "metadata:",                                // 3
                    "  name: tier-role",                        // 4
                    "  labels:",                                // 5
                    r#"    rbac.authorization.kubeflow.org/aggregate-to-kubeflow-admin: "true""#, // 6
                    "rules:",                                        // 7
                    "- apiGroups: [rbac.authorization.k8s.io]",      // 8
                    "  resources: [rolebindings, roles]",            // 9
                    "  verbs: [get, list, create, bind, escalate]",  // 10
                    r#"- apiGroups: [""]"#,                          // 11
                    "  resources: [users, groups, serviceaccounts]", // 12
                    "  verbs: [impersonate]",                        // 13
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 10, 30)
                .object("ClusterRole tier-role")
                .path("rules[0].verbs[3]")
                .message("grants bind to the kubeflow-admin tier"),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 10, 36)
                .object("ClusterRole tier-role")
                .path("rules[0].verbs[4]")
                .message("grants escalate"),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 13, 11)
                .object("ClusterRole tier-role")
                .path("rules[1].verbs[0]")
                .message("grants impersonate"),
        )
        .fix(0, 10, &["  verbs: [get, list, create]"])
        .fix(0, 11, &[])
        .fix(0, 12, &[])
        .fix(0, 13, &[])
        .suppress(
            0,
            4,
            "  annotations: {kserve-rbac.dev/ignore: rbac/escalation-verb}",
        ),
        Case::new(
            "secrets, exec, attach and tokens in the edit tier",
            "rbac/sensitive-access",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: ClusterRole",                        // 2
                    "metadata:",                                // 3
                    "  name: tier-role",                        // 4
                    "  labels:",                                // 5
                    EDIT_LABEL,                                 // 6
                    "rules:",                                   // 7
                    r#"- apiGroups: [""]"#,                     // 8
                    "  resources:",                             // 9
                    "  - secrets",                              // 10
                    "  - pods/exec",                            // 11
                    "  - pods/attach",                          // 12
                    "  - serviceaccounts/token",                // 13
                    "  - configmaps",                           // 14
                    "  verbs: [get, create]",                   // 15
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 10, 5)
                .object("ClusterRole tier-role")
                .path("rules[0].resources[0]")
                .message("grants get, create on secrets to the kubeflow-edit tier"),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 11, 5)
                .object("ClusterRole tier-role")
                .path("rules[0].resources[1]")
                .message("on pods/exec"),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 12, 5)
                .object("ClusterRole tier-role")
                .path("rules[0].resources[2]")
                .message("on pods/attach"),
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 13, 5)
                .object("ClusterRole tier-role")
                .path("rules[0].resources[3]")
                .message("on serviceaccounts/token"),
        )
        .fix(0, 10, &[])
        .fix(0, 11, &[])
        .fix(0, 12, &[])
        .fix(0, 13, &[])
        .suppress(
            0,
            4,
            "  annotations: {kserve-rbac.dev/ignore: rbac/sensitive-access}",
        ),
    ]
}

fn rule_shape_cases() -> Vec<Case> {
    let ignore = "  annotations: {kserve-rbac.dev/ignore: rbac/invalid-rule}";
    vec![
        Case::new(
            "empty verbs",
            "rbac/invalid-rule",
            reader_role(&[
                r#"- apiGroups: [""]"#, // 6
                "  resources: [pods]",  // 7
                "  verbs: []",          // 8
            ]),
        )
        .expect(
            at(Severity::Error, "x.yaml", 0, 8, 3)
                .object("ClusterRole reader")
                .path("rules[0].verbs")
                .message("rule 0 is invalid: verbs is empty"),
        )
        .fix(0, 8, &["  verbs: [get]"])
        .suppress(0, IGNORE_LINE, ignore),
        Case::new(
            "resources and nonResourceURLs in one rule",
            "rbac/invalid-rule",
            reader_role(&[
                r#"- apiGroups: [""]"#,          // 6
                "  resources: [pods]",           // 7
                "  nonResourceURLs: [/healthz]", // 8
                "  verbs: [get]",                // 9
            ]),
        )
        .expect(
            at(Severity::Error, "x.yaml", 0, 8, 3)
                .object("ClusterRole reader")
                .path("rules[0].nonResourceURLs")
                .message("not both"),
        )
        .fix(0, 8, &[])
        .fix(
            0,
            9,
            &[
                "  verbs: [get]",
                "- nonResourceURLs: [/healthz]",
                "  verbs: [get]",
            ],
        )
        .suppress(0, IGNORE_LINE, ignore),
        Case::new(
            "neither resources nor nonResourceURLs",
            "rbac/invalid-rule",
            reader_role(&[
                r#"- apiGroups: [""]"#, // 6
                "  verbs: [get]",       // 7
            ]),
        )
        .expect(
            at(Severity::Error, "x.yaml", 0, 6, 3)
                .object("ClusterRole reader")
                .path("rules[0].resources")
                .message("needs resources or nonResourceURLs"),
        )
        .fix(0, 7, &["  resources: [pods]", "  verbs: [get]"])
        .suppress(0, IGNORE_LINE, ignore),
        Case::new(
            "resources without apiGroups",
            "rbac/invalid-rule",
            reader_role(&[
                "- resources: [pods]", // 6
                "  verbs: [get]",      // 7
            ]),
        )
        .expect(
            at(Severity::Error, "x.yaml", 0, 6, 3)
                .object("ClusterRole reader")
                .path("rules[0].apiGroups")
                .message(r#"use [""] for the core group"#),
        )
        .fix(0, 6, &[r#"- apiGroups: [""]"#, "  resources: [pods]"])
        .suppress(0, IGNORE_LINE, ignore),
        Case::new(
            "nonResourceURLs in a Role",
            "rbac/invalid-rule",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: Role",                               // 2
                    "metadata:",                                // 3
                    "  name: health",                           // 4
                    "  namespace: team",                        // 5
                    "rules:",                                   // 6
                    "- nonResourceURLs: [/healthz]",            // 7
                    "  verbs: [get]",                           // 8
                ],
            )],
        )
        .expect(
            at(Severity::Error, "x.yaml", 0, 7, 3)
                .object("Role team/health")
                .path("rules[0].nonResourceURLs")
                .message("allowed only in a ClusterRole"),
        )
        .fix(0, 2, &["kind: ClusterRole"])
        .fix(0, 5, &[])
        .suppress(0, 5, ignore),
    ]
}

// ---------------------------------------------------------------------------------------------
// Subjects

/// Writes a ClusterRole (document 0) and a binding to it (document 1) whose subjects start at line 19.
fn binding_to_reader(kind: &'static str, subjects: &[&'static str]) -> Vec<Input> {
    let mut lines = vec![
        "apiVersion: rbac.authorization.k8s.io/v1", // 1
        "kind: ClusterRole",                        // 2
        "metadata:",                                // 3
        "  name: isvc-reader",                      // 4
        "rules:",                                   // 5
        "- apiGroups: [serving.kserve.io]",         // 6
        "  resources: [inferenceservices]",         // 7
        "  verbs: [get]",                           // 8
        "---",                                      // 9
        "apiVersion: rbac.authorization.k8s.io/v1", // 10
        kind,                                       // 11
        "metadata:",                                // 12
        "  name: isvc-readers",                     // 13
        "  namespace: team",                        // 14
        "roleRef:",                                 // 15
        "  apiGroup: rbac.authorization.k8s.io",    // 16
        "  kind: ClusterRole",                      // 17
        "  name: isvc-reader",                      // 18
        "subjects:",                                // 19
    ];
    lines.extend_from_slice(subjects);
    vec![file("x.yaml", &lines)]
}

fn subject_cases() -> Vec<Case> {
    vec![
        Case::new(
            "ServiceAccount without namespace in a ClusterRoleBinding",
            "rbac/service-account-without-namespace",
            binding_to_reader(
                "kind: ClusterRoleBinding",
                &[
                    "- kind: User",                          // 20
                    "  apiGroup: rbac.authorization.k8s.io", // 21
                    "  name: alice",                         // 22
                    "- kind: ServiceAccount",                // 23
                    "  name: predictor",                     // 24
                ],
            ),
        )
        .expect(
            at(Severity::Error, "x.yaml", 1, 23, 3)
                .object("ClusterRoleBinding isvc-readers")
                .path("subjects[1]")
                .message(r#"ServiceAccount "predictor" without a namespace"#),
        )
        .fix(0, 24, &["  name: predictor", "  namespace: team"])
        .suppress(
            0,
            13,
            "  annotations: {kserve-rbac.dev/ignore: rbac/service-account-without-namespace}",
        ),
        Case::new(
            "lowercase and misspelled subject kinds",
            "rbac/invalid-subject-kind",
            binding_to_reader(
                "kind: RoleBinding",
                &[
                    "- kind: user",           // 20
                    "  name: alice",          // 21
                    "- kind: Serviceaccount", // 22
                    "  name: predictor",      // 23
                    "- kind: Grup",           // 24
                    "  name: ml-team",        // 25
                ],
            ),
        )
        .expect(
            at(Severity::Error, "x.yaml", 1, 20, 3)
                .object("RoleBinding team/isvc-readers")
                .path("subjects[0].kind")
                .message(r#"subject 0 has kind "user""#)
                .help(r#"did you mean "User"?"#),
        )
        .expect(
            at(Severity::Error, "x.yaml", 1, 22, 3)
                .object("RoleBinding team/isvc-readers")
                .path("subjects[1].kind")
                .help(r#"did you mean "ServiceAccount"?"#),
        )
        .expect(
            at(Severity::Error, "x.yaml", 1, 24, 3)
                .object("RoleBinding team/isvc-readers")
                .path("subjects[2].kind")
                .help(r#"did you mean "Group"?"#),
        )
        .fix(0, 20, &["- kind: User"])
        .fix(0, 22, &["- kind: ServiceAccount"])
        .fix(0, 24, &["- kind: Group"])
        .suppress(
            0,
            14,
            "  annotations: {kserve-rbac.dev/ignore: rbac/invalid-subject-kind}",
        ),
        Case::new(
            "apiGroup on a ServiceAccount and a version on a User",
            "rbac/invalid-subject-api-group",
            binding_to_reader(
                "kind: RoleBinding",
                &[
                    "- kind: ServiceAccount",                   // 20
                    "  apiGroup: rbac.authorization.k8s.io",    // 21
                    "  name: predictor",                        // 22
                    "  namespace: team",                        // 23
                    "- kind: User",                             // 24
                    "  apiGroup: rbac.authorization.k8s.io/v1", // 25
                    "  name: alice",                            // 26
                ],
            ),
        )
        .expect(
            at(Severity::Error, "x.yaml", 1, 21, 3)
                .object("RoleBinding team/isvc-readers")
                .path("subjects[0].apiGroup")
                .help(r#"for kind ServiceAccount the apiGroup is "" (leave it out)"#),
        )
        .expect(
            at(Severity::Error, "x.yaml", 1, 25, 3)
                .object("RoleBinding team/isvc-readers")
                .path("subjects[1].apiGroup")
                .help("for kind User the apiGroup is rbac.authorization.k8s.io"),
        )
        .fix(0, 21, &[])
        .fix(0, 25, &["  apiGroup: rbac.authorization.k8s.io"])
        .suppress(
            0,
            14,
            "  annotations: {kserve-rbac.dev/ignore: rbac/invalid-subject-api-group}",
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Kubeflow

/// Writes a Profile `team` owned by alice (document 0, lines 1 to 8) followed by `rest`, which starts
/// at line 9, and Kubeflow's roles in a second file.
fn profile_with(rest: &[&'static str]) -> Vec<Input> {
    let mut lines = vec![
        "apiVersion: kubeflow.org/v1", // 1
        "kind: Profile",               // 2
        "metadata:",                   // 3
        "  name: team",                // 4
        "spec:",                       // 5
        "  owner:",                    // 6
        "    kind: User",              // 7
        "    name: alice@example.com", // 8
    ];
    lines.extend_from_slice(rest);
    vec![file("team.yaml", &lines), kubeflow_roles()]
}

/// Bob's contributor RoleBinding in `team`, lines 9 to 25: name at 13, annotations at 15 to 17,
/// subjects from 22.
const BOB_CONTRIBUTOR: [&str; 17] = [
    "---",                                           // 9
    "apiVersion: rbac.authorization.k8s.io/v1",      // 10
    "kind: RoleBinding",                             // 11
    "metadata:",                                     // 12
    "  name: user-bob-example-com-clusterrole-edit", // 13
    "  namespace: team",                             // 14
    "  annotations:",                                // 15
    "    user: bob@example.com",                     // 16
    "    role: edit",                                // 17
    "roleRef:",                                      // 18
    "  apiGroup: rbac.authorization.k8s.io",         // 19
    "  kind: ClusterRole",                           // 20
    "  name: kubeflow-edit",                         // 21
    "subjects:",                                     // 22
    "- apiGroup: rbac.authorization.k8s.io",         // 23
    "  kind: User",                                  // 24
    "  name: bob@example.com",                       // 25
];

fn kubeflow_cases() -> Vec<Case> {
    let with_policy = |policy: &'static str| {
        let mut rest = BOB_CONTRIBUTOR.to_vec();
        rest.extend_from_slice(&[
            "---",                              // 26
            "apiVersion: security.istio.io/v1", // 27
            "kind: AuthorizationPolicy",        // 28
            "metadata:",                        // 29
            policy,                             // 30
            "  namespace: team",                // 31
            "spec: {}",                         // 32
        ]);
        profile_with(&rest)
    };
    let namespace = |annotation: &'static str| {
        profile_with(&[
            "---",             // 9
            "apiVersion: v1",  // 10
            "kind: Namespace", // 11
            "metadata:",       // 12
            "  name: team",    // 13
            "  annotations:",  // 14
            annotation,        // 15
        ])
    };
    vec![
        Case::new(
            "contributor binding with its own name",
            "kubeflow/contributor-binding-name",
            edited(profile_with(&BOB_CONTRIBUTOR), 0, 13, &["  name: bob-edit"]),
        )
        .expect(
            at(Severity::Warning, "team.yaml", 1, 10, 1)
                .object("RoleBinding team/bob-edit")
                .message("is not named user-bob-example-com-clusterrole-edit"),
        )
        .fix(0, 13, &["  name: user-bob-example-com-clusterrole-edit"])
        .suppress(0, 15, "    kserve-rbac.dev/ignore: kubeflow/contributor-binding-name"),
        Case::new(
            "contributor binding with two subjects",
            "kubeflow/contributor-subject-count",
            edited(
                profile_with(&BOB_CONTRIBUTOR),
                0,
                25,
                &[
                    "  name: bob@example.com",               // 25
                    "- apiGroup: rbac.authorization.k8s.io", // 26
                    "  kind: User",                          // 27
                    "  name: carol@example.com",             // 28
                ],
            ),
        )
        .expect(
            at(Severity::Error, "team.yaml", 1, 10, 1)
                .object("RoleBinding team/user-bob-example-com-clusterrole-edit")
                .message("has 2 subjects"),
        )
        .fix(0, 26, &[])
        .fix(0, 27, &[])
        .fix(0, 28, &[])
        .suppress(0, 15, "    kserve-rbac.dev/ignore: kubeflow/contributor-subject-count"),
        Case::new(
            "contributor binding without a role annotation",
            "kubeflow/contributor-annotations",
            edited(profile_with(&BOB_CONTRIBUTOR), 0, 17, &[]),
        )
        .expect(
            at(Severity::Warning, "team.yaml", 1, 10, 1)
                .object("RoleBinding team/user-bob-example-com-clusterrole-edit")
                .message(r#"no "role" annotation"#),
        )
        .fix(0, 16, &["    user: bob@example.com", "    role: edit"])
        .suppress(0, 15, "    kserve-rbac.dev/ignore: kubeflow/contributor-annotations"),
        Case::new(
            "contributor annotation naming another user",
            "kubeflow/contributor-annotations",
            edited(profile_with(&BOB_CONTRIBUTOR), 0, 25, &["  name: carol@example.com"]),
        )
        .expect(
            at(Severity::Warning, "team.yaml", 1, 10, 1)
                .object("RoleBinding team/user-bob-example-com-clusterrole-edit")
                .message(r#"the user annotation is "bob@example.com" but the subject is User "carol@example.com""#),
        )
        .fix(0, 25, &["  name: bob@example.com"])
        .suppress(0, 15, "    kserve-rbac.dev/ignore: kubeflow/contributor-annotations"),
        Case::new(
            "contributor without AuthorizationPolicy",
            "kubeflow/missing-authorization-policy",
            with_policy("  name: ns-owner-access-istio"),
        )
        .expect(
            at(Severity::Warning, "team.yaml", 1, 10, 1)
                .object("RoleBinding team/user-bob-example-com-clusterrole-edit")
                .message("has no AuthorizationPolicy of the same name"),
        )
        .fix(0, 30, &["  name: user-bob-example-com-clusterrole-edit"])
        .suppress(0, 15, "    kserve-rbac.dev/ignore: kubeflow/missing-authorization-policy"),
        Case::new(
            "namespace owned by someone else",
            "kubeflow/namespace-owner",
            namespace("    owner: bob@example.com"),
        )
        .expect(
            at(Severity::Error, "team.yaml", 1, 10, 1)
                .object("Namespace team")
                .message("is annotated owner: bob@example.com, but Profile team is owned by alice@example.com")
                .help("set metadata.annotations.owner to alice@example.com"),
        )
        .fix(0, 15, &["    owner: alice@example.com"])
        .suppress(0, 14, "    kserve-rbac.dev/ignore: kubeflow/namespace-owner"),
        Case::new(
            "namespace without owner annotation",
            "kubeflow/namespace-owner",
            namespace("    example.com/team: ml"),
        )
        .expect(
            at(Severity::Error, "team.yaml", 1, 10, 1)
                .object("Namespace team")
                .message("has no owner annotation"),
        )
        .fix(0, 15, &["    owner: alice@example.com"])
        .suppress(0, 14, "    kserve-rbac.dev/ignore: kubeflow/namespace-owner"),
        Case::new(
            "kubeflow-admin for someone other than the owner",
            "kubeflow/admin-not-owner",
            profile_with(&[
                "---",                                      // 9
                "apiVersion: rbac.authorization.k8s.io/v1", // 10
                "kind: RoleBinding",                        // 11
                "metadata:",                                // 12
                "  name: carol-admin",                      // 13
                "  namespace: team",                        // 14
                "roleRef:",                                 // 15
                "  apiGroup: rbac.authorization.k8s.io",    // 16
                "  kind: ClusterRole",                      // 17
                "  name: kubeflow-admin",                   // 18
                "subjects:",                                // 19
                "- apiGroup: rbac.authorization.k8s.io",    // 20
                "  kind: User",                             // 21
                "  name: carol@example.com",                // 22
            ]),
        )
        .expect(
            at(Severity::Info, "team.yaml", 1, 10, 1)
                .object("RoleBinding team/carol-admin")
                .message("carol@example.com is bound to kubeflow-admin in team by RoleBinding carol-admin"),
        )
        .fix(0, 18, &["  name: kubeflow-edit"])
        .suppress(0, 14, "  annotations: {kserve-rbac.dev/ignore: kubeflow/admin-not-owner}"),
        Case::new(
            "kubeflow-edit with read verbs on one resource",
            "kubeflow/kserve-not-covered",
            vec![file(
                "x.yaml",
                &[
                    "apiVersion: rbac.authorization.k8s.io/v1", // 1
                    "kind: ClusterRole",                        // 2
                    "metadata:",                                // 3
                    "  name: kubeflow-edit",                    // 4
                    "rules:",                                   // 5
                    "- apiGroups: [serving.kserve.io]",         // 6
                    "  resources: [inferenceservices]",         // 7
                    "  verbs: [get, list, watch]",              // 8
                ],
            )],
        )
        .expect(
            at(Severity::Warning, "x.yaml", 0, 1, 1)
                .object("ClusterRole kubeflow-edit")
                .message("inferenceservices (create, delete, deletecollection, patch, update)")
                .message("servingruntimes")
                .help("rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit"),
        )
        .fix(0, 7, &[r#"  resources: ["*"]"#])
        .fix(0, 8, &[r#"  verbs: ["*"]"#])
        .suppress(0, 4, "  annotations: {kserve-rbac.dev/ignore: kubeflow/kserve-not-covered}"),
    ]
}

fn cases() -> Vec<Case> {
    let mut cases = load_cases();
    cases.extend(index_cases());
    cases.extend(resource_cases());
    cases.extend(aggregation_cases());
    cases.extend(tier_cases());
    cases.extend(rule_shape_cases());
    cases.extend(subject_cases());
    cases.extend(kubeflow_cases());
    cases
}

// ---------------------------------------------------------------------------------------------
// The table's tests

#[test]
fn failing_inputs_report_findings() {
    let mut problems = Vec::new();
    for case in cases() {
        let workspace = load(&case.failing);
        let label = format!("{} ({})", case.name, case.code);
        problems.extend(compare(
            &label,
            workspace.diagnostics(),
            case.code,
            &case.expected,
        ));
        problems.extend(unexpected(
            &label,
            workspace.diagnostics(),
            case.code,
            case.others,
        ));
    }
    assert_no_problems(&problems);
}

#[test]
fn fixed_inputs_report_nothing() {
    let mut problems = Vec::new();
    for case in cases() {
        let workspace = load(&case.fixed());
        let label = format!("{} ({}), corrected", case.name, case.code);
        problems.extend(compare(&label, workspace.diagnostics(), case.code, &[]));
        problems.extend(unexpected(
            &label,
            workspace.diagnostics(),
            case.code,
            case.others,
        ));
    }
    assert_no_problems(&problems);
}

#[test]
fn ignore_annotation_suppresses() {
    let mut problems = Vec::new();
    for case in cases() {
        let Some(edit) = &case.suppression else {
            continue;
        };
        let workspace = load(&apply(&case.failing, std::slice::from_ref(edit)));
        let label = format!("{} ({}), annotated", case.name, case.code);
        problems.extend(compare(&label, workspace.diagnostics(), case.code, &[]));
        problems.extend(unexpected(
            &label,
            workspace.diagnostics(),
            case.code,
            case.others,
        ));
    }
    assert_no_problems(&problems);
}

#[test]
fn registry_codes_all_have_cases() {
    let cases = cases();
    let tested: BTreeSet<&str> = cases.iter().map(|case| case.code).collect();
    let elsewhere: BTreeSet<&str> = COVERED_ELSEWHERE.iter().map(|(code, _)| *code).collect();
    let missing: Vec<&str> = RULES
        .iter()
        .map(|rule| rule.code)
        .filter(|code| !tested.contains(code) && !elsewhere.contains(code))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a failing case: {missing:?}"
    );
    for code in tested.iter().chain(&elsewhere) {
        assert!(
            rule(code).is_some(),
            "{code} is tested but not in the registry"
        );
    }
    for code in &elsewhere {
        assert!(
            !tested.contains(code),
            "{code} has a case, so it needs no exemption"
        );
    }
    for case in &cases {
        assert!(
            !case.expected.is_empty(),
            "case {:?} expects no finding",
            case.name
        );
    }
}

#[test]
fn case_severities_match_registry() {
    // A code may report a lower severity in some cases, as a binding a Profile implies does,
    // but at least one case per code shows the registry's severity.
    let cases = cases();
    for rule in RULES {
        let severities: Vec<Severity> = cases
            .iter()
            .filter(|case| case.code == rule.code)
            .flat_map(|case| case.expected.iter().map(|e| e.severity))
            .collect();
        if severities.is_empty() {
            continue;
        }
        assert!(
            severities.contains(&rule.severity),
            "{}: registry says {:?}, cases expect {severities:?}",
            rule.code,
            rule.severity
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Input formats and positions

#[test]
fn json_input_located() {
    let role = file(
        "role.json",
        &[
            "{",                                                  // 1
            r#"  "apiVersion": "rbac.authorization.k8s.io/v1","#, // 2
            r#"  "kind": "ClusterRole","#,                        // 3
            r#"  "metadata": {"name": "reader"},"#,               // 4
            r#"  "rules": ["#,                                    // 5
            r#"    {"apiGroups": [""], "resources": ["pod"], "resourceName": ["web"], "verbs": ["get"]}"#, // 6
            "  ]", // 7
            "}",   // 8
        ],
    );
    let broken = file(
        "broken.json",
        &[
            r#"{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole","#, // 1
            r#" "metadata": {"name": "writer"},"#,                                      // 2
            r#" "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": "create"}]}"#, // 3
        ],
    );
    let workspace = load(&[role, broken]);
    let diagnostics = workspace.diagnostics();
    let mut problems = compare(
        "JSON",
        diagnostics,
        "rbac/resource-not-plural",
        &[at(Severity::Warning, "role.json", 0, 6, 39)
            .object("ClusterRole reader")
            .path("rules[0].resources[0]")
            .message(r#"use "pods""#)],
    );
    problems.extend(compare(
        "JSON",
        diagnostics,
        "load/unknown-field",
        &[at(Severity::Warning, "role.json", 0, 6, 47)
            .object("ClusterRole reader")
            .path("rules[0].resourceName")
            .help(r#"did you mean "resourceNames"?"#)],
    ));
    problems.extend(compare(
        "JSON",
        diagnostics,
        "load/invalid-object",
        &[at(Severity::Error, "broken.json", 0, 3, 64)
            .message(r#"ClusterRole "writer" does not fit its schema"#)
            .message("rules[0].verbs")],
    ));
    problems.extend(unexpected(
        "JSON",
        diagnostics,
        "",
        &[
            "rbac/resource-not-plural",
            "load/unknown-field",
            "load/invalid-object",
        ],
    ));
    assert_no_problems(&problems);
}

#[test]
fn documents_after_markers_located() {
    let stream = file(
        "stream.yaml",
        &[
            "---",                                      // 1
            "---",                                      // 2
            "# Only a comment.",                        // 3
            "---",                                      // 4
            "apiVersion: v1",                           // 5
            "kind: Namespace",                          // 6
            "metadata: {name: team}",                   // 7
            "---",                                      // 8
            "",                                         // 9
            "---",                                      // 10
            "apiVersion: rbac.authorization.k8s.io/v1", // 11
            "kind: ClusterRole",                        // 12
            "metadata:",                                // 13
            "  name: reader",                           // 14
            "rules:",                                   // 15
            r#"- apiGroups: [""]"#,                     // 16
            "  resources: [pods]",                      // 17
            "  resourceName: [web]",                    // 18
            "  verbs: [get]",                           // 19
        ],
    );
    let workspace = load(&[stream]);
    let diagnostics = workspace.diagnostics();
    let mut problems = compare(
        "after markers",
        diagnostics,
        "load/unknown-field",
        &[at(Severity::Warning, "stream.yaml", 1, 18, 3)
            .object("ClusterRole reader")
            .path("rules[0].resourceName")],
    );
    problems.extend(unexpected(
        "after markers",
        diagnostics,
        "load/unknown-field",
        &[],
    ));
    assert_no_problems(&problems);
}

// A document may start on its `---` line; columns there count from the start of the line.
#[test]
fn document_on_marker_line_located() {
    let stream = file(
        "stream.yaml",
        &[
            "apiVersion: v1",                                                      // 1
            "kind: Namespace",                                                     // 2
            "metadata: {name: team}",                                              // 3
            r#"--- {rules: [{resources: [pod], apiGroups: [""], verbs: [create]}],"#, // 4
            "  apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: writer}}", // 5
        ],
    );
    let workspace = load(&[stream]);
    let diagnostics = workspace.diagnostics();
    let mut problems = compare(
        "marker line",
        diagnostics,
        "rbac/resource-not-plural",
        &[at(Severity::Warning, "stream.yaml", 1, 4, 27)
            .object("ClusterRole writer")
            .path("rules[0].resources[0]")],
    );
    problems.extend(unexpected(
        "marker line",
        diagnostics,
        "rbac/resource-not-plural",
        &[],
    ));
    assert_no_problems(&problems);
}

#[test]
fn list_items_located_by_line() {
    let list = file(
        "list.yaml",
        &[
            "apiVersion: v1",                             // 1
            "kind: List",                                 // 2
            "items:",                                     // 3
            "- apiVersion: rbac.authorization.k8s.io/v1", // 4
            "  kind: ClusterRole",                        // 5
            "  metadata:",                                // 6
            "    name: reader",                           // 7
            "  rules:",                                   // 8
            r#"  - apiGroups: [""]"#,                     // 9
            "    resources: [pods]",                      // 10
            "    resourceName: [web]",                    // 11
            "    verbs: [get]",                           // 12
            "- apiVersion: rbac.authorization.k8s.io/v1", // 13
            "  kind: ClusterRole",                        // 14
            "  metadata:",                                // 15
            "    name: writer",                           // 16
            "  rules:",                                   // 17
            r#"  - apiGroups: [""]"#,                     // 18
            "    resources: [pod]",                       // 19
            "    verbs: [create]",                        // 20
        ],
    );
    let workspace = load(&[list]);
    let diagnostics = workspace.diagnostics();
    // Findings inside a list item keep the item's line, with no column.
    let mut problems = compare(
        "list",
        diagnostics,
        "load/unknown-field",
        &[at_line(Severity::Warning, "list.yaml", 0, 4)
            .object("ClusterRole reader")
            .path("rules[0].resourceName")],
    );
    problems.extend(compare(
        "list",
        diagnostics,
        "rbac/resource-not-plural",
        &[at_line(Severity::Warning, "list.yaml", 0, 13)
            .object("ClusterRole writer")
            .path("rules[0].resources[0]")],
    ));
    problems.extend(unexpected(
        "list",
        diagnostics,
        "",
        &["load/unknown-field", "rbac/resource-not-plural"],
    ));
    assert_no_problems(&problems);
}

// NOTE: items of a flow-style List have no line of their own, so their findings are located by
// resolving the item's field path against the List document, which can land on the List's own
// fields.
#[test]
#[ignore = "fields of flow-style List items are located against the List's own fields"]
fn json_list_items_located() {
    let list = file(
        "list.json",
        &[
            r#"{"apiVersion": "v1", "kind": "List", "metadata": {"labels": {"team": "ml"}}, "items": ["#, // 1
            r#"  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team", "lables": {}}}"#, // 2
            "]}", // 3
        ],
    );
    let workspace = load(&[list]);
    let found: Vec<&Diagnostic> = workspace
        .diagnostics()
        .iter()
        .filter(|d| d.code == "load/unknown-field")
        .collect();
    assert_eq!(found.len(), 1, "{}", describe_all(workspace.diagnostics()));
    let location = found[0].location.as_ref().expect("a location");
    assert_eq!(location.line, 2, "{}", describe(found[0]));
}

// ---------------------------------------------------------------------------------------------
// The ignore annotation

/// Writes a role in the edit tier with an unknown field and a wildcard, annotated with `ignore`.
fn annotated_role(ignore: &str) -> Input {
    let annotation = format!("    kserve-rbac.dev/ignore: {ignore}");
    let lines = [
        "apiVersion: rbac.authorization.k8s.io/v1",
        "kind: ClusterRole",
        "metadata:",
        "  name: tier-role",
        "  annotations:",
        annotation.as_str(),
        "  labels:",
        EDIT_LABEL,
        "rules:",
        "- apiGroups: [serving.kserve.io]",
        "  resources: [inferenceservices]",
        "  resourceName: [web]",
        r#"  verbs: ["*"]"#,
    ];
    file("x.yaml", &lines)
}

fn codes_of(workspace: &Workspace) -> Vec<&'static str> {
    workspace.diagnostics().iter().map(|d| d.code).collect()
}

// Findings raised while loading and indexing are suppressed like the checker's. A document of a
// kind the tool does not type, such as a v1beta1 CustomResourceDefinition, keeps no annotations,
// so its findings cannot be suppressed per object.
#[test]
fn ignore_annotation_reaches_index_findings() {
    let codes = [
        "load/deprecated-api-version",
        "load/no-namespace",
        "rbac/missing-role",
        "rbac/invalid-label-selector",
    ];
    let mut problems = Vec::new();
    let untyped = ["CustomResourceDefinition v1beta1"];
    for case in cases()
        .iter()
        .filter(|case| codes.contains(&case.code) && !untyped.contains(&case.name))
    {
        // The annotation goes on the first object, so only cases whose findings are about it
        // (or about no object) apply.
        let Some(name) = case.failing[0].lines[3].strip_prefix("  name: ") else {
            continue;
        };
        let about_first = case.expected.iter().all(|expected| {
            expected.object.is_none_or(|object| {
                object.ends_with(&format!(" {name}")) || object.ends_with(&format!("/{name}"))
            })
        });
        if !about_first {
            continue;
        }
        let edit = Edit {
            file: 0,
            line: 4,
            after: true,
            lines: vec![format!(
                "  annotations: {{kserve-rbac.dev/ignore: {}}}",
                case.code
            )],
        };
        let workspace = load(&apply(&case.failing, &[edit]));
        let label = format!("{} ({}), annotated", case.name, case.code);
        problems.extend(compare(&label, workspace.diagnostics(), case.code, &[]));
    }
    assert_no_problems(&problems);
}

#[test]
fn ignore_annotation_takes_categories() {
    let workspace = load(&[annotated_role(r#""load/unknown-field, rbac/""#)]);
    assert_eq!(codes_of(&workspace), Vec::<&str>::new());
}

#[test]
fn ignore_annotation_keeps_other_codes() {
    let workspace = load(&[annotated_role("rbac/wildcard")]);
    assert_eq!(codes_of(&workspace), vec!["load/unknown-field"]);
    let workspace = load(&[annotated_role("load/")]);
    assert_eq!(codes_of(&workspace), vec!["rbac/wildcard"]);
}

#[test]
fn misspelled_tier_label_not_a_tier() {
    // Both roles are aggregated nowhere, so only their labels are reported.
    for label in [
        r#"    rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit: "True""#,
        r#"    rbac.authorization.k8s.io/aggregate-to-kubeflow-view: "true""#,
    ] {
        let role = labelled_role(
            label,
            [
                "- apiGroups: [serving.kserve.io]",
                r#"  resources: ["*"]"#,
                "  verbs: [get, create, bind]",
            ],
        );
        let workspace = load(&role);
        assert_eq!(
            codes_of(&workspace),
            vec!["rbac/aggregation-label-misspelled"],
            "{label}:\n{}",
            describe_all(workspace.diagnostics())
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Resources that discovery does not list but RBAC checks

#[test]
fn impersonation_and_signers_known() {
    let role = reader_role(&[
        r#"- apiGroups: [""]"#,
        "  resources: [users, groups, serviceaccounts]",
        "  verbs: [impersonate]",
        "- apiGroups: [authentication.k8s.io]",
        "  resources: [userextras/scopes, uids]",
        "  verbs: [impersonate]",
        "- apiGroups: [certificates.k8s.io]",
        "  resources: [signers]",
        "  resourceNames: [example.com/signer]",
        "  verbs: [approve, sign]",
    ]);
    let workspace = load(&role);
    assert_eq!(
        codes_of(&workspace),
        Vec::<&str>::new(),
        "{}",
        describe_all(workspace.diagnostics())
    );
}

#[test]
fn own_namespace_grant_not_flagged() {
    // A RoleBinding in `team` authorizes get and patch of Namespace team itself.
    let role = file(
        "x.yaml",
        &[
            "apiVersion: rbac.authorization.k8s.io/v1",
            "kind: Role",
            "metadata:",
            "  name: namespace-editor",
            "  namespace: team",
            "rules:",
            r#"- apiGroups: [""]"#,
            "  resources: [namespaces, namespaces/status]",
            "  verbs: [get, patch]",
        ],
    );
    let workspace = load(&[role]);
    assert_eq!(
        codes_of(&workspace),
        Vec::<&str>::new(),
        "{}",
        describe_all(workspace.diagnostics())
    );
}
