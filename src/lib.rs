//! kserve-rbac: generates the ClusterRoles that give Kubeflow tenants access to KServe, and
//! evaluates Kubernetes RBAC from manifests alone, with no cluster.
//!
//! The core is pure Rust and knows nothing of JavaScript; [`wasm`] is the one boundary module
//! for the WebAssembly build, and `src/main.rs` with [`cli`] is the native command-line tool.

pub mod access_matrix;
pub mod authorize;
pub mod catalog;
pub mod diagnostic;
pub mod diff;
pub mod generate;
pub mod kubeflow;
pub mod lint;
pub mod load;
pub mod near_miss;
pub mod object;
pub mod profile;
pub mod rbac;
pub mod review;
pub mod rules;
pub mod rules_for;
pub mod source;
pub mod who_can;
pub mod workspace;

pub use authorize::{Decision, Grant};
pub use diagnostic::{Diagnostic, Severity};
pub use near_miss::{MissedAttribute, NearMiss};
pub use object::{LoadedObject, Object, ObjectRef};
pub use rbac::request::{Attributes, NonResourceAttributes, ResourceAttributes, UserInfo};
pub use source::{Location, SourceFile};
pub use workspace::Workspace;

/// The crate version, as shown by `--version` and the playground.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(target_arch = "wasm32")]
pub mod wasm;
