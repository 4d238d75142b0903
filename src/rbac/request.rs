//! Who asks, and what for: the attributes of a SubjectAccessReview.

use serde::Serialize;

/// The authenticated user a request is evaluated for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserInfo {
    pub name: String,
    pub groups: Vec<String>,
}

/// Group every authenticated user belongs to.
pub const AUTHENTICATED: &str = "system:authenticated";
/// Group of unauthenticated requests.
pub const UNAUTHENTICATED: &str = "system:unauthenticated";
/// Username of unauthenticated requests.
pub const ANONYMOUS: &str = "system:anonymous";
/// Group every service account belongs to.
pub const SERVICE_ACCOUNTS: &str = "system:serviceaccounts";

/// Splits `system:serviceaccount:<namespace>:<name>` into namespace and name.
pub fn split_service_account(username: &str) -> Option<(&str, &str)> {
    let rest = username.strip_prefix("system:serviceaccount:")?;
    let (namespace, name) = rest.split_once(':')?;
    let valid = !namespace.is_empty() && !name.is_empty() && !name.contains(':');
    valid.then_some((namespace, name))
}

/// Formats the username of a service account.
pub fn service_account_username(namespace: &str, name: &str) -> String {
    format!("system:serviceaccount:{namespace}:{name}")
}

impl UserInfo {
    /// The user as the API server sees an impersonated request (`kubectl --as USER
    /// [--as-group G]...`): a service-account username without explicit groups gets the
    /// service-account groups. Every user except `system:anonymous` gets
    /// `system:authenticated`, unless `system:unauthenticated` is among the groups, and
    /// `system:anonymous` gets `system:unauthenticated`.
    pub fn impersonated(name: &str, groups: &[String]) -> Self {
        let mut effective: Vec<String> = groups.to_vec();
        if groups.is_empty() {
            if let Some((namespace, _)) = split_service_account(name) {
                effective.push(SERVICE_ACCOUNTS.to_owned());
                effective.push(format!("{SERVICE_ACCOUNTS}:{namespace}"));
            }
        }
        let (implicit, blockers): (&str, &[&str]) = if name == ANONYMOUS {
            (UNAUTHENTICATED, &[UNAUTHENTICATED])
        } else {
            (AUTHENTICATED, &[AUTHENTICATED, UNAUTHENTICATED])
        };
        if !effective.iter().any(|g| blockers.contains(&g.as_str())) {
            effective.push(implicit.to_owned());
        }
        Self {
            name: name.to_owned(),
            groups: effective,
        }
    }
}

/// A request on a resource. Empty strings stand for absent values, as in the API server: an
/// empty namespace is a cluster-wide request, an empty name a request for no single object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResourceAttributes {
    pub namespace: String,
    pub verb: String,
    pub group: String,
    pub resource: String,
    pub subresource: String,
    pub name: String,
}

/// A request on a URL path outside the resource API, such as `/healthz`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NonResourceAttributes {
    pub verb: String,
    pub path: String,
}

/// The attributes of one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Attributes {
    Resource(ResourceAttributes),
    NonResource(NonResourceAttributes),
}

impl Attributes {
    pub fn verb(&self) -> &str {
        match self {
            Attributes::Resource(r) => &r.verb,
            Attributes::NonResource(n) => &n.verb,
        }
    }

    /// The namespace that RoleBindings must be in to apply; `None` for cluster-wide and
    /// non-resource requests.
    pub fn namespace(&self) -> Option<&str> {
        match self {
            Attributes::Resource(r) if !r.namespace.is_empty() => Some(&r.namespace),
            _ => None,
        }
    }

    /// Describes the request for messages, e.g. `create inferenceservices.serving.kserve.io`.
    pub fn describe(&self) -> String {
        match self {
            Attributes::Resource(r) => {
                let mut text = format!("{} {}", r.verb, r.resource);
                if !r.subresource.is_empty() {
                    text.push('/');
                    text.push_str(&r.subresource);
                }
                if !r.group.is_empty() {
                    text.push('.');
                    text.push_str(&r.group);
                }
                if !r.name.is_empty() {
                    text.push_str(&format!(" named {:?}", r.name));
                }
                text
            }
            Attributes::NonResource(n) => format!("{} {}", n.verb, n.path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impersonated_user_gets_authenticated() {
        let user = UserInfo::impersonated("alice@example.com", &[]);
        assert_eq!(user.groups, vec![AUTHENTICATED.to_owned()]);
    }

    #[test]
    fn impersonated_service_account_gets_its_groups() {
        let user = UserInfo::impersonated("system:serviceaccount:team-a:default-editor", &[]);
        assert_eq!(
            user.groups,
            vec![
                "system:serviceaccounts".to_owned(),
                "system:serviceaccounts:team-a".to_owned(),
                AUTHENTICATED.to_owned()
            ]
        );
    }

    #[test]
    fn explicit_groups_replace_service_account_groups() {
        let user = UserInfo::impersonated("system:serviceaccount:a:b", &["ops".to_owned()]);
        assert_eq!(
            user.groups,
            vec!["ops".to_owned(), AUTHENTICATED.to_owned()]
        );
    }

    #[test]
    fn unauthenticated_group_blocks_authenticated() {
        let user = UserInfo::impersonated("alice", &[UNAUTHENTICATED.to_owned()]);
        assert_eq!(user.groups, vec![UNAUTHENTICATED.to_owned()]);
    }

    #[test]
    fn anonymous_gets_unauthenticated() {
        let user = UserInfo::impersonated(ANONYMOUS, &[]);
        assert_eq!(user.groups, vec![UNAUTHENTICATED.to_owned()]);
    }

    #[test]
    fn split_service_account_rejects_malformed() {
        assert_eq!(
            split_service_account("system:serviceaccount:ns:sa"),
            Some(("ns", "sa"))
        );
        assert_eq!(split_service_account("system:serviceaccount:ns"), None);
        assert_eq!(split_service_account("system:serviceaccount::sa"), None);
        assert_eq!(split_service_account("alice"), None);
    }
}
