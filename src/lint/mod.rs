//! The checker: coded rules that find RBAC mistakes which grant nothing, or too much, without
//! any error from Kubernetes. Each rule lives in the file named for what it checks; the codes
//! and their documentation are in docs/diagnostics.md.

mod bindings;
mod catalog;
mod objects;
mod resources;
mod roles;

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::object::{LoadedObject, Object};
use crate::workspace::Workspace;

pub use catalog::ResourceCatalog;

/// Annotation that suppresses findings on one object: a comma-separated list of codes or
/// categories, such as `rbac/sensitive-access` or `rbac/`.
pub const IGNORE_ANNOTATION: &str = "kserve-rbac.dev/ignore";

impl Workspace {
    /// Runs every rule and drops the findings that an object's ignore annotation suppresses.
    pub(crate) fn lint(&self) -> Vec<Diagnostic> {
        let catalog = ResourceCatalog::new(self);
        let mut diagnostics = Vec::new();
        objects::check(self, &mut diagnostics);
        resources::check(self, &catalog, &mut diagnostics);
        roles::check(self, &mut diagnostics);
        bindings::check(self, &catalog, &mut diagnostics);
        let suppressions = self.suppressions();
        diagnostics.retain(|d| !suppressions.suppresses(d));
        diagnostics
    }

    /// Indexes the objects by kind and name, so that checking each of many findings against
    /// the ignore annotations takes constant time.
    pub(crate) fn suppressions(&self) -> Suppressions<'_> {
        let mut by_name: HashMap<(&str, &str), Vec<&LoadedObject>> = HashMap::new();
        for loaded in &self.objects {
            by_name
                .entry((loaded.meta.kind.as_str(), loaded.meta.name.as_str()))
                .or_default()
                .push(loaded);
        }
        Suppressions { by_name }
    }
}

/// The objects of a workspace, indexed to look up the ignore annotation a finding's object
/// carries.
pub(crate) struct Suppressions<'a> {
    by_name: HashMap<(&'a str, &'a str), Vec<&'a LoadedObject>>,
}

impl Suppressions<'_> {
    /// Whether the object a diagnostic is about carries an ignore annotation naming its code.
    pub(crate) fn suppresses(&self, diagnostic: &Diagnostic) -> bool {
        let Some(object) = &diagnostic.object else {
            return false;
        };
        let Some(loaded) = self
            .by_name
            .get(&(object.kind.as_str(), object.name.as_str()))
            .and_then(|candidates| candidates.iter().find(|o| o.meta == *object))
        else {
            return false;
        };
        let metadata = match &loaded.object {
            Object::ClusterRole(o) => &o.metadata,
            Object::Role(o) => &o.metadata,
            Object::ClusterRoleBinding(o) => &o.metadata,
            Object::RoleBinding(o) => &o.metadata,
            Object::Namespace(o) => &o.metadata,
            Object::ServiceAccount(o) => &o.metadata,
            Object::Profile(o) => &o.metadata,
            _ => return false,
        };
        let Some(value) = metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(IGNORE_ANNOTATION))
        else {
            return false;
        };
        value
            .split(',')
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .any(|code| {
                code == diagnostic.code
                    || (code.ends_with('/') && diagnostic.code.starts_with(code))
            })
    }
}

/// Returns the closest candidate within a small edit distance, for did-you-mean hints.
pub(crate) fn closest<'a>(
    value: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = value.to_ascii_lowercase();
    let length = lower.chars().count();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let limit = (candidate.len() / 4).max(2);
            // The distance is at least the difference in length, so a much longer or shorter
            // value is ruled out without the quadratic computation.
            if length.abs_diff(candidate.chars().count()) > limit {
                return None;
            }
            let distance = edit_distance(&lower, candidate);
            (distance <= limit).then_some((distance, candidate))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}
