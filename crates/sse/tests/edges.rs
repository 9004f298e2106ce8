//! Inputs beyond the conformance cases: where the BOM may stand, invalid
//! UTF-8, line ends at the very end, streams cut mid-event, very large
//! events and the size limits. Each table row is one case.

use skymarshal_sse::{Error, Event, Leftover, Limits, Parser, parse_all};

fn message(data: &str) -> Event {
    Event {
        event: "message".into(),
        data: data.into(),
        id: String::new(),
    }
}

fn datas(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.data.as_str()).collect()
}

/// (name, body, expected data of each event, bytes left over as
/// (unterminated line, undispatched data))
type Row = (
    &'static str,
    &'static [u8],
    &'static [&'static str],
    (usize, usize),
);

#[test]
fn table_of_whole_streams() {
    let table: &[Row] = &[
        (
            "bom at start is dropped",
            b"\xEF\xBB\xBFdata:a\n\n",
            &["a"],
            (0, 0),
        ),
        (
            "bom mid-stream is content",
            b"data:a\n\n\xEF\xBB\xBFdata:b\n\ndata:c\n\n",
            &["a", "c"],
            (0, 0),
        ),
        (
            "partial bom is content",
            b"\xEF\xBBdata:a\n\ndata:b\n\n",
            &["b"],
            (0, 0),
        ),
        ("bom alone", b"\xEF\xBB\xBF", &[], (0, 0)),
        (
            "invalid byte replaced",
            b"data:a\xFFb\n\n",
            &["a\u{FFFD}b"],
            (0, 0),
        ),
        (
            "truncated sequence at line end",
            b"data:a\xE2\x80\n\ndata:ok\n\n",
            &["a\u{FFFD}", "ok"],
            (0, 0),
        ),
        (
            "overlong encoding",
            b"data:\xC0\xAF\n\n",
            &["\u{FFFD}\u{FFFD}"],
            (0, 0),
        ),
        ("lone cr ends the stream", b"data:a\r\r", &["a"], (0, 0)),
        (
            "crlf framing",
            b"data:a\r\n\r\ndata:b\r\n\r\n",
            &["a", "b"],
            (0, 0),
        ),
        ("cr framing", b"data:a\r\rdata:b\r\r", &["a", "b"], (0, 0)),
        (
            "mixed framing",
            b"data:a\r\ndata:b\rdata:c\n\r\n",
            &["a\nb\nc"],
            (0, 0),
        ),
        (
            "ends mid-line",
            b"data:a\n\ndata:{\"type\":",
            &["a"],
            (13, 0),
        ),
        (
            "ends before blank line",
            b"data:a\n\ndata:bcd\n",
            &["a"],
            (0, 4),
        ),
        ("ends mid-bom", b"\xEF\xBB", &[], (2, 0)),
        ("comment only", b": keep-alive\n\n: again\n", &[], (0, 0)),
        (
            "event type resets after dispatch",
            b"event:x\ndata:a\n\ndata:b\n\n",
            &["a", "b"],
            (0, 0),
        ),
    ];
    for (name, body, expected, (line, data)) in table {
        let (events, leftover, _) = parse_all(body, Limits::default()).expect(name);
        assert_eq!(datas(&events), *expected, "{name}");
        assert_eq!(
            leftover,
            Leftover {
                unterminated_line_bytes: *line,
                undispatched_data_bytes: *data
            },
            "{name}"
        );
    }
}

#[test]
fn an_invalid_byte_does_not_hold_back_what_follows() {
    let mut parser = Parser::default();
    let mut events = Vec::new();
    parser.feed(b"data:\xFF\xFE\n\n", &mut events).unwrap();
    assert_eq!(events, vec![message("\u{FFFD}\u{FFFD}")]);
    parser.feed(b"data:next\n\n", &mut events).unwrap();
    assert_eq!(datas(&events), ["\u{FFFD}\u{FFFD}", "next"]);
}

#[test]
fn a_lone_cr_dispatches_without_waiting_for_more_input() {
    let mut parser = Parser::default();
    let mut events = Vec::new();
    parser.feed(b"data:a\r\r", &mut events).unwrap();
    assert_eq!(
        events,
        vec![message("a")],
        "dispatched before any further byte"
    );
    // The LF that may follow a CR in the next read is part of that line end.
    parser.feed(b"\ndata:b\n\n", &mut events).unwrap();
    assert_eq!(datas(&events), ["a", "b"]);
}

#[test]
fn a_multi_byte_character_split_across_reads_survives() {
    let body = "data:caf\u{e9} \u{2708}\u{fe0f}\n\n".as_bytes();
    for at in 0..body.len() {
        let mut parser = Parser::default();
        let mut events = Vec::new();
        parser.feed(&body[..at], &mut events).unwrap();
        parser.feed(&body[at..], &mut events).unwrap();
        assert_eq!(
            datas(&events),
            ["caf\u{e9} \u{2708}\u{fe0f}"],
            "split at {at}"
        );
    }
}

#[test]
fn events_of_many_megabytes_in_small_and_large_pieces() {
    let payload = "x".repeat(40 * 1024 * 1024);
    let body = format!("data:{payload}\n\ndata:after\n\n");
    let limits = Limits {
        max_event_bytes: 64 * 1024 * 1024,
        max_line_bytes: 64 * 1024 * 1024,
    };
    for piece in [1024, 64 * 1024, body.len()] {
        let mut parser = Parser::new(limits);
        let mut events = Vec::new();
        for part in body.as_bytes().chunks(piece) {
            parser.feed(part, &mut events).unwrap();
        }
        assert_eq!(events.len(), 2, "piece {piece}");
        assert_eq!(events[0].data.len(), payload.len(), "piece {piece}");
        assert_eq!(events[1].data, "after");
        assert!(parser.finish().is_empty());
    }
}

#[test]
fn limits_stop_a_server_that_sends_too_much() {
    let limits = Limits {
        max_event_bytes: 100,
        max_line_bytes: 120,
    };
    // (name, body, error)
    let table: &[(&str, Vec<u8>, Error)] = &[
        (
            "many data lines",
            b"data:0123456789\n".repeat(20),
            Error::EventTooLarge { limit: 100 },
        ),
        (
            "one endless line",
            b"data:"
                .iter()
                .copied()
                .chain(std::iter::repeat_n(b'x', 500))
                .collect(),
            Error::LineTooLong { limit: 120 },
        ),
    ];
    for (name, body, error) in table {
        for piece in [1, 7, body.len()] {
            let mut parser = Parser::new(limits);
            let mut events = Vec::new();
            let result = body
                .chunks(piece)
                .try_for_each(|part| parser.feed(part, &mut events));
            assert_eq!(result.as_ref(), Err(error), "{name}, piece {piece}");
            // A failed parser stays failed.
            assert_eq!(
                parser.feed(b"\n\n", &mut events).as_ref(),
                Err(error),
                "{name}"
            );
        }
    }
}

#[test]
fn the_last_event_id_is_kept_across_events() {
    let (events, _, _) = parse_all(b"id:7\ndata:a\n\ndata:b\n\n", Limits::default()).unwrap();
    assert!(events.iter().all(|e| e.id == "7"));
}
