//! A bare HTTP server on 127.0.0.1 that plays exact bytes: a captured
//! response, headers and then silence, a body that trickles forever. The
//! simulator speaks the protocol through axum; this one speaks whatever a
//! field case says a real deployment sent, byte for byte.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One thing the server does after reading the request.
#[derive(Debug, Clone)]
pub enum Step {
    /// Write these bytes.
    Send(Vec<u8>),
    /// Wait.
    Pause(Duration),
    /// Write these bytes at this interval until the client goes away.
    Trickle(Vec<u8>, Duration),
    /// Keep the connection open, sending nothing, until the test ends.
    Hold,
}

/// A running server. Dropping it stops it and closes its connections.
#[derive(Debug)]
pub struct Loopback {
    url: String,
    posts: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl Loopback {
    /// Serves `script` to every connection.
    pub async fn start(script: Vec<Step>) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind loopback");
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let posts = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (counter, log) = (Arc::clone(&posts), Arc::clone(&requests));
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (script, counter, log) =
                    (script.clone(), Arc::clone(&counter), Arc::clone(&log));
                tokio::spawn(serve(stream, script, counter, log));
            }
        });
        Self {
            url,
            posts,
            requests,
            task,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many POSTs arrived.
    pub fn posts(&self) -> usize {
        self.posts.load(Ordering::SeqCst)
    }

    /// Every request's head and body, as text.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    script: Vec<Step>,
    posts: Arc<AtomicUsize>,
    log: Arc<Mutex<Vec<String>>>,
) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    if request.starts_with("POST ") {
        posts.fetch_add(1, Ordering::SeqCst);
    }
    log.lock().unwrap().push(request);
    for step in script {
        match step {
            Step::Send(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
                let _ = stream.flush().await;
            }
            Step::Pause(wait) => tokio::time::sleep(wait).await,
            Step::Trickle(bytes, every) => loop {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
                tokio::time::sleep(every).await;
            },
            Step::Hold => {
                // Until the client closes its side or the test ends.
                let mut sink = [0u8; 256];
                while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
                return;
            }
        }
    }
    let _ = stream.shutdown().await;
}

/// The request's head and body (by `Content-Length`), as text.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::new();
    let mut piece = vec![0u8; 16 * 1024];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut piece).await.ok().filter(|&n| n > 0)?;
        buffer.extend_from_slice(&piece[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let n = stream.read(&mut piece).await.ok().filter(|&n| n > 0)?;
        buffer.extend_from_slice(&piece[..n]);
    }
    Some(String::from_utf8_lossy(&buffer).into_owned())
}
