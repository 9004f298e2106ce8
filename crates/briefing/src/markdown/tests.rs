use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::*;
use crate::model::{Block, Briefing, Section};

/// Text that a server or a duty manager could write, each a case; every one
/// must read back from the Markdown as the same text, with no structure.
const HOSTILE: &[&str] = &[
    "# not a heading",
    "## also not",
    "Cell | with | pipes",
    "| starts with a pipe |",
    "- not a list item",
    "+ nor this",
    "* nor this",
    "1. not an ordered list",
    "2) nor this",
    "> not a quote",
    "=====",
    "---",
    "***",
    "    four spaces are not code",
    "```rust",
    "~~~",
    "`code`",
    "*emphasis* and _emphasis_ and **strong**",
    "~~struck~~",
    "[a link](https://example.invalid/x)",
    "![an image](https://example.invalid/i.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<https://example.invalid/autolink>",
    "&amp; &lt; &#60; entities stay text",
    "back\\slash \\* escaped",
    "trailing backslash \\",
    "[ref]: https://example.invalid/ref",
    "Captain محمد الأحمد accepted option 2 → swap to G-EUPT",
    "“quoted” ‘text’ — naïve café 東京",
    "a_snake_case_word and 3*4=12",
];

/// The document's text as a reader sees it, with the structure named:
/// `Text` events, breaks as `\n`; any link, image, HTML, code or heading
/// the text made is reported in `structure`.
fn read_back(markdown: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut structure = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Start(
                Tag::Paragraph | Tag::TableHead | Tag::TableRow | Tag::TableCell | Tag::Item,
            ) => {}
            Event::End(TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Item | TagEnd::TableRow) => {
                text.push('\n');
            }
            Event::End(_) => {}
            other => structure.push(format!("{other:?}")),
        }
    }
    (text, structure)
}

fn document(block: Block) -> String {
    let briefing = Briefing {
        title: "T".into(),
        subtitle: String::new(),
        generated: "G".into(),
        summary: vec![],
        sections: vec![Section {
            heading: "S".into(),
            blocks: vec![block],
        }],
    };
    to_markdown(&briefing)
}

/// The structure every document has: its title, Summary and the section.
fn frame() -> Vec<String> {
    read_back(&document(Block::List(vec![]))).1
}

#[test]
fn hostile_text_reads_back_as_the_same_text_in_every_kind_of_block() {
    // (the kind of block, the block holding the text, the structure the block itself adds)
    type Build = fn(&str) -> Block;
    let kinds: &[(&str, Build, &[&str])] = &[
        ("paragraph", |t| Block::Paragraph(t.into()), &[]),
        (
            "list item",
            |t| Block::List(vec![t.into()]),
            &["Start(List(None))"],
        ),
        (
            "fact value",
            |t| Block::Facts(vec![("Label".into(), t.into())]),
            &["Start(List(None))", "Start(Strong)"],
        ),
        (
            "fact label",
            |t| Block::Facts(vec![(t.into(), "value".into())]),
            &["Start(List(None))", "Start(Strong)"],
        ),
        (
            "note",
            |t| Block::Note {
                label: "Note".into(),
                text: t.into(),
            },
            &["Start(BlockQuote(None))", "Start(Strong)"],
        ),
        (
            "table cell",
            |t| Block::Table {
                header: vec!["A".into(), "B".into()],
                rows: vec![vec![t.into(), "after".into()]],
            },
            &["Start(Table([None, None]))"],
        ),
        (
            "table header",
            |t| Block::Table {
                header: vec![t.into(), "B".into()],
                rows: vec![],
            },
            &["Start(Table([None, None]))"],
        ),
    ];
    let frame = frame();
    for text in HOSTILE {
        for (kind, build, adds) in kinds {
            let markdown = document(build(text));
            let (read, structure) = read_back(&markdown);
            let extra: Vec<&String> = structure.iter().filter(|s| !frame.contains(s)).collect();
            let expected: Vec<String> = adds.iter().map(|s| (*s).to_owned()).collect();
            let extra_owned: Vec<String> = extra.iter().map(|s| (*s).clone()).collect();
            assert_eq!(
                extra_owned, expected,
                "{kind} {text:?} made structure:\n{markdown}"
            );
            let wanted = text.trim_start();
            assert!(
                read.lines().any(|line| line.contains(wanted)),
                "{kind} {text:?} did not read back:\n{markdown}\n--\n{read}"
            );
        }
    }
}

