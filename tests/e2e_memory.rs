//! Nothing readable left after locking: after a journey in the real window (unlock, record a
//! referral, view it, the case list), the app's memory is scanned through `/proc/PID/mem`.
//! While unlocked the data key, the case's row as SQLite stores it and its name as the search
//! index folds it are there (the scan can see them); once locked none of them, nor the
//! passphrase or the key in hex, is in the app's process, in UTF-8 or UTF-16. The name as
//! the window sent and showed it is printed, not asserted: WebKit's side of the window, in
//! the app's process, keeps copies in its own allocator that nothing outside it can wipe
//! (the README says which). So is what the webview's processes hold.
//!
//! The sensitive text is typed one key at a time and never read back through WebDriver: the
//! automation session runs inside the app's process, and a whole string sent or returned
//! through it would be a copy no person's typing makes.
#![cfg(target_os = "linux")]

mod common;

use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::FileExt;

use channel_desk_core::casework::CaseQuery;
use chrono::Datelike;
use common::App;

const PASS: &str = "Quince lantern orbit 7306 velvet";
const NAME: &str = "Zenobia Quillfeather-Ōtsuka";
const KEY: &str = "the data key (32 raw bytes)";
const ROW: &str = "the case's row as SQLite stores it (sector, name)";
const FOLDED: &str = "the name as the search index folds it";

/// A process: its id, parent and name (`comm`, at most 15 bytes).
struct Process {
    pid: u32,
    parent: u32,
    name: String,
}

fn processes() -> Vec<Process> {
    fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| {
            let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
            let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // "pid (name) state parent …": the name may hold spaces and parentheses.
            let (head, tail) = stat.rsplit_once(')')?;
            let name = head.split_once('(')?.1.to_owned();
            let parent = tail.split_whitespace().nth(1)?.parse().ok()?;
            Some(Process { pid, parent, name })
        })
        .collect()
}

/// The processes descending from `root`, with their names.
fn descendants(root: u32) -> Vec<(u32, String)> {
    let all = processes();
    let mut found = Vec::new();
    let mut parents = vec![root];
    while let Some(parent) = parents.pop() {
        for p in all.iter().filter(|p| p.parent == parent) {
            parents.push(p.pid);
            found.push((p.pid, p.name.clone()));
        }
    }
    found
}

/// What to look for: a label, its bytes, and whether locking must leave none in the app.
struct Needle {
    what: String,
    bytes: Vec<u8>,
    must_go: bool,
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Each text in UTF-8 (also Latin-1 for ASCII, as WebKit keeps 8-bit strings) and UTF-16LE,
/// and the raw data key.
fn needles(texts: &[(&str, &str, bool)], key: &[u8]) -> Vec<Needle> {
    let mut all = vec![Needle {
        what: KEY.into(),
        bytes: key.to_vec(),
        must_go: true,
    }];
    for &(what, text, must_go) in texts {
        all.push(Needle {
            what: format!("{what} in UTF-8"),
            bytes: text.as_bytes().to_vec(),
            must_go,
        });
        all.push(Needle {
            what: format!("{what} in UTF-16"),
            bytes: utf16(text),
            must_go,
        });
    }
    all
}

/// One place a needle was found: the mapping's line in `/proc/PID/maps`, the address and
/// the bytes around it, printable.
struct Hit {
    mapping: String,
    address: usize,
    around: String,
}

fn printable(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '.'
            }
        })
        .collect()
}

/// The mappings of `pid` that can be read and hold something: their line in
/// `/proc/PID/maps` and their range. Mappings of which no page is in memory or swapped out
/// (the webview's allocators reserve tens of gigabytes) are passed over.
fn resident_mappings(pid: u32) -> Vec<(String, usize, usize)> {
    let smaps = fs::read_to_string(format!("/proc/{pid}/smaps")).expect("the process's maps");
    let mut mappings = Vec::new();
    let mut current: Option<(String, usize, usize)> = None;
    let mut held_kib = 0;
    let mut finish = |current: Option<(String, usize, usize)>, held_kib: usize| {
        if let Some(mapping) = current.filter(|_| held_kib > 0) {
            mappings.push(mapping);
        }
    };
    for line in smaps.lines() {
        let first = line.split_whitespace().next().unwrap_or_default();
        if let Some((start, end)) = first.split_once('-') {
            let (Ok(start), Ok(end)) = (
                usize::from_str_radix(start, 16),
                usize::from_str_radix(end, 16),
            ) else {
                continue;
            };
            finish(current.take(), held_kib);
            held_kib = 0;
            let perms = line.split_whitespace().nth(1).unwrap_or_default();
            let special = line.ends_with("[vvar]") || line.ends_with("[vsyscall]");
            if perms.starts_with('r') && !special {
                current = Some((line.to_owned(), start, end));
            }
        } else if first == "Rss:" || first == "Swap:" {
            held_kib += line
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
        }
    }
    finish(current, held_kib);
    mappings
}

