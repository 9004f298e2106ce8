//! How an event's data is kept: compressed with zstd when that pays, so
//! the history holds a fraction of the bytes received, and read back
//! through one accessor that hands out exactly the text that was
//! received. The search index never sees this: it is built from the text
//! at write time (`write::insert_event`).
//!
//! Each row says how its data is kept in `events.codec` (migration 5):
//! [`PLAIN`], the text in `data` (every row written before version 5, and
//! data too small to gain anything), or [`ZSTD`], one zstd frame in
//! `data_z` with `data` empty. A codec id is never reused for another
//! encoding, so every row this console ever wrote stays readable.

use std::cell::RefCell;

use rusqlite::types::Type;
use rusqlite::{Row, Transaction, params};
use zstd::bulk::Decompressor;

use crate::Error;

/// `events.codec`: the text is in `data`.
pub(crate) const PLAIN: i64 = 0;
/// `events.codec`: `data_z` holds one zstd frame (no dictionary, content
/// size and checksum recorded) of the UTF-8 text; `data` is empty.
pub(crate) const ZSTD: i64 = 1;

/// The columns [`data_at`] reads, in its order, for a `SELECT` on `events`.
pub(crate) const DATA_COLUMNS: &str = "codec, data, data_z";

/// zstd's default level: about 0.12 of a 165 KB analysis in under a
/// millisecond, next to a commit's several milliseconds of fsync. Higher
/// levels gain a few percent for several times the time.
const LEVEL: i32 = 3;
/// Below this many bytes a frame's header eats the gain (a `metadata` or
/// `complete` event), and reading it back would cost a decoder for nothing.
const SMALLEST: usize = 256;
/// The largest text compressed (bytes). The decoder refuses frames that
/// claim more, so a damaged header cannot ask for gigabytes; anything
/// bigger than the SSE parser's 32 MiB cap is kept as text.
const LARGEST: usize = 64 << 20;

/// An event's data as it goes into a row.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Stored<'a> {
    /// `events.codec`.
    pub codec: i64,
    /// `events.data`: the text, or empty when compressed.
    pub text: &'a str,
    /// `events.data_z`: the frame, when compressed.
    pub frame: Option<Vec<u8>>,
}

/// How `data` is best kept: compressed when the frame is smaller than
/// seven eighths of the text, else as it is.
pub(crate) fn encode(data: &str) -> Stored<'_> {
    let plain = Stored {
        codec: PLAIN,
        text: data,
        frame: None,
    };
    if !(SMALLEST..=LARGEST).contains(&data.len()) {
        return plain;
    }
    match compress(data.as_bytes()) {
        Ok(frame) if frame.len() < data.len() / 8 * 7 => Stored {
            codec: ZSTD,
            text: "",
            frame: Some(frame),
        },
        // A compressor that cannot allocate leaves the text as it came.
        _ => plain,
    }
}

fn compress(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut compressor = zstd::bulk::Compressor::new(LEVEL)?;
    compressor.include_checksum(true)?;
    compressor.include_contentsize(true)?;
    compressor.compress(data)
}

/// Why a row's data could not be read back.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Undecodable {
    #[error(
        "an event's data is kept in a form ({0}) this console does not know. Update the console."
    )]
    UnknownCodec(i64),
    #[error(
        "an event's data could not be decompressed ({0}); the file is damaged. Run `PRAGMA \
         integrity_check` on it, or restore it from a backup."
    )]
    Damaged(String),
}

/// An event's data from a row whose columns from `at` on are
/// [`DATA_COLUMNS`]: the text exactly as received, whatever the codec.
pub(crate) fn data_at(row: &Row<'_>, at: usize) -> rusqlite::Result<String> {
    let codec: i64 = row.get(at)?;
    match codec {
        PLAIN => row.get(at + 1),
        ZSTD => {
            let frame = row.get_ref(at + 2)?.as_blob()?;
            decode(frame).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(at + 2, Type::Blob, e.into())
            })
        }
        other => Err(rusqlite::Error::FromSqlConversionFailure(
            at,
            Type::Integer,
            Undecodable::UnknownCodec(other).into(),
        )),
    }
}

thread_local! {
    /// One decoder per thread, kept: making one costs a good part of
    /// decoding an analysis, and opening a run decodes each event. It
    /// keeps no window between frames (a few hundred KB at most).
    static DECODER: RefCell<Option<Decompressor<'static>>> = const { RefCell::new(None) };
}

fn decode(frame: &[u8]) -> Result<String, Undecodable> {
    let damaged = |e: std::io::Error| Undecodable::Damaged(e.to_string());
    let bytes = DECODER.with_borrow_mut(|decoder| {
        let decoder = match decoder {
            Some(decoder) => decoder,
            None => decoder.insert(Decompressor::new().map_err(damaged)?),
        };
        decoder.decompress(frame, LARGEST).map_err(damaged)
    })?;
    String::from_utf8(bytes).map_err(|e| Undecodable::Damaged(e.to_string()))
}

/// How many bytes of text migration 5 holds in memory at once.
const BATCH_BYTES: usize = 16 << 20;

/// Migration 5's rewrite, in the migration's transaction: every event
/// kept as text is compressed where that pays, in batches of at most
/// [`BATCH_BYTES`] of text, walking the primary key so a row left as text
/// is not read twice. The space freed stays in the file for new events
/// (no `VACUUM`: on a large history it would hold the window for minutes).
pub(crate) fn compress_stored(tx: &Transaction<'_>) -> Result<(), Error> {
    let mut after = (i64::MIN, i64::MIN);
    loop {
        let batch = {
            let mut statement = tx.prepare(
                "SELECT run_id, position, data FROM events
                 WHERE codec = 0 AND (run_id, position) > (?1, ?2)
                 ORDER BY run_id, position",
            )?;
            let mut rows = statement.query(params![after.0, after.1])?;
            let (mut batch, mut bytes) = (Vec::new(), 0);
            while bytes < BATCH_BYTES
                && let Some(row) = rows.next()?
            {
                let data: String = row.get(2)?;
                bytes += data.len();
                batch.push((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?, data));
            }
            batch
        };
        let Some(last) = batch.last() else {
            return Ok(());
        };
        after = (last.0, last.1);
        let mut update = tx.prepare_cached(
            "UPDATE events SET codec = ?3, data = ?4, data_z = ?5
             WHERE run_id = ?1 AND position = ?2",
        )?;
        for (run, position, data) in &batch {
            let stored = encode(data);
            if stored.codec != PLAIN {
                update.execute(params![
                    run,
                    position,
                    stored.codec,
                    stored.text,
                    stored.frame
                ])?;
            }
        }
    }
}

#[cfg(test)]
mod figures;
#[cfg(test)]
mod tests;
