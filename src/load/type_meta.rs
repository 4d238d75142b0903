//! Finding a document's apiVersion and kind without parsing the whole document.

/// apiVersion and kind of a document, when both could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeMeta {
    pub api_version: String,
    pub kind: String,
}

impl TypeMeta {
    /// The API group: the part of apiVersion before `/`, or "" for the core group.
    pub fn group(&self) -> &str {
        self.api_version
            .rsplit_once('/')
            .map_or("", |(group, _)| group)
    }
}

/// Reads `apiVersion:` and `kind:` from the top-level keys of a block-style YAML document.
///
/// Only lines that start at column 0 are top-level keys in block style, and a block scalar's
/// content is always indented, so this scan cannot be fooled by nested fields. Returns `None` for
/// flow-style and JSON documents and for values that are not plain scalars; the caller then
/// parses the document in full.
pub fn scan_type_meta(text: &str) -> Option<TypeMeta> {
    let mut api_version = None;
    let mut kind = None;
    for line in text.lines() {
        if line.starts_with(['{', '[', '"', '\'', '?', '&', '!', '%']) {
            return None;
        }
        if let Some(value) = line.strip_prefix("apiVersion:") {
            api_version = Some(plain_scalar(value)?);
        } else if let Some(value) = line.strip_prefix("kind:") {
            kind = Some(plain_scalar(value)?);
        }
        if api_version.is_some() && kind.is_some() {
            break;
        }
    }
    Some(TypeMeta {
        api_version: api_version?,
        kind: kind?,
    })
}

/// Returns a simple scalar value: bare or quoted, without escapes, comments stripped.
fn plain_scalar(value: &str) -> Option<String> {
    let value = value.trim();
    let value = match value.find(" #") {
        Some(end) => value[..end].trim_end(),
        None => value,
    };
    let unquoted = if let Some(inner) = value.strip_prefix('"') {
        inner.strip_suffix('"')?
    } else if let Some(inner) = value.strip_prefix('\'') {
        inner.strip_suffix('\'')?
    } else {
        value
    };
    let simple = !unquoted.is_empty()
        && unquoted
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-' | '_'));
    simple.then(|| unquoted.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_top_level_keys_in_any_order() {
        let text = "aggregationRule: {}\nmetadata:\n  kind: Nested\nkind: ClusterRole\napiVersion: \"rbac.authorization.k8s.io/v1\"\n";
        let meta = scan_type_meta(text).unwrap();
        assert_eq!(meta.kind, "ClusterRole");
        assert_eq!(meta.api_version, "rbac.authorization.k8s.io/v1");
        assert_eq!(meta.group(), "rbac.authorization.k8s.io");
    }

    #[test]
    fn gives_up_on_flow_style() {
        assert_eq!(
            scan_type_meta("{\"kind\": \"Role\", \"apiVersion\": \"v1\"}"),
            None
        );
    }

    #[test]
    fn gives_up_on_complex_values() {
        assert_eq!(scan_type_meta("kind: &anchor Role\napiVersion: v1\n"), None);
        assert_eq!(scan_type_meta("kind: Role\n"), None);
    }

    #[test]
    fn strips_comments() {
        let meta = scan_type_meta("apiVersion: v1 # core\nkind: Namespace\n").unwrap();
        assert_eq!(meta.api_version, "v1");
        assert_eq!(meta.group(), "");
    }
}
