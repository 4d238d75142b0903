//! Label selectors as ClusterRole aggregation evaluates them
//! (`metav1.LabelSelectorAsSelector` in Kubernetes).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

/// Checks that a selector is one the API server accepts, and explains the first problem.
pub fn validate(selector: &LabelSelector) -> Result<(), String> {
    for (key, value) in selector.match_labels.iter().flatten() {
        validate_key(key).map_err(|reason| format!("matchLabels key {key:?}: {reason}"))?;
        validate_value(value)
            .map_err(|reason| format!("matchLabels value {value:?} of key {key:?}: {reason}"))?;
    }
    for expression in selector.match_expressions.iter().flatten() {
        let key = &expression.key;
        validate_key(key).map_err(|reason| format!("matchExpressions key {key:?}: {reason}"))?;
        for value in expression.values.iter().flatten() {
            validate_value(value).map_err(|reason| {
                format!("matchExpressions value {value:?} of key {key:?}: {reason}")
            })?;
        }
        let values = expression.values.as_deref().unwrap_or_default();
        match expression.operator.as_str() {
            "In" | "NotIn" if values.is_empty() => {
                return Err(format!(
                    "matchExpressions key {:?}: operator {} needs at least one value",
                    expression.key, expression.operator
                ));
            }
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                return Err(format!(
                    "matchExpressions key {:?}: operator {} takes no values",
                    expression.key, expression.operator
                ));
            }
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            other => {
                return Err(format!(
                    "matchExpressions key {:?}: unknown operator {other:?}; use In, NotIn, Exists or DoesNotExist",
                    expression.key
                ));
            }
        }
    }
    Ok(())
}

/// Checks a label key as Kubernetes' `IsQualifiedName` does: a name of at most 63
/// characters, with an optional DNS subdomain prefix and `/`.
fn validate_key(key: &str) -> Result<(), &'static str> {
    let name = match key.split_once('/') {
        Some((prefix, name)) => {
            if !is_dns_subdomain(prefix) {
                return Err(
                    "the prefix must be a lowercase DNS subdomain of at most 253 characters",
                );
            }
            name
        }
        None => key,
    };
    if name.is_empty() || name.len() > 63 || !is_label_text(name) {
        return Err("the name must be 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
    Ok(())
}

/// Checks a label value as Kubernetes' `IsValidLabelValue` does: empty, or at most 63
/// characters of the label-name alphabet.
fn validate_value(value: &str) -> Result<(), &'static str> {
    if value.is_empty() || (value.len() <= 63 && is_label_text(value)) {
        Ok(())
    } else {
        Err("a value must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit")
    }
}

/// Letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.
fn is_label_text(text: &str) -> bool {
    let edges_alphanumeric = text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text.ends_with(|c: char| c.is_ascii_alphanumeric());
    edges_alphanumeric
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Dot-separated lowercase DNS labels, at most 253 characters in all.
fn is_dns_subdomain(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// Whether `labels` satisfy every matchLabels entry and every matchExpressions entry. An empty
/// selector matches everything. Call [`validate`] first: invalid expressions match nothing.
pub fn matches(selector: &LabelSelector, labels: Option<&BTreeMap<String, String>>) -> bool {
    let value = |key: &str| labels.and_then(|labels| labels.get(key));
    let labels_match = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(key, expected)| value(key) == Some(expected));
    labels_match
        && selector
            .match_expressions
            .iter()
            .flatten()
            .all(|expression| {
                let values = expression.values.as_deref().unwrap_or_default();
                let actual = value(&expression.key);
                match expression.operator.as_str() {
                    "In" => actual.is_some_and(|v| values.contains(v)),
                    "NotIn" => actual.is_none_or(|v| !values.contains(v)),
                    "Exists" => actual.is_some(),
                    "DoesNotExist" => actual.is_none(),
                    _ => false,
                }
            })
}

#[cfg(test)]
mod tests {
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;

    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn expression(key: &str, operator: &str, values: &[&str]) -> LabelSelector {
        LabelSelector {
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: key.to_owned(),
                operator: operator.to_owned(),
                values: (!values.is_empty())
                    .then(|| values.iter().map(|v| (*v).to_owned()).collect()),
            }]),
            match_labels: None,
        }
    }

    #[test]
    fn empty_selector_matches_everything() {
        assert!(matches(&LabelSelector::default(), None));
    }

    #[test]
    fn match_labels_need_every_pair() {
        let selector = LabelSelector {
            match_labels: Some(labels(&[("a", "true"), ("b", "true")])),
            match_expressions: None,
        };
        assert!(matches(
            &selector,
            Some(&labels(&[("a", "true"), ("b", "true"), ("c", "x")]))
        ));
        assert!(!matches(&selector, Some(&labels(&[("a", "true")]))));
        assert!(!matches(
            &selector,
            Some(&labels(&[("a", "true"), ("b", "True")]))
        ));
    }

    #[test]
    fn operators_follow_kubernetes() {
        let present = labels(&[("tier", "edit")]);
        assert!(matches(
            &expression("tier", "In", &["edit", "view"]),
            Some(&present)
        ));
        assert!(!matches(
            &expression("tier", "In", &["view"]),
            Some(&present)
        ));
        assert!(!matches(&expression("tier", "In", &["edit"]), None));
        assert!(matches(
            &expression("tier", "NotIn", &["view"]),
            Some(&present)
        ));
        assert!(matches(&expression("tier", "NotIn", &["view"]), None));
        assert!(matches(&expression("tier", "Exists", &[]), Some(&present)));
        assert!(!matches(&expression("tier", "Exists", &[]), None));
        assert!(matches(&expression("tier", "DoesNotExist", &[]), None));
        assert!(!matches(
            &expression("tier", "DoesNotExist", &[]),
            Some(&present)
        ));
    }

    #[test]
    fn label_keys_and_values_are_checked() {
        let selector = |key: &str, value: &str| LabelSelector {
            match_labels: Some(labels(&[(key, value)])),
            match_expressions: None,
        };
        assert!(validate(&selector(
            "rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit",
            "true"
        ))
        .is_ok());
        assert!(validate(&selector("app.kubernetes.io/part-of", "")).is_ok());
        assert!(validate(&selector("bad key!", "x")).is_err());
        assert!(validate(&selector("Upper.Example/x", "y")).is_err());
        assert!(validate(&selector("/name", "y")).is_err());
        assert!(validate(&selector("a/b/c", "y")).is_err());
        assert!(validate(&selector(&"k".repeat(64), "y")).is_err());
        assert!(validate(&selector("tier", "not a value!")).is_err());
        assert!(validate(&selector("tier", "-edge")).is_err());
        assert!(validate(&expression("tier", "In", &["ok", "not ok"])).is_err());
    }

    #[test]
    fn invalid_selectors_are_explained() {
        assert!(validate(&expression("a", "In", &[])).is_err());
        assert!(validate(&expression("a", "Exists", &["x"])).is_err());
        assert!(validate(&expression("a", "Equals", &["x"])).is_err());
        assert!(validate(&expression("a", "NotIn", &["x"])).is_ok());
    }
}
