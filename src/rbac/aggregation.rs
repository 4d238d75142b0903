//! ClusterRole aggregation, as the clusterrole-aggregation controller computes it
//! (kubernetes/kubernetes `pkg/controller/clusterroleaggregation`), run to a fixpoint.

use std::sync::Arc;

use k8s_openapi::api::rbac::v1::{ClusterRole, PolicyRule};

use super::matching::rules_equal;
use super::selector;

/// A rule of a ClusterRole, with the chain of aggregated ClusterRoles it came through.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedRule {
    pub rule: PolicyRule,
    /// ClusterRole names from the role's direct member down to the role that holds the rule
    /// itself. Empty when the role holds the rule itself.
    pub path: Vec<Arc<str>>,
}

/// The result of aggregating a set of ClusterRoles.
#[derive(Debug, Clone, Default)]
pub struct Aggregation {
    /// The effective rules of each input role, by input position: the computed rules for
    /// aggregating roles, the own rules for the others.
    pub rules: Vec<Vec<SourcedRule>>,
    /// Aggregating roles whose selectors the API server would reject, with the reason. Their
    /// own rules stay, as the controller leaves them untouched.
    pub invalid: Vec<(usize, String)>,
    /// False when the rules kept changing until the iteration limit.
    pub settled: bool,
}

/// Computes every ClusterRole's effective rules.
///
/// For each aggregating role, in each selector's order, the ClusterRoles matching the selector
/// (sorted by name, the role itself skipped) contribute their rules, each appended unless an
/// equal rule is already present; the result replaces the role's own rules. Chains such as
/// view into edit into admin need repeated passes, so passes repeat until nothing changes.
pub fn aggregate(roles: &[&ClusterRole]) -> Aggregation {
    let names: Vec<Arc<str>> = roles
        .iter()
        .map(|role| Arc::from(role.metadata.name.as_deref().unwrap_or_default()))
        .collect();
    let mut by_name: Vec<usize> = (0..roles.len()).collect();
    by_name.sort_by(|&a, &b| names[a].cmp(&names[b]));

    let mut aggregation = Aggregation {
        rules: roles.iter().map(|role| own_rules(role)).collect(),
        invalid: Vec::new(),
        settled: true,
    };

    // Labels do not change during aggregation, so each role's members are fixed.
    let mut members: Vec<(usize, Vec<usize>)> = Vec::new();
    for &index in &by_name {
        let Some(rule) = &roles[index].aggregation_rule else {
            continue;
        };
        let selectors = rule.cluster_role_selectors.as_deref().unwrap_or_default();
        if let Some(error) = selectors.iter().find_map(|s| selector::validate(s).err()) {
            aggregation.invalid.push((index, error));
            continue;
        }
        let mut matched = Vec::new();
        for selector in selectors {
            for &candidate in &by_name {
                let labels = roles[candidate].metadata.labels.as_ref();
                if names[candidate] != names[index] && selector::matches(selector, labels) {
                    matched.push(candidate);
                }
            }
        }
        members.push((index, matched));
    }

    let limit = roles.len() + 2;
    for _ in 0..limit {
        let mut changed = false;
        for (index, matched) in &members {
            let rules = collect_rules(&aggregation.rules, matched, &names);
            let same = rules.len() == aggregation.rules[*index].len()
                && rules
                    .iter()
                    .zip(&aggregation.rules[*index])
                    .all(|(a, b)| rules_equal(&a.rule, &b.rule));
            changed |= !same;
            aggregation.rules[*index] = rules;
        }
        if !changed {
            return aggregation;
        }
    }
    aggregation.settled = false;
    aggregation
}

fn own_rules(role: &ClusterRole) -> Vec<SourcedRule> {
    role.rules
        .iter()
        .flatten()
        .map(|rule| SourcedRule {
            rule: rule.clone(),
            path: Vec::new(),
        })
        .collect()
}

fn collect_rules(
    current: &[Vec<SourcedRule>],
    matched: &[usize],
    names: &[Arc<str>],
) -> Vec<SourcedRule> {
    let mut rules: Vec<SourcedRule> = Vec::new();
    for &member in matched {
        for sourced in &current[member] {
            if rules.iter().any(|r| rules_equal(&r.rule, &sourced.rule)) {
                continue;
            }
            // In an aggregation cycle the chain would grow every pass: cut it at the repeat.
            let mut path = Vec::with_capacity(sourced.path.len() + 1);
            path.push(Arc::clone(&names[member]));
            let tail = sourced
                .path
                .iter()
                .take_while(|name| **name != names[member]);
            path.extend(tail.cloned());
            rules.push(SourcedRule {
                rule: sourced.rule.clone(),
                path,
            });
        }
    }
    rules
}
