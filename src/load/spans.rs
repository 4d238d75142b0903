//! Locating a field inside a YAML document by its path, such as `rules[2].resources[1]`.
//!
//! serde_yaml reports positions only in errors, so findings about valid documents are located
//! by parsing the document again with an event parser that keeps positions. This runs only for
//! documents that have findings, so loading stays fast.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

/// One step of a field path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    locate_all(text, &[path.to_vec()])[0]
}

/// Returns for each of `paths` the position that [`locate`] returns for it, parsing `text` once,
/// so that locating every finding of a large document takes time linear in its size.
///
/// The walk keeps its own stack instead of recursing, so no input nests deep enough to overflow
/// the call stack. When a mapping repeats a key, the first entry is the one located.
pub fn locate_all(text: &str, paths: &[Vec<PathSegment>]) -> Vec<Option<(usize, usize)>> {
    let mut tree = PathTree::new();
    let ends: Vec<usize> = paths.iter().map(|path| tree.insert(path)).collect();
    let mut parser = Parser::new_from_str(text);
    let Some(root) = first_node(&mut parser) else {
        return vec![None; paths.len()];
    };
    tree.nodes[PathTree::ROOT].position = Some(root.1);
    // A parse error midway leaves the positions found before it, as the fallback promises.
    let _ = tree.walk(&mut parser, root.0);
    // Scanning the text once serves every path, which keeps this linear in the text.
    let text_end = TextEnd::new(text, LineBreaks::Yaml12);
    paths
        .iter()
        .zip(ends)
        .map(|(path, end)| Some(text_end.clamp(tree.deepest_position(path, end)?)))
        .collect()
}

/// The characters that end a line, which differ between the YAML versions that the parsers read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineBreaks {
    /// LF, CR and CRLF, as saphyr-parser reads YAML 1.2.
    Yaml12,
    /// Also U+0085, U+2028 and U+2029, as libyaml reads YAML 1.1.
    Yaml11,
}

/// Moves a position past the end of `text` to the end of its last line. The parsers place an
/// error or an empty node at the end of a text without a final line break on the line after it.
pub(crate) fn clamp_to_text(
    position: (usize, usize),
    text: &str,
    breaks: LineBreaks,
) -> (usize, usize) {
    TextEnd::new(text, breaks).clamp(position)
}

/// The last line of a text and the position after its last character.
struct TextEnd {
    lines: usize,
    end_column: usize,
}

impl TextEnd {
    fn new(text: &str, breaks: LineBreaks) -> Self {
        let mut lines = 1;
        let mut last_line_start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((index, c)) = chars.next() {
            let is_break = match c {
                '\r' => !matches!(chars.peek(), Some((_, '\n'))),
                '\n' => true,
                '\u{85}' | '\u{2028}' | '\u{2029}' => breaks == LineBreaks::Yaml11,
                _ => false,
            };
            if is_break {
                lines += 1;
                last_line_start = index + c.len_utf8();
            }
        }
        Self {
            lines,
            end_column: text[last_line_start..].chars().count() + 1,
        }
    }

    fn clamp(&self, (line, column): (usize, usize)) -> (usize, usize) {
        if line <= self.lines {
            (line, column)
        } else {
            (self.lines, self.end_column)
        }
    }
}

/// Skips to the document's root node and returns its opening event and position.
fn first_node<'a>(
    parser: &mut Parser<'a, saphyr_parser::StrInput<'a>>,
) -> Option<(Event<'a>, (usize, usize))> {
    loop {
        let (event, span) = parser.next()?.ok()?;
        match event {
            Event::StreamStart | Event::DocumentStart(_) => {}
            Event::MappingStart(..)
            | Event::SequenceStart(..)
            | Event::Scalar(..)
            | Event::Alias(_) => return Some((event, (span.start.line(), span.start.col() + 1))),
            _ => return None,
        }
    }
}

/// The requested paths merged into a tree, each node with the position found for it.
struct PathTree {
    nodes: Vec<PathNode>,
}

#[derive(Default)]
struct PathNode {
    children: HashMap<PathSegment, usize>,
    position: Option<(usize, usize)>,
}

/// An open collection of the document on the way to a requested path.
enum Open {
    Mapping { node: usize },
    Sequence { node: usize, next_index: usize },
}

impl PathTree {
    const ROOT: usize = 0;

    fn new() -> Self {
        Self {
            nodes: vec![PathNode::default()],
        }
    }