/// The runs of pages of `start..end` that are in memory or swapped out, from
/// `/proc/PID/pagemap` (bit 63: present, bit 62: swapped).
fn resident_runs(pagemap: &fs::File, start: usize, end: usize) -> Vec<(usize, usize)> {
    const PAGE: usize = 4096;
    const HELD: u64 = 0b11 << 62;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut page = start / PAGE;
    let mut entries = vec![0u8; 8 * 65_536];
    while page < end / PAGE {
        let count = (end / PAGE - page).min(65_536);
        let read = pagemap
            .read_at(&mut entries[..8 * count], (page * 8) as u64)
            .unwrap_or(0);
        if read == 0 {
            break;
        }
        for (i, entry) in entries[..read].chunks_exact(8).enumerate() {
            if u64::from_le_bytes(entry.try_into().unwrap()) & HELD == 0 {
                continue;
            }
            let at = (page + i) * PAGE;
            match runs.last_mut() {
                Some(run) if run.1 == at => run.1 += PAGE,
                _ => runs.push((at, at + PAGE)),
            }
        }
        page += read / 8;
    }
    runs
}

/// Reads every page of `pid` that is readable and held (in memory or swapped out) through
/// `/proc/PID/mem` and finds each needle. Pages that cannot be read are passed over.
fn scan(pid: u32, needles: &[Needle]) -> HashMap<String, Vec<Hit>> {
    let mem = fs::File::open(format!("/proc/{pid}/mem")).unwrap_or_else(|e| {
        panic!(
            "process {pid}'s memory cannot be read ({e}): the app is not dumpable, so the \
             test must run as root (CAP_SYS_PTRACE), as `make test` and CI do"
        )
    });
    let pagemap = fs::File::open(format!("/proc/{pid}/pagemap")).expect("the process's pagemap");
    let finders: Vec<_> = needles
        .iter()
        .map(|n| memchr::memmem::Finder::new(&n.bytes))
        .collect();
    let mut hits: HashMap<String, Vec<Hit>> = HashMap::new();
    let mut read_bytes = 0;
    for (mapping, start, end) in resident_mappings(pid) {
        for (from, to) in resident_runs(&pagemap, start, end) {
            let mut buf = vec![0u8; to - from];
            let Ok(read) = mem.read_at(&mut buf, from as u64) else {
                continue;
            };
            buf.truncate(read);
            read_bytes += read;
            for (needle, finder) in needles.iter().zip(&finders) {
                for offset in finder.find_iter(&buf) {
                    let before = offset.saturating_sub(24);
                    let after = (offset + needle.bytes.len() + 24).min(buf.len());
                    hits.entry(needle.what.clone()).or_default().push(Hit {
                        mapping: mapping.clone(),
                        address: from + offset,
                        around: printable(&buf[before..after]),
                    });
                }
            }
        }
    }
    assert!(
        read_bytes > 0,
        "nothing of process {pid}'s memory could be read"
    );
    hits
}

fn report(process: &str, hits: &HashMap<String, Vec<Hit>>) {
    if hits.is_empty() {
        println!("{process}: none found");
    }
    for (what, places) in hits {
        println!("{process}: {what}: {} found", places.len());
        for hit in places.iter().take(6) {
            println!(
                "    {:#x} in {}\n        {}",
                hit.address, hit.mapping, hit.around
            );
        }
    }
}

