//! Which functions the console's start-up runs, for the linker to put
//! together at the front of its code (`src-tauri/startup-order.txt`, read
//! by `src-tauri/build.rs` for release builds).
//!
//! Why: the kernel maps an executable's code 64 KB at a time around each
//! page a program runs ("fault-around"). The console's start-up runs code
//! on about 4 MB of pages spread over 24 MB, so at idle most of the code
//! was mapped in; put together, far less is (ARCHITECTURE.md, "Start-up
//! code together").
//!
//! Inputs, both from `scripts/order-startup-code`:
//! - the LLD map of a release build (`-Wl,-Map=…`), whose input sections
//!   are one function each (`.text.<symbol>`, Rust's and the C libraries'
//!   function sections);
//! - the probe's list of the code pages that build ran, one link-time
//!   address in hexadecimal a line, after `#` lines (`probe.c`).
//!
//! Output (stdout): the symbol of every function on a page that ran, in
//! the map's order, each once: LLD's `--symbol-ordering-file`. Pages, not
//! functions, are what the probe sees, so a function that shares a page
//! with start-up code is listed with it.

// A command-line tool: its output is the order file, its progress and
// errors go to the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashSet;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};

const PAGE: u64 = 4096;

/// One line of an LLD map: `VMA LMA Size Align` then the name, indented
/// by its depth (0 an output section, 8 an input section, 16 a symbol).
struct MapLine<'a> {
    address: u64,
    size: u64,
    depth: usize,
    name: &'a str,
}

fn parse_line(line: &str) -> Option<MapLine<'_>> {
    let mut rest = line;
    let mut numbers = [0_u64; 4];
    for number in &mut numbers {
        let start = rest.len() - rest.trim_start().len();
        let end = rest[start..].find(' ')? + start;
        *number = u64::from_str_radix(&rest[start..end], 16).ok()?;
        rest = &rest[end..];
    }
    // One space after the alignment, then the name's own indent.
    let rest = rest.strip_prefix(' ')?;
    let name = rest.trim_start();
    Some(MapLine {
        address: numbers[0],
        size: numbers[2],
        depth: rest.len() - name.len(),
        name: name.trim_end(),
    })
}

/// The function an input section holds: `obj.o:(.text.<symbol>)`, with
/// the compilers' `.text.unlikely.` and `.text.startup.` prefixes.
fn function_of(input_section: &str) -> Option<&str> {
    let section = input_section.rsplit_once(":(")?.1.strip_suffix(')')?;
    let symbol = section.strip_prefix(".text.")?;
    let symbol = ["unlikely.", "startup.", "hot."]
        .iter()
        .find_map(|prefix| symbol.strip_prefix(prefix))
        .unwrap_or(symbol);
    Some(symbol)
}

/// The symbols of the `.text` input sections of `map` that overlap a page
/// in `ran` (page numbers), in the map's order, each once; and the bytes
/// of code they hold.
fn order(map: &str, ran: &HashSet<u64>) -> (Vec<String>, u64) {
    let mut in_text = false;
    let mut seen = HashSet::new();
    let mut symbols = Vec::new();
    let mut bytes = 0;
    for line in map.lines().skip(1).filter_map(parse_line) {
        match line.depth {
            0 => in_text = line.name == ".text",
            8 if in_text && line.size > 0 => {
                let first = line.address / PAGE;
                let last = (line.address + line.size - 1) / PAGE;
                if (first..=last).any(|page| ran.contains(&page))
                    && let Some(symbol) = function_of(line.name)
                    && seen.insert(symbol)
                {
                    symbols.push(symbol.to_owned());
                    bytes += line.size;
                }
            }
            _ => {}
        }
    }
    (symbols, bytes)
}

