//! The JavaScript boundary of the WebAssembly build: thin wrappers that convert arguments,
//! call the core, and return plain objects. Every error goes through [`into_error`].

use std::fmt::Display;

use k8s_openapi::api::authorization::v1::SubjectAccessReview;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::generate::{generate_roles as generate_core, render_roles, GenerateOptions};
use crate::object::ObjectRef;
use crate::rbac::request::{Attributes, NonResourceAttributes, ResourceAttributes, UserInfo};
use crate::source::SourceFile;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &str = r#"
export type Severity = "error" | "warning" | "info";

export interface Location {
  file: string;
  /** 0-based index of the YAML document in its file. */
  document: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, when known. */
  column: number | null;
}

export interface ObjectRef {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string | null;
  /** True when a Profile implies the object and the input does not contain it. */
  implied: boolean;
  /** Where the object starts; for implied objects, where their Profile starts. */
  location: Location | null;
}

export interface ObjectSummary extends ObjectRef {
  /** The Profile that implies this object, when implied. */
  impliedBy: string | null;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  help: string | null;
  location: Location | null;
  object: ObjectRef | null;
  /** The field the finding is about, inside its object, such as "rules[2].resources[1]". */
  path: string | null;
}

export interface SourceFile {
  name: string;
  text: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface ClusterRole {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "ClusterRole";
  metadata: ObjectMeta;
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] };
  rules?: PolicyRule[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface GenerateOptions {
  /** KServe release preset such as "0.14" or "v0.15.2"; "latest" (the default) covers every namespaced KServe kind. */
  release?: string | null;
  /** Knative Serving rules (default true). */
  knative?: boolean;
  /** `/status` subresources of the kinds that have one (default false). */
  statusSubresources?: boolean;
  /** More resources, as "resource" (in serving.kserve.io) or "resource.group". */
  extraResources?: string[];
  /** Role names are `<namePrefix>-admin`, `-edit` and `-view` (default "kubeflow-kserve"). */
  namePrefix?: string;
  /** Prefix of the aggregation label keys (default "rbac.authorization.kubeflow.org"). */
  labelPrefix?: string;
  /** Format of `yaml` in the result (default "yaml"). */
  format?: "yaml" | "json";
}

export interface GeneratedRoles {
  /** The roles as YAML documents, or as a JSON `v1` `List` when `format` is "json". */
  yaml: string;
  roles: ClusterRole[];
}

export interface CanIQuery {
  /** The user to impersonate; a `system:serviceaccount:<ns>:<name>` user gets its service-account groups unless `groups` is given. */
  user: string;
  groups?: string[] | null;
  verb: string;
  group?: string | null;
  resource?: string | null;
  subresource?: string | null;
  name?: string | null;
  /** Namespace of the request; null or "" asks cluster-wide. */
  namespace?: string | null;
  /** A non-resource URL such as "/healthz"; when set, the resource fields are ignored. */
  nonResourceURL?: string | null;
}

export interface Grant {
  binding: ObjectRef;
  role: ObjectRef;
  /** ClusterRole names from the bound role's aggregated member down to the role that holds the rule; [] when the bound role holds it. */
  aggregationPath: string[];
  ruleIndex: number;
  rule: PolicyRule;
  subject: Subject;
}

export type MissedAttribute =
  | "namespace" | "verb" | "apiGroup" | "resource" | "subresource" | "resourceName"
  | "subject" | "missingRole" | "aggregation" | "noBinding";

export interface NearMiss {
  attribute: MissedAttribute;
  message: string;
  binding: ObjectRef | null;
  role: ObjectRef | null;
  rule: PolicyRule | null;
}

export interface Decision {
  allowed: boolean;
  /** The API server's RBAC wording; "" for a plain denial. */
  reason: string;
  trace: Grant | null;
  nearMisses: NearMiss[];
  evaluationErrors: string[];
  user: string;
  /** The groups the request was evaluated with, after impersonation. */
  groups: string[];
}

export interface WorkspaceOptions {
  /** Add the Kubernetes bootstrap policy (cluster-admin for system:masters, admin, edit, view, discovery) to the input (default false). */
  bootstrapPolicy?: boolean;
}

export interface WhoCanQuery {
  verb: string;
  group?: string | null;
  resource?: string | null;
  subresource?: string | null;
  name?: string | null;
  /** Namespace of the request; null or "" asks cluster-wide. */
  namespace?: string | null;
  nonResourceURL?: string | null;
}

export interface SubjectAccess {
  /** The subject as bound; a ServiceAccount carries its effective namespace. */
  subject: Subject;
  binding: ObjectRef;
  role: ObjectRef;
  aggregationPath: string[];
  ruleIndex: number;
  rule: PolicyRule;
}

export interface WhoCan {
  subjects: SubjectAccess[];
  evaluationErrors: string[];
}

export interface RulesQuery {
  /** The user to impersonate, with the same group rules as canI. */
  user: string;
  groups?: string[] | null;
  /** Namespace whose RoleBindings count; null or "" lists cluster-wide grants only. */
  namespace?: string | null;
}

export interface ScopedRule {
  rule: PolicyRule;
  /** "cluster" through a ClusterRoleBinding, "namespace" through a RoleBinding. */
  scope: "cluster" | "namespace";
  binding: ObjectRef;
  role: ObjectRef;
  aggregationPath: string[];
}

export interface RuleList {
  user: string;
  groups: string[];
  namespace: string;
  rules: ScopedRule[];
  evaluationErrors: string[];
}

export interface Contributor {
  user: string;
  role: string;
  binding: ObjectRef;
  /** The binding name Kubeflow's access management computes for this user and role. */
  expectedName: string;
}

export interface Tenant {
  namespace: string;
  profile: ObjectRef;
  owner: Subject | null;
  contributors: Contributor[];
}

export interface ResourceCoverage {
  group: string;
  resource: string;
  granted: string[];
  missing: string[];
}

export interface TierCoverage {
  tier: "admin" | "edit" | "view";
  role: string;
  present: boolean;
  resources: ResourceCoverage[];
}

export interface AcceptedExposure {
  kind: string;
  name: string;
  namespace?: string;
  /** Tenant namespaces where it is accepted; absent or empty means all. */
  tenants?: string[];
  reason?: string;
}

export interface Baseline {
  accepted?: AcceptedExposure[];
}

export type OutsiderKind = "otherTenant" | "broadGroup" | "outsider" | "platform";

export interface Exposure {
  namespace: string;
  subject: Subject;
  kind: OutsiderKind;
  otherTenant: string | null;
  access: string[];
  binding: ObjectRef;
  role: ObjectRef;
  clusterWide: boolean;
  accepted: boolean;
}

export interface IsolationReport {
  tenants: string[];
  exposures: Exposure[];
  /** Exposures that are neither the platform nor accepted by the baseline. */
  leaks: number;
}

export interface MatrixOptions {
  /** Resources as "resource" or "resource.group" ("configmaps.core" for the core group); default every namespaced KServe resource. */
  resources?: string[];
  /** Default get, list, watch, create, delete, deletecollection, patch, update. */
  verbs?: string[];
}

export type MatrixTarget = { user: string; groups?: string[] | null } | { namespace: string };

export interface AccessMatrix {
  resources: { group: string; resource: string }[];
  verbs: string[];
  /** One row per namespace (for a user) or per subject (for a namespace); `allowed[i]` lists the verbs allowed on `resources[i]`. */
  rows: { namespace: string | null; subject: Subject | null; allowed: string[][] }[];
}

export interface Permission {
  apiGroup: string | null;
  resource: string | null;
  resourceNames: string[];
  nonResourceUrl: string | null;
  verbs: string[];
  risky: boolean;
}

export interface ObjectChange {
  change: "added" | "removed" | "modified";
  object: ObjectRef;
}

export interface PermissionChange {
  subject: Subject;
  /** Namespace of the grants; null for cluster-wide grants. */
  namespace: string | null;
  gained: Permission[];
  lost: Permission[];
  causes: ObjectChange[];
}

export interface PermissionDiff {
  changes: PermissionChange[];
  changedObjects: ObjectChange[];
  gains: number;
  losses: number;
  riskyGains: number;
}

export interface SubjectAccessReview {
  apiVersion?: "authorization.k8s.io/v1";
  kind?: "SubjectAccessReview";
  metadata?: ObjectMeta;
  spec: {
    user?: string;
    groups?: string[];
    uid?: string;
    extra?: Record<string, string[]>;
    resourceAttributes?: {
      namespace?: string; verb?: string; group?: string; version?: string;
      resource?: string; subresource?: string; name?: string;
    };
    nonResourceAttributes?: { path?: string; verb?: string };
  };
  status?: { allowed: boolean; denied?: boolean; reason?: string; evaluationError?: string };
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "GenerateOptions")]
    pub type IGenerateOptions;
    #[wasm_bindgen(typescript_type = "GeneratedRoles")]
    pub type IGeneratedRoles;
    #[wasm_bindgen(typescript_type = "string | SourceFile[]")]
    pub type IFiles;
    #[wasm_bindgen(typescript_type = "Diagnostic[]")]
    pub type IDiagnostics;
    #[wasm_bindgen(typescript_type = "ObjectSummary[]")]
    pub type IObjects;
    #[wasm_bindgen(typescript_type = "ClusterRole[]")]
    pub type IClusterRoles;
    #[wasm_bindgen(typescript_type = "CanIQuery")]
    pub type ICanIQuery;
    #[wasm_bindgen(typescript_type = "Decision")]
    pub type IDecision;
    #[wasm_bindgen(typescript_type = "SubjectAccessReview")]
    pub type ISubjectAccessReview;
    #[wasm_bindgen(typescript_type = "WorkspaceOptions")]
    pub type IWorkspaceOptions;
    #[wasm_bindgen(typescript_type = "WhoCanQuery")]
    pub type IWhoCanQuery;
    #[wasm_bindgen(typescript_type = "WhoCan")]
    pub type IWhoCan;
    #[wasm_bindgen(typescript_type = "RulesQuery")]
    pub type IRulesQuery;
    #[wasm_bindgen(typescript_type = "RuleList")]
    pub type IRuleList;
    #[wasm_bindgen(typescript_type = "CanIQuery[]")]
    pub type ICanIQueries;
    #[wasm_bindgen(typescript_type = "boolean[]")]
    pub type IBooleans;
    #[wasm_bindgen(typescript_type = "Tenant[]")]
    pub type ITenants;
    #[wasm_bindgen(typescript_type = "TierCoverage[]")]
    pub type ICoverage;
    #[wasm_bindgen(typescript_type = "Baseline | string")]
    pub type IBaseline;
    #[wasm_bindgen(typescript_type = "IsolationReport")]
    pub type IIsolationReport;
    #[wasm_bindgen(typescript_type = "MatrixTarget")]
    pub type IMatrixTarget;
    #[wasm_bindgen(typescript_type = "MatrixOptions")]
    pub type IMatrixOptions;
    #[wasm_bindgen(typescript_type = "AccessMatrix")]
    pub type IAccessMatrix;
    #[wasm_bindgen(typescript_type = "PermissionDiff")]
    pub type IPermissionDiff;
}

