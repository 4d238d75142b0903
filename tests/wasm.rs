//! Tests of the JavaScript boundary in `src/wasm.rs`, run in Node by
//! `wasm-pack test --node -- --no-default-features`. They check what JavaScript receives:
//! plain objects, null for missing values, and `Error` objects for unusable arguments.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use kserve_rbac::wasm::{
    generate_roles, version, ICanIQueries, ICanIQuery, IFiles, IGenerateOptions, IRulesQuery,
    ISubjectAccessReview, IWhoCanQuery, IWorkspaceOptions, Workspace,
};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const KUBEFLOW_ROLES: &str = include_str!("../examples/kubeflow-kserve/kubeflow-roles.yaml");
const KSERVE_ROLES: &str = include_str!("../examples/kubeflow-kserve/kserve-roles.yaml");
const PROFILES: &str = include_str!("../examples/kubeflow-kserve/profiles.yaml");
const CONTRIBUTORS: &str = include_str!("../examples/kubeflow-kserve/contributors.yaml");

/// Parses JSON text into a JavaScript value, whose objects are plain objects.
fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap_or_else(|error| panic!("test JSON does not parse: {error:?}"))
}

/// Reads a property path such as `trace.binding.name` or `roles.0.metadata`; array indexes
/// are property names in JavaScript too.
fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |current, key| {
        assert!(
            current.is_object(),
            "cannot read {key:?} of {current:?} on the way to {path:?}"
        );
        Reflect::get(&current, &JsValue::from_str(key)).expect("Reflect.get on an object")
    })
}

/// Reads one property whose name may contain dots, such as a label key.
fn get_key(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("Reflect.get on an object")
}

fn get_string(value: &JsValue, path: &str) -> String {
    get(value, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string in {}", stringify(value)))
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value)
        .map(String::from)
        .unwrap_or_else(|_| format!("{value:?}"))
}

fn array(value: JsValue, what: &str) -> Vec<JsValue> {
    assert!(Array::is_array(&value), "{what} is not an array: {value:?}");
    Array::from(&value).to_vec()
}

fn strings(value: JsValue, what: &str) -> Vec<String> {
    array(value, what)
        .into_iter()
        .map(|item| item.as_string().expect("array of strings"))
        .collect()
}

/// Asserts that `value` is an object literal: not a `Map`, with `Object.prototype` as its
/// prototype.
fn assert_plain_object(value: &JsValue, what: &str) {
    assert!(value.is_object(), "{what} is not an object: {value:?}");
    assert!(
        !value.is_instance_of::<js_sys::Map>(),
        "{what} is a Map, expected a plain object"
    );
    let prototype: JsValue = Object::get_prototype_of(value).into();
    let plain_prototype: JsValue = Object::get_prototype_of(&Object::new()).into();
    assert!(
        prototype == plain_prototype,
        "{what} does not have Object.prototype as its prototype"
    );
}

/// Asserts that `key` exists on `object` and is not `undefined`; returns its value.
fn assert_defined(object: &JsValue, key: &str, what: &str) -> JsValue {
    let key_value = JsValue::from_str(key);
    assert!(
        Reflect::has(object, &key_value).expect("Reflect.has on an object"),
        "{what} lacks the property {key:?}: {}",
        stringify(object)
    );
    let value = Reflect::get(object, &key_value).expect("Reflect.get on an object");
    assert!(
        !value.is_undefined(),
        "{what}.{key} is undefined, expected a value or null"
    );
    value
}

/// Checks the shape of an ObjectRef (or ObjectSummary) that JavaScript receives.
fn assert_object_ref(value: &JsValue, what: &str) {
    assert_plain_object(value, what);
    for key in [
        "kind",
        "apiVersion",
        "name",
        "namespace",
        "implied",
        "location",
    ] {
        assert_defined(value, key, what);
    }
    let location = get(value, "location");
    if !location.is_null() {
        assert_location(&location, &format!("{what}.location"));
    }
}

