//! Label selectors as ClusterRole aggregation evaluates them
//! (`metav1.LabelSelectorAsSelector` in Kubernetes).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

/// Checks that a selector is one the API server accepts, and explains the first problem.
pub fn validate(selector: &LabelSelector) -> Result<(), String> {
    for expression in selector.match_expressions.iter().flatten() {
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
    fn invalid_selectors_are_explained() {
        assert!(validate(&expression("a", "In", &[])).is_err());
        assert!(validate(&expression("a", "Exists", &["x"])).is_err());
        assert!(validate(&expression("a", "Equals", &["x"])).is_err());
        assert!(validate(&expression("a", "NotIn", &["x"])).is_ok());
    }
}
