//! A loaded set of manifests, indexed for access questions.

use std::collections::HashMap;

use k8s_openapi::api::rbac::v1::{ClusterRole, RoleRef, Subject};

use crate::diagnostic::{codes, Diagnostic, Severity};
use crate::load::load;
use crate::object::{LoadedObject, Object, ObjectRef};
use crate::profile::add_implied_objects;
use crate::rbac::aggregation::{aggregate, SourcedRule};
use crate::rbac::index::{SubjectEntry, SubjectIndex};
use crate::rbac::request::service_account_username;
use crate::source::SourceFile;

/// A Role or ClusterRole with its effective rules.
#[derive(Debug, Clone)]
pub struct RoleEntry {
    /// Position in [`Workspace::objects`].
    pub object: usize,
    pub rules: Vec<SourcedRule>,
    /// Whether this is a ClusterRole with an aggregationRule.
    pub aggregating: bool,
}

/// A RoleBinding or ClusterRoleBinding, resolved to its role.
#[derive(Debug, Clone)]
pub struct BindingEntry {
    /// Position in [`Workspace::objects`].
    pub object: usize,
    /// The namespace a RoleBinding applies in; `None` for a ClusterRoleBinding.
    pub namespace: Option<String>,
    /// The referenced role's position in the role table, or the error the API server's
    /// authorizer reports for it (e.g. `clusterrole.rbac.authorization.k8s.io "x" not found`).
    pub role: Result<usize, String>,
}

/// Manifests loaded and indexed: objects (with the ones Profiles imply), diagnostics, roles
/// with their aggregated rules, and bindings indexed by subject.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    pub(crate) objects: Vec<LoadedObject>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) documents: usize,
    pub(crate) roles: Vec<RoleEntry>,
    pub(crate) cluster_roles: HashMap<String, usize>,
    pub(crate) namespaced_roles: HashMap<String, HashMap<String, usize>>,
    pub(crate) bindings: Vec<BindingEntry>,
    pub(crate) cluster_index: SubjectIndex,
    pub(crate) namespace_index: HashMap<String, SubjectIndex>,
    /// Positions in `bindings` of the ClusterRoleBindings, in input order.
    pub(crate) cluster_bindings: Vec<u32>,
    /// Positions in `bindings` of each namespace's RoleBindings, in input order.
    pub(crate) namespace_bindings: HashMap<String, Vec<u32>>,
    pub(crate) profiles: HashMap<String, usize>,
}

impl Workspace {
    /// Loads and indexes `files`. Never fails: problems in the input become diagnostics.
    pub fn new(files: &[SourceFile]) -> Self {
        let loaded = load(files);
        let mut workspace =
            Self::from_objects(loaded.objects, loaded.diagnostics, loaded.documents);
        workspace.locate_fields(files);
        workspace
    }

