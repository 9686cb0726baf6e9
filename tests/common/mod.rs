//! Shared by every end-to-end test binary; each uses a part of it.
#![allow(dead_code)]
//! Driving the real Channel Desk window: tauri-driver and WebKitWebDriver under Xvfb.
//! Run under `xvfb-run` (the Makefile does); tests using this run one at a time.

use std::io::BufRead;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard};

use channel_desk_core::casework::{
    CategoriesInput, DecisionInput, ReferralInput, ScreeningInput, VafInput,
};
use channel_desk_core::common::dates::today;
use channel_desk_core::Session;
use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const CONTROL: &str = "\u{E009}";
pub const RELEASE: &str = "\u{E000}";
pub const SPACE: &str = " ";
pub const ARROW_DOWN: &str = "\u{E015}";

const PORT: u16 = 4444;

/// A database for a test window: its administrator Sunita Rao (username `sunita`, passphrase
/// `admin`) creates it and confirms its recovery key, `fill` adds what the test needs, and
/// each of `people` (full name, username, role, their own passphrase) gets a slot past the
/// temporary passphrase step.
pub fn database(
    db: &Path,
    admin: &str,
    fill: impl FnOnce(&mut channel_desk_core::Session),
    people: &[(&str, &str, channel_desk_core::Role, &str)],
) {
    let paths = channel_desk_core::Paths::new(db);
    let first = channel_desk_core::FirstPerson {
        full_name: "Sunita Rao",
        username: "sunita",
        passphrase: admin,
        passphrase_confirm: admin,
    };
    let (mut s, recovery) = channel_desk_core::create(&paths, &first).unwrap();
    s.confirm_recovery_key(&recovery).unwrap();
    fill(&mut s);
    let temp = "temporary phrase 42";
    for (name, username, role, _) in people {
        s.add_person(name, username, *role, temp, temp).unwrap();
    }
    s.lock("test").unwrap();
    for (_, username, _, own) in people {
        let mut person = channel_desk_core::unlock(&paths, username, temp, chrono::Utc::now())
            .unwrap()
            .session;
        person.change_passphrase(temp, own, own).unwrap();
        person.lock("test").unwrap();
    }
}

/// The day `days_ago` days before today (after it, when negative) as a date field sends it.
pub fn dmy(days_ago: i64) -> String {
    (today() - chrono::Duration::days(days_ago))
        .format("%-d/%-m/%Y")
        .to_string()
}

/// A referral received `received` days ago, screened and assessed, awaiting the panel, as
/// the secretariat records it.
pub fn awaiting_panel(s: &mut Session, name: &str, age: u32, received: i64) -> i64 {
    let born = today()
        .checked_sub_months(chrono::Months::new(12 * age + 4))
        .unwrap();
    let id = s
        .record_referral(&ReferralInput {
            received_on: dmy(received),
            referrer_name: "Designated safeguarding lead".into(),
            referrer_sector: "education".into(),
            full_name: name.into(),
            address: "4 Acacia Avenue".into(),
            date_of_birth: born.format("%-d/%-m/%Y").to_string(),
            concern_type: "extreme_right_wing".into(),
            concern: "Sharing extremist material".into(),
            mash_informed: if age < 18 { "yes" } else { "" }.into(),
            categories: CategoriesInput {
                gender: "female".into(),
                ethnicity: "not_known".into(),
                needs: Vec::new(),
            },
            ..Default::default()
        })
        .unwrap();
    s.start_screening(id).unwrap();
    s.record_screening(
        id,
        &ScreeningInput {
            screened_on: dmy(received - 5),
            outcome: "suitable_for_channel".into(),
            information_gathering: "Partners shared information".into(),
        },
    )
    .unwrap();
    s.record_assessment(
        id,
        &VafInput {
            assessed_on: dmy(received - 10),
            assessor: "Channel coordinator".into(),
            engagement_summary: "Seeking belonging online".into(),
            intent_summary: "No intent seen".into(),
            capability_summary: "None".into(),
            conclusion: "Suitable for Channel support".into(),
            ..Default::default()
        },
    )
    .unwrap();
    s.send_to_panel(id).unwrap();
    id
}

