//! `kserve-rbac can-i`.

use std::io::Write;

use clap::Args;
use kserve_rbac::catalog::resolve_in;
use kserve_rbac::{Attributes, Decision, NonResourceAttributes, ResourceAttributes, UserInfo};
use serde::Serialize;

use super::report::warn_errors;
use super::style::{ColorChoice, Palette};
use super::{CliError, ManifestArgs, Outcome, OutputFormat};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  kserve-rbac can-i create inferenceservices -n team-a --as alice@example.com -f manifests/
  kserve-rbac can-i get isvc/my-model -n team-a --as system:serviceaccount:team-a:default-editor -f manifests/
  kserve-rbac can-i get /healthz --as bob@example.com -f manifests/")]
pub struct CanIArgs {
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
    /// The user to impersonate: a username or system:serviceaccount:NAMESPACE:NAME.
    #[arg(long = "as", value_name = "USER")]
    user: String,
    /// A group to impersonate. Repeatable. Without it, a service account gets its groups.
    #[arg(long = "as-group", value_name = "GROUP")]
    groups: Vec<String>,
    #[command(flatten)]
    manifests: ManifestArgs,
    /// Output format: yes or no as text, or JSON with the trace and near misses.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: OutputFormat,
    /// Print nothing; the exit code is the answer.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Serialize)]
struct CanIReport<'a> {
    request: &'a Attributes,
    #[serde(flatten)]
    decision: &'a Decision,
}

pub fn run(args: &CanIArgs, color: ColorChoice) -> Result<Outcome, CliError> {
    let workspace = args.manifests.load()?;
    let stderr_palette = Palette::for_stderr(color);
    if !args.quiet {
        warn_errors(workspace.diagnostics(), stderr_palette)?;
    }
    let attributes = request_attributes(args, &workspace, stderr_palette)?;
    let user = UserInfo::impersonated(&args.user, &args.groups);
    let decision = workspace.authorize(&user, &attributes);
    let outcome = if decision.allowed {
        Outcome::Success
    } else {
        Outcome::Negative
    };
    if args.quiet {
        return Ok(outcome);
    }

    let mut out = std::io::stdout().lock();
    if args.output == OutputFormat::Json {
        let report = CanIReport {
            request: &attributes,
            decision: &decision,
        };
        serde_json::to_writer_pretty(&mut out, &report).map_err(|e| CliError::Output(e.into()))?;
        writeln!(out)?;
        return Ok(outcome);
    }
    let palette = Palette::for_stdout(color);
    if decision.allowed {
        writeln!(out, "{}", palette.success("yes"))?;
    } else if decision.reason.is_empty() {
        writeln!(out, "{}", palette.error("no"))?;
    } else {
        writeln!(out, "{} - {}", palette.error("no"), decision.reason)?;
    }
    let mut stderr = std::io::stderr().lock();
    for miss in &decision.near_misses {
        writeln!(stderr, "{} {}", stderr_palette.dim("hint:"), miss.message)?;
    }
    Ok(outcome)
}

fn request_attributes(
    args: &CanIArgs,
    workspace: &kserve_rbac::Workspace,
    palette: Palette,
) -> Result<Attributes, CliError> {
    if args.target.starts_with('/') {
        if args.subresource.is_some() {
            return Err(CliError::Usage(
                "--subresource does not apply to a non-resource URL".to_owned(),
            ));
        }
        return Ok(Attributes::NonResource(NonResourceAttributes {
            verb: args.verb.clone(),
            path: args.target.clone(),
        }));
    }
    let (type_text, name) = match args.target.split_once('/') {
        Some((type_text, name)) => (type_text, name),
        None => (args.target.as_str(), ""),
    };
    if type_text.is_empty() {
        return Err(CliError::Usage(format!(
            "invalid resource {:?}: expected TYPE[.GROUP][/NAME]",
            args.target
        )));
    }
    let resolved = resolve_in(workspace, type_text);
    let mut stderr = std::io::stderr().lock();
    if resolved.namespaced.is_none() {
        writeln!(
            stderr,
            "{} the type {type_text:?} is neither a known resource nor defined by a CustomResourceDefinition in the input; it is evaluated as resource {:?} in API group {:?}",
            palette.warning("warning:"),
            resolved.resource,
            resolved.group
        )?;
    }
    let namespace = if args.all_namespaces {
        String::new()
    } else if resolved.namespaced == Some(false) {
        match &args.namespace {
            Some(namespace) => {
                writeln!(
                    stderr,
                    "{} resource {:?} is not namespace scoped",
                    palette.warning("warning:"),
                    resolved.resource
                )?;
                namespace.clone()
            }
            None => String::new(),
        }
    } else {
        args.namespace
            .clone()
            .unwrap_or_else(|| "default".to_owned())
    };
    Ok(Attributes::Resource(ResourceAttributes {
        namespace,
        verb: args.verb.clone(),
        group: resolved.group,
        resource: resolved.resource,
        subresource: args.subresource.clone().unwrap_or_default(),
        name: name.to_owned(),
    }))
}
