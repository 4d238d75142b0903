//! Permission diffs between two versions of the manifests: for each subject and scope, the
//! permissions gained and lost, with the changed objects that caused them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use k8s_openapi::api::rbac::v1::{PolicyRule, Subject};
use serde::Serialize;

use crate::object::{LoadedObject, Object, ObjectRef};
use crate::who_can::effective_subject;
use crate::workspace::Workspace;

/// How an object changed between the versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

/// One object that differs between the versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectChange {
    pub change: ChangeKind,
    /// The object in the new version, or in the old one when removed.
    pub object: ObjectRef,
}

/// Permissions on one resource (or URL) with the same names, and their verbs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    pub api_group: Option<String>,
    pub resource: Option<String>,
    pub resource_names: Vec<String>,
    pub non_resource_url: Option<String>,
    pub verbs: Vec<String>,
    /// Escalation verbs, wildcards, or access to secrets, pods/exec or serviceaccounts/token.
    pub risky: bool,
}

/// What one subject gained and lost in one scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionChange {
    /// The subject; a ServiceAccount carries its effective namespace.
    pub subject: Subject,
    /// The namespace of the grants, or null for cluster-wide grants.
    pub namespace: Option<String>,
    pub gained: Vec<Permission>,
    pub lost: Vec<Permission>,
    /// Changed objects behind the change: bindings, roles, aggregated members, Profiles.
    pub causes: Vec<ObjectChange>,
}

/// The permission diff of two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionDiff {
    pub changes: Vec<PermissionChange>,
    pub changed_objects: Vec<ObjectChange>,
    pub gains: usize,
    pub losses: usize,
    pub risky_gains: usize,
}

/// One allowed (API group, resource, verb, name) or (URL, verb), literally as rules write it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Atom {
    group: String,
    resource: String,
    name: String,
    url: String,
    verb: String,
}

type ObjectKey = (String, Option<String>, String);
type GrantKey = (String, String, Option<String>, Option<String>);
/// Gained and lost atoms for a pair of role lists.
type AtomDelta = Rc<(Vec<Atom>, Vec<Atom>)>;
/// Names and verbs of the atoms on one resource or URL, and whether any is risky.
type AtomGroup = (Vec<String>, Vec<String>, bool);

fn object_key(meta: &ObjectRef) -> ObjectKey {
    (meta.kind.clone(), meta.namespace.clone(), meta.name.clone())
}

fn object_json(loaded: &LoadedObject) -> serde_json::Value {
    let value = match &loaded.object {
        Object::ClusterRole(o) => serde_json::to_value(o),
        Object::Role(o) => serde_json::to_value(o),
        Object::ClusterRoleBinding(o) => serde_json::to_value(o),
        Object::RoleBinding(o) => serde_json::to_value(o),
        Object::Namespace(o) => serde_json::to_value(o),
        Object::ServiceAccount(o) => serde_json::to_value(o),
        Object::CustomResourceDefinition(o) => serde_json::to_value(o),
        Object::SubjectAccessReview(o) => serde_json::to_value(o),
        Object::Profile(o) => serde_json::to_value(o),
        Object::Other => Ok(serde_json::Value::Null),
    };
    value.unwrap_or(serde_json::Value::Null)
}

/// Lists the objects that differ, by kind, namespace and name. Implied objects take part, so a
/// changed Profile shows through the bindings it implies.
fn changed_objects(old: &Workspace, new: &Workspace) -> BTreeMap<ObjectKey, ObjectChange> {
    let index = |workspace: &Workspace| -> HashMap<ObjectKey, usize> {
        workspace
            .objects
            .iter()
            .enumerate()
            .map(|(i, o)| (object_key(&o.meta), i))
            .collect()
    };
    let (old_index, new_index) = (index(old), index(new));
    let mut changes = BTreeMap::new();
    for (key, &position) in &new_index {
        let loaded = &new.objects[position];
        let change = match old_index.get(key) {
            None => ChangeKind::Added,
            Some(&before) if object_json(&old.objects[before]) != object_json(loaded) => {
                ChangeKind::Modified
            }
            Some(_) => continue,
        };
        changes.insert(
            key.clone(),
            ObjectChange {
                change,
                object: loaded.meta.clone(),
            },
        );
    }
    for (key, &position) in &old_index {
        if !new_index.contains_key(key) {
            let object = old.objects[position].meta.clone();
            changes.insert(
                key.clone(),
                ObjectChange {
                    change: ChangeKind::Removed,
                    object,
                },
            );
        }
    }
    changes
}

/// One binding's grant to one subject: the role key and the binding's own key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Grant {
    role: ObjectKey,
    binding: ObjectKey,
}

