//! The real window locks within a second of the computer going to sleep or the desktop
//! session locking. The test runs two private buses in place of the system and session buses,
//! plays logind on the first (its name, the session lookup and the sleep delay lock) and sends
//! the signals a real logind and screensaver send. Each lock is audited with its reason.

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{App, Bus};
use zbus::names::BusName;
use zbus::zvariant::{OwnedFd, OwnedObjectPath, Value};

const PASS: &str = "Sunita's long passphrase";
const LOGIN1_PATH: &str = "/org/freedesktop/login1";
const SESSION_PATH: &str = "/org/freedesktop/login1/session/_32";

/// logind as the app sees it: our end of each sleep delay lock handed out, in order.
#[derive(Clone, Default)]
struct Logind {
    delays: Arc<Mutex<Vec<UnixStream>>>,
}

#[zbus::interface(name = "org.freedesktop.login1.Manager")]
impl Logind {
    #[zbus(name = "GetSessionByPID")]
    fn get_session_by_pid(&self, _pid: u32) -> OwnedObjectPath {
        OwnedObjectPath::try_from(SESSION_PATH).unwrap()
    }

    fn inhibit(
        &self,
        what: &str,
        _who: &str,
        _why: &str,
        mode: &str,
    ) -> zbus::fdo::Result<OwnedFd> {
        if (what, mode) != ("sleep", "delay") {
            return Err(zbus::fdo::Error::InvalidArgs(format!("{what} {mode}")));
        }
        let (ours, theirs) =
            UnixStream::pair().map_err(|e| zbus::fdo::Error::IOError(e.to_string()))?;
        ours.set_nonblocking(true).unwrap();
        self.delays.lock().unwrap().push(ours);
        Ok(std::os::fd::OwnedFd::from(theirs).into())
    }
}

impl Logind {
    fn delays_taken(&self) -> usize {
        self.delays.lock().unwrap().len()
    }

    /// Whether the app has closed its end of the latest delay lock.
    fn latest_released(&self) -> bool {
        let delays = self.delays.lock().unwrap();
        let mut latest = delays.last().expect("the app took a delay lock");
        matches!(latest.read(&mut [0]), Ok(0))
    }
}

/// Sends a signal on `bus`, from the name the connection owns there.
async fn send<B>(bus: &zbus::Connection, path: &str, interface: &str, member: &str, body: &B)
where
    B: serde::Serialize + zbus::zvariant::DynamicType,
{
    bus.emit_signal(None::<BusName<'_>>, path, interface, member, body)
        .await
        .unwrap();
}

/// Waits up to `seconds` for `done`.
async fn within(seconds: f64, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < seconds {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    done()
}

async fn unlock(app: &App) {
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("sunita", PASS).await;
    app.wait_heading("Home").await;
}

/// The lock screen, saying why, shows within a second.
async fn locked_within_a_second(app: &App, why: &str) {
    let start = Instant::now();
    loop {
        let heading = app
            .js("const h = document.getElementById('page-heading'); return h ? h.textContent : '';")
            .await;
        if heading.as_str() == Some("Unlock Channel Desk") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "still unlocked a second after the signal: {}",
            app.body_text().await
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.wait_notice(why).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sleep_and_screen_lock_lock_the_window_within_a_second() {
    let system = Bus::start();
    let session = Bus::start();
    let logind = Logind::default();
    let login1 = zbus::connection::Builder::address(system.address.as_str())
        .unwrap()
        .name("org.freedesktop.login1")
        .unwrap()
        .serve_at(LOGIN1_PATH, logind.clone())
        .unwrap()
        .build()
        .await
        .unwrap();
    let app = App::start_with_env(
        |db| common::database(db, PASS, |_| {}, &[]),
        &[
            ("DBUS_SYSTEM_BUS_ADDRESS", &system.address),
            ("DBUS_SESSION_BUS_ADDRESS", &session.address),
        ],
    )
    .await;

    // The lid closes: logind waits for the app's delay lock, which it releases once locked.
    unlock(&app).await;
    assert!(
        within(5.0, || logind.delays_taken() == 1).await,
        "the app holds a delay lock on sleep"
    );
    send(
        &login1,
        LOGIN1_PATH,
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        &true,
    )
    .await;
    locked_within_a_second(&app, "the computer went to sleep").await;
    assert!(
        within(1.0, || logind.latest_released()).await,
        "the delay lock is released once the app is locked, so the computer may sleep"
    );
    // On waking it takes a new one, for the next sleep.
    send(
        &login1,
        LOGIN1_PATH,
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        &false,
    )
    .await;
    assert!(within(5.0, || logind.delays_taken() == 2).await);

    // `loginctl lock-session`, or the desktop asking logind to lock this session.
    unlock(&app).await;
    send(
        &login1,
        SESSION_PATH,
        "org.freedesktop.login1.Session",
        "Lock",
        &(),
    )
    .await;
    locked_within_a_second(&app, "the screen was locked").await;

    // GNOME's own lock screen: the session's LockedHint turns true.
    unlock(&app).await;
    let changed = HashMap::from([("LockedHint", Value::from(true))]);
    send(
        &login1,
        SESSION_PATH,
        "org.freedesktop.DBus.Properties",
        "PropertiesChanged",
        &(
            "org.freedesktop.login1.Session",
            changed,
            Vec::<&str>::new(),
        ),
    )
    .await;
    locked_within_a_second(&app, "the screen was locked").await;

    // KDE's and others' screensaver, on the session bus.
    unlock(&app).await;
    send(
        &session.connect().await,
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver",
        "ActiveChanged",
        &true,
    )
    .await;
    locked_within_a_second(&app, "the screen was locked").await;

    // Each is audited as a lock, with its reason.
    let paths = channel_desk_core::Paths::new(&app.db);
    let admin = channel_desk_core::unlock(&paths, "sunita", PASS, chrono::Utc::now())
        .unwrap()
        .session;
    let reasons: Vec<String> = admin
        .audit_entries(100, 0)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "lock")
        .map(|e| e.detail)
        .collect();
    let reason = |r: &str| serde_json::json!({ "reason": r }).to_string();
    assert_eq!(
        reasons[..4],
        [
            reason("screen locked"),
            reason("screen locked"),
            reason("screen locked"),
            reason("sleep")
        ],
        "newest first"
    );
    admin.lock("test").unwrap();
    app.stop().await;
}
