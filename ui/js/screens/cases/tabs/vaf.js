// VAF: the assessments (22 factors in three dimensions, summaries, conclusion, and what
// changed since the one before) and the form to record one.

import { recordAssessment } from "../../../api/cases.js";
import { longDate } from "../../../kit/dates.js";
import { details, el, para, section } from "../../../kit/dom.js";
import { form } from "../../../kit/forms.js";
import { referenceOptions } from "../../../kit/reference.js";
import { words } from "../../../kit/words.js";

/** @import { CaseView } from "../parts.js" */
/** @import { Field } from "../../../kit/forms.js" */

/**
 * One dimension of the VAF form: its factors as checkboxes, then its summary.
 * @param {string} key
 * @param {string} label
 * @param {{value: string, label: string, grouping: string}[]} factors
 * @returns {Field[]}
 */
function dimensionFields(key, label, factors) {
  return [
    { type: "section", label: `${label}: factors that apply` },
    ...factors
      .filter((f) => f.grouping === key)
      .map(
        (f) =>
          /** @type {Field} */ ({ name: `factor-${f.value}`, label: f.label, type: "checkbox" }),
      ),
    { name: `${key}_summary`, label: `${label} summary`, type: "textarea", rows: 3 },
  ];
}

/** @param {CaseView} view */
export async function vafTab(view) {
  const dimensions = (await words()).vaf_dimensions.map((c) => [c.code, c.label]);
  const { record: r } = view;
  const factors = await referenceOptions("vaf_factor");
  const canRecord = r.next_steps.record_assessment;
  const assessments = r.assessments.map((a) =>
    section(
      `Assessment of ${longDate(a.assessed_on)} by ${a.assessor}`,
      a.changes.length
        ? el(
            "div",
            { class: "govuk-inset-text" },
            el("h3", { class: "govuk-heading-s" }, "Changed since the previous assessment"),
            el(
              "ul",
              { class: "govuk-list govuk-list--bullet" },
              a.changes.map((c) => el("li", {}, c)),
            ),
          )
        : null,
      dimensions.map(([key, label]) => [
        el("h3", { class: "govuk-heading-s" }, label),
        el(
          "ul",
          { class: "govuk-list govuk-list--bullet" },
          a.factors
            .filter((f) => f.dimension === key && f.applies)
            .map((f) => el("li", {}, f.label, f.notes ? `: ${f.notes}` : "")),
        ),
        para(a[`${key}_summary`]),
      ]),
      el("h3", { class: "govuk-heading-s" }, "Conclusion"),
      para(a.conclusion),
    ),
  );
  const record = canRecord
    ? details(
        "Record a VAF assessment",
        "open-vaf-form",
        form({
          id: "vaf-form",
          fields: [
            { name: "assessed_on", label: "Date of assessment", type: "date" },
            { name: "assessor", label: "Assessor" },
            ...dimensions.flatMap(([key, label]) => dimensionFields(key, label, factors)),
            { name: "conclusion", label: "Conclusion", type: "textarea", rows: 3 },
          ],
          submitText: "Save assessment",
          onSubmit: async (v) => {
            await recordAssessment(r.id, {
              ...v,
              factors: factors.map((f) => ({
                factor: f.value,
                applies: v[`factor-${f.value}`],
                notes: "",
              })),
            });
            await view.show("vaf", "VAF assessment recorded");
          },
        }),
      )
    : null;
  return [record, assessments.length ? assessments : para("No VAF assessment is recorded yet.")];
}