fn grants(workspace: &Workspace) -> BTreeMap<GrantKey, Vec<Grant>> {
    let mut grants: BTreeMap<GrantKey, Vec<Grant>> = BTreeMap::new();
    for binding in &workspace.bindings {
        let Ok(role) = binding.role else {
            continue;
        };
        let loaded = &workspace.objects[binding.object];
        let subjects = match &loaded.object {
            Object::ClusterRoleBinding(b) => b.subjects.as_deref(),
            Object::RoleBinding(b) => b.subjects.as_deref(),
            _ => None,
        };
        for subject in subjects.unwrap_or_default() {
            let Some(subject) = effective_subject(subject, binding.namespace.as_deref()) else {
                continue;
            };
            let key = (
                subject.kind,
                subject.name,
                subject.namespace,
                binding.namespace.clone(),
            );
            grants.entry(key).or_default().push(Grant {
                role: object_key(&workspace.objects[workspace.roles[role].object].meta),
                binding: object_key(&loaded.meta),
            });
        }
    }
    for list in grants.values_mut() {
        list.sort();
    }
    grants
}

/// Atoms of each role, computed once per workspace.
struct RoleAtoms<'a> {
    workspace: &'a Workspace,
    cache: HashMap<ObjectKey, Rc<BTreeSet<Atom>>>,
    by_key: HashMap<ObjectKey, usize>,
}

impl<'a> RoleAtoms<'a> {
    fn new(workspace: &'a Workspace) -> Self {
        let by_key = workspace
            .roles
            .iter()
            .enumerate()
            .map(|(id, role)| (object_key(&workspace.objects[role.object].meta), id))
            .collect();
        Self {
            workspace,
            cache: HashMap::new(),
            by_key,
        }
    }

