//! `kserve-rbac isolation`.

use std::io::Write;

use clap::Args;
use kserve_rbac::kubeflow::isolation::{Baseline, Exposure, IsolationReport, OutsiderKind};

use super::report::warn_errors;
use super::style::{ColorChoice, Palette};
use super::table::write_table;
use super::{CliError, ManifestArgs, Outcome, OutputFormat};

#[derive(Debug, Args)]
#[command(
    after_help = "Exit code 1 when a subject outside a tenant, other than the platform, can reach the tenant's
KServe resources, secrets, pods/exec or service-account tokens and the baseline does not accept it.

Examples:
  kserve-rbac isolation -f manifests/
  kserve-rbac isolation -f manifests/ --write-baseline isolation-baseline.yaml
  kserve-rbac isolation -f manifests/ --baseline isolation-baseline.yaml"
)]
pub struct IsolationArgs {
    #[command(flatten)]
    manifests: ManifestArgs,
    /// A YAML or JSON file of accepted exposures (`accepted: [{kind, name, namespace?,
    /// tenants?, reason?}]`), as --write-baseline writes it.
    #[arg(long, value_name = "FILE")]
    baseline: Option<String>,
    /// Write a baseline accepting every current leak to FILE, then exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<String>,
    /// Also list the platform's access (controllers, cluster-admin holders), which never fails.
    #[arg(long)]
    show_platform: bool,
    /// Output format: a table, or JSON.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: OutputFormat,
}

fn read_baseline(path: &str) -> Result<Baseline, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("cannot read baseline {path}: {e}")))?;
    serde_yaml::from_str(&text)
        .map_err(|e| CliError::Input(format!("invalid baseline {path}: {e}")))
}

pub fn run(args: &IsolationArgs, color: ColorChoice) -> Result<Outcome, CliError> {
    let workspace = args.manifests.load()?;
    warn_errors(workspace.diagnostics(), Palette::for_stderr(color))?;
    let baseline = match &args.baseline {
        Some(path) => read_baseline(path)?,
        None => Baseline::default(),
    };
    let report = workspace.isolation_report(&baseline);
    if let Some(path) = &args.write_baseline {
        let text = serde_yaml::to_string(&Baseline::from_report(&report))
            .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
        std::fs::write(path, text)
            .map_err(|e| CliError::Input(format!("cannot write baseline {path}: {e}")))?;
        eprintln!("wrote {} accepted exposures to {path}", report.leaks);
        return Ok(Outcome::Success);
    }
    let mut out = std::io::stdout().lock();
    if args.output == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut out, &report).map_err(|e| CliError::Output(e.into()))?;
        writeln!(out)?;
    } else {
        write_text(
            &mut out,
            &report,
            args.show_platform,
            Palette::for_stdout(color),
        )?;
    }
    Ok(if report.leaks > 0 {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

fn kind_label(exposure: &Exposure) -> String {
    match exposure.kind {
        OutsiderKind::OtherTenant => {
            format!("tenant {}", exposure.other_tenant.as_deref().unwrap_or("?"))
        }
        OutsiderKind::BroadGroup => "broad group".to_owned(),
        OutsiderKind::Outsider => "outsider".to_owned(),
        OutsiderKind::Platform => "platform".to_owned(),
    }
}

fn write_text(
    out: &mut dyn Write,
    report: &IsolationReport,
    show_platform: bool,
    palette: Palette,
) -> std::io::Result<()> {
    let shown: Vec<&Exposure> = report
        .exposures
        .iter()
        .filter(|e| show_platform || e.kind != OutsiderKind::Platform)
        .collect();
    if !shown.is_empty() {
        let rows: Vec<Vec<String>> = shown
            .iter()
            .map(|e| {
                let subject = match &e.subject.namespace {
                    Some(namespace) if e.subject.kind == "ServiceAccount" => {
                        format!("ServiceAccount {namespace}/{}", e.subject.name)
                    }
                    _ => format!("{} {}", e.subject.kind, e.subject.name),
                };
                let status = if e.accepted {
                    "accepted".to_owned()
                } else if e.kind == OutsiderKind::Platform {
                    "platform".to_owned()
                } else {
                    palette.error("leak")
                };
                vec![
                    e.namespace.clone(),
                    subject,
                    kind_label(e),
                    status,
                    e.binding.display_name(),
                    e.role.name.clone(),
                    summarize_access(&e.access),
                ]
            })
            .collect();
        write_table(
            out,
            &[
                "Tenant",
                "Subject",
                "Who",
                "Status",
                "Granted by",
                "Role",
                "Access",
            ],
            &rows,
        )?;
        writeln!(out)?;
    }
    let platform = report
        .exposures
        .iter()
        .filter(|e| e.kind == OutsiderKind::Platform)
        .count();
    let accepted = report.exposures.iter().filter(|e| e.accepted).count();
    let leaks = format!(
        "{} leak{}",
        report.leaks,
        if report.leaks == 1 { "" } else { "s" }
    );
    let leaks = if report.leaks > 0 {
        palette.error(&leaks)
    } else {
        palette.success(&leaks)
    };
    writeln!(
        out,
        "{} tenants: {leaks}, {accepted} accepted by the baseline, {platform} platform grants{}",
        report.tenants.len(),
        if show_platform || platform == 0 {
            ""
        } else {
            " (--show-platform lists them)"
        }
    )
}

/// Shortens an access list for a table cell: KServe verbs grouped per resource.
fn summarize_access(access: &[String]) -> String {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for item in access {
        let (verb, resource) = item.split_once(' ').unwrap_or((item.as_str(), ""));
        let resource = resource.trim_end_matches(".serving.kserve.io").to_owned();
        match groups.iter_mut().find(|(r, _)| *r == resource) {
            Some((_, verbs)) => verbs.push(verb.to_owned()),
            None => groups.push((resource, vec![verb.to_owned()])),
        }
    }
    groups
        .into_iter()
        .map(|(resource, verbs)| format!("{resource}: {}", verbs.join(",")))
        .collect::<Vec<_>>()
        .join("; ")
}
