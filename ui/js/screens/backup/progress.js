// The progress bar of a backup or a restore: a labelled <progress> the core's reports move,
// with its step in words announced politely to screen readers.

import { Channel } from "../../api/call.js";
import { el } from "../../kit/dom.js";

/** @import { BackupProgress } from "../../api/bindings.js" */

/**
 * A progress bar, hidden until the first report, and the channel that moves it.
 * @param {string} id
 * @returns {{node: HTMLElement, channel: Channel<BackupProgress>}}
 */
export function progressBar(id) {
  const step = el("span", { id: `${id}-step` }, "");
  const bar = el("progress", { id, max: "100", value: "0", "aria-labelledby": `${id}-label` });
  const node = el(
    "div",
    { class: "govuk-form-group cd-progress", id: `${id}-group`, hidden: true },
    el("p", { class: "govuk-body", id: `${id}-label`, "aria-live": "polite" }, step),
    bar,
  );
  /** @type {Channel<BackupProgress>} */
  const channel = new Channel();
  channel.onmessage = (p) => {
    node.hidden = false;
    step.textContent = `${p.step}: ${p.percent}%`;
    bar.value = p.percent;
  };
  return { node, channel };
}
