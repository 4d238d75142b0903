//! Hostile input through `Workspace::new` and the `kserve-rbac` binary: malformed, huge, deeply
//! nested and oddly encoded manifests. Every case must load without a panic, report what is
//! wrong at a file and line where the input has one, and leave the valid documents of the same
//! input loaded and evaluated.
//!
//! Inputs are sized so that this file runs in under a minute in a debug build on 2 cores, and a
//! loader or checker that turns quadratic on them makes it run for many minutes instead.
//! docs/limits.md describes the limits that these cases reach.
#![cfg(not(target_arch = "wasm32"))]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use kserve_rbac::diagnostic::codes;
use kserve_rbac::load::{locate, PathSegment};
use kserve_rbac::{
    Attributes, Diagnostic, Object, ResourceAttributes, Severity, SourceFile, UserInfo, Workspace,
};
use serde_json::Value;

/// The name of the file that every case is loaded from.
const FILE: &str = "hostile.yaml";

/// A ClusterRole and a ClusterRoleBinding that let `alice` get pods, appended after each
/// hostile document: they must load whatever comes before them.
const SURVIVOR: &str = "---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: survivor
rules:
- apiGroups: [\"\"]
  resources: [pods]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: survivor
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: survivor}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
";

/// A workspace loaded from a hostile text followed by [`SURVIVOR`].
struct Loaded {
    workspace: Workspace,
    /// Number of lines before [`SURVIVOR`], which starts on the line after them.
    hostile_lines: usize,
}

impl Loaded {
    /// Returns the diagnostics that report a document as unreadable or mistyped.
    fn load_errors(&self) -> Vec<&Diagnostic> {
        self.workspace
            .diagnostics()
            .iter()
            .filter(|d| d.code == codes::INVALID_YAML || d.code == codes::INVALID_OBJECT)
            .collect()
    }

    /// Returns the one load error of the input, after checking that it points into the
    /// hostile text.
    fn one_load_error(&self) -> &Diagnostic {
        let errors = self.load_errors();
        assert_eq!(errors.len(), 1, "one load error: {errors:#?}");
        let error = errors[0];
        assert_eq!(error.severity, Severity::Error);
        let line = line_of(error);
        assert!(
            (1..=self.hostile_lines).contains(&line),
            "line {line} is in the hostile text of {} lines: {error:#?}",
            self.hostile_lines
        );
        error
    }

    fn diagnostics_with_code(&self, code: &str) -> Vec<&Diagnostic> {
        self.workspace
            .diagnostics()
            .iter()
            .filter(|d| d.code == code)
            .collect()
    }
}

fn get_pods() -> Attributes {
    Attributes::Resource(ResourceAttributes {
        namespace: "default".to_owned(),
        verb: "get".to_owned(),
        resource: "pods".to_owned(),
        ..ResourceAttributes::default()
    })
}

fn user(name: &str) -> UserInfo {
    UserInfo::impersonated(name, &[])
}

/// Loads `hostile` followed by [`SURVIVOR`], checks that the survivor is loaded where it is
/// and still grants access, and runs every query on the result.
fn load_with_survivor(hostile: &str) -> Loaded {
    let text = format!("{hostile}\n{SURVIVOR}");
    let hostile_lines = hostile.split('\n').count();
    let workspace = Workspace::new(&[SourceFile::new(FILE, text)]);

    let role = workspace
        .objects()
        .iter()
        .find(|o| o.meta.kind == "ClusterRole" && o.meta.name == "survivor")
        .expect("the ClusterRole after the hostile text is loaded");
    let location = role
        .meta
        .location
        .as_ref()
        .expect("loaded objects have a location");
    assert_eq!(&*location.file, FILE);
    assert_eq!(
        location.line,
        hostile_lines + 2,
        "survivor starts after its marker line"
    );
    assert!(
        workspace.allows(&user("alice"), &get_pods()),
        "the survivor's binding grants get pods to alice"
    );
    run_queries(&workspace);
    Loaded {
        workspace,
        hostile_lines,
    }
}

/// Runs every kind of access question on a workspace: none may panic.
fn run_queries(workspace: &Workspace) {
    let alice = user("alice");
    let stranger = user("system:serviceaccount:kubeflow:stranger");
    let decision = workspace.authorize(&alice, &get_pods());
    assert!(decision.allowed, "{decision:#?}");
    let denied = workspace.authorize(&stranger, &get_pods());
    assert!(!denied.allowed, "{denied:#?}");
    let who = workspace.who_can(&get_pods());
    assert!(
        who.subjects.iter().any(|s| s.subject.name == "alice"),
        "{who:#?}"
    );
    workspace.near_misses(&stranger, &get_pods());
    let rules = workspace.rules_for(&alice, "default");
    assert!(!rules.rules.is_empty(), "{rules:#?}");
    workspace.aggregated_cluster_roles();
}

fn line_of(diagnostic: &Diagnostic) -> usize {
    let location = diagnostic
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("the diagnostic has a location: {diagnostic:#?}"));
    assert_eq!(&*location.file, FILE, "{diagnostic:#?}");
    location.line
}

fn column_of(diagnostic: &Diagnostic) -> Option<usize> {
    diagnostic.location.as_ref().and_then(|l| l.column)
}

/// Returns the 1-based line of the first line of `text` that contains `needle`.
fn line_containing(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is in the text"))
        + 1
}

fn cluster_role(name: &str, rest: &str) -> String {
    format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {name}\n{rest}"
    )
}

// ---------------------------------------------------------------- aliases

/// Builds the "billion laughs": nine levels of nine aliases each, 9^9 strings once expanded.
fn billion_laughs() -> String {
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (previous, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let copies = vec![format!("*{previous}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{copies}]\n"));
    }
    text
}

