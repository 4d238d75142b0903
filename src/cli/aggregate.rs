//! `kserve-rbac aggregate`.

use std::io::Write;

use clap::Args;

use super::report::warn_errors;
use super::style::{ColorChoice, Palette};
use super::{CliError, ManifestArgs, Outcome, OutputFormat};

#[derive(Debug, Args)]
pub struct AggregateArgs {
    #[command(flatten)]
    manifests: ManifestArgs,
    /// Output format: YAML documents, or one JSON v1 List.
    #[arg(short = 'o', long = "output", value_enum, default_value = "yaml")]
    output: OutputFormat,
}

pub fn run(args: &AggregateArgs, color: ColorChoice) -> Result<Outcome, CliError> {
    let workspace = args.manifests.load()?;
    warn_errors(workspace.diagnostics(), Palette::for_stderr(color))?;
    let roles = workspace.aggregated_cluster_roles();
    let mut out = std::io::stdout().lock();
    match args.output {
        OutputFormat::Json => {
            let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": roles});
            serde_json::to_writer_pretty(&mut out, &list)
                .map_err(|e| CliError::Output(e.into()))?;
            writeln!(out)?;
        }
        OutputFormat::Yaml | OutputFormat::Text => {
            for role in &roles {
                let text = serde_yaml::to_string(role)
                    .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
                write!(out, "---\n{text}")?;
            }
        }
    }
    Ok(Outcome::Success)
}
