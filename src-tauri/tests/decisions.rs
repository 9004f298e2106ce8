//! The duty manager's decision log and the shift handover in the real
//! window (issue 14), one shift in named steps over one console 960 px
//! wide: a decision on a live analysis, one on a stored analysis (found
//! again in the history by its rationale), a safety constraint
//! acknowledged by name, a correction that supersedes and keeps the
//! earlier decision, a stale analysis that asks first, a handover noted,
//! acknowledged, locked and exported (the PDF read back), and a record
//! edited in the history file found on the next start. Screenshots of
//! each step under `target/e2e-screenshots/decisions/`.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use skymarshal_sim::{SimConfig, Simulator};
use support::decide::{
    both_themes, choose, close_dialog, content, context, entry_for, export_handover,
    fixture_option, import, open_stored, panel_ready, ready, run_export, run_named, show, zulu,
};
use support::ledger::{
    another_run, change_analysis, chunk_data, edit_history_file, one_line, pdf_text, sha256,
};
use support::{Desktop, EnvironmentsFile, Session, send, wait_for_end, wait_for_text};

const WAIT: Duration = Duration::from_secs(30);
const HOUR_MS: i64 = 3_600_000;

const OPERATOR: &str = "Aisha Rahman";
const INCOMING: &str = "Tomás O'Neill";

/// The account the console runs as, from the system's user database: what
/// a decision records beside the operator's name (never `$USER`, which
/// anyone can set).
fn os_user() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("id -un");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

const LIVE_PROMPT: &str =
    "Flight EY11 AUH-LHR: fog at LHR, A6-BLA inbound 2 hours late, 310 passengers";
const FOLLOW_UP: &str = "EY11 follow-up: the fog now lifts at 09:30Z, does the swap still hold?";
const SAFETY_PROMPT: &str = "Flight EY45 AUH-LHR: A6-ETQ AOG at AUH, maintenance has no timeline";
const SAFETY_COPY: &str =
    "Flight EY47 AUH-LHR: A6-ETQ AOG again, recovery on the same tail proposed";
const OLD_PROMPT: &str = "Flight EY203 AUH-BKK: crew sickness, analysed at the start of the shift";

const LIVE_RATIONALE: &str =
    "The swap keeps the LHR slot; crew legal until 14:00Z. Agreed with the hub controller.";
const STORED_RATIONALE: &str =
    "Hold the swap but board through gate B12; standby crew from the Marigold hotel.";
const STORED_CHANGE: &str = "Board through gate B12 instead of remote stand.";
const SAFETY_RATIONALE: &str =
    "Engineering signed the deferral at 06:40Z; the constraint was read and accepted.";
const CORRECTION: &str =
    "Correction: the LHR slot was lost at 07:10Z, so the controlled delay is the plan.";
const STALE_RATIONALE: &str = "Crew swap already done by the station; recorded late for the log.";
const NOTES: &str = "Watch EY45: A6-ETQ parts arrive on EY9 at 11:00Z. Call MCC on ext 4471.";
const LATER_NOTE: &str = "EY9 landed 10:52Z with the parts; MCC has them.";

/// What the steps hand each other: the runs, by their history uid.
#[derive(Default)]
struct Shift {
    live: String,
    follow_up: String,
    safety_live: String,
    safety_copy: String,
    old: String,
}

