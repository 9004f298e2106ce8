//! Memory of one application as the system counts it: the app's process
//! and every process it started (WebKit's web and network processes),
//! found by a tag in their environment, summed as PSS (shared pages shared
//! out, so the sum is honest across processes) and RSS.

/// Kilobytes of one application's processes: all of them, and the web
/// process alone (where the page's DOM, styles and script live).
#[derive(Debug, Default, Clone)]
pub(crate) struct Memory {
    /// PSS of every process, kB.
    pub(crate) pss: u64,
    /// RSS of every process, kB (shared libraries counted once per process).
    pub(crate) rss: u64,
    /// PSS of WebKit's web process, kB.
    pub(crate) web_pss: u64,
    /// The web process's anonymous PSS, kB: the page's DOM, styles, script
    /// heap and painted tiles, without WebKit's and the libraries' code.
    pub(crate) web_anon_pss: u64,
    /// PSS of the app's own process, kB (not WebKit's helpers).
    pub(crate) app_pss: u64,
    /// The part of `app_pss` that is the app's executable mapped in, kB:
    /// its code and constant data that have been touched.
    pub(crate) app_binary_pss: u64,
    /// How many processes were counted.
    pub(crate) processes: usize,
    /// `JSC_useJIT` in the web process's environment as it started: the
    /// console's engine setting reaching it (`src/script_jit.rs`).
    pub(crate) web_use_jit: Option<String>,
}

impl Memory {
    /// The application whose main process is named `comm` (as
    /// `/proc/PID/comm` has it: the first 15 bytes of the binary's name)
    /// and whose environment holds `SKYMARSHAL_FIGURES_TAG=tag`, with its
    /// descendants. All zero when it is not running.
    pub(crate) fn of(comm: &str, tag: &str) -> Self {
        let marker = format!("SKYMARSHAL_FIGURES_TAG={tag}");
        let processes: Vec<(u32, u32)> = std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter_map(|pid| {
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
                let after = &stat[stat.rfind(')')? + 2..];
                Some((pid, after.split_whitespace().nth(1)?.parse().ok()?))
            })
            .collect();
        let tagged = |pid: u32| {
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            environ.split(|b| *b == 0).any(|v| v == marker.as_bytes())
        };
        let short: String = comm.chars().take(15).collect();
        let Some(app) = processes
            .iter()
            .map(|p| p.0)
            .find(|pid| name(*pid) == short && tagged(*pid))
        else {
            return Self::default();
        };
        let mut family = vec![app];
        let mut i = 0;
        while i < family.len() {
            let parent = family[i];
            family.extend(processes.iter().filter(|p| p.1 == parent).map(|p| p.0));
            i += 1;
        }
        let pss = |pid: u32| field_kb(&format!("/proc/{pid}/smaps_rollup"), "Pss:");
        let web: Vec<u32> = family
            .iter()
            .copied()
            .filter(|pid| name(*pid).starts_with("WebKitWebProces"))
            .collect();
        Self {
            pss: family.iter().map(|pid| pss(*pid)).sum(),
            rss: family
                .iter()
                .map(|pid| field_kb(&format!("/proc/{pid}/status"), "VmRSS:"))
                .sum(),
            web_pss: web.iter().map(|pid| pss(*pid)).sum(),
            web_anon_pss: web
                .iter()
                .map(|pid| field_kb(&format!("/proc/{pid}/smaps_rollup"), "Pss_Anon:"))
                .sum(),
            app_pss: pss(app),
            app_binary_pss: binary_pss(app),
            processes: family.len(),
            web_use_jit: web.first().and_then(|pid| environ_var(*pid, "JSC_useJIT")),
        }
    }

    /// `name_pss`, `name_rss`, `name_web_pss`, `name_web_anon_pss`,
    /// `name_app_pss` and `name_app_binary_pss` as figure lines, in MB.
    pub(crate) fn lines(&self, name: &str) -> Vec<String> {
        vec![
            format!("{name}_pss {:.1} MB", mb(self.pss)),
            format!("{name}_rss {:.1} MB", mb(self.rss)),
            format!("{name}_web_pss {:.1} MB", mb(self.web_pss)),
            format!("{name}_web_anon_pss {:.1} MB", mb(self.web_anon_pss)),
            format!("{name}_app_pss {:.1} MB", mb(self.app_pss)),
            format!("{name}_app_binary_pss {:.1} MB", mb(self.app_binary_pss)),
        ]
    }

    /// `name_vs_bare`: this PSS as a multiple of `bare`'s, and the web
    /// process's the same way.
    pub(crate) fn ratio_lines(&self, name: &str, bare: &Self) -> Vec<String> {
        vec![
            format!("{name}_pss_vs_bare {:.2} x", ratio(self.pss, bare.pss)),
            format!(
                "{name}_web_pss_vs_bare {:.2} x",
                ratio(self.web_pss, bare.web_pss)
            ),
        ]
    }
}

pub(crate) fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn ratio(value: u64, reference: u64) -> f64 {
    if reference == 0 {
        f64::NAN
    } else {
        value as f64 / reference as f64
    }
}

/// `var`'s value in `pid`'s environment as it started.
fn environ_var(pid: u32, var: &str) -> Option<String> {
    let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
    let prefix = format!("{var}=");
    environ
        .split(|b| *b == 0)
        .find_map(|v| v.strip_prefix(prefix.as_bytes()))
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

fn name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn field_kb(path: &str, field: &str) -> u64 {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// PSS of the mappings of `pid`'s own executable (`/proc/PID/exe`), kB.
fn binary_pss(pid: u32) -> u64 {
    let Ok(exe) = std::fs::read_link(format!("/proc/{pid}/exe")) else {
        return 0;
    };
    let exe = exe.to_string_lossy().into_owned();
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut inside = false;
    let mut total = 0;
    for line in smaps.lines() {
        // A mapping's header starts with its address range; its path is last.
        let header = line.split_whitespace().next().is_some_and(|range| {
            range.contains('-') && range.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
        });
        if header {
            inside = line.ends_with(&exe);
        } else if inside && let Some(value) = line.strip_prefix("Pss:") {
            total += value
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    total
}
