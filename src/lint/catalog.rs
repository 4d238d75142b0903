//! The resource catalog the checker uses: the built-in catalog extended and overridden by the
//! CustomResourceDefinitions in the input.

use std::collections::{HashMap, HashSet};

use crate::catalog::builtin;
use crate::object::Object;
use crate::workspace::Workspace;

/// One resource the catalog knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownResource {
    pub group: String,
    pub plural: String,
    pub kind: String,
    pub namespaced: bool,
    pub subresources: Vec<String>,
}

/// Known resources by group and by plural.
#[derive(Debug, Clone, Default)]
pub struct ResourceCatalog {
    by_group: HashMap<String, Vec<KnownResource>>,
    groups_of: HashMap<String, HashSet<String>>,
}

impl ResourceCatalog {
    pub fn new(workspace: &Workspace) -> Self {
        let mut catalog = Self::default();
        for entry in builtin() {
            catalog.add(KnownResource {
                group: entry.group.to_owned(),
                plural: entry.plural.to_owned(),
                kind: entry.kind.to_owned(),
                namespaced: entry.namespaced,
                subresources: entry.subresources.iter().map(|s| (*s).to_owned()).collect(),
            });
        }
        for loaded in workspace.objects() {
            let Object::CustomResourceDefinition(crd) = &loaded.object else {
                continue;
            };
            let mut subresources = Vec::new();
            for version in &crd.spec.versions {
                if let Some(sub) = &version.subresources {
                    if sub.status.is_some() && !subresources.iter().any(|s| s == "status") {
                        subresources.push("status".to_owned());
                    }
                    if sub.scale.is_some() && !subresources.iter().any(|s| s == "scale") {
                        subresources.push("scale".to_owned());
                    }
                }
            }
            catalog.add(KnownResource {
                group: crd.spec.group.clone(),
                plural: crd.spec.names.plural.clone(),
                kind: crd.spec.names.kind.clone(),
                namespaced: crd.spec.scope == "Namespaced",
                subresources,
            });
        }
        catalog
    }

    /// Adds a resource, replacing an entry of the same group and plural.
    fn add(&mut self, resource: KnownResource) {
        self.groups_of
            .entry(resource.plural.clone())
            .or_default()
            .insert(resource.group.clone());
        let list = self.by_group.entry(resource.group.clone()).or_default();
        match list.iter_mut().find(|r| r.plural == resource.plural) {
            Some(existing) => *existing = resource,
            None => list.push(resource),
        }
    }

    /// Whether the catalog knows the group at all.
    pub fn knows_group(&self, group: &str) -> bool {
        self.by_group.contains_key(group)
    }

    pub fn get(&self, group: &str, plural: &str) -> Option<&KnownResource> {
        self.by_group
            .get(group)?
            .iter()
            .find(|r| r.plural == plural)
    }

    pub fn in_group(&self, group: &str) -> &[KnownResource] {
        self.by_group
            .get(group)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The groups that have a resource of this plural, sorted.
    pub fn groups_with(&self, plural: &str) -> Vec<&str> {
        let mut groups: Vec<&str> = self
            .groups_of
            .get(plural)
            .map(|g| g.iter().map(String::as_str).collect())
            .unwrap_or_default();
        groups.sort_unstable();
        groups
    }
}
