//! The impact lines against the fixtures and hand-made objects: each known
//! key under its label and unit, each unknown key under its own name, so a
//! change to the vocabulary shows up here before it shows on screen.

use serde_json::{Value, json};

use super::*;

fn fixture(n: usize) -> Value {
    skymarshal_sim::fixture(n)
}

fn option(n: usize, index: usize) -> Value {
    fixture(n)["final_decision"]["solution_options"][index].clone()
}

fn text(lines: &[ImpactLine]) -> String {
    lines_text(lines, "").join("\n")
}

#[test]
fn both_vocabularies_of_the_fixtures_read_in_words_and_units() {
    // (fixture, option index, impacts as text)
    let table: [(usize, usize, &str); 3] = [
        (
            1,
            0,
            "Passenger impact:\n  Passengers: 286\n  Connecting passengers: 51\n  Delay: 0 min\n  Missed connections: 0\n  Compensation: not required\n  Notifications: Aircraft change notification only\n\
             Financial impact:\n  Total cost: 15,000 USD\n  Aircraft swap: 15,000 USD\n  Crew: 0 USD\n  Passenger compensation: 0 USD\n\
             Network impact:\n  Downstream flights: 0\n  Rotation: preserved\n  Propagation: None - schedule maintained\n  EY17 connection protected: yes",
        ),
        (
            2,
            1,
            "Passenger impact:\n  Passengers affected: 280\n  Delay: 8 h\n  Flight: cancelled\n\
             Financial impact:\n  Total cost: 420,000\n  Cost breakdown:\n    Compensation eu261: 120,000\n    Hotel accommodations: 50,000\n    Passenger reprotection: 250,000\n\
             Network impact:\n  Downstream flights: 0\n  Missed connections: 0",
        ),
        (
            3,
            0,
            "Passenger impact:\n  Passengers affected: 0\n  Delay: 0 h\n  Flight: not cancelled\n\
             Financial impact:\n  Total cost: 0\n  Cost breakdown: none\n\
             Network impact:\n  Downstream flights: 0\n  Missed connections: 0",
        ),
    ];
    for (n, index, expected) in table {
        let details = option_details(&option(n, index));
        assert_eq!(
            text(&details.impacts),
            expected,
            "solution_{n} option {index}"
        );
        assert!(
            details.other.is_empty(),
            "solution_{n}: {:?}",
            details.other
        );
    }
}

#[test]
fn impacts_of_any_shape_are_shown_from_what_they_hold() {
    // (case, option, impacts as text, other details as text)
    let table: [(&str, Value, &str, &str); 9] = [
        (
            "nested one level deeper",
            json!({"passenger_impact": {"summary": {"affected_count": 286, "delay_hours": 3.0}}}),
            "Passenger impact:\n  Summary:\n    Passengers affected: 286\n    Delay: 3 h",
            "",
        ),
        (
            "a list of objects",
            json!({"network_impact": [{"flight": "EY17", "connection_misses": 45}, {"flight": "EY19", "connection_misses": 3}]}),
            "Network impact:\n  #1:\n    Missed connections: 45\n    Flight: EY17\n  #2:\n    Missed connections: 3\n    Flight: EY19",
            "",
        ),
        (
            "renamed keys and an impact of its own",
            json!({"cargo_impact": {"tonnes_at_risk": 2.1, "cold_chain_ok": true}, "passenger_impact_v2": {"est_total_passengers": 12}}),
            "Cargo impact:\n  Cold chain ok: yes\n  Tonnes at risk: 2.1",
            "Passenger impact v2:\n  Est total passengers: 12",
        ),
        (
            "the currency of an enclosing object, and amounts in text as given",
            json!({"financial_impact": {"currency": "AED", "total_cost": "420000", "breakdown": {"fuel": 1200.5, "crew": {"pilots": 800}}}}),
            "Financial impact:\n  Total cost: 420000\n  Cost breakdown:\n    Crew:\n      Pilots: 800 AED\n    Fuel: 1,200.5 AED",
            "",
        ),
        (
            "a currency no amount used is a line of its own",
            json!({"financial_impact": {"currency": "USD", "note": "estimate pending"}}),
            "Financial impact:\n  Currency: USD\n  Note: estimate pending",
            "",
        ),
        (
            "nulls, empties, lists of scalars and cost suffixes",
            json!({"passenger_impact": {"total_passengers": null, "names": [], "vip": ["Ahmed Al-Saud", null, 3], "remark": "", "meal_cost": 15}}),
            "Passenger impact:\n  Passengers: not provided\n  Meal cost: 15\n  Names: none\n  Remark: (empty)\n  Vip: Ahmed Al-Saud, not provided, 3",
            "",
        ),
        (
            "scalars beside the known option keys",
            json!({"title": "Swap", "pros": ["a"], "priority_rank": 2, "owner": "Ops desk", "approved": false, "tags": ["a", "b"]}),
            "",
            "Approved: no\nOwner: Ops desk\nPriority rank: 2\nTags: a, b",
        ),
        (
            "nested beyond the bound, on one line",
            json!({"network_impact": {"a": {"b": {"c": {"d": {"e": 1, "f": [1, 2]}, "g": [{"h": null}]}}}}}),
            "Network impact:\n  A:\n    B:\n      C:\n        D: E: 1; F: 1, 2\n        G: (H: not provided)",
            "",
        ),
        (
            "an impact that is not an object",
            json!({"network_impact": "none expected", "passenger_impact": 12}),
            "Passenger impact: 12\nNetwork impact: none expected",
            "",
        ),
    ];
    for (case, option, impacts, other) in table {
        let details = option_details(&option);
        assert_eq!(text(&details.impacts), impacts, "{case}");
        assert_eq!(text(&details.other), other, "{case}");
    }
}

#[test]
fn an_option_wide_currency_serves_its_impacts_and_is_not_listed_again() {
    let details = option_details(&json!({
        "currency": "EUR",
        "financial_impact": {"total_cost": 1000},
        "priority_rank": 1
    }));
    assert_eq!(
        text(&details.impacts),
        "Financial impact:\n  Total cost: 1,000 EUR"
    );
    assert_eq!(text(&details.other), "Priority rank: 1");
    let unused = option_details(&json!({"currency": "EUR", "priority_rank": 1}));
    assert_eq!(text(&unused.other), "Currency: EUR\nPriority rank: 1");
}

#[test]
fn every_number_and_short_text_of_every_fixture_impact_is_in_its_lines() {
    fn leaves(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Number(n) => out.push(number_text(n)),
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|v| leaves(v, out)),
            Value::Object(o) => o.values().for_each(|v| leaves(v, out)),
            _ => {}
        }
    }
    for n in 1..=4 {
        for option in fixture(n)["final_decision"]["solution_options"]
            .as_array()
            .unwrap()
        {
            let shown = text(&option_details(option).impacts);
            let mut values = Vec::new();
            for key in ["passenger_impact", "financial_impact", "network_impact"] {
                leaves(&option[key], &mut values);
            }
            for value in values {
                assert!(
                    shown.contains(&value),
                    "solution_{n}: {value:?} in\n{shown}"
                );
            }
        }
    }
}
