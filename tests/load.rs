//! The loader: YAML streams, JSON, lists, other kinds, and located diagnostics for documents
//! that cannot be read.
#![cfg(not(target_arch = "wasm32"))]

use kserve_rbac::diagnostic::codes;
use kserve_rbac::load::{load, Loaded};
use kserve_rbac::{
    Attributes, Diagnostic, LoadedObject, Object, ResourceAttributes, Severity, SourceFile,
    UserInfo, Workspace,
};

/// Joins lines with newlines, so that a line's index in the slice plus one is its line number.
fn lines(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn load_one(name: &str, text: &str) -> Loaded {
    load(&[SourceFile::new(name, text)])
}

fn object<'a>(loaded: &'a Loaded, name: &str) -> &'a LoadedObject {
    loaded
        .objects
        .iter()
        .find(|object| object.meta.name == name)
        .unwrap_or_else(|| panic!("object {name} is loaded: {:#?}", loaded.objects))
}

fn diagnostics<'a>(loaded: &'a Loaded, code: &str) -> Vec<&'a Diagnostic> {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

/// Returns `(file, document, line, column)` of an object's location.
fn position(object: &LoadedObject) -> (String, usize, usize, Option<usize>) {
    let location = object
        .meta
        .location
        .as_ref()
        .expect("loaded objects have a location");
    (
        location.file.to_string(),
        location.document,
        location.line,
        location.column,
    )
}

fn diagnostic_position(diagnostic: &Diagnostic) -> (String, usize, usize, Option<usize>) {
    let location = diagnostic
        .location
        .as_ref()
        .expect("the diagnostic has a location");
    (
        location.file.to_string(),
        location.document,
        location.line,
        location.column,
    )
}

const CLUSTER_ROLE: &[&str] = &[
    "apiVersion: rbac.authorization.k8s.io/v1",
    "kind: ClusterRole",
    "metadata:",
    "  name: reader",
    "rules:",
    "- apiGroups: [\"\"]",
    "  resources: [pods]",
    "  verbs: [get, list]",
];

#[test]
fn multi_document_stream_lines() {
    let text = lines(&[
        "# Roles for the test.",                    // 1
        "apiVersion: rbac.authorization.k8s.io/v1", // 2
        "kind: ClusterRole",                        // 3
        "metadata: {name: first}",                  // 4
        "---",                                      // 5
        "",                                         // 6
        "# The second document.",                   // 7
        "apiVersion: rbac.authorization.k8s.io/v1", // 8
        "kind: Role",                               // 9
        "metadata: {name: second, namespace: ns1}", // 10
        "---",                                      // 11
        "---",                                      // 12
        "apiVersion: v1",                           // 13
        "kind: Namespace",                          // 14
        "metadata: {name: third}",                  // 15
        "...",                                      // 16
    ]);
    let loaded = load_one("stream.yaml", &text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.documents, 3);
    assert_eq!(loaded.objects.len(), 3);
    assert_eq!(
        position(object(&loaded, "first")),
        ("stream.yaml".to_owned(), 0, 2, Some(1))
    );
    assert_eq!(
        position(object(&loaded, "second")),
        ("stream.yaml".to_owned(), 1, 8, Some(1))
    );
    assert_eq!(
        position(object(&loaded, "third")),
        ("stream.yaml".to_owned(), 2, 13, Some(1))
    );
}

#[test]
fn objects_keep_kind_and_scope() {
    let text = lines(&[
        "apiVersion: rbac.authorization.k8s.io/v1",
        "kind: ClusterRole",
        "metadata: {name: cluster-scoped, namespace: ignored}",
        "---",
        "apiVersion: rbac.authorization.k8s.io/v1",
        "kind: RoleBinding",
        "metadata: {name: bound, namespace: ns1}",
        "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-scoped}",
        "subjects: [{kind: User, name: alice}]",
    ]);
    let loaded = load_one("scope.yaml", &text);
    let role = object(&loaded, "cluster-scoped");
    assert!(matches!(role.object, Object::ClusterRole(_)));
    assert_eq!(role.meta.kind, "ClusterRole");
    assert_eq!(role.meta.api_version, "rbac.authorization.k8s.io/v1");
    assert_eq!(role.meta.namespace, None);
    assert!(!role.meta.implied);
    assert_eq!(role.implied_by, None);
    let binding = object(&loaded, "bound");
    assert!(matches!(binding.object, Object::RoleBinding(_)));
    assert_eq!(binding.meta.namespace.as_deref(), Some("ns1"));
}

