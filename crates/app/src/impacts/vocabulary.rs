//! The impact vocabulary, read from the window's own `ui/js/vocabulary.js`
//! (the strict JSON between its two markers), so that the report, the CLI
//! and the window label and format an option's objects from one table.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

const SOURCE: &str = include_str!("../../../../ui/js/vocabulary.js");
const BEGIN: &str = "/* vocabulary-json-begin */";
const END: &str = "/* vocabulary-json-end */";

/// How a known key's value is shown (see `ui/js/vocabulary.js`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Format {
    Count,
    Minutes,
    Hours,
    Money,
    Currency,
    Text,
    Boolean,
    CostLines,
}

/// One row of `keys`: a key's label, format, and words for true and false.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KeyRow {
    pub(super) key: String,
    pub(super) label: String,
    pub(super) format: Format,
    #[serde(default)]
    pub(super) yes: Option<String>,
    #[serde(default)]
    pub(super) no: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupRow {
    key: String,
    title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuffixRow {
    suffix: String,
    format: Format,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    groups: Vec<GroupRow>,
    group_suffix: String,
    keys: Vec<KeyRow>,
    suffixes: Vec<SuffixRow>,
    shown_elsewhere: Vec<String>,
    max_depth: usize,
}

/// The vocabulary, indexed: ranks are the order of the rows.
#[derive(Debug)]
pub(super) struct Vocabulary {
    keys: Vec<KeyRow>,
    key_rank: HashMap<String, usize>,
    groups: Vec<GroupRow>,
    group_rank: HashMap<String, usize>,
    group_suffix: String,
    suffixes: Vec<SuffixRow>,
    shown_elsewhere: HashSet<String>,
    pub(super) max_depth: usize,
}

/// The one vocabulary; a malformed `vocabulary.js` fails the unit tests.
pub(super) static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    parse(SOURCE).expect("ui/js/vocabulary.js holds the vocabulary as strict JSON")
});

fn parse(source: &str) -> Result<Vocabulary, String> {
    let start = source
        .find(BEGIN)
        .ok_or_else(|| format!("no {BEGIN} marker"))?
        + BEGIN.len();
    let end = source[start..]
        .find(END)
        .ok_or_else(|| format!("no {END} marker"))?
        + start;
    let table: Table = serde_json::from_str(&source[start..end]).map_err(|e| e.to_string())?;
    for row in &table.keys {
        if (row.format == Format::Boolean) != (row.yes.is_some() && row.no.is_some()) {
            return Err(format!(
                "{}: `yes` and `no` go with the boolean format, and only with it",
                row.key
            ));
        }
    }
    let rank = |keys: Vec<&String>| {
        keys.into_iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect::<HashMap<_, _>>()
    };
    Ok(Vocabulary {
        key_rank: rank(table.keys.iter().map(|r| &r.key).collect()),
        group_rank: rank(table.groups.iter().map(|r| &r.key).collect()),
        keys: table.keys,
        groups: table.groups,
        group_suffix: table.group_suffix,
        suffixes: table.suffixes,
        shown_elsewhere: table.shown_elsewhere.into_iter().collect(),
        max_depth: table.max_depth,
    })
}

impl Vocabulary {
    /// The row of a known key.
    pub(super) fn known(&self, key: &str) -> Option<&KeyRow> {
        self.key_rank.get(key).map(|&i| &self.keys[i])
    }

    /// The format of a key: its row's, else its suffix's.
    pub(super) fn format(&self, key: &str) -> Option<Format> {
        self.known(key).map(|r| r.format).or_else(|| {
            self.suffixes
                .iter()
                .find(|s| key.ends_with(&s.suffix))
                .map(|s| s.format)
        })
    }

    /// Sorting rank of an object's key: known keys in table order, then the rest.
    pub(super) fn key_rank(&self, key: &str) -> usize {
        self.key_rank.get(key).copied().unwrap_or(self.keys.len())
    }

    /// Whether an option key is an impact group.
    pub(super) fn is_group(&self, key: &str) -> bool {
        self.group_rank.contains_key(key) || key.ends_with(&self.group_suffix)
    }

    /// A group's rank and title, when the table names it.
    pub(super) fn group(&self, key: &str) -> (usize, Option<&str>) {
        match self.group_rank.get(key) {
            Some(&i) => (i, Some(self.groups[i].title.as_str())),
            None => (self.groups.len(), None),
        }
    }

    /// Whether the option card shows this key by itself.
    pub(super) fn shown_elsewhere(&self, key: &str) -> bool {
        self.shown_elsewhere.contains(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windows_vocabulary_parses_and_every_boolean_has_its_words() {
        let vocabulary = parse(SOURCE).unwrap();
        assert!(vocabulary.known("affected_count").is_some());
        assert!(vocabulary.known("total_passengers").is_some());
        assert!(vocabulary.max_depth >= 2);
    }

    #[test]
    fn a_damaged_vocabulary_is_refused_with_the_reason() {
        let cases: [(&str, &str); 4] = [
            ("no markers", "no /* vocabulary-json-begin */ marker"),
            (
                "/* vocabulary-json-begin */ {",
                "no /* vocabulary-json-end */ marker",
            ),
            (
                "/* vocabulary-json-begin */ {\"groups\": []} /* vocabulary-json-end */",
                "missing field",
            ),
            (
                "/* vocabulary-json-begin */ {\"groups\": [], \"group_suffix\": \"_impact\", \"keys\": [{\"key\": \"x\", \"label\": \"X\", \"format\": \"count\", \"yes\": \"y\", \"no\": \"n\"}], \"suffixes\": [], \"shown_elsewhere\": [], \"max_depth\": 3} /* vocabulary-json-end */",
                "x: `yes` and `no` go with the boolean format",
            ),
        ];
        for (source, reason) in cases {
            let error = parse(source).unwrap_err();
            assert!(error.contains(reason), "{source}: {error}");
        }
    }
}
