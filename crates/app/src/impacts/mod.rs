//! An option's objects (its passenger, financial and network impact, and
//! any other) as labelled lines, from what they hold. The orchestrator
//! changes its vocabulary between responses (`total_passengers` or
//! `affected_count`, `total_estimated_cost` or `total_cost` with a
//! `breakdown`...), so a report that reads fixed keys prints nothing for
//! the other one. This is the Rust twin of `ui/js/impacts.js`, over the same
//! table (`ui/js/vocabulary.js`), for the Markdown report and the CLI; a
//! window test checks that both give the same lines for every fixture.

mod vocabulary;
mod words;

use std::cell::Cell;
use std::rc::Rc;

use serde::Serialize;
use serde_json::{Map, Number, Value};

use vocabulary::{Format, KeyRow, VOCABULARY};
pub use words::{float_text, label_for, number_text};

/// The words for a value the server sent as `null`.
pub const NOT_PROVIDED: &str = "not provided";

/// One labelled line: `Passengers affected: 280`, or a heading over
/// nested lines (`Cost breakdown`, a list's `#1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImpactLine {
    /// The server's key, or `[i]` for the i-th item of a list (from 0).
    pub key: String,
    /// The vocabulary's label, or one made from the key.
    pub label: String,
    /// The value in words with its unit (`3.5 h`, `420,000 USD`,
    /// `cancelled`); `None` for a heading over `children`, or when the
    /// server sent `null` (then `missing`).
    pub value: Option<String>,
    /// The server sent `null`.
    pub missing: bool,
    /// The members of an object, or the items of a list of objects.
    pub children: Vec<ImpactLine>,
}

/// What an option carries beyond the fields a view shows by itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OptionDetails {
    /// The impact groups: passenger, financial, network, then any other
    /// `*_impact`, each a heading line over its members.
    pub impacts: Vec<ImpactLine>,
    /// Every other key the views do not show by themselves.
    pub other: Vec<ImpactLine>,
}

/// Where amounts take their currency from, and whether one used it.
#[derive(Debug, Clone)]
struct Context {
    currency: Option<String>,
    used: Rc<Cell<bool>>,
    as_money: bool,
}

impl Context {
    fn root() -> Self {
        Self {
            currency: None,
            used: Rc::new(Cell::new(false)),
            as_money: false,
        }
    }

    /// The context for `o`'s members: its own `currency`, when it names one.
    fn own(&self, o: &Map<String, Value>) -> Option<Self> {
        o.get("currency").and_then(Value::as_str).map(|c| Self {
            currency: Some(c.to_owned()),
            used: Rc::new(Cell::new(false)),
            as_money: self.as_money,
        })
    }
}

/// An option's impact groups and other details (`option` is one element
/// of `final_decision.solution_options`; anything but an object has none).
pub fn option_details(option: &Value) -> OptionDetails {
    let Some(o) = option.as_object() else {
        return OptionDetails::default();
    };
    let root = Context::root();
    let own = root.own(o);
    let has_own = own.is_some();
    let ctx = own.unwrap_or(root);
    let mut group_keys: Vec<&String> = o.keys().filter(|k| VOCABULARY.is_group(k)).collect();
    group_keys.sort_by(|a, b| {
        VOCABULARY
            .group(a)
            .0
            .cmp(&VOCABULARY.group(b).0)
            .then_with(|| a.cmp(b))
    });
    let impacts = group_keys
        .into_iter()
        .map(|key| {
            let title = VOCABULARY
                .group(key)
                .1
                .map_or_else(|| label_for(key), str::to_owned);
            line(key, title, &o[key], None, &ctx, 1)
        })
        .collect();
    let rest: Vec<(&String, &Value)> = o
        .iter()
        .filter(|(k, _)| !VOCABULARY.is_group(k) && !VOCABULARY.shown_elsewhere(k))
        .collect();
    // After the groups, so that an option-wide currency their amounts used is not listed again.
    let other = members(rest, o.get("currency"), &ctx, 1, has_own);
    OptionDetails { impacts, other }
}

/// The lines of any value: an object's members, or one `Value` line.
pub fn value_lines(value: &Value) -> Vec<ImpactLine> {
    let root = Context::root();
    match value {
        Value::Object(o) => object_lines(o, &root, 1),
        _ => vec![line("value", "Value".to_owned(), value, None, &root, 1)],
    }
}

/// Lines as indented plain text (`Label: value`), two spaces a level.
pub fn lines_text(lines: &[ImpactLine], indent: &str) -> Vec<String> {
    let deeper = format!("{indent}  ");
    lines
        .iter()
        .flat_map(|l| {
            let value = if l.missing {
                NOT_PROVIDED
            } else {
                l.value.as_deref().unwrap_or("")
            };
            std::iter::once(
                format!("{indent}{}: {value}", l.label)
                    .trim_end()
                    .to_owned(),
            )
            .chain(lines_text(&l.children, &deeper))
        })
        .collect()
}

/// Any value on one line, for values nested deeper than the views nest.
pub fn describe(value: &Value) -> String {
    fn wrapped(v: &Value) -> String {
        let nested = match v {
            Value::Object(_) => true,
            Value::Array(items) => items.iter().any(|x| x.is_object() || x.is_array()),
            _ => false,
        };
        if nested {
            format!("({})", describe(v))
        } else {
            describe(v)
        }
    }
    match value {
        Value::Array(items) if items.is_empty() => "none".to_owned(),
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            items.iter().map(describe).collect::<Vec<_>>().join(", ")
        }
        Value::Array(items) => items.iter().map(wrapped).collect::<Vec<_>>().join("; "),
        Value::Object(o) if o.is_empty() => "none".to_owned(),
        Value::Object(o) => ordered(o.iter().collect())
            .into_iter()
            .map(|(k, v)| format!("{}: {}", known_label(k), wrapped(v)))
            .collect::<Vec<_>>()
            .join("; "),
        _ => scalar_text(value, &Context::root()),
    }
}