#[tokio::test]
async fn a_shift_is_decided_corrected_handed_over_and_kept() {
    let deployment = Simulator::start(SimConfig::instant()).await.unwrap();
    // The simulator's fixture chosen in each environment's URL: fixture 1
    // has three options, fixture 4 a maintenance safety override.
    let file = EnvironmentsFile::new()
        .environment("ops-hub", &deployment.url_with("fixture=1"))
        .environment("ops-aog", &deployment.url_with("fixture=4"));
    let mut desktop = Desktop::with_environments(
        "decisions",
        &[
            ("E2E_SCREEN", "960x900"),
            ("SKYMARSHAL_SIM_DELAY_MS", "0"),
            // Not the OS user a decision records: that is the account's own name.
            ("USER", "someone-else"),
        ],
        &file,
    )
    .await;
    let (session, _) = desktop.open().await;
    let width = session.script("return innerWidth;", json!([])).await;
    assert_eq!(width, json!(960), "the window is 960 px wide");

    let mut shift = Shift::default();
    decide_on_a_live_analysis(&mut desktop, &session, &mut shift).await;
    decide_on_a_stored_analysis_found_by_its_rationale(&mut desktop, &session, &mut shift).await;
    correct_a_decision_and_keep_the_one_it_supersedes(&mut desktop, &session, &shift).await;
    acknowledge_a_safety_constraint_by_name(&mut desktop, &session, &mut shift).await;
    confirm_a_decision_on_a_stale_analysis(&mut desktop, &session, &mut shift).await;
    hand_over_the_shift(&mut desktop, &session, &shift).await;
    session.end().await;
    an_edit_in_the_history_file_is_found_on_the_next_start(&mut desktop).await;
}

/// Step 1: accept the recommended option of a live analysis with a
/// rationale, the operator's name given in the form; the entry names the
/// operator, the UTC time, the option as it was shown and the analysis's
/// SHA-256.
async fn decide_on_a_live_analysis(desktop: &mut Desktop, session: &Session, shift: &mut Shift) {
    session.select("#env-select", "env:ops-hub").await;
    send(session, LIVE_PROMPT).await;
    wait_for_end(session, "complete").await;
    shift.live = panel_ready(session, "open").await;
    assert!(
        session.data("#analysis-age", "stale").await.as_deref() == Some("false"),
        "a new analysis is current: {}",
        session.text("#analysis-age").await
    );
    wait_for_text(session, "#analysis-age", "analysed less than a minute ago").await;
    run_named(session, LIVE_PROMPT, "ops-hub").await;
    assert_eq!(
        session.text("#decide-rationale-rule").await,
        "",
        "nothing typed, nothing tried: no red rule (\"To record\" lists it)"
    );
    // Nothing chosen yet: the form says what is missing and refuses.
    assert!(
        session
            .text("#decide-needs")
            .await
            .contains("choose to accept, modify or reject")
    );
    assert_eq!(
        session.data("#decide-needs", "ready").await.as_deref(),
        Some("false")
    );
    show(desktop, session, "#decision-record", "1-live-form").await;

    choose(session, "accept").await;
    assert_eq!(
        session.value("#decide-option").await,
        "1",
        "the recommended option first"
    );
    // Typed, then cleared: now the rule says it.
    session.set_value("#decide-rationale", "x").await;
    session.set_value("#decide-rationale", "").await;
    wait_for_text(session, "#decide-rationale-rule", "A rationale is required").await;
    session.set_value("#decide-rationale", LIVE_RATIONALE).await;
    assert_eq!(session.text("#decide-rationale-rule").await, "");
    assert!(
        session
            .text("#decide-needs")
            .await
            .contains("give your name")
    );
    session.set_value("#decide-operator", OPERATOR).await;
    ready(session).await;
    show(desktop, session, "#decide-form", "1-live-filled").await;
    session.click("#decide-record").await;
    let entry = entry_for(session, "accept", false).await;

    let context = context(session, &shift.live).await;
    let decision = &context["decisions"][0];
    assert_eq!(decision["operator"], OPERATOR);
    assert_eq!(decision["os_user"], os_user().as_str());
    assert_eq!(decision["rationale"], LIVE_RATIONALE);
    assert_eq!(decision["environment"], "ops-hub");
    assert_eq!(decision["option"]["solution_id"], 1);
    assert_eq!(
        decision["option"]["as_shown"],
        fixture_option(1, 1),
        "the option is recorded exactly as the server sent it"
    );
    let export = run_export(session, &shift.live).await;
    let hash = sha256(&chunk_data(&export["runs"][0]));
    assert_eq!(decision["analysis_sha256"], hash.as_str());

    let text = session.text(&entry).await;
    for phrase in [
        "Accepted option 1 · Aircraft Swap - Maintain Schedule",
        &format!("{OPERATOR} ({}@", os_user()),
        LIVE_RATIONALE,
        &zulu(decision["decided_ms"].as_i64().unwrap()),
        &hash[..12],
    ] {
        assert!(text.contains(phrase), "the entry lacks {phrase:?}: {text}");
    }
    assert_eq!(
        session
            .data(&format!("{entry} code.analysis-hash"), "hash")
            .await
            .as_deref(),
        Some(hash.as_str())
    );
    // The option as shown, one click away, is the server's object.
    session
        .script(
            &format!("document.querySelector('{entry} details.as-shown').open = true;"),
            json!([]),
        )
        .await;
    let shown: Value =
        serde_json::from_str(&session.text(&format!("{entry} details.as-shown pre")).await)
            .unwrap();
    assert_eq!(shown, fixture_option(1, 1));
    both_themes(desktop, session, &entry, "1-live-recorded").await;
}

