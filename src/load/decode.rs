//! Turning one YAML document into typed objects, or into a located diagnostic.

use std::sync::Arc;

use serde::Deserialize;
use serde_yaml::Value;

use super::aliases::{check_alias_expansion, AliasProblem, MAX_ALIAS_NODES};
use super::spans::{clamp_to_text, LineBreaks};
use super::split::RawDocument;
use super::type_meta::{scan_type_meta, TypeMeta};
use crate::diagnostic::{codes, Diagnostic, Severity};
use crate::object::{LoadedObject, Object, ObjectRef};
use crate::source::Location;

const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// The kinds the tool evaluates, with the apiVersion each is read at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TypedKind {
    ClusterRole,
    Role,
    ClusterRoleBinding,
    RoleBinding,
    Namespace,
    ServiceAccount,
    CustomResourceDefinition,
    SubjectAccessReview,
    Profile,
}

impl TypedKind {
    fn from_type_meta(meta: &TypeMeta) -> Option<Self> {
        let kind = match (meta.group(), meta.kind.as_str()) {
            (RBAC_GROUP, "ClusterRole") => Self::ClusterRole,
            (RBAC_GROUP, "Role") => Self::Role,
            (RBAC_GROUP, "ClusterRoleBinding") => Self::ClusterRoleBinding,
            (RBAC_GROUP, "RoleBinding") => Self::RoleBinding,
            ("", "Namespace") => Self::Namespace,
            ("", "ServiceAccount") => Self::ServiceAccount,
            ("apiextensions.k8s.io", "CustomResourceDefinition") => Self::CustomResourceDefinition,
            ("authorization.k8s.io", "SubjectAccessReview") => Self::SubjectAccessReview,
            ("kubeflow.org", "Profile") => Self::Profile,
            _ => return None,
        };
        Some(kind)
    }

    /// The apiVersions read directly, without a deprecation note.
    fn is_current_version(self, api_version: &str) -> bool {
        match self {
            Self::ClusterRole | Self::Role | Self::ClusterRoleBinding | Self::RoleBinding => {
                api_version == "rbac.authorization.k8s.io/v1"
            }
            Self::Namespace | Self::ServiceAccount => api_version == "v1",
            Self::CustomResourceDefinition => api_version == "apiextensions.k8s.io/v1",
            Self::SubjectAccessReview => api_version == "authorization.k8s.io/v1",
            Self::Profile => matches!(api_version, "kubeflow.org/v1" | "kubeflow.org/v1beta1"),
        }
    }

    fn is_cluster_scoped(self) -> bool {
        matches!(
            self,
            Self::ClusterRole
                | Self::ClusterRoleBinding
                | Self::Namespace
                | Self::CustomResourceDefinition
                | Self::Profile
                | Self::SubjectAccessReview
        )
    }
}

