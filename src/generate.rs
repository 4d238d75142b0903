//! Generating the ClusterRoles that bring KServe's resources into Kubeflow's aggregate roles,
//! in the pattern KServe ships for Kubeflow: an `-admin` role that aggregates everything
//! labelled for it and is itself aggregated into kubeflow-admin, an `-edit` role aggregated into
//! kubeflow-edit and the `-admin` role, and a `-view` role aggregated into kubeflow-view.

use std::collections::BTreeMap;

use k8s_openapi::api::rbac::v1::{AggregationRule, ClusterRole, PolicyRule};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::catalog::{KSERVE, KSERVE_GROUP};

/// Verbs of the edit tier, as KServe's Kubeflow roles list them.
pub const EDIT_VERBS: [&str; 8] = [
    "get",
    "list",
    "watch",
    "create",
    "delete",
    "deletecollection",
    "patch",
    "update",
];
/// Verbs of the view tier.
pub const VIEW_VERBS: [&str; 3] = ["get", "list", "watch"];
/// Verbs KServe's view role grants on Knative objects (no watch).
pub const KNATIVE_VIEW_VERBS: [&str; 2] = ["get", "list"];
/// The Knative Serving objects KServe creates in serverless mode.
pub const KNATIVE_RESOURCES: [&str; 8] = [
    "services",
    "services/status",
    "routes",
    "routes/status",
    "configurations",
    "configurations/status",
    "revisions",
    "revisions/status",
];
const KNATIVE_GROUP: &str = "serving.knative.dev";

/// Output format of generated roles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Yaml,
    Json,
}

/// Options of role generation. Every field has a default, so `{}` is a valid value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct GenerateOptions {
    /// KServe release whose resource list to reproduce, e.g. `0.14` or `v0.15.2`; `latest` or
    /// none covers every namespaced KServe kind.
    pub release: Option<String>,
    /// Whether to add the Knative Serving rules KServe's roles carry.
    pub knative: bool,
    /// Whether to add the `/status` subresource of each kind that has one.
    pub status_subresources: bool,
    /// More resources, as `resource` (in serving.kserve.io) or `resource.group`.
    pub extra_resources: Vec<String>,
    /// Role names are `<prefix>-admin`, `<prefix>-edit` and `<prefix>-view`.
    pub name_prefix: String,
    /// Prefix of the aggregation label keys.
    pub label_prefix: String,
    pub format: Format,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        Self {
            release: None,
            knative: true,
            status_subresources: false,
            extra_resources: Vec::new(),
            name_prefix: "kubeflow-kserve".to_owned(),
            label_prefix: "rbac.authorization.kubeflow.org".to_owned(),
            format: Format::Yaml,
        }
    }
}

/// Why generation failed.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum GenerateError {
    #[error("invalid KServe release {0:?}: expected a version such as 0.14, v0.15.2 or latest")]
    InvalidRelease(String),
    #[error("KServe release {0} is not supported: presets start at v0.8, the first release with these roles for Kubeflow")]
    UnsupportedRelease(String),
    #[error("invalid extra resource {0:?}: expected `resource` or `resource.group`, in lowercase plural")]
    InvalidResource(String),
    #[error("invalid {field} {value:?}: {reason}")]
    InvalidName {
        field: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("failed to serialize the roles: {0}")]
    Serialize(String),
}

/// The KServe resources each release put in its Kubeflow roles, by minor version.
fn release_resources(release: Option<&str>) -> Result<Vec<&'static str>, GenerateError> {
    let namespaced: Vec<&'static str> = KSERVE
        .iter()
        .filter(|r| r.namespaced)
        .map(|r| r.plural)
        .collect();
    let Some(text) = release.filter(|r| *r != "latest") else {
        return Ok(namespaced);
    };
    let minor = parse_minor(text).ok_or_else(|| GenerateError::InvalidRelease(text.to_owned()))?;
    let mut resources = vec!["inferenceservices", "servingruntimes"];
    match minor {
        ..=7 => return Err(GenerateError::UnsupportedRelease(text.to_owned())),
        8..=14 => {}
        15 => resources.extend(["inferencegraphs", "trainedmodels"]),
        _ => resources.extend([
            "inferencegraphs",
            "trainedmodels",
            "llminferenceservices",
            "llminferenceserviceconfigs",
        ]),
    }
    Ok(resources)
}

/// Reads the minor version of a `0.N` release, with optional `v` and patch.
fn parse_minor(text: &str) -> Option<u32> {
    let text = text.strip_prefix('v').unwrap_or(text);
    let mut parts = text.split('.');
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    if let Some(patch) = parts.next() {
        patch.parse::<u32>().ok()?;
    }
    (major == 0 && parts.next().is_none()).then_some(minor)
}

