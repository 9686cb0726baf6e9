// Export: the full or the redacted minutes to PDF through a save dialog, then open the file.
// Every export is audited by the core.

import { exportMinutes, openExport } from "../../../api/meetings.js";
import { actionButton } from "../../../kit/buttons.js";
import { el, notice, para } from "../../../kit/dom.js";
import { form } from "../../../kit/forms.js";

/** @import { MeetingTab } from "../parts.js" */

/** @param {MeetingTab} tab */
export function exportTab({ app, minutes }) {
  if (!app.person.may.record_casework) {
    return para("The chair and the secretariat export the minutes.");
  }
  const result = el("div", { id: "export-result", "aria-live": "polite" });
  const exportForm = form({
    id: "export-form",
    intro: [
      para(
        "The file is marked OFFICIAL-SENSITIVE on every page. Store and " +
          "share it only as your council's handling rules allow; every export " +
          "is recorded in the audit trail.",
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
    onSubmit: async (v) => {
      const done = await exportMinutes(minutes.meeting.summary.id, v.version);
      if (!done) {
        result.replaceChildren(para("Export cancelled: nothing was saved."));
        return;
      }
      result.replaceChildren(
        notice(`Saved the ${v.version} minutes to ${done.path}`, "success"),
        actionButton({ id: "open-export", label: "Open the PDF", run: () => openExport() }),
      );
    },
  });
  return [exportForm, result];
}
