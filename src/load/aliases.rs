//! Measuring how large a document grows once its aliases are expanded, before serde_yaml
//! expands them.
//!
//! serde_yaml copies the anchored node for every alias (`*name`). Its repetition limit counts
//! alias uses, not the nodes they copy, so a long anchored sequence used by many aliases passes
//! it: 52 kB of YAML, 10,000 aliases of a 1,000-item sequence, expanded to ten million nodes and
//! took 1 GB of memory. Documents with anchors are therefore walked once with an event parser,
//! which keeps aliases unexpanded, and rejected when the copies would exceed a fixed budget.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

/// The number of nodes that the aliases of one document may add to it. Expanded nodes took
/// about 100 bytes each in the measurement above, so the copies stay near 100 MB.
pub const MAX_ALIAS_NODES: u64 = 1_000_000;

/// The reason a document with anchors is not decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AliasProblem {
    /// The aliases would add more than [`MAX_ALIAS_NODES`] nodes. The position is the alias
    /// that crosses the budget, 1-based, relative to the document's text.
    TooLarge { line: usize, column: usize },
    /// The event parser stopped at a syntax error, so the expansion could not be measured.
    Unreadable {
        line: usize,
        column: usize,
        message: String,
    },
}

/// Checks that expanding the aliases of `text`, one YAML document, adds at most
/// [`MAX_ALIAS_NODES`] nodes. Documents without anchors return `Ok` without being parsed.
pub fn check_alias_expansion(text: &str) -> Result<(), AliasProblem> {
    // An alias needs an anchor (`&name`), and an anchor needs a `&`.
    if !text.contains('&') {
        return Ok(());
    }
    let mut parser = Parser::new_from_str(text);
    // Expanded node count of each complete anchor. An alias of an anchor that is still open
    // counts as one node, because serde_yaml's recursion limit stops its expansion.
    let mut anchor_sizes: HashMap<usize, u64> = HashMap::new();
    // Expanded node counts of the open collections, with their anchors.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut added: u64 = 0;
    for next in &mut parser {
        let (event, span) = next.map_err(|error| AliasProblem::Unreadable {
            line: error.marker().line(),
            column: error.marker().col() + 1,
            message: error.info().to_owned(),
        })?;
        let finished = match event {
            Event::Scalar(_, _, anchor, _) => {
                if anchor > 0 {
                    anchor_sizes.insert(anchor, 1);
                }
                1
            }
            Event::Alias(anchor) => {
                let size = anchor_sizes.get(&anchor).copied().unwrap_or(1);
                added = added.saturating_add(size);
                if added > MAX_ALIAS_NODES {
                    return Err(AliasProblem::TooLarge {
                        line: span.start.line(),
                        column: span.start.col() + 1,
                    });
                }
                size
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 1));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((anchor, size)) = open.pop() else {
                    continue;
                };
                if anchor > 0 {
                    anchor_sizes.insert(anchor, size);
                }
                size
            }
            _ => continue,
        };
        if let Some((_, parent)) = open.last_mut() {
            *parent = parent.saturating_add(finished);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_documents_pass() {
        assert_eq!(check_alias_expansion("kind: Role\nrules: []\n"), Ok(()));
        assert_eq!(
            check_alias_expansion("base: &b {verbs: [get]}\nrules: [*b, *b]\n"),
            Ok(())
        );
    }

    #[test]
    fn many_copies_of_a_long_sequence_rejected() {
        let items = vec!["x"; 1_000].join(", ");
        let aliases = vec!["*big"; 1_001].join(", ");
        let text = format!("big: &big [{items}]\ncopies: [{aliases}]\n");
        let Err(AliasProblem::TooLarge { line, column }) = check_alias_expansion(&text) else {
            panic!("aliases adding over a million nodes are rejected");
        };
        assert_eq!(line, 2);
        // The 999th alias brings the total to 999 * 1,001 = 999,999 nodes, the next over it.
        assert_eq!(column, "copies: [".len() + 999 * "*big, ".len() + 1);
    }

    #[test]
    fn nested_aliases_multiply() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..=7 {
            let previous = format!("*a{}", level - 1);
            let copies = [previous.as_str(); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{copies}]\n"));
        }
        let Err(AliasProblem::TooLarge { line, .. }) = check_alias_expansion(&text) else {
            panic!("nested aliases are counted with their expansion");
        };
        // a5, on line 6, contains ten copies of a4's 111,111 nodes.
        assert_eq!(line, 6);
    }

    #[test]
    fn unreadable_document_reported() {
        let Err(AliasProblem::Unreadable { line, .. }) = check_alias_expansion("a: &x [1\nb: *x\n")
        else {
            panic!("a syntax error stops the measurement");
        };
        assert!(line >= 1);
    }
}
