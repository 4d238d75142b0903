//! Explaining denials: the grants that come closest to allowing a request, each failing on
//! exactly one attribute, in words a user can act on.

use k8s_openapi::api::rbac::v1::{PolicyRule, Subject};
use serde::Serialize;

use crate::object::{Object, ObjectRef};
use crate::profile::DEFAULT_ACCOUNTS;
use crate::rbac::matching::{
    api_group_matches, non_resource_url_matches, resource_entry_matches, resource_matches,
    resource_name_matches, verb_matches,
};
use crate::rbac::request::{split_service_account, Attributes, ResourceAttributes, UserInfo};
use crate::workspace::{BindingEntry, Workspace};

/// The one attribute on which a near miss fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MissedAttribute {
    Namespace,
    Verb,
    ApiGroup,
    Resource,
    Subresource,
    ResourceName,
    Subject,
    MissingRole,
    Aggregation,
    NoBinding,
}

/// A grant that would allow the request but for one attribute, or a missing link.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NearMiss {
    pub attribute: MissedAttribute,
    pub message: String,
    pub binding: Option<ObjectRef>,
    pub role: Option<ObjectRef>,
    pub rule: Option<PolicyRule>,
}

/// Maximum number of near misses reported for one request.
const MAX_NEAR_MISSES: usize = 12;

/// How closely a binding's subjects match the user.
enum SubjectMatch {
    Exact,
    /// Not a match, with the reason in words.
    Near(String),
    None,
}

impl Workspace {
    /// Lists the closest grants to a denied request, most useful first.
    pub fn near_misses(&self, user: &UserInfo, attributes: &Attributes) -> Vec<NearMiss> {
        let mut misses = Vec::new();
        let mut any_binding_applies = false;
        for binding in &self.bindings {
            let subject = self.subject_match(binding, user);
            let in_scope = match (&binding.namespace, attributes) {
                (None, _) => true,
                (Some(_), Attributes::NonResource(_)) => continue,
                (Some(namespace), _) => attributes.namespace() == Some(namespace.as_str()),
            };
            let subject_miss = match &subject {
                SubjectMatch::Exact => None,
                SubjectMatch::Near(reason) => Some(reason.clone()),
                SubjectMatch::None => continue,
            };
            let applies = subject_miss.is_none() && in_scope;
            any_binding_applies |= applies;
            self.binding_near_misses(binding, attributes, subject_miss, in_scope, &mut misses);
        }
        if !any_binding_applies && misses.is_empty() {
            misses.push(self.no_binding(user, attributes));
        }
        misses.sort_by_key(|miss| miss.attribute);
        misses.dedup_by(|a, b| a.message == b.message);
        misses.truncate(MAX_NEAR_MISSES);
        misses
    }

    fn binding_near_misses(
        &self,
        binding: &BindingEntry,
        attributes: &Attributes,
        subject_miss: Option<String>,
        in_scope: bool,
        misses: &mut Vec<NearMiss>,
    ) {
        let binding_ref = self.object_ref(binding.object);
        let role_id = match &binding.role {
            Ok(role) => *role,
            Err(error) => {
                if subject_miss.is_none() && in_scope {
                    misses.push(NearMiss {
                        attribute: MissedAttribute::MissingRole,
                        message: format!(
                            "{} would apply, but {error}; add the role to the input or fix roleRef",
                            binding_ref.display_name()
                        ),
                        binding: Some(binding_ref.clone()),
                        role: None,
                        rule: None,
                    });
                }
                return;
            }
        };
        let role = &self.roles[role_id];
        let role_ref = self.object_ref(role.object);
        let through = format!(
            "{} (bound by {})",
            role_ref.display_name(),
            binding_ref.display_name()
        );
        let mut found = false;
        for sourced in &role.rules {
            let rule = &sourced.rule;
            match rule_fit(rule, attributes) {
                RuleFit::Allows => {
                    // The rule allows the request: only the scope or the subject is wrong.
                    let (attribute, message) = match (&subject_miss, in_scope) {
                        (Some(reason), true) => (
                            MissedAttribute::Subject,
                            format!("{through} allows {}, but {reason}", attributes.describe()),
                        ),
                        (None, false) => {
                            let namespace = binding.namespace.as_deref().unwrap_or_default();
                            let asked = attributes.namespace().map_or_else(
                                || "cluster-wide".to_owned(),
                                |ns| format!("in namespace {ns}"),
                            );
                            (
                                MissedAttribute::Namespace,
                                format!("{through} allows {}, but only in namespace {namespace}, and the request is {asked}", attributes.describe()),
                            )
                        }
                        _ => continue,
                    };
                    found = true;
                    misses.push(near_miss(attribute, message, binding_ref, role_ref, rule));
                }
                RuleFit::Miss(attribute, reason) if subject_miss.is_none() && in_scope => {
                    found = true;
                    let message = format!("{through} {reason}");
                    misses.push(near_miss(attribute, message, binding_ref, role_ref, rule));
                }
                RuleFit::Miss(..) | RuleFit::Unrelated => {}
            }
        }
        if !found && role.aggregating && subject_miss.is_none() && in_scope {
            misses.push(self.aggregation_miss(binding_ref, role_ref, role.object, attributes));
        }
    }

