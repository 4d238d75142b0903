//! `kserve-rbac check`.

use std::collections::BTreeMap;
use std::io::Write;

use clap::{Args, ValueEnum};
use kserve_rbac::{Diagnostic, Severity, SourceFile, Workspace};
use serde::Serialize;

use super::report::{write_code_frame, write_diagnostic};
use super::style::{ColorChoice, Palette};
use super::{sarif, CliError, ManifestArgs, Outcome};

/// Output formats of check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics with code frames, then objects per kind.
    Text,
    /// The report as JSON, in the schema docs/json-output.md describes.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
}

/// The lowest severity that makes check exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Error,
    Warning,
    Info,
    /// Never fail on findings.
    Never,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit code 1 when a finding is at or above --fail-on (default: error).

Examples:
  kserve-rbac check -f manifests/
  kserve-rbac check -f manifests/ --fail-on warning --ignore rbac/sensitive-access
  kserve-rbac check -f manifests/ -o sarif > kserve-rbac.sarif"
)]
pub struct CheckArgs {
    #[command(flatten)]
    manifests: ManifestArgs,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: CheckFormat,
    /// The lowest severity that makes the command exit with 1.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailLevel,
    /// Drop findings with this code, or every code of a category such as `rbac/`. Repeatable.
    #[arg(long = "ignore", value_name = "CODE")]
    ignore: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
struct KindCount {
    count: usize,
    implied: usize,
}

#[derive(Debug, Serialize)]
struct Summary {
    documents: usize,
    objects: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// The JSON report of check. Its schema is documented in docs/json-output.md.
#[derive(Debug, Serialize)]
struct CheckReport<'a> {
    version: &'static str,
    summary: Summary,
    kinds: BTreeMap<&'a str, KindCount>,
    diagnostics: Vec<&'a Diagnostic>,
}

fn is_ignored(code: &str, ignore: &[String]) -> bool {
    ignore.iter().any(|pattern| {
        pattern == code || (pattern.ends_with('/') && code.starts_with(pattern.as_str()))
    })
}

pub fn run(args: &CheckArgs, color: ColorChoice) -> Result<Outcome, CliError> {
    for pattern in &args.ignore {
        let known = kserve_rbac::rules::RULES
            .iter()
            .any(|r| is_ignored(r.code, std::slice::from_ref(pattern)));
        if !known {
            return Err(CliError::Usage(format!(
                "--ignore {pattern:?} matches no diagnostic code; see docs/diagnostics.md for the codes"
            )));
        }
    }
    let (workspace, sources) = args.manifests.load_with_sources()?;
    let diagnostics: Vec<&Diagnostic> = workspace
        .diagnostics()
        .iter()
        .filter(|d| !is_ignored(d.code, &args.ignore))
        .collect();
    let report = build_report(&workspace, diagnostics);
    let mut out = std::io::stdout().lock();
    match args.output {
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)
                .map_err(|e| CliError::Output(e.into()))?;
            writeln!(out)?;
        }
        CheckFormat::Sarif => {
            let log = sarif::sarif_log(&report.diagnostics);
            serde_json::to_writer_pretty(&mut out, &log).map_err(|e| CliError::Output(e.into()))?;
            writeln!(out)?;
        }
        CheckFormat::Text => write_text(&mut out, &report, &sources, Palette::for_stdout(color))?,
    }
    let threshold = match args.fail_on {
        FailLevel::Error => Some(Severity::Error),
        FailLevel::Warning => Some(Severity::Warning),
        FailLevel::Info => Some(Severity::Info),
        FailLevel::Never => None,
    };
    let fails =
        threshold.is_some_and(|level| report.diagnostics.iter().any(|d| d.severity <= level));
    Ok(if fails {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

fn build_report<'a>(workspace: &'a Workspace, diagnostics: Vec<&'a Diagnostic>) -> CheckReport<'a> {
    let mut kinds: BTreeMap<&str, KindCount> = BTreeMap::new();
    for object in workspace.objects() {
        let count = kinds.entry(object.meta.kind.as_str()).or_default();
        count.count += 1;
        count.implied += usize::from(object.meta.implied);
    }
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    CheckReport {
        version: kserve_rbac::VERSION,
        summary: Summary {
            documents: workspace.document_count(),
            objects: workspace.objects().len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        },
        kinds,
        diagnostics,
    }
}

fn write_text(
    out: &mut dyn Write,
    report: &CheckReport<'_>,
    sources: &[SourceFile],
    palette: Palette,
) -> std::io::Result<()> {
    for diagnostic in &report.diagnostics {
        write_diagnostic(out, diagnostic, palette)?;
        write_code_frame(out, diagnostic, sources, palette)?;
    }
    if !report.diagnostics.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "Objects by kind:")?;
    let width = report.kinds.keys().map(|k| k.len()).max().unwrap_or(0);
    for (kind, count) in &report.kinds {
        let implied = if count.implied > 0 {
            palette.dim(&format!(" ({} implied by Profiles)", count.implied))
        } else {
            String::new()
        };
        writeln!(out, "  {kind:<width$}  {:>6}{implied}", count.count)?;
    }
    let summary = &report.summary;
    let errors = format!("{} error{}", summary.errors, plural(summary.errors));
    let errors = if summary.errors > 0 {
        palette.error(&errors)
    } else {
        palette.success(&errors)
    };
    writeln!(
        out,
        "\n{} documents, {} objects: {errors}, {} warning{}, {} info",
        summary.documents,
        summary.objects,
        summary.warnings,
        plural(summary.warnings),
        summary.infos
    )
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}
