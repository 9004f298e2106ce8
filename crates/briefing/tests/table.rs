//! Tables on paper read back with pdftotext, as the duty manager's
//! printout of the decisions table: every heading word and every cell's
//! text printed whole and in order, short columns (time, name, standing)
//! never squeezed to a character a line, a 60,000-character rationale
//! spread over a sane number of pages with the header repeated.

mod support;

use skymarshal_briefing::{Block, Briefing, Section, to_pdf};
use support::pdftotext;

/// A table as the app builds it, read back: the case's name, the header,
/// the rows, and the most pages the whole briefing may take.
struct Case {
    name: &'static str,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    max_pages: usize,
}

const UUID: &str = "3f2c9a1e-7b4d-4e2a-9c1f-0a8b6d5e4c3b";
const UUID_2: &str = "9d8e7f60-1a2b-4c3d-8e9f-a0b1c2d3e4f5";
const DECISION: &str =
    "Modified option 2 · Aircraft Swap with Controlled Delay: Delay 90 min, not 180";
const PROMPT: &str =
    "Crew sickness on BA123 LHR to EDI at 04:10, standby crew at LHR, slot 05:40 at risk";

/// About `chars` characters of rationale in numbered words (so a slice of
/// it can only be found where it was printed), a line break every 40
/// words, ending in "END-OF-RATIONALE".
fn huge_rationale(chars: usize) -> String {
    let stems = [
        "crew", "swap", "delay", "tail", "slot", "gate", "rota", "fuel", "notam", "hold",
    ];
    let mut text = String::new();
    let mut i = 0;
    while text.len() < chars {
        text.push_str(&format!("{}{i}", stems[i % stems.len()]));
        i += 1;
        text.push(if i % 40 == 0 { '\n' } else { ' ' });
    }
    text.push_str("END-OF-RATIONALE");
    text
}

fn cases() -> Vec<Case> {
    let strings = |cells: &[&str]| cells.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    vec![
        Case {
            name: "six columns as the app builds them, one 60,000-character rationale",
            header: strings(&["Time", "Run", "Decision", "Rationale", "By", "Standing"]),
            rows: vec![
                strings(&[
                    "2026-12-01 04:19Z",
                    UUID,
                    DECISION,
                    "Standby crew available at LHR; the swap keeps the slot and the rest is respected.",
                    "J. Smith",
                    "superseded",
                ]),
                vec![
                    "2026-12-01 04:31Z".into(),
                    PROMPT.into(),
                    DECISION.into(),
                    huge_rationale(60_000),
                    "Captain A. Duty".into(),
                    "in force".into(),
                ],
                strings(&[
                    "2026-12-01 05:02Z",
                    "Fog at EDI",
                    "Option 1 · Hold at gate",
                    "Line one of the rationale.\nLine two, after a break.",
                    "K. Ng",
                    "in force",
                ]),
            ],
            // 60,000 characters at about 5.5 pt in a column of about
            // 175 pt (the other five keep their longest words) are about
            // 1,900 lines, 33 pages of 58; a column squeezed to a
            // character a line would take hundreds.
            max_pages: 36,
        },
        Case {
            name: "the seven columns of the first trial, uids and placeholders",
            header: strings(&[
                "Time",
                "Run",
                "Action",
                "Option",
                "Rationale",
                "By",
                "Superseded by",
            ]),
            rows: vec![
                strings(&[
                    "2026-12-01 04:19Z",
                    UUID,
                    "modify",
                    "2",
                    "Standby crew available at LHR; the swap keeps the slot and the rest is respected.",
                    "J. Smith",
                    UUID_2,
                ]),
                strings(&[
                    "2026-12-01 04:31Z",
                    UUID_2,
                    "accept",
                    "1",
                    "Same as before.",
                    "J. Smith",
                    "–",
                ]),
            ],
            max_pages: 2,
        },
        Case {
            name: "a heading wider than its cells and a word wider than the page",
            header: strings(&["Environment", "Disruption", "Acknowledged"]),
            rows: vec![strings(&[
                "ops",
                &format!("RUNID{}END", "x".repeat(400)),
                "y",
            ])],
            max_pages: 2,
        },
    ]
}

