//! Loads arbitrary bytes as manifests, once as one file and once split into several files at
//! NUL bytes, and evaluates access requests built from the words of the input.
//!
//! Besides "no panic", it checks that every diagnostic points into a file of the input, and
//! that the fast yes/no decision agrees with the explained one.

#![no_main]

use kserve_rbac::{
    Attributes, NonResourceAttributes, Object, ResourceAttributes, SourceFile, UserInfo, Workspace,
};
use libfuzzer_sys::fuzz_target;

/// Values that manifests often contain, mixed with the words of the input.
const COMMON_WORDS: [&str; 8] = [
    "",
    "*",
    "get",
    "pods",
    "default",
    "system:serviceaccount:default:default",
    "inferenceservices",
    "serving.kserve.io",
];

/// The maximum number of files that one input is split into.
const MAX_FILES: usize = 8;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let whole = vec![SourceFile::new("input.yaml", text.as_ref())];
    check(&whole, data);

    // Repeated names exercise the lookup that takes the first file of a name.
    let files: Vec<SourceFile> = data
        .split(|&byte| byte == 0)
        .take(MAX_FILES)
        .enumerate()
        .map(|(index, part)| {
            let name = format!("file-{}.yaml", index % 3);
            SourceFile::new(name, String::from_utf8_lossy(part))
        })
        .collect();
    if files.len() > 1 {
        check(&files, data);
    }
});

fn check(files: &[SourceFile], data: &[u8]) {
    let workspace = Workspace::new(files);
    check_locations(&workspace, files);

    let words = Words::new(files, data);
    for round in 0..4 {
        let user = words.user(round);
        let attributes = words.attributes(round);
        let decision = workspace.authorize(&user, &attributes);
        assert_eq!(
            workspace.allows(&user, &attributes),
            decision.allowed,
            "allows and authorize disagree for {user:?} {attributes:?}"
        );
        workspace.who_can(&attributes);
        workspace.near_misses(&user, &attributes);
        workspace.rules_for(&user, words.pick(round * 7 + 3));
    }
    for loaded in workspace.objects() {
        if let Object::SubjectAccessReview(review) = &loaded.object {
            workspace.review(review);
        }
    }
    workspace.aggregated_cluster_roles();
    workspace.tenants();
}

/// Checks that each diagnostic's location names an input file and a line inside it. Files may
/// share a name, and then the line must be inside the longest of them.
fn check_locations(workspace: &Workspace, files: &[SourceFile]) {
    for diagnostic in workspace.diagnostics() {
        let Some(location) = &diagnostic.location else {
            continue;
        };
        let lines = files
            .iter()
            .filter(|file| *file.name == *location.file)
            .map(|file| yaml_lines(&file.text))
            .max()
            .unwrap_or_else(|| panic!("diagnostic names a file of the input: {diagnostic:?}"));
        assert!(
            location.line >= 1 && location.line <= lines,
            "line {} is inside the file's {lines} lines: {diagnostic:?}",
            location.line
        );
        assert_ne!(
            location.column,
            Some(0),
            "columns count from 1: {diagnostic:?}"
        );
    }
}

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

/// The words of the input, to build requests that name what the manifests name.
struct Words<'a> {
    words: Vec<&'a str>,
    data: &'a [u8],
}

impl<'a> Words<'a> {
    fn new(files: &'a [SourceFile], data: &'a [u8]) -> Self {
        let mut words: Vec<&str> = files
            .iter()
            .flat_map(|file| {
                file.text
                    .split(|c: char| c.is_whitespace() || "\"',[]{}#&*!|>".contains(c))
                    .map(|word| word.trim_end_matches(':'))
            })
            .filter(|word| !word.is_empty())
            .take(256)
            .collect();
        words.extend(COMMON_WORDS);
        Self { words, data }
    }

    /// Returns a word chosen by the input's bytes, so that the fuzzer steers the choice.
    fn pick(&self, slot: usize) -> &'a str {
        let byte = self
            .data
            .get(slot % self.data.len().max(1))
            .copied()
            .unwrap_or(0);
        self.words[(usize::from(byte) + slot) % self.words.len()]
    }

    fn user(&self, round: usize) -> UserInfo {
        let groups: Vec<String> = (0..round % 3)
            .map(|index| self.pick(round * 7 + index).to_owned())
            .collect();
        UserInfo::impersonated(self.pick(round * 7 + 2), &groups)
    }

    fn attributes(&self, round: usize) -> Attributes {
        let base = round * 11 + 1;
        let verb = self.pick(base).to_owned();
        let target = self.pick(base + 1);
        if target.starts_with('/') {
            return Attributes::NonResource(NonResourceAttributes {
                verb,
                path: target.to_owned(),
            });
        }
        let (resource, subresource) = target.split_once('/').unwrap_or((target, ""));
        Attributes::Resource(ResourceAttributes {
            namespace: self.pick(base + 2).to_owned(),
            verb,
            group: self.pick(base + 3).to_owned(),
            resource: resource.to_owned(),
            subresource: subresource.to_owned(),
            name: self.pick(base + 4).to_owned(),
        })
    }
}