#[test]
fn alias_bomb_rejected_where_it_grows() {
    let loaded = load_with_survivor(billion_laughs().trim_end());
    let error = loaded.one_load_error();
    assert_eq!(error.code, codes::INVALID_YAML);
    assert!(
        error
            .message
            .contains("aliases would copy more than 1000000 nodes"),
        "{error:#?}"
    );
    // `g` contains nine copies of `f`, 597,871 nodes each: its first alias crosses the budget.
    assert_eq!(line_of(error), 7);
    assert_eq!(column_of(error), Some("g: &g [".len() + 1));
}

#[test]
fn alias_bomb_inside_role_rejected() {
    let bomb = billion_laughs().replace('\n', "\n  ");
    let text = cluster_role(
        "bomb",
        &format!("x-bomb:\n  {}\nrules: []", bomb.trim_end()),
    );
    let loaded = load_with_survivor(&text);
    let error = loaded.one_load_error();
    assert_eq!(error.code, codes::INVALID_YAML);
    assert_eq!(line_of(error), line_containing(&text, "g: &g"));
    assert!(
        loaded.workspace.cluster_role("bomb").is_none(),
        "a rejected document loads nothing"
    );
}

#[test]
fn many_aliases_of_long_sequence_rejected() {
    // 1,001 aliases of a 1,000-item sequence: each alias is small, the copies are not.
    let verbs = vec!["get"; 1_000].join(", ");
    let mut rules =
        format!("rules:\n- &rule {{apiGroups: [\"\"], resources: [pods], verbs: [{verbs}]}}\n");
    rules.push_str(&"- *rule\n".repeat(1_001));
    let text = cluster_role("copies", rules.trim_end());
    let loaded = load_with_survivor(&text);
    let error = loaded.one_load_error();
    assert_eq!(error.code, codes::INVALID_YAML);
    // Each alias copies the rule: its mapping, three keys, three lists, 1,002 items.
    let crossing = 1_000_000 / 1_009 + 1;
    assert_eq!(line_of(error), 6 + crossing, "{error:#?}");
}

#[test]
fn alias_repetition_limit_explained() {
    // Few nodes but many alias uses per event: serde_yaml's own limit, after the size check.
    let mut text = String::from("a: &a x\n");
    for level in 1..=4 {
        let previous = if level == 1 {
            "a".to_owned()
        } else {
            format!("l{}", level - 1)
        };
        let copies = vec![format!("*{previous}"); 10].join(", ");
        text.push_str(&format!("l{level}: &l{level} [{copies}]\n"));
    }
    let loaded = load_with_survivor(text.trim_end());
    let error = loaded.one_load_error();
    assert_eq!(error.code, codes::INVALID_YAML);
    assert!(
        error.message.contains("repetition limit exceeded"),
        "{error:#?}"
    );
    let help = error.help.as_deref().unwrap_or_default();
    assert!(help.contains("100 times"), "{help}");
    assert_eq!(line_of(error), 1);
}

#[test]
fn anchors_and_aliases_within_budget_load() {
    let text = cluster_role(
        "shared",
        "rules:\n- &read {apiGroups: [\"\"], resources: [configmaps], verbs: &verbs [get, list]}\n- {apiGroups: [apps], resources: [deployments], verbs: *verbs}\n- *read",
    );
    let loaded = load_with_survivor(&text);
    assert!(
        loaded.load_errors().is_empty(),
        "{:#?}",
        loaded.load_errors()
    );
    let Object::ClusterRole(role) = &loaded.workspace.objects()[0].object else {
        panic!("the first object is the ClusterRole");
    };
    let rules = role.rules.as_ref().expect("rules are loaded");
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[1].verbs, vec!["get", "list"]);
    assert_eq!(rules[2], rules[0]);
}

#[test]
fn merge_keys_reported_unapplied() {
    // NOTE: serde_yaml 0.9 does not apply `<<` merge keys, so the merged fields are missing;
    // the unknown-field check points at the key.
    let text = cluster_role(
        "merged",
        "x-base: &base {apiGroups: [\"\"], resources: [pods]}\nrules:\n- <<: *base\n  verbs: [get]",
    );
    let loaded = load_with_survivor(&text);
    assert!(
        loaded.load_errors().is_empty(),
        "{:#?}",
        loaded.load_errors()
    );
    let unknown = loaded.diagnostics_with_code("load/unknown-field");
    let merge = unknown
        .iter()
        .find(|d| d.path.as_deref() == Some("rules[0].<<"))
        .unwrap_or_else(|| panic!("the merge key is an unknown field: {unknown:#?}"));
    assert_eq!(line_of(merge), line_containing(&text, "<<"));
    assert_eq!(column_of(merge), Some(3));
}

// ---------------------------------------------------------------- nesting

#[test]
fn deep_flow_nesting_rejected() {
    let depth = 10_000;
    let cases = [
        format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        format!("{}x{}", "{a: ".repeat(depth), "}".repeat(depth)),
    ];
    for hostile in cases {
        let loaded = load_with_survivor(&hostile);
        let error = loaded.one_load_error();
        assert_eq!(error.code, codes::INVALID_YAML);
        assert!(
            error.message.contains("recursion limit exceeded"),
            "{error:#?}"
        );
        let help = error.help.as_deref().unwrap_or_default();
        assert!(help.contains("128 levels"), "{help}");
        assert_eq!(line_of(error), 1);
    }
}

#[test]
fn deep_block_nesting_rejected() {
    // Block sequences nest on one line; block mappings need a line, and indentation, per level.
    let cases = [
        (format!("{}x", "- ".repeat(10_000)), 1),
        (
            (0..1_000)
                .map(|level| format!("{}a:", " ".repeat(level)))
                .collect::<Vec<_>>()
                .join("\n"),
            129,
        ),
    ];
    for (hostile, line) in cases {
        let loaded = load_with_survivor(&hostile);
        let error = loaded.one_load_error();
        assert!(
            error.message.contains("recursion limit exceeded"),
            "{error:#?}"
        );
        assert_eq!(line_of(error), line);
    }
}