#[test]
fn json_object_loads() {
    let text = r#"{
  "apiVersion": "rbac.authorization.k8s.io/v1",
  "kind": "ClusterRole",
  "metadata": {"name": "from-json"},
  "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]
}
"#;
    let loaded = load_one("role.json", text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let role = object(&loaded, "from-json");
    let Object::ClusterRole(cluster_role) = &role.object else {
        panic!("a ClusterRole: {role:?}");
    };
    assert_eq!(cluster_role.rules.as_ref().unwrap()[0].verbs, vec!["get"]);
    assert_eq!(position(role), ("role.json".to_owned(), 0, 1, Some(1)));
}

#[test]
fn json_list_loads_items() {
    let text = r#"{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}},
  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}
]}
"#;
    let loaded = load_one("list.json", text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.documents, 1);
    let names: Vec<&str> = loaded
        .objects
        .iter()
        .map(|o| o.meta.name.as_str())
        .collect();
    assert_eq!(names, vec!["a", "b"]);
    assert!(loaded
        .objects
        .iter()
        .all(|o| matches!(o.object, Object::Namespace(_))));
}

#[test]
fn kind_list_items_located() {
    let text = lines(&[
        "apiVersion: v1",                             // 1
        "kind: List",                                 // 2
        "items:",                                     // 3
        "- apiVersion: rbac.authorization.k8s.io/v1", // 4
        "  kind: ClusterRole",                        // 5
        "  metadata:",                                // 6
        "    name: first",                            // 7
        "  rules:",                                   // 8
        "  - apiGroups: [\"\"]",                      // 9
        "    resources: [pods]",                      // 10
        "    verbs: [get]",                           // 11
        "- apiVersion: v1",                           // 12
        "  kind: ServiceAccount",                     // 13
        "  metadata: {name: second, namespace: ns1}", // 14
    ]);
    let loaded = load_one("list.yaml", &text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.documents, 1);
    assert_eq!(loaded.objects.len(), 2);
    assert_eq!(position(object(&loaded, "first")).2, 4);
    assert_eq!(position(object(&loaded, "second")).2, 12);
    assert!(matches!(
        object(&loaded, "second").object,
        Object::ServiceAccount(_)
    ));
}

#[test]
fn typed_list_from_kubectl() {
    // The shape of `kubectl get clusterroles -o yaml`, after a leading document.
    let text = lines(&[
        "apiVersion: v1",                             // 1
        "kind: Namespace",                            // 2
        "metadata: {name: before}",                   // 3
        "---",                                        // 4
        "apiVersion: rbac.authorization.k8s.io/v1",   // 5
        "items:",                                     // 6
        "- apiVersion: rbac.authorization.k8s.io/v1", // 7
        "  kind: ClusterRole",                        // 8
        "  metadata:",                                // 9
        "    name: admin",                            // 10
        "    resourceVersion: \"301\"",               // 11
        "  rules:",                                   // 12
        "  - apiGroups: [\"*\"]",                     // 13
        "    resources: [\"*\"]",                     // 14
        "    verbs: [\"*\"]",                         // 15
        "- apiVersion: rbac.authorization.k8s.io/v1", // 16
        "  kind: ClusterRole",                        // 17
        "  metadata:",                                // 18
        "    name: view",                             // 19
        "  rules: []",                                // 20
        "kind: ClusterRoleList",                      // 21
        "metadata:",                                  // 22
        "  resourceVersion: \"\"",                    // 23
    ]);
    let loaded = load_one("roles.yaml", &text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.documents, 2);
    assert_eq!(loaded.objects.len(), 3);
    let admin = object(&loaded, "admin");
    assert!(matches!(admin.object, Object::ClusterRole(_)));
    assert_eq!(position(admin), ("roles.yaml".to_owned(), 1, 7, None));
    assert_eq!(position(object(&loaded, "view")).2, 16);
}