/// Where the decoded objects and findings of one file go.
pub struct Sink<'a> {
    pub file: &'a Arc<str>,
    pub objects: &'a mut Vec<LoadedObject>,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    fn location(&self, document: &RawDocument<'_>, line: usize, column: Option<usize>) -> Location {
        Location {
            file: Arc::clone(self.file),
            document: document.index,
            line,
            column,
        }
    }

    /// Decodes one document: a typed object, a counted other kind, the items of a list, or a
    /// diagnostic. Never fails: problems become diagnostics.
    pub fn decode(&mut self, document: &RawDocument<'_>) {
        if let Err(problem) = check_alias_expansion(document.text) {
            self.report_alias_problem(document, problem);
            return;
        }
        // Fast path: block-style documents of a current typed kind go straight to their type.
        if let Some(meta) = scan_type_meta(document.text) {
            if let Some(kind) = TypedKind::from_type_meta(&meta) {
                if kind.is_current_version(&meta.api_version) {
                    self.decode_typed_text(document, kind, &meta);
                    return;
                }
            } else if !meta.kind.ends_with("List") {
                self.decode_other_text(document, meta);
                return;
            }
        }
        self.decode_value_text(document);
    }

    fn decode_typed_text(&mut self, document: &RawDocument<'_>, kind: TypedKind, meta: &TypeMeta) {
        let location = self.location(document, document.content_line, Some(1));
        let result = parse_typed_text(kind, document.text);
        match result {
            Ok((object, unknown)) => self.push(kind, object, meta, location, unknown),
            Err(error) => self.report_text_error(document, &error, Some(meta)),
        }
    }

    fn decode_other_text(&mut self, document: &RawDocument<'_>, meta: TypeMeta) {
        #[derive(Deserialize)]
        struct Metadata {
            name: Option<String>,
            namespace: Option<String>,
        }
        #[derive(Deserialize)]
        struct Partial {
            metadata: Option<Metadata>,
        }
        match serde_yaml::from_str::<Partial>(document.text) {
            Ok(partial) => {
                let metadata = partial.metadata;
                let (name, namespace) = metadata.map_or((None, None), |m| (m.name, m.namespace));
                let location = self.location(document, document.content_line, Some(1));
                self.push_other(meta, name, namespace, location);
            }
            Err(error) => self.report_text_error(document, &error, Some(&meta)),
        }
    }

    /// The slow path: parses the document into a YAML value first. Handles JSON and flow
    /// style, lists, and deprecated apiVersions.
    fn decode_value_text(&mut self, document: &RawDocument<'_>) {
        let value = match serde_yaml::from_str::<Value>(document.text) {
            Ok(value) => value,
            Err(error) => {
                self.report_text_error(document, &error, None);
                return;
            }
        };
        let location = self.location(document, document.content_line, Some(1));
        self.decode_value(document, value, location, None);
    }

    fn decode_value(
        &mut self,
        document: &RawDocument<'_>,
        value: Value,
        location: Location,
        list_item: Option<usize>,
    ) {
        let Some(meta) = value_type_meta(&value) else {
            let what = match list_item {
                Some(item) => format!("item {item} of a list"),
                None => format!("document {}", document.index + 1),
            };
            let diagnostic = Diagnostic::new(
                codes::NOT_AN_OBJECT,
                Severity::Info,
                format!("skipped {what}: it has no apiVersion and kind, so it is not a Kubernetes object"),
            )
            .with_help("files such as kustomization.yaml or Helm values are skipped; use --exclude to leave them out")
            .at(Some(location));
            self.diagnostics.push(diagnostic);
            return;
        };

        if meta.kind == "List" || (meta.kind.ends_with("List") && value.get("items").is_some()) {
            self.decode_list(document, value, &location);
            return;
        }

        let Some(kind) = TypedKind::from_type_meta(&meta) else {
            let name = value_str(&value, &["metadata", "name"]);
            let namespace = value_str(&value, &["metadata", "namespace"]);
            self.push_other(meta, name, namespace, location);
            return;
        };

        let current_version = kind.is_current_version(&meta.api_version);
        let mut value = value;
        let mut meta = meta;
        if !current_version && !self.upgrade_version(kind, &mut value, &mut meta, &location) {
            self.attach_deprecation();
            return;
        }
        match parse_typed_value(kind, value) {
            Ok((object, unknown)) => {
                self.push(kind, object, &meta, location, unknown);
                if !current_version {
                    self.attach_deprecation();
                }
            }
            Err(error) => {
                // Errors from a parsed value carry no field path and no position, so a whole
                // document is parsed again from its text, whose errors carry both.
                if list_item.is_none() && current_version {
                    if let Err(text_error) = parse_typed_text(kind, document.text) {
                        self.report_text_error(document, &text_error, Some(&meta));
                        return;
                    }
                }
                let message = format!(
                    "{} does not fit its schema: {}",
                    meta.kind,
                    strip_position(&error.to_string())
                );
                let diagnostic = Diagnostic::new(codes::INVALID_OBJECT, Severity::Error, message)
                    .with_help(format!(
                        "fix the field so that it matches {} {}; the other documents were loaded",
                        meta.api_version, meta.kind
                    ))
                    .at(Some(location));
                self.diagnostics.push(diagnostic);
            }
        }
    }

    /// Names the object just pushed in the deprecation warning raised for it, so the warning
    /// can be suppressed per object like any other.
    fn attach_deprecation(&mut self) {
        let Some(object) = self.objects.last() else {
            return;
        };
        let warning = self
            .diagnostics
            .iter_mut()
            .rev()
            .find(|d| d.code == codes::DEPRECATED_API_VERSION && d.object.is_none());
        if let Some(warning) = warning {
            warning.object = Some(object.meta.clone());
        }
    }

    /// Reads a deprecated RBAC apiVersion as v1, whose schema is the same, with a warning.
    /// Returns false when the version cannot be read.
    fn upgrade_version(
        &mut self,
        kind: TypedKind,
        value: &mut Value,
        meta: &mut TypeMeta,
        location: &Location,
    ) -> bool {
        let replacement = match kind {
            TypedKind::ClusterRole
            | TypedKind::Role
            | TypedKind::ClusterRoleBinding
            | TypedKind::RoleBinding => "rbac.authorization.k8s.io/v1",
            _ => {
                let diagnostic = Diagnostic::new(
                    codes::DEPRECATED_API_VERSION,
                    Severity::Warning,
                    format!(
                        "{} {} is not a served version; the document is counted but not evaluated",
                        meta.api_version, meta.kind
                    ),
                )
                .with_help("use the current apiVersion of this kind")
                .at(Some(location.clone()));
                self.diagnostics.push(diagnostic);
                let name = value_str(value, &["metadata", "name"]);
                let namespace = value_str(value, &["metadata", "namespace"]);
                self.push_other(meta.clone(), name, namespace, location.clone());
                return false;
            }
        };
        let diagnostic = Diagnostic::new(
            codes::DEPRECATED_API_VERSION,
            Severity::Warning,
            format!(
                "{} {} was removed in Kubernetes 1.22; it is evaluated as {replacement}",
                meta.api_version, meta.kind
            ),
        )
        .with_help(format!("change apiVersion to {replacement}"))
        .at(Some(location.clone()));
        self.diagnostics.push(diagnostic);
        if let Value::Mapping(mapping) = value {
            mapping.insert(Value::from("apiVersion"), Value::from(replacement));
        }
        meta.api_version = replacement.to_owned();
        true
    }

    fn decode_list(&mut self, document: &RawDocument<'_>, value: Value, location: &Location) {
        let items = match value.get("items") {
            Some(Value::Sequence(items)) => items.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => {
                let diagnostic = Diagnostic::new(
                    codes::INVALID_OBJECT,
                    Severity::Error,
                    "list document has `items` that is not a sequence",
                )
                .with_help("write items as a YAML sequence of objects")
                .at(Some(location.clone()));
                self.diagnostics.push(diagnostic);
                return;
            }
        };
        let item_lines = list_item_lines(document.text);
        let lines_fit = item_lines.len() == items.len();
        for (position, item) in items.into_iter().enumerate() {
            let mut item_location = location.clone();
            if lines_fit {
                item_location.line = document.first_line + item_lines[position] - 1;
                item_location.column = None;
            }
            self.decode_value(document, item, item_location, Some(position));
        }
    }

    /// Reports a document whose aliases were not expanded, so that it was not decoded.
    fn report_alias_problem(&mut self, document: &RawDocument<'_>, problem: AliasProblem) {
        let (line, column, message, help) = match problem {
            AliasProblem::TooLarge { line, column } => (
                line,
                column,
                format!(
                    "document {} was not loaded: its aliases would copy more than {MAX_ALIAS_NODES} nodes",
                    document.index + 1
                ),
                "each alias (*name) copies its anchored node; write the content out or use fewer aliases of large nodes; the other documents were loaded",
            ),
            AliasProblem::Unreadable {
                line,
                column,
                message,
            } => {
                // serde_yaml reads the document without expanding aliases when it ignores the
                // content, so its own syntax error is reported where it has one.
                if let Err(error) = serde_yaml::from_str::<serde::de::IgnoredAny>(document.text) {
                    self.report_text_error(document, &error, None);
                    return;
                }
                (
                    line,
                    column,
                    format!(
                        "document {} was not loaded: it has anchors, and the check of their aliases failed to parse it: {message}",
                        document.index + 1
                    ),
                    "the alias check reads YAML 1.2 and at most 255 nested [ and { collections; simplify the document; the other documents were loaded",
                )
            }
        };
        let (line, column) = clamp_to_text((line, column), document.text, LineBreaks::Yaml12);
        let location = self.location(document, document.first_line + line - 1, Some(column));
        let diagnostic = Diagnostic::new(codes::INVALID_YAML, Severity::Error, message)
            .with_help(help)
            .at(Some(location));
        self.diagnostics.push(diagnostic);
    }

    fn report_text_error(
        &mut self,
        document: &RawDocument<'_>,
        error: &serde_yaml::Error,
        meta: Option<&TypeMeta>,
    ) {
        // A typed parse failure may be bad YAML or a schema mismatch: a generic parse tells which.
        let syntax_error = match meta {
            Some(_) => serde_yaml::from_str::<Value>(document.text).err(),
            None => None,
        };
        let (code, error) = match (&syntax_error, meta) {
            (Some(syntax), _) => (codes::INVALID_YAML, syntax),
            (None, Some(_)) => (codes::INVALID_OBJECT, error),
            (None, None) => (codes::INVALID_YAML, error),
        };
        let mut located = error.location().map(|p| (p.line(), p.column()));
        let mut message = error.to_string();
        // libyaml's reader, which rejects control characters and bad UTF-8, gives a byte offset
        // in place of a line and column, and serde_yaml then reports line 1, column 1.
        let zero_mark = error.location().is_some_and(|p| p.index() == 0);
        if code == codes::INVALID_YAML && zero_mark {
            if let Some((line, column, rest)) = reader_error_position(&message, document.text) {
                located = Some((line, column));
                message = rest;
            }
        }
        let clamped =
            located.map(|position| clamp_to_text(position, document.text, LineBreaks::Yaml11));
        let (line, column) = match clamped {
            Some((line, column)) => (document.first_line + line - 1, Some(column)),
            None => (document.content_line, None),
        };
        let location = self.location(document, line, column);
        let detail = relocate_positions(&message, document.first_line, located);
        let diagnostic = if code == codes::INVALID_YAML {
            Diagnostic::new(
                code,
                Severity::Error,
                format!("invalid YAML in document {}: {detail}", document.index + 1),
            )
            .with_help(syntax_help(&detail))
        } else {
            let meta = meta.expect("schema errors come from typed parses");
            let name = serde_yaml::from_str::<Value>(document.text)
                .ok()
                .and_then(|value| value_str(&value, &["metadata", "name"]));
            let subject = match name {
                Some(name) => format!("{} {name:?}", meta.kind),
                None => meta.kind.clone(),
            };
            Diagnostic::new(
                code,
                Severity::Error,
                format!("{subject} does not fit its schema: {detail}"),
            )
            .with_help(format!(
                "fix the field so that it matches {} {}; the other documents were loaded",
                meta.api_version, meta.kind
            ))
        };
        self.diagnostics.push(diagnostic.at(Some(location)));
    }

    fn push(
        &mut self,
        kind: TypedKind,
        object: Object,
        meta: &TypeMeta,
        location: Location,
        unknown_fields: Vec<String>,
    ) {
        let metadata = object_metadata(&object);
        let name = metadata.and_then(|m| m.name.clone()).unwrap_or_default();
        let namespace = if kind.is_cluster_scoped() {
            None
        } else {
            metadata.and_then(|m| m.namespace.clone())
        };
        self.objects.push(LoadedObject {
            meta: ObjectRef {
                kind: meta.kind.clone(),
                api_version: meta.api_version.clone(),
                name,
                namespace,
                implied: false,
                location: Some(location),
            },
            object,
            implied_by: None,
            unknown_fields,
        });
    }

    fn push_other(
        &mut self,
        meta: TypeMeta,
        name: Option<String>,
        namespace: Option<String>,
        location: Location,
    ) {
        self.objects.push(LoadedObject {
            meta: ObjectRef {
                kind: meta.kind,
                api_version: meta.api_version,
                name: name.unwrap_or_default(),
                namespace,
                implied: false,
                location: Some(location),
            },
            object: Object::Other,
            implied_by: None,
            unknown_fields: Vec::new(),
        });
    }
}

