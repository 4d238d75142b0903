//! `kserve-rbac check`.

use std::collections::BTreeMap;
use std::io::Write;

use clap::Args;
use kserve_rbac::{Diagnostic, Severity, Workspace};
use serde::Serialize;

use super::report::write_diagnostic;
use super::style::{ColorChoice, Palette};
use super::{CliError, ManifestArgs, Outcome, OutputFormat};

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    manifests: ManifestArgs,
    /// Output format: text, or JSON for programs.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: OutputFormat,
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

#[derive(Debug, Serialize)]
struct CheckReport<'a> {
    summary: Summary,
    kinds: BTreeMap<&'a str, KindCount>,
    diagnostics: &'a [Diagnostic],
}

pub fn run(args: &CheckArgs, color: ColorChoice) -> Result<Outcome, CliError> {
    let workspace = args.manifests.load()?;
    let report = build_report(&workspace);
    let mut out = std::io::stdout().lock();
    match args.output {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)
                .map_err(|e| CliError::Output(e.into()))?;
            writeln!(out)?;
        }
        OutputFormat::Text | OutputFormat::Yaml => {
            write_text(&mut out, &report, Palette::for_stdout(color))?
        }
    }
    Ok(if report.summary.errors > 0 {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

fn build_report(workspace: &Workspace) -> CheckReport<'_> {
    let mut kinds: BTreeMap<&str, KindCount> = BTreeMap::new();
    for object in workspace.objects() {
        let count = kinds.entry(object.meta.kind.as_str()).or_default();
        count.count += 1;
        count.implied += usize::from(object.meta.implied);
    }
    let diagnostics = workspace.diagnostics();
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    CheckReport {
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
    palette: Palette,
) -> std::io::Result<()> {
    for diagnostic in report.diagnostics {
        write_diagnostic(out, diagnostic, palette)?;
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
