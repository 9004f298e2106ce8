//! What a response says on the wire, in the forms the run's messages
//! use: its head, its headers, sizes, and the causes of a failure.

use std::time::SystemTime;

use reqwest::header::{CONTENT_TYPE, HeaderMap};

use crate::error_body::Head;

pub(super) fn head_of(response: &reqwest::Response) -> Head {
    let headers = response.headers();
    Head {
        status: response.status().as_u16(),
        content_type: headers
            .get(CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default(),
        headers: header_list(headers),
        received_at: SystemTime::now(),
    }
}

/// The media type alone, lower case: `text/event-stream`.
pub(super) fn media_type(head: &Head) -> String {
    head.content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn header_list(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// What a body that failed to decode (gzip, deflate, br) said: the
/// decoders report bad input as `InvalidData`, a broken connection never
/// does.
pub(super) fn undecodable(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cause = Some(error);
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::InvalidData
        {
            return Some(io.to_string());
        }
        cause = current.source();
    }
    None
}

/// A byte count for a message: `10 KiB`, `32 MiB`.
pub(super) fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    match bytes {
        b if b >= KIB * KIB => format!("{:.0} MiB", b as f64 / (KIB * KIB) as f64),
        b if b >= KIB => format!("{:.0} KiB", b as f64 / KIB as f64),
        b => format!("{b} bytes"),
    }
}
