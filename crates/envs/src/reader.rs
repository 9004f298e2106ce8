//! Reading one table of an environments file: the line of every key and
//! value, and the checks every table shares (unknown keys with a
//! suggestion, strings, booleans), each problem kept with its line.

use std::ops::Range;

use toml_edit::{Item, Key, Table};

use crate::rules;

/// Byte offsets to line numbers.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    pub(crate) fn of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    pub(crate) fn of_span(&self, span: Option<Range<usize>>) -> Option<usize> {
        span.map(|s| self.of(s.start))
    }

    pub(crate) fn of_key(&self, key: Option<&Key>, item: &Item) -> usize {
        self.of_span(key.and_then(Key::span))
            .or_else(|| self.of_span(item.span()))
            .unwrap_or(1)
    }
}

/// A section written as `[environment.x]` or as an inline `{ ... }`.
pub(crate) fn as_table(item: &Item) -> Option<Table> {
    item.as_table()
        .cloned()
        .or_else(|| item.as_inline_table().map(|t| t.clone().into_table()))
}

/// Reads one table's keys, collecting each problem with its line.
pub(crate) struct Reader<'a> {
    pub(crate) table: &'a Table,
    pub(crate) lines: &'a Lines,
    pub(crate) problems: Vec<(usize, String)>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(table: &'a Table, lines: &'a Lines) -> Self {
        Self {
            table,
            lines,
            problems: Vec::new(),
        }
    }

    /// The line of the table's header (`[[environment]]`, `[team]`).
    pub(crate) fn header_line(&self) -> usize {
        self.lines.of_span(self.table.span()).unwrap_or(1)
    }

    pub(crate) fn line_of(&self, table: &Table, key: &str) -> usize {
        match table.get_key_value(key) {
            Some((k, item)) => self.lines.of_key(Some(k), item),
            None => self
                .lines
                .of_span(table.span())
                .unwrap_or_else(|| self.header_line()),
        }
    }

    pub(crate) fn problem(&mut self, line: usize, message: String) {
        self.problems.push((line, message));
    }

    pub(crate) fn check_keys(&mut self, table: &Table, known: &[&str], section: &str) {
        for (key, _) in table.iter() {
            if !known.contains(&key) {
                let hint = rules::closest(key, known)
                    .map_or(String::new(), |k| format!(" (did you mean {k:?}?)"));
                let line = self.line_of(table, key);
                self.problem(
                    line,
                    format!(
                        "unknown key {key:?} in {section}{hint}; known keys: {}",
                        known.join(", ")
                    ),
                );
            }
        }
    }

    pub(crate) fn string(&mut self, table: &Table, key: &str) -> Option<String> {
        let item = table.get(key)?;
        match item.as_str() {
            Some(text) => Some(text.to_owned()),
            None => {
                let line = self.line_of(table, key);
                self.problem(line, format!("{key} must be a string in quotes"));
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, table: &Table, key: &str) -> Option<bool> {
        let item = table.get(key)?;
        match item.as_bool() {
            Some(value) => Some(value),
            None => {
                let line = self.line_of(table, key);
                self.problem(line, format!("{key} must be true or false"));
                None
            }
        }
    }
}
