//! Claim events in, who holds each flight and which claims lost out: a row
//! a case. Times are minutes after 10:00Z; `me` is this desk, `d2` and `d3`
//! are OCC-2 and OCC-3.

use super::*;

const ME: &str = "me";
/// 2026-12-01 10:00Z.
const BASE_MS: i64 = 1_796_119_200_000;
const MINUTE: i64 = 60_000;

use ClaimAction::{Claim, Release};

/// (uid, desk_id, flight, action, made at, lease until, server seq)
type Event = (
    &'static str,
    Option<&'static str>,
    &'static str,
    ClaimAction,
    i64,
    i64,
    Option<i64>,
);
/// (flight, desk_id, since, until)
type Held = (&'static str, Option<&'static str>, i64, i64);
/// (lost uid, its desk_id, the holder's desk_id)
type Lost = (&'static str, Option<&'static str>, Option<&'static str>);

/// (case, events, now, held, lost)
type Row = (
    &'static str,
    &'static [Event],
    i64,
    &'static [Held],
    &'static [Lost],
);

const ROWS: &[Row] = &[
    ("no claim, nobody holds", &[], 0, &[], &[]),
    (
        "one claim holds",
        &[("c1", Some("d2"), "EY283", Claim, 0, 120, Some(1))],
        10,
        &[("EY283", Some("d2"), 0, 120)],
        &[],
    ),
    (
        "two desks racing: the team store's first holds, the second lost",
        &[
            ("c2", Some("d2"), "EY283", Claim, 0, 120, Some(1)),
            ("c3", Some("d3"), "EY283", Claim, 0, 120, Some(2)),
        ],
        1,
        &[("EY283", Some("d2"), 0, 120)],
        &[("c3", Some("d3"), Some("d2"))],
    ),
    (
        "racing: server order wins over the desks' clocks",
        &[
            ("c3", Some("d3"), "EY283", Claim, 0, 120, Some(8)),
            ("c2", Some("d2"), "EY283", Claim, 2, 122, Some(7)),
        ],
        3,
        &[("EY283", Some("d2"), 2, 122)],
        &[("c3", Some("d3"), Some("d2"))],
    ),
    (
        "a lease that ran out frees the flight",
        &[("c1", Some("d2"), "EY283", Claim, 0, 30, Some(1))],
        31,
        &[],
        &[],
    ),
    (
        "a lease ends at its very minute",
        &[("c1", Some("d2"), "EY283", Claim, 0, 30, Some(1))],
        30,
        &[],
        &[],
    ),
    (
        "after the lease ran out another desk takes it",
        &[
            ("c2", Some("d2"), "EY283", Claim, 0, 30, Some(1)),
            ("c3", Some("d3"), "EY283", Claim, 31, 151, Some(2)),
        ],
        40,
        &[("EY283", Some("d3"), 31, 151)],
        &[],
    ),
    (
        "a claim made as the lease ends takes it",
        &[
            ("c2", Some("d2"), "EY283", Claim, 0, 30, Some(1)),
            ("c3", Some("d3"), "EY283", Claim, 30, 150, Some(2)),
        ],
        40,
        &[("EY283", Some("d3"), 30, 150)],
        &[],
    ),
    (
        "a claim a minute before the lease ends is lost",
        &[
            ("c2", Some("d2"), "EY283", Claim, 0, 30, Some(1)),
            ("c3", Some("d3"), "EY283", Claim, 29, 149, Some(2)),
        ],
        29,
        &[("EY283", Some("d2"), 0, 30)],
        &[("c3", Some("d3"), Some("d2"))],
    ),
    (
        "renewal by the holder extends, since stays",
        &[
            ("c1", Some("d2"), "EY283", Claim, 0, 120, Some(1)),
            ("c2", Some("d2"), "EY283", Claim, 100, 220, Some(2)),
        ],
        150,
        &[("EY283", Some("d2"), 0, 220)],
        &[],
    ),
    (
        "a shorter renewal never shortens the lease",
        &[
            ("c1", Some("d2"), "EY283", Claim, 0, 120, Some(1)),
            ("c2", Some("d2"), "EY283", Claim, 10, 60, Some(2)),
        ],
        90,
        &[("EY283", Some("d2"), 0, 120)],
        &[],
    ),
    (
        "a claim after the own lease ran out starts again",
        &[
            ("c1", Some("d2"), "EY283", Claim, 0, 30, Some(1)),
            ("c2", Some("d2"), "EY283", Claim, 40, 160, Some(2)),
        ],
        50,
        &[("EY283", Some("d2"), 40, 160)],
        &[],
    ),
    (
        "a release by the holder frees the flight",
        &[
            ("c1", Some("d2"), "EY283", Claim, 0, 120, Some(1)),
            ("r1", Some("d2"), "EY283", Release, 10, 10, Some(2)),
        ],
        11,
        &[],
        &[],
    ),
    (
        "a release by another desk changes nothing",
        &[
            ("c1", Some("d2"), "EY283", Claim, 0, 120, Some(1)),
            ("r1", Some("d3"), "EY283", Release, 10, 10, Some(2)),
        ],
        11,
        &[("EY283", Some("d2"), 0, 120)],
        &[],
    ),
    (
        "a release of a flight nobody holds changes nothing",
        &[("r1", Some("d3"), "EY283", Release, 10, 10, Some(1))],
        11,
        &[],
        &[],
    ),
    (
        "released, then another desk takes it",
        &[
            ("c1", Some("d2"), "EY283", Claim, 0, 120, Some(1)),
            ("r1", Some("d2"), "EY283", Release, 10, 10, Some(2)),
            ("c2", Some("d3"), "EY283", Claim, 11, 131, Some(3)),
        ],
        12,
        &[("EY283", Some("d3"), 11, 131)],
        &[],
    ),
    (
        "this desk's claim not yet uploaded comes after the others: lost",
        &[
            ("mine", None, "EY283", Claim, 0, 120, None),
            ("c2", Some("d2"), "EY283", Claim, 5, 125, Some(1)),
        ],
        6,
        &[("EY283", Some("d2"), 5, 125)],
        &[("mine", None, Some("d2"))],
    ),
    (
        "this desk holds, another desk's claim is lost",
        &[
            ("mine", None, "EY283", Claim, 0, 120, Some(1)),
            ("c2", Some("d2"), "EY283", Claim, 5, 125, Some(2)),
        ],
        6,
        &[("EY283", None, 0, 120)],
        &[("c2", Some("d2"), None)],
    ),
    (
        "this desk's claim pulled back with its desk id is this desk's",
        &[
            ("mine", Some("me"), "EY283", Claim, 0, 120, Some(1)),
            ("again", None, "EY283", Claim, 60, 180, None),
        ],
        70,
        &[("EY283", None, 0, 180)],
        &[],
    ),
    (
        "this desk's not yet uploaded, in the order made",
        &[
            ("r", None, "EY283", Release, 10, 10, None),
            ("c", None, "EY283", Claim, 5, 125, None),
        ],
        11,
        &[],
        &[],
    ),
    (
        "an event read twice counts once",
        &[
            ("c1", Some("d2"), "EY283", Claim, 0, 120, Some(1)),
            ("c1", Some("d2"), "EY283", Claim, 0, 120, None),
            ("r1", Some("d2"), "EY283", Release, 10, 10, Some(2)),
        ],
        11,
        &[],
        &[],
    ),
    (
        "flights apart, whatever the spelling",
        &[
            ("c1", Some("d2"), "ey 0283", Claim, 0, 120, Some(1)),
            ("c2", Some("d3"), "BA107", Claim, 1, 121, Some(2)),
            ("c3", Some("d3"), "EY283", Claim, 2, 122, Some(3)),
        ],
        5,
        &[("BA107", Some("d3"), 1, 121), ("EY283", Some("d2"), 0, 120)],
        &[("c3", Some("d3"), Some("d2"))],
    ),
];

fn at(minutes: i64) -> i64 {
    BASE_MS + minutes * MINUTE
}

fn event(row: &Event) -> ClaimRow {
    let (uid, desk_id, flight, action, made, until, seq) = *row;
    let desk = desk_id.map(|d| format!("OCC-{}", d.trim_start_matches('d')));
    ClaimRow {
        uid: uid.into(),
        desk_id: desk_id.map(str::to_owned),
        operator: desk.as_ref().map(|d| format!("Duty manager of {d}")),
        desk,
        flight: flight.into(),
        action,
        created_ms: at(made),
        lease_until_ms: at(until),
        server_seq: seq,
    }
}

#[test]
fn who_holds_each_flight() {
    for (case, events, now, held, lost) in ROWS {
        let events: Vec<ClaimRow> = events.iter().map(event).collect();
        let got = holders(&events, ME, at(*now));
        let got_held: Vec<Held> = got
            .held
            .iter()
            .map(|h| {
                let desk = h.desk_id.as_deref().map(|d| {
                    let found = ["d2", "d3", "me"].into_iter().find(|x| *x == d);
                    found.unwrap_or_else(|| panic!("{case}: desk {d}"))
                });
                let flight = ["EY283", "BA107"].into_iter().find(|f| *f == h.flight);
                (
                    flight.unwrap_or_else(|| panic!("{case}: flight {}", h.flight)),
                    desk,
                    (h.since_ms - BASE_MS) / MINUTE,
                    (h.lease_until_ms - BASE_MS) / MINUTE,
                )
            })
            .collect();
        assert_eq!(got_held, *held, "{case}");
        let got_lost: Vec<(String, Option<String>, Option<String>)> = got
            .lost
            .iter()
            .map(|l| (l.uid.clone(), l.desk_id.clone(), l.held_by.desk_id.clone()))
            .collect();
        let expected_lost: Vec<(String, Option<String>, Option<String>)> = lost
            .iter()
            .map(|(uid, desk, holder)| {
                (
                    (*uid).to_owned(),
                    desk.map(str::to_owned),
                    holder.map(str::to_owned),
                )
            })
            .collect();
        assert_eq!(got_lost, expected_lost, "{case}");
    }
}

#[test]
fn a_holder_carries_the_desk_and_the_latest_operator() {
    let mut first = event(&("c1", Some("d2"), "EY283", Claim, 0, 120, Some(1)));
    first.operator = Some("Sara Ahmed".into());
    let mut renewal = event(&("c2", Some("d2"), "EY283", Claim, 90, 210, Some(2)));
    renewal.operator = Some("Omar Khan".into());
    let got = holders(&[first, renewal], ME, at(100));
    assert_eq!(
        got.held,
        [ClaimHolder {
            flight: "EY283".into(),
            desk_id: Some("d2".into()),
            desk: Some("OCC-2".into()),
            operator: Some("Omar Khan".into()),
            since_ms: at(0),
            lease_until_ms: at(210),
        }]
    );
}

#[test]
fn the_flights_held_by_other_desks() {
    let events: Vec<ClaimRow> = [
        ("c1", Some("d2"), "EY283", Claim, 0, 120, Some(1)),
        ("c2", None, "BA107", Claim, 0, 120, Some(2)),
        ("c3", Some("d3"), "QR1019", Claim, 0, 120, Some(3)),
        ("c4", Some("d3"), "EK2", Claim, 0, 30, Some(4)),
    ]
    .iter()
    .map(event)
    .collect();
    let held = holders(&events, ME, at(60)).held;
    // (prompt, flights held by others, in the prompt's order)
    let table: &[(&str, &[&str])] = &[
        ("Rebook EY283 pax", &["EY283"]),
        ("QR1019 and EY283", &["QR1019", "EY283"]),
        ("BA107 only: this desk's own", &[]),
        ("EK2: its lease ran out", &[]),
        ("EY284: nobody's", &[]),
        ("no flight at all", &[]),
    ];
    for (prompt, expected) in table {
        let flights = crate::team::flights::flights_in(prompt);
        let got: Vec<&str> = held_by_others(&held, &flights, ME)
            .into_iter()
            .map(|h| h.flight.as_str())
            .collect();
        assert_eq!(got, *expected, "{prompt}");
    }
}