    /// Points the diagnostics that name a field at the field's line and column. Only the
    /// documents with such findings are parsed again, each once for all of its findings.
    pub fn locate_fields(&mut self, files: &[SourceFile]) {
        // The first file of a name is the one a location refers to.
        let mut files_by_name: HashMap<&str, &SourceFile> = HashMap::new();
        for file in files {
            files_by_name.entry(file.name.as_str()).or_insert(file);
        }
        let mut findings: HashMap<(&str, usize), Vec<usize>> = HashMap::new();
        for (index, diagnostic) in self.diagnostics.iter().enumerate() {
            let (Some(_), Some(location)) = (&diagnostic.path, &diagnostic.location) else {
                continue;
            };
            let Some(file) = files_by_name.get(&*location.file) else {
                continue;
            };
            findings
                .entry((file.name.as_str(), location.document))
                .or_default()
                .push(index);
        }

        let mut documents: HashMap<&str, Vec<crate::load::RawDocument<'_>>> = HashMap::new();
        for ((name, document_index), mut indexes) in findings {
            let split = documents
                .entry(name)
                .or_insert_with(|| crate::load::split_documents(&files_by_name[name].text));
            let Some(document) = split.get(document_index) else {
                continue;
            };
            // Items of a list start below their document's first line: leave those as they are.
            indexes.retain(|&index| {
                self.diagnostics[index]
                    .location
                    .as_ref()
                    .is_some_and(|location| location.line == document.content_line)
            });
            if indexes.is_empty() {
                continue;
            }
            let paths: Vec<Vec<crate::load::PathSegment>> = indexes
                .iter()
                .map(|&index| {
                    let path = self.diagnostics[index].path.as_deref().unwrap_or_default();
                    crate::load::parse_path(path)
                })
                .collect();
            let positions = crate::load::locate_all(document.text, &paths);
            // A document may start after `---` on the marker's line, so columns on its first
            // line are shifted by what precedes it there.
            let file_text = &files_by_name[name].text;
            let start = document.text.as_ptr() as usize - file_text.as_ptr() as usize;
            let line_start = file_text[..start].rfind('\n').map_or(0, |i| i + 1);
            let first_line_shift = file_text[line_start..start].chars().count();
            for (index, position) in indexes.into_iter().zip(positions) {
                let (Some((line, column)), Some(location)) =
                    (position, &mut self.diagnostics[index].location)
                else {
                    continue;
                };
                location.line = document.first_line + line - 1;
                location.column = Some(if line == 1 {
                    column + first_line_shift
                } else {
                    column
                });
            }
        }
        // Report in reading order: by file as given, then by position.
        let order: HashMap<&str, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), i))
            .collect();
        self.diagnostics.sort_by_key(|d| {
            d.location.as_ref().map_or((usize::MAX, 0, 0, 0), |l| {
                let file = order.get(&*l.file).copied().unwrap_or(usize::MAX);
                (file, l.document, l.line, l.column.unwrap_or(0))
            })
        });
    }

    /// Indexes objects that are already loaded.
    pub fn from_objects(
        mut objects: Vec<LoadedObject>,
        diagnostics: Vec<Diagnostic>,
        documents: usize,
    ) -> Self {
        add_implied_objects(&mut objects);
        let mut workspace = Self {
            objects,
            diagnostics,
            documents,
            ..Self::default()
        };
        workspace.default_namespaces();
        workspace.index_roles();
        workspace.index_bindings();
        let mut findings = workspace.lint();
        findings.extend(workspace.kubeflow_diagnostics());
        findings.extend(workspace.coverage_diagnostics());
        workspace.diagnostics.extend(findings);
        // Findings raised while loading and indexing are suppressed the same way.
        let suppressed: Vec<bool> = {
            let suppressions = workspace.suppressions();
            workspace
                .diagnostics
                .iter()
                .map(|d| suppressions.suppresses(d))
                .collect()
        };
        let mut flags = suppressed.into_iter();
        workspace
            .diagnostics
            .retain(|_| !flags.next().unwrap_or(false));
        workspace
    }

    pub fn objects(&self) -> &[LoadedObject] {
        &self.objects
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Number of non-empty YAML documents read.
    pub fn document_count(&self) -> usize {
        self.documents
    }

    pub fn roles(&self) -> &[RoleEntry] {
        &self.roles
    }

    pub fn bindings(&self) -> &[BindingEntry] {
        &self.bindings
    }

    /// The Profile named `name`, if the input has one.
    pub fn profile(&self, name: &str) -> Option<&LoadedObject> {
        self.profiles.get(name).map(|&index| &self.objects[index])
    }

    /// The ClusterRole named `name`, with its effective rules.
    pub fn cluster_role(&self, name: &str) -> Option<&RoleEntry> {
        self.cluster_roles.get(name).map(|&id| &self.roles[id])
    }

    /// Every ClusterRole as the API server would hold it once the aggregation controller ran:
    /// aggregating roles carry their computed rules. In input order.
    pub fn aggregated_cluster_roles(&self) -> Vec<ClusterRole> {
        let mut roles: Vec<&RoleEntry> = self
            .cluster_roles
            .values()
            .map(|&id| &self.roles[id])
            .collect();
        roles.sort_by_key(|entry| entry.object);
        roles
            .into_iter()
            .filter_map(|entry| {
                let Object::ClusterRole(role) = &self.objects[entry.object].object else {
                    return None;
                };
                let mut role = role.clone();
                if entry.aggregating {
                    role.rules = Some(entry.rules.iter().map(|r| r.rule.clone()).collect());
                }
                Some(role)
            })
            .collect()
    }

    /// Role and RoleBinding objects without a namespace are placed in `default`, as
    /// `kubectl apply` does with no namespace in the context.
    fn default_namespaces(&mut self) {
        for loaded in &mut self.objects {
            let namespaced = matches!(
                loaded.object,
                Object::Role(_) | Object::RoleBinding(_) | Object::ServiceAccount(_)
            );
            if namespaced
                && loaded
                    .meta
                    .namespace
                    .as_deref()
                    .unwrap_or_default()
                    .is_empty()
            {
                loaded.meta.namespace = Some("default".to_owned());
                let diagnostic = Diagnostic::new(
                    codes::NO_NAMESPACE,
                    Severity::Info,
                    format!("{} {:?} has no metadata.namespace; it is evaluated in namespace default", loaded.meta.kind, loaded.meta.name),
                )
                .with_help("set metadata.namespace, since kubectl apply puts it in the namespace of the current context")
                .on(&loaded.meta);
                self.diagnostics.push(diagnostic);
            }
        }
    }

    fn index_roles(&mut self) {
        // A later definition of the same name replaces an earlier one, as `kubectl apply` would.
        let mut cluster_role_objects: HashMap<&str, usize> = HashMap::new();
        for (index, loaded) in self.objects.iter().enumerate() {
            match &loaded.object {
                Object::ClusterRole(_) => {
                    cluster_role_objects.insert(&loaded.meta.name, index);
                }
                Object::Role(role) => {
                    let namespace = loaded.meta.namespace.clone().unwrap_or_default();
                    let rules = role
                        .rules
                        .iter()
                        .flatten()
                        .map(|rule| SourcedRule {
                            rule: rule.clone(),
                            path: Vec::new(),
                        })
                        .collect();
                    let id = self.roles.len();
                    self.roles.push(RoleEntry {
                        object: index,
                        rules,
                        aggregating: false,
                    });
                    self.namespaced_roles
                        .entry(namespace)
                        .or_default()
                        .insert(loaded.meta.name.clone(), id);
                }
                Object::Profile(_) => {
                    self.profiles.insert(loaded.meta.name.clone(), index);
                }
                _ => {}
            }
        }

        let mut positions: Vec<usize> = cluster_role_objects.into_values().collect();
        positions.sort_unstable();
        let cluster_roles: Vec<&ClusterRole> = positions
            .iter()
            .map(|&index| match &self.objects[index].object {
                Object::ClusterRole(role) => role,
                _ => unreachable!("positions hold ClusterRoles only"),
            })
            .collect();
        let aggregation = aggregate(&cluster_roles);

        for (position, error) in &aggregation.invalid {
            let meta = &self.objects[positions[*position]].meta;
            let diagnostic = Diagnostic::new(
                codes::INVALID_SELECTOR,
                Severity::Error,
                format!("ClusterRole {:?} has an invalid aggregationRule selector: {error}", meta.name),
            )
            .with_help("the aggregation controller rejects this selector and leaves the role's rules unchanged")
            .on(meta);
            self.diagnostics.push(diagnostic);
        }
        if !aggregation.settled {
            self.diagnostics.push(
                Diagnostic::new(
                    codes::AGGREGATION_NOT_SETTLED,
                    Severity::Warning,
                    "ClusterRole aggregation did not settle; the aggregated rules shown may differ from a cluster's",
                )
                .with_help("look for aggregationRules that select each other"),
            );
        }

        let aggregating: Vec<bool> = cluster_roles
            .iter()
            .map(|r| r.aggregation_rule.is_some())
            .collect();
        for ((index, rules), aggregating) in positions
            .into_iter()
            .zip(aggregation.rules)
            .zip(aggregating)
        {
            let id = self.roles.len();
            self.roles.push(RoleEntry {
                object: index,
                rules,
                aggregating,
            });
            self.cluster_roles
                .insert(self.objects[index].meta.name.clone(), id);
        }
    }

    fn index_bindings(&mut self) {
        // A later definition of the same binding replaces an earlier one, as `kubectl apply`
        // would, so only the last one is indexed.
        let mut latest: HashMap<(bool, Option<&str>, &str), usize> = HashMap::new();
        for (index, loaded) in self.objects.iter().enumerate() {
            let cluster_scoped = match loaded.object {
                Object::ClusterRoleBinding(_) => true,
                Object::RoleBinding(_) => false,
                _ => continue,
            };
            let key = (
                cluster_scoped,
                loaded.meta.namespace.as_deref(),
                loaded.meta.name.as_str(),
            );
            latest.insert(key, index);
        }
        let mut indexed: Vec<usize> = latest.into_values().collect();
        indexed.sort_unstable();

        for index in indexed {
            let loaded = &self.objects[index];
            let (role_ref, subjects, namespace) = match &loaded.object {
                Object::ClusterRoleBinding(binding) => {
                    (&binding.role_ref, binding.subjects.as_deref(), None)
                }
                Object::RoleBinding(binding) => (
                    &binding.role_ref,
                    binding.subjects.as_deref(),
                    loaded.meta.namespace.clone(),
                ),
                _ => continue,
            };
            let role = self.resolve_role(role_ref, namespace.as_deref());
            let id = u32::try_from(self.bindings.len()).expect("fewer than 2^32 bindings");
            match &namespace {
                Some(namespace) => self
                    .namespace_bindings
                    .entry(namespace.clone())
                    .or_default()
                    .push(id),
                None => self.cluster_bindings.push(id),
            }
            let scope = match &namespace {
                Some(namespace) => self.namespace_index.entry(namespace.clone()).or_default(),
                None => &mut self.cluster_index,
            };
            for (position, subject) in subjects.unwrap_or_default().iter().enumerate() {
                let entry = SubjectEntry {
                    binding: id,
                    subject: u32::try_from(position).expect("fewer than 2^32 subjects"),
                };
                index_subject(scope, subject, namespace.as_deref(), entry);
            }
            if let Err(error) = &role {
                let (code, implied) = (codes::MISSING_ROLE, loaded.meta.implied);
                let severity = if implied {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                let mut diagnostic = Diagnostic::new(
                    code,
                    severity,
                    format!("{} refers to {} {:?}, which is not in the input ({error})", loaded.meta.display_name(), role_ref.kind, role_ref.name),
                )
                .with_help(format!("add {} {:?} to the input, or fix roleRef; the binding grants nothing until the role exists", role_ref.kind, role_ref.name))
                .on(&loaded.meta);
                if let Some(profile) = &loaded.implied_by {
                    diagnostic
                        .message
                        .push_str(&format!("; the binding is implied by Profile {profile:?}"));
                }
                self.diagnostics.push(diagnostic);
            }
            self.bindings.push(BindingEntry {
                object: index,
                namespace,
                role,
            });
        }
    }

    fn resolve_role(&self, role_ref: &RoleRef, namespace: Option<&str>) -> Result<usize, String> {
        match (role_ref.kind.as_str(), namespace) {
            ("ClusterRole", _) => {
                self.cluster_roles
                    .get(&role_ref.name)
                    .copied()
                    .ok_or_else(|| {
                        format!(
                            "clusterrole.rbac.authorization.k8s.io {:?} not found",
                            role_ref.name
                        )
                    })
            }
            ("Role", Some(namespace)) => self
                .namespaced_roles
                .get(namespace)
                .and_then(|roles| roles.get(&role_ref.name))
                .copied()
                .ok_or_else(|| {
                    format!(
                        "role.rbac.authorization.k8s.io {:?} not found",
                        role_ref.name
                    )
                }),
            ("Role", None) => Err(format!(
                "a ClusterRoleBinding cannot refer to Role {:?}",
                role_ref.name
            )),
            (kind, _) => Err(format!("unsupported roleRef kind {kind:?}")),
        }
    }

    /// The object, role and subject behind an index entry.
    pub(crate) fn binding_subject(&self, entry: SubjectEntry) -> (&BindingEntry, &Subject) {
        let binding = &self.bindings[entry.binding as usize];
        let subjects = match &self.objects[binding.object].object {
            Object::ClusterRoleBinding(b) => b.subjects.as_deref(),
            Object::RoleBinding(b) => b.subjects.as_deref(),
            _ => None,
        };
        (
            binding,
            &subjects.unwrap_or_default()[entry.subject as usize],
        )
    }

    pub(crate) fn object_ref(&self, object: usize) -> &ObjectRef {
        &self.objects[object].meta
    }
}

/// Files one subject under the key it matches, following the RBAC authorizer's `appliesTo`:
/// a ServiceAccount without namespace takes the RoleBinding's namespace, and in a
/// ClusterRoleBinding matches nothing.
fn index_subject(
    scope: &mut SubjectIndex,
    subject: &Subject,
    binding_namespace: Option<&str>,
    entry: SubjectEntry,
) {
    match subject.kind.as_str() {
        "User" => scope.add_user(subject.name.clone(), entry),
        "Group" => scope.add_group(subject.name.clone(), entry),
        "ServiceAccount" => {
            let namespace = subject
                .namespace
                .as_deref()
                .filter(|ns| !ns.is_empty())
                .or(binding_namespace);
            if let Some(namespace) = namespace {
                scope.add_user(service_account_username(namespace, &subject.name), entry);
            }
        }
        _ => {}
    }
}