#[test]
fn document_without_type_skipped() {
    let text = lines(&[
        "apiVersion: v1",          // 1
        "kind: Namespace",         // 2
        "metadata: {name: kept}",  // 3
        "---",                     // 4
        "resources:",              // 5
        "- roles.yaml",            // 6
        "namespace: kubeflow",     // 7
        "---",                     // 8
        "apiVersion: v1",          // 9
        "kind: Namespace",         // 10
        "metadata: {name: after}", // 11
    ]);
    let loaded = load_one("kustomization.yaml", &text);
    assert_eq!(loaded.documents, 3);
    assert_eq!(loaded.objects.len(), 2);
    let skipped = diagnostics(&loaded, codes::NOT_AN_OBJECT);
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].severity, Severity::Info);
    assert!(
        skipped[0].message.contains("document 2"),
        "{}",
        skipped[0].message
    );
    assert_eq!(
        diagnostic_position(skipped[0]),
        ("kustomization.yaml".to_owned(), 1, 5, Some(1))
    );
    assert_eq!(loaded.diagnostics.len(), 1);
}

#[test]
fn list_item_without_type_skipped() {
    let text = lines(&[
        "apiVersion: v1",
        "kind: List",
        "items:",
        "- apiVersion: v1",
        "  kind: Namespace",
        "  metadata: {name: kept}",
        "- just: a mapping",
    ]);
    let loaded = load_one("list.yaml", &text);
    assert_eq!(loaded.objects.len(), 1);
    let skipped = diagnostics(&loaded, codes::NOT_AN_OBJECT);
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].severity, Severity::Info);
    assert!(
        skipped[0].message.contains("item 1"),
        "{}",
        skipped[0].message
    );
    assert_eq!(diagnostic_position(skipped[0]).2, 7);
}

#[test]
fn other_kinds_kept_and_counted() {
    let text = lines(&[
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: controller",
        "  namespace: kserve",
        "spec: {replicas: 1}",
        "---",
        "apiVersion: networking.istio.io/v1beta1",
        "kind: Gateway",
        "metadata: {name: ingress, namespace: istio-system}",
        "---",
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"flow\"}}",
    ]);
    let loaded = load_one("other.yaml", &text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.objects.len(), 3);

    let deployment = object(&loaded, "controller");
    assert_eq!(deployment.object, Object::Other);
    assert_eq!(deployment.meta.kind, "Deployment");
    assert_eq!(deployment.meta.api_version, "apps/v1");
    assert_eq!(deployment.meta.namespace.as_deref(), Some("kserve"));
    assert_eq!(position(deployment).2, 1);

    let gateway = object(&loaded, "ingress");
    assert_eq!(gateway.object, Object::Other);
    assert_eq!(gateway.meta.kind, "Gateway");
    assert_eq!(position(gateway).2, 8);

    let config_map = object(&loaded, "flow");
    assert_eq!(config_map.object, Object::Other);
    assert_eq!(config_map.meta.kind, "ConfigMap");
}

#[test]
fn invalid_yaml_located_others_load() {
    let mut text = lines(CLUSTER_ROLE); // lines 1-8
    text.push_str(&lines(&[
        "---",                      // 9
        "apiVersion: v1",           // 10
        "kind: ConfigMap",          // 11
        "metadata: {name: broken}", // 12
        "data:",                    // 13
        "  key: [unclosed",         // 14
        "  other: value",           // 15
        "---",                      // 16
        "apiVersion: v1",           // 17
        "kind: Namespace",          // 18
        "metadata: {name: after}",  // 19
    ]));
    let loaded = load(&[
        SourceFile::new(
            "first.yaml",
            lines(&[
                "apiVersion: v1",
                "kind: Namespace",
                "metadata: {name: other-file}",
            ]),
        ),
        SourceFile::new("broken.yaml", text),
    ]);

    let errors = diagnostics(&loaded, codes::INVALID_YAML);
    assert_eq!(errors.len(), 1, "{:#?}", loaded.diagnostics);
    let error = errors[0];
    assert_eq!(error.severity, Severity::Error);

    let (file, document, line, column) = diagnostic_position(error);
    assert_eq!(file, "broken.yaml");
    assert_eq!(document, 1);
    assert_eq!(line, 15);
    assert_eq!(column, Some(8));
    assert!(error.message.contains("document 2"), "{}", error.message);
    assert!(
        error.message.contains("at line 14 column 8"),
        "the message names the file line where the sequence starts: {}",
        error.message
    );
    assert!(error.help.is_some());

    assert!(object(&loaded, "reader").meta.location.is_some());
    assert_eq!(
        position(object(&loaded, "after")),
        ("broken.yaml".to_owned(), 2, 17, Some(1))
    );
    assert_eq!(position(object(&loaded, "other-file")).0, "first.yaml");
    assert!(!loaded.objects.iter().any(|o| o.meta.name == "broken"));
    assert_eq!(loaded.documents, 4);
}

