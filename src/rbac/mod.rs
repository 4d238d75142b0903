//! Kubernetes RBAC: rule matching, label selectors, aggregation and request attributes.

pub mod aggregation;
pub mod bootstrap;
pub mod index;
pub mod matching;
pub mod request;
pub mod selector;
