//! `kserve-rbac access-matrix`.

use std::io::Write;

use clap::Args;
use kserve_rbac::access_matrix::{AccessMatrix, MatrixOptions};
use kserve_rbac::UserInfo;

use super::report::warn_errors;
use super::style::{ColorChoice, Palette};
use super::table::write_table;
use super::{CliError, ManifestArgs, Outcome, OutputFormat};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  kserve-rbac access-matrix --as alice@example.com -f manifests/
  kserve-rbac access-matrix -n team-a -f manifests/
  kserve-rbac access-matrix -n team-a --resource secrets.core --resource pods.core -f manifests/")]
pub struct AccessMatrixArgs {
    /// The user whose access to show, in every namespace (with kubectl's impersonation groups).
    #[arg(
        long = "as",
        value_name = "USER",
        required_unless_present = "namespace",
        conflicts_with = "namespace"
    )]
    user: Option<String>,
    /// A group to impersonate with --as. Repeatable.
    #[arg(long = "as-group", value_name = "GROUP", requires = "user")]
    groups: Vec<String>,
    /// The namespace whose subjects to show, each with the access its own bindings grant.
    #[arg(short = 'n', long)]
    namespace: Option<String>,
    /// A resource as TYPE or TYPE.GROUP (TYPE.core for the core group). Repeatable; default
    /// every namespaced KServe resource.
    #[arg(long = "resource", value_name = "TYPE[.GROUP]")]
    resources: Vec<String>,
    /// A verb. Repeatable; default the eight read and write verbs.
    #[arg(long = "verb", value_name = "VERB")]
    verbs: Vec<String>,
    /// Leave out rows without any access.
    #[arg(long)]
    hide_empty: bool,
    #[command(flatten)]
    manifests: ManifestArgs,
    /// Output format: a table, or JSON.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: OutputFormat,
}

pub fn run(args: &AccessMatrixArgs, color: ColorChoice) -> Result<Outcome, CliError> {
    let workspace = args.manifests.load()?;
    warn_errors(workspace.diagnostics(), Palette::for_stderr(color))?;
    let options = MatrixOptions {
        resources: args.resources.clone(),
        verbs: args.verbs.clone(),
    };
    let mut matrix = match (&args.user, &args.namespace) {
        (Some(user), _) => {
            workspace.subject_matrix(&UserInfo::impersonated(user, &args.groups), &options)
        }
        (None, Some(namespace)) => workspace.namespace_matrix(namespace, &options),
        (None, None) => return Err(CliError::Usage("pass --as USER or -n NAMESPACE".to_owned())),
    };
    if args.hide_empty {
        matrix
            .rows
            .retain(|row| row.allowed.iter().any(|verbs| !verbs.is_empty()));
    }
    let mut out = std::io::stdout().lock();
    if args.output == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut out, &matrix).map_err(|e| CliError::Output(e.into()))?;
        writeln!(out)?;
    } else {
        write_text(&mut out, &matrix, Palette::for_stdout(color))?;
    }
    Ok(Outcome::Success)
}

fn write_text(out: &mut dyn Write, matrix: &AccessMatrix, palette: Palette) -> std::io::Result<()> {
    let mut header: Vec<&str> = vec!["Namespace or subject", "Resource"];
    header.extend(matrix.verbs.iter().map(String::as_str));
    let mut rows = Vec::new();
    for row in &matrix.rows {
        let label = match (&row.namespace, &row.subject) {
            (Some(namespace), _) => namespace.clone(),
            (None, Some(subject)) => match &subject.namespace {
                Some(namespace) => format!("{} {namespace}/{}", subject.kind, subject.name),
                None => format!("{} {}", subject.kind, subject.name),
            },
            (None, None) => String::new(),
        };
        for (resource, allowed) in matrix.resources.iter().zip(&row.allowed) {
            let mut cells = vec![
                label.clone(),
                if resource.group.is_empty() {
                    resource.resource.clone()
                } else {
                    format!("{}.{}", resource.resource, resource.group)
                },
            ];
            for verb in &matrix.verbs {
                let yes = allowed.contains(verb);
                cells.push(if yes {
                    palette.success("yes")
                } else {
                    palette.dim("no")
                });
            }
            rows.push(cells);
        }
    }
    write_table(out, &header, &rows)
}
