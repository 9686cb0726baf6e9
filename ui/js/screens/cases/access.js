// The subject access request on a case record, for administrators: everything held about
// the person as one PDF, written where they choose and recorded in the audit trail.

import { exportSubjectAccess, openExport } from "../../api/retention.js";
import { actionButton } from "../../kit/buttons.js";
import { details, el, notice, para, unprintableWarning } from "../../kit/dom.js";

/** @param {number} caseId */
export function subjectAccessSection(caseId) {
  const result = el("div", { id: "subject-access-result", "aria-live": "polite" });
  return details(
    "Subject access request",
    "subject-access",
    para(
      "Everything Channel Desk holds about this person (this case and any other recorded " +
        "for the same name and date of birth): the referral, timeline, assessments, consent, " +
        "support, decisions, notes, what panel meetings recorded and actions. The PDF is " +
        "marked OFFICIAL-SENSITIVE on every page, and the export is recorded in the audit trail.",
    ),
    actionButton({
      id: "export-subject-access",
      label: "Export everything held to PDF",
      run: async () => {
        const saved = await exportSubjectAccess(caseId);
        result.replaceChildren(
          ...(saved === null
            ? [para("Export cancelled: nothing was saved.")]
            : [
                notice(`Saved the subject access request to ${saved.path}`, "success"),
                ...unprintableWarning(saved.unprintable),
                actionButton({ id: "open-export", label: "Open the PDF", run: () => openExport() }),
              ]),
        );
        document.getElementById("export-subject-access")?.removeAttribute("disabled");
      },
    }),
    result,
  );
}