    /// Adds `path` and returns the index of its last node.
    fn insert(&mut self, path: &[PathSegment]) -> usize {
        let mut node = Self::ROOT;
        for segment in path {
            node = match self.nodes[node].children.get(segment) {
                Some(&child) => child,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(PathNode::default());
                    self.nodes[node].children.insert(segment.clone(), child);
                    child
                }
            };
        }
        node
    }

    /// Records the position of every tree node met while reading the document whose root
    /// `root` opens. Returns `None` when the text stops parsing first.
    fn walk<'a>(
        &mut self,
        parser: &mut Parser<'a, saphyr_parser::StrInput<'a>>,
        root: Event<'a>,
    ) -> Option<()> {
        let mut open = Vec::new();
        if let Some(entered) = self.enter(Self::ROOT, &root) {
            open.push(entered);
        }
        while let Some(top) = open.last_mut() {
            let (event, span) = parser.next()?.ok()?;
            let position = (span.start.line(), span.start.col() + 1);
            let (child, value) = match top {
                Open::Mapping { node } => {
                    let node = *node;
                    let key = match &event {
                        Event::MappingEnd => {
                            open.pop();
                            continue;
                        }
                        Event::Scalar(key, ..) => Some(PathSegment::Key(key.to_string())),
                        _ => {
                            skip_node(parser, event)?;
                            None
                        }
                    };
                    let child = key.and_then(|key| self.nodes[node].children.get(&key).copied());
                    let (value, _) = parser.next()?.ok()?;
                    (child, value)
                }
                Open::Sequence { node, next_index } => {
                    if matches!(event, Event::SequenceEnd) {
                        open.pop();
                        continue;
                    }
                    let index = PathSegment::Index(*next_index);
                    *next_index += 1;
                    (self.nodes[*node].children.get(&index).copied(), event)
                }
            };
            // Only the first of repeated keys counts, so a node found before is skipped.
            let Some(child) = child.filter(|&child| self.nodes[child].position.is_none()) else {
                skip_node(parser, value)?;
                continue;
            };
            self.nodes[child].position = Some(position);
            match self.enter(child, &value) {
                Some(entered) => open.push(entered),
                None => skip_node(parser, value)?,
            }
        }
        Some(())
    }

    /// Returns the collection to open for `node` when the tree goes deeper than `node` and
    /// `event` starts a mapping or a sequence.
    fn enter(&self, node: usize, event: &Event<'_>) -> Option<Open> {
        if self.nodes[node].children.is_empty() {
            return None;
        }
        match event {
            Event::MappingStart(..) => Some(Open::Mapping { node }),
            Event::SequenceStart(..) => Some(Open::Sequence {
                node,
                next_index: 0,
            }),
            _ => None,
        }
    }

    /// Returns the position of `path`'s last node, or of its deepest ancestor that was found.
    fn deepest_position(&self, path: &[PathSegment], end: usize) -> Option<(usize, usize)> {
        if let Some(position) = self.nodes[end].position {
            return Some(position);
        }
        let mut node = Self::ROOT;
        let mut found = self.nodes[node].position;
        for segment in path {
            let Some(&child) = self.nodes[node].children.get(segment) else {
                break;
            };
            node = child;
            match self.nodes[node].position {
                Some(position) => found = Some(position),
                None => break,
            }
        }
        found
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
    fn locates_many_paths_in_one_pass() {
        let paths: Vec<Vec<PathSegment>> = [
            "rules[1].resources[1]",
            "metadata.name",
            "rules[0].resources[1]",
            "rules[1].resources[9]",
            "rules[7]",
            "",
            "missing.field",
        ]
        .iter()
        .map(|path| parse_path(path))
        .collect();
        let one_pass = locate_all(ROLE, &paths);
        let each: Vec<_> = paths.iter().map(|path| locate(ROLE, path)).collect();
        assert_eq!(one_pass, each);
        assert_eq!(
            one_pass,
            vec![
                Some((13, 7)),
                Some((4, 3)),
                Some((7, 21)),
                Some((11, 3)),
                Some((5, 1)),
                Some((1, 1)),
                Some((1, 1)),
            ]
        );
        assert_eq!(locate_all(ROLE, &[]), Vec::new());
        assert_eq!(locate_all("[unclosed", &paths[..1]), vec![Some((1, 1))]);
        assert_eq!(locate_all("]", &paths[..1]), vec![None]);
    }

    #[test]
    fn repeated_key_locates_first() {
        let text = "a:\n  x: 1\na:\n  b: 2\n";
        assert_eq!(locate(text, &parse_path("a.b")), Some((1, 1)));
        assert_eq!(locate(text, &parse_path("a.x")), Some((2, 3)));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let text = format!("{}x", "- ".repeat(depth));
        let path = vec![PathSegment::Index(0); depth];
        assert_eq!(locate(&text, &path), Some((1, 2 * depth + 1)));
        // The event parser rejects more than 255 nested flow collections.
        let flow = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(locate(&flow, &path), None);
    }

    #[test]
    fn clamp_to_text_moves_end_of_input() {
        let yaml12 = LineBreaks::Yaml12;
        assert_eq!(clamp_to_text((4, 1), "{\n  \"a\": [\n ", yaml12), (3, 2));
        assert_eq!(clamp_to_text((3, 1), "a: [\nb\n", yaml12), (3, 1));
        assert_eq!(clamp_to_text((2, 5), "a: [\nb\n", yaml12), (2, 5));
        assert_eq!(clamp_to_text((3, 1), "a\rb\r\nc", yaml12), (3, 1));
        assert_eq!(clamp_to_text((3, 1), "a\u{2028}b", yaml12), (1, 4));
        assert_eq!(
            clamp_to_text((3, 1), "a\u{2028}b", LineBreaks::Yaml11),
            (2, 2)
        );
    }

    #[test]
    fn empty_root_at_end_stays_inside() {
        assert_eq!(locate("---", &parse_path("a")), Some((1, 4)));
    }

    #[test]
    fn locates_in_json() {
        let json = "{\n  \"kind\": \"Role\",\n  \"rules\": [\n    {\"verbs\": [\"get\"]}\n  ]\n}\n";
        assert_eq!(locate(json, &parse_path("rules[0].verbs")), Some((4, 6)));
    }
}