#[test]
fn invalid_yaml_without_type_located() {
    let text = lines(&[
        "apiVersion: v1",          // 1
        "kind: Namespace",         // 2
        "metadata: {name: a}",     // 3
        "---",                     // 4
        "key: value",              // 5
        "  bad indentation: here", // 6
    ]);
    let loaded = load_one("bad.yaml", &text);
    let errors = diagnostics(&loaded, codes::INVALID_YAML);
    assert_eq!(errors.len(), 1, "{:#?}", loaded.diagnostics);
    let (_, document, line, _) = diagnostic_position(errors[0]);
    assert_eq!(document, 1);
    assert_eq!(line, 6);
    assert_eq!(loaded.objects.len(), 1);
}

#[test]
fn schema_mismatch_names_field() {
    let text = lines(&[
        "apiVersion: v1",                           // 1
        "kind: Namespace",                          // 2
        "metadata: {name: first}",                  // 3
        "---",                                      // 4
        "apiVersion: rbac.authorization.k8s.io/v1", // 5
        "kind: ClusterRole",                        // 6
        "metadata:",                                // 7
        "  name: wrong",                            // 8
        "rules:",                                   // 9
        "- apiGroups: [\"\"]",                      // 10
        "  resources: [pods]",                      // 11
        "  verbs: get",                             // 12
    ]);
    let loaded = load_one("schema.yaml", &text);

    let errors = diagnostics(&loaded, codes::INVALID_OBJECT);
    assert_eq!(errors.len(), 1, "{:#?}", loaded.diagnostics);
    let error = errors[0];
    assert_eq!(error.severity, Severity::Error);
    assert!(
        error.message.contains("rules[0].verbs"),
        "{}",
        error.message
    );
    assert!(error.message.contains("\"wrong\""), "{}", error.message);
    assert!(!error.message.contains(" at line "), "{}", error.message);
    assert_eq!(
        diagnostic_position(error),
        ("schema.yaml".to_owned(), 1, 12, Some(10))
    );

    assert!(!loaded.objects.iter().any(|o| o.meta.name == "wrong"));
    assert_eq!(loaded.objects.len(), 1);
}

#[test]
fn json_schema_mismatch_names_field() {
    let text = lines(&[
        "apiVersion: v1",
        "kind: Namespace",
        "metadata: {name: first}",
        "---",
        "{\"apiVersion\": \"rbac.authorization.k8s.io/v1\", \"kind\": \"Role\",",
        " \"metadata\": {\"name\": \"json-role\", \"namespace\": \"ns1\"},",
        " \"rules\": [{\"verbs\": [\"get\"], \"resources\": \"pods\"}]}",
    ]);
    let loaded = load_one("schema.json", &text);
    let errors = diagnostics(&loaded, codes::INVALID_OBJECT);
    assert_eq!(errors.len(), 1, "{:#?}", loaded.diagnostics);
    let error = errors[0];
    assert!(
        error.message.contains("rules[0].resources"),
        "{}",
        error.message
    );
    assert!(error.message.contains("\"json-role\""), "{}", error.message);
    let (file, document, line, column) = diagnostic_position(error);
    assert_eq!((file.as_str(), document, line), ("schema.json", 1, 7));
    assert!(column.is_some());
}

#[test]
fn schema_mismatch_in_subjects() {
    let text = lines(&[
        "apiVersion: rbac.authorization.k8s.io/v1",
        "kind: ClusterRoleBinding",
        "metadata: {name: no-role-ref}",
        "subjects:",
        "- kind: User",
        "  name: [alice]",
    ]);
    let loaded = load_one("binding.yaml", &text);
    let errors = diagnostics(&loaded, codes::INVALID_OBJECT);
    assert_eq!(errors.len(), 1, "{:#?}", loaded.diagnostics);
    assert!(
        errors[0].message.contains("subjects[0].name"),
        "{}",
        errors[0].message
    );
    assert_eq!(diagnostic_position(errors[0]).2, 6);
}