/// Step 2: a follow-up in the same session, opened from the History
/// dialog and decided there (modify, saying what changes); the history
/// lists the decision with the run and finds it by the rationale's words.
async fn decide_on_a_stored_analysis_found_by_its_rationale(
    desktop: &mut Desktop,
    session: &Session,
    shift: &mut Shift,
) {
    send(session, FOLLOW_UP).await;
    wait_for_end(session, "complete").await;
    shift.follow_up = panel_ready(session, "open").await;

    open_stored(session, "lifts", &shift.follow_up).await;
    panel_ready(session, "open").await;
    assert!(
        session
            .text("#decide-operator-line")
            .await
            .contains(OPERATOR),
        "the operator's name is asked once"
    );
    run_named(session, FOLLOW_UP, "ops-hub").await;
    // "Change" opens the name, filled with the one on record; kept as it is, nothing changes.
    show(desktop, session, "#decision-record", "2-stored-opened").await;
    let hidden = "return document.getElementById('decide-operator').closest('label').hidden;";
    assert_eq!(session.script(hidden, json!([])).await, json!(true));
    session.click("#decide-operator-change").await;
    assert_eq!(session.script(hidden, json!([])).await, json!(false));
    assert_eq!(session.value("#decide-operator").await, OPERATOR);
    choose(session, "modify").await;
    session.select("#decide-option", "2").await;
    assert!(
        session
            .text("#decide-needs")
            .await
            .contains("say what changes")
    );
    session
        .set_value("#decide-modification", STORED_CHANGE)
        .await;
    session
        .set_value("#decide-rationale", STORED_RATIONALE)
        .await;
    ready(session).await;
    show(desktop, session, "#decide-form", "2-stored-form").await;
    session.click("#decide-record").await;
    let entry = entry_for(session, "modify", false).await;
    let text = session.text(&entry).await;
    for phrase in [
        "Modified option 2 · Aircraft Swap with Controlled Delay",
        STORED_CHANGE,
        STORED_RATIONALE,
        OPERATOR,
    ] {
        assert!(text.contains(phrase), "the entry lacks {phrase:?}: {text}");
    }
    show(desktop, session, &entry, "2-stored-recorded").await;

    // The history finds the run by a word of the rationale alone, and lists the decision with it.
    session.click("#history-open").await;
    session.set_value("#hist-text", "Marigold").await;
    wait_for_text(session, "#hist-message", "1 run matches").await;
    assert!(session.text("#hist-list").await.contains(FOLLOW_UP));
    // The session was shown when the run was opened, before the decision:
    // shown again, its line says the decision, not "No decision recorded."
    let decided = format!(".hist-run[data-uid=\"{}\"] p.hist-decided", shift.follow_up);
    wait_for_text(session, &decided, "Decided: Modified option 2").await;
    show(desktop, session, "#hist-list", "2-search-rationale").await;
    session.click("#hist-list .hist-row").await;
    // Waited for whole: the dialog redraws its decision lines as the session's runs arrive, so a
    // line read once right after the first match may be the one being replaced (read empty).
    wait_for_text(
        session,
        &decided,
        "Decided: Modified option 2 · Aircraft Swap with Controlled Delay by Aisha Rahman at ",
    )
    .await;
    let first = format!(".hist-run[data-uid=\"{}\"] p.hist-decided", shift.live);
    wait_for_text(session, &first, "Accepted option 1").await;
    show(desktop, session, &decided, "2-history-decided").await;
    close_dialog(session).await;
}