/// `text` without any whitespace: a word broken between lines of its
/// cell reads back whole.
fn solid(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The text's pages without the footer ("Generated …", "Page N of M") and
/// without the repeated `header`, whitespace removed: a cell split over
/// pages reads back as one string.
fn body_without(text: &str, header: &[String]) -> String {
    let header = solid(&header.concat());
    text.split('\u{c}')
        .map(|page| {
            page.lines()
                .filter(|line| !is_footer(line.trim()))
                .map(solid)
                .collect::<String>()
                .replace(&header, "")
        })
        .collect()
}

/// The footer's lines: "Generated …" and "Page N of M", apart or on one
/// line.
fn is_footer(line: &str) -> bool {
    let page = |line: &str| {
        line.strip_prefix("Page ")
            .is_some_and(|rest| rest.starts_with(|ch: char| ch.is_ascii_digit()))
    };
    line.starts_with("Generated 2026-12-01 06:00 UTC") || page(line)
}

#[test]
fn every_heading_word_and_cell_is_read_back_on_a_sane_number_of_pages() {
    for case in cases() {
        let name = case.name;
        let briefing = Briefing {
            title: "Shift handover".into(),
            generated: "2026-12-01 06:00 UTC".into(),
            sections: vec![Section {
                heading: "Decisions".into(),
                blocks: vec![Block::Table {
                    header: case.header.clone(),
                    rows: case.rows.clone(),
                }],
            }],
            ..Briefing::default()
        };
        let pdf = to_pdf(&briefing).unwrap_or_else(|error| panic!("{name}: {error}"));
        let Some(layout) = pdftotext(&pdf, &[]) else {
            return;
        };
        let pages: Vec<&str> = layout
            .split('\u{c}')
            .filter(|page| !page.trim().is_empty())
            .collect();
        assert!(
            pages.len() <= case.max_pages,
            "{name}: {} pages, at most {} expected",
            pages.len(),
            case.max_pages
        );
        // A column squeezed to a character a line prints lines of one or
        // two characters down the page.
        for (index, page) in pages.iter().enumerate() {
            let slivers = page
                .lines()
                .filter(|line| (1..=2).contains(&line.trim().chars().count()))
                .count();
            assert!(
                slivers <= 3,
                "{name}: page {} has {slivers} lines of one or two characters:\n{page}",
                index + 1
            );
        }
        // Every heading word whole, and on every page of the table.
        let words: Vec<&str> = layout.split_whitespace().collect();
        for word in case.header.iter().flat_map(|h| h.split_whitespace()) {
            assert!(
                words.contains(&word),
                "{name}: heading word {word:?} is not read back whole:\n{layout}"
            );
        }
        let header_line = case.header[0].as_str();
        for (index, page) in pages.iter().enumerate().skip(1) {
            assert!(
                page.split_whitespace().any(|w| w == header_line),
                "{name}: page {} lacks the repeated header",
                index + 1
            );
        }
        // Every cell's text in full and in order, in the order the PDF
        // draws it (cell after cell); the huge cell by its start, a
        // middle slice and its end as well.
        let Some(raw) = pdftotext(&pdf, &["-raw"]) else {
            return;
        };
        let body = body_without(&raw, &case.header);
        for (r, row) in case.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let text = cell;
                let cell = solid(cell);
                if cell.len() > 2_000 {
                    // Split over pages, with the row's other cells drawn
                    // between its first page and the next: every word in
                    // order, and slices of it whole.
                    let mut from = 0;
                    for word in text.split_whitespace() {
                        let Some(at) = words[from..].iter().position(|w| *w == word) else {
                            panic!(
                                "{name}: row {} column {}: {word:?} is missing or out of order",
                                r + 1,
                                c + 1
                            );
                        };
                        from += at + 1;
                    }
                    let chars: Vec<char> = cell.chars().collect();
                    let middle = chars.len() / 2;
                    for (part, slice) in [
                        ("start", &chars[..200]),
                        ("middle", &chars[middle..middle + 200]),
                        ("end", &chars[chars.len() - 200..]),
                    ] {
                        let slice: String = slice.iter().collect();
                        assert!(
                            body.contains(&slice),
                            "{name}: row {} column {}: the {part} {slice:?} is not read back",
                            r + 1,
                            c + 1
                        );
                    }
                    continue;
                }
                assert!(
                    body.contains(&cell),
                    "{name}: row {} column {}: {:?} is not read back whole",
                    r + 1,
                    c + 1,
                    cell.chars().take(80).collect::<String>()
                );
            }
        }
    }
}
