//! `kserve-rbac can-i`.

use std::io::Write;

use clap::Args;
use kserve_rbac::{Attributes, Decision, UserInfo};
use serde::Serialize;

use super::report::warn_errors;
use super::style::{ColorChoice, Palette};
use super::target::{request_attributes, RequestArgs};
use super::{CliError, ManifestArgs, Outcome, OutputFormat};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  kserve-rbac can-i create inferenceservices -n team-a --as alice@example.com -f manifests/
  kserve-rbac can-i get isvc/my-model -n team-a --as system:serviceaccount:team-a:default-editor -f manifests/
  kserve-rbac can-i get /healthz --as bob@example.com -f manifests/
  kserve-rbac can-i --list -n team-a --as alice@example.com -f manifests/
  kserve-rbac can-i bind clusterroles/kubeflow-admin -n team-a --as alice@example.com -f manifests/
  kserve-rbac can-i impersonate serviceaccounts -n team-a --as alice@example.com -f manifests/")]
pub struct CanIArgs {
    /// The verb, such as get, list, create or delete.
    #[arg(required_unless_present = "list")]
    verb: Option<String>,
    /// TYPE[.GROUP][/NAME] (plural, singular, kind or short name), or a non-resource URL
    /// starting with /.
    #[arg(required_unless_present = "list")]
    target: Option<String>,
    /// List every rule that applies to the user in the namespace, as kubectl auth can-i --list
    /// does, with the binding each comes from.
    #[arg(long, conflicts_with_all = ["verb", "target", "subresource"])]
    list: bool,
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
    let user = UserInfo::impersonated(&args.user, &args.groups);
    if args.list {
        let namespace = if args.all_namespaces {
            ""
        } else {
            args.namespace.as_deref().unwrap_or("default")
        };
        let list = workspace.rules_for(&user, namespace);
        super::rule_list::print(&list, args.output, color)?;
        return Ok(Outcome::Success);
    }
    let request = RequestArgs {
        verb: args.verb.as_deref().unwrap_or_default(),
        target: args.target.as_deref().unwrap_or_default(),
        subresource: args.subresource.as_deref(),
        namespace: args.namespace.as_deref(),
        all_namespaces: args.all_namespaces,
    };
    let attributes = request_attributes(&request, &workspace, stderr_palette)?;
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
