//! `kserve-rbac review`.

use std::io::Write;

use clap::Args;
use kserve_rbac::{Object, SourceFile};

use super::input::{exclude_set, read_inputs};
use super::report::{warn_errors, write_diagnostic};
use super::style::{ColorChoice, Palette};
use super::{CliError, ManifestArgs, Outcome, OutputFormat};

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    manifests: ManifestArgs,
    /// A file of authorization.k8s.io/v1 SubjectAccessReview documents, or - for stdin.
    reviews: String,
    /// Output format: YAML documents, or one JSON v1 List.
    #[arg(short = 'o', long = "output", value_enum, default_value = "yaml")]
    output: OutputFormat,
}

pub fn run(args: &ReviewArgs, color: ColorChoice) -> Result<Outcome, CliError> {
    if args.reviews == "-" && args.manifests.files.iter().any(|f| f == "-") {
        return Err(CliError::Usage(
            "stdin (-) cannot hold both manifests and reviews".to_owned(),
        ));
    }
    let workspace = args.manifests.load()?;
    let palette = Palette::for_stderr(color);
    warn_errors(workspace.diagnostics(), palette)?;

    let inputs = read_inputs(std::slice::from_ref(&args.reviews), &exclude_set(&[])?)?;
    let files: Vec<SourceFile> = inputs.files;
    let loaded = kserve_rbac::load::load(&files);
    let mut stderr = std::io::stderr().lock();
    for diagnostic in inputs.diagnostics.iter().chain(&loaded.diagnostics) {
        write_diagnostic(&mut stderr, diagnostic, palette)?;
    }
    let mut reviews = Vec::new();
    for object in &loaded.objects {
        match &object.object {
            Object::SubjectAccessReview(review) => reviews.push(workspace.review(review)),
            _ => {
                let place = object
                    .meta
                    .location
                    .as_ref()
                    .map(|l| format!("{l}: "))
                    .unwrap_or_default();
                writeln!(
                    stderr,
                    "{place}{} {} is not a SubjectAccessReview and was skipped",
                    palette.warning("warning:"),
                    object.meta.display_name()
                )?;
            }
        }
    }
    if reviews.is_empty() {
        return Err(CliError::Input(format!(
            "{} holds no authorization.k8s.io/v1 SubjectAccessReview",
            args.reviews
        )));
    }

    let mut out = std::io::stdout().lock();
    match args.output {
        OutputFormat::Json => {
            let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": reviews});
            serde_json::to_writer_pretty(&mut out, &list)
                .map_err(|e| CliError::Output(e.into()))?;
            writeln!(out)?;
        }
        OutputFormat::Yaml | OutputFormat::Text => {
            for review in &reviews {
                let text = serde_yaml::to_string(review)
                    .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
                write!(out, "---\n{text}")?;
            }
        }
    }
    let all_allowed = reviews
        .iter()
        .all(|r| r.status.as_ref().is_some_and(|s| s.allowed));
    Ok(if all_allowed {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}