/// Turns any error into a JavaScript `Error` with its message.
fn into_error(error: impl Display) -> JsError {
    JsError::new(&error.to_string())
}

/// Serializes with maps as plain objects and missing values as null.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(into_error)
}

/// Deserializes an argument. The value goes through `serde_json::Value` because
/// serde_wasm_bindgen reads only the fields a struct declares, so `deny_unknown_fields` would
/// never see a misspelled field such as `namespce` and the query would run without it.
fn from_js<T: for<'de> Deserialize<'de>>(value: JsValue, what: &str) -> Result<T, JsError> {
    let invalid = |error: &dyn Display| into_error(format!("invalid {what}: {error}"));
    let json: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|error| invalid(&error))?;
    serde_json::from_value(json).map_err(|error| invalid(&error))
}

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

#[derive(Serialize)]
struct GeneratedRoles {
    yaml: String,
    roles: Vec<k8s_openapi::api::rbac::v1::ClusterRole>,
}

/// Generates the KServe ClusterRoles for Kubeflow.
#[wasm_bindgen(js_name = generateRoles)]
pub fn generate_roles(options: Option<IGenerateOptions>) -> Result<IGeneratedRoles, JsError> {
    let value: JsValue = options.map_or(JsValue::NULL, Into::into);
    let options: GenerateOptions = if value.is_null() || value.is_undefined() {
        GenerateOptions::default()
    } else {
        from_js(value, "generate options")?
    };
    let roles = generate_core(&options).map_err(into_error)?;
    let yaml = render_roles(&roles, options.format).map_err(into_error)?;
    Ok(to_js(&GeneratedRoles { yaml, roles })?.unchecked_into())
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FilesInput {
    Text(String),
    Files(Vec<FileInput>),
}

#[derive(Deserialize)]
struct FileInput {
    name: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CanIQuery {
    user: String,
    groups: Option<Vec<String>>,
    verb: String,
    group: Option<String>,
    resource: Option<String>,
    subresource: Option<String>,
    name: Option<String>,
    namespace: Option<String>,
    #[serde(rename = "nonResourceURL")]
    non_resource_url: Option<String>,
}

impl CanIQuery {
    fn into_request(self) -> Result<(UserInfo, Attributes), JsError> {
        if self.verb.is_empty() {
            return Err(into_error("invalid can-i query: verb is empty"));
        }
        let user = UserInfo::impersonated(&self.user, self.groups.as_deref().unwrap_or_default());
        let target = RequestTarget {
            verb: self.verb,
            group: self.group,
            resource: self.resource,
            subresource: self.subresource,
            name: self.name,
            namespace: self.namespace,
            non_resource_url: self.non_resource_url,
        };
        Ok((user, target.into_attributes()))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RequestTarget {
    verb: String,
    group: Option<String>,
    resource: Option<String>,
    subresource: Option<String>,
    name: Option<String>,
    namespace: Option<String>,
    #[serde(rename = "nonResourceURL")]
    non_resource_url: Option<String>,
}

impl RequestTarget {
    fn into_attributes(self) -> Attributes {
        match self.non_resource_url {
            Some(path) if !path.is_empty() => Attributes::NonResource(NonResourceAttributes {
                verb: self.verb,
                path,
            }),
            _ => Attributes::Resource(ResourceAttributes {
                namespace: self.namespace.unwrap_or_default(),
                verb: self.verb,
                group: self.group.unwrap_or_default(),
                resource: self.resource.unwrap_or_default(),
                subresource: self.subresource.unwrap_or_default(),
                name: self.name.unwrap_or_default(),
            }),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct WorkspaceOptions {
    bootstrap_policy: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum MatrixTarget {
    User {
        user: String,
        groups: Option<Vec<String>>,
    },
    Namespace {
        namespace: String,
    },
}

/// Reads an optional argument: absent, null and undefined give the default.
fn optional_arg<T: Default + for<'de> Deserialize<'de>>(
    value: Option<JsValue>,
    what: &str,
) -> Result<T, JsError> {
    match value {
        Some(value) if !value.is_null() && !value.is_undefined() => from_js(value, what),
        _ => Ok(T::default()),
    }
}

fn files_arg(files: JsValue) -> Result<Vec<SourceFile>, JsError> {
    Ok(
        match from_js::<FilesInput>(
            files,
            "files: expected a string or an array of {name, text}",
        )? {
            FilesInput::Text(text) => vec![SourceFile::new("input.yaml", text)],
            FilesInput::Files(files) => files
                .into_iter()
                .map(|f| SourceFile::new(f.name, f.text))
                .collect(),
        },
    )
}

/// Compares the permissions of every subject between two versions of the manifests.
#[wasm_bindgen(js_name = diffPermissions)]
pub fn diff_permissions(
    old_files: IFiles,
    new_files: IFiles,
    options: Option<IWorkspaceOptions>,
) -> Result<IPermissionDiff, JsError> {
    let options: WorkspaceOptions = optional_arg(options.map(Into::into), "workspace options")?;
    let mut old_files = files_arg(old_files.into())?;
    let mut new_files = files_arg(new_files.into())?;
    if options.bootstrap_policy {
        old_files.insert(0, crate::rbac::bootstrap::bootstrap_policy());
        new_files.insert(0, crate::rbac::bootstrap::bootstrap_policy());
    }
    let old = crate::Workspace::new(&old_files);
    let new = crate::Workspace::new(&new_files);
    Ok(to_js(&crate::diff::diff_permissions(&old, &new))?.unchecked_into())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RulesQuery {
    user: String,
    groups: Option<Vec<String>>,
    namespace: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ObjectSummary<'a> {
    #[serde(flatten)]
    meta: &'a ObjectRef,
    implied_by: Option<&'a str>,
}

/// A set of manifests loaded and indexed for access questions. Call `free()` when done with
/// it: the memory lives in the WebAssembly heap, out of reach of JavaScript's garbage collector.
#[wasm_bindgen]
pub struct Workspace {
    inner: crate::Workspace,
}

#[wasm_bindgen]
impl Workspace {
    /// Loads manifests: one YAML or JSON text, or named files. Bad documents become
    /// diagnostics; only an argument of the wrong type throws.
    #[wasm_bindgen(constructor)]
    pub fn new(files: IFiles, options: Option<IWorkspaceOptions>) -> Result<Workspace, JsError> {
        let options: WorkspaceOptions = optional_arg(options.map(Into::into), "workspace options")?;
        let mut files = files_arg(files.into())?;
        if options.bootstrap_policy {
            files.insert(0, crate::rbac::bootstrap::bootstrap_policy());
        }
        Ok(Workspace {
            inner: crate::Workspace::new(&files),
        })
    }

    /// Everything found while loading and indexing, in input order.
    pub fn diagnostics(&self) -> Result<IDiagnostics, JsError> {
        Ok(to_js(self.inner.diagnostics())?.unchecked_into())
    }

    /// Every object, with those implied by Profiles at the end.
    pub fn objects(&self) -> Result<IObjects, JsError> {
        let summaries: Vec<ObjectSummary<'_>> = self
            .inner
            .objects()
            .iter()
            .map(|o| ObjectSummary {
                meta: &o.meta,
                implied_by: o.implied_by.as_deref(),
            })
            .collect();
        Ok(to_js(&summaries)?.unchecked_into())
    }

    /// Every ClusterRole, the aggregating ones with the rules the aggregation controller writes.
    #[wasm_bindgen(js_name = aggregatedClusterRoles)]
    pub fn aggregated_cluster_roles(&self) -> Result<IClusterRoles, JsError> {
        Ok(to_js(&self.inner.aggregated_cluster_roles())?.unchecked_into())
    }

    /// Decides a request for an impersonated user, as `kubectl auth can-i --as` does.
    #[wasm_bindgen(js_name = canI)]
    pub fn can_i(&self, query: ICanIQuery) -> Result<IDecision, JsError> {
        let query: CanIQuery = from_js(query.into(), "can-i query")?;
        let (user, attributes) = query.into_request()?;
        Ok(to_js(&self.inner.authorize(&user, &attributes))?.unchecked_into())
    }

    /// Decides many requests in one call and returns only whether each is allowed: the fast
    /// path for callers that cross the JavaScript boundary often.
    #[wasm_bindgen(js_name = canIMany)]
    pub fn can_i_many(&self, queries: ICanIQueries) -> Result<IBooleans, JsError> {
        let queries: Vec<CanIQuery> = from_js(queries.into(), "can-i queries")?;
        let mut answers = Vec::with_capacity(queries.len());
        for query in queries {
            let (user, attributes) = query.into_request()?;
            answers.push(self.inner.allows(&user, &attributes));
        }
        Ok(to_js(&answers)?.unchecked_into())
    }

    /// Lists every subject the request is allowed for, with the binding and role.
    #[wasm_bindgen(js_name = whoCan)]
    pub fn who_can(&self, query: IWhoCanQuery) -> Result<IWhoCan, JsError> {
        let target: RequestTarget = from_js(query.into(), "who-can query")?;
        if target.verb.is_empty() {
            return Err(into_error("invalid who-can query: verb is empty"));
        }
        Ok(to_js(&self.inner.who_can(&target.into_attributes()))?.unchecked_into())
    }

    /// Lists every rule that applies to an impersonated user in a namespace, as
    /// `kubectl auth can-i --list` does, with the binding each comes from.
    #[wasm_bindgen(js_name = rulesFor)]
    pub fn rules_for(&self, query: IRulesQuery) -> Result<IRuleList, JsError> {
        let query: RulesQuery = from_js(query.into(), "rules query")?;
        let user = UserInfo::impersonated(&query.user, query.groups.as_deref().unwrap_or_default());
        let namespace = query.namespace.unwrap_or_default();
        Ok(to_js(&self.inner.rules_for(&user, &namespace))?.unchecked_into())
    }

    /// Lists the tenants: one per Profile, with its owner and contributors.
    pub fn tenants(&self) -> Result<ITenants, JsError> {
        Ok(to_js(&self.inner.tenants())?.unchecked_into())
    }

    /// Reports which verbs kubeflow-admin, -edit and -view grant on each KServe resource.
    #[wasm_bindgen(js_name = kserveCoverage)]
    pub fn kserve_coverage(&self) -> Result<ICoverage, JsError> {
        Ok(to_js(&self.inner.kserve_coverage())?.unchecked_into())
    }

    /// Reports, for every Profile namespace, the subjects outside the tenant that can reach
    /// its KServe resources, secrets, pods/exec or service-account tokens. The baseline is an
    /// object, or the YAML or JSON text that `isolation --write-baseline` writes.
    #[wasm_bindgen(js_name = isolationReport)]
    pub fn isolation_report(
        &self,
        baseline: Option<IBaseline>,
    ) -> Result<IIsolationReport, JsError> {
        let baseline: crate::kubeflow::isolation::Baseline = match baseline.map(JsValue::from) {
            Some(value) if value.is_string() => {
                let text = value.as_string().unwrap_or_default();
                serde_yaml::from_str(&text)
                    .map_err(|e| into_error(format!("invalid baseline: {e}")))?
            }
            other => optional_arg(other, "baseline")?,
        };
        Ok(to_js(&self.inner.isolation_report(&baseline))?.unchecked_into())
    }

    /// Builds an access matrix: `{user}` for a user in every namespace, `{namespace}` for
    /// every subject of a namespace.
    #[wasm_bindgen(js_name = accessMatrix)]
    pub fn access_matrix(
        &self,
        target: IMatrixTarget,
        options: Option<IMatrixOptions>,
    ) -> Result<IAccessMatrix, JsError> {
        let target: MatrixTarget = from_js(
            target.into(),
            "matrix target: expected {user, groups?} or {namespace}",
        )?;
        let options: crate::access_matrix::MatrixOptions =
            optional_arg(options.map(Into::into), "matrix options")?;
        if options
            .resources
            .iter()
            .chain(&options.verbs)
            .any(|v| v.trim().is_empty())
        {
            return Err(into_error(
                "invalid matrix options: resources and verbs must not be empty strings",
            ));
        }
        let matrix = match target {
            MatrixTarget::User { user, groups } => {
                let user = UserInfo::impersonated(&user, groups.as_deref().unwrap_or_default());
                self.inner.subject_matrix(&user, &options)
            }
            MatrixTarget::Namespace { namespace } => {
                self.inner.namespace_matrix(&namespace, &options)
            }
        };
        Ok(to_js(&matrix)?.unchecked_into())
    }

    /// Evaluates a SubjectAccessReview with exactly the user and groups it carries, and returns
    /// it with `status` filled in.
    pub fn review(&self, review: ISubjectAccessReview) -> Result<ISubjectAccessReview, JsError> {
        let review: SubjectAccessReview = from_js(review.into(), "SubjectAccessReview")?;
        Ok(to_js(&self.inner.review(&review))?.unchecked_into())
    }
}
