// Dates as people read them: 29 November 2026 in text, 29/11/2026 in tables, times in
// Europe/London.

/**
 * "29 November 2026 at 14:05", in Europe/London time.
 * @param {string} iso an instant
 */
export function dateTime(iso) {
  const d = new Date(iso);
  const date = d.toLocaleDateString("en-GB", {
    timeZone: "Europe/London",
    day: "numeric",
    month: "long",
    year: "numeric",
  });
  const time = d.toLocaleTimeString("en-GB", {
    timeZone: "Europe/London",
    hour: "2-digit",
    minute: "2-digit",
  });
  return `${date} at ${time}`;
}

/**
 * "2026-11-29" as 29/11/2026, for tables.
 * @param {string | null | undefined} iso
 */
export function shortDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/**
 * "2026-11-29" as 29 November 2026, for text.
 * @param {string | null | undefined} iso
 */
export function longDate(iso) {
  if (!iso) return "";
  return new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}
