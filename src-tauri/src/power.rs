//! Locks the app the moment the computer is about to sleep or the desktop session is locked,
//! as logind (system bus) and the screensaver (session bus) announce them. Without a bus (a
//! CI machine, a minimal desktop) it says so on stderr and the idle lock still applies.

use std::collections::HashMap;

use zbus::blocking::{connection, Connection, MessageIterator};
use zbus::message::Type;
use zbus::zvariant::{OwnedFd, OwnedObjectPath, OwnedValue};
use zbus::MatchRule;

const LOGIN1: &str = "org.freedesktop.login1";
const LOGIN1_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";
const PROPERTIES: &str = "org.freedesktop.DBus.Properties";
const SCREENSAVER: &str = "org.freedesktop.ScreenSaver";

/// Listens on the usual system and session buses (`DBUS_SYSTEM_BUS_ADDRESS` and
/// `DBUS_SESSION_BUS_ADDRESS` when set) and calls `lock` with the reason, "sleep" or
/// "screen locked", each time one of them announces it.
pub fn watch(lock: impl Fn(&'static str) + Clone + Send + 'static) {
    let on_sleep = lock.clone();
    spawn("logind", move || {
        listen_to_logind(connection::Builder::system()?.build()?, on_sleep)
    });
    spawn("screensaver", move || {
        listen_to_screensaver(connection::Builder::session()?.build()?, lock)
    });
}

fn spawn(name: &'static str, listen: impl FnOnce() -> zbus::Result<()> + Send + 'static) {
    let started = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            if let Err(e) = listen() {
                eprintln!(
                    "Channel Desk: not listening to {name} ({e}); the idle lock still applies"
                );
            }
        });
    if let Err(e) = started {
        eprintln!("Channel Desk: could not listen to {name} ({e})");
    }
}

/// `PrepareForSleep(true)`, and `Lock` or `LockedHint` becoming true on this process's session.
/// A delay lock is held while awake, so that logind waits for the lock before the machine
/// sleeps (or writes memory to a hibernation image) and the key is gone by then.
fn listen_to_logind(bus: Connection, lock: impl Fn(&'static str)) -> zbus::Result<()> {
    // Subscribed before anything else is asked, so that no signal is missed meanwhile. Only
    // logind itself is heard: on the system bus only it may own its name.
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(LOGIN1)?
        .build();
    let signals = MessageIterator::for_match_rule(rule, &bus, None)?;
    let mut delay = delay_sleep(&bus);
    let session = own_session(&bus);
    let ours = |path: Option<&zbus::zvariant::ObjectPath<'_>>| match (&session, path) {
        (Some(session), Some(path)) => session.as_ref() == *path,
        // Not knowing its own session, the app locks with any session that locks.
        (None, _) => true,
        (Some(_), None) => false,
    };
    for signal in signals {
        let signal = signal?;
        let header = signal.header();
        let interface = header.interface().map(|i| i.as_str());
        let member = header.member().map(|m| m.as_str());
        let body = signal.body();
        match (interface, member) {
            (Some(MANAGER), Some("PrepareForSleep")) => {
                match body.deserialize::<bool>() {
                    Ok(true) => {
                        lock("sleep");
                        // Closing it tells logind the app is ready to sleep.
                        delay = None;
                    }
                    Ok(false) => delay = delay_sleep(&bus),
                    Err(_) => {}
                }
            }
            (Some(SESSION), Some("Lock")) if ours(header.path()) => lock("screen locked"),
            (Some(PROPERTIES), Some("PropertiesChanged")) if ours(header.path()) => {
                let changed =
                    body.deserialize::<(String, HashMap<String, OwnedValue>, Vec<String>)>();
                if let Ok((interface, changed, _)) = changed {
                    let hint = changed.get("LockedHint").map(bool::try_from);
                    if interface == SESSION && matches!(hint, Some(Ok(true))) {
                        lock("screen locked");
                    }
                }
            }
            _ => {}
        }
    }
    drop(delay);
    Ok(())
}

/// A logind delay lock on sleep: logind waits (up to its `InhibitDelayMaxSec`) until it is
/// closed. Without one the app still locks, only perhaps after waking.
fn delay_sleep(bus: &Connection) -> Option<OwnedFd> {
    let why = "Lock the database before sleeping";
    bus.call_method(
        Some(LOGIN1),
        LOGIN1_PATH,
        Some(MANAGER),
        "Inhibit",
        &("sleep", "Channel Desk", why, "delay"),
    )
    .and_then(|reply| reply.body().deserialize::<OwnedFd>())
    .inspect_err(|e| eprintln!("Channel Desk: no delay lock on sleep ({e})"))
    .ok()
}

/// The logind session this process belongs to, else the user's graphical session.
fn own_session(bus: &Connection) -> Option<OwnedObjectPath> {
    let ask = |method: &str, reply: zbus::Result<zbus::message::Message>| {
        reply
            .and_then(|reply| reply.body().deserialize::<OwnedObjectPath>())
            .inspect_err(|e| eprintln!("Channel Desk: logind {method} failed ({e})"))
            .ok()
    };
    let by_pid = bus.call_method(
        Some(LOGIN1),
        LOGIN1_PATH,
        Some(MANAGER),
        "GetSessionByPID",
        &std::process::id(),
    );
    ask("GetSessionByPID", by_pid).or_else(|| {
        let auto = bus.call_method(
            Some(LOGIN1),
            LOGIN1_PATH,
            Some(MANAGER),
            "GetSession",
            &"auto",
        );
        ask("GetSession", auto)
    })
}

/// The desktop's screensaver turning on (KDE and others; GNOME sets logind's `LockedHint`).
fn listen_to_screensaver(bus: Connection, lock: impl Fn(&'static str)) -> zbus::Result<()> {
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .interface(SCREENSAVER)?
        .member("ActiveChanged")?
        .build();
    for signal in MessageIterator::for_match_rule(rule, &bus, None)? {
        if signal?.body().deserialize::<bool>().unwrap_or(false) {
            lock("screen locked");
        }
    }
    Ok(())
}