fn assert_location(value: &JsValue, what: &str) {
    assert_plain_object(value, what);
    for key in ["file", "document", "line", "column"] {
        assert_defined(value, key, what);
    }
    assert!(
        get(value, "line").as_f64().is_some(),
        "{what}.line is not a number"
    );
}

/// Returns the message of a JavaScript `Error`, and fails if `error` is anything else.
fn error_message(error: JsError) -> String {
    let value: JsValue = error.into();
    let error = value
        .dyn_into::<js_sys::Error>()
        .unwrap_or_else(|value| panic!("the error is not a JavaScript Error: {value:?}"));
    error.message().into()
}

/// Calls the constructor as JavaScript does: `undefined` options arrive as `None`.
fn new_workspace(files: JsValue, options: JsValue) -> Result<Workspace, JsError> {
    let options = (!options.is_undefined()).then(|| options.unchecked_into::<IWorkspaceOptions>());
    Workspace::new(files.unchecked_into::<IFiles>(), options)
}

/// Calls generateRoles as JavaScript does: `undefined` options arrive as `None`.
fn generate(options: JsValue) -> Result<JsValue, JsError> {
    let options = (!options.is_undefined()).then(|| options.unchecked_into::<IGenerateOptions>());
    generate_roles(options).map(Into::into)
}

fn workspace(files: JsValue) -> Workspace {
    match new_workspace(files, JsValue::UNDEFINED) {
        Ok(workspace) => workspace,
        Err(error) => panic!("Workspace constructor threw: {}", error_message(error)),
    }
}

/// Loads the bundled example as named files, the way the playground passes them.
fn example_workspace() -> Workspace {
    let files = serde_json::json!([
        {"name": "kubeflow-roles.yaml", "text": KUBEFLOW_ROLES},
        {"name": "kserve-roles.yaml", "text": KSERVE_ROLES},
        {"name": "profiles.yaml", "text": PROFILES},
        {"name": "contributors.yaml", "text": CONTRIBUTORS},
    ]);
    workspace(js(&files.to_string()))
}

fn can_i(workspace: &Workspace, query: &str) -> JsValue {
    match workspace.can_i(js(query).unchecked_into::<ICanIQuery>()) {
        Ok(decision) => decision.into(),
        Err(error) => panic!("canI({query}) threw: {}", error_message(error)),
    }
}

fn can_i_error(workspace: &Workspace, query: JsValue) -> String {
    match workspace.can_i(query.unchecked_into::<ICanIQuery>()) {
        Ok(decision) => panic!(
            "canI returned a decision, expected an Error: {}",
            stringify(&decision.into())
        ),
        Err(error) => error_message(error),
    }
}

fn diagnostics(workspace: &Workspace) -> Vec<JsValue> {
    let value: JsValue = workspace.diagnostics().expect("diagnostics()").into();
    array(value, "diagnostics()")
}

fn objects(workspace: &Workspace) -> Vec<JsValue> {
    let value: JsValue = workspace.objects().expect("objects()").into();
    array(value, "objects()")
}

fn find_object(objects: &[JsValue], kind: &str, name: &str) -> JsValue {
    objects
        .iter()
        .find(|o| get_string(o, "kind") == kind && get_string(o, "name") == name)
        .unwrap_or_else(|| panic!("no {kind} {name:?} among the objects"))
        .clone()
}

#[wasm_bindgen_test]
fn version_is_package_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn workspace_from_string() {
    let workspace = workspace(JsValue::from_str(PROFILES));
    let objects = objects(&workspace);
    let profile = find_object(&objects, "Profile", "team-a");
    assert_object_ref(&profile, "Profile team-a");
    assert_eq!(get_string(&profile, "location.file"), "input.yaml");
    assert!(get(&profile, "namespace").is_null());
    assert!(get(&profile, "impliedBy").is_null());
    assert_eq!(get(&profile, "implied").as_bool(), Some(false));

    let binding = objects
        .iter()
        .find(|o| {
            get_string(o, "kind") == "RoleBinding"
                && get_string(o, "name") == "namespaceAdmin"
                && get(o, "namespace").as_string().as_deref() == Some("team-a")
        })
        .expect("the implied namespaceAdmin RoleBinding of team-a");
    assert_eq!(get(binding, "implied").as_bool(), Some(true));
    assert_eq!(get_string(binding, "impliedBy"), "team-a");
    assert_eq!(get_string(binding, "location.file"), "input.yaml");
}

