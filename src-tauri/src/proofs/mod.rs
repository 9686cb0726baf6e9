//! Proofs over every command, called as the window calls them: JSON through Tauri's IPC into
//! the app's own invoke handler (`bindings::builder`), on Tauri's mock runtime.
//!
//! - `table`: every command once, with the permission it needs and valid arguments on the
//!   proofs' database. Covering a new command is one entry there.
//! - `permissions`: every command × every role, allowed or refused as the table says; the
//!   README's permissions table is generated from it.
//! - `hostile`: every command's arguments fuzzed; no panic, no partial write, typed refusals,
//!   text stored as typed.

mod hostile;
mod permissions;
mod table;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use channel_desk_core::{Paths, Role};

use crate::state::AppState;

/// The app as the window sees it: one window, the app's state, the app's commands.
pub struct Window {
    // The app owns the window's runtime: dropped last.
    webview: WebviewWindow<MockRuntime>,
    _app: App<MockRuntime>,
}

impl Window {
    pub fn new(paths: Paths) -> Window {
        let app = mock_builder()
            .manage(AppState::new(paths))
            .invoke_handler(crate::bindings::builder().invoke_handler())
            .build(mock_context(noop_assets()))
            .expect("the mock app");
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("the mock window");
        Window { webview, _app: app }
    }

    pub fn state(&self) -> tauri::State<'_, AppState> {
        self.webview.state::<AppState>()
    }

    /// Calls `cmd` with `args` as the window would: its result, or what the window's promise
    /// rejects with. A command that panics never answers, and the call panics.
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("the window's URL"),
            body: InvokeBody::Json(args.clone()),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.into(),
        };
        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            get_ipc_response(&self.webview, request)
        }))
        .unwrap_or_else(|_| panic!("{cmd} never answered {args:.2000}"));
        answer.map(|body| body.deserialize::<Value>().expect("a JSON result"))
    }

    /// `invoke` for the proofs' own set-up, which must succeed.
    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args.clone())
            .unwrap_or_else(|e| panic!("{cmd} {args} was refused: {e}"))
    }

    /// The id of what `cmd` added: its answer, or the answer's `id`.
    fn added(&self, cmd: &str, args: Value) -> i64 {
        let answer = self.ok(cmd, args);
        answer
            .as_i64()
            .or(answer["id"].as_i64())
            .unwrap_or_else(|| panic!("{cmd} answered no id: {answer}"))
    }

    /// Every table's digest, the audit trail included.
    pub fn digests(&self) -> Vec<(String, String)> {
        self.state()
            .with_session(|s| s.table_digests())
            .expect("the table digests")
    }
}

/// The database's first administrator and the person of each other role.
const ADMIN: (&str, &str) = ("Priya Raman", "priya");
const PEOPLE: [(Role, &str, &str); 4] = [
    (Role::Chair, "Oluwaseun Adeyemi", "chair"),
    (Role::Secretariat, "Zhang Wei", "secretariat"),
    (Role::SteeringLead, "Siobhán Ní Bhriain", "lead"),
    (Role::PanelMember, "Αλέξης Παπαδόπουλος", "member"),
];
const TEMPORARY: &str = "temporary proofs phrase 7";

fn username(role: Role) -> &'static str {
    match PEOPLE.iter().find(|p| p.0 == role) {
        Some(p) => p.2,
        None => ADMIN.1,
    }
}

pub fn passphrase(role: Role) -> String {
    format!("{}'s own proofs phrase", username(role))
}

/// Dates as the window's date input sends them, counted from today.
pub fn day(offset: i64) -> String {
    dmy(channel_desk_core::common::dates::today() + Duration::days(offset))
}

fn dmy(d: NaiveDate) -> String {
    d.format("%-d/%-m/%Y").to_string()
}

/// The ids of records in the proofs' database that the commands' arguments name.
#[derive(Debug, Default)]
pub struct Ids {
    pub recovery_key: String,
    pub spare_person: i64,
    /// The first case at each stage, by stage code.
    pub cases: BTreeMap<String, i64>,
    pub meeting: i64,
    pub agenda_item: i64,
    pub attendance: i64,
    pub action: i64,
    pub approved_meeting: i64,
    /// A panel meeting held but not yet approved.
    pub held_meeting: i64,
    pub export: i64,
    pub intervention: i64,
    pub period: i64,
    pub heading: i64,
    pub plan_action: i64,
    pub measure: i64,
    pub steering_meeting: i64,
    pub steering_item: i64,
}

impl Ids {
    pub fn case(&self, stage: &str) -> i64 {
        *self
            .cases
            .get(stage)
            .unwrap_or_else(|| panic!("no demo case at stage {stage}"))
    }
}

/// The proofs' database, built once and locked: demo casework and meetings, the seed plan,
/// a person of every role and the records the table's arguments name. Each world copies it.
struct Template {
    dir: tempfile::TempDir,
    ids: Ids,
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(build_template)
}

const DB: &str = "proofs.db";