    fn aggregation_miss(
        &self,
        binding_ref: &ObjectRef,
        role_ref: &ObjectRef,
        object: usize,
        attributes: &Attributes,
    ) -> NearMiss {
        let mut labels = Vec::new();
        if let Object::ClusterRole(role) = &self.objects[object].object {
            let selectors = role
                .aggregation_rule
                .iter()
                .flat_map(|r| r.cluster_role_selectors.iter().flatten());
            for selector in selectors {
                for (key, value) in selector.match_labels.iter().flatten() {
                    labels.push(format!("{key}={value}"));
                }
            }
        }
        let selected = if labels.is_empty() {
            "its selectors".to_owned()
        } else {
            format!("the label {}", labels.join(" or "))
        };
        NearMiss {
            attribute: MissedAttribute::Aggregation,
            message: format!(
                "{} is bound by {} and aggregates the ClusterRoles with {selected}, but none of them allows {}; add a ClusterRole with that label that allows it (for KServe resources, `kserve-rbac generate` writes one)",
                role_ref.display_name(),
                binding_ref.display_name(),
                attributes.describe()
            ),
            binding: Some(binding_ref.clone()),
            role: Some(role_ref.clone()),
            rule: None,
        }
    }

    fn no_binding(&self, user: &UserInfo, attributes: &Attributes) -> NearMiss {
        let scope = match attributes.namespace() {
            Some(namespace) => {
                format!("no ClusterRoleBinding, and no RoleBinding in namespace {namespace},")
            }
            None => "no ClusterRoleBinding".to_owned(),
        };
        let groups = if user.groups.is_empty() {
            String::new()
        } else {
            format!(" or any of its groups ({})", user.groups.join(", "))
        };
        let mut message = format!("{scope} names user {:?}{groups}", user.name);
        if let (Some((namespace, account)), Some(asked)) =
            (split_service_account(&user.name), attributes.namespace())
        {
            let tier = DEFAULT_ACCOUNTS.iter().find(|(name, _)| *name == account);
            if let (Some((_, role)), true) = (
                tier,
                namespace == asked && self.profile(namespace).is_none(),
            ) {
                message.push_str(&format!(
                    "; namespace {namespace} has no Profile, so nothing binds {account}: create a Profile named {namespace}, or a RoleBinding {account} to ClusterRole {role} in it"
                ));
            }
        }
        NearMiss {
            attribute: MissedAttribute::NoBinding,
            message,
            binding: None,
            role: None,
            rule: None,
        }
    }

    fn subject_match(&self, binding: &BindingEntry, user: &UserInfo) -> SubjectMatch {
        let subjects = match &self.objects[binding.object].object {
            Object::ClusterRoleBinding(b) => b.subjects.as_deref(),
            Object::RoleBinding(b) => b.subjects.as_deref(),
            _ => None,
        };
        let mut best = SubjectMatch::None;
        for subject in subjects.unwrap_or_default() {
            match compare_subject(subject, binding.namespace.as_deref(), user) {
                SubjectMatch::Exact => return SubjectMatch::Exact,
                SubjectMatch::Near(reason) if matches!(best, SubjectMatch::None) => {
                    best = SubjectMatch::Near(reason)
                }
                _ => {}
            }
        }
        best
    }
}

fn near_miss(
    attribute: MissedAttribute,
    message: String,
    binding: &ObjectRef,
    role: &ObjectRef,
    rule: &PolicyRule,
) -> NearMiss {
    NearMiss {
        attribute,
        message,
        binding: Some(binding.clone()),
        role: Some(role.clone()),
        rule: Some(rule.clone()),
    }
}

/// Compares one subject with the user, following the RBAC authorizer's `appliesTo`.
fn compare_subject(
    subject: &Subject,
    binding_namespace: Option<&str>,
    user: &UserInfo,
) -> SubjectMatch {
    let name = subject.name.as_str();
    match subject.kind.as_str() {
        "User" if name == user.name => SubjectMatch::Exact,
        "User" if name.eq_ignore_ascii_case(&user.name) => SubjectMatch::Near(format!(
            "it names User {name:?}, not {:?}, and usernames are compared exactly, case included",
            user.name
        )),
        "User" if user.groups.iter().any(|g| g == name) => SubjectMatch::Near(format!(
            "it names User {name:?}, which is one of the user's groups; use kind Group"
        )),
        "Group" if user.groups.iter().any(|g| g == name) => SubjectMatch::Exact,
        "Group" if name == user.name => SubjectMatch::Near(format!(
            "it names Group {name:?}, which is the user's name; use kind User"
        )),
        "ServiceAccount" => compare_service_account(subject, binding_namespace, user),
        _ => SubjectMatch::None,
    }
}

