//! Loading manifests: multi-document YAML and JSON, lists, and typed Kubernetes objects.

mod aliases;
mod decode;
mod spans;
mod split;
mod type_meta;

use std::sync::Arc;

pub use spans::{locate, locate_all, parse_path, PathSegment};
pub use split::{split_documents, RawDocument};
pub use type_meta::{scan_type_meta, TypeMeta};

use crate::diagnostic::Diagnostic;
use crate::object::LoadedObject;
use crate::source::SourceFile;

/// Everything read from a set of input files.
#[derive(Debug, Default, Clone)]
pub struct Loaded {
    pub objects: Vec<LoadedObject>,
    pub diagnostics: Vec<Diagnostic>,
    /// Number of non-empty documents across all files.
    pub documents: usize,
}

/// Loads every document of every file. Bad documents become diagnostics; the others still load.
pub fn load(files: &[SourceFile]) -> Loaded {
    let mut loaded = Loaded::default();
    for file in files {
        load_file(file, &mut loaded);
    }
    loaded
}

fn load_file(file: &SourceFile, loaded: &mut Loaded) {
    let name: Arc<str> = Arc::from(file.name.as_str());
    let documents = split_documents(&file.text);
    loaded.documents += documents.len();
    let mut sink = decode::Sink {
        file: &name,
        objects: &mut loaded.objects,
        diagnostics: &mut loaded.diagnostics,
    };
    for document in &documents {
        sink.decode(document);
    }
}
