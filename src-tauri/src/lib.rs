//! The Channel Desk window: a thin Tauri shell over `channel-desk-core`. Its commands are
//! listed in `bindings`, which also generates the window's typed bindings to them.

mod bindings;
mod commands;
mod error;
mod integrity;
#[cfg(target_os = "linux")]
mod power;
#[cfg(test)]
mod proofs;
mod state;

use std::path::PathBuf;
use std::time::Duration;

use channel_desk_core::Paths;
use tauri::{Emitter, Manager, RunEvent};

use state::AppState;

/// `--db PATH`, else `CHANNEL_DESK_DB`, else the platform's data directory.
pub fn database_paths(args: &[String], env_db: Option<String>) -> Paths {
    let from_args = args
        .windows(2)
        .find(|w| w[0] == "--db")
        .map(|w| PathBuf::from(&w[1]));
    match from_args.or(env_db.filter(|s| !s.is_empty()).map(PathBuf::from)) {
        Some(db) => Paths::new(db),
        None => Paths::default_location(),
    }
}

/// Tells the page that the app has locked itself, and why, so that it shows the lock screen.
fn locked_itself(app: &tauri::AppHandle, reason: &str) {
    let _ = app.emit("session-locked", reason);
}

/// Checks the idle lock every second.
fn watch_idle(app: tauri::AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(1));
        if app.state::<AppState>().lock_if_idle() {
            locked_itself(&app, "idle");
        }
    });
}

/// Locks when the computer is about to sleep or the desktop session is locked.
#[cfg(target_os = "linux")]
fn watch_power(app: tauri::AppHandle) {
    power::watch(move |reason| {
        if app.state::<AppState>().lock(reason) {
            locked_itself(&app, reason);
        }
    });
}

/// A second launch shows the window already open (restored if minimised) and gives it focus;
/// the second process then exits. Which database it names makes no difference: one window.
fn focus_main_window(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

pub fn run() {
    channel_desk_core::security::process::forbid_core_dumps();
    channel_desk_core::security::process::wipe_freed_memory();
    let args: Vec<String> = std::env::args().collect();
    let paths = database_paths(&args, std::env::var("CHANNEL_DESK_DB").ok());
    let app = tauri::Builder::default()
        // First, so that a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            focus_main_window(app)
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(AppState::new(paths))
        .setup(|app| {
            watch_idle(app.handle().clone());
            #[cfg(target_os = "linux")]
            watch_power(app.handle().clone());
            Ok(())
        })
        .invoke_handler(bindings::builder().invoke_handler())
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|handle, event| {
            // Closing the window locks, so the lock is audited like any other.
            if let RunEvent::Exit = event {
                handle.state::<AppState>().lock("app closed");
            }
        }),
        Err(e) => {
            eprintln!("Channel Desk could not start: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_comes_from_the_flag_then_the_environment_then_the_default() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let flag = database_paths(
            &args(&["app", "--db", "/tmp/a.db"]),
            Some("/tmp/b.db".into()),
        );
        assert_eq!(flag.db, PathBuf::from("/tmp/a.db"));
        let env = database_paths(&args(&["app"]), Some("/tmp/b.db".into()));
        assert_eq!(env.db, PathBuf::from("/tmp/b.db"));
        let default = database_paths(&args(&["app"]), None);
        assert!(default.db.ends_with("channel-desk/channel-desk.db"));
    }
}
