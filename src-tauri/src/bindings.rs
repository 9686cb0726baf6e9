//! The commands the window may call, listed once. Tauri is given them from here, and the
//! window's `ui/js/api/bindings.js` is generated from here: every command's name, arguments
//! and result as JSDoc types, against which `npm run check:ui` checks the page. A test keeps
//! the committed file current; nothing is written when the app starts.

use tauri::{Runtime, Wry};
use tauri_specta::{collect_commands, Builder, ErrorHandlingMode};

use crate::commands::{
    audit, backup, cases, exports, meetings, people, plan, reports, retention, session, settings,
    steering,
};

/// Every command, for Tauri's invoke handler and for the bindings. Generic over the runtime so
/// that the proofs (`proofs/`) call the same handler on Tauri's mock runtime. A command that
/// takes the `AppHandle` is generic too (`app: AppHandle<R>`, `R: Runtime`) and is listed here
/// as `name::<Wry>`: the runtime only picks the types of its bindings.
pub fn builder<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            session::app_status,
            session::create_database,
            session::unlock_database,
            session::unlock_with_recovery,
            session::set_up_administrator,
            session::lock,
            session::activity,
            session::change_passphrase,
            session::confirm_recovery_key,
            session::rotate_data_key,
            people::vocabularies,
            people::list_people,
            people::add_person,
            people::remove_person,
            people::reset_passphrase,
            settings::get_settings,
            settings::set_idle_lock_minutes,
            settings::set_report_settings,
            settings::set_retention_years,
            backup::backup_status,
            backup::set_backup_reminder_days,
            backup::back_up::<Wry>,
            backup::open_backup::<Wry>,
            backup::restore_backup,
            backup::cancel_restore,
            audit::audit_log,
            audit::export_audit::<Wry>,
            audit::verify_database,
            audit::integrity_status,
            cases::reference_items,
            cases::add_reference_item,
            cases::retire_reference_item,
            cases::list_cases,
            cases::case_record,
            cases::support_flags,
            cases::today,
            cases::record_referral,
            cases::set_categories,
            cases::start_screening,
            cases::record_screening,
            cases::record_assessment,
            cases::send_to_panel,
            cases::record_decision,
            cases::record_consent,
            cases::add_intervention,
            cases::update_intervention,
            cases::record_session,
            cases::record_review,
            cases::re_refer,
            cases::add_note,
            meetings::list_meetings,
            meetings::minutes,
            meetings::members,
            meetings::schedule_meeting,
            meetings::record_attendance,
            meetings::remove_attendance,
            meetings::add_agenda_item,
            meetings::move_agenda_item,
            meetings::remove_agenda_item,
            meetings::save_discussion,
            meetings::record_item_decision,
            meetings::add_action,
            meetings::approve_minutes,
            meetings::amend_minutes,
            meetings::list_actions,
            meetings::set_action_status,
            exports::export_minutes::<Wry>,
            exports::minutes_exports,
            exports::save_export_again::<Wry>,
            exports::check_export_file::<Wry>,
            exports::open_export::<Wry>,
            plan::load_seed_plan,
            plan::plan,
            plan::plan_action,
            plan::track_plan_action,
            plan::add_progress_update,
            plan::add_plan_action,
            plan::retire_plan_action,
            plan::renumber_plan_action,
            plan::correct_plan_heading,
            plan::start_plan_period,
            plan::add_measure,
            plan::record_measure_value,
            plan::measures,
            plan::record_training_session,
            plan::record_training_baseline,
            plan::record_cohort,
            plan::training,
            plan::plan_dashboard,
            plan::set_plan_settings,
            steering::steering_meetings,
            steering::steering_meeting,
            steering::schedule_steering_meeting,
            steering::record_steering_attendance,
            steering::record_steering_item,
            steering::add_steering_agreed,
            steering::approve_steering_minutes,
            steering::export_steering_minutes::<Wry>,
            reports::statistics,
            reports::report_narratives,
            reports::set_report_narrative,
            reports::national_figures,
            reports::set_national_figures,
            reports::export_report::<Wry>,
            retention::cases_past_retention,
            retention::erase_cases,
            retention::export_subject_access::<Wry>,
        ])
        // A command's promise resolves to its result or rejects with its CommandError.
        .error_handling(ErrorHandlingMode::Throw)
        // Ids and counts are JavaScript numbers: they stay far below 2^53, where a number
        // stops being exact.
        .dangerously_cast_bigints_to_number()
        // One type per Rust type, as both directions have the same shape; an input's
        // `#[serde(default)]` fields are optional.
        .disable_serde_phases()
}

#[cfg(test)]
mod tests {
    use specta_typescript::JSDoc;

    const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/js/api/bindings.js");

    /// `// @ts-nocheck` keeps tsc out of the generated code itself; the pages that import it
    /// are still checked against its types.
    const HEADER: &str = "// @ts-nocheck\n\
        // The window's bindings to the app's commands, generated from src-tauri/src/bindings.rs.\n\
        // Regenerate: CHANNEL_DESK_WRITE_BINDINGS=1 cargo test -p channel-desk --lib bindings";

    /// The page has no bundler to resolve `@tauri-apps/api`, so the bindings invoke through
    /// `call` in call.js, which takes Tauri's global `invoke` and passes every failure on as
    /// a CommandError (and "locked" to the frame), and take Tauri's global `Channel` (what a
    /// command reports progress on) from there too.
    const TAURI_IMPORT: &str =
        "import { invoke as __TAURI_INVOKE, Channel } from \"@tauri-apps/api/core\";";
    const OUR_IMPORT: &str = "import { call as __TAURI_INVOKE, Channel } from \"./call.js\";";

    fn generated() -> String {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("bindings.js");
        super::builder::<tauri::Wry>()
            .export(JSDoc::default().header(HEADER), &file)
            .expect("the bindings export");
        let js = std::fs::read_to_string(&file).expect("the exported bindings");
        assert_eq!(
            js.matches(TAURI_IMPORT).count(),
            1,
            "one import of invoke to replace"
        );
        without_nested_docs(&js.replace(TAURI_IMPORT, OUR_IMPORT))
    }

    /// specta-typescript 0.0.13 writes the docs of fields and variants as `/** */` comments
    /// inside the one comment that holds every type, which ends that comment early. They
    /// are also written as `@property` descriptions, so the nested ones go.
    fn without_nested_docs(js: &str) -> String {
        const TYPES: &str = "/* Types */\n/**\n";
        let (commands, types) = js.split_once(TYPES).expect("the types after the commands");
        let mut out = format!("{commands}{TYPES}");
        let mut nested = false;
        for line in types.lines() {
            if nested || line.contains("/**") {
                nested = !line.contains("*/");
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_windows_bindings_are_those_the_commands_generate() {
        let js = generated();
        if std::env::var_os("CHANNEL_DESK_WRITE_BINDINGS").is_some() {
            std::fs::write(COMMITTED, &js).expect("ui/js/api/bindings.js written");
        }
        let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
        assert!(
            committed == js,
            "ui/js/api/bindings.js differs from what the commands generate. Regenerate it with \
             CHANNEL_DESK_WRITE_BINDINGS=1 cargo test -p channel-desk --lib bindings, \
             then run npm run check:ui"
        );
    }
}