/// Step 3 (the correction): the first analysis, opened again, says a later
/// one in its session superseded it; its decision corrected, the earlier
/// entry stays, marked superseded, and the correction says it is one.
async fn correct_a_decision_and_keep_the_one_it_supersedes(
    desktop: &mut Desktop,
    session: &Session,
    shift: &Shift,
) {
    open_stored(session, "EY11", &shift.live).await;
    panel_ready(session, "decided").await;
    let later = session.text("#decide-later").await;
    assert!(
        later.contains("A later analysis superseded this one") && later.contains(&shift.follow_up),
        "{later}"
    );
    let age = session.text("#analysis-age").await;
    assert!(
        age.starts_with("Recent: analysed") && !age.contains("Current"),
        "a superseded analysis is not called current: {age}"
    );
    session.click("button.decision-correct").await;
    let first_uid = context(session, &shift.live).await["decisions"][0]["uid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        session.data("#decide-form", "supersedes").await.as_deref(),
        Some(first_uid.as_str())
    );
    choose(session, "accept").await;
    session.select("#decide-option", "2").await;
    session.set_value("#decide-rationale", CORRECTION).await;
    ready(session).await;
    show(desktop, session, "#decide-form", "3-correction-form").await;
    session.click("#decide-record").await;
    session
        .wait_for(
            "document.querySelectorAll('article.decision-entry').length === 2 && !document.getElementById('decide-form')",
            "the correction beside the decision it supersedes",
            WAIT,
        )
        .await;

    let old = format!("article.decision-entry[data-uid=\"{first_uid}\"]");
    assert_eq!(
        session.data(&old, "superseded").await.as_deref(),
        Some("true")
    );
    let old_text = session.text(&old).await;
    assert!(
        old_text.contains("Superseded by the correction of") && old_text.contains(LIVE_RATIONALE),
        "{old_text}"
    );
    assert!(
        session
            .script(
                &format!(
                    "return document.querySelector('{old} button.decision-correct') === null;"
                ),
                json!([])
            )
            .await
            == json!(true),
        "a superseded decision cannot be corrected again"
    );
    let new = entry_for(session, "accept", false).await;
    let new_text = session.text(&new).await;
    for phrase in [
        "Accepted option 2 · Aircraft Swap with Controlled Delay",
        CORRECTION,
        "Corrects",
        "A later analysis (run",
    ] {
        assert!(
            new_text.contains(phrase),
            "the correction lacks {phrase:?}: {new_text}"
        );
    }
    assert!(
        session
            .text("#decision-record .card-head")
            .await
            .contains("1 decision in force, 1 superseded")
    );
    let context = context(session, &shift.live).await;
    assert_eq!(
        context["decisions"][0]["superseded_by"],
        context["decisions"][1]["uid"]
    );
    assert_eq!(context["decisions"][1]["supersedes"], first_uid.as_str());
    assert_eq!(
        context["decisions"][1]["later_analysis_run_uid"],
        shift.follow_up.as_str()
    );
    both_themes(
        desktop,
        session,
        "#decision-record",
        "3-correction-recorded",
    )
    .await;
}