/// The page numbers of the probe's list; `Err` names the first line that
/// is not a hexadecimal address. `#` lines are the probe's notes.
fn pages_ran(list: &str) -> Result<HashSet<u64>, String> {
    list.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(number, line)| {
            u64::from_str_radix(line, 16)
                .map(|address| address / PAGE)
                .map_err(|_| format!("line {number} is not a hexadecimal address: {line:?}"))
        })
        .collect()
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [map_path, ran_path] = args.as_slice() else {
        bail!("usage: startup-order MAP PAGES_RAN > src-tauri/startup-order.txt");
    };
    let map =
        std::fs::read_to_string(map_path).with_context(|| format!("reading the map {map_path}"))?;
    let list = std::fs::read_to_string(ran_path)
        .with_context(|| format!("reading the pages {ran_path}"))?;
    let ran = pages_ran(&list).map_err(|why| anyhow!("{ran_path}: {why}"))?;
    if ran.is_empty() {
        bail!(
            "{ran_path} lists no page: the probed program ran none of its code, or the probe did not load"
        );
    }
    let (symbols, bytes) = order(&map, &ran);
    if symbols.is_empty() {
        bail!(
            "no function of {map_path} is on a page of {ran_path}: is the map from the probed build?"
        );
    }
    eprintln!(
        "{} pages ran; {} functions, {} KB of code, to go first",
        ran.len(),
        symbols.len(),
        bytes / 1024
    );
    println!("{}", symbols.join("\n"));
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("startup-order: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = "\
             VMA              LMA     Size Align Out     In      Symbol
             2e0              2e0       1c     1 .interp
          8ee300           8ee300     3000    64 .text
          8ee300           8ee300       22    16         /usr/lib/Scrt1.o:(.text)
          8ee300           8ee300       22     1                 _start
          8ee3f0           8ee3f0       4d    16         /t/a.o:(.text._RNvCs1_4core5first)
          8ee3f0           8ee3f0       4d     1                 core::first
          8ef000           8ef000      100    16         /t/a.o:(.text.unlikely._RNvCs1_4core4cold)
          8ef000           8ef000      100     1                 core::cold
          8ef100           8ef100       10    16         /t/c.o:(.text._RNvCs1_4core5first)
          8ef100           8ef100       10     1                 core::first
          8f0ff0           8f0ff0       20    16         /t/b.o:(.text.sqlite3_open)
          8f0ff0           8f0ff0       20     1                 sqlite3_open
          8f2000           8f2000       20    16         /t/b.o:(.text.hot.main_hot)
          8f2000           8f2000       20     1                 main_hot
          8f1100           8f1100       10    16 .rodata
          8f1100           8f1100       10    16         /t/a.o:(.text.not_code)
";

    #[test]
    fn functions_on_pages_that_ran_come_out_in_the_maps_order_each_once() {
        // (pages ran, functions out): a function spanning two pages counts
        // for either; a section with no function name is left to the
        // linker; a name twice in the map (ThinLTO's copies) comes out once.
        for (pages, expected) in [
            (vec![0x8ee], vec!["_RNvCs1_4core5first"]),
            (
                vec![0x8ef],
                vec!["_RNvCs1_4core4cold", "_RNvCs1_4core5first"],
            ),
            (vec![0x8f1], vec!["sqlite3_open"]),
            (
                vec![0x8f0, 0x8ee],
                vec!["_RNvCs1_4core5first", "sqlite3_open"],
            ),
            (vec![0x8f2], vec!["main_hot"]),
            (vec![0x900], vec![]),
        ] {
            let ran: HashSet<u64> = pages.into_iter().collect();
            assert_eq!(order(MAP, &ran).0, expected, "pages {ran:x?}");
        }
    }

    #[test]
    fn the_probes_list_is_read_or_its_bad_line_named() {
        for (list, expected) in [
            ("# build-id ab12\n8ee000\n8ef000\n", Ok(vec![0x8ee, 0x8ef])),
            ("8ee123\n\n8ee000\n", Ok(vec![0x8ee])),
            ("# build-id ab12\n", Ok(vec![])),
            (
                "8ee000\nnot-hex\n",
                Err("line 2 is not a hexadecimal address: \"not-hex\""),
            ),
            (
                "0x8ee000\n",
                Err("line 1 is not a hexadecimal address: \"0x8ee000\""),
            ),
        ] {
            let got = pages_ran(list).map(|pages| {
                let mut pages: Vec<u64> = pages.into_iter().collect();
                pages.sort_unstable();
                pages
            });
            assert_eq!(got, expected.map_err(str::to_owned), "{list:?}");
        }
    }
}
