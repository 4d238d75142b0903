//! Locating a field inside a YAML document by its path, such as `rules[2].resources[1]`.
//!
//! serde_yaml reports positions only in errors, so findings about valid documents are located
//! by parsing the document again with an event parser that keeps positions. This runs only for
//! documents that have findings, so loading stays fast.

use saphyr_parser::{Event, Parser};

/// One step of a field path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

/// Parses `rules[2].resources[1]` or `metadata.labels["app.kubernetes.io/name"]` into
/// segments. Keys are separated by `.`; indexes and quoted keys are in brackets.
pub fn parse_path(path: &str) -> Vec<PathSegment> {
    let mut segments = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix("[\"") {
            let Some(close) = inner.find("\"]") else {
                break;
            };
            segments.push(PathSegment::Key(inner[..close].to_owned()));
            rest = &inner[close + 2..];
        } else if let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else {
                break;
            };
            if let Ok(index) = inner[..close].parse() {
                segments.push(PathSegment::Index(index));
            }
            rest = &inner[close + 1..];
        } else if let Some(after) = rest.strip_prefix('.') {
            rest = after;
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            segments.push(PathSegment::Key(rest[..end].to_owned()));
            rest = &rest[end..];
        }
    }
    segments
}

/// Returns the 1-based line and column of the field at `path` in a single-document YAML text:
/// the key for a mapping entry, the item for a sequence entry. Falls back to the deepest
/// ancestor found when the path does not fully exist; `None` when the text does not parse.
pub fn locate(text: &str, path: &[PathSegment]) -> Option<(usize, usize)> {
    let mut parser = Parser::new_from_str(text);
    // Skip to the document's root node.
    loop {
        let (event, span) = parser.next()?.ok()?;
        match event {
            Event::StreamStart | Event::DocumentStart(_) => {}
            Event::MappingStart(..)
            | Event::SequenceStart(..)
            | Event::Scalar(..)
            | Event::Alias(_) => {
                let root = (span.start.line(), span.start.col() + 1);
                return Some(descend(&mut parser, event, path).unwrap_or(root));
            }
            _ => return None,
        }
    }
}

/// Walks from the node that `start` opens along `path`. Returns the position found, or the
/// deepest ancestor's when the path breaks off.
fn descend<'a>(
    parser: &mut Parser<'a, saphyr_parser::StrInput<'a>>,
    start: Event<'a>,
    path: &[PathSegment],
) -> Option<(usize, usize)> {
    let (segment, rest) = path.split_first()?;
    match (start, segment) {
        (Event::MappingStart(..), PathSegment::Key(wanted)) => loop {
            let (key, key_span) = parser.next()?.ok()?;
            let key_position = (key_span.start.line(), key_span.start.col() + 1);
            let is_match = match &key {
                Event::MappingEnd => return None,
                Event::Scalar(value, ..) => value.as_ref() == wanted.as_str(),
                _ => {
                    skip_node(parser, key)?;
                    false
                }
            };
            let (value, _) = parser.next()?.ok()?;
            if is_match {
                if rest.is_empty() {
                    return Some(key_position);
                }
                return Some(descend(parser, value, rest).unwrap_or(key_position));
            }
            skip_node(parser, value)?;
        },
        (Event::SequenceStart(..), PathSegment::Index(wanted)) => {
            let mut index = 0;
            loop {
                let (item, span) = parser.next()?.ok()?;
                if matches!(item, Event::SequenceEnd) {
                    return None;
                }
                if index == *wanted {
                    let position = (span.start.line(), span.start.col() + 1);
                    if rest.is_empty() {
                        return Some(position);
                    }
                    return Some(descend(parser, item, rest).unwrap_or(position));
                }
                skip_node(parser, item)?;
                index += 1;
            }
        }
        _ => None,
    }
}

/// Consumes the rest of the node that `start` opened.
fn skip_node<'a>(
    parser: &mut Parser<'a, saphyr_parser::StrInput<'a>>,
    start: Event<'a>,
) -> Option<()> {
    let mut depth: usize = match start {
        Event::MappingStart(..) | Event::SequenceStart(..) => 1,
        _ => return Some(()),
    };
    while depth > 0 {
        let (event, _) = parser.next()?.ok()?;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth -= 1,
            _ => {}
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLE: &str = "apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: x
rules:
- apiGroups: [\"\"]
  resources: [pods, secrets]
  verbs: [get]
- apiGroups:
  - apps
  resources:
    - deployments
    - statefulsets
  verbs: [\"*\"]
";

    #[test]
    fn parses_paths() {
        assert_eq!(
            parse_path("rules[2].resources[1]"),
            vec![
                PathSegment::Key("rules".into()),
                PathSegment::Index(2),
                PathSegment::Key("resources".into()),
                PathSegment::Index(1)
            ]
        );
        assert_eq!(
            parse_path("metadata.name"),
            vec![
                PathSegment::Key("metadata".into()),
                PathSegment::Key("name".into())
            ]
        );
    }

    #[test]
    fn locates_flow_and_block_items() {
        assert_eq!(
            locate(ROLE, &parse_path("rules[0].resources[1]")),
            Some((7, 21))
        );
        assert_eq!(
            locate(ROLE, &parse_path("rules[1].resources[1]")),
            Some((13, 7))
        );
        assert_eq!(locate(ROLE, &parse_path("rules[1].verbs")), Some((14, 3)));
        assert_eq!(locate(ROLE, &parse_path("metadata.name")), Some((4, 3)));
    }

    #[test]
    fn falls_back_to_ancestor() {
        assert_eq!(
            locate(ROLE, &parse_path("rules[1].resources[9]")),
            Some((11, 3))
        );
        assert_eq!(locate(ROLE, &parse_path("rules[7]")), Some((5, 1)));
    }

    #[test]
    fn locates_in_json() {
        let json = "{\n  \"kind\": \"Role\",\n  \"rules\": [\n    {\"verbs\": [\"get\"]}\n  ]\n}\n";
        assert_eq!(locate(json, &parse_path("rules[0].verbs")), Some((4, 6)));
    }
}