fn compare_service_account(
    subject: &Subject,
    binding_namespace: Option<&str>,
    user: &UserInfo,
) -> SubjectMatch {
    let Some((namespace, account)) = split_service_account(&user.name) else {
        return SubjectMatch::None;
    };
    if subject.name != account {
        return SubjectMatch::None;
    }
    let subject_namespace = subject.namespace.as_deref().filter(|ns| !ns.is_empty());
    match subject_namespace.or(binding_namespace) {
        Some(effective) if effective == namespace => SubjectMatch::Exact,
        Some(effective) => SubjectMatch::Near(format!(
            "it names ServiceAccount {account} of namespace {effective}, not of namespace {namespace}"
        )),
        None => SubjectMatch::Near(format!(
            "it names ServiceAccount {account} without a namespace, which in a ClusterRoleBinding matches no account; set subjects[].namespace to {namespace}"
        )),
    }
}

/// How one rule relates to a request.
enum RuleFit {
    Allows,
    /// Fails on exactly one attribute, with the reason in words.
    Miss(MissedAttribute, String),
    /// Fails on more than one attribute, or concerns another resource.
    Unrelated,
}

/// Finds the single attribute on which `rule` fails the request.
fn rule_fit(rule: &PolicyRule, attributes: &Attributes) -> RuleFit {
    let request = match attributes {
        Attributes::Resource(request) => request,
        Attributes::NonResource(request) => {
            let verb = verb_matches(rule, &request.verb);
            let url = non_resource_url_matches(rule, &request.path);
            return match (verb, url) {
                (true, true) => RuleFit::Allows,
                (false, true) => RuleFit::Miss(
                    MissedAttribute::Verb,
                    format!(
                        "allows {} on {}, but not {}",
                        rule.verbs.join(", "),
                        request.path,
                        request.verb
                    ),
                ),
                _ => RuleFit::Unrelated,
            };
        }
    };
    let mut misses = Vec::new();
    if !resource_matches(rule, &request.resource, &request.subresource) {
        match resource_miss(rule, request) {
            Some(miss) => misses.push(miss),
            None => return RuleFit::Unrelated,
        }
    }
    if !api_group_matches(rule, &request.group) {
        let groups = rule.api_groups.as_deref().unwrap_or_default();
        let listed: Vec<&str> = groups.iter().map(|g| display_group(g)).collect();
        misses.push((
            MissedAttribute::ApiGroup,
            format!(
                "allows {} in API group {}, not {}",
                request.resource,
                listed.join(", "),
                display_group(&request.group)
            ),
        ));
    }
    if !verb_matches(rule, &request.verb) {
        misses.push((
            MissedAttribute::Verb,
            format!(
                "allows {} on {}, but not {}",
                rule.verbs.join(", "),
                request.resource,
                request.verb
            ),
        ));
    }
    if !resource_name_matches(rule, &request.name) {
        let names = rule
            .resource_names
            .as_deref()
            .unwrap_or_default()
            .join(", ");
        let detail = if request.name.is_empty() {
            format!("only for the names {names}, and a request without a name (create, deletecollection, list or watch without a name) never matches resourceNames")
        } else {
            format!("only for the names {names}, not {:?}", request.name)
        };
        misses.push((
            MissedAttribute::ResourceName,
            format!("allows {} on {} {detail}", request.verb, request.resource),
        ));
    }
    match misses.len() {
        0 => RuleFit::Allows,
        1 => {
            let (attribute, reason) = misses.remove(0);
            RuleFit::Miss(attribute, reason)
        }
        _ => RuleFit::Unrelated,
    }
}

fn display_group(group: &str) -> &str {
    if group.is_empty() {
        "\"\" (core)"
    } else {
        group
    }
}

/// Explains a resource mismatch when the rule lists the right resource without the
/// subresource, or a near spelling of it. Unrelated resources are no near miss.
fn resource_miss(
    rule: &PolicyRule,
    request: &ResourceAttributes,
) -> Option<(MissedAttribute, String)> {
    let entries = rule.resources.as_deref().unwrap_or_default();
    if !request.subresource.is_empty()
        && entries
            .iter()
            .any(|e| resource_entry_matches(e, &request.resource, ""))
    {
        let wanted = format!("{}/{}", request.resource, request.subresource);
        return Some((
            MissedAttribute::Subresource,
            format!("allows {} but not the subresource {wanted}; a resource never covers its subresources, so list {wanted:?}", request.resource),
        ));
    }
    let close = entries.iter().find(|entry| {
        let base = entry.split('/').next().unwrap_or_default();
        similar_resource(base, &request.resource)
    })?;
    Some((
        MissedAttribute::Resource,
        format!("lists resource {close:?}, which does not match {:?}; RBAC compares resource names exactly, and they are lowercase plurals", request.resource),
    ))
}

/// Whether `entry` looks like a misspelling of `resource`: another case, a singular, or a
/// kind name.
fn similar_resource(entry: &str, resource: &str) -> bool {
    if entry == resource || entry == "*" {
        return false;
    }
    let entry = entry.to_ascii_lowercase();
    entry == resource
        || format!("{entry}s") == resource
        || format!("{entry}es") == resource
        || entry.strip_suffix('s') == Some(resource)
        || (resource.len() >= 6
            && entry.chars().count().abs_diff(resource.chars().count()) <= 2
            && crate::lint::edit_distance(&entry, resource) <= 2)
}
