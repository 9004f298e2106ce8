//! Every value the duty manager must see, walked out of an analysis
//! document: each number and short text under `final_decision` (options
//! included) with its path and the exact words the window prints for it;
//! and the generated variants of a document (keys renamed, impacts nested
//! deeper or turned into lists of objects) that the view must read as well.

use serde_json::{Map, Value, json};
use skymarshal_app::impacts::number_text;

/// Texts longer than this are Markdown, checked by the Markdown tests.
pub const SHORT: usize = 120;

/// One value to find in the view.
#[derive(Debug, Clone)]
pub struct Expected {
    /// Where it is in the document: `final_decision.solution_options[1].passenger_impact.affected_count`.
    pub path: String,
    /// The words the window prints for it (`280`, `92%`, `Crew compliance`).
    pub shown: String,
    /// A number: found only where no digit continues it.
    pub number: bool,
}

/// How the window prints a value at a path, when not as the server sent it.
#[derive(Debug, Clone, Copy)]
enum Shown {
    /// `0.92` as `92%` (format.js `percent`).
    Percent,
    /// A score: whole as is, else one decimal (format.js `formatScore`).
    Score,
    /// Seconds as `81.6 s` or `2 min 45 s` (format.js `seconds`).
    Seconds,
    /// A time as `2026-02-03 21:10Z` (when.js `zulu`).
    Zulu,
    /// An agent's key in words (format.js `agentName`).
    Agent,
}

/// Where the window prints a value in its own form; every other number is
/// grouped as `impacts.js` groups it and every text is shown as sent.
const FORMS: &[(&str, Shown)] = &[
    ("final_decision.confidence", Shown::Percent),
    (
        "final_decision.solution_options[*].confidence",
        Shown::Percent,
    ),
    (
        "final_decision.recommendation_evolution.evolution_details[*].phase*_confidence",
        Shown::Percent,
    ),
    ("final_decision.solution_options[*].*_score", Shown::Score),
    ("final_decision.duration_seconds", Shown::Seconds),
    ("final_decision.timestamp", Shown::Zulu),
    (
        "final_decision.recommendation_evolution.evolution_details[*].agent_name",
        Shown::Agent,
    ),
    (
        "final_decision.conflicts_identified[*].agents_involved[*]",
        Shown::Agent,
    ),
    (
        "final_decision.safety_overrides[*].safety_agent",
        Shown::Agent,
    ),
    (
        "final_decision.solution_options[*].recovery_plan.steps[*].responsible_agent",
        Shown::Agent,
    ),
    (
        "final_decision.solution_options[*].recovery_plan.contingency_plans[*].responsible_agent",
        Shown::Agent,
    ),
];