fn object_lines(o: &Map<String, Value>, ctx: &Context, depth: usize) -> Vec<ImpactLine> {
    match ctx.own(o) {
        Some(own) => members(o.iter().collect(), o.get("currency"), &own, depth, true),
        None => members(o.iter().collect(), o.get("currency"), ctx, depth, false),
    }
}

/// Members in order; an object's own currency is a line only when no amount used it.
fn members(
    entries: Vec<(&String, &Value)>,
    currency: Option<&Value>,
    ctx: &Context,
    depth: usize,
    has_own_currency: bool,
) -> Vec<ImpactLine> {
    let mut out = Vec::new();
    let mut currency_at = None;
    for (key, value) in ordered(entries) {
        if key == "currency" && has_own_currency {
            currency_at = Some(out.len());
            continue;
        }
        out.push(member(key, value, ctx, depth));
    }
    if let (Some(at), Some(currency)) = (currency_at, currency)
        && !ctx.used.get()
    {
        out.insert(at, member("currency", currency, ctx, depth));
    }
    out
}

fn member(key: &str, value: &Value, ctx: &Context, depth: usize) -> ImpactLine {
    let known = VOCABULARY.known(key);
    let label = known.map_or_else(|| label_for(key), |row| row.label.clone());
    line(
        key,
        label,
        value,
        VOCABULARY.format(key).map(|f| (f, known)),
        ctx,
        depth,
    )
}

fn line(
    key: &str,
    label: String,
    value: &Value,
    spec: Option<(Format, Option<&KeyRow>)>,
    ctx: &Context,
    depth: usize,
) -> ImpactLine {
    let shown = |text: String| ImpactLine {
        key: key.to_owned(),
        label: label.clone(),
        value: Some(text),
        missing: false,
        children: Vec::new(),
    };
    let nested = |children: Vec<ImpactLine>| ImpactLine {
        key: key.to_owned(),
        label: label.clone(),
        value: children.is_empty().then(|| "none".to_owned()),
        missing: false,
        children,
    };
    let format = spec.map(|(f, _)| f);
    let max = VOCABULARY.max_depth;
    match (value, format) {
        (Value::Null, _) => ImpactLine {
            key: key.to_owned(),
            label,
            value: None,
            missing: true,
            children: Vec::new(),
        },
        (Value::Number(n), Some(Format::Count)) => shown(number_text(n)),
        (Value::Number(n), Some(Format::Minutes)) => shown(format!("{} min", number_text(n))),
        (Value::Number(n), Some(Format::Hours)) => shown(format!("{} h", number_text(n))),
        (Value::Number(n), Some(Format::Money)) => shown(money(n, ctx)),
        (Value::Bool(b), Some(Format::Boolean)) => {
            let row = spec.and_then(|(_, row)| row);
            let words = row.and_then(|r| if *b { r.yes.clone() } else { r.no.clone() });
            shown(words.unwrap_or_else(|| yes_no(*b).to_owned()))
        }
        (Value::Object(_), _) if depth >= max => shown(describe(value)),
        (Value::Object(o), Some(Format::CostLines)) => {
            let money_ctx = Context {
                as_money: true,
                ..ctx.clone()
            };
            nested(object_lines(o, &money_ctx, depth + 1))
        }
        (Value::Object(o), _) => nested(object_lines(o, ctx, depth + 1)),
        (Value::Array(items), _) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            shown(if items.is_empty() {
                "none".to_owned()
            } else {
                items
                    .iter()
                    .map(|v| scalar_text(v, ctx))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        }
        (Value::Array(_), _) if depth >= max => shown(describe(value)),
        (Value::Array(items), _) => nested(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    line(
                        &format!("[{i}]"),
                        format!("#{}", i + 1),
                        item,
                        None,
                        ctx,
                        depth + 1,
                    )
                })
                .collect(),
        ),
        _ => shown(scalar_text(value, ctx)),
    }
}

fn scalar_text(value: &Value, ctx: &Context) -> String {
    match value {
        Value::Null => NOT_PROVIDED.to_owned(),
        Value::Bool(b) => yes_no(*b).to_owned(),
        Value::Number(n) if ctx.as_money => money(n, ctx),
        Value::Number(n) => number_text(n),
        Value::String(s) if s.is_empty() => "(empty)".to_owned(),
        Value::String(s) => s.clone(),
        _ => describe(value),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn money(n: &Number, ctx: &Context) -> String {
    match &ctx.currency {
        None => number_text(n),
        Some(currency) => {
            ctx.used.set(true);
            format!("{} {currency}", number_text(n))
        }
    }
}

fn known_label(key: &str) -> String {
    VOCABULARY
        .known(key)
        .map_or_else(|| label_for(key), |row| row.label.clone())
}

/// Known keys in the vocabulary's order, then the others by name.
fn ordered<'a>(mut entries: Vec<(&'a String, &'a Value)>) -> Vec<(&'a String, &'a Value)> {
    entries.sort_by(|(a, _), (b, _)| {
        VOCABULARY
            .key_rank(a)
            .cmp(&VOCABULARY.key_rank(b))
            .then_with(|| a.cmp(b))
    });
    entries
}

#[cfg(test)]
mod tests;
