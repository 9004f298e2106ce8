//! Keys and numbers in words, exactly as `ui/js/impacts.js` writes them
//! (`labelFor`, `numberText`): the window and the report must print the
//! same text for the same value.

use serde_json::Number;

/// A key in words: `connection_misses` → `Connection misses`,
/// `EY17_connection_protected` → `EY17 connection protected`,
/// `knowledgeBaseConsidered` → `Knowledge base considered`.
pub fn label_for(key: &str) -> String {
    // camelCase apart: a space between a lower-case letter or digit and a capital.
    let mut spaced = String::with_capacity(key.len() + 4);
    let mut previous: Option<char> = None;
    for c in key.chars() {
        if c.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
        {
            spaced.push(' ');
        }
        spaced.push(c);
        previous = Some(c);
    }
    let mut words: Vec<String> = spaced
        .split(|c: char| c.is_whitespace() || matches!(c, '_' | '.' | '-'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            let capitalised = chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.clone().next().is_some()
                && chars.all(|c| c.is_ascii_lowercase());
            if capitalised {
                w.to_ascii_lowercase()
            } else {
                w.to_owned()
            }
        })
        .collect();
    let Some(first) = words.first_mut() else {
        return "Unnamed".to_owned();
    };
    let mut chars = first.chars();
    if let Some(c) = chars.next() {
        *first = c.to_uppercase().chain(chars).collect();
    }
    words.join(" ")
}

/// A number as the server gave it, its whole part grouped by thousands:
/// `420000` → `420,000`, `3.0` → `3`, `3.5` → `3.5`, `-1234.5` →
/// `-1,234.5`; beyond JavaScript's plain range (1e21 and up, under 1e-6)
/// in its exponent form (`1e+21`).
pub fn number_text(n: &Number) -> String {
    if let Some(i) = n.as_u64() {
        return group(&i.to_string());
    }
    if let Some(i) = n.as_i64() {
        return format!("-{}", group(&i.unsigned_abs().to_string()));
    }
    let value = n.as_f64().unwrap_or(f64::NAN);
    float_text(value)
}

/// The same for a float (what `Number::as_f64` gives).
pub fn float_text(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let abs = value.abs();
    let sign = if value < 0.0 { "-" } else { "" };
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // JavaScript's String(n): `1e+21`, `1.5e-7`.
        let e = format!("{abs:e}");
        let e = match e.split_once('e') {
            Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
            _ => e,
        };
        return format!("{sign}{e}");
    }
    let digits = abs.to_string();
    match digits.split_once('.') {
        Some((whole, fraction)) => format!("{sign}{}.{fraction}", group(whole)),
        None => format!("{sign}{}", group(&digits)),
    }
}

fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_labels() {
        let table = [
            ("connection_misses", "Connection misses"),
            ("EY17_connection_protected", "EY17 connection protected"),
            ("knowledgeBaseConsidered", "Knowledge base considered"),
            ("compensation_eu261", "Compensation eu261"),
            ("AWB_number", "AWB number"),
            ("plan_A", "Plan A"),
            ("phase1Recommendation", "Phase1 recommendation"),
            ("tail-swap.cost", "Tail swap cost"),
            ("", "Unnamed"),
            ("__", "Unnamed"),
            ("écart_prévu", "Écart prévu"),
        ];
        for (key, label) in table {
            assert_eq!(label_for(key), label, "{key:?}");
        }
    }

    #[test]
    fn numbers_are_grouped_as_the_window_groups_them() {
        let table = [
            ("0", "0"),
            ("-0.0", "0"),
            ("286", "286"),
            ("420000", "420,000"),
            ("132190", "132,190"),
            ("3.0", "3"),
            ("3.5", "3.5"),
            ("-1234.5", "-1,234.5"),
            ("1234567.891", "1,234,567.891"),
            ("-420000", "-420,000"),
            ("1e21", "1e+21"),
            ("1.5e-7", "1.5e-7"),
            ("0.1", "0.1"),
        ];
        for (json, text) in table {
            let n: Number = serde_json::from_str(json).unwrap();
            assert_eq!(number_text(&n), text, "{json}");
        }
    }
}