fn build_template() -> Template {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).expect("the exports folder");
    // The e2e build saves exports here instead of asking where (commands/exports.rs).
    std::env::set_var("CHANNEL_DESK_EXPORT_DIR", &exports);
    let db = dir.path().join("db");
    std::fs::create_dir(&db).expect("the database folder");
    let w = Window::new(Paths::new(db.join(DB)));
    let admin_pass = passphrase(Role::Administrator);
    let created = w.ok(
        "create_database",
        json!({ "form": { "full_name": ADMIN.0, "username": ADMIN.1,
                          "passphrase": admin_pass, "passphrase_confirm": admin_pass } }),
    );
    let mut ids = Ids {
        recovery_key: created["recovery_key"].as_str().unwrap_or_default().into(),
        ..Ids::default()
    };
    w.state()
        .with_session(|s| channel_desk_core::demo::populate(s, 24, 12))
        .expect("demo data, the seed plan among it");
    let add = |role: Role, name: &str, user: &str| {
        w.added(
            "add_person",
            json!({ "fullName": name, "username": user, "role": role.as_str(),
                    "passphrase": TEMPORARY, "passphraseConfirm": TEMPORARY }),
        )
    };
    for (role, name, user) in PEOPLE {
        add(role, name, user);
    }
    ids.spare_person = add(Role::PanelMember, "Amara Okafor", "spare");
    for (role, _, user) in PEOPLE {
        w.ok(
            "unlock_database",
            json!({ "username": user, "passphrase": TEMPORARY }),
        );
        let own = passphrase(role);
        w.ok(
            "change_passphrase",
            json!({ "currentPassphrase": TEMPORARY, "passphrase": own, "passphraseConfirm": own }),
        );
    }
    w.ok(
        "unlock_database",
        json!({ "username": ADMIN.1, "passphrase": admin_pass }),
    );
    records(&w, &mut ids);
    w.ok("lock", json!({}));
    Template { dir, ids }
}

/// The records the table's arguments name, found in the demo data or added.
fn records(w: &Window, ids: &mut Ids) {
    let cases = w.ok("list_cases", json!({ "query": { "page": 1 } }));
    let pages = cases["pages"].as_i64().unwrap_or(1);
    for page in 1..=pages {
        let cases = w.ok("list_cases", json!({ "query": { "page": page } }));
        for row in cases["rows"].as_array().into_iter().flatten() {
            let stage = row["stage"].as_str().unwrap_or_default().to_owned();
            ids.cases
                .entry(stage)
                .or_insert(row["id"].as_i64().unwrap_or_default());
        }
    }
    let support = w.ok("case_record", json!({ "caseId": ids.case("support") }));
    ids.intervention = support["interventions"][0]["id"]
        .as_i64()
        .unwrap_or_default();
    let meetings = w.ok("list_meetings", json!({}));
    let today_iso = channel_desk_core::common::dates::today().to_string();
    let meeting = |approved: bool| {
        meetings
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| {
                m["approved_on"].is_null() != approved && m["held_on"].as_str() < Some(&today_iso)
            })
            .and_then(|m| m["id"].as_i64())
    };
    ids.approved_meeting = meeting(true).expect("an approved demo meeting");
    ids.held_meeting = meeting(false).unwrap_or_default();
    ids.export = w.added(
        "export_minutes",
        json!({ "meetingId": ids.approved_meeting, "version": "redacted" }),
    );
    ids.meeting = w.added("schedule_meeting", json!({ "meeting": table::meeting(0) }));
    // A new meeting's agenda proposes the cases awaiting the panel.
    let minutes = w.ok("minutes", json!({ "meetingId": ids.meeting }));
    ids.agenda_item = minutes["meeting"]["agenda"][0]["id"]
        .as_i64()
        .expect("a proposed agenda item");
    // The police present, as the panel's decisions need; someone else to remove.
    w.ok(
        "record_attendance",
        json!({ "meetingId": ids.meeting, "attendance": table::attendance(true) }),
    );
    ids.attendance = w.added(
        "record_attendance",
        json!({ "meetingId": ids.meeting, "attendance": table::attendance(false) }),
    );
    ids.action = w.added(
        "add_action",
        json!({ "meetingId": ids.meeting, "action": table::action(ids) }),
    );
    let plan = w.ok("plan", json!({ "filter": {} }));
    ids.period = plan["period"]["id"].as_i64().expect("the plan's period");
    let heading = &plan["priorities"][0]["headings"][0];
    ids.heading = heading["id"].as_i64().expect("a plan heading");
    ids.plan_action = heading["actions"][0]["id"].as_i64().expect("a plan action");
    ids.measure = w.added("add_measure", json!({ "measure": table::measure(ids) }));
    ids.steering_meeting = w.added(
        "schedule_steering_meeting",
        json!({ "meeting": table::meeting(-7) }),
    );
    let steering = w.ok(
        "steering_meeting",
        json!({ "meetingId": ids.steering_meeting }),
    );
    ids.steering_item = steering["agenda"][0]["id"].as_i64().unwrap_or_default();
}

/// A copy of the proofs' database, unlocked in its own window by the person of `role`.
pub struct World {
    pub window: Window,
    pub role: Role,
    _dir: tempfile::TempDir,
}

impl World {
    pub fn new(role: Role) -> World {
        let template = template();
        let dir = tempfile::tempdir().expect("a temporary folder");
        copy_files(&template.dir.path().join("db"), dir.path());
        let window = Window::new(Paths::new(dir.path().join(DB)));
        let world = World {
            window,
            role,
            _dir: dir,
        };
        world.reopen();
        world
    }

    pub fn ids(&self) -> &'static Ids {
        &template().ids
    }

    /// Unlocks as this world's person again if a command locked, or left someone else's
    /// session open (unlocking with the recovery key, setting up an administrator).
    pub fn reopen(&self) {
        let status = self.window.ok("app_status", json!({}));
        if status["person"]["username"] == username(self.role) {
            return;
        }
        self.window.ok("lock", json!({}));
        // The person's own passphrase, or the one `change_passphrase` set.
        let unlocked = [passphrase(self.role), table::PHRASE.to_owned()]
            .into_iter()
            .any(|phrase| {
                let unlock = json!({ "username": username(self.role), "passphrase": phrase });
                self.window.invoke("unlock_database", unlock).is_ok()
            });
        assert!(unlocked, "{} unlocks again", username(self.role));
    }
}

fn copy_files(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("the template's folder") {
        let entry = entry.expect("a template file");
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("a copied file");
        }
    }
}
