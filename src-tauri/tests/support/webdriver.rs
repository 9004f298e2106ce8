//! A small W3C WebDriver client: just the calls the end-to-end tests make,
//! over plain HTTP to `tauri-driver` on loopback.

use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// One WebDriver session: one running console window.
#[derive(Debug)]
pub struct Session {
    http: reqwest::Client,
    base: String,
}

/// An element handle.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    /// Starts the app at `application` through the driver at `driver`.
    pub async fn start(driver: &str, application: &str) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        let capabilities = json!({
            "capabilities": {"alwaysMatch": {"tauri:options": {"application": application}}}
        });
        let response: Value = http
            .post(format!("{driver}/session"))
            .json(&capabilities)
            .send()
            .await
            .expect("tauri-driver answers")
            .json()
            .await
            .unwrap();
        let id = response["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {response}"))
            .to_owned();
        Self {
            http,
            base: format!("{driver}/session/{id}"),
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body)
            .await
            .unwrap_or_else(|(error, message)| panic!("WebDriver {path}: {error} {message}"))
    }

    /// The call's value, or WebDriver's error name and message.
    async fn try_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, (String, Value)> {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response: Value = request.send().await.unwrap().json().await.unwrap();
        match response["value"].get("error") {
            Some(error) => Err((
                error.as_str().unwrap_or_default().to_owned(),
                response["value"]["message"].clone(),
            )),
            None => Ok(response["value"].clone()),
        }
    }

    /// Resizes the window to `width`×`height` (its outer size, pixels).
    pub async fn set_window_size(&self, width: u32, height: u32) {
        self.call(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        )
        .await;
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page.
    pub async fn script(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Runs an async script: it must call `arguments[arguments.length - 1]`.
    pub async fn script_async(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Calls the app's command `command` with `args`, as `ipc.js` does:
    /// its answer, or the error it refused with.
    pub async fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        // Not `{error: …}`: WebDriver reads that key as its own failure.
        let mut outcome = self
            .script_async(
                "const done = arguments[arguments.length - 1];\
                 window.__TAURI__.core.invoke(arguments[0], arguments[1])\
                   .then((answer) => done({ answer }), (refused) => done({ refused }));",
                json!([command, args]),
            )
            .await;
        match outcome.get_mut("refused") {
            Some(refused) => Err(refused.take()),
            None => Ok(outcome["answer"].take()),
        }
    }

    /// Scrolls the element matching `css` into view, aligned at `block`
    /// (`start`, `center`, `end`).
    pub async fn scroll_into_view(&self, css: &str, block: &str) {
        self.script(
            "document.querySelector(arguments[0]).scrollIntoView({block: arguments[1]});",
            json!([css, block]),
        )
        .await;
    }

    /// What `script` returns, if it is a string.
    async fn string(&self, script: &str, args: Value) -> Option<String> {
        self.script(script, args).await.as_str().map(str::to_owned)
    }

    /// Sets the `value` of the control matching `css` and dispatches
    /// `event`, as the browser does when a user changes it.
    async fn assign(&self, css: &str, value: &str, event: &str) {
        self.script(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1];\
             e.dispatchEvent(new Event(arguments[2]));",
            json!([css, value, event]),
        )
        .await;
    }

    /// The `value` of the control matching `css`.
    pub async fn value(&self, css: &str) -> String {
        // A control drawn after an answer from the console (an export, an
        // edit form) may not be there yet when the click that asks returns.
        let present = format!(
            "document.querySelector({}) !== null",
            serde_json::to_string(css).unwrap()
        );
        self.wait_for(&present, css, Duration::from_secs(30)).await;
        self.string(
            "return document.querySelector(arguments[0]).value;",
            json!([css]),
        )
        .await
        .unwrap_or_default()
    }

    /// Sets the `value` of the control matching `css` and says so with an
    /// `input` event, as pasting does.
    pub async fn set_value(&self, css: &str, value: &str) {
        self.assign(css, value, "input").await;
    }

    /// The element's `data-<key>` (`key` in camelCase, as `dataset` names
    /// it), if it has one.
    pub async fn data(&self, css: &str, key: &str) -> Option<String> {
        self.string(
            "return document.querySelector(arguments[0]).dataset[arguments[1]] ?? null;",
            json!([css, key]),
        )
        .await
    }

    /// The element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        let value = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        Element(
            value[ELEMENT_KEY]
                .as_str()
                .unwrap_or_else(|| panic!("no element for {css}: {value}"))
                .to_owned(),
        )
    }

    /// Clicks the element matching `css`, as a user would.
    pub async fn click(&self, css: &str) {
        // The window redraws a list when fresh data arrives (the History
        // dialog re-reads its decisions on opening), so the element found
        // may be replaced before the click lands: find it again then.
        for _ in 0..20 {
            let element = self.find(css).await;
            match self
                .try_call(
                    reqwest::Method::POST,
                    &format!("/element/{}/click", element.0),
                    Some(json!({})),
                )
                .await
            {
                Ok(_) => return,
                // Replaced, covered for a moment while the page moved under
                // it (a section added, a panel drawn), or not shown yet (a
                // dialog still opening): find it again, as a user would wait.
                Err((error, _))
                    if [
                        "stale element reference",
                        "element click intercepted",
                        "element not interactable",
                    ]
                    .contains(&error.as_str()) =>
                {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err((error, message)) => panic!("WebDriver click {css}: {error} {message}"),
            }
        }
        panic!("WebDriver click {css}: the element was redrawn, covered or hidden for two seconds");
    }

    /// Types `text` into the element (WebDriver key codes allowed).
    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{}/value", element.0),
            Some(json!({"text": text})),
        )
        .await;
    }

    /// Chooses `value` in the `<select>` matching `css`, as a user would.
    pub async fn select(&self, css: &str, value: &str) {
        self.assign(css, value, "change").await;
    }

    /// The visible text of the element.
    pub async fn text(&self, css: &str) -> String {
        self.string(
            "return document.querySelector(arguments[0])?.innerText ?? null;",
            json!([css]),
        )
        .await
        .unwrap_or_default()
    }

    /// Waits until `condition` (a JS expression) is truthy; panics with
    /// `what` after `timeout`.
    pub async fn wait_for(&self, condition: &str, what: &str, timeout: Duration) {
        let script = format!("return Boolean({condition});");
        let started = Instant::now();
        loop {
            if self.script(&script, json!([])).await == json!(true) {
                return;
            }
            if started.elapsed() > timeout {
                let status = self.text("#status").await;
                panic!("timed out waiting for {what}; status: {status}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A PNG of the window.
    pub async fn screenshot(&self) -> Vec<u8> {
        let value = self.call(reqwest::Method::GET, "/screenshot", None).await;
        base64::engine::general_purpose::STANDARD
            .decode(value.as_str().unwrap())
            .unwrap()
    }

    /// Ends the session and closes the app.
    pub async fn end(self) {
        let _ = self.http.delete(&self.base).send().await;
    }
}
