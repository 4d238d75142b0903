//! Human rendering of diagnostics.

use std::io::Write;

use kserve_rbac::{Diagnostic, Severity, SourceFile};

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

/// Longest source line shown in a code frame, in characters; longer lines are cut around the
/// column.
const FRAME_WIDTH: usize = 120;

/// Writes the source line a diagnostic points at, with a caret under its column, as rustc and
/// ruff do. Writes nothing when the location or its source is unknown.
pub fn write_code_frame(
    out: &mut dyn Write,
    diagnostic: &Diagnostic,
    sources: &[SourceFile],
    palette: Palette,
) -> std::io::Result<()> {
    let Some(location) = &diagnostic.location else {
        return Ok(());
    };
    let Some(file) = sources.iter().find(|f| *f.name == *location.file) else {
        return Ok(());
    };
    let Some(line) = file.text.lines().nth(location.line.saturating_sub(1)) else {
        return Ok(());
    };
    let chars: Vec<char> = line.chars().collect();
    let column = location.column.unwrap_or(1).max(1);
    let start = column.saturating_sub(FRAME_WIDTH / 2).min(chars.len());
    let end = (start + FRAME_WIDTH).min(chars.len());
    // Control characters from the input (escape sequences included) are shown as `?`, so a
    // manifest cannot drive the terminal.
    let shown: String = chars[start..end]
        .iter()
        .map(|c| {
            if c.is_control() && *c != '\t' {
                '?'
            } else {
                *c
            }
        })
        .collect();
    let number = location.line.to_string();
    let gutter = " ".repeat(number.len());
    writeln!(out, "{gutter} {}", palette.dim("|"))?;
    writeln!(out, "{} {} {shown}", palette.dim(&number), palette.dim("|"))?;
    if location.column.is_some() {
        let pad = " ".repeat(column - 1 - start);
        writeln!(
            out,
            "{gutter} {} {pad}{}",
            palette.dim("|"),
            palette.error("^")
        )?;
    }
    Ok(())
}
