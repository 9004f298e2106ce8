//! How WebKitGTK draws the window, chosen before GTK starts. On a machine
//! without a GPU (a virtual machine, a remote or VDI desktop, a CI box),
//! WebKit's compositing mode renders through Mesa's software OpenGL
//! (llvmpipe): it loads LLVM into the web process, compiles shaders on the
//! CPU the first time each kind of content is drawn, and measured here cost
//! about 65 MB and most of both cores while an analysis is painted
//! (`scripts/figures`, the `_no_compositing` lines). There the console
//! turns compositing off, as `WEBKIT_DISABLE_COMPOSITING_MODE=1` does. With
//! a GPU, compositing stays on: the GPU does that work, and scrolling a long
//! analysis stays smooth. A duty manager's own setting of the variable
//! (`0` or `1`) always wins. `web_engine.rs` applies the choice.

use std::ffi::OsString;
use std::path::Path;

/// WebKit's switch for its compositing mode: any value but `0` turns it off.
pub(crate) const COMPOSITING_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// What the console does about WebKit's compositing mode, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rendering {
    /// Leave WebKit as it is: the user set the variable.
    UserChose,
    /// Leave WebKit as it is: a GPU render node is there.
    Gpu,
    /// Compositing off: no GPU, and nobody chose.
    CompositingOff,
}

impl Rendering {
    /// For the log's first lines.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Self::UserChose => "as WEBKIT_DISABLE_COMPOSITING_MODE says (set by the user)",
            Self::Gpu => "compositing on: a GPU render node is there",
            Self::CompositingOff => {
                "compositing off: no GPU render node (WEBKIT_DISABLE_COMPOSITING_MODE=1)"
            }
        }
    }

    /// The variable to set before WebKit starts, if any.
    pub(crate) fn setting(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::UserChose | Self::Gpu => None,
            Self::CompositingOff => Some((COMPOSITING_VAR, "1")),
        }
    }

    /// The choice on this machine, where `chosen` is the user's value of
    /// [`COMPOSITING_VAR`].
    pub(crate) fn on_this_machine(chosen: Option<&OsString>) -> Self {
        choose(chosen, &render_nodes(Path::new("/dev/dri")))
    }
}

/// The choice for a machine where `chosen` is the user's value of
/// [`COMPOSITING_VAR`] and
/// `render_nodes` lists `/dev/dri` (`renderD128`...; empty without one),
/// each with whether this user may open it as Mesa does (read and write).
/// A node the user may not open (not in the `render` group, a container
/// that lists the device without granting it) is no GPU for WebKit.
pub(crate) fn choose(chosen: Option<&OsString>, render_nodes: &[(OsString, bool)]) -> Rendering {
    let gpu = render_nodes
        .iter()
        .any(|(name, usable)| *usable && name.to_string_lossy().starts_with("renderD"));
    if chosen.is_some() {
        Rendering::UserChose
    } else if gpu {
        Rendering::Gpu
    } else {
        Rendering::CompositingOff
    }
}

/// The names in `dri` (none when it does not exist), each with whether it
/// opens for reading and writing. Only render nodes are opened, and closed
/// at once: opening one has no effect on the device.
fn render_nodes(dri: &Path) -> Vec<(OsString, bool)> {
    let Ok(entries) = std::fs::read_dir(dri) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| {
            let name = entry.file_name();
            let usable = name.to_string_lossy().starts_with("renderD")
                && std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(entry.path())
                    .is_ok();
            (name, usable)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositing_is_turned_off_only_without_a_usable_gpu_and_a_choice() {
        let os = |s: &str| OsString::from(s);
        // (the user's value, /dev/dri's entries and whether each opens, the choice)
        let table: &[(Option<&str>, &[(&str, bool)], Rendering)] = &[
            (None, &[], Rendering::CompositingOff),
            (None, &[("by-path", false)], Rendering::CompositingOff),
            (None, &[("card0", false)], Rendering::CompositingOff),
            (
                None,
                &[("card0", false), ("renderD128", true)],
                Rendering::Gpu,
            ),
            (None, &[("renderD129", true)], Rendering::Gpu),
            // Listed, but this user may not open it.
            (None, &[("renderD128", false)], Rendering::CompositingOff),
            (
                None,
                &[("renderD128", false), ("renderD129", true)],
                Rendering::Gpu,
            ),
            (Some("0"), &[], Rendering::UserChose),
            (Some("1"), &[], Rendering::UserChose),
            (Some(""), &[], Rendering::UserChose),
            (Some("1"), &[("renderD128", true)], Rendering::UserChose),
        ];
        for (chosen, nodes, expected) in table {
            let chosen = chosen.map(os);
            let nodes: Vec<(OsString, bool)> = nodes.iter().map(|(n, u)| (os(n), *u)).collect();
            assert_eq!(
                choose(chosen.as_ref(), &nodes),
                *expected,
                "{chosen:?} with {nodes:?}"
            );
        }
    }

    #[test]
    fn a_render_node_counts_only_when_it_opens_for_reading_and_writing() {
        let dri = tempfile::tempdir().unwrap();
        // A file opens; a directory of the same kind of name does not, as a
        // node this user may not open would not.
        std::fs::write(dri.path().join("renderD128"), b"").unwrap();
        std::fs::create_dir(dri.path().join("renderD129")).unwrap();
        std::fs::write(dri.path().join("card0"), b"").unwrap();
        let mut nodes = render_nodes(dri.path());
        nodes.sort();
        let expected = [
            ("card0", false),
            ("renderD128", true),
            ("renderD129", false),
        ];
        let expected: Vec<(OsString, bool)> = expected
            .iter()
            .map(|(n, u)| (OsString::from(n), *u))
            .collect();
        assert_eq!(nodes, expected);
        assert!(render_nodes(&dri.path().join("absent")).is_empty());
    }
}
