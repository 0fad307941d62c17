// One dashboard per role, showing what Classbridge knows for that person today.
import { api } from "../api.js";
import { applyTo } from "../i18n.js";
import { h, label } from "../dom.js";
import { showAdmin } from "./admin.js";

export async function showDashboard(main, me) {
  const role = me.user.role;
  const page = h("section", { "data-test": `dashboard-${role}` }, label("h2", `dash.${role}`));
  main.append(page);
  if (role === "admin") {
    await showAdmin(page);
  } else {
    page.append(affiliation(me));
    if (role === "student") page.append(await classesCard(me, false));
    if (role === "teacher") {
      page.append(await classesCard(me, true));
      page.append(await classroomsCard(me.school.id));
    }
    if (role === "coordinator") page.append(await groupSchools());
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
  for (const k of me.classes) {
    const item = h(
      "div",
      { class: "class", "data-test": "class" },
      h("h4", {}, k.name, " ", h("span", { class: "tag", "data-i18n": `lang.${k.language}` })),
    );
    if (withMembers) {
      const members = await api("GET", `/classes/${k.id}/members`);
      item.append(
        h("ul", { "data-test": "class-members" },
          members.items.map((m) => h("li", {}, m.displayName, " ",
            h("span", { class: "muted", "data-i18n": `role.${m.role}` })))),
      );
    }
    card.append(item);
  }
  return card;
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

async function groupSchools() {
  const schools = await api("GET", "/schools");
  const rows = [];
  for (const s of schools.items) {
    const rooms = await api("GET", `/schools/${s.id}/classrooms`);
    rows.push(
      h("tr", { "data-test": "school-row" },
        h("td", {}, s.name),
        h("td", {}, `${s.region.prefecture} · ${s.region.county}`),
        h("td", { "data-i18n": `setting.${s.setting}` }),
        h("td", {}, rooms.items.map((r) => h("div", {}, r.name, " ",
          h("span", { class: "tag", "data-i18n": `kind.${r.kind}` }))))),
    );
  }
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