#[test]
fn headings_and_titles_stay_text() {
    for text in HOSTILE {
        let briefing = Briefing {
            title: (*text).into(),
            subtitle: (*text).into(),
            generated: (*text).into(),
            summary: vec![],
            sections: vec![Section {
                heading: (*text).into(),
                blocks: vec![],
            }],
        };
        let markdown = to_markdown(&briefing);
        let (read, structure) = read_back(&markdown);
        let headings = structure
            .iter()
            .filter(|s| s.starts_with("Start(Heading"))
            .count();
        assert_eq!(
            headings, 3,
            "{text:?}: title, Summary and the section only:\n{markdown}"
        );
        assert!(
            structure.iter().all(|s| s.starts_with("Start(Heading")),
            "{text:?} made {structure:?}:\n{markdown}"
        );
        assert!(
            read.matches(text.trim_start()).count() >= 4,
            "{text:?}:\n{markdown}\n--\n{read}"
        );
    }
}

#[test]
fn blocks_render_as_expected() {
    // (the block, its Markdown as the last block of a document)
    let table: &[(Block, &str)] = &[
        (Block::Paragraph("Plain text.".into()), "Plain text.\n"),
        (
            Block::Paragraph("one\ntwo\n\nthree".into()),
            "one\\\ntwo\n\nthree\n",
        ),
        (Block::Paragraph("   ".into()), ""),
        (
            Block::Facts(vec![("Operator".into(), "J. Smith".into())]),
            "- **Operator:** J. Smith\n",
        ),
        (
            Block::List(vec!["a".into(), "b\nc".into()]),
            "- a\n- b\\\n  c\n",
        ),
        (
            Block::Table {
                header: vec!["Run".into(), "Status".into()],
                rows: vec![vec!["r1".into(), "a|b".into()]],
            },
            "| Run | Status |\n| --- | --- |\n| r1 | a\\|b |\n",
        ),
        (
            Block::Table {
                header: vec!["A".into()],
                rows: vec![vec!["1".into(), "2".into()], vec![]],
            },
            "| A |  |\n| --- | --- |\n| 1 | 2 |\n|  |  |\n",
        ),
        (
            Block::Table {
                header: vec![],
                rows: vec![],
            },
            "|  |\n| --- |\n",
        ),
        (
            Block::Note {
                label: "After ack".into(),
                text: "x\ny".into(),
            },
            "> **After ack:** x\\\n> y\n",
        ),
        (Block::Paragraph("# h".into()), "\\# h\n"),
        (Block::Paragraph("12. twelve".into()), "12\\. twelve\n"),
        (Block::Paragraph("v1.2 - ok".into()), "v1.2 - ok\n"),
    ];
    for (block, expected) in table {
        let markdown = document(block.clone());
        let body = markdown.split_once("## S\n\n").map_or("", |(_, body)| body);
        assert_eq!(body, *expected, "{block:?}");
    }
}

#[test]
fn the_document_has_title_summary_and_sections_in_order() {
    let briefing = Briefing {
        title: "Shift handover".into(),
        subtitle: "Night shift, J. Smith".into(),
        generated: "2025-03-01 06:00 UTC".into(),
        summary: vec![Block::Paragraph("All quiet.".into())],
        sections: vec![
            Section {
                heading: "Runs".into(),
                blocks: vec![Block::List(vec!["r1".into()])],
            },
            Section {
                heading: "Decisions".into(),
                blocks: vec![],
            },
        ],
    };
    assert_eq!(
        to_markdown(&briefing),
        "# Shift handover\n\nNight shift, J. Smith\n\nGenerated: 2025-03-01 06:00 UTC\n\n## Summary\n\nAll quiet.\n\n\
         ## Runs\n\n- r1\n\n## Decisions\n"
    );
}
