//! Prompts in, the flight numbers they name out: a row a case.

use super::*;

/// (prompt, flights named, in order)
const PROMPTS: &[(&str, &[&str])] = &[
    // The ways a duty manager writes a flight.
    ("EY283", &["EY283"]),
    ("EY 283", &["EY283"]),
    ("EY-283 diverted", &["EY283"]),
    ("ey-283", &[]),
    ("ey283", &["EY283"]),
    ("Ey283", &["EY283"]),
    ("EY0283", &["EY283"]),
    ("EY 0007", &["EY7"]),
    ("EY1", &["EY1"]),
    ("EY9999", &["EY9999"]),
    ("EY283A", &["EY283A"]),
    ("ey283a", &["EY283A"]),
    ("EY 283D diverted", &["EY283D"]),
    ("BA107", &["BA107"]),
    ("6E2134", &["6E2134"]),
    ("6e2134", &["6E2134"]),
    ("6E 2134", &["6E2134"]),
    ("U2 1234", &["U21234"]),
    ("A3 600 to Athens", &["A3600"]),
    // In punctuation and prose.
    ("(EY283)", &["EY283"]),
    ("EY283/EY284", &["EY283", "EY284"]),
    ("EY283, EY284 and EY285.", &["EY283", "EY284", "EY285"]),
    ("EY283,EY284", &["EY283", "EY284"]),
    ("\"EY283\"", &["EY283"]),
    ("[EY283]", &["EY283"]),
    ("EY283's crew", &["EY283"]),
    ("EY283:", &["EY283"]),
    ("EY283?", &["EY283"]),
    ("EY283\nBA107", &["EY283", "BA107"]),
    (
        "Rebook EY283 pax onto EY285 or QR1019 via DOH",
        &["EY283", "EY285", "QR1019"],
    ),
    (
        "Crew for EY283 (A320, A6-BLA) timed out at 10:45; swap with EY 411?",
        &["EY283", "EY411"],
    ),
    // Each once, in order of first appearance, whatever the spelling.
    ("EY283 then ey0283 then EY 283", &["EY283"]),
    ("BA107 EY283 BA107", &["BA107", "EY283"]),
    // Not flights: aircraft types and registrations.
    ("A320", &[]),
    ("a320", &[]),
    ("B737 MAX", &[]),
    ("B77W", &[]),
    ("A20N", &[]),
    ("E190", &[]),
    ("A6-BLA", &[]),
    ("A6-EYB", &[]),
    ("N12345", &[]),
    ("G-EUPT", &[]),
    ("U21234", &[]),
    // Not flights: years, times, counts, levels.
    ("2026", &[]),
    ("10:45", &[]),
    ("1045Z", &[]),
    ("at 10:45 UTC", &[]),
    ("T5 10:45", &[]),
    ("FL350", &[]),
    ("FL 350", &[]),
    ("up to 300 passengers", &[]),
    ("in 45 minutes", &[]),
    ("delay of 90 min at 1045", &[]),
    ("by 2 hours", &[]),
    ("EY283.5", &[]),
    ("1,200 pax", &[]),
    // Not flights: too many digits, no digits, zero, glued to words.
    ("EY28345", &[]),
    ("EY", &[]),
    ("EY A", &[]),
    ("EY0", &[]),
    ("EY 0000", &[]),
    ("XEY283", &[]),
    ("EY283X1", &[]),
    ("EY283AB", &[]),
    ("EYX283", &[]),
    ("2EY283", &[]),
    ("éEY283", &[]),
    ("EY  283", &[]),
    ("", &[]),
];

#[test]
fn flights_in_prompts() {
    for (prompt, expected) in PROMPTS {
        let got: Vec<String> = flights_in(prompt)
            .into_iter()
            .map(|f| f.to_string())
            .collect();
        assert_eq!(got, *expected, "{prompt:?}");
    }
}

/// (argument, the flight it is)
const ARGUMENTS: &[(&str, Option<&str>)] = &[
    ("EY283", Some("EY283")),
    (" ey 0283 ", Some("EY283")),
    ("6e 2134", Some("6E2134")),
    ("U2 1234", Some("U21234")),
    ("EY283A", Some("EY283A")),
    ("EY283 EY284", None),
    ("EY283 please", None),
    ("A320", None),
    ("2026", None),
    ("FL350", None),
    ("", None),
];

#[test]
fn one_flight_as_an_argument() {
    for (argument, expected) in ARGUMENTS {
        let got = FlightNumber::parse(argument);
        assert_eq!(
            got.as_ref().map(FlightNumber::as_str),
            *expected,
            "{argument:?}"
        );
    }
}

#[test]
fn a_flight_serialises_as_its_text() {
    let flight = FlightNumber::parse("ey 0283").unwrap();
    assert_eq!(serde_json::to_string(&flight).unwrap(), "\"EY283\"");
}
