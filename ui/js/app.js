// The frame: which screen shows, the header, navigation, lock and idle reporting.

import { call, flushBeforeLock } from "./api.js";
import { el } from "./dom.js";
import { AREAS, emptyArea, home } from "./screens/home.js";
import { auditScreen } from "./screens/audit.js";
import { casesScreen } from "./screens/cases.js";
import { actionsScreen } from "./screens/actions.js";
import { meetingsScreen } from "./screens/meetings.js";
import { settingsScreen } from "./screens/settings.js";
import { changePassphrase, createDatabase, setUpAdministrator, unlockScreen } from "./screens/start.js";

const app = {
  status: null,
  person: null,

  /** The areas this person's role may see. */
  routes() {
    const all = [
      { route: "home", title: "Home" },
      ...AREAS,
      { route: "audit", title: "Audit", admin: true, summary: "Who unlocked, changed or exported what, and when." },
      { route: "settings", title: "Settings", summary: "Your passphrase; for administrators, people with access and the idle lock." },
    ];
    return all.filter((r) => (!r.admin || this.person.role === "administrator")
      && (!r.caseworkers || this.person.role !== "steering_lead"));
  },

  signedIn(person, lastFailedAttempt, message) {
    this.person = person;
    if (person.must_change_passphrase) {
      showFrame(person, false);
      changePassphrase(this, true);
      return;
    }
    showFrame(person, true);
    go("home", { lastFailedAttempt, message });
    call("app_status").then((status) => { document.getElementById("demo-tag").hidden = !status.demo; });
  },
};

function showFrame(person, withNav) {
  const who = document.getElementById("header-person");
  who.textContent = `${person.full_name} (${person.role_label})`;
  who.hidden = false;
  document.getElementById("lock-button").hidden = false;
  document.getElementById("marking").hidden = false;
  const nav = document.getElementById("primary-nav");
  nav.hidden = !withNav;
  document.getElementById("primary-nav-list").replaceChildren(
    ...app.routes().map((r) => el("li", { class: "moj-primary-navigation__item" },
      el("a", { class: "moj-primary-navigation__link", href: `#${r.route}`, "data-route": r.route, id: `nav-${r.route}` }, r.title))));
}

function hideFrame() {
  app.person = null;
  for (const id of ["header-person", "lock-button", "marking", "primary-nav", "demo-tag"]) document.getElementById(id).hidden = true;
  document.getElementById("primary-nav-list").replaceChildren();
}

async function go(route, options = {}) {
  if (!app.person || app.person.must_change_passphrase) return;
  const known = app.routes().find((r) => r.route === route);
  if (!known) return;
  for (const link of document.querySelectorAll(".moj-primary-navigation__link")) {
    if (link.id === `nav-${route}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  try {
    if (route === "home") await home(app, options.lastFailedAttempt, options.message);
    else if (route === "cases") await casesScreen(app);
    else if (route === "meetings") await meetingsScreen(app);
    else if (route === "actions") await actionsScreen(app);
    else if (route === "audit") await auditScreen();
    else if (route === "settings") await settingsScreen(app);
    else emptyArea(known);
  } catch (error) {
    if (error.code !== "locked") document.getElementById("main").replaceChildren(el("p", { class: "govuk-error-message", role: "alert" }, error.message));
  }
}

/** Shows the locked screen: nothing of the data stays on the page. */
async function showLocked(message) {
  hideFrame();
  document.getElementById("main").replaceChildren();
  app.status = await call("app_status");
  unlockScreen(app, message);
}

async function lockNow() {
  if (!app.person && !app.status?.recovery) return;
  await flushBeforeLock();
  await call("lock");
  await showLocked("Channel Desk is locked.");
}

function reportActivity() {
  let last = 0;
  const report = () => {
    const now = Date.now();
    if (app.person && now - last > 15000) {
      last = now;
      call("activity").catch(() => {});
    }
  };
  for (const type of ["keydown", "pointerdown", "pointermove", "wheel"]) document.addEventListener(type, report, { passive: true });
}

async function start() {
  document.getElementById("lock-button").addEventListener("click", lockNow);
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l") {
      e.preventDefault();
      lockNow();
    }
  });
  document.addEventListener("cd-locked", () => showLocked("Channel Desk is locked."));
  // Links between areas carry data-route; the location never changes.
  document.addEventListener("click", (e) => {
    const link = e.target.closest("a[data-route]");
    if (!link) return;
    e.preventDefault();
    go(link.dataset.route);
  });
  await window.__TAURI__.event.listen("session-locked", () => showLocked("Channel Desk locked itself after a period without activity."));
  reportActivity();

  app.status = await call("app_status");
  document.getElementById("header-database").textContent = app.status.database;
  if (app.status.person) app.signedIn(app.status.person);
  else if (app.status.recovery) setUpAdministrator(app);
  else if (app.status.state.state === "missing") createDatabase(app);
  else unlockScreen(app);
}

start();
