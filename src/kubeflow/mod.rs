//! Kubeflow's tenancy model: Profiles as tenants, their owners and contributors, the checks of
//! Kubeflow's conventions, and the KServe coverage of Kubeflow's role tiers.

pub mod conventions;
pub mod coverage;
pub mod isolation;
pub mod tenants;
