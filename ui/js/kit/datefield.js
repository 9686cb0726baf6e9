// A form's date field (forms.js: day, month and year inputs) filled in with a date, and
// today's date in Europe/London, for fields that default to it.

/**
 * Fills the date field `name` of `formNode` with `iso` ("2026-11-29"); nothing when empty.
 * @param {HTMLFormElement} formNode
 * @param {string} name
 * @param {string | null | undefined} iso
 */
export function fillDate(formNode, name, iso) {
  if (!iso) return;
  const [year, month, day] = iso.slice(0, 10).split("-");
  const parts = { "": day, "-month": month, "-year": year };
  for (const [suffix, value] of Object.entries(parts)) {
    const input = /** @type {HTMLInputElement} */ (
      formNode.querySelector(`[name="${name}${suffix}"]`)
    );
    input.value = String(Number(value));
  }
}

/** Today in Europe/London, as "2026-11-29". */
export function todayIso() {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date());
  /** @param {string} type */
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}