#[wasm_bindgen_test]
fn workspace_from_named_files() {
    let workspace = example_workspace();
    let objects = objects(&workspace);
    for (kind, name, file) in [
        ("ClusterRole", "kubeflow-admin", "kubeflow-roles.yaml"),
        ("ClusterRole", "kubeflow-kserve-edit", "kserve-roles.yaml"),
        ("Profile", "team-b", "profiles.yaml"),
        (
            "RoleBinding",
            "user-dave-example-com-clusterrole-view",
            "contributors.yaml",
        ),
    ] {
        let object = find_object(&objects, kind, name);
        assert_object_ref(&object, &format!("{kind} {name}"));
        assert_eq!(get_string(&object, "location.file"), file, "{kind} {name}");
    }
    let errors: Vec<String> = diagnostics(&workspace)
        .iter()
        .filter(|d| get_string(d, "severity") == "error")
        .map(stringify)
        .collect();
    assert!(errors.is_empty(), "error diagnostics: {errors:?}");
}

#[wasm_bindgen_test]
fn empty_file_list_loads_nothing() {
    let workspace = workspace(Array::new().into());
    assert!(objects(&workspace).is_empty());
    assert!(diagnostics(&workspace).is_empty());
}

#[wasm_bindgen_test]
fn diagnostics_use_null_not_undefined() {
    // A document that is not YAML, a binding to a missing role, a Role without namespace, and
    // a List item without kind (reported at a line, with no column).
    let text = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: to-nothing
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: not-there
subjects:
- kind: User
  name: erin@example.com
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: no-namespace
rules: []
---
key: [unclosed
---
apiVersion: v1
kind: List
items:
- just: a mapping
";
    let workspace = workspace(JsValue::from_str(text));
    let diagnostics = diagnostics(&workspace);
    assert!(
        diagnostics.len() >= 4,
        "expected at least 4 diagnostics, got {}",
        diagnostics.len()
    );
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        let what = format!("diagnostics()[{index}]");
        assert_plain_object(diagnostic, &what);
        for key in ["code", "severity", "message", "help", "location", "object"] {
            assert_defined(diagnostic, key, &what);
        }
        let location = get(diagnostic, "location");
        if !location.is_null() {
            assert_location(&location, &format!("{what}.location"));
        }
        let object = get(diagnostic, "object");
        if !object.is_null() {
            assert_object_ref(&object, &format!("{what}.object"));
        }
    }

    let by_code = |code: &str| {
        diagnostics
            .iter()
            .find(|d| get_string(d, "code") == code)
            .unwrap_or_else(|| panic!("no {code} diagnostic"))
            .clone()
    };
    let invalid_yaml = by_code("load/invalid-yaml");
    assert_eq!(get_string(&invalid_yaml, "severity"), "error");
    assert!(get(&invalid_yaml, "object").is_null());
    assert_eq!(get_string(&invalid_yaml, "location.file"), "input.yaml");
    assert_eq!(get(&invalid_yaml, "location.document").as_f64(), Some(2.0));

    let missing_role = by_code("rbac/missing-role");
    assert_eq!(get_string(&missing_role, "object.name"), "to-nothing");
    assert!(get(&missing_role, "object.namespace").is_null());

    let no_namespace = by_code("load/no-namespace");
    assert_eq!(get_string(&no_namespace, "object.namespace"), "default");

    let list_item = by_code("load/not-a-kubernetes-object");
    assert!(get(&list_item, "location.column").is_null());
    assert_eq!(get(&list_item, "location.line").as_f64(), Some(24.0));
}

