// Entry point: the language switch, and login or the dashboard of the logged-in role.
import { api, setToken, token } from "./api.js";
import { applyTo, language, localiseValidation, messageOf, setLanguage, t } from "./i18n.js";
import { clear, h, label } from "./dom.js";
import { showLogin } from "./features/login.js";
import { showDashboard } from "./features/dashboard.js";
import { showPasswordChange } from "./features/password.js";

const main = document.getElementById("main");
const who = document.getElementById("who");
const logout = document.getElementById("logout");
const languageSwitch = document.getElementById("language");

languageSwitch.value = language();
languageSwitch.addEventListener("change", () => {
  setLanguage(languageSwitch.value);
  // a view is drawn from its state: drawing it again leaves no text of the old language behind
  // (role names, select options, report summaries), not only the [data-i18n] labels
  if (token()) start();
});
logout.addEventListener("click", () => {
  setToken(null);
  start();
});
window.addEventListener("classbridge:logged-out", () => start());
window.addEventListener("hashchange", () => start());

/** Leaves the open class, if any: its camera and connection must not outlive the page. */
let leaveClass = null;

async function start() {
  leaveClass?.();
  leaveClass = null;
  clear(main);
  who.textContent = "";
  logout.hidden = true;
  const device = /^#\/device\/([A-Za-z0-9_.-]+)$/.exec(location.hash);
  if (device) {
    // a classroom's own computer: the link is its credential, nobody logs in on it
    const { showClassroom } = await import("./features/classroom.js");
    leaveClass = await showClassroom(main, null, () => {
      history.replaceState(null, "", location.pathname);
      start();
    }, device[1]);
    applyTo(document);
    return;
  }
  if (!token()) {
    showLogin(main, start);
    applyTo(document);
    return;
  }
  try {
    // one request for the whole home screen: the server composes it
    const me = await api("GET", "/me/dashboard");
    who.textContent = `${me.user.displayName} · ${t("role." + me.user.role)}`;
    logout.hidden = false;
    const live = /^#\/class\/([0-9a-f-]{36})$/.exec(location.hash);
    if (live) {
      // the class page and its WebRTC code load only when a class is opened
      const { showClassroom } = await import("./features/classroom.js");
      leaveClass = await showClassroom(main, live[1], () => {
        history.replaceState(null, "", location.pathname);
        start();
      });
      applyTo(document);
      return;
    }
    const report = /^#\/report\/(group|school)\/([0-9a-f-]{36})\/([0-9a-f-]{36})$/.exec(location.hash);
    if (report) {
      // the printable term report: its own page, so printing holds nothing else
      const { showReport } = await import("./features/report.js");
      await showReport(main, report[1], report[2], report[3], () => {
        history.replaceState(null, "", location.pathname);
        start();
      });
      applyTo(document);
      return;
    }
    const research = /^#\/research\/([0-9a-f-]{36})\/([0-9a-f-]{36})$/.exec(location.hash);
    if (research) {
      const { showResearchRecord } = await import("./features/studio.js");
      await showResearchRecord(main, research[1], research[2], () => {
        history.replaceState(null, "", location.pathname);
        start();
      });
      applyTo(document);
      return;
    }
    await showDashboard(main, me);
  } catch (e) {
    if (e.status === 401) return; // api.js cleared the token and announced the logout
    if (e.code === "password-change-required") {
      // reloaded in the middle of a first login: the new password is still owed
      showPasswordChange(main, null, start);
      logout.hidden = false;
      return;
    }
    // the server or the link is down for a moment: keep the login, offer to try again
    clear(main).append(
      h("div", { class: "card", role: "alert", "data-test": "load-error" },
        h("p", { class: "error" }, `${t("error.generic")} (${messageOf(e)})`),
        h("button", { type: "button", class: "primary", onclick: () => start() },
          label("span", "action.retry"))),
    );
  }
  applyTo(document);
}

localiseValidation(document);
applyTo(document);
start();