#[test]
fn deep_unknown_field_skipped() {
    // Ignored fields are skipped without recursion, so the role loads. The event parser reads
    // any depth of block nesting, so the findings after the deep field are located exactly.
    let deep = format!("{}x", "- ".repeat(10_000));
    let text = cluster_role(
        "deep",
        &format!(
            "x-deep:\n{deep}\nrules:\n- apiGroups: [\"\"]\n  resources: [podz]\n  verbs: [get]"
        ),
    );
    let loaded = load_with_survivor(&text);
    assert!(
        loaded.load_errors().is_empty(),
        "{:#?}",
        loaded.load_errors()
    );
    assert!(loaded.workspace.cluster_role("deep").is_some());
    let unknown = loaded.diagnostics_with_code("load/unknown-field");
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    assert_eq!(line_of(unknown[0]), line_containing(&text, "x-deep"));
    let resource = loaded.diagnostics_with_code("rbac/unknown-resource");
    assert_eq!(resource.len(), 1, "{resource:#?}");
    assert_eq!(line_of(resource[0]), line_containing(&text, "podz"));
}

#[test]
fn deep_flow_unknown_field_located_coarsely() {
    // The event parser stops at 255 nested flow collections, so findings after one fall back
    // to the start of their document.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = cluster_role(
        "deep",
        &format!(
            "x-deep: {deep}\nrules:\n- apiGroups: [\"\"]\n  resources: [podz]\n  verbs: [get]"
        ),
    );
    let loaded = load_with_survivor(&text);
    assert!(
        loaded.load_errors().is_empty(),
        "{:#?}",
        loaded.load_errors()
    );
    let unknown = loaded.diagnostics_with_code("load/unknown-field");
    assert_eq!(line_of(unknown[0]), line_containing(&text, "x-deep"));
    let resource = loaded.diagnostics_with_code("rbac/unknown-resource");
    assert_eq!(resource.len(), 1, "{resource:#?}");
    assert_eq!(line_of(resource[0]), 1);
}

#[test]
fn locate_survives_deep_input_and_paths() {
    let depth = 100_000;
    let text = format!("{}x", "- ".repeat(depth));
    let path = vec![PathSegment::Index(0); depth];
    assert_eq!(locate(&text, &path), Some((1, 2 * depth + 1)));
    let longer = vec![PathSegment::Index(0); depth * 2];
    assert_eq!(locate(&text, &longer), Some((1, 2 * depth + 1)));
    let keys = vec![PathSegment::Key("a".to_owned()); depth];
    assert_eq!(locate(&text, &keys), Some((1, 1)));
}

#[test]
fn locate_keeps_positions_inside_text() {
    // Found by the locate fuzz target: the empty root node after `---` at the end of a text
    // without a final newline was placed on a line after the last one.
    let input = String::from_utf8_lossy(b"\x9e\x00\x08\xef\xff.:\n---");
    let (path, text) = input.split_once('\n').expect("the input has two lines");
    let segments = kserve_rbac::load::parse_path(path);
    assert_eq!(locate(text, &segments), Some((1, 4)));
    assert_eq!(locate("a: 1\r\nb: [", &segments), Some((1, 1)));
}

// ---------------------------------------------------------------- size

#[test]
fn ten_megabyte_lines_load() {
    let huge = "n".repeat(10 * 1024 * 1024);

    let comment = cluster_role("commented", &format!("# {huge}\nrules: []"));
    let loaded = load_with_survivor(&comment);
    assert!(loaded.load_errors().is_empty());
    assert!(loaded.workspace.cluster_role("commented").is_some());

    let name = cluster_role(&huge, "rules: []");
    let loaded = load_with_survivor(&name);
    assert!(loaded.load_errors().is_empty());
    assert!(loaded.workspace.cluster_role(&huge).is_some());

    let resource = cluster_role(
        "long-resource",
        &format!("rules: [{{apiGroups: [\"\"], resources: [{huge}], verbs: [get]}}]"),
    );
    let loaded = load_with_survivor(&resource);
    let unknown = loaded.diagnostics_with_code("rbac/unknown-resource");
    assert_eq!(unknown.len(), 1);
    assert_eq!(line_of(unknown[0]), 5);
    assert_eq!(
        column_of(unknown[0]),
        Some("rules: [{apiGroups: [\"\"], resources: [".len() + 1)
    );

    // A plain scalar document is no object.
    let loaded = load_with_survivor(&huge);
    let skipped = loaded.diagnostics_with_code(codes::NOT_AN_OBJECT);
    assert_eq!(skipped.len(), 1);
    assert_eq!(line_of(skipped[0]), 1);
}

#[test]
fn huge_document_loads_with_located_findings() {
    // 100,000 rules, every tenth of them with an unknown resource: 10,000 findings to locate
    // in one 5 MB document.
    let count = 100_000;
    let mut rules = String::from("rules:\n");
    for index in 0..count {
        let resource = if index % 10 == 9 { "podz" } else { "pods" };
        rules.push_str(&format!(
            "- {{apiGroups: [\"\"], resources: [{resource}], verbs: [get]}}\n"
        ));
    }
    let text = cluster_role("huge", rules.trim_end());
    let loaded = load_with_survivor(&text);
    assert!(loaded.load_errors().is_empty());
    assert_eq!(
        loaded.workspace.cluster_role("huge").map(|r| r.rules.len()),
        Some(count)
    );
    let unknown = loaded.diagnostics_with_code("rbac/unknown-resource");
    assert_eq!(unknown.len(), count / 10);
    // Rule i is on line 6 + i, and the findings come in reading order.
    for (finding, rule) in unknown.iter().zip((9..count).step_by(10)) {
        assert_eq!(line_of(finding), 6 + rule);
    }
}