#[wasm_bindgen_test]
fn bad_yaml_is_a_diagnostic() {
    let text = "\
apiVersion: kubeflow.org/v1
kind: Profile
metadata:
  name: team-c
spec:
  owner: {kind: User, name: frank@example.com}
---
kind: ClusterRole
metadata: {name: broken
";
    let workspace = workspace(JsValue::from_str(text));
    let diagnostics = diagnostics(&workspace);
    let invalid: Vec<&JsValue> = diagnostics
        .iter()
        .filter(|d| get_string(d, "code") == "load/invalid-yaml")
        .collect();
    assert_eq!(
        invalid.len(),
        1,
        "expected one load/invalid-yaml diagnostic"
    );
    assert_eq!(get(invalid[0], "location.document").as_f64(), Some(1.0));
    assert!(get(invalid[0], "location.line").as_f64().unwrap() >= 8.0);

    let objects = objects(&workspace);
    find_object(&objects, "Profile", "team-c");
}

#[wasm_bindgen_test]
fn labels_are_plain_objects() {
    let workspace = example_workspace();
    let roles = array(
        workspace
            .aggregated_cluster_roles()
            .expect("aggregatedClusterRoles()")
            .into(),
        "aggregatedClusterRoles()",
    );
    let edit = roles
        .iter()
        .find(|r| get_string(r, "metadata.name") == "kubeflow-kserve-edit")
        .expect("ClusterRole kubeflow-kserve-edit");
    assert_plain_object(edit, "the ClusterRole");
    let labels = get(edit, "metadata.labels");
    assert_plain_object(&labels, "metadata.labels");
    assert_eq!(
        get_key(
            &labels,
            "rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit"
        )
        .as_string(),
        Some("true".to_owned())
    );

    let admin = roles
        .iter()
        .find(|r| get_string(r, "metadata.name") == "kubeflow-admin")
        .expect("ClusterRole kubeflow-admin");
    let match_labels = get(admin, "aggregationRule.clusterRoleSelectors.0.matchLabels");
    assert_plain_object(&match_labels, "matchLabels");
    let rules = array(get(admin, "rules"), "kubeflow-admin rules");
    assert!(
        rules.len() >= 4,
        "kubeflow-admin should carry the aggregated rules, got {}",
        rules.len()
    );

    let generated = generate(JsValue::UNDEFINED).expect("generateRoles()");
    assert_plain_object(&generated, "generateRoles()");
    for role in array(get(&generated, "roles"), "roles") {
        assert_plain_object(&get(&role, "metadata.labels"), "generated metadata.labels");
    }
}

#[wasm_bindgen_test]
fn can_i_allowed_with_trace() {
    let workspace = example_workspace();
    let decision = can_i(
        &workspace,
        r#"{"user": "alice@example.com", "verb": "create", "group": "serving.kserve.io",
            "resource": "inferenceservices", "namespace": "team-a"}"#,
    );
    assert_plain_object(&decision, "the decision");
    assert_eq!(get(&decision, "allowed").as_bool(), Some(true));
    assert_eq!(
        get_string(&decision, "reason"),
        "RBAC: allowed by RoleBinding \"namespaceAdmin/team-a\" of ClusterRole \"kubeflow-admin\" to User \"alice@example.com\""
    );
    assert_eq!(get_string(&decision, "user"), "alice@example.com");
    assert_eq!(
        strings(get(&decision, "groups"), "groups"),
        ["system:authenticated"]
    );
    assert!(array(get(&decision, "nearMisses"), "nearMisses").is_empty());
    assert!(array(get(&decision, "evaluationErrors"), "evaluationErrors").is_empty());

    let trace = get(&decision, "trace");
    assert_plain_object(&trace, "trace");
    assert_object_ref(&get(&trace, "binding"), "trace.binding");
    assert_object_ref(&get(&trace, "role"), "trace.role");
    assert_eq!(get_string(&trace, "binding.name"), "namespaceAdmin");
    assert_eq!(get_string(&trace, "binding.namespace"), "team-a");
    assert_eq!(get(&trace, "binding.implied").as_bool(), Some(true));
    assert_eq!(get_string(&trace, "binding.location.file"), "profiles.yaml");
    assert_eq!(get_string(&trace, "role.name"), "kubeflow-admin");
    assert!(get(&trace, "role.namespace").is_null());
    assert_eq!(
        strings(get(&trace, "aggregationPath"), "aggregationPath"),
        ["kubeflow-edit", "kubeflow-kserve-edit"]
    );
    assert_eq!(get(&trace, "ruleIndex").as_f64(), Some(0.0));
    assert_eq!(
        strings(get(&trace, "rule.apiGroups"), "rule.apiGroups"),
        ["serving.kserve.io"]
    );
    assert!(strings(get(&trace, "rule.verbs"), "rule.verbs").contains(&"create".to_owned()));
    assert_eq!(get_string(&trace, "subject.kind"), "User");
    assert_eq!(get_string(&trace, "subject.name"), "alice@example.com");
}