/// Whether `path` matches `pattern`, where `[*]` is any index and `*`
/// any part of one key.
pub fn matches(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p {
            [] => s.is_empty(),
            [b'[', b'*', b']', rest @ ..] => {
                let Some(close) = s.iter().position(|&c| c == b']') else {
                    return false;
                };
                s.first() == Some(&b'[')
                    && close > 1
                    && s[1..close].iter().all(u8::is_ascii_digit)
                    && go(rest, &s[close + 1..])
            }
            [b'*', rest @ ..] => (0..=s.len())
                .take_while(|&i| i == 0 || !matches!(s[i - 1], b'.' | b'[' | b']'))
                .any(|i| go(rest, &s[i..])),
            [c, rest @ ..] => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(pattern.as_bytes(), path.as_bytes())
}

/// Every number and short text under `final_decision`, except the paths
/// `exempt` names (pattern, reason).
pub fn expected_values(doc: &Value, exempt: &[(&str, &str)]) -> Vec<Expected> {
    let mut out = Vec::new();
    walk(&doc["final_decision"], "final_decision", &mut out);
    out.retain(|e| !exempt.iter().any(|(pattern, _)| matches(pattern, &e.path)));
    out
}

fn walk(value: &Value, path: &str, out: &mut Vec<Expected>) {
    match value {
        Value::Object(o) => {
            for (k, v) in o {
                walk(v, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &format!("{path}[{i}]"), out);
            }
        }
        Value::Number(n) => {
            let form = form(path);
            let f = n.as_f64().unwrap_or_default();
            let shown = match form {
                Some(Shown::Percent) => format!("{}%", (f * 100.0).round()),
                Some(Shown::Score) if f.fract() == 0.0 => format!("{f}"),
                Some(Shown::Score) => format!("{f:.1}"),
                Some(Shown::Seconds) if f < 120.0 => format!("{f:.1} s"),
                Some(Shown::Seconds) => {
                    format!("{} min {:02} s", (f / 60.0).floor(), (f % 60.0).floor())
                }
                _ => number_text(n),
            };
            out.push(Expected {
                path: path.to_owned(),
                shown,
                number: true,
            });
        }
        Value::String(s) if !s.trim().is_empty() && s.chars().count() <= SHORT => {
            let shown = match form(path) {
                Some(Shown::Agent) => agent_name(s),
                Some(Shown::Zulu) => zulu(s),
                _ => s.split_whitespace().collect::<Vec<_>>().join(" "),
            };
            out.push(Expected {
                path: path.to_owned(),
                shown,
                number: false,
            });
        }
        _ => {}
    }
}

fn form(path: &str) -> Option<Shown> {
    FORMS
        .iter()
        .find(|(pattern, _)| matches(pattern, path))
        .map(|(_, shown)| *shown)
}

/// format.js `agentName`: `crew_compliance` → `Crew compliance`.
fn agent_name(key: &str) -> String {
    let words = key
        .split(['_', '-'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Unnamed agent".to_owned(),
    }
}

/// when.js `zulu`, to the minute; the text as sent when it is no time.
fn zulu(text: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]Z");
    time::OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .and_then(|t| t.to_offset(time::UtcOffset::UTC).format(format).ok())
        .unwrap_or_else(|| text.to_owned())
}

/// The generated variants of `doc`, by name: the same values under other
/// shapes, as other responses of the orchestrator send them.
pub fn variants(doc: &Value) -> Vec<(&'static str, Value)> {
    let each_impact = |f: &dyn Fn(&str, Value) -> (String, Value)| {
        let mut d = doc.clone();
        for option in options(&mut d) {
            let keys: Vec<String> = option
                .keys()
                .filter(|k| k.ends_with("_impact"))
                .cloned()
                .collect();
            for key in keys {
                let value = option.remove(&key).unwrap();
                let (k, v) = f(&key, value);
                option.insert(k, v);
            }
        }
        d
    };
    let prefixed = each_impact(&|key, value| {
        let renamed = match value {
            Value::Object(o) => Value::Object(
                o.into_iter()
                    .map(|(k, v)| (format!("est_{k}"), v))
                    .collect(),
            ),
            other => other,
        };
        (key.to_owned(), renamed)
    });
    let nested = each_impact(&|key, value| (key.to_owned(), json!({ "summary": value })));
    let listed = each_impact(&|key, value| {
        let second = bump(&value);
        (key.to_owned(), json!([value, second]))
    });
    let mut suffixed = doc.clone();
    for option in options(&mut suffixed) {
        let keys: Vec<String> = option
            .keys()
            .filter(|k| !matches!(k.as_str(), "solution_id" | "recovery_plan"))
            .cloned()
            .collect();
        for key in keys {
            let value = option.remove(&key).unwrap();
            option.insert(format!("{key}_v2"), value);
        }
        option.insert("priority_rank".into(), json!(2));
        option.insert(
            "approvals".into(),
            json!({"ops_desk": true, "count": 3, "by": ["crew control", "MCC"]}),
        );
        if let Some(step) = option
            .get_mut("recovery_plan")
            .and_then(|p| p.pointer_mut("/steps/0"))
            .and_then(Value::as_object_mut)
        {
            step.insert("cost_estimate".into(), json!(1250));
            step.insert("handover_note".into(), json!("Call the AUH duty manager"));
        }
    }
    if let Some(decision) = suffixed["final_decision"].as_object_mut() {
        decision.insert("escalation_level".into(), json!(3));
        decision.insert(
            "duty_manager_note".into(),
            json!("Brief the CEO office at 06:00"),
        );
    }
    vec![
        ("keys prefixed", prefixed),
        ("keys suffixed, extra keys", suffixed),
        ("impacts nested deeper", nested),
        ("impacts as lists of objects", listed),
    ]
}

fn options(doc: &mut Value) -> impl Iterator<Item = &mut Map<String, Value>> {
    doc["final_decision"]["solution_options"]
        .as_array_mut()
        .into_iter()
        .flatten()
        .filter_map(Value::as_object_mut)
}

/// The same shape with every number one higher: a second item of a list.
fn bump(value: &Value) -> Value {
    match value {
        Value::Number(n) => match n.as_u64() {
            Some(i) => json!(i + 1),
            None => json!(n.as_f64().unwrap_or_default() + 1.0),
        },
        Value::Array(items) => Value::Array(items.iter().map(bump).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), bump(v))).collect()),
        other => other.clone(),
    }
}

