//! The Kubernetes bootstrap RBAC policy, offered as a built-in input file so that answers can
//! include what every real cluster grants (cluster-admin to system:masters, discovery to every
//! authenticated user, and so on). Off unless asked for: by default only the manifests count.

use crate::source::SourceFile;

/// The name the bootstrap policy's objects report as their file.
pub const BOOTSTRAP_FILE_NAME: &str = "<kubernetes bootstrap policy>";

const BOOTSTRAP_POLICY: &str = include_str!("bootstrap-policy.yaml");

/// Returns the bootstrap policy as an input file.
pub fn bootstrap_policy() -> SourceFile {
    SourceFile::new(BOOTSTRAP_FILE_NAME, BOOTSTRAP_POLICY)
}
