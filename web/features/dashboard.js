// One dashboard per role, showing what Classbridge knows for that person today.
import { api } from "../api.js";
import { applyTo, t } from "../i18n.js";
import { h, label } from "../dom.js";
import { showAdmin } from "./admin.js";
import { accountsCard } from "./accounts.js";

export async function showDashboard(main, me) {
  const role = me.user.role;
  const page = h("section", { "data-test": `dashboard-${role}` }, label("h2", `dash.${role}`));
  main.append(page);
  if (role === "admin") {
    await showAdmin(page);
  } else {
    page.append(affiliation(me));
    // the cards' requests go out together: on a 300 ms rural link each await in turn costs a
    // round trip
    const cards = [];
    if (role === "student") cards.push(classesCard(me, false));
    if (role === "teacher") cards.push(classesCard(me, true), classroomsCard(me.school.id));
    if (role === "coordinator") cards.push(groupSchools());
    page.append(...(await Promise.all(cards)));
    if (role === "coordinator") page.append(accountsCard(await schoolsOfGroup()));
  }
  applyTo(page);
}

function affiliation(me) {
  return h(
    "div",
    { class: "card grid", "data-test": "affiliation" },
    h("div", {}, label("h3", "dash.school"), h("p", { "data-test": "school-name" }, me.school?.name ?? "")),
    h("div", {}, label("h3", "dash.group"), h("p", { "data-test": "group-name" }, me.school?.group?.name ?? "")),
  );
}

async function classesCard(me, withMembers) {
  const card = h("div", { class: "card", "data-test": "my-classes" }, label("h3", "dash.classes"));
  if (me.classes.length === 0) {
    card.append(label("p", "dash.noClasses", { class: "muted" }));
    return card;
  }
  // one request per class, all in flight at once
  const members = withMembers
    ? await Promise.all(me.classes.map((k) => api("GET", `/classes/${k.id}/members`)))
    : [];
  me.classes.forEach((k, i) => {
    const item = h(
      "div",
      { class: "class", "data-test": "class" },
      h("h4", {}, k.name, " ", h("span", { class: "tag", "data-i18n": `lang.${k.language}` })),
    );
    if (withMembers) {
      item.append(
        h("ul", { "data-test": "class-members" },
          members[i].items.map((m) => h("li", { "data-test": "member", "data-username": m.username },
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

async function classroomsCard(schoolId) {
  const rooms = await api("GET", `/schools/${schoolId}/classrooms`);
  return h(
    "div",
    { class: "card", "data-test": "classrooms" },
    label("h3", "dash.classrooms"),
    h("ul", {}, rooms.items.map((r) => h("li", {}, r.name, " ",
      h("span", { class: "tag", "data-i18n": `kind.${r.kind}` })))),
  );
}

let groupSchoolsRequest;

/** The group's schools, asked for once per dashboard (the school list and the move picker). */
function schoolsOfGroup() {
  return groupSchoolsRequest;
}

async function groupSchools() {
  groupSchoolsRequest = api("GET", "/schools").then((r) => r.items);
  const schools = { items: await groupSchoolsRequest };
  // every school's classrooms at once (an aggregate endpoint is the second pass's job)
  const rooms = await Promise.all(
    schools.items.map((s) => api("GET", `/schools/${s.id}/classrooms`)));
  const rows = schools.items.map((s, i) =>
    h("tr", { "data-test": "school-row" },
      h("td", {}, s.name),
      h("td", {}, `${s.region.prefecture} · ${s.region.county}`),
      h("td", { "data-i18n": `setting.${s.setting}` }),
      h("td", {}, rooms[i].items.map((r) => h("div", {}, r.name, " ",
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