    fn rules(&self, role: &ObjectKey) -> Vec<&PolicyRule> {
        self.by_key
            .get(role)
            .map(|&id| {
                self.workspace.roles[id]
                    .rules
                    .iter()
                    .map(|r| &r.rule)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The ClusterRole names the rule producing `atom` came through, nearest first.
    fn sources(&self, role: &ObjectKey, atom: &Atom) -> Vec<String> {
        let Some(&id) = self.by_key.get(role) else {
            return Vec::new();
        };
        let entry = &self.workspace.roles[id];
        for sourced in &entry.rules {
            if rule_atoms(&sourced.rule).contains(atom) {
                return sourced.path.iter().map(ToString::to_string).collect();
            }
        }
        Vec::new()
    }

    fn atoms(&mut self, role: &ObjectKey) -> Rc<BTreeSet<Atom>> {
        if let Some(atoms) = self.cache.get(role) {
            return Rc::clone(atoms);
        }
        let mut atoms = BTreeSet::new();
        for rule in self.rules(role) {
            atoms.extend(rule_atoms(rule));
        }
        let atoms = Rc::new(atoms);
        self.cache.insert(role.clone(), Rc::clone(&atoms));
        atoms
    }
}

fn rule_atoms(rule: &PolicyRule) -> Vec<Atom> {
    let mut atoms = Vec::new();
    let empty = vec![String::new()];
    let names = rule
        .resource_names
        .as_ref()
        .filter(|n| !n.is_empty())
        .unwrap_or(&empty);
    for verb in &rule.verbs {
        for group in rule.api_groups.iter().flatten() {
            for resource in rule.resources.iter().flatten() {
                for name in names {
                    atoms.push(Atom {
                        group: group.clone(),
                        resource: resource.clone(),
                        name: name.clone(),
                        url: String::new(),
                        verb: verb.clone(),
                    });
                }
            }
        }
        for url in rule.non_resource_urls.iter().flatten() {
            atoms.push(Atom {
                group: String::new(),
                resource: String::new(),
                name: String::new(),
                url: url.clone(),
                verb: verb.clone(),
            });
        }
    }
    atoms
}

fn is_risky(atom: &Atom) -> bool {
    matches!(
        atom.verb.as_str(),
        "*" | "bind" | "escalate" | "impersonate"
    ) || atom.group == "*"
        || matches!(
            atom.resource.as_str(),
            "*" | "secrets" | "pods/exec" | "serviceaccounts/token" | "pods/*" | "*/exec"
        )
}

fn group_atoms(atoms: &[&Atom]) -> Vec<Permission> {
    let mut grouped: BTreeMap<(String, String, String), AtomGroup> = BTreeMap::new();
    for atom in atoms {
        let key = (atom.group.clone(), atom.resource.clone(), atom.url.clone());
        let entry = grouped.entry(key).or_default();
        if !atom.name.is_empty() && !entry.0.contains(&atom.name) {
            entry.0.push(atom.name.clone());
        }
        if !entry.1.contains(&atom.verb) {
            entry.1.push(atom.verb.clone());
        }
        entry.2 |= is_risky(atom);
    }
    grouped
        .into_iter()
        .map(|((group, resource, url), (names, verbs, risky))| {
            let is_url = !url.is_empty();
            Permission {
                api_group: (!is_url).then_some(group),
                resource: (!is_url).then_some(resource),
                resource_names: names,
                non_resource_url: is_url.then_some(url),
                verbs,
                risky,
            }
        })
        .collect()
}

/// Compares the permissions of every subject in two versions of the manifests.
///
/// Permissions are compared as rules write them, after aggregation: a rule for `*` and one
/// listing every resource count as different permissions.
pub fn diff_permissions(old: &Workspace, new: &Workspace) -> PermissionDiff {
    let objects = changed_objects(old, new);
    let (old_grants, new_grants) = (grants(old), grants(new));
    let mut old_atoms = RoleAtoms::new(old);
    let mut new_atoms = RoleAtoms::new(new);
    let role_changed = |key: &ObjectKey, old_atoms: &RoleAtoms<'_>, new_atoms: &RoleAtoms<'_>| {
        old_atoms.rules(key) != new_atoms.rules(key)
    };

    let keys: BTreeSet<&GrantKey> = old_grants.keys().chain(new_grants.keys()).collect();
    let mut changes = Vec::new();
    let mut pair_cache: HashMap<(Vec<ObjectKey>, Vec<ObjectKey>), AtomDelta> = HashMap::new();
    for key in keys {
        let before = old_grants.get(key).map(Vec::as_slice).unwrap_or_default();
        let after = new_grants.get(key).map(Vec::as_slice).unwrap_or_default();
        let bindings_changed =
            before != after || after.iter().any(|g| objects.contains_key(&g.binding));
        let roles_changed = after
            .iter()
            .chain(before)
            .any(|g| role_changed(&g.role, &old_atoms, &new_atoms));
        if !bindings_changed && !roles_changed {
            continue;
        }
        let old_roles: Vec<ObjectKey> = before.iter().map(|g| g.role.clone()).collect();
        let new_roles: Vec<ObjectKey> = after.iter().map(|g| g.role.clone()).collect();
        let delta = pair_cache
            .entry((old_roles.clone(), new_roles.clone()))
            .or_insert_with(|| {
                let mut was = BTreeSet::new();
                for role in &old_roles {
                    was.extend(old_atoms.atoms(role).iter().cloned());
                }
                let mut now = BTreeSet::new();
                for role in &new_roles {
                    now.extend(new_atoms.atoms(role).iter().cloned());
                }
                let gained = now.difference(&was).cloned().collect();
                let lost = was.difference(&now).cloned().collect();
                Rc::new((gained, lost))
            })
            .clone();
        let (gained, lost) = (&delta.0, &delta.1);
        if gained.is_empty() && lost.is_empty() {
            continue;
        }
        let causes = causes(
            &objects, before, after, gained, lost, &old_atoms, &new_atoms,
        );
        let (kind, name, namespace, scope) = key.clone();
        changes.push(PermissionChange {
            subject: Subject {
                kind,
                name,
                namespace,
                api_group: None,
            },
            namespace: scope,
            gained: group_atoms(&gained.iter().collect::<Vec<_>>()),
            lost: group_atoms(&lost.iter().collect::<Vec<_>>()),
            causes,
        });
    }
    let gains = changes.iter().map(|c| c.gained.len()).sum();
    let losses = changes.iter().map(|c| c.lost.len()).sum();
    let risky_gains = changes
        .iter()
        .flat_map(|c| &c.gained)
        .filter(|p| p.risky)
        .count();
    PermissionDiff {
        changes,
        changed_objects: objects.into_values().collect(),
        gains,
        losses,
        risky_gains,
    }
}

fn causes(
    objects: &BTreeMap<ObjectKey, ObjectChange>,
    before: &[Grant],
    after: &[Grant],
    gained: &[Atom],
    lost: &[Atom],
    old_atoms: &RoleAtoms<'_>,
    new_atoms: &RoleAtoms<'_>,
) -> Vec<ObjectChange> {
    let mut keys: BTreeSet<ObjectKey> = BTreeSet::new();
    for grant in before.iter().chain(after) {
        keys.insert(grant.binding.clone());
        keys.insert(grant.role.clone());
    }
    // The aggregated members a changed permission came through.
    for (atoms, grants, roles) in [(gained, after, new_atoms), (lost, before, old_atoms)] {
        for atom in atoms.iter().take(64) {
            for grant in grants {
                for name in roles.sources(&grant.role, atom) {
                    keys.insert(("ClusterRole".to_owned(), None, name));
                }
            }
        }
    }
    let mut causes: Vec<ObjectChange> = keys
        .iter()
        .filter_map(|key| objects.get(key).cloned())
        .collect();
    // A binding a Profile implies changes when its Profile does.
    for grant in before.iter().chain(after) {
        if let Some(change) = objects.get(&grant.binding) {
            if change.object.implied {
                if let Some(namespace) = &change.object.namespace {
                    let profile = ("Profile".to_owned(), None, namespace.clone());
                    if let Some(profile_change) = objects.get(&profile) {
                        if !causes.contains(profile_change) {
                            causes.push(profile_change.clone());
                        }
                    }
                }
            }
        }
    }
    causes
}
