//! Evaluating SubjectAccessReview objects as the API server does, with exactly the user and
//! groups each review carries.

use k8s_openapi::api::authorization::v1::{SubjectAccessReview, SubjectAccessReviewStatus};

use crate::rbac::request::{Attributes, NonResourceAttributes, ResourceAttributes, UserInfo};
use crate::workspace::Workspace;

/// Turns a review's spec into the user and request attributes, or explains why the API server
/// would reject the review.
pub fn review_request(review: &SubjectAccessReview) -> Result<(UserInfo, Attributes), String> {
    let spec = &review.spec;
    let user = UserInfo {
        name: spec.user.clone().unwrap_or_default(),
        groups: spec.groups.clone().unwrap_or_default(),
    };
    if user.name.is_empty() && user.groups.is_empty() {
        return Err("at least one of spec.user and spec.groups must be set".to_owned());
    }
    let attributes =
        match (&spec.resource_attributes, &spec.non_resource_attributes) {
            (Some(resource), None) => Attributes::Resource(ResourceAttributes {
                namespace: resource.namespace.clone().unwrap_or_default(),
                verb: resource.verb.clone().unwrap_or_default(),
                group: resource.group.clone().unwrap_or_default(),
                resource: resource.resource.clone().unwrap_or_default(),
                subresource: resource.subresource.clone().unwrap_or_default(),
                name: resource.name.clone().unwrap_or_default(),
            }),
            (None, Some(non_resource)) => Attributes::NonResource(NonResourceAttributes {
                verb: non_resource.verb.clone().unwrap_or_default(),
                path: non_resource.path.clone().unwrap_or_default(),
            }),
            _ => return Err(
                "exactly one of spec.resourceAttributes and spec.nonResourceAttributes must be set"
                    .to_owned(),
            ),
        };
    Ok((user, attributes))
}

impl Workspace {
    /// Returns the review with its status filled in: `allowed`, `reason` in the API server's
    /// RBAC wording (which carries errors such as a missing role, as the API server's does), and
    /// `evaluationError` for an invalid review or a binding whose role is missing. The API
    /// server's RBAC authorizer reports a missing role only in `reason`; it is repeated in
    /// `evaluationError` so that a program can tell a broken binding from a plain denial.
    /// `denied` is never set, because RBAC only allows or has no opinion.
    pub fn review(&self, review: &SubjectAccessReview) -> SubjectAccessReview {
        let status = match review_request(review) {
            Ok((user, attributes)) => {
                let decision = self.authorize(&user, &attributes);
                SubjectAccessReviewStatus {
                    allowed: decision.allowed,
                    denied: None,
                    reason: (!decision.reason.is_empty()).then_some(decision.reason),
                    evaluation_error: (!decision.evaluation_errors.is_empty())
                        .then(|| decision.evaluation_errors.join(", ")),
                }
            }
            Err(error) => SubjectAccessReviewStatus {
                allowed: false,
                denied: None,
                reason: None,
                evaluation_error: Some(error),
            },
        };
        SubjectAccessReview {
            status: Some(status),
            ..review.clone()
        }
    }
}