/// The panel's chair, for `database`'s people: the one person who records a decision outside
/// a panel meeting.
pub const CHAIR: (&str, &str, channel_desk_core::Role, &str) = (
    "Hannah Clarke",
    "hannah",
    channel_desk_core::Role::Chair,
    "the chair's own long passphrase",
);

/// Why the chair's decisions in these tests could not wait for the next panel meeting.
pub const URGENT: &str = "The family moves out of the borough before the next panel meeting";

/// Opens `database`'s file as its `CHAIR` (given among its people) to add what the test needs
/// in the chair's name.
pub fn as_chair(db: &Path, act: impl FnOnce(&mut Session)) {
    let paths = channel_desk_core::Paths::new(db);
    let mut chair = channel_desk_core::unlock(&paths, CHAIR.1, CHAIR.3, chrono::Utc::now())
        .unwrap()
        .session;
    act(&mut chair);
    chair.lock("test").unwrap();
}

/// Records `kind` on the case, `days_ago` days ago, as the chair `s` does outside a panel
/// meeting (an exit for "other" reasons).
pub fn decide(s: &mut Session, id: i64, kind: &str, days_ago: i64) {
    s.record_decision(
        id,
        &DecisionInput {
            decided_on: dmy(days_ago),
            kind: kind.into(),
            rationale: "Agreed by the panel".into(),
            how_reached: "consensus".into(),
            exit_reason: if kind == "exit" { "other" } else { "" }.into(),
            ..Default::default()
        },
        URGENT,
    )
    .unwrap();
}

/// A private `dbus-daemon` (a session bus of the test's own, so that nothing on the desktop's
/// bus is reached), stopped when dropped.
pub struct Bus {
    daemon: Child,
    pub address: String,
}

impl Bus {
    pub fn start() -> Bus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "dbus-daemon (Debian package dbus) is installed: run the tests with `make test`",
            );
        let mut address = String::new();
        std::io::BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        assert!(address.starts_with("unix:"), "dbus-daemon gave no address");
        Bus {
            daemon,
            address: address.trim().to_owned(),
        }
    }

    pub async fn connect(&self) -> zbus::Connection {
        zbus::connection::Builder::address(self.address.as_str())
            .unwrap()
            .build()
            .await
            .unwrap()
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// The texts of the cells in column `column` (from 0) of the table `id`'s body.
pub async fn column(app: &App, id: &str, column: usize) -> Vec<String> {
    let cells = app
        .js(&format!(
            "return [...document.querySelectorAll('#{id} tbody tr')]
               .map(r => r.cells[{column}].innerText.trim())"
        ))
        .await;
    serde_json::from_value(cells).unwrap()
}

/// One WebDriver port: windows in the same test binary take turns.
static SERIAL: Mutex<()> = Mutex::const_new(());

/// One app window on a database of its own. The driver and app stop when it is dropped.
pub struct App {
    pub client: Client,
    pub db: PathBuf,
    /// Where exports are saved without a dialog (`CHANNEL_DESK_EXPORT_DIR`).
    pub exports: PathBuf,
    driver: Child,
    _dir: tempfile::TempDir,
    _serial: MutexGuard<'static, ()>,
}

/// The tauri-driver that `make test` installs into `target/tools`, named by an absolute
/// `CHANNEL_DESK_TAURI_DRIVER`; never one found on PATH or in the home folder.
fn tauri_driver() -> PathBuf {
    std::env::var_os("CHANNEL_DESK_TAURI_DRIVER")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute() && p.exists())
        .unwrap_or_else(|| {
            panic!(
                "CHANNEL_DESK_TAURI_DRIVER must be the absolute path of the tauri-driver that \
                 `make test` installs (target/tools/bin/tauri-driver): run the tests with `make test`"
            )
        })
}