/// Step 4: fixture 4's maintenance override. Live, its one option is the
/// arbitrator's, which needs no acknowledgement. A copy with a second
/// option (imported through the History dialog, since no fixture offers
/// an option against a constraint) shows the constraint by name, refuses
/// until it is ticked (the console refuses too), then records it.
async fn acknowledge_a_safety_constraint_by_name(
    desktop: &mut Desktop,
    session: &Session,
    shift: &mut Shift,
) {
    const CONSTRAINT: &str = "Aircraft A6-ETQ AOG with no maintenance resolution timeline available - airworthiness cannot be confirmed";
    session.select("#env-select", "env:ops-aog").await;
    send(session, SAFETY_PROMPT).await;
    wait_for_end(session, "complete").await;
    shift.safety_live = panel_ready(session, "open").await;
    let live = context(session, &shift.safety_live).await;
    assert_eq!(
        live["safety_constraints"],
        json!([{"agent": "maintenance", "constraint": CONSTRAINT, "source": "safety_override"}])
    );
    choose(session, "accept").await;
    assert_eq!(session.value("#decide-option").await, "1");
    assert!(
        session
            .script(
                "return document.getElementById('decide-safety').hidden;",
                json!([])
            )
            .await
            == json!(true),
        "the recommended option needs no acknowledgement"
    );
    show(desktop, session, "#decide-form", "4-safety-recommended").await;

    // The same analysis with a second option, recovering on the AOG tail.
    let export = run_export(session, &shift.safety_live).await;
    let (mut copy, uid) = another_run(&export.to_string(), SAFETY_COPY, 0);
    change_analysis(&mut copy["runs"][0], |document| {
        let options = document["final_decision"]["solution_options"]
            .as_array_mut()
            .unwrap();
        let mut recover = options[0].clone();
        recover["solution_id"] = 2.into();
        recover["title"] = "Recover on A6-ETQ after the deferral".into();
        options.push(recover);
    });
    shift.safety_copy = uid;
    import(session, &copy).await;
    open_stored(session, "EY47", &shift.safety_copy).await;
    panel_ready(session, "open").await;
    choose(session, "accept").await;
    session.select("#decide-option", "2").await;
    session
        .set_value("#decide-rationale", SAFETY_RATIONALE)
        .await;
    let safety = session.text("#decide-safety").await;
    assert!(
        safety.contains(&format!("Maintenance: {CONSTRAINT}")),
        "{safety}"
    );
    assert!(
        safety.contains("not the arbitrator's recommended option 1"),
        "{safety}"
    );
    assert!(
        session
            .text("#decide-needs")
            .await
            .contains("acknowledge 1 safety constraint")
    );
    assert_eq!(
        session.data("#decide-needs", "ready").await.as_deref(),
        Some("false")
    );
    assert!(
        session
            .script(
                "return document.getElementById('decide-record').disabled;",
                json!([])
            )
            .await
            == json!(true)
    );
    both_themes(desktop, session, "#decide-form", "4-safety-refused").await;

    // The console refuses it too, naming the constraint.
    let refused = session
        .invoke(
            "record_decision",
            json!({"request": {"run_uid": shift.safety_copy, "action": "accept", "solution_id": 2,
                "rationale": SAFETY_RATIONALE, "safety_acknowledged": [], "stale_confirmed": false}}),
        )
        .await
        .expect_err("a decision against a constraint not acknowledged");
    assert!(
        refused["message"].as_str().unwrap().contains(CONSTRAINT),
        "{refused}"
    );

    session.click("input.decide-ack").await;
    ready(session).await;
    session.click("#decide-record").await;
    let entry = entry_for(session, "accept", false).await;
    let text = session.text(&entry).await;
    assert!(
        text.contains("Safety acknowledged") && text.contains(CONSTRAINT),
        "{text}"
    );
    let recorded = &context(session, &shift.safety_copy).await["decisions"][0];
    assert_eq!(
        recorded["safety_acknowledged"],
        json!([{"agent": "maintenance", "constraint": CONSTRAINT, "source": "safety_override"}])
    );
    both_themes(desktop, session, &entry, "4-safety-recorded").await;
}

