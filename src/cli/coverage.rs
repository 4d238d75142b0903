//! `kserve-rbac coverage`.

use std::io::Write;

use clap::Args;

use super::report::warn_errors;
use super::style::{ColorChoice, Palette};
use super::table::write_table;
use super::{CliError, ManifestArgs, Outcome, OutputFormat};

#[derive(Debug, Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    manifests: ManifestArgs,
    /// Output format: a table, or JSON.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: OutputFormat,
}

/// Prints which verbs kubeflow-admin, -edit and -view grant on each KServe resource; exits 1
/// when a tier present in the input misses verbs the generated roles grant.
pub fn run(args: &CoverageArgs, color: ColorChoice) -> Result<Outcome, CliError> {
    let workspace = args.manifests.load()?;
    warn_errors(workspace.diagnostics(), Palette::for_stderr(color))?;
    let coverage = workspace.kserve_coverage();
    let gaps = coverage
        .iter()
        .filter(|t| t.present)
        .any(|t| t.resources.iter().any(|r| !r.missing.is_empty()));
    let mut out = std::io::stdout().lock();
    if args.output == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut out, &coverage)
            .map_err(|e| CliError::Output(e.into()))?;
        writeln!(out)?;
    } else {
        let palette = Palette::for_stdout(color);
        let mut rows = Vec::new();
        for tier in &coverage {
            for resource in &tier.resources {
                let role = if tier.present {
                    tier.role.clone()
                } else {
                    format!("{} (not in input)", tier.role)
                };
                let missing = if resource.missing.is_empty() {
                    "-".to_owned()
                } else {
                    palette.error(&resource.missing.join(","))
                };
                rows.push(vec![
                    role,
                    resource.resource.clone(),
                    resource.granted.join(","),
                    missing,
                ]);
            }
        }
        write_table(&mut out, &["Tier", "Resource", "Granted", "Missing"], &rows)?;
    }
    Ok(if gaps {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}
