// Export: the full or the redacted minutes to PDF through a save dialog, then open the file.
// Every export is kept in the database and listed here, newest first; a kept export can be
// saved again exactly as it was circulated. Every export is audited by the core.

import {
  exportMinutes,
  minutesExports,
  openExport,
  saveExportAgain,
} from "../../../api/meetings.js";
import { actionButton } from "../../../kit/buttons.js";
import { el, notice, para, unprintableWarning } from "../../../kit/dom.js";
import { form } from "../../../kit/forms.js";
import { table } from "../../../kit/table.js";

/** @import { MeetingTab } from "../parts.js" */
/** @import { Export, StoredExport } from "../../../api/bindings.js" */

/** @param {StoredExport} e */
function state(e) {
  if (!e.approved) return "Draft";
  if (e.amendments === 0) return "Approved";
  return `Approved, ${e.amendments} ${e.amendments === 1 ? "amendment" : "amendments"}`;
}

/**
 * The kept exports, each with a button to save it again when the person may export.
 * @param {StoredExport[]} exports
 * @param {boolean} mayExport
 * @param {(done: Export | null) => void} saved
 */
function exportsTable(exports, mayExport, saved) {
  if (exports.length === 0) {
    return el(
      "p",
      { class: "govuk-body", id: "no-exports" },
      "These minutes have not been exported yet.",
    );
  }
  return table({
    id: "exports",
    caption: "Exports of these minutes, newest first",
    captionSize: "m",
    head: [
      "Exported",
      "Version",
      "Minutes then",
      "By",
      "Fingerprint",
      "Pages",
      mayExport ? "Copy" : null,
    ],
    rows: exports.map((e) => ({
      id: `export-${e.id}`,
      cells: [
        e.exported_at_text,
        e.version_label,
        state(e),
        e.exported_by,
        el("code", {}, e.fingerprint),
        String(e.pages),
        mayExport
          ? actionButton({
              id: `save-again-${e.id}`,
              label: [
                "Save this copy again",
                el(
                  "span",
                  { class: "govuk-visually-hidden" },
                  ` (export ${e.id}, ${e.exported_at_text})`,
                ),
              ],
              compact: true,
              run: async () => saved(await saveExportAgain(e.id)),
            })
          : null,
      ],
    })),
  });
}

/** @param {MeetingTab} tab */
export async function exportTab({ app, minutes }) {
  const meetingId = minutes.meeting.summary.id;
  const mayExport = app.person.may.record_casework;
  const result = el("div", { id: "export-result", "aria-live": "polite" });
  const kept = el("div", { id: "kept-exports" });
  /** @param {Export | null} done @param {string} what */
  const show = async (done, what) => {
    if (!done) {
      result.replaceChildren(para("Cancelled: nothing was saved."));
      return;
    }
    result.replaceChildren(
      notice(`${what} to ${done.path} (fingerprint ${done.fingerprint})`, "success"),
      ...unprintableWarning(done.unprintable),
      actionButton({ id: "open-export", label: "Open the PDF", run: () => openExport() }),
    );
    await listExports();
  };
  const listExports = async () =>
    kept.replaceChildren(
      exportsTable(await minutesExports(meetingId), mayExport, (done) =>
        show(done, "Saved the same bytes again"),
      ),
    );
  await listExports();
  if (!mayExport) {
    return [para("The chair and the secretariat export the minutes."), kept];
  }
  const exportForm = form({
    id: "export-form",
    intro: [
      para(
        "The file is marked OFFICIAL-SENSITIVE on every page. Store and " +
          "share it only as your council's handling rules allow. Every export " +
          "is recorded in the audit trail and a copy is kept in this database.",
      ),
    ],
    fields: [
      {
        name: "version",
        label: "Version",
        type: "radios",
        value: "full",
        options: [
          {
            value: "full",
            label: "Full, for the panel: names, ages, discussion, decisions and actions",
          },
          {
            value: "redacted",
            label: "Redacted, for wider circulation: no names, dates of birth, addresses or notes",
          },
        ],
      },
    ],
    submitText: "Export to PDF",
    onSubmit: async (v) =>
      show(await exportMinutes(meetingId, v.version), `Saved the ${v.version} minutes`),
  });
  return [exportForm, result, kept];
}
