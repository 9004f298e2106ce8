//! WCAG AA contrast for both themes, read from the stylesheet itself: every
//! text colour on every surface it is used on reaches 4.5:1, and the
//! coloured badges and buttons reach it for their own text. A palette
//! change that breaks it fails here, before anyone squints at it at 03:00.

use std::collections::HashMap;

const CSS: &str = include_str!("../../ui/styles.css");

/// The custom properties of the first rule whose selector is `selector`.
fn palette(selector: &str) -> HashMap<String, String> {
    let start = CSS
        .find(selector)
        .unwrap_or_else(|| panic!("{selector} in styles.css"));
    let body = &CSS[start..start + CSS[start..].find('}').unwrap()];
    body.lines()
        .filter_map(|line| {
            let (name, value) = line.trim().strip_prefix("--")?.split_once(':')?;
            let value = value.trim().trim_end_matches(';');
            value
                .starts_with('#')
                .then(|| (name.to_owned(), value.to_owned()))
        })
        .collect()
}

fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let hex: String = if hex.len() == 3 {
        hex.chars().flat_map(|c| [c, c]).collect()
    } else {
        hex.to_owned()
    };
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn ratio(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn the_systems_light_theme_is_the_chosen_light_theme() {
    assert_eq!(
        palette(":root:not([data-theme=\"dark\"]) {"),
        palette(":root[data-theme=\"light\"] {"),
        "the two light palettes in styles.css must stay identical"
    );
}

#[test]
fn both_themes_meet_wcag_aa() {
    let texts = [
        "text",
        "muted",
        "ok",
        "warn",
        "bad",
        "focus",
        "accent",
        "recommended",
    ];
    let surfaces = ["bg", "panel", "panel-2"];
    for (theme, selector) in [
        ("dark", ":root {"),
        ("light", ":root[data-theme=\"light\"] {"),
    ] {
        let p = palette(selector);
        let color = |name: &str| {
            p.get(name)
                .unwrap_or_else(|| panic!("{theme}: --{name}"))
                .as_str()
        };
        let mut pairs: Vec<(String, String, String, String)> = texts
            .iter()
            .flat_map(|t| surfaces.iter().map(move |s| (t.to_string(), s.to_string())))
            .map(|(t, s)| {
                (
                    t.clone(),
                    s.clone(),
                    color(&t).to_owned(),
                    color(&s).to_owned(),
                )
            })
            .collect();
        pairs.push((
            "on-accent".into(),
            "accent".into(),
            color("on-accent").into(),
            color("accent").into(),
        ));
        let badge_text = p.get("on-recommended").map_or("#111", String::as_str);
        pairs.push((
            "badge text".into(),
            "recommended".into(),
            badge_text.into(),
            color("recommended").into(),
        ));
        pairs.push((
            "white".into(),
            "production red".into(),
            "#ffffff".into(),
            "#b91c1c".into(),
        ));
        for (fg, bg, a, b) in pairs {
            let r = ratio(&a, &b);
            assert!(
                r >= 4.5,
                "{theme}: --{fg} ({a}) on --{bg} ({b}) is {r:.2}:1, below AA's 4.5:1"
            );
        }
    }
}