impl App {
    pub async fn start() -> App {
        App::start_with(|_| {}).await
    }

    /// Starts the app on a database that `prepare` has made at the given path.
    pub async fn start_with(prepare: impl FnOnce(&Path)) -> App {
        App::start_with_env(prepare, &[]).await
    }

    /// As `start_with`, with these variables in the app's environment.
    pub async fn start_with_env(prepare: impl FnOnce(&Path), env: &[(&str, &str)]) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "end-to-end tests need a display: run them with `make test` (xvfb-run)"
        );
        let serial = SERIAL.lock().await;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("panel.db");
        prepare(&db);
        let exports = dir.path().join("exports");
        std::fs::create_dir(&exports).unwrap();
        // Its own process group, so that stopping it also stops WebKitWebDriver and the app.
        // No session bus unless the test gives one (`Bus`): a window under test never reaches
        // the desktop's, where a Channel Desk already open would take a second launch over.
        let no_bus = format!("unix:path={}", dir.path().join("no-session-bus").display());
        let driver = Command::new(tauri_driver())
            .process_group(0)
            .args(["--port", &PORT.to_string()])
            .env("CHANNEL_DESK_EXPORT_DIR", &exports)
            .env("DBUS_SESSION_BUS_ADDRESS", no_bus)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        let caps = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": env!("CARGO_BIN_EXE_channel-desk"),
                "args": ["--db", db.to_str().unwrap()],
            }
        });
        let caps = caps.as_object().unwrap().clone();
        let mut client = None;
        for _ in 0..100 {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{PORT}"))
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
        let client = client.expect("the app window opened under tauri-driver");
        App {
            client,
            db,
            exports,
            driver,
            _dir: dir,
            _serial: serial,
        }
    }

    pub async fn wait(&self, id: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("#{id} did not appear: {e}"))
    }

    /// The text of `#id`, read in the page so that a screen re-rendering between finding the
    /// element and reading it cannot leave a stale reference.
    pub async fn text(&self, id: &str) -> String {
        for _ in 0..50 {
            self.wait(id).await;
            let text = self
                .js(&format!(
                    "const e = document.getElementById('{id}'); return e ? e.innerText : null;"
                ))
                .await;
            if let Some(text) = text.as_str() {
                return text.to_owned();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("#{id} kept disappearing");
    }

    /// Runs a script in the page. WebKitWebDriver now and then fails to read a result while
    /// the page is re-rendering ("Could not parse script result"), so a failure is retried.
    pub async fn js(&self, script: &str) -> Value {
        let mut last = None;
        for _ in 0..20 {
            match self.client.execute(script, vec![]).await {
                Ok(value) => return value,
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("script failed: {script}: {last:?}");
    }

    /// Waits until the page's heading reads `text`.
    pub async fn wait_heading(&self, text: &str) {
        for _ in 0..100 {
            let now = self.js("const h = document.getElementById('page-heading'); return h ? h.textContent : '';").await;
            if now.as_str() == Some(text) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let shot = concat!(env!("CARGO_TARGET_TMPDIR"), "/e2e-failure.png");
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(shot, png);
        }
        panic!(
            "the heading never became {text:?}; the page reads:\n{}\n(screenshot: {shot})",
            self.body_text().await
        );
    }

    pub async fn active_id(&self) -> String {
        self.js("return document.activeElement ? document.activeElement.id : ''")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Presses Tab until the control `id` has focus: proof it is reachable by keyboard.
    pub async fn tab_to(&self, id: &str) {
        self.wait(id).await;
        for _ in 0..80 {
            if self.active_id().await == id {
                return;
            }
            self.keys(TAB).await;
        }
        panic!("#{id} could not be reached with the Tab key");
    }

    /// Types into whatever has focus.
    pub async fn keys(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .unwrap()
            .send_keys(keys)
            .await
            .unwrap();
    }

    /// Tabs to a field, selects what it holds (Ctrl+A) and types `text` over it.
    pub async fn fill(&self, id: &str, text: &str) {
        self.tab_to(id).await;
        // The modifier goes in a call of its own: WebKitWebDriver drops text sent after it.
        self.keys(&format!("{CONTROL}a{RELEASE}")).await;
        self.keys(text).await;
        let value = self
            .js(&format!("return document.getElementById('{id}').value"))
            .await;
        assert_eq!(value.as_str(), Some(text), "typing into #{id}");
    }

    /// Tabs to the select `id` and moves down its options with the arrow key until `value` is
    /// chosen (typing a label is not reliable: WebKit's type-ahead stops at a space).
    pub async fn choose(&self, id: &str, value: &str) {
        self.tab_to(id).await;
        let chosen = format!("return document.getElementById('{id}').value");
        for _ in 0..200 {
            if self.js(&chosen).await.as_str() == Some(value) {
                return;
            }
            self.keys(ARROW_DOWN).await;
        }
        panic!("#{id} has no option {value:?} below the one chosen");
    }

    /// Fills a three-field date input (day, month, year).
    pub async fn fill_date(&self, name: &str, date: chrono::NaiveDate) {
        use chrono::Datelike;
        self.fill(name, &date.day().to_string()).await;
        self.fill(&format!("{name}-month"), &date.month().to_string())
            .await;
        self.fill(&format!("{name}-year"), &date.year().to_string())
            .await;
    }

    /// Types a username and passphrase into the unlock form and submits it.
    pub async fn unlock(&self, username: &str, passphrase: &str) {
        self.fill("username", username).await;
        self.fill("passphrase", passphrase).await;
        self.press("unlock-form-submit").await;
    }

    /// Tabs to a control and presses Enter.
    pub async fn press(&self, id: &str) {
        self.tab_to(id).await;
        self.keys(ENTER).await;
    }

    /// Runs axe-core on the page as it is and returns its WCAG 2.2 A/AA violations.
    pub async fn axe_violations(&self) -> Vec<String> {
        let source = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/node_modules/axe-core/axe.min.js"
        ))
        .expect("axe-core is installed by `npm ci` (make test)");
        self.js(&source).await;
        let run = "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
               .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));";
        let mut result = self.client.execute_async(run, vec![]).await;
        for _ in 0..5 {
            if result.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            result = self.client.execute_async(run, vec![]).await;
        }
        let result = result.unwrap_or_else(|e| panic!("axe-core could not run: {e}"));
        serde_json::from_value(result).unwrap()
    }

    pub async fn assert_accessible(&self, screen: &str) {
        let violations = self.axe_violations().await;
        assert!(violations.is_empty(), "{screen}: {violations:#?}");
    }

    pub async fn body_text(&self) -> String {
        self.js("return document.body.innerText")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits for the success or important notice to say `text`.
    pub async fn wait_notice(&self, text: &str) {
        for _ in 0..100 {
            let now = self
                .js("const n = document.getElementById('notice'); return n ? n.textContent : '';")
                .await;
            if now.as_str().is_some_and(|t| t.contains(text)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "no notice saying {text:?}; the page reads:\n{}",
            self.body_text().await
        );
    }

    /// Opens a screen's sub-navigation tab `#tab-NAME` and waits until it is current.
    pub async fn open_tab(&self, name: &str) {
        self.press(&format!("tab-{name}")).await;
        for _ in 0..50 {
            let current = self
                .js(&format!(
                    "const t = document.getElementById('tab-{name}'); return t ? t.getAttribute('aria-current') : null"
                ))
                .await;
            if current.as_str() == Some("page") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the {name} tab did not open");
    }

    /// The tauri-driver's process: WebKitWebDriver and the app run under it.
    pub fn driver_pid(&self) -> u32 {
        self.driver.id()
    }

    pub async fn stop(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.driver.wait();
    }
}
