// One dashboard per role, showing what Classbridge knows for that person today.
import { api } from "../api.js";
import { applyTo, language, t } from "../i18n.js";
import { h, label, nameOf } from "../dom.js";
import { showAdmin } from "./admin.js";
import { accountsCard } from "./accounts.js";
import { auditCard } from "./audit.js";
import { bookingCard, groupWeekCard, myWeekCard, pairingsCard } from "./timetable.js";

/** The library card: its module loads only when it is opened (no bytes until then). */
function libraryCard(me) {
  const card = h("div", { class: "card", "data-test": "library" });
  const open = h("button", {
    type: "button", class: "primary", "data-test": "library-open",
    onclick: async () => {
      open.disabled = true;
      const { showLibrary } = await import("./library.js");
      await showLibrary(card, me);
      applyTo(card);
    },
  }, label("span", "lib.open"));
  card.append(label("h3", "lib.title"), open);
  return card;
}

/**
 * Recorded lessons this browser still holds (the link dropped, the page closed): they go up now,
 * resuming where they stopped. The recorder's code loads only when there is something to send.
 */
async function recordingsToUpload(page) {
  try {
    const dbs = await indexedDB.databases?.();
    if (!dbs?.some((d) => d.name === "classbridge-recordings")) return;
    const { pending, uploadPending } = await import("./recorder.js");
    if (!(await pending()).length) return;
    const state = h("p", { role: "status", "data-test": "recordings-state" });
    const card = h("div", { class: "card", "data-test": "recordings-card" }, label("h3", "live.recordings"), state);
    page.prepend(card);
    applyTo(card);
    state.textContent = t("live.recordUploading");
    const done = await uploadPending((rec, sent, total) => {
      state.textContent = `${t("live.recordUploading")} ${Math.floor((100 * sent) / total)}%`;
    });
    const failed = done.filter((r) => r.error);
    state.textContent = failed.length ? t("live.recordLater") : t("live.recordUploaded");
    state.dataset.state = failed.length ? "pending" : "uploaded";
  } catch {
    // nothing to resume, or no IndexedDB: the dashboard is unaffected
  }
}

/** 名师工作室: loads its module when opened, like the library. */
function studioCard(me) {
  const card = h("div", { class: "card", "data-test": "studio-card" });
  const open = h("button", {
    type: "button", class: "primary", "data-test": "studio-open",
    onclick: async () => {
      open.disabled = true;
      const { showStudios } = await import("./studio.js");
      await showStudios(card, me);
      applyTo(card);
    },
  }, label("span", "st.open"));
  card.append(label("h3", "st.title"), open);
  return card;
}

/** Curriculum coverage: loads its module when opened, like the library. */
function coverageCard(me) {
  const card = h("div", { class: "card", "data-test": "coverage-card" });
  const open = h("button", {
    type: "button", class: "primary", "data-test": "coverage-open",
    onclick: async () => {
      open.disabled = true;
      const { showCoverage } = await import("./coverage.js");
      await showCoverage(card, me);
      applyTo(card);
    },
  }, label("span", "cov.open"));
  card.append(label("h3", "cov.title"), open);
  return card;
}

export async function showDashboard(main, me) {
  const role = me.user.role;
  const page = h("section", { "data-test": `dashboard-${role}` }, label("h2", `dash.${role}`));
  main.append(page);
  if (role === "admin") {
    await showAdmin(page);
  } else {
    page.append(affiliation(me));
    // everything below came in the one dashboard response: no further round trips
    if (role === "student") {
      page.append(myWeekCard(me), libraryCard(me), pairingsCard(me.pairings), classesCard(me, false));
    }
    if (role === "teacher") {
      recordingsToUpload(page);
      page.append(myWeekCard(me), libraryCard(me), pairingsCard(me.pairings), classesCard(me, true),
        classroomsCard(me.classrooms), coverageCard(me), studioCard(me));
    }
    if (role === "coordinator") {
      const week = groupWeekCard(me.schools, me.timetable);
      page.append(bookingCard(() => week.reload(), me.timetable), week, coverageCard(me), studioCard(me), libraryCard(me),
        groupSchools(me.schools), accountsCard(me.schools), auditCard());
    }
  }
  applyTo(page);
}

function affiliation(me) {
  return h(
    "div",
    { class: "card grid", "data-test": "affiliation" },
    h("div", {}, label("h3", "dash.school"), h("p", { "data-test": "school-name" }, nameOf(me.school, language()))),
    h("div", {}, label("h3", "dash.group"), h("p", { "data-test": "group-name" }, nameOf(me.school?.group, language()))),
  );
}

function classesCard(me, withMembers) {
  const card = h("div", { class: "card", "data-test": "my-classes" }, label("h3", "dash.classes"));
  if (me.classes.length === 0) {
    card.append(label("p", "dash.noClasses", { class: "muted" }));
    return card;
  }
  me.classes.forEach((k) => {
    const item = h(
      "div",
      { class: "class", "data-test": "class" },
      h("h4", {}, k.name, " ", h("span", { class: "tag", "data-i18n": `lang.${k.language}` })),
    );
    if (withMembers) {
      item.append(
        h("ul", { "data-test": "class-members" },
          (k.members ?? []).map((m) => h("li", { "data-test": "member", "data-username": m.username },
            m.displayName, " ",
            h("span", { class: "muted", "data-i18n": `role.${m.role}` }),
            m.role === "student" ? resetButton(m) : null))),
      );
    }
    card.append(item);
  });
  return card;
}

/** A teacher resets a pupil's forgotten password; the one-time password is shown once. */
function resetButton(member) {
  const shown = h("span", { class: "one-time", role: "status" });
  const button = h("button", {
    type: "button", class: "link", "data-test": "reset-password",
    onclick: async () => {
      button.disabled = true;
      try {
        const r = await api("POST", `/users/${member.id}/password-reset`, {});
        shown.replaceChildren(
          label("span", "reset.shown"),
          h("code", { "data-test": "one-time-password" }, r.oneTimePassword),
          " ", label("small", "reset.note", { class: "muted" }));
        applyTo(shown);
      } catch (e) {
        shown.textContent = t("error.generic");
      } finally {
        button.disabled = false;
      }
    },
  }, label("span", "reset.action"));
  return h("span", {}, " ", button, " ", shown);
}

function classroomsCard(rooms) {
  return h(
    "div",
    { class: "card", "data-test": "classrooms" },
    label("h3", "dash.classrooms"),
    h("ul", {}, rooms.map((r) => h("li", {}, r.name, " ",
      h("span", { class: "tag", "data-i18n": `kind.${r.kind}` })))),
  );
}

function groupSchools(schools) {
  const rows = schools.map((s) =>
    h("tr", { "data-test": "school-row" },
      h("td", {}, nameOf(s, language())),
      h("td", {}, `${s.region.prefecture} · ${s.region.county}`),
      h("td", { "data-i18n": `setting.${s.setting}` }),
      h("td", {}, s.classrooms.map((r) => h("div", {}, r.name, " ",
        h("span", { class: "tag", "data-i18n": `kind.${r.kind}` }))))));
  return h(
    "div",
    { class: "card", "data-test": "group-schools" },
    label("h3", "dash.schools"),
    h("table", {},
      h("thead", {}, h("tr", {},
        label("th", "field.name"), label("th", "field.region"),
        label("th", "field.setting"), label("th", "dash.classrooms"))),
      h("tbody", {}, rows)),
  );
}