fn object_metadata(
    object: &Object,
) -> Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta> {
    Some(match object {
        Object::ClusterRole(o) => &o.metadata,
        Object::Role(o) => &o.metadata,
        Object::ClusterRoleBinding(o) => &o.metadata,
        Object::RoleBinding(o) => &o.metadata,
        Object::Namespace(o) => &o.metadata,
        Object::ServiceAccount(o) => &o.metadata,
        Object::CustomResourceDefinition(o) => &o.metadata,
        Object::SubjectAccessReview(o) => &o.metadata,
        Object::Profile(o) => &o.metadata,
        Object::Other => return None,
    })
}

/// Parses a typed object and collects the paths of the fields its type does not know.
fn parse_typed_text(
    kind: TypedKind,
    text: &str,
) -> Result<(Object, Vec<String>), serde_yaml::Error> {
    parse_typed(kind, serde_yaml::Deserializer::from_str(text))
}

fn parse_typed_value(
    kind: TypedKind,
    value: Value,
) -> Result<(Object, Vec<String>), serde_yaml::Error> {
    parse_typed(kind, value)
}

fn parse_typed<'de, D>(
    kind: TypedKind,
    deserializer: D,
) -> Result<(Object, Vec<String>), serde_yaml::Error>
where
    D: serde::Deserializer<'de, Error = serde_yaml::Error>,
{
    let mut unknown = Vec::new();
    let mut record = |path: serde_ignored::Path<'_>| unknown.push(path_string(&path));
    let object = match kind {
        TypedKind::ClusterRole => {
            Object::ClusterRole(serde_ignored::deserialize(deserializer, &mut record)?)
        }
        TypedKind::Role => Object::Role(serde_ignored::deserialize(deserializer, &mut record)?),
        TypedKind::ClusterRoleBinding => {
            Object::ClusterRoleBinding(serde_ignored::deserialize(deserializer, &mut record)?)
        }
        TypedKind::RoleBinding => {
            Object::RoleBinding(serde_ignored::deserialize(deserializer, &mut record)?)
        }
        TypedKind::Namespace => {
            Object::Namespace(serde_ignored::deserialize(deserializer, &mut record)?)
        }
        TypedKind::ServiceAccount => {
            Object::ServiceAccount(serde_ignored::deserialize(deserializer, &mut record)?)
        }
        TypedKind::CustomResourceDefinition => Object::CustomResourceDefinition(Box::new(
            serde_ignored::deserialize(deserializer, &mut record)?,
        )),
        TypedKind::SubjectAccessReview => Object::SubjectAccessReview(Box::new(
            serde_ignored::deserialize(deserializer, &mut record)?,
        )),
        TypedKind::Profile => {
            Object::Profile(serde_ignored::deserialize(deserializer, &mut record)?)
        }
    };
    Ok((object, unknown))
}

