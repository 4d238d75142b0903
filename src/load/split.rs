//! Splitting a multi-document YAML stream into documents, keeping their positions.
//!
//! serde_yaml stops at the first syntax error of a stream, so the loader splits the stream
//! itself: one broken document must not hide the ones after it.

/// One document of a YAML stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawDocument<'a> {
    /// 0-based index among the non-empty documents of the file.
    pub index: usize,
    /// 1-based line of `text`'s first line in the file.
    pub first_line: usize,
    /// 1-based line of the first line that is neither blank nor a comment.
    pub content_line: usize,
    pub text: &'a str,
}

/// Splits `text` at `---` document markers and `...` end markers at the start of a line.
///
/// A document marker may be followed by content on the same line (`--- {a: 1}`); that content
/// starts the next document. Documents holding only blank lines and comments are left out. A
/// byte order mark at the start of the text, as some Windows editors write, is skipped.
pub fn split_documents(text: &str) -> Vec<RawDocument<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut documents = Vec::new();
    let mut start = 0;
    let mut start_line = 1;
    let mut offset = 0;
    let mut line_number = 1;

    for line in text.split_inclusive('\n') {
        let marker = document_marker(line);
        if let Some(rest) = marker {
            push_document(&mut documents, &text[start..offset], start_line);
            // Content after `---` on the same line belongs to the next document.
            start = offset + (line.len() - rest.len());
            start_line = line_number;
        }
        offset += line.len();
        line_number += 1;
        if marker.is_some() && text[start..offset].trim().is_empty() {
            start = offset;
            start_line = line_number;
        }
    }
    push_document(&mut documents, &text[start..], start_line);
    documents
}

/// Returns what follows the marker when `line` is a `---` or `...` marker line.
fn document_marker(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("---")
        .or_else(|| line.strip_prefix("..."))?;
    match rest.chars().next() {
        None => Some(rest),
        Some(c) if c.is_whitespace() => Some(if line.starts_with("...") { "" } else { rest }),
        Some(_) => None,
    }
}

fn push_document<'a>(documents: &mut Vec<RawDocument<'a>>, text: &'a str, first_line: usize) {
    let Some(skipped) = text.lines().position(|line| !is_blank_or_comment(line)) else {
        return;
    };
    documents.push(RawDocument {
        index: documents.len(),
        first_line,
        content_line: first_line + skipped,
        text,
    });
}

fn is_blank_or_comment(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty() || trimmed.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_markers_with_lines() {
        let text = "a: 1\n---\n# note\nb: 2\n--- \nc: 3\n";
        let documents = split_documents(text);
        assert_eq!(documents.len(), 3);
        assert_eq!(documents[0].text, "a: 1\n");
        assert_eq!(documents[0].content_line, 1);
        assert_eq!(documents[1].text, "# note\nb: 2\n");
        assert_eq!(documents[1].first_line, 3);
        assert_eq!(documents[1].content_line, 4);
        assert_eq!(documents[2].content_line, 6);
        assert_eq!(documents[2].index, 2);
    }

    #[test]
    fn skips_empty_documents() {
        let documents = split_documents("---\n---\n# only a comment\n---\nkind: A\n");
        assert_eq!(documents.len(), 1);
        assert_eq!(documents[0].content_line, 5);
        assert_eq!(documents[0].index, 0);
    }

    #[test]
    fn keeps_content_after_marker() {
        let documents = split_documents("--- {kind: A}\n--- {kind: B}\n");
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0].text, " {kind: A}\n");
        assert_eq!(documents[1].content_line, 2);
    }

    #[test]
    fn dashes_inside_text_are_not_markers() {
        let documents = split_documents("a: |\n  ---\n  x\nb: ----\n");
        assert_eq!(documents.len(), 1);
    }

    #[test]
    fn skips_byte_order_mark() {
        let documents = split_documents("\u{feff}kind: A\n---\nkind: B\n");
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0].text, "kind: A\n");
        assert_eq!(documents[0].content_line, 1);
    }

    #[test]
    fn end_marker_closes_document() {
        let documents = split_documents("a: 1\n...\n---\nb: 2\n");
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[1].content_line, 4);
    }
}
