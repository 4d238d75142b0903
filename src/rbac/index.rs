//! Bindings indexed by subject and namespace, so a decision visits only the bindings that
//! can apply to its user.

use std::collections::HashMap;

/// A binding, and the position of the subject in it that the index entry is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SubjectEntry {
    pub binding: u32,
    pub subject: u32,
}

/// Bindings of one scope (cluster-wide, or one namespace) by the user name or group their
/// subjects match. ServiceAccount subjects are filed under their username
/// `system:serviceaccount:<namespace>:<name>`, since that is the only user they match.
#[derive(Debug, Clone, Default)]
pub struct SubjectIndex {
    users: HashMap<String, Vec<SubjectEntry>>,
    groups: HashMap<String, Vec<SubjectEntry>>,
}

impl SubjectIndex {
    pub fn add_user(&mut self, name: String, entry: SubjectEntry) {
        self.users.entry(name).or_default().push(entry);
    }

    pub fn add_group(&mut self, name: String, entry: SubjectEntry) {
        self.groups.entry(name).or_default().push(entry);
    }

    /// Appends the entries that apply to a user with these groups.
    pub fn collect(&self, user: &str, groups: &[String], out: &mut Vec<SubjectEntry>) {
        if let Some(entries) = self.users.get(user) {
            out.extend_from_slice(entries);
        }
        for group in groups {
            if let Some(entries) = self.groups.get(group.as_str()) {
                out.extend_from_slice(entries);
            }
        }
    }
}

/// Puts entries in binding order and keeps the first applying subject of each binding, which
/// is the order the RBAC authorizer visits them in.
pub fn in_binding_order(entries: &mut Vec<SubjectEntry>) {
    if entries.len() > 1 {
        entries.sort_unstable();
        entries.dedup_by_key(|entry| entry.binding);
    }
}