/// Step 5: a run imported from two hours ago is stale (the limit is 30
/// minutes); the panel says so in amber, Record asks first, Back records
/// nothing, and a decision recorded anyway says it was past the limit.
async fn confirm_a_decision_on_a_stale_analysis(
    desktop: &mut Desktop,
    session: &Session,
    shift: &mut Shift,
) {
    let export = run_export(session, &shift.live).await;
    let (old, uid) = another_run(&export.to_string(), OLD_PROMPT, 2 * HOUR_MS);
    shift.old = uid;
    import(session, &old).await;
    open_stored(session, "EY203", &shift.old).await;
    panel_ready(session, "open").await;
    assert_eq!(
        session.data("#analysis-age", "stale").await.as_deref(),
        Some("true")
    );
    let age = session.text("#analysis-age").await;
    assert!(
        age.contains("Stale: analysed 2 h 00 min ago, past the 30 min limit")
            && age.contains("Consider running it again before deciding"),
        "{age}"
    );
    choose(session, "reject").await;
    session
        .set_value("#decide-rationale", STALE_RATIONALE)
        .await;
    ready(session).await;
    session.click("#decide-record").await;
    session
        .wait_for(
            "document.getElementById('stale-confirm').open",
            "the stale confirmation",
            WAIT,
        )
        .await;
    let asked = session.text("#stale-confirm").await;
    assert!(
        asked.contains("This analysis arrived 2 h 00 min ago, past the 30 min limit"),
        "{asked}"
    );
    both_themes(desktop, session, "#stale-confirm", "5-stale-asked").await;
    session.click("#stale-no").await;
    session
        .wait_for(
            "!document.getElementById('stale-confirm').open",
            "Back",
            WAIT,
        )
        .await;
    assert_eq!(
        context(session, &shift.old).await["decisions"],
        json!([]),
        "Back records nothing"
    );

    session.click("#decide-record").await;
    session
        .wait_for(
            "document.getElementById('stale-confirm').open",
            "the stale confirmation again",
            WAIT,
        )
        .await;
    session.click("#stale-yes").await;
    let entry = entry_for(session, "reject", false).await;
    let text = session.text(&entry).await;
    assert!(
        text.contains("Rejected every option") && text.contains("past the stale limit"),
        "{text}"
    );
    let recorded = &context(session, &shift.old).await["decisions"][0];
    assert_eq!(recorded["stale_confirmed"], true);
    assert!(
        recorded["analysis_age_seconds"].as_i64().unwrap() >= 7200,
        "{recorded}"
    );
    let age = session.text("#analysis-age").await;
    assert!(
        age.contains("Stale: analysed 2 h 00 min ago, past the 30 min limit.")
            && !age.contains("Consider"),
        "decided: the age only, no advice to run it again: {age}"
    );
    show(desktop, session, "#decision-record", "5-stale-recorded").await;
}