/// Renders `arguments[0]` (a document) with the window's own renderer,
/// opens every section, then looks for each of `arguments[1]` (Expected
/// values) in the element whose `data-path` is its path or the nearest
/// above it (the whole analysis when none is); a recovery plan's values
/// after that option's "Show its recovery plan". Answers `{missing,
/// overflow}`: the values not found, and what sticks out of an option card.
pub const FIND_VALUES: &str = r#"
const [doc, expected, done] = arguments;
import('/js/analysis.js').then((m) => {
  const root = document.getElementById('analysis');
  // The sections below the first screen follow the first paint, and are laid
  // out when idle: read once all are laid out (their text is in innerText).
  let failure = null;
  const failed = (e) => done({ error: String(e && e.stack || e) });
  const whole = (e) => { failure = e ?? null; };
  const laidOut = () => (failure ? failed(failure) : rest());
  try { m.renderAnalysis(root, doc, null, { whole, laidOut }); } catch (e) { failed(e); return; }
  function rest() {
  const openAll = () => {
    for (const d of root.querySelectorAll('details')) {
      if (!d.open) { d.open = true; d.dispatchEvent(new Event('toggle')); }
    }
  };
  const textOf = (e) => {
    const parts = [];
    const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) parts.push(n.data);
    return parts.join(' ').replace(/\s+/g, ' ');
  };
  const digit = (c) => c !== undefined && c >= '0' && c <= '9';
  const found = (hay, x) => {
    if (!x.number) return hay.includes(x.shown);
    for (let i = hay.indexOf(x.shown); i >= 0; i = hay.indexOf(x.shown, i + 1)) {
      const b = hay[i - 1], j = i + x.shown.length, a = hay[j];
      const joinedBefore = digit(b) || ((b === '.' || b === ',') && digit(hay[i - 2]));
      const joinedAfter = digit(a) || ((a === '.' || a === ',') && digit(hay[j + 1]));
      if (!joinedBefore && !joinedAfter) return true;
    }
    return false;
  };
  const last = /(\.[^.[\]]*|\[\d+\])$/;
  const missing = [];
  const check = (items) => {
    const byPath = new Map([...root.querySelectorAll('[data-path]')].map((e) => [e.dataset.path, e]));
    const texts = new Map();
    for (const x of items) {
      let scope = root;
      for (let p = x.path; p; p = last.test(p) ? p.replace(last, '') : '') {
        if (byPath.has(p)) { scope = byPath.get(p); break; }
      }
      if (!texts.has(scope)) texts.set(scope, textOf(scope));
      if (!found(texts.get(scope), x)) {
        missing.push(`${x.path} = ${JSON.stringify(x.shown)}, not in ${scope === root ? '#analysis' : `[data-path="${scope.dataset.path}"]`}`);
      }
    }
  };
  const plan = /^final_decision\.solution_options\[(\d+)\]\.recovery_plan([.[]|$)/;
  openAll();
  check(expected.filter((x) => !plan.test(x.path)));
  const plans = new Map();
  for (const x of expected) {
    const hit = plan.exec(x.path);
    if (hit) plans.set(hit[1], [...(plans.get(hit[1]) ?? []), x]);
  }
  for (const [index, items] of plans) {
    const card = root.querySelector(`[data-path="final_decision.solution_options[${index}]"]`);
    const button = card && card.querySelector('button.link');
    if (!button) { missing.push(`option ${index}: no card with a plan button`); continue; }
    button.click();
    openAll();
    check(items);
  }
  const overflow = [];
  for (const card of root.querySelectorAll('.option')) {
    const edge = card.getBoundingClientRect();
    if (card.scrollWidth > card.clientWidth + 1) overflow.push(`${card.dataset.path} scrolls sideways (${card.scrollWidth} of ${card.clientWidth} px)`);
    for (const e of card.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.width && (r.right > edge.right + 1 || r.left < edge.left - 1)) overflow.push(`${card.dataset.path}: ${e.localName}.${e.className} sticks out (${Math.round(r.left)} to ${Math.round(r.right)}, card ${Math.round(edge.left)} to ${Math.round(edge.right)})`);
    }
  }
  done({ missing, overflow, width: innerWidth });
  }
}, (e) => done({ error: String(e) }));
"#;
