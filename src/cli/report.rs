//! Human rendering of diagnostics.

use std::io::Write;

use kserve_rbac::{Diagnostic, Severity};

use super::style::Palette;

/// Writes one diagnostic as `file:line:column: severity[code]: message`, then its help.
pub fn write_diagnostic(
    out: &mut dyn Write,
    diagnostic: &Diagnostic,
    palette: Palette,
) -> std::io::Result<()> {
    let severity = diagnostic.severity.as_str();
    let label = match diagnostic.severity {
        Severity::Error => palette.error(severity),
        Severity::Warning => palette.warning(severity),
        Severity::Info => palette.info(severity),
    };
    let place = diagnostic
        .location
        .as_ref()
        .map(|location| format!("{location}: "))
        .unwrap_or_default();
    writeln!(
        out,
        "{place}{label}[{}]: {}",
        diagnostic.code, diagnostic.message
    )?;
    if let Some(help) = &diagnostic.help {
        writeln!(out, "  {} {help}", palette.dim("help:"))?;
    }
    Ok(())
}

/// Writes the error diagnostics of a workspace to stderr, for commands whose main output is
/// something else.
pub fn warn_errors(diagnostics: &[Diagnostic], palette: Palette) -> std::io::Result<()> {
    let mut stderr = std::io::stderr().lock();
    for diagnostic in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        write_diagnostic(&mut stderr, diagnostic, palette)?;
    }
    Ok(())
}
