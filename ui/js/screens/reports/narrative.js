// What the steering group writes into the annual report: a narrative for each priority of
// the delivery plan covering the period, and the national figures the report compares the
// borough with. Editors of the plan change them; everyone else reads them.

import { nationalFigures, setNationalFigures, setReportNarrative } from "../../api/reports.js";
import { dateTime } from "../../kit/dates.js";
import { details, el, para, section } from "../../kit/dom.js";
import { form, suffixed } from "../../kit/forms.js";
import { figure } from "../../kit/numbers.js";

import { numericCell, numericHeader, table } from "../../kit/table.js";

/** @import { Narrative, NationalFigures, PeriodView } from "../../api/bindings.js" */

/**
 * Who last saved a narrative, and when; empty before anyone has.
 * @param {Narrative} n
 */
const lastSaved = (n) =>
  n.updated_by ? `Last saved by ${n.updated_by} on ${dateTime(n.updated_at)}.` : "";

/**
 * A form per priority, each saving its own narrative; a refusal shows beside its field.
 * @param {Narrative} n
 * @param {PeriodView} period
 * @param {(message: string) => Promise<void>} reload
 */
function narrativeForm(n, period, reload) {
  const name = `narrative-${n.priority}`;
  return form({
    id: `${name}-form`,
    fields: [
      {
        name,
        label: `Priority ${n.priority}: ${n.title}`,
        type: "textarea",
        rows: 6,
        value: n.text,
        hint: lastSaved(n),
      },
    ],
    submitText: `Save the narrative for priority ${n.priority}`,
    onSubmit: async (v) => {
      await suffixed(n.priority, () =>
        setReportNarrative(period.from, period.to, n.priority, v[name]),
      );
      await reload(`Narrative for priority ${n.priority} saved`);
    },
  });
}

/**
 * A narrative as it reads, for people who do not edit the plan.
 * @param {Narrative} n
 */
const narrativeText = (n) => [
  el("h3", { class: "govuk-heading-s" }, `Priority ${n.priority}: ${n.title}`),
  el(
    "p",
    { class: "govuk-body cd-lines cd-detail", id: `narrative-${n.priority}` },
    n.text || "No narrative yet.",
  ),
];

/**
 * @param {Narrative[]} narratives
 * @param {PeriodView} period
 * @param {boolean} mayEdit
 * @param {(message: string) => Promise<void>} reload
 */
export function narrativeSection(narratives, period, mayEdit, reload) {
  if (!narratives.length) {
    return section(
      "The annual report's narrative",
      para("No delivery plan covers this period, so the report has no narrative to write."),
    );
  }
  return section(
    "The annual report's narrative",
    para("What the steering group says about each priority of the delivery plan this year."),
    narratives.map((n) => (mayEdit ? narrativeForm(n, period, reload) : narrativeText(n))),
  );
}

/** @param {NationalFigures[]} figures */
function nationalTable(figures) {
  if (!figures.length) {
    return el("p", { class: "govuk-body", id: "national-none" }, "No national figures yet.");
  }
  /** @param {number | null} n */
  const count = (n) => numericCell(n === null ? "not known" : figure(n));
  return table({
    id: "national-figures",
    caption: "England and Wales, newest year first",
    captionSize: "hidden",
    head: [
      "Year",
      numericHeader("Referrals"),
      numericHeader("Discussed at panel"),
      numericHeader("Adopted"),
      "Source",
    ],
    rows: figures.map((f) => ({
      id: `national-${f.year_start}`,
      cells: [
        f.year,
        count(f.referrals),
        count(f.discussed),
        count(f.adopted),
        el("span", { class: "cd-detail" }, f.source),
      ],
    })),
  });
}

/**
 * The national figures on record and, for editors, a form that adds or replaces a year's.
 * @param {boolean} mayEdit
 * @param {(message: string) => Promise<void>} reload
 */
export async function nationalSection(mayEdit, reload) {
  const figures = await nationalFigures();
  return section(
    "National figures",
    para("England and Wales figures from the Home Office, which the report compares with."),
    nationalTable(figures),
    mayEdit
      ? details(
          "Add or replace a year's figures",
          "open-national-form",
          form({
            id: "national-form",
            fields: [
              {
                name: "year_start",
                label: "Year the financial year starts",
                hint: "For example, 2023 for 2023/24. A year already recorded is replaced.",
                width: "short",
                inputmode: "numeric",
              },
              { name: "referrals", label: "Referrals", width: "short", inputmode: "numeric" },
              {
                name: "discussed",
                label: "Discussed at panel",
                hint: "Leave blank if not published",
                width: "short",
                inputmode: "numeric",
              },
              {
                name: "adopted",
                label: "Adopted",
                hint: "Leave blank if not published",
                width: "short",
                inputmode: "numeric",
              },
              {
                name: "source",
                label: "Source",
                hint: "For example, Home Office statistical release, 14 November 2024",
              },
            ],
            submitText: "Save the national figures",
            onSubmit: async (v) => {
              const saved = await setNationalFigures(v);
              const year = saved.find((f) => String(f.year_start) === v.year_start.trim());
              await reload(`National figures for ${year?.year ?? v.year_start} saved`);
            },
          }),
        )
      : null,
  );
}