#[test]
fn deprecated_rbac_version_warns() {
    let text = lines(&[
        "apiVersion: rbac.authorization.k8s.io/v1beta1",
        "kind: ClusterRole",
        "metadata: {name: old-reader}",
        "rules:",
        "- apiGroups: [\"\"]",
        "  resources: [pods]",
        "  verbs: [get]",
        "---",
        "apiVersion: rbac.authorization.k8s.io/v1beta1",
        "kind: RoleBinding",
        "metadata: {name: old-binding, namespace: ns1}",
        "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: old-reader}",
        "subjects: [{kind: User, name: alice}]",
    ]);
    let loaded = load_one("old.yaml", &text);
    let warnings = diagnostics(&loaded, codes::DEPRECATED_API_VERSION);
    assert_eq!(warnings.len(), 2, "{:#?}", loaded.diagnostics);
    assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
    assert_eq!(diagnostic_position(warnings[1]).2, 9);
    let role = object(&loaded, "old-reader");
    assert!(matches!(role.object, Object::ClusterRole(_)));
    assert_eq!(role.meta.api_version, "rbac.authorization.k8s.io/v1");
    assert!(matches!(
        object(&loaded, "old-binding").object,
        Object::RoleBinding(_)
    ));

    let workspace = Workspace::new(&[SourceFile::new("old.yaml", text)]);
    let request = Attributes::Resource(ResourceAttributes {
        namespace: "ns1".to_owned(),
        verb: "get".to_owned(),
        resource: "pods".to_owned(),
        ..ResourceAttributes::default()
    });
    assert!(workspace.allows(&UserInfo::impersonated("alice", &[]), &request));
}

#[test]
fn deprecated_other_version_counted() {
    let text = lines(&[
        "apiVersion: apiextensions.k8s.io/v1beta1",
        "kind: CustomResourceDefinition",
        "metadata: {name: widgets.example.com}",
        "spec: {group: example.com}",
    ]);
    let loaded = load_one("crd.yaml", &text);
    let warnings = diagnostics(&loaded, codes::DEPRECATED_API_VERSION);
    assert_eq!(warnings.len(), 1, "{:#?}", loaded.diagnostics);
    let crd = object(&loaded, "widgets.example.com");
    assert_eq!(crd.object, Object::Other);
    assert_eq!(crd.meta.kind, "CustomResourceDefinition");
}

#[test]
fn profile_v1beta1_loads() {
    let text = lines(&[
        "apiVersion: kubeflow.org/v1beta1",
        "kind: Profile",
        "metadata:",
        "  name: team-old",
        "spec:",
        "  owner: {kind: User, name: owner@example.com}",
    ]);
    let loaded = load_one("profile.yaml", &text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let profile = object(&loaded, "team-old");
    let Object::Profile(typed) = &profile.object else {
        panic!("a Profile: {profile:?}");
    };
    assert_eq!(typed.spec.owner.as_ref().unwrap().name, "owner@example.com");
    assert_eq!(profile.meta.api_version, "kubeflow.org/v1beta1");
    assert_eq!(profile.meta.namespace, None);

    let workspace = Workspace::new(&[SourceFile::new("profile.yaml", text)]);
    let owner_binding = workspace
        .objects()
        .iter()
        .find(|o| o.meta.name == "namespaceAdmin")
        .expect("the Profile implies the owner's binding");
    assert!(owner_binding.meta.implied);
    assert_eq!(owner_binding.meta.namespace.as_deref(), Some("team-old"));
    assert_eq!(owner_binding.implied_by.as_deref(), Some("team-old"));
}

#[test]
fn role_without_namespace_defaults() {
    let text = lines(&[
        "apiVersion: rbac.authorization.k8s.io/v1",
        "kind: Role",
        "metadata: {name: local-reader}",
        "rules: [{apiGroups: [\"\"], resources: [pods], verbs: [get]}]",
        "---",
        "apiVersion: rbac.authorization.k8s.io/v1",
        "kind: RoleBinding",
        "metadata: {name: local-binding}",
        "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: local-reader}",
        "subjects: [{kind: User, name: alice}]",
    ]);
    let loaded = load_one("local.yaml", &text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(object(&loaded, "local-reader").meta.namespace, None);

    let workspace = Workspace::new(&[SourceFile::new("local.yaml", text)]);
    let notes: Vec<&Diagnostic> = workspace
        .diagnostics()
        .iter()
        .filter(|d| d.code == codes::NO_NAMESPACE)
        .collect();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|d| d.severity == Severity::Info));
    assert_eq!(notes[0].location.as_ref().unwrap().line, 1);
    let request = |namespace: &str| {
        Attributes::Resource(ResourceAttributes {
            namespace: namespace.to_owned(),
            verb: "get".to_owned(),
            resource: "pods".to_owned(),
            ..ResourceAttributes::default()
        })
    };
    let alice = UserInfo::impersonated("alice", &[]);
    assert!(workspace.allows(&alice, &request("default")));
    assert!(!workspace.allows(&alice, &request("ns1")));
}