/// Waits until the page's heading reads `text`, comparing in the page: reading a heading
/// back through WebDriver would put a case's name into the app's memory.
async fn wait_heading_is(app: &App, text: &str) {
    let script = format!(
        "const h = document.getElementById('page-heading'); return !!h && h.textContent === {text:?};"
    );
    for _ in 0..100 {
        if app.js(&script).await.as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the heading never became {text:?}");
}

/// Tabs to a field and types `text` one key at a time, as a person would.
async fn type_by_key(app: &App, id: &str, text: &str) {
    app.tab_to(id).await;
    for c in text.chars() {
        app.keys(&c.to_string()).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn after_locking_the_app_holds_no_passphrase_key_or_decrypted_record() {
    let mut recovery = String::new();
    let app = App::start_with(|db| {
        let paths = channel_desk_core::Paths::new(db);
        let first = channel_desk_core::FirstPerson {
            full_name: "Sunita Rao",
            username: "sunita",
            passphrase: PASS,
            passphrase_confirm: PASS,
        };
        let (session, key) = channel_desk_core::create(&paths, &first).unwrap();
        recovery = key.replace('-', "");
        session.lock("test").unwrap();
    })
    .await;
    let key: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&recovery[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let lower_hex = recovery.to_lowercase();
    let texts = [
        ("the passphrase", PASS, true),
        (
            "the data key in hex, as in PRAGMA key",
            lower_hex.as_str(),
            true,
        ),
        (
            "the data key in hex, as the recovery key",
            recovery.as_str(),
            true,
        ),
        (ROW, "communityZenobia Quillfeather-Ōtsuka", true),
        (FOLDED, "zenobia quillfeather-otsuka", true),
        ("the case's name", NAME, false),
        ("the name's distinctive part", "Quillfeather", false),
    ];
    let needles = needles(&texts, &key);

    wait_heading_is(&app, "Unlock Channel Desk").await;
    type_by_key(&app, "username", "sunita").await;
    type_by_key(&app, "passphrase", PASS).await;
    app.press("unlock-form-submit").await;
    for _ in 0..100 {
        let open = app
            .js("return !document.getElementById('lock-button').hidden")
            .await;
        if open.as_bool() == Some(true) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // A referral for a person of 67, the name typed key by key; the record shows on saving.
    app.press("nav-cases").await;
    wait_heading_is(&app, "Referrals and cases").await;
    app.press("new-referral").await;
    wait_heading_is(&app, "Record a referral").await;
    let received = channel_desk_core::common::dates::today() - chrono::Duration::days(3);
    app.fill_date("received_on", received).await;
    app.fill("referrer_name", "Community centre").await;
    app.tab_to("referrer_sector").await;
    app.keys("Community").await;
    type_by_key(&app, "full_name", NAME).await;
    app.fill("approximate_age", "67").await;
    app.tab_to("gender").await;
    app.keys("Female").await;
    app.tab_to("ethnicity").await;
    app.keys("Not").await;
    app.tab_to("concern_type").await;
    app.keys("Conflicted").await;
    app.fill("concern", "Leaflets left in the centre").await;
    app.press("referral-form-submit").await;
    app.wait_notice("Referral recorded").await;
    app.wait("case-summary").await;

    // The list shows the name too; the case opens from it.
    let reference = format!("CH-{}-0001", received.year());
    app.press("nav-cases").await;
    wait_heading_is(&app, "Referrals and cases").await;
    app.press(&format!("open-{reference}")).await;
    app.wait("case-summary").await;

    let app_pid = || {
        descendants(app.driver_pid())
            .into_iter()
            .find(|(_, name)| name == "channel-desk")
            .expect("the app runs under the driver")
            .0
    };
    let pid = app_pid();
    let unlocked = scan(pid, &needles);
    report("app process, unlocked", &unlocked);
    for seen in [
        KEY.into(),
        format!("{ROW} in UTF-8"),
        format!("{FOLDED} in UTF-8"),
    ] {
        assert!(
            unlocked.contains_key(&seen),
            "while unlocked the scan sees {seen}: it can find what is there"
        );
    }

    app.press("lock-button").await;
    wait_heading_is(&app, "Unlock Channel Desk").await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;

    let locked = scan(pid, &needles);
    for (child, name) in descendants(pid) {
        if name.starts_with("WebKit") {
            report(&format!("{name} {child}, locked"), &scan(child, &needles));
        }
    }
    report("app process, locked", &locked);
    // The journey really recorded the case under that name, as typed key by key.
    let paths = channel_desk_core::Paths::new(&app.db);
    let mut session = channel_desk_core::unlock(&paths, "sunita", PASS, chrono::Utc::now())
        .unwrap()
        .session;
    let page = session
        .list_cases(&CaseQuery {
            search: NAME.into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    session.lock("test").unwrap();
    let left: Vec<&String> = needles
        .iter()
        .filter(|n| n.must_go && locked.contains_key(&n.what))
        .map(|n| &n.what)
        .collect();
    assert!(
        left.is_empty(),
        "after locking, the app's process still holds {left:?}"
    );
    app.stop().await;
}
