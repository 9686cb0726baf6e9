// Notes: free-text notes on the case, newest first.

import { addNote } from "../../../api/cases.js";
import { longDate } from "../../../kit/dates.js";
import { el, para } from "../../../kit/dom.js";
import { actionForm } from "../parts.js";

/** @import { CaseView } from "../parts.js" */

/** @param {CaseView} view */
export function notesTab(view) {
  const { record: r } = view;
  return [
    r.may_record
      ? actionForm({
          view,
          tab: "notes",
          id: "note-form",
          fields: [{ name: "note", label: "Add a note", type: "textarea" }],
          submitText: "Save note",
          message: "Note added",
          submit: (v) => addNote(r.id, v.note),
        })
      : null,
    r.notes.length
      ? r.notes.map((n) =>
          el(
            "div",
            { class: "cd-note" },
            el(
              "p",
              { class: "govuk-body-s cd-note__meta" },
              `${longDate(n.written_on)}, ${n.author}`,
            ),
            el("p", { class: "govuk-body cd-note__text" }, n.text),
          ),
        )
      : para("No notes yet."),
  ];
}