/// Formats an ignored field's path as `rules[0].resourceName`.
fn path_string(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", path_string(parent)),
        Path::Map { parent, key } => {
            let parent = path_string(parent);
            if parent.is_empty() {
                key.clone()
            } else {
                format!("{parent}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => path_string(parent),
    }
}

fn value_type_meta(value: &Value) -> Option<TypeMeta> {
    Some(TypeMeta {
        api_version: value.get("apiVersion")?.as_str()?.to_owned(),
        kind: value.get("kind")?.as_str()?.to_owned(),
    })
}

fn value_str(value: &Value, path: &[&str]) -> Option<String> {
    let mut current = value;
    for key in path {
        current = current.get(key)?;
    }
    current.as_str().map(str::to_owned)
}

/// Returns the help for a YAML error. serde_yaml's two limits and its refusal of a second
/// document are not syntax errors, so they get their own advice.
fn syntax_help(detail: &str) -> &'static str {
    if detail.starts_with("recursion limit exceeded") {
        "serde_yaml reads at most 128 levels of nested mappings and sequences; flatten the document; the other documents were loaded"
    } else if detail.starts_with("deserializing from YAML containing more than one document") {
        "the parser found a second document without a `---` line before it, as in JSON objects written one after another; put a line `---` between documents; the other documents were loaded"
    } else if detail.starts_with("repetition limit exceeded") {
        "serde_yaml expands aliases (*name) at most 100 times per event of the document; write the content out; the other documents were loaded"
    } else {
        "fix the syntax at this position; the other documents were loaded"
    }
}

/// Removes serde_yaml's trailing " at line L column C", which the location already carries.
fn strip_position(message: &str) -> String {
    const MARKER: &str = " at line ";
    let Some(end) = message.rfind(MARKER) else {
        return message.to_owned();
    };
    // Text quoted from the input may contain the marker too: strip only a whole position.
    match parse_line_column(&message[end + MARKER.len()..]) {
        Some((_, _, length)) if end + MARKER.len() + length == message.len() => {
            message[..end].to_owned()
        }
        _ => message.to_owned(),
    }
}

/// Rewrites the " at line L column C" positions of a serde_yaml message, whose lines count from
/// the document's first line, as lines of the file. Drops the position equal to `located`,
/// which the diagnostic's location already carries.
fn relocate_positions(message: &str, first_line: usize, located: Option<(usize, usize)>) -> String {
    const MARKER: &str = " at line ";
    let mut relocated = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(MARKER) {
        relocated.push_str(&rest[..start]);
        let after = &rest[start + MARKER.len()..];
        match parse_line_column(after) {
            Some((line, column, length)) => {
                let file_line = first_line.checked_add(line).and_then(|n| n.checked_sub(1));
                if located == Some((line, column)) {
                    // The diagnostic's location carries this position.
                } else if let Some(file_line) = file_line {
                    relocated.push_str(&format!(" at line {file_line} column {column}"));
                } else {
                    // A line number this large comes from quoted input, not from serde_yaml.
                    relocated.push_str(&rest[start..start + MARKER.len() + length]);
                }
                rest = &after[length..];
            }
            None => {
                relocated.push_str(MARKER);
                rest = after;
            }
        }
    }
    relocated.push_str(rest);
    relocated
}

/// Finds the position of a libyaml reader error, which serde_yaml reports as a byte offset
/// (`control characters are not allowed at position 15`). Returns the 1-based line and column
/// of that offset in `text`, and the message without the offset.
fn reader_error_position(message: &str, text: &str) -> Option<(usize, usize, String)> {
    const MARKER: &str = " at position ";
    let start = message.find(MARKER)?;
    let after = &message[start + MARKER.len()..];
    let digits = after
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after.len());
    let mut offset = after[..digits].parse::<usize>().ok()?.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = before[line_start..].chars().count() + 1;
    let rest = format!("{}{}", &message[..start], &after[digits..]);
    Some((line, column, rest))
}

