//! Findings about the input: load errors, skipped documents and broken references.

use serde::Serialize;

use crate::object::ObjectRef;
use crate::source::Location;

/// How serious a finding is. Errors make `check` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Stable diagnostic codes, as `category/pattern`.
pub mod codes {
    /// A document that is not valid YAML or JSON.
    pub const INVALID_YAML: &str = "load/invalid-yaml";
    /// A document whose fields do not fit the schema of its kind.
    pub const INVALID_OBJECT: &str = "load/invalid-object";
    /// A document that is not a mapping with apiVersion and kind, such as a kustomization.yaml.
    pub const NOT_AN_OBJECT: &str = "load/not-a-kubernetes-object";
    /// A file that could not be read, or is not UTF-8.
    pub const UNREADABLE_FILE: &str = "load/unreadable-file";
    /// An RBAC object under an apiVersion that Kubernetes no longer serves.
    pub const DEPRECATED_API_VERSION: &str = "load/deprecated-api-version";
    /// A namespaced RBAC object without metadata.namespace.
    pub const NO_NAMESPACE: &str = "load/no-namespace";
    /// A binding whose roleRef names a role that is not in the input.
    pub const MISSING_ROLE: &str = "rbac/missing-role";
    /// An aggregationRule with a label selector the API server rejects.
    pub const INVALID_SELECTOR: &str = "rbac/invalid-label-selector";
    /// Aggregation that did not settle within the iteration limit.
    pub const AGGREGATION_NOT_SETTLED: &str = "rbac/aggregation-not-settled";
}

/// One finding, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub location: Option<Location>,
    pub object: Option<ObjectRef>,
    /// The field the finding is about, inside its object, such as `rules[2].resources[1]`.
    pub path: Option<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            help: None,
            location: None,
            object: None,
            path: None,
        }
    }

    #[must_use]
    pub fn with_path(mut self, path: &str) -> Self {
        self.path = Some(path.to_owned());
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    #[must_use]
    pub fn on(mut self, object: &ObjectRef) -> Self {
        if self.location.is_none() {
            self.location.clone_from(&object.location);
        }
        self.object = Some(object.clone());
        self
    }
}