/// Step 6: Hand over shift: the draft lists every run, decision and open
/// item; created with notes, acknowledged by name (then locked), a later
/// note marked as after the acknowledgement; exported as PDF and Markdown,
/// each holding the prompts, rationales, notes and acknowledgement.
async fn hand_over_the_shift(desktop: &mut Desktop, session: &Session, shift: &Shift) {
    // An undecided run on screen, its form recorded under the outgoing duty manager's name.
    open_stored(session, "EY45", &shift.safety_live).await;
    panel_ready(session, "open").await;
    run_named(session, SAFETY_PROMPT, "ops-aog").await;
    assert!(
        session
            .text("#decide-operator-line")
            .await
            .contains(OPERATOR)
    );
    session.click("#handover-open").await;
    session
        .wait_for(
            "document.getElementById('ho-notes') !== null",
            "the handover draft",
            WAIT,
        )
        .await;
    let draft = content(session, "#handover article.ho-doc").await;
    for phrase in [
        LIVE_PROMPT,
        FOLLOW_UP,
        SAFETY_PROMPT,
        SAFETY_COPY,
        OLD_PROMPT,
        CORRECTION,
        "Open items",
        "No decision",
    ] {
        assert!(draft.contains(phrase), "the draft lacks {phrase:?}");
    }
    // A modification's own full stop goes before the comma.
    assert!(
        draft.contains("instead of remote stand, by") && !draft.contains("stand., by"),
        "{draft}"
    );
    // The decision against a safety constraint stands out, in the list and in its run.
    let against = content(session, "#handover .ho-decisions li[data-safety=\"true\"]").await;
    assert!(
        against.contains("Against a safety constraint")
            && against.contains("Safety acknowledged: Maintenance"),
        "{against}"
    );
    let in_run = format!(
        "#handover .ho-run[data-run=\"{}\"] .ho-run-decision-block[data-safety=\"true\"] .banner.warning",
        shift.safety_copy
    );
    assert!(
        content(session, &in_run)
            .await
            .contains("Against a safety constraint")
    );
    assert_eq!(
        session
            .script(
                "return document.querySelectorAll('#handover .ho-decisions li[data-safety=\"true\"]').length;",
                json!([])
            )
            .await,
        json!(1),
        "only the decision taken against the constraint"
    );
    session.set_value("#ho-notes", NOTES).await;
    show(
        desktop,
        session,
        "#handover article.ho-doc",
        "6-handover-draft",
    )
    .await;
    session.click("#ho-create").await;
    session
        .wait_for(
            "document.querySelector('#handover article.ho-doc')?.dataset.draft === 'false' && document.getElementById('ho-ack-by')",
            "the created handover",
            WAIT,
        )
        .await;
    let created = content(session, "#handover article.ho-doc").await;
    assert!(
        created.contains(NOTES) && created.contains("Awaiting acknowledgement"),
        "{created}"
    );
    let open_items = content(session, "#handover .ho-open").await;
    assert!(
        open_items.contains("No decision") && open_items.contains("Superseded decision"),
        "{open_items}"
    );
    assert!(
        session
            .text(&format!(
                "#handover .ho-open li[data-run=\"{}\"]",
                shift.safety_live
            ))
            .await
            .contains("No decision"),
        "the live AOG analysis was not decided on"
    );
    let state = session
        .text("#ho-list li[data-acknowledged=\"false\"] .ho-state")
        .await;
    assert_eq!(state, "Awaiting acknowledgement");
    show(desktop, session, "#handover", "6-handover-created").await;

    session.set_value("#ho-ack-by", INCOMING).await;
    session.click("#ho-ack").await;
    session
        .wait_for(
            "document.querySelector('#handover .ho-locked') !== null",
            "the acknowledgement",
            WAIT,
        )
        .await;
    assert_eq!(
        session
            .data("#handover article.ho-doc", "acknowledged")
            .await
            .as_deref(),
        Some("true")
    );
    let locked = session.text("#handover .ho-locked").await;
    assert!(
        locked.contains(&format!("Acknowledged by {INCOMING}")) && locked.contains("locked"),
        "{locked}"
    );
    assert!(
        session
            .script(
                "return document.getElementById('ho-ack-by') === null;",
                json!([])
            )
            .await
            == json!(true)
    );
    // The incoming duty manager now has the desk: the form under the dialog says their name.
    wait_for_text(session, "#decide-operator-line", INCOMING).await;
    let uid = session
        .data("#handover article.ho-doc", "uid")
        .await
        .unwrap();
    let again = session
        .invoke(
            "acknowledge_handover",
            json!({"uid": uid, "by": "Someone Else"}),
        )
        .await;
    assert!(
        again.expect_err("a second acknowledgement")["message"]
            .as_str()
            .unwrap()
            .contains("locked")
    );

    session.set_value("#ho-note", LATER_NOTE).await;
    session.click("#ho-note-add").await;
    session
        .wait_for(
            "document.querySelector('#handover .ho-after-ack-notes li.ho-note[data-after-ack=\"true\"]') !== null",
            "the note after the acknowledgement",
            WAIT,
        )
        .await;
    let later = session.text("#handover .ho-after-ack-notes").await;
    assert!(
        // The heading is upper-cased by the style sheet; innerText says it so.
        later
            .to_lowercase()
            .contains("notes added after the acknowledgement")
            && later.contains(LATER_NOTE),
        "{later}"
    );
    // Below the acknowledgement, so what was signed is plain.
    assert_eq!(
        session
            .script(
                "const ack = document.querySelector('#handover .ho-ack-block'); \
                 const notes = document.querySelector('#handover .ho-after-ack-notes'); \
                 return !!ack && !!(ack.compareDocumentPosition(notes) & Node.DOCUMENT_POSITION_FOLLOWING);",
                json!([])
            )
            .await,
        json!(true)
    );
    both_themes(
        desktop,
        session,
        "#handover .ho-after-ack-notes",
        "6-handover-acknowledged",
    )
    .await;

    let pdf = export_handover(session, "#ho-export-pdf").await;
    let markdown = export_handover(session, "#ho-export-md").await;
    assert_eq!(pdf.extension().unwrap(), "pdf");
    show(desktop, session, "#ho-message", "6-handover-exported").await;
    let printed = pdf_text(&pdf);
    let written = one_line(&std::fs::read_to_string(&markdown).unwrap());
    for phrase in [
        LIVE_PROMPT,
        FOLLOW_UP,
        SAFETY_PROMPT,
        OLD_PROMPT,
        LIVE_RATIONALE,
        STORED_RATIONALE,
        SAFETY_RATIONALE,
        CORRECTION,
        STALE_RATIONALE,
        NOTES,
        LATER_NOTE,
        INCOMING,
        OPERATOR,
    ] {
        assert!(
            printed.contains(&one_line(phrase)),
            "the PDF lacks {phrase:?}:\n{printed}"
        );
        // Markdown escapes its own syntax; compare the words.
        assert!(
            one_line(&written.replace('\\', "")).contains(&one_line(phrase)),
            "the Markdown lacks {phrase:?}:\n{written}"
        );
    }
    close_dialog(session).await;
}

