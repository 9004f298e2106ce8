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
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response: Value = request.send().await.unwrap().json().await.unwrap();
        if let Some(error) = response["value"].get("error") {
            panic!("WebDriver {path}: {error} {}", response["value"]["message"]);
        }
        response["value"].clone()
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

    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{}/click", element.0),
            Some(json!({})),
        )
        .await;
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
        self.script(
            "const s = document.querySelector(arguments[0]); s.value = arguments[1];\
             s.dispatchEvent(new Event('change'));",
            json!([css, value]),
        )
        .await;
    }

    /// The visible text of the element.
    pub async fn text(&self, css: &str) -> String {
        self.script(
            "return document.querySelector(arguments[0])?.innerText ?? null;",
            json!([css]),
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
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