#[test]
fn many_documents_with_findings_load() {
    let count = 10_000;
    let mut text = String::new();
    for index in 0..count {
        text.push_str(&cluster_role(
            &format!("role-{index}"),
            "rules: [{apiGroups: [\"\"], resources: [podz], verbs: [get]}]\n---\n",
        ));
    }
    let loaded = load_with_survivor(text.trim_end_matches("---\n").trim_end());
    assert_eq!(loaded.workspace.document_count(), count + 2);
    let unknown = loaded.diagnostics_with_code("rbac/unknown-resource");
    assert_eq!(unknown.len(), count);
    assert_eq!(line_of(unknown[count - 1]), 6 * (count - 1) + 5);
}

// ---------------------------------------------------------------- keys

#[test]
fn duplicate_keys_in_json_rejected() {
    // serde_yaml reports a repeated key at the start of the mapping that repeats it.
    let cases = [
        ("{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"},\n \"metadata\": {\"name\": \"b\"}}", 1),
        ("{\"apiVersion\": \"v1\", \"kind\": \"Namespace\",\n \"metadata\": {\"name\": \"a\", \"name\": \"b\"}}", 2),
    ];
    for (hostile, line) in cases {
        let loaded = load_with_survivor(hostile);
        let error = loaded.one_load_error();
        assert_eq!(error.code, codes::INVALID_YAML);
        assert!(error.message.contains("duplicate entry"), "{error:#?}");
        assert_eq!(line_of(error), line);
    }
}

#[test]
fn duplicate_keys_in_block_style_keep_last() {
    // NOTE: k8s-openapi's types take the last of repeated keys without an error. Block-style
    // documents of the evaluated kinds therefore load with the last value, unlike the others.
    let top_level = cluster_role(
        "repeated",
        "rules: [{apiGroups: [\"\"], resources: [pods], verbs: [get]}]\nrules: [{apiGroups: [\"\"], resources: [secrets], verbs: [get]}]",
    );
    let loaded = load_with_survivor(&top_level);
    assert!(loaded.load_errors().is_empty());
    let role = loaded.workspace.cluster_role("repeated").expect("loaded");
    assert_eq!(role.rules.len(), 1);
    assert_eq!(
        role.rules[0].rule.resources.as_deref(),
        Some(&["secrets".to_owned()][..])
    );

    let metadata = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: first\n  name: second\nrules: []";
    let loaded = load_with_survivor(metadata);
    assert!(loaded.load_errors().is_empty());
    assert!(loaded.workspace.cluster_role("second").is_some());
    assert!(loaded.workspace.cluster_role("first").is_none());

    // Other kinds are read through a derived struct, which rejects a repeated field.
    let other =
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: a\nmetadata:\n  name: b";
    let loaded = load_with_survivor(other);
    let error = loaded.one_load_error();
    assert!(error.message.contains("duplicate"), "{error:#?}");
}

#[test]
fn non_string_keys_reported() {
    let cases = [
        // A complex key at the top level of a typed kind.
        (
            cluster_role("complex", "? [a, b]\n: value\nrules: []"),
            5,
        ),
        // A sequence as a label key.
        (
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: keys\n  labels: {[x]: b}".to_owned(),
            5,
        ),
        // Keys of every scalar type in flow style, where the loader parses a value first.
        (
            "{1: a, [x]: b, {a: b}: c, null: d, true: e,\n apiVersion: v1, kind: Namespace, metadata: {name: ns, labels: {[y]: z}}}".to_owned(),
            1,
        ),
    ];
    for (hostile, line) in cases {
        let loaded = load_with_survivor(&hostile);
        let error = loaded.one_load_error();
        assert_eq!(error.code, codes::INVALID_OBJECT, "{error:#?}");
        assert_eq!(line_of(error), line, "{error:#?}");
    }

    // Scalar label keys of other types are read as their text.
    let scalars = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: scalars\n  labels: {1: a, true: b, 1.5: c}";
    let loaded = load_with_survivor(scalars);
    assert!(
        loaded.load_errors().is_empty(),
        "{:#?}",
        loaded.load_errors()
    );
    let Object::Namespace(namespace) = &loaded.workspace.objects()[0].object else {
        panic!("the first object is the Namespace");
    };
    let labels = namespace.metadata.labels.clone().unwrap_or_default();
    let keys: Vec<&str> = labels.keys().map(String::as_str).collect();
    assert_eq!(keys, vec!["1", "1.5", "true"]);
}

// ---------------------------------------------------------------- wrong types

/// A value of each YAML type, in flow style so that it fits on the field's line.
const WRONG_VALUES: [(&str, &str); 5] = [
    ("number", "42"),
    ("string", "\"text\""),
    ("map", "{a: 1}"),
    ("list", "[1, 2]"),
    ("null", "null"),
];

/// Replaces the value of the first line `field: ...` after the line that starts `section`
/// (from the top when `section` is empty), with the block below it when the value is a
/// block. Returns the text and the 1-based line of the field.
fn replace_field(template: &str, section: &str, field: &str, value: &str) -> (String, usize) {
    let lines: Vec<&str> = template.lines().collect();
    let start = if section.is_empty() {
        0
    } else {
        lines
            .iter()
            .position(|line| line.trim_start().starts_with(section))
            .unwrap_or_else(|| panic!("section {section} is in the template"))
    };

    let found = (start..lines.len()).find(|&index| {
        let body = lines[index].trim_start().trim_start_matches("- ");
        body.starts_with(&format!("{field}:"))
    });
    let index = found.unwrap_or_else(|| panic!("field {field} is in the template"));
    let line = lines[index];
    let body = line.trim_start().trim_start_matches("- ");
    let indent = line.len() - body.len();

    let mut end = index + 1;
    if body.trim_end().ends_with(':') {
        // The block value: deeper lines, and sequence items at the key's own indentation.
        while end < lines.len() {
            let next = lines[end];
            let next_indent = next.len() - next.trim_start().len();
            let item = next.trim_start().starts_with("- ");
            if next_indent > indent || (next_indent == indent && item) {
                end += 1;
            } else {
                break;
            }
        }
    }

    let mut replaced: Vec<String> = lines[..index].iter().map(|l| (*l).to_owned()).collect();
    replaced.push(format!("{}{field}: {value}", &line[..indent]));
    replaced.extend(lines[end..].iter().map(|l| (*l).to_owned()));
    (replaced.join("\n"), index + 1)
}

