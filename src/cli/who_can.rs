//! `kserve-rbac who-can`.

use std::io::Write;

use clap::Args;

use super::report::warn_errors;
use super::style::{ColorChoice, Palette};
use super::table::write_table;
use super::target::{request_attributes, RequestArgs};
use super::{CliError, ManifestArgs, Outcome, OutputFormat};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  kserve-rbac who-can create inferenceservices -n team-a -f manifests/
  kserve-rbac who-can get secrets -n team-a -f manifests/ --bootstrap-policy
  kserve-rbac who-can impersonate serviceaccounts -n team-a -f manifests/")]
pub struct WhoCanArgs {
    /// The verb, such as get, list, create or delete.
    verb: String,
    /// TYPE[.GROUP][/NAME] (plural, singular, kind or short name), or a non-resource URL
    /// starting with /.
    target: String,
    /// The subresource, such as status or log.
    #[arg(long)]
    subresource: Option<String>,
    /// Namespace of the request.
    #[arg(short = 'n', long, conflicts_with = "all_namespaces")]
    namespace: Option<String>,
    /// Ask about all namespaces: only cluster-wide grants count.
    #[arg(short = 'A', long)]
    all_namespaces: bool,
    #[command(flatten)]
    manifests: ManifestArgs,
    /// Output format: a table, or JSON.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: OutputFormat,
}

pub fn run(args: &WhoCanArgs, color: ColorChoice) -> Result<Outcome, CliError> {
    let workspace = args.manifests.load()?;
    let palette = Palette::for_stderr(color);
    warn_errors(workspace.diagnostics(), palette)?;
    let request = RequestArgs {
        verb: &args.verb,
        target: &args.target,
        subresource: args.subresource.as_deref(),
        namespace: args.namespace.as_deref(),
        all_namespaces: args.all_namespaces,
    };
    let attributes = request_attributes(&request, &workspace, palette)?;
    let answer = workspace.who_can(&attributes);
    let mut out = std::io::stdout().lock();
    if args.output == OutputFormat::Json {
        let report = serde_json::json!({"request": attributes, "subjects": answer.subjects, "evaluationErrors": answer.evaluation_errors});
        serde_json::to_writer_pretty(&mut out, &report).map_err(|e| CliError::Output(e.into()))?;
        writeln!(out)?;
    } else if answer.subjects.is_empty() {
        writeln!(out, "No subject can {}", attributes.describe())?;
    } else {
        let rows: Vec<Vec<String>> = answer
            .subjects
            .iter()
            .map(|access| {
                let role = if access.aggregation_path.is_empty() {
                    access.role.display_name()
                } else {
                    format!(
                        "{} (via {})",
                        access.role.display_name(),
                        access.aggregation_path.join(" > ")
                    )
                };
                vec![
                    access.subject.kind.clone(),
                    access.subject.name.clone(),
                    access.subject.namespace.clone().unwrap_or_default(),
                    access.binding.display_name(),
                    role,
                ]
            })
            .collect();
        write_table(
            &mut out,
            &["Kind", "Subject", "SA namespace", "Binding", "Role"],
            &rows,
        )?;
    }
    let mut stderr = std::io::stderr().lock();
    for error in &answer.evaluation_errors {
        writeln!(stderr, "{} {error}", palette.warning("warning:"))?;
    }
    Ok(if answer.subjects.is_empty() {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}
