//! The `kserve-rbac` command line: kubectl-like commands over manifests, with exit codes
//! 0 (success, yes, or nothing at the failing level), 1 (a negative answer or findings) and
//! 2 (a usage or input error).

mod access_matrix;
mod aggregate;
mod can_i;
mod check;
mod coverage;
mod diff;
mod generate;
mod input;
mod isolation;
mod report;
mod review;
mod rule_list;
mod sarif;
mod style;
mod table;
mod target;
mod who_can;

use clap::{Args, Parser, Subcommand, ValueEnum};
use kserve_rbac::Workspace;

pub use style::ColorChoice;

/// Why a command could not run. Both map to exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Input(String),
    #[error("failed to write output: {0}")]
    Output(#[from] std::io::Error),
}

/// Outcome of a command that ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit code 0.
    Success,
    /// Exit code 1: a negative answer, or findings at the failing level.
    Negative,
}

#[derive(Debug, Parser)]
#[command(
    name = "kserve-rbac",
    version,
    about = "Generate and evaluate the RBAC that gives Kubeflow tenants access to KServe, from manifests alone",
    long_about = None,
    after_help = "Exit codes: 0 success, 1 a negative answer or findings, 2 a usage or input error."
)]
pub struct Cli {
    /// When to colour output: auto colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the ClusterRoles that aggregate KServe's resources into Kubeflow's roles.
    Generate(generate::GenerateArgs),
    /// Load manifests and report objects per kind and diagnostics.
    Check(check::CheckArgs),
    /// Check whether a user may perform an action, as `kubectl auth can-i --as` would.
    #[command(name = "can-i")]
    CanI(can_i::CanIArgs),
    /// List every subject allowed to perform an action, with the binding and role that allow it.
    #[command(name = "who-can")]
    WhoCan(who_can::WhoCanArgs),
    /// Evaluate SubjectAccessReview documents against the manifests.
    Review(review::ReviewArgs),
    /// Print every ClusterRole, the aggregating ones with the rules aggregation writes.
    Aggregate(aggregate::AggregateArgs),
    /// Report, for every Profile namespace, the subjects outside the tenant that can reach it.
    Isolation(isolation::IsolationArgs),
    /// Print the verbs allowed on each resource: for a user in every namespace, or for every
    /// subject of a namespace.
    #[command(name = "access-matrix")]
    AccessMatrix(access_matrix::AccessMatrixArgs),
    /// Compare the permissions of every subject between two versions of the manifests.
    Diff(diff::DiffArgs),
    /// Report which verbs kubeflow-admin, -edit and -view grant on each KServe resource.
    Coverage(coverage::CoverageArgs),
}

/// Output format of commands that print objects or reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Yaml,
    Json,
}

/// The manifests a command reads.
#[derive(Debug, Clone, Args)]
pub struct ManifestArgs {
    /// A manifest file, a directory (read recursively for .yaml, .yml and .json), or - for
    /// stdin. Repeat for more.
    #[arg(short = 'f', long = "filename", value_name = "PATH")]
    pub files: Vec<String>,
    /// Leave out paths that match this glob, e.g. '**/kustomization.yaml'. Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Add the Kubernetes bootstrap policy (cluster-admin for system:masters, the admin, edit and
    /// view roles, discovery for all authenticated users) to the input.
    #[arg(long)]
    pub bootstrap_policy: bool,
}

impl ManifestArgs {
    /// Reads and loads the manifests. Files that are not UTF-8 become diagnostics.
    pub fn load(&self) -> Result<Workspace, CliError> {
        Ok(self.load_with_sources()?.0)
    }

    /// Loads the manifests and returns their texts too, for code frames.
    pub fn load_with_sources(&self) -> Result<(Workspace, Vec<kserve_rbac::SourceFile>), CliError> {
        let exclude = input::exclude_set(&self.exclude)?;
        let mut inputs = input::read_inputs(&self.files, &exclude)?;
        if self.bootstrap_policy {
            inputs
                .files
                .insert(0, kserve_rbac::rbac::bootstrap::bootstrap_policy());
        }
        let loaded = kserve_rbac::load::load(&inputs.files);
        let mut diagnostics = inputs.diagnostics;
        diagnostics.extend(loaded.diagnostics);
        let mut workspace = Workspace::from_objects(loaded.objects, diagnostics, loaded.documents);
        workspace.locate_fields(&inputs.files);
        Ok((workspace, inputs.files))
    }
}

/// Runs the parsed command line.
pub fn run(cli: &Cli) -> Result<Outcome, CliError> {
    match &cli.command {
        Command::Generate(args) => generate::run(args),
        Command::Check(args) => check::run(args, cli.color),
        Command::CanI(args) => can_i::run(args, cli.color),
        Command::WhoCan(args) => who_can::run(args, cli.color),
        Command::Review(args) => review::run(args, cli.color),
        Command::Aggregate(args) => aggregate::run(args, cli.color),
        Command::Isolation(args) => isolation::run(args, cli.color),
        Command::AccessMatrix(args) => access_matrix::run(args, cli.color),
        Command::Diff(args) => diff::run(args, cli.color),
        Command::Coverage(args) => coverage::run(args, cli.color),
    }
}
