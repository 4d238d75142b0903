//! `kserve-rbac generate`.

use std::io::Write;

use clap::{Args, ValueEnum};
use kserve_rbac::generate::{generate_roles, render_roles, Format, GenerateOptions};

use super::{CliError, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleFormat {
    Yaml,
    Json,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// KServe release whose resource list to reproduce (0.8 to 0.16, e.g. 0.14 or v0.15.2);
    /// latest covers every namespaced KServe kind.
    #[arg(long, default_value = "latest")]
    release: String,
    /// Leave out the Knative Serving rules that KServe's roles carry.
    #[arg(long)]
    no_knative: bool,
    /// Add the /status subresource of each KServe kind that has one.
    #[arg(long)]
    status_subresources: bool,
    /// Another resource to grant, as RESOURCE (in serving.kserve.io) or RESOURCE.GROUP.
    /// Repeatable.
    #[arg(long = "extra-resource", value_name = "RESOURCE[.GROUP]")]
    extra_resources: Vec<String>,
    /// Role names are PREFIX-admin, PREFIX-edit and PREFIX-view.
    #[arg(long, default_value = "kubeflow-kserve")]
    name_prefix: String,
    /// Prefix of the aggregation label keys.
    #[arg(long, default_value = "rbac.authorization.kubeflow.org")]
    label_prefix: String,
    /// Output format: YAML documents, or one JSON v1 List.
    #[arg(short = 'o', long = "output", value_enum, default_value = "yaml")]
    output: RoleFormat,
}

pub fn run(args: &GenerateArgs) -> Result<Outcome, CliError> {
    let options = GenerateOptions {
        release: Some(args.release.clone()),
        knative: !args.no_knative,
        status_subresources: args.status_subresources,
        extra_resources: args.extra_resources.clone(),
        name_prefix: args.name_prefix.clone(),
        label_prefix: args.label_prefix.clone(),
        format: match args.output {
            RoleFormat::Yaml => Format::Yaml,
            RoleFormat::Json => Format::Json,
        },
    };
    let roles = generate_roles(&options).map_err(|e| CliError::Usage(e.to_string()))?;
    let text = render_roles(&roles, options.format).map_err(|e| CliError::Usage(e.to_string()))?;
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Outcome::Success)
}
