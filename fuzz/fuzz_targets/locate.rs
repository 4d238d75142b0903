//! Parses the first line of the input as a field path and locates it, and every prefix of it,
//! in the rest of the input as a YAML document.
//!
//! Besides "no panic", it checks that positions fall inside the text and that locating many
//! paths in one pass gives what locating each alone gives.

#![no_main]

use kserve_rbac::load::{locate, locate_all, parse_path};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let (path, text) = input.split_once('\n').unwrap_or((input.as_ref(), ""));
    let segments = parse_path(path);

    let prefixes: Vec<_> = (0..=segments.len())
        .map(|length| segments[..length].to_vec())
        .collect();
    let together = locate_all(text, &prefixes);
    assert_eq!(together.len(), prefixes.len());

    let lines = yaml_lines(text);
    for (prefix, position) in prefixes.iter().zip(&together) {
        assert_eq!(
            *position,
            locate(text, prefix),
            "one pass and a single search disagree on {prefix:?}"
        );
        if let Some((line, column)) = position {
            assert!(*line >= 1, "line {line}");
            assert!(*line <= lines, "line {line} of {lines}");
            assert!(*column >= 1, "column {column}");
        }
    }
});

/// Counts the lines of `text` as YAML parsers do: `\r\n`, a lone `\r` and `\n` end a line, and
/// libyaml, which reads YAML 1.1, also ends lines at U+0085, U+2028 and U+2029.
fn yaml_lines(text: &str) -> usize {
    let breaks = text
        .char_indices()
        .filter(|&(index, c)| match c {
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
            '\r' => !text[index + 1..].starts_with('\n'),
            _ => false,
        })
        .count();
    breaks + 1
}