/// Step 7: with the console closed, the first decision's rationale edited
/// in the history file with sqlite3; on the next start the window warns
/// that the chain is broken at that record, and so does the History dialog.
async fn an_edit_in_the_history_file_is_found_on_the_next_start(desktop: &mut Desktop) {
    let file = desktop.home.join(".local/share/skymarshal/history.sqlite3");
    // A console still closing holds its lock a moment: sqlite3 waits for it (.timeout).
    edit_history_file(
        &file,
        "UPDATE records SET body = replace(body, 'crew legal until 14:00Z', 'crew legal until 16:00Z') \
         WHERE seq = (SELECT min(seq) FROM records WHERE kind = 'decision');",
    );
    let (session, _) = desktop.open().await;
    session
        .wait_for(
            "!document.getElementById('chain-warning').hidden",
            "the chain warning",
            WAIT,
        )
        .await;
    let warning = session.text("#chain-warning").await;
    assert!(
        warning.contains("The decision log in this history is broken at record 1, decision"),
        "{warning}"
    );
    assert!(warning.contains("skymarshal history verify"), "{warning}");
    let report = session.invoke("verify_history", json!({})).await.unwrap();
    assert_eq!(report["first_broken"]["seq"], 1, "{report}");
    desktop.shoot(&session, "7-chain-warning").await;
    session.click("#history-open").await;
    session
        .wait_for(
            "!document.getElementById('hist-chain').hidden",
            "the chain warning in the history",
            WAIT,
        )
        .await;
    show(desktop, &session, "#hist-chain", "7-chain-history").await;
    session.end().await;
}