#[test]
fn files_keep_own_document_indexes() {
    let loaded = load(&[
        SourceFile::new(
            "a.yaml",
            lines(&[
                "apiVersion: v1",
                "kind: Namespace",
                "metadata: {name: a0}",
                "---",
                "apiVersion: v1",
                "kind: Namespace",
                "metadata: {name: a1}",
            ]),
        ),
        SourceFile::new(
            "b.yaml",
            lines(&[
                "",
                "apiVersion: v1",
                "kind: Namespace",
                "metadata: {name: b0}",
            ]),
        ),
    ]);
    assert_eq!(loaded.documents, 3);
    assert_eq!(
        position(object(&loaded, "a0")),
        ("a.yaml".to_owned(), 0, 1, Some(1))
    );
    assert_eq!(
        position(object(&loaded, "a1")),
        ("a.yaml".to_owned(), 1, 5, Some(1))
    );
    assert_eq!(
        position(object(&loaded, "b0")),
        ("b.yaml".to_owned(), 0, 2, Some(1))
    );
}

#[test]
fn content_after_marker_loads() {
    let text = "--- {apiVersion: v1, kind: Namespace, metadata: {name: inline}}\n--- {apiVersion: v1, kind: Namespace, metadata: {name: second}}\n";
    let loaded = load_one("inline.yaml", text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(position(object(&loaded, "inline")).2, 1);
    assert_eq!(position(object(&loaded, "second")).2, 2);
}

#[test]
fn empty_input_loads_nothing() {
    let loaded = load_one("empty.yaml", "# only a comment\n---\n\n---\n");
    assert_eq!(loaded.documents, 0);
    assert!(loaded.objects.is_empty());
    assert!(loaded.diagnostics.is_empty());
}

#[test]
fn every_object_has_location() {
    let text = lines(CLUSTER_ROLE);
    let loaded = load(&[
        SourceFile::new("roles.yaml", text),
        SourceFile::new(
            "profile.yaml",
            lines(&[
                "apiVersion: kubeflow.org/v1",
                "kind: Profile",
                "metadata: {name: t}",
                "spec: {owner: {kind: User, name: o@example.com}}",
            ]),
        ),
    ]);
    let workspace = Workspace::from_objects(loaded.objects, loaded.diagnostics, loaded.documents);
    assert!(workspace.objects().len() > 2);
    for object in workspace.objects() {
        let location = object
            .meta
            .location
            .as_ref()
            .unwrap_or_else(|| panic!("{} has a location", object.meta.display_name()));
        assert!(location.line >= 1);
        if object.meta.implied {
            assert_eq!(&*location.file, "profile.yaml");
            assert_eq!(object.implied_by.as_deref(), Some("t"));
        }
    }
}

#[test]
fn byte_order_mark_skipped() {
    let text = format!("\u{feff}{}", lines(CLUSTER_ROLE));
    let loaded = load_one("windows.yaml", &text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(
        position(object(&loaded, "reader")),
        ("windows.yaml".to_owned(), 0, 1, Some(1))
    );
}

#[test]
fn crlf_line_endings_load() {
    let text = lines(CLUSTER_ROLE).replace('\n', "\r\n")
        + "---\r\napiVersion: v1\r\nkind: Namespace\r\nmetadata: {name: second}\r\n";
    let loaded = load_one("crlf.yaml", &text);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(position(object(&loaded, "reader")).2, 1);
    assert_eq!(position(object(&loaded, "second")).2, 10);
}
