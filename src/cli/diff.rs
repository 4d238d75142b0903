//! `kserve-rbac diff`.

use std::io::Write;

use clap::{Args, ValueEnum};
use kserve_rbac::diff::{diff_permissions, ChangeKind, Permission, PermissionDiff};

use super::style::{ColorChoice, Palette};
use super::{CliError, ManifestArgs, Outcome};

/// Output formats of diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// What makes diff exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any permission lost.
    Loss,
    /// A gained permission that is risky: escalation verbs, wildcards, secrets, pods/exec or
    /// serviceaccounts/token.
    RiskyGain,
    /// Any permission gained.
    Gain,
    /// Any change.
    Change,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  kserve-rbac diff -f base/ --to head/
  kserve-rbac diff -f base/ --to head/ -o markdown --fail-on risky-gain")]
pub struct DiffArgs {
    /// The old version (files or directories, as -f elsewhere).
    #[command(flatten)]
    old: ManifestArgs,
    /// The new version: a file or directory. Repeatable.
    #[arg(long = "to", value_name = "PATH", required = true)]
    new: Vec<String>,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: DiffFormat,
    /// Exit with 1 on this kind of change. Repeatable.
    #[arg(long = "fail-on", value_enum)]
    fail_on: Vec<FailOn>,
}

pub fn run(args: &DiffArgs, color: ColorChoice) -> Result<Outcome, CliError> {
    let old = args.old.load()?;
    let new_args = ManifestArgs {
        files: args.new.clone(),
        exclude: args.old.exclude.clone(),
        bootstrap_policy: args.old.bootstrap_policy,
    };
    let new = new_args.load()?;
    let diff = diff_permissions(&old, &new);
    let mut out = std::io::stdout().lock();
    match args.output {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &diff)
                .map_err(|e| CliError::Output(e.into()))?;
            writeln!(out)?;
        }
        DiffFormat::Markdown => write_markdown(&mut out, &diff)?,
        DiffFormat::Text => write_text(&mut out, &diff, Palette::for_stdout(color))?,
    }
    let fails = args.fail_on.iter().any(|rule| match rule {
        FailOn::Loss => diff.losses > 0,
        FailOn::RiskyGain => diff.risky_gains > 0,
        FailOn::Gain => diff.gains > 0,
        FailOn::Change => diff.gains + diff.losses > 0,
    });
    Ok(if fails {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

fn describe(permission: &Permission) -> String {
    let target = match (
        &permission.non_resource_url,
        &permission.resource,
        &permission.api_group,
    ) {
        (Some(url), _, _) => url.clone(),
        (None, Some(resource), Some(group)) if !group.is_empty() => format!("{resource}.{group}"),
        (None, Some(resource), _) => resource.clone(),
        _ => String::new(),
    };
    let names = if permission.resource_names.is_empty() {
        String::new()
    } else {
        format!(" (names: {})", permission.resource_names.join(", "))
    };
    let risky = if permission.risky { " [risky]" } else { "" };
    format!("{} {target}{names}{risky}", permission.verbs.join(", "))
}

fn subject_label(change: &kserve_rbac::diff::PermissionChange) -> String {
    let subject = &change.subject;
    let who = match &subject.namespace {
        Some(namespace) => format!("{} {namespace}/{}", subject.kind, subject.name),
        None => format!("{} {}", subject.kind, subject.name),
    };
    let scope = match &change.namespace {
        Some(namespace) => format!("in namespace {namespace}"),
        None => "cluster-wide".to_owned(),
    };
    format!("{who} {scope}")
}

fn change_word(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Modified => "modified",
    }
}

fn write_text(out: &mut dyn Write, diff: &PermissionDiff, palette: Palette) -> std::io::Result<()> {
    for change in &diff.changes {
        writeln!(out, "{}", subject_label(change))?;
        for permission in &change.gained {
            writeln!(out, "  {} {}", palette.success("+"), describe(permission))?;
        }
        for permission in &change.lost {
            writeln!(out, "  {} {}", palette.error("-"), describe(permission))?;
        }
        for cause in &change.causes {
            writeln!(
                out,
                "    {} {} {}",
                palette.dim("because"),
                change_word(cause.change),
                cause.object.display_name()
            )?;
        }
    }
    writeln!(
        out,
        "{} subject scopes changed: {} permissions gained ({} risky), {} lost; {} objects changed",
        diff.changes.len(),
        diff.gains,
        diff.risky_gains,
        diff.losses,
        diff.changed_objects.len()
    )
}

fn write_markdown(out: &mut dyn Write, diff: &PermissionDiff) -> std::io::Result<()> {
    writeln!(out, "### RBAC permission changes\n")?;
    writeln!(
        out,
        "{} permissions gained ({} risky), {} lost, across {} subject scopes.\n",
        diff.gains,
        diff.risky_gains,
        diff.losses,
        diff.changes.len()
    )?;
    if diff.changes.is_empty() {
        return Ok(());
    }
    writeln!(out, "| Subject | Change | Permission | Caused by |")?;
    writeln!(out, "|---|---|---|---|")?;
    for change in &diff.changes {
        let causes: Vec<String> = change
            .causes
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    change_word(c.change),
                    markdown_escape(&c.object.display_name())
                )
            })
            .collect();
        let rows = change
            .gained
            .iter()
            .map(|p| ("gained", p))
            .chain(change.lost.iter().map(|p| ("lost", p)));
        for (what, permission) in rows {
            let marker = if permission.risky && what == "gained" {
                "**gained (risky)**"
            } else {
                what
            };
            writeln!(
                out,
                "| {} | {marker} | `{}` | {} |",
                markdown_escape(&subject_label(change)),
                describe(permission).replace('`', "'"),
                causes.join("<br>")
            )?;
        }
    }
    Ok(())
}

/// Escapes the characters that would break a Markdown table cell or inject markup.
fn markdown_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\n' => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}