/// Reads `L column C` at the start of `text`. Returns the line, the column and the length read.
fn parse_line_column(text: &str) -> Option<(usize, usize, usize)> {
    let digits = |text: &str| {
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len())
    };
    let line_length = digits(text);
    let line = text[..line_length].parse().ok()?;
    let rest = text[line_length..].strip_prefix(" column ")?;
    let column_length = digits(rest);
    let column = rest[..column_length].parse().ok()?;
    Some((line, column, line_length + " column ".len() + column_length))
}

/// Finds the 1-based lines, relative to the document, where the items of a block-style
/// `items:` sequence start. Returns an empty list for flow style or JSON.
fn list_item_lines(text: &str) -> Vec<usize> {
    let mut lines = text.lines().enumerate();
    if !lines.any(|(_, line)| line.trim_end() == "items:") {
        return Vec::new();
    }
    let mut indent = None;
    let mut starts = Vec::new();
    for (number, line) in lines {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let width = line.len() - trimmed.len();
        if !trimmed.starts_with("- ") && trimmed != "-" {
            if width == 0 {
                break;
            }
            continue;
        }
        let expected = *indent.get_or_insert(width);
        if width == expected {
            starts.push(number + 1);
        } else if width < expected {
            break;
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_position_removes_suffix() {
        assert_eq!(
            strip_position("rules[0]: bad at line 3 column 4"),
            "rules[0]: bad"
        );
        assert_eq!(strip_position("no position"), "no position");
        let quoted = "invalid type: string \"a at line 5 column 1\", expected a sequence";
        assert_eq!(strip_position(quoted), quoted);
    }

    #[test]
    fn relocate_positions_uses_file_lines() {
        let message = "did not find expected ',' or ']' at line 6 column 1, while parsing a flow sequence at line 5 column 6";
        assert_eq!(
            relocate_positions(message, 11, Some((6, 1))),
            "did not find expected ',' or ']', while parsing a flow sequence at line 15 column 6"
        );
        assert_eq!(
            relocate_positions("rules[0]: bad at line 3 column 4", 1, Some((3, 4))),
            "rules[0]: bad"
        );
        assert_eq!(
            relocate_positions("odd at line x", 5, None),
            "odd at line x"
        );
        let huge = format!("\"a at line {} column 1\" at line 4 column 8", usize::MAX);
        assert_eq!(
            relocate_positions(&huge, 2, None),
            format!("\"a at line {} column 1\" at line 5 column 8", usize::MAX)
        );
    }

    #[test]
    fn reader_error_position_counts_lines() {
        let text = "kind: A\nname: \"\u{1b}\"\n";
        assert_eq!(
            reader_error_position("control characters are not allowed at position 15", text),
            Some((2, 8, "control characters are not allowed".to_owned()))
        );
        assert_eq!(reader_error_position("no offset", text), None);
        assert_eq!(
            reader_error_position("bad at position 999", "é").map(|(l, c, _)| (l, c)),
            Some((1, 2))
        );
    }

    #[test]
    fn list_item_lines_finds_block_items() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n- apiVersion: v1\n  kind: Namespace\nmetadata: {}\n";
        assert_eq!(list_item_lines(text), vec![4, 6]);
        let indented = "kind: List\nitems:\n  - a: 1\n    b:\n      - nested\n  - a: 2\n";
        assert_eq!(list_item_lines(indented), vec![3, 6]);
    }
}