/// The value types that a field of each schema type rejects.
const STRING: &[&str] = &["map", "list"];
const LIST: &[&str] = &["number", "string", "map"];
const OBJECT: &[&str] = &["number", "string", "list"];
/// A list of objects also rejects a list of numbers.
const OBJECT_LIST: &[&str] = &["number", "string", "map", "list"];
/// NOTE: Profile's derived Deserialize rejects an explicit `null` (or `~`) for metadata and
/// spec, which Kubernetes reads as an absent field. An empty value (`spec:`) loads.
const PROFILE_OBJECT: &[&str] = &["number", "string", "list", "null"];
/// Fields whose type decides how the document is read, and free-form fields.
const ANY: &[&str] = &[];

/// One field of a template: the section it is searched after, its key, and the value types
/// that must make the document fail to load.
type Field<'a> = (&'a str, &'a str, &'a [&'a str]);

/// Loads the template with each field given each wrong value. Each result must be either
/// loaded, or one load error at or before the field's line: a missing required field is
/// reported at the start of the mapping that lacks it.
fn check_wrong_types(kind: &str, template: &str, fields: &[Field<'_>]) {
    let mut failures = Vec::new();
    for (section, field, rejected) in fields {
        for (type_name, value) in WRONG_VALUES {
            let (text, field_line) = replace_field(template, section, field, value);
            let case = format!("{kind} {section} {field} = {type_name}");
            let result = catch_unwind(AssertUnwindSafe(|| {
                let loaded = load_with_survivor(&text);
                let errors = loaded.load_errors();
                let expected = usize::from(rejected.contains(&type_name));
                assert_eq!(errors.len(), expected, "{errors:#?}");
                if let Some(error) = errors.first() {
                    let line = line_of(error);
                    assert!(
                        line <= field_line,
                        "line {line} is at or before the field's line {field_line}: {error:#?}"
                    );
                }
            }));
            if let Err(panic) = result {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failures.push(format!("{case}: {message}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "failed cases:\n{}",
        failures.join("\n")
    );
}

const CLUSTER_ROLE: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: typed
  labels:
    app: demo
  annotations:
    note: demo
aggregationRule:
  clusterRoleSelectors:
  - matchLabels:
      rbac.example.com/aggregate: \"true\"
    matchExpressions:
    - key: tier
      operator: In
      values: [gold]
rules:
- apiGroups: [\"\"]
  resources: [pods]
  resourceNames: [web]
  verbs: [get]
- nonResourceURLs: [/healthz]
  verbs: [get]";

const ROLE_BINDING: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: typed
  namespace: team
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: survivor
subjects:
- kind: User
  apiGroup: rbac.authorization.k8s.io
  name: bob
  namespace: team";

const PROFILE: &str = "apiVersion: kubeflow.org/v1
kind: Profile
metadata:
  name: typed
spec:
  owner:
    kind: User
    name: owner@example.com
  plugins:
  - kind: WorkloadIdentity
  resourceQuotaSpec:
    hard: {cpu: \"1\"}
status:
  conditions: []";

#[test]
fn cluster_role_wrong_types() {
    check_wrong_types(
        "ClusterRole",
        CLUSTER_ROLE,
        &[
            ("", "apiVersion", ANY),
            ("", "kind", ANY),
            ("", "metadata", OBJECT),
            ("", "name", STRING),
            ("", "labels", OBJECT),
            ("", "app", STRING),
            ("", "annotations", OBJECT),
            ("", "note", STRING),
            ("", "aggregationRule", OBJECT),
            ("", "clusterRoleSelectors", OBJECT_LIST),
            ("", "matchLabels", OBJECT),
            ("", "rbac.example.com/aggregate", STRING),
            ("", "matchExpressions", OBJECT_LIST),
            ("", "key", STRING),
            ("", "operator", STRING),
            ("", "values", LIST),
            ("", "rules", OBJECT_LIST),
            ("", "apiGroups", LIST),
            ("", "resources", LIST),
            ("", "resourceNames", LIST),
            ("", "verbs", LIST),
            ("", "nonResourceURLs", LIST),
        ],
    );
}

#[test]
fn role_binding_wrong_types() {
    check_wrong_types(
        "RoleBinding",
        ROLE_BINDING,
        &[
            ("", "apiVersion", ANY),
            ("", "kind", ANY),
            ("", "metadata", OBJECT),
            ("", "name", STRING),
            ("", "namespace", STRING),
            ("", "roleRef", OBJECT),
            ("roleRef", "apiGroup", STRING),
            ("roleRef", "kind", STRING),
            ("roleRef", "name", STRING),
            ("", "subjects", OBJECT_LIST),
            ("subjects", "kind", STRING),
            ("subjects", "apiGroup", STRING),
            ("subjects", "name", STRING),
            ("subjects", "namespace", STRING),
        ],
    );
}

#[test]
fn profile_wrong_types() {
    check_wrong_types(
        "Profile",
        PROFILE,
        &[
            ("", "apiVersion", ANY),
            ("", "kind", ANY),
            ("", "metadata", PROFILE_OBJECT),
            ("", "name", STRING),
            ("", "spec", PROFILE_OBJECT),
            ("", "owner", OBJECT),
            ("owner", "kind", STRING),
            ("owner", "name", STRING),
            ("", "plugins", LIST),
            // resourceQuotaSpec and status are kept as JSON values of any type.
            ("", "resourceQuotaSpec", ANY),
            ("", "hard", ANY),
            ("", "status", ANY),
            ("", "conditions", ANY),
        ],
    );
}

#[test]
fn profile_with_empty_spec_loads() {
    let cases = [
        "apiVersion: kubeflow.org/v1\nkind: Profile\nmetadata:\n  name: empty\nspec: {}",
        "apiVersion: kubeflow.org/v1\nkind: Profile\nmetadata:\n  name: empty\nspec:",
        "apiVersion: kubeflow.org/v1\nkind: Profile\nmetadata:\n  name: empty",
        "apiVersion: kubeflow.org/v1\nkind: Profile\nmetadata: {}\nspec: {}",
    ];
    for hostile in cases {
        let loaded = load_with_survivor(hostile);
        assert!(
            loaded.load_errors().is_empty(),
            "{hostile}: {:#?}",
            loaded.load_errors()
        );
        let profiles = loaded
            .workspace
            .objects()
            .iter()
            .filter(|o| matches!(o.object, Object::Profile(_)))
            .count();
        assert_eq!(profiles, 1, "{hostile}");
        assert!(
            loaded
                .workspace
                .objects()
                .iter()
                .all(|o| o.meta.kind != "RoleBinding" || o.meta.name != "namespaceAdmin"),
            "a Profile without an owner implies no owner binding: {hostile}"
        );
    }

    // k8s-openapi reads a Subject's missing kind and name as empty strings.
    let empty_owner =
        "apiVersion: kubeflow.org/v1\nkind: Profile\nmetadata:\n  name: empty\nspec:\n  owner: {}";
    let loaded = load_with_survivor(empty_owner);
    assert!(
        loaded.load_errors().is_empty(),
        "{:#?}",
        loaded.load_errors()
    );
    assert!(loaded.workspace.profile("empty").is_some());
}

// ---------------------------------------------------------------- text encoding

#[test]
fn tabs_in_indentation_located() {
    let text =
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n\tname: tabbed";
    let loaded = load_with_survivor(text);
    let error = loaded.one_load_error();
    assert_eq!(error.code, codes::INVALID_YAML);
    assert_eq!(line_of(error), 4);

    // Tabs inside values and flow collections are whitespace, not indentation.
    let inside = cluster_role(
        "tabs",
        "rules: [{apiGroups: [\"\"],\tresources: [pods],\tverbs: [get]}]",
    );
    let loaded = load_with_survivor(&inside);
    assert!(
        loaded.load_errors().is_empty(),
        "{:#?}",
        loaded.load_errors()
    );
    assert!(loaded.workspace.cluster_role("tabs").is_some());
}

#[test]
fn markers_and_comments_only_load_nothing() {
    let cases = [
        "---",
        "...",
        "---\n...",
        "--- # a comment\n...\n---",
        "# only a comment\n# and another",
        "",
        "   \n\t\n",
        "---\n---\n---",
    ];
    for hostile in cases {
        let loaded = load_with_survivor(hostile);
        assert!(
            loaded.workspace.diagnostics().is_empty(),
            "{hostile:?}: {:#?}",
            loaded.workspace.diagnostics()
        );
        assert_eq!(loaded.workspace.document_count(), 2, "{hostile:?}");
    }
}

#[test]
fn byte_order_mark_and_crlf_load() {
    let role = cluster_role(
        "windows",
        "rules: [{apiGroups: [\"\"], resources: [podz], verbs: [get]}]",
    );
    let text = format!("\u{feff}{role}\n{SURVIVOR}").replace('\n', "\r\n");
    let workspace = Workspace::new(&[SourceFile::new(FILE, text)]);
    assert!(workspace.cluster_role("windows").is_some());
    assert!(workspace.allows(&user("alice"), &get_pods()));
    let unknown: Vec<_> = workspace
        .diagnostics()
        .iter()
        .filter(|d| d.code == "rbac/unknown-resource")
        .collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(line_of(unknown[0]), 5);

    // A byte order mark inside the text is a character like any other.
    let inner = cluster_role("inner", "rules: []\n---\n\u{feff}kind: Namespace");
    let loaded = load_with_survivor(&inner);
    assert!(loaded.workspace.cluster_role("inner").is_some());
}

#[test]
fn control_characters_located() {
    let text = cluster_role("control", "rules: []\nx-note: \"a\u{1b}[31mb\"");
    let loaded = load_with_survivor(&text);
    let error = loaded.one_load_error();
    assert_eq!(error.code, codes::INVALID_YAML);
    assert!(error.message.contains("control characters"), "{error:#?}");
    assert_eq!(line_of(error), 6);
    assert_eq!(column_of(error), Some("x-note: \"a".len() + 1));

    let nul = "\0".repeat(4096);
    let loaded = load_with_survivor(&nul);
    let error = loaded.one_load_error();
    assert_eq!(line_of(error), 1);
}

#[test]
fn long_and_unicode_names_evaluate() {
    let long_name = "a".repeat(1024 * 1024);
    let names = [
        long_name.as_str(),
        "ünïcödé",
        "名前-空間",
        "emoji-🚀-👩‍💻",
        "שלום",
        "e\u{301}\u{301}\u{301}",
        "zero\u{200b}width",
    ];
    for name in names {
        let quoted = serde_json::to_string(name).expect("strings serialize");
        let text = format!(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {quoted}\nrules:\n- apiGroups: [\"\"]\n  resources: [secrets]\n  verbs: [get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: {quoted}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {quoted}}}\nsubjects:\n- {{apiGroup: rbac.authorization.k8s.io, kind: User, name: {quoted}}}"
        );
        let loaded = load_with_survivor(&text);
        assert!(loaded.load_errors().is_empty());
        let get_secrets = Attributes::Resource(ResourceAttributes {
            verb: "get".to_owned(),
            resource: "secrets".to_owned(),
            ..ResourceAttributes::default()
        });
        let decision = loaded.workspace.authorize(&user(name), &get_secrets);
        let reason: String = decision.reason.chars().take(200).collect();
        assert!(decision.allowed, "{reason}");
        let who = loaded.workspace.who_can(&get_secrets);
        assert!(who.subjects.iter().any(|s| s.subject.name == name));
    }

    // Columns count characters, not bytes.
    let text = cluster_role(
        "columns",
        "rules: [{apiGroups: [\"\"], resources: [\"ポッド\", podz], verbs: [get]}]",
    );
    let loaded = load_with_survivor(&text);
    let unknown = loaded.diagnostics_with_code("rbac/unknown-resource");
    let podz = unknown
        .iter()
        .find(|d| d.message.contains("podz"))
        .expect("podz is unknown");
    assert_eq!(
        column_of(podz),
        Some(
            "rules: [{apiGroups: [\"\"], resources: [\"ポッド\", "
                .chars()
                .count()
                + 1
        )
    );
}

#[test]
fn yaml_tags_ignored() {
    // serde_yaml drops the tags of values read into typed fields: `!!binary` stays base64 text
    // and `!!int abc` stays the string "abc".
    let tagged = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: !!str tagged\n  annotations: {a: !!binary aGVsbG8=, b: !custom x, c: !!int abc}\nrules:\n- !rule {apiGroups: [\"\"], resources: [secrets], verbs: [get]}";
    let loaded = load_with_survivor(tagged);
    assert!(
        loaded.load_errors().is_empty(),
        "{:#?}",
        loaded.load_errors()
    );
    let role = loaded.workspace.cluster_role("tagged").expect("loaded");
    assert_eq!(role.rules.len(), 1);
    let Object::ClusterRole(object) = &loaded.workspace.objects()[role.object].object else {
        panic!("the role's object is a ClusterRole");
    };
    let annotations = object.metadata.annotations.clone().unwrap_or_default();
    assert_eq!(annotations.get("a").map(String::as_str), Some("aGVsbG8="));
    assert_eq!(annotations.get("b").map(String::as_str), Some("x"));
    assert_eq!(annotations.get("c").map(String::as_str), Some("abc"));

    let root = "--- !Thing\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: root-tag}";
    let loaded = load_with_survivor(root);
    assert!(
        loaded.load_errors().is_empty(),
        "{:#?}",
        loaded.load_errors()
    );
    assert!(loaded.workspace.cluster_role("root-tag").is_some());

    // A tag with no `!` handle declared for it is a syntax error on its line.
    let undeclared = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: !e!x abc";
    let loaded = load_with_survivor(undeclared);
    let error = loaded.one_load_error();
    assert_eq!(error.code, codes::INVALID_YAML);
    assert_eq!(line_of(error), 4);
}

#[test]
fn multi_document_json_loads() {
    let text = "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"one\"}}\n---\n{\"apiVersion\": \"v1\", \"kind\": \"Namespace\",\n \"metadata\": {\"name\": \"two\", \"labels\": 7}}\n---\n[{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"three\"}}]";
    let loaded = load_with_survivor(text);
    let names: Vec<&str> = loaded
        .workspace
        .objects()
        .iter()
        .filter(|o| o.meta.kind == "Namespace")
        .map(|o| o.meta.name.as_str())
        .collect();
    assert_eq!(names, vec!["one"]);
    let error = loaded.one_load_error();
    assert_eq!(error.code, codes::INVALID_OBJECT);
    assert_eq!(line_of(error), 4);
    assert_eq!(loaded.diagnostics_with_code(codes::NOT_AN_OBJECT).len(), 1);

    // NOTE: JSON objects one after another without `---`, which kubectl reads as a JSON
    // stream, are two YAML documents in one, and serde_yaml reads one document at a time.
    let concatenated = "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"}}\n{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"b\"}}";
    let loaded = load_with_survivor(concatenated);
    let error = loaded.one_load_error();
    assert_eq!(error.code, codes::INVALID_YAML);
    assert!(
        error.message.contains("more than one document"),
        "{error:#?}"
    );
    assert!(error.help.as_deref().unwrap_or_default().contains("`---`"));
    assert_eq!(line_of(error), 1);
}

#[test]
fn error_at_end_of_file_located() {
    // libyaml reports an unclosed collection at the end of a file without a final newline on
    // the line after the last one.
    let files = [
        SourceFile::new(FILE, "{\n  \"a\": [\n "),
        SourceFile::new("valid.yaml", SURVIVOR),
    ];
    let workspace = Workspace::new(&files);
    let errors: Vec<_> = workspace
        .diagnostics()
        .iter()
        .filter(|d| d.code == codes::INVALID_YAML)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(line_of(errors[0]), 3);
    assert_eq!(column_of(errors[0]), Some(2));
    assert!(workspace.allows(&user("alice"), &get_pods()));
}

#[test]
fn position_text_in_values_kept() {
    // serde_yaml quotes the wrong value in its message; a line number in it is not a position.
    let text = cluster_role(
        "quoted",
        &format!("rules: \"a at line {} column 1\"", usize::MAX),
    );
    let loaded = load_with_survivor(&text);
    let error = loaded.one_load_error();
    assert_eq!(error.code, codes::INVALID_OBJECT);
    assert!(
        error
            .message
            .contains(&format!("a at line {} column 1", usize::MAX)),
        "{error:#?}"
    );
    assert_eq!(line_of(error), 5);
}

// ---------------------------------------------------------------- the binary

/// Creates an empty folder for this test's input files, under cargo's folder for integration
/// test output.
fn input_folder(name: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("robustness-{name}"));
    if folder.exists() {
        std::fs::remove_dir_all(&folder).expect("old inputs are removed");
    }
    std::fs::create_dir_all(&folder).expect("the input folder is created");
    folder
}

fn run_binary(arguments: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kserve-rbac"));
    command
        .args(arguments)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the binary starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    if let Some(bytes) = stdin {
        std::io::Write::write_all(&mut input, bytes).expect("stdin is written");
    }
    drop(input);
    let output = child.wait_with_output().expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "the binary panicked: {stderr}"
    );
    output
}

/// Runs `check -o json` and returns its exit code and report.
fn check_json(arguments: &[&str], stdin: Option<&[u8]>) -> (i32, Value) {
    let mut all = vec!["check", "-o", "json"];
    all.extend_from_slice(arguments);
    let output = run_binary(&all, stdin);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "check prints JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().expect("the binary exits"), report)
}

/// Returns `(file, line, column)` of each diagnostic with this code in a JSON report.
fn report_locations(report: &Value, code: &str) -> Vec<(String, u64, Option<u64>)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics are a list")
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let location = &d["location"];
            (
                location["file"].as_str().unwrap_or_default().to_owned(),
                location["line"]
                    .as_u64()
                    .expect("the diagnostic has a line"),
                location["column"].as_u64(),
            )
        })
        .collect()
}

/// Returns the 1-based line and column of the first byte of `bytes` that is not UTF-8.
fn first_invalid_byte(bytes: &[u8]) -> (u64, u64) {
    let valid = std::str::from_utf8(bytes)
        .expect_err("the bytes are not UTF-8")
        .valid_up_to();
    let prefix = &bytes[..valid];
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = prefix.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line as u64, column as u64)
}

/// Bytes that are not UTF-8, from a fixed linear congruential generator.
fn binary_bytes(count: usize) -> Vec<u8> {
    let mut state: u32 = 0x2545_f491;
    (0..count)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn binary_files_reported_others_load() {
    let folder = input_folder("binary");
    let invalid = folder.join("invalid-utf8.yaml");
    std::fs::write(
        &invalid,
        b"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\xff\xfeb\n",
    )
    .expect("written");
    let nul = folder.join("nul.yaml");
    std::fs::write(&nul, vec![0u8; 64 * 1024]).expect("written");
    let binary = folder.join("binary.yaml");
    let mut bytes = b"kind: A\n".to_vec();
    bytes.extend(binary_bytes(64 * 1024));
    let binary_position = first_invalid_byte(&bytes);
    std::fs::write(&binary, bytes).expect("written");
    let valid = folder.join("valid.yaml");
    std::fs::write(&valid, SURVIVOR).expect("written");

    let paths: Vec<String> = [&invalid, &nul, &binary, &valid]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut arguments = Vec::new();
    for path in &paths {
        arguments.extend(["-f", path.as_str()]);
    }
    let (code, report) = check_json(&arguments, None);
    assert_eq!(code, 1, "errors fail check: {report:#}");

    // Skipped files are reported after the loaded ones, by line.
    let mut unreadable = report_locations(&report, codes::UNREADABLE_FILE);
    unreadable.sort();
    let mut expected = vec![
        (paths[0].clone(), 4, Some(10)),
        (paths[2].clone(), binary_position.0, Some(binary_position.1)),
    ];
    expected.sort();
    assert_eq!(unreadable, expected, "{report:#}");
    // NUL bytes are UTF-8, so the YAML parser rejects them instead.
    let invalid_yaml = report_locations(&report, codes::INVALID_YAML);
    assert_eq!(invalid_yaml, vec![(paths[1].clone(), 1, Some(1))]);
    assert_eq!(report["kinds"]["ClusterRole"]["count"], 1);
    assert_eq!(report["kinds"]["ClusterRoleBinding"]["count"], 1);

    // The valid file still answers access questions.
    let mut can_i = vec!["can-i", "get", "pods", "--as", "alice"];
    can_i.extend(arguments.iter().copied());
    let output = run_binary(&can_i, None);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "yes");
}

#[test]
fn binary_stdin_reported() {
    let mut bytes = SURVIVOR.as_bytes().to_vec();
    bytes.extend(binary_bytes(4096));
    let (line, column) = first_invalid_byte(&bytes);
    assert!(line > SURVIVOR.lines().count() as u64);
    let (code, report) = check_json(&["-f", "-"], Some(&bytes));
    assert_eq!(code, 1);
    let unreadable = report_locations(&report, codes::UNREADABLE_FILE);
    assert_eq!(
        unreadable,
        vec![("<stdin>".to_owned(), line, Some(column))],
        "{report:#}"
    );
}

#[test]
fn hostile_folder_checked_without_panic() {
    let folder = input_folder("hostile");
    let files = [
        ("bomb.yaml", billion_laughs()),
        (
            "deep.yaml",
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        ("tabs.yaml", "metadata:\n\tname: x\n".to_owned()),
        (
            "quoted.yaml",
            cluster_role(
                "quoted",
                &format!("rules: \"a at line {} column 1\"", usize::MAX),
            ),
        ),
        ("only-markers.yaml", "---\n...\n---\n".to_owned()),
        ("valid.yaml", SURVIVOR.to_owned()),
    ];
    for (name, text) in &files {
        std::fs::write(folder.join(name), text).expect("written");
    }
    let folder_path = folder.display().to_string();
    let (code, report) = check_json(&["-f", &folder_path], None);
    assert_eq!(code, 1, "{report:#}");
    let file_name = |location: &(String, u64, Option<u64>)| {
        Path::new(&location.0)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let invalid_yaml: Vec<(String, u64)> = report_locations(&report, codes::INVALID_YAML)
        .iter()
        .map(|l| (file_name(l), l.1))
        .collect();
    assert_eq!(
        invalid_yaml,
        vec![
            ("bomb.yaml".to_owned(), 7),
            ("deep.yaml".to_owned(), 1),
            ("tabs.yaml".to_owned(), 2),
        ]
    );
    let invalid_object: Vec<(String, u64)> = report_locations(&report, codes::INVALID_OBJECT)
        .iter()
        .map(|l| (file_name(l), l.1))
        .collect();
    assert_eq!(invalid_object, vec![("quoted.yaml".to_owned(), 5)]);
    assert_eq!(report["kinds"]["ClusterRole"]["count"], 1);

    // The text output, with its code frames, survives the same input.
    let output = run_binary(&["check", "-f", &folder_path], None);
    assert_eq!(output.status.code(), Some(1));
}
