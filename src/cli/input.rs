//! Reading `-f` paths: files, directories (recursively) and `-` for stdin.

use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use kserve_rbac::diagnostic::{codes, Diagnostic, Severity};
use kserve_rbac::{Location, SourceFile};

use super::CliError;

/// File extensions read from directories.
const MANIFEST_EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// Input files, and the diagnostics for files that were read but are not text.
pub struct Inputs {
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the matcher for `--exclude` patterns.
pub fn exclude_set(patterns: &[String]) -> Result<GlobSet, CliError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern)
            .map_err(|e| CliError::Usage(format!("invalid --exclude pattern {pattern:?}: {e}")))?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| CliError::Usage(format!("invalid --exclude patterns: {e}")))
}

/// Reads every path in order. A missing or unreadable path is an input error; a file that is
/// not UTF-8 becomes an error diagnostic so that the other files still load.
pub fn read_inputs(paths: &[String], exclude: &GlobSet) -> Result<Inputs, CliError> {
    if paths.is_empty() {
        return Err(CliError::Usage(
            "no input: pass manifests with -f PATH (a file, a directory, or - for stdin)"
                .to_owned(),
        ));
    }
    let mut inputs = Inputs {
        files: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut stdin_used = false;
    for path in paths {
        if path == "-" {
            if stdin_used {
                return Err(CliError::Usage("stdin (-) given more than once".to_owned()));
            }
            stdin_used = true;
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| CliError::Input(format!("failed to read stdin: {e}")))?;
            push_bytes(&mut inputs, "<stdin>".to_owned(), bytes);
            continue;
        }
        let path_buf = PathBuf::from(path);
        let metadata = std::fs::metadata(&path_buf)
            .map_err(|e| CliError::Input(format!("cannot read {path}: {e}")))?;
        if metadata.is_dir() {
            for file in directory_files(&path_buf, exclude)? {
                read_file(&mut inputs, &file)?;
            }
        } else if !exclude.is_match(&path_buf) {
            read_file(&mut inputs, &path_buf)?;
        }
    }
    Ok(inputs)
}

fn directory_files(root: &Path, exclude: &GlobSet) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| !exclude.is_match(entry.path()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            CliError::Input(format!("cannot read directory {}: {e}", root.display()))
        })?;
        let is_manifest = entry
            .path()
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| MANIFEST_EXTENSIONS.contains(&ext));
        if entry.file_type().is_file() && is_manifest {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

fn read_file(inputs: &mut Inputs, path: &Path) -> Result<(), CliError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", path.display())))?;
    push_bytes(inputs, path.display().to_string(), bytes);
    Ok(())
}

fn push_bytes(inputs: &mut Inputs, name: String, bytes: Vec<u8>) {
    match String::from_utf8(bytes) {
        Ok(text) => inputs.files.push(SourceFile::new(name, text)),
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            let diagnostic = Diagnostic::new(
                codes::UNREADABLE_FILE,
                Severity::Error,
                format!("{name} is not UTF-8 text (invalid byte at line {line}, column {column}); the file was skipped"),
            )
            .with_help("save the file as UTF-8, or leave it out with --exclude")
            .at(Some(Location {
                file: name.as_str().into(),
                document: 0,
                line,
                column: Some(column),
            }));
            inputs.diagnostics.push(diagnostic);
        }
    }
}
