//! The PDF read back with pdftotext, as the duty manager's printout: every
//! string present, the summary on page 1, the page numbers right, no word
//! lost to wrapping or page breaks, the same bytes for the same briefing.

mod support;

use skymarshal_briefing::{Block, Briefing, Section, to_pdf};
use support::{ARABIC, STRINGS, full_handover, long_table_rows, long_words, pdftotext, squeeze};

#[test]
fn every_string_is_read_back_from_the_pdf() {
    let pdf = to_pdf(&full_handover()).expect("the handover renders");
    let Some(text) = pdftotext(&pdf, &[]) else {
        return;
    };
    let text = squeeze(&text);
    for expected in STRINGS.iter().chain(&[
        "Shift handover",
        "Night shift, ops-prod",
        "SUMMARY-NOTE run-007 has no decision",
    ]) {
        assert!(
            text.contains(expected),
            "{expected:?} is not in the PDF's text"
        );
    }
    // pdftotext gives right-to-left text in reading order but writes a
    // ligature's letters (lam-alef in الأحمد) in reverse: each word is
    // looked for as its letters.
    let letters = |word: &str| {
        let mut chars: Vec<char> = word
            .chars()
            .filter(|ch| !('\u{202a}'..='\u{202e}').contains(ch))
            .collect();
        chars.sort_unstable();
        chars
    };
    for word in ARABIC.split_whitespace() {
        let found = text
            .split_whitespace()
            .any(|token| letters(token) == letters(word));
        assert!(found, "{word:?} is not in the PDF's text");
    }
}

#[test]
fn the_summary_is_on_page_one_and_the_details_after_it() {
    let pdf = to_pdf(&full_handover()).expect("the handover renders");
    let Some(first) = pdftotext(&pdf, &["-f", "1", "-l", "1"]) else {
        return;
    };
    let first = squeeze(&first);
    for expected in [
        "Shift handover",
        "Outgoing duty manager:",
        "Summary paragraph:",
        "SUMMARY-NOTE",
        "Open item",
        "Page 1 of",
    ] {
        assert!(
            first.contains(expected),
            "{expected:?} is not on page 1:\n{first}"
        );
    }
    for later in ["DETAILS-RUNS", "run-001", "DETAILS-NARRATIVE"] {
        assert!(
            !first.contains(later),
            "{later:?} is on page 1, before the details"
        );
    }
    let Some(second) = pdftotext(&pdf, &["-f", "2", "-l", "2"]) else {
        return;
    };
    assert!(
        squeeze(&second).starts_with("DETAILS-RUNS"),
        "the details start page 2:\n{second}"
    );
}

#[test]
fn every_page_says_page_n_of_the_page_count() {
    let pdf = to_pdf(&full_handover()).expect("the handover renders");
    let Some(text) = pdftotext(&pdf, &[]) else {
        return;
    };
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .collect();
    assert!(
        pages.len() > 10,
        "a 300-row table and 5,000 words take many pages, not {}",
        pages.len()
    );
    for (index, page) in pages.iter().enumerate() {
        let footer = format!("Page {} of {}", index + 1, pages.len());
        assert!(
            squeeze(page).contains(&footer),
            "page {} lacks {footer:?}",
            index + 1
        );
        assert!(
            page.contains("Generated 2025-03-02 06:00 UTC"),
            "page {} lacks the generated time",
            index + 1
        );
    }
}

#[test]
fn no_word_of_the_long_paragraph_is_lost_or_cut() {
    let pdf = to_pdf(&full_handover()).expect("the handover renders");
    let Some(text) = pdftotext(&pdf, &[]) else {
        return;
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut from = 0;
    for word in long_words(5000) {
        let Some(at) = words[from..].iter().position(|w| *w == word) else {
            panic!("{word:?} is missing or cut (looked from word {from})");
        };
        from += at + 1;
    }
    // A word wider than the page is broken between characters, never dropped.
    let joined: String = text.split_whitespace().collect();
    assert!(
        joined.contains(&format!("RUNID{}END", "x".repeat(1500))),
        "the 1,500-character word is not whole"
    );
}

#[test]
fn every_row_of_the_long_table_is_read_back_and_its_header_repeats() {
    let pdf = to_pdf(&full_handover()).expect("the handover renders");
    let Some(text) = pdftotext(&pdf, &[]) else {
        return;
    };
    let squeezed = squeeze(&text);
    for row in long_table_rows(300) {
        for cell in row {
            assert!(
                squeezed.contains(&cell),
                "{cell:?} is not in the PDF's text"
            );
        }
    }
    let pages_with_header = text
        .split('\u{c}')
        .filter(|page| squeeze(page).contains("Run Disruption Status"))
        .count();
    assert!(
        pages_with_header >= 5,
        "the header repeats on each page of the table, found on {pages_with_header}"
    );
}

#[test]
fn the_same_briefing_gives_the_same_bytes() {
    let briefing = full_handover();
    let first = to_pdf(&briefing).expect("the handover renders");
    assert!(first.starts_with(b"%PDF-"), "a PDF file");
    assert_eq!(
        first,
        to_pdf(&briefing).expect("the handover renders again"),
        "rendering twice differs"
    );
}

#[test]
fn edge_cases_render_and_read_back() {
    // (what the case is, the briefing, strings its text must hold, its page count)
    let long_generated = format!("2025-03-02 06:00 UTC {}", "late ".repeat(60));
    let table: Vec<(&str, Briefing, Vec<String>, usize)> = vec![
        ("empty", Briefing::default(), vec!["Page 1 of 1".into()], 1),
        (
            "empty blocks",
            Briefing {
                title: "T".into(),
                summary: vec![
                    Block::Paragraph(String::new()),
                    Block::List(vec![]),
                    Block::Facts(vec![]),
                ],
                sections: vec![Section {
                    heading: "H".into(),
                    blocks: vec![
                        Block::Table {
                            header: vec![],
                            rows: vec![],
                        },
                        Block::Note {
                            label: String::new(),
                            text: String::new(),
                        },
                    ],
                }],
                ..Briefing::default()
            },
            vec!["Page 2 of 2".into()],
            2,
        ),
        (
            "ragged table",
            Briefing {
                summary: vec![Block::Table {
                    header: vec!["A".into()],
                    rows: vec![
                        vec!["a1".into(), "EXTRA-CELL".into()],
                        vec![],
                        vec!["a3".into()],
                    ],
                }],
                ..Briefing::default()
            },
            vec!["EXTRA-CELL".into(), "a3".into()],
            1,
        ),
        (
            "control characters",
            Briefing {
                summary: vec![Block::Paragraph("bell\u{7}here\ttab\r\nnext".into())],
                ..Briefing::default()
            },
            vec!["bell\u{FFFD}here tab".into(), "next".into()],
            1,
        ),
        (
            "a generated text too long for the footer",
            Briefing {
                generated: long_generated.clone(),
                ..Briefing::default()
            },
            vec![squeeze(&long_generated), "Page 1 of 1".into(), "…".into()],
            1,
        ),
    ];
    for (case, briefing, expected, pages) in table {
        let pdf = to_pdf(&briefing).unwrap_or_else(|error| panic!("{case}: {error}"));
        let Some(text) = pdftotext(&pdf, &[]) else {
            return;
        };
        let squeezed = squeeze(&text);
        for string in expected {
            assert!(
                squeezed.contains(&string),
                "{case}: {string:?} is not in:\n{text}"
            );
        }
        let count = text
            .split('\u{c}')
            .filter(|page| !page.trim().is_empty())
            .count();
        assert_eq!(count, pages, "{case}: page count");
    }
}