#[wasm_bindgen_test]
fn can_i_denied_has_null_trace() {
    let workspace = example_workspace();
    let decision = can_i(
        &workspace,
        r#"{"user": "carol@example.com", "verb": "create", "group": "serving.kserve.io",
            "resource": "inferenceservices", "namespace": "team-b", "groups": null,
            "subresource": null, "name": null, "nonResourceURL": null}"#,
    );
    assert_eq!(get(&decision, "allowed").as_bool(), Some(false));
    assert!(get(&decision, "trace").is_null(), "trace must be null");
    assert_eq!(get_string(&decision, "reason"), "");
    let misses = array(get(&decision, "nearMisses"), "nearMisses");
    let namespace_miss = misses
        .iter()
        .find(|m| get_string(m, "attribute") == "namespace")
        .unwrap_or_else(|| {
            panic!(
                "no namespace near miss in {}",
                stringify(&get(&decision, "nearMisses"))
            )
        });
    assert_plain_object(namespace_miss, "the near miss");
    for key in ["attribute", "message", "binding", "role", "rule"] {
        assert_defined(namespace_miss, key, "the near miss");
    }
    assert_eq!(
        get_string(namespace_miss, "binding.name"),
        "user-carol-example-com-clusterrole-edit"
    );
    assert!(get_string(namespace_miss, "message").contains("team-a"));
}

#[wasm_bindgen_test]
fn can_i_service_account_groups() {
    let workspace = example_workspace();
    let decision = can_i(
        &workspace,
        r#"{"user": "system:serviceaccount:team-a:default-editor", "verb": "create",
            "group": "serving.kserve.io", "resource": "inferenceservices", "namespace": "team-a"}"#,
    );
    assert_eq!(get(&decision, "allowed").as_bool(), Some(true));
    assert_eq!(
        strings(get(&decision, "groups"), "groups"),
        [
            "system:serviceaccounts",
            "system:serviceaccounts:team-a",
            "system:authenticated"
        ]
    );
    assert_eq!(
        get_string(&decision, "trace.binding.name"),
        "default-editor"
    );
    assert_eq!(
        get_string(&decision, "trace.subject.kind"),
        "ServiceAccount"
    );
}

#[wasm_bindgen_test]
fn can_i_non_resource_url() {
    let workspace = example_workspace();
    let decision = can_i(
        &workspace,
        r#"{"user": "alice@example.com", "verb": "get", "nonResourceURL": "/healthz",
            "resource": "ignored"}"#,
    );
    assert_eq!(get(&decision, "allowed").as_bool(), Some(false));
    assert!(get(&decision, "trace").is_null());
}