/// Generates the three ClusterRoles.
pub fn generate_roles(options: &GenerateOptions) -> Result<Vec<ClusterRole>, GenerateError> {
    validate_name("name prefix", &options.name_prefix)?;
    validate_name("label prefix", &options.label_prefix)?;
    let resources = release_resources(options.release.as_deref())?;

    let mut kserve: Vec<String> = Vec::new();
    for resource in &resources {
        kserve.push((*resource).to_owned());
        let has_status = KSERVE
            .iter()
            .any(|r| r.plural == *resource && r.subresources.contains(&"status"));
        if options.status_subresources && has_status {
            kserve.push(format!("{resource}/status"));
        }
    }
    let mut groups: Vec<(String, Vec<String>)> = vec![(KSERVE_GROUP.to_owned(), kserve)];
    for extra in &options.extra_resources {
        let (resource, group) = parse_extra(extra)?;
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) if list.contains(&resource) => {}
            Some((_, list)) => list.push(resource),
            None => groups.push((group, vec![resource])),
        }
    }

    let label = |role: &str| format!("{}/aggregate-to-{role}", options.label_prefix);
    let prefix = &options.name_prefix;
    let admin = ClusterRole {
        metadata: role_meta(&format!("{prefix}-admin"), &[label("kubeflow-admin")]),
        aggregation_rule: Some(AggregationRule {
            cluster_role_selectors: Some(vec![LabelSelector {
                match_labels: Some(BTreeMap::from([(
                    label(&format!("{prefix}-admin")),
                    "true".to_owned(),
                )])),
                match_expressions: None,
            }]),
        }),
        rules: Some(Vec::new()),
    };
    let tier_rules = |verbs: &[&str], knative_verbs: &[&str]| {
        let mut rules: Vec<PolicyRule> = groups
            .iter()
            .map(|(group, list)| rule(group, list, verbs))
            .collect();
        if options.knative {
            let knative: Vec<String> = KNATIVE_RESOURCES.iter().map(|r| (*r).to_owned()).collect();
            rules.push(rule(KNATIVE_GROUP, &knative, knative_verbs));
        }
        rules
    };
    let edit = ClusterRole {
        metadata: role_meta(
            &format!("{prefix}-edit"),
            &[label("kubeflow-edit"), label(&format!("{prefix}-admin"))],
        ),
        aggregation_rule: None,
        rules: Some(tier_rules(&EDIT_VERBS, &EDIT_VERBS)),
    };
    let view = ClusterRole {
        metadata: role_meta(&format!("{prefix}-view"), &[label("kubeflow-view")]),
        aggregation_rule: None,
        rules: Some(tier_rules(&VIEW_VERBS, &KNATIVE_VIEW_VERBS)),
    };
    Ok(vec![admin, edit, view])
}

/// Writes roles as YAML documents or, for JSON, as one `v1` `List`.
pub fn render_roles(roles: &[ClusterRole], format: Format) -> Result<String, GenerateError> {
    match format {
        Format::Yaml => {
            let mut text = String::new();
            for role in roles {
                text.push_str("---\n");
                text.push_str(
                    &serde_yaml::to_string(role)
                        .map_err(|e| GenerateError::Serialize(e.to_string()))?,
                );
            }
            Ok(text)
        }
        Format::Json => {
            let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": roles});
            let mut text = serde_json::to_string_pretty(&list)
                .map_err(|e| GenerateError::Serialize(e.to_string()))?;
            text.push('\n');
            Ok(text)
        }
    }
}

fn rule(group: &str, resources: &[String], verbs: &[&str]) -> PolicyRule {
    PolicyRule {
        api_groups: Some(vec![group.to_owned()]),
        resources: Some(resources.to_vec()),
        verbs: verbs.iter().map(|v| (*v).to_owned()).collect(),
        non_resource_urls: None,
        resource_names: None,
    }
}

fn role_meta(name: &str, labels: &[String]) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        labels: Some(
            labels
                .iter()
                .map(|key| (key.clone(), "true".to_owned()))
                .collect(),
        ),
        ..ObjectMeta::default()
    }
}

fn parse_extra(text: &str) -> Result<(String, String), GenerateError> {
    let invalid = || GenerateError::InvalidResource(text.to_owned());
    let (resource, group) = match text.split_once('.') {
        Some((resource, group)) => (resource, group),
        None => (text, KSERVE_GROUP),
    };
    let valid_resource = !resource.is_empty()
        && resource.split('/').count() <= 2
        && resource
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '/' || c == '-');
    let valid_group = !group.is_empty()
        && group
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    if !valid_resource || !valid_group {
        return Err(invalid());
    }
    Ok((resource.to_owned(), group.to_owned()))
}

fn validate_name(field: &'static str, value: &str) -> Result<(), GenerateError> {
    let valid = !value.is_empty()
        && value.len() <= 200
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && !value.starts_with(['-', '.'])
        && !value.ends_with(['-', '.']);
    if valid {
        Ok(())
    } else {
        Err(GenerateError::InvalidName {
            field,
            value: value.to_owned(),
            reason: "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_minor_reads_release_forms() {
        assert_eq!(parse_minor("0.14"), Some(14));
        assert_eq!(parse_minor("v0.15.2"), Some(15));
        assert_eq!(parse_minor("1.0"), None);
        assert_eq!(parse_minor("0.x"), None);
    }

    #[test]
    fn presets_follow_releases() {
        assert_eq!(
            release_resources(Some("0.14")).unwrap(),
            vec!["inferenceservices", "servingruntimes"]
        );
        assert_eq!(release_resources(Some("0.15")).unwrap().len(), 4);
        assert!(release_resources(Some("0.16"))
            .unwrap()
            .contains(&"llminferenceserviceconfigs"));
        assert!(release_resources(None)
            .unwrap()
            .contains(&"localmodelnamespacecaches"));
        assert!(!release_resources(None)
            .unwrap()
            .contains(&"clusterservingruntimes"));
        assert!(matches!(
            release_resources(Some("0.7")),
            Err(GenerateError::UnsupportedRelease(_))
        ));
    }

    #[test]
    fn extra_resources_parse() {
        assert_eq!(
            parse_extra("widgets").unwrap(),
            ("widgets".to_owned(), KSERVE_GROUP.to_owned())
        );
        assert_eq!(
            parse_extra("inferencepools.inference.networking.x-k8s.io")
                .unwrap()
                .1,
            "inference.networking.x-k8s.io"
        );
        assert!(parse_extra("Widgets").is_err());
        assert!(parse_extra("").is_err());
    }
}