#[wasm_bindgen_test]
fn review_fills_status() {
    let workspace = example_workspace();
    let sar = js(r#"{
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SubjectAccessReview",
        "spec": {
            "user": "dave@example.com",
            "groups": ["system:authenticated"],
            "extra": {"scopes": ["a", "b"]},
            "resourceAttributes": {"namespace": "team-b", "verb": "list",
                                   "group": "serving.kserve.io", "resource": "inferenceservices"}
        }
    }"#);
    let reviewed: JsValue = workspace
        .review(sar.unchecked_into::<ISubjectAccessReview>())
        .unwrap_or_else(|error| panic!("review threw: {}", error_message(error)))
        .into();
    assert_plain_object(&reviewed, "the review");
    assert_eq!(get_string(&reviewed, "kind"), "SubjectAccessReview");
    assert_eq!(get_string(&reviewed, "spec.user"), "dave@example.com");
    assert_plain_object(&get(&reviewed, "spec.extra"), "spec.extra");
    assert_eq!(
        strings(get(&reviewed, "spec.extra.scopes"), "spec.extra.scopes"),
        ["a", "b"]
    );
    let status = get(&reviewed, "status");
    assert_plain_object(&status, "status");
    assert_eq!(get(&status, "allowed").as_bool(), Some(true));
    assert!(get_string(&status, "reason").starts_with("RBAC: allowed by RoleBinding"));
}

#[wasm_bindgen_test]
fn review_reports_missing_role() {
    let text = format!(
        "{KUBEFLOW_ROLES}\n---\n{}",
        "apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ghost
  namespace: team-z
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kubeflow-ghost
subjects:
- kind: User
  name: gina@example.com"
    );
    let workspace = workspace(JsValue::from_str(&text));
    let sar = js(r#"{"spec": {"user": "gina@example.com",
        "resourceAttributes": {"namespace": "team-z", "verb": "get", "resource": "pods"}}}"#);
    let reviewed: JsValue = workspace
        .review(sar.unchecked_into::<ISubjectAccessReview>())
        .unwrap_or_else(|error| panic!("review threw: {}", error_message(error)))
        .into();
    assert_eq!(get(&reviewed, "status.allowed").as_bool(), Some(false));
    assert!(
        get_string(&reviewed, "status.evaluationError").contains("kubeflow-ghost"),
        "{}",
        stringify(&reviewed)
    );
}

#[wasm_bindgen_test]
fn wrong_files_type_throws_error() {
    for files in [
        JsValue::from_f64(42.0),
        JsValue::NULL,
        JsValue::UNDEFINED,
        js(r#"[{"name": "a.yaml"}]"#),
        js(r#"{"name": "a.yaml", "text": "x: 1"}"#),
    ] {
        let error = match new_workspace(files.clone(), JsValue::UNDEFINED) {
            Ok(_) => panic!("Workspace({files:?}) did not throw"),
            Err(error) => error_message(error),
        };
        assert!(
            error.contains("files: expected a string or an array of {name, text}"),
            "unclear message for {files:?}: {error}"
        );
    }
}

#[wasm_bindgen_test]
fn unusable_can_i_query_throws_error() {
    let workspace = example_workspace();
    let missing_verb = can_i_error(&workspace, js(r#"{"user": "alice@example.com"}"#));
    assert!(missing_verb.contains("verb"), "{missing_verb}");
    let empty_verb = can_i_error(
        &workspace,
        js(r#"{"user": "alice@example.com", "verb": ""}"#),
    );
    assert!(empty_verb.contains("verb is empty"), "{empty_verb}");
    let unknown_field = can_i_error(
        &workspace,
        js(r#"{"user": "alice@example.com", "verb": "get", "namespce": "team-a"}"#),
    );
    assert!(unknown_field.contains("namespce"), "{unknown_field}");
    let wrong_type = can_i_error(&workspace, JsValue::from_str("alice"));
    assert!(wrong_type.contains("can-i query"), "{wrong_type}");
}

#[wasm_bindgen_test]
fn unusable_review_throws_error() {
    let workspace = example_workspace();
    let error =
        match workspace.review(JsValue::from_f64(1.0).unchecked_into::<ISubjectAccessReview>()) {
            Ok(_) => panic!("review(1) did not throw"),
            Err(error) => error_message(error),
        };
    assert!(error.contains("SubjectAccessReview"), "{error}");
}

#[wasm_bindgen_test]
fn generate_options_errors() {
    let cases = [
        (r#"{"release": "0.7"}"#, "0.7"),
        (r#"{"release": "banana"}"#, "banana"),
        (r#"{"namePrefix": "Bad_Prefix"}"#, "Bad_Prefix"),
        (
            r#"{"extraResources": ["Not A Resource"]}"#,
            "Not A Resource",
        ),
        (r#"{"format": "toml"}"#, "toml"),
        (r#"{"colour": true}"#, "colour"),
    ];
    for (options, expected) in cases {
        let message = match generate(js(options)) {
            Ok(_) => panic!("generateRoles({options}) did not throw"),
            Err(error) => error_message(error),
        };
        assert!(
            message.contains(expected),
            "generateRoles({options}) threw {message:?}, which does not name {expected:?}"
        );
    }
}

#[wasm_bindgen_test]
fn generate_json_format() {
    let generated = generate(js(r#"{"format": "json", "namePrefix": "acme"}"#))
        .unwrap_or_else(|error| panic!("generateRoles threw: {}", error_message(error)));
    let text = get_string(&generated, "yaml");
    let list: serde_json::Value = serde_json::from_str(&text).expect("format json gives JSON");
    assert_eq!(list["kind"], "List");
    let names: Vec<String> = array(get(&generated, "roles"), "roles")
        .iter()
        .map(|role| get_string(role, "metadata.name"))
        .collect();
    assert_eq!(names, ["acme-admin", "acme-edit", "acme-view"]);
}

#[wasm_bindgen_test]
fn bootstrap_policy_option() {
    let text = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: hana-view
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
- kind: User
  name: hana@example.com
";
    let query = r#"{"user": "hana@example.com", "verb": "list", "resource": "pods",
        "namespace": "team-a"}"#;

    let without = workspace(JsValue::from_str(text));
    assert_eq!(
        get(&can_i(&without, query), "allowed").as_bool(),
        Some(false)
    );

    let with = match new_workspace(JsValue::from_str(text), js(r#"{"bootstrapPolicy": true}"#)) {
        Ok(workspace) => workspace,
        Err(error) => panic!(
            "Workspace with bootstrapPolicy threw: {}",
            error_message(error)
        ),
    };
    let decision = can_i(&with, query);
    assert_eq!(get(&decision, "allowed").as_bool(), Some(true));
    assert_eq!(get_string(&decision, "trace.role.name"), "view");

    for (options, expected) in [
        (js(r#"{"bootstrap": true}"#), "bootstrap"),
        (js(r#"{"bootstrapPolicy": "yes"}"#), "workspace options"),
        (JsValue::from_f64(1.0), "workspace options"),
    ] {
        let message = match new_workspace(JsValue::from_str(text), options.clone()) {
            Ok(_) => panic!("Workspace with options {options:?} did not throw"),
            Err(error) => error_message(error),
        };
        assert!(message.contains(expected), "{message}");
    }
}

#[wasm_bindgen_test]
fn who_can_lists_subjects() {
    let workspace = example_workspace();
    let query = js(r#"{"verb": "create", "group": "serving.kserve.io",
        "resource": "inferenceservices", "namespace": "team-a"}"#);
    let answer: JsValue = workspace
        .who_can(query.unchecked_into::<IWhoCanQuery>())
        .unwrap_or_else(|error| panic!("whoCan threw: {}", error_message(error)))
        .into();
    assert_plain_object(&answer, "whoCan()");
    assert!(array(get(&answer, "evaluationErrors"), "evaluationErrors").is_empty());
    let subjects = array(get(&answer, "subjects"), "subjects");
    let names: Vec<String> = subjects
        .iter()
        .map(|access| get_string(access, "subject.name"))
        .collect();
    for expected in ["alice@example.com", "carol@example.com", "default-editor"] {
        assert!(
            names.contains(&expected.to_owned()),
            "{expected} missing from {names:?}"
        );
    }
    for name in ["bob@example.com", "dave@example.com", "default-viewer"] {
        assert!(
            !names.contains(&name.to_owned()),
            "{name} must not be listed: {names:?}"
        );
    }
    for access in &subjects {
        assert_plain_object(access, "a SubjectAccess");
        assert_object_ref(&get(access, "binding"), "SubjectAccess.binding");
        assert_object_ref(&get(access, "role"), "SubjectAccess.role");
    }

    let empty_verb = js(r#"{"verb": ""}"#);
    let message = match workspace.who_can(empty_verb.unchecked_into::<IWhoCanQuery>()) {
        Ok(_) => panic!("whoCan with an empty verb did not throw"),
        Err(error) => error_message(error),
    };
    assert!(message.contains("verb is empty"), "{message}");
}

#[wasm_bindgen_test]
fn rules_for_lists_rules() {
    let workspace = example_workspace();
    let query = js(r#"{"user": "carol@example.com", "namespace": "team-a"}"#);
    let list: JsValue = workspace
        .rules_for(query.unchecked_into::<IRulesQuery>())
        .unwrap_or_else(|error| panic!("rulesFor threw: {}", error_message(error)))
        .into();
    assert_plain_object(&list, "rulesFor()");
    assert_eq!(get_string(&list, "user"), "carol@example.com");
    assert_eq!(get_string(&list, "namespace"), "team-a");
    assert_eq!(
        strings(get(&list, "groups"), "groups"),
        ["system:authenticated"]
    );
    let rules = array(get(&list, "rules"), "rules");
    assert!(!rules.is_empty());
    for rule in &rules {
        assert_eq!(get_string(rule, "scope"), "namespace");
        assert_eq!(
            get_string(rule, "binding.name"),
            "user-carol-example-com-clusterrole-edit"
        );
    }
    assert!(rules.iter().any(|rule| {
        strings(get(rule, "rule.resources"), "rule.resources")
            .contains(&"inferenceservices".to_owned())
            && strings(get(rule, "rule.verbs"), "rule.verbs").contains(&"create".to_owned())
    }));

    let other_namespace = js(r#"{"user": "carol@example.com", "namespace": "team-b"}"#);
    let list: JsValue = workspace
        .rules_for(other_namespace.unchecked_into::<IRulesQuery>())
        .unwrap_or_else(|error| panic!("rulesFor threw: {}", error_message(error)))
        .into();
    assert!(array(get(&list, "rules"), "rules").is_empty());
}

#[wasm_bindgen_test]
fn can_i_many_returns_booleans() {
    let workspace = example_workspace();
    let queries = js(r#"[
        {"user": "alice@example.com", "verb": "delete", "group": "serving.kserve.io",
         "resource": "inferenceservices", "namespace": "team-a"},
        {"user": "alice@example.com", "verb": "delete", "group": "serving.kserve.io",
         "resource": "inferenceservices", "namespace": "team-b"},
        {"user": "dave@example.com", "verb": "watch", "group": "serving.kserve.io",
         "resource": "inferenceservices", "namespace": "team-b"}
    ]"#);
    let answers: JsValue = workspace
        .can_i_many(queries.unchecked_into::<ICanIQueries>())
        .unwrap_or_else(|error| panic!("canIMany threw: {}", error_message(error)))
        .into();
    let answers: Vec<Option<bool>> = array(answers, "canIMany()")
        .iter()
        .map(JsValue::as_bool)
        .collect();
    assert_eq!(answers, [Some(true), Some(false), Some(true)]);

    let bad = js(r#"[{"user": "alice@example.com", "verb": ""}]"#);
    let message = match workspace.can_i_many(bad.unchecked_into::<ICanIQueries>()) {
        Ok(_) => panic!("canIMany with an empty verb did not throw"),
        Err(error) => error_message(error),
    };
    assert!(message.contains("verb is empty"), "{message}");
}
