// Accounts a coordinator (or an admin) looks after: find them by name, correct them, move a pupil
// to another school of the group, deactivate or reactivate, reset a forgotten password.
import { api, token } from "../api.js";
import { applyTo, messageOf, t } from "../i18n.js";
import { clear, h, label } from "../dom.js";

const PAGE = 20;

/**
 * The accounts card; schools are the group's, for the move picker. {@code admin}: the page of an
 * admin, who also exports and erases a pupil's data.
 */
export function accountsCard(schools, admin = false) {
  const card = h("div", { class: "card", "data-test": "accounts" }, label("h3", "admin.users"));
  const query = h("input", { type: "search", name: "q", maxlength: 64, "data-test": "accounts-search" });
  const list = h("div", { "data-test": "accounts-list" });
  const message = h("p", { class: "error", role: "alert" });
  let page = 1;

  async function load() {
    message.textContent = "";
    const params = new URLSearchParams({ page, size: PAGE });
    if (query.value.trim()) params.set("q", query.value.trim());
    try {
      const r = await api("GET", `/users?${params}`);
      clear(list).append(
        h("table", {}, h("tbody", {}, r.items.map((a) => row(a, schools, message, admin)))),
        h("p", { class: "inline" },
          page > 1 ? h("button", { type: "button", onclick: () => { page--; load(); } },
            label("span", "accounts.previous")) : null,
          r.more ? h("button", { type: "button", onclick: () => { page++; load(); } },
            label("span", "accounts.next")) : null));
      applyTo(list);
    } catch (e) {
      message.textContent = messageOf(e);
    }
  }

  const search = h("form", { class: "inline", role: "search" },
    h("label", {}, label("span", "accounts.search"), query),
    h("button", { type: "submit", class: "primary" }, label("span", "accounts.find")));
  search.addEventListener("submit", (event) => {
    event.preventDefault();
    page = 1;
    load();
  });
  card.append(search, message, list);
  load();
  return card;
}

function row(account, schools, message, admin) {
  const schoolName = schools.find((s) => s.id === account.schoolId)?.name ?? "";
  const tr = h("tr", { "data-test": "account-row", "data-username": account.username },
    h("td", {}, account.username),
    h("td", {}, account.displayName),
    h("td", { "data-i18n": `role.${account.role}` }),
    h("td", { "data-test": "account-school" }, schoolName),
    h("td", {}, account.active ? "" : label("span", "accounts.inactive", { class: "tag" })),
    h("td", {}, h("button", { type: "button", "data-test": "account-edit",
      onclick: () => edit(account, schools, tr, message, admin) }, label("span", "accounts.edit"))));
  return tr;
}

/** The edit form for one account, under its row; it saves with the version it read. */
async function edit(account, schools, tr, message, admin) {
  const current = await fetchVersioned(`/users/${account.id}`);
  const display = h("input", { name: "displayName", value: current.body.displayName, maxlength: 100 });
  const school = h("select", { name: "schoolId", "data-test": "account-move" },
    schools.map((s) => h("option", { value: s.id, selected: s.id === current.body.schoolId }, s.name)));
  const active = h("input", { type: "checkbox", name: "active", checked: current.body.active,
    "data-test": "account-active" });
  const shown = h("span", { role: "status" });
  const save = h("button", { type: "submit", class: "primary", "data-test": "account-save" },
    label("span", "action.save"));
  const reset = h("button", { type: "button", "data-test": "account-reset" },
    label("span", "reset.action"));
  const form = h("form", { class: "inline", "data-test": "account-form" },
    h("label", {}, label("span", "field.displayName"), display),
    h("label", {}, label("span", "field.school"), school),
    h("label", { class: "check" }, active, label("span", "accounts.active")),
    save, reset, shown);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    const patch = {};
    if (display.value !== current.body.displayName) patch.displayName = display.value;
    if (school.value !== current.body.schoolId) patch.schoolId = school.value;
    if (active.checked !== current.body.active) patch.active = active.checked;
    try {
      const saved = await api("PATCH", `/users/${account.id}`, patch,
        "application/merge-patch+json", { "If-Match": current.etag });
      const fresh = row(saved, schools, message, admin);
      tr.replaceWith(fresh);
      applyTo(fresh);
      holder.remove();
    } catch (e) {
      shown.textContent = messageOf(e);
    } finally {
      save.disabled = false;
    }
  });
  reset.addEventListener("click", async () => {
    try {
      const r = await api("POST", `/users/${account.id}/password-reset`, {});
      shown.replaceChildren(label("span", "reset.shown"),
        h("code", { "data-test": "one-time-password" }, r.oneTimePassword));
      applyTo(shown);
    } catch (e) {
      shown.textContent = messageOf(e);
    }
  });
  const holder = h("tr", {}, h("td", { colspan: 6 }, form,
    admin && current.body.role === "student" ? pupilData(account, tr, () => holder.remove(), message) : null));
  tr.after(holder);
  applyTo(holder);
  message.textContent = "";
}

/**
 * A pupil's data (PIPL, admins): everything kept about them as a JSON file, and erasure of a pupil
 * who left, which asks for their username again so a slip of the mouse erases nobody.
 */
function pupilData(account, tr, close, message) {
  const shown = h("span", { role: "status", "data-test": "pupil-data-status" });
  const exportButton = h("button", { type: "button", "data-test": "pupil-export",
    onclick: async () => {
      try {
        const data = await api("GET", `/users/${account.id}/personal-data`);
        const file = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
        const link = h("a", { href: URL.createObjectURL(file), download: `${account.username}.json`,
          "data-test": "pupil-export-file" }, `${account.username}.json`);
        shown.replaceChildren(link);
      } catch (e) {
        shown.textContent = messageOf(e);
      }
    } }, label("span", "privacy.export"));
  const confirm = h("input", { maxlength: 64, placeholder: account.username, "data-test": "pupil-erase-confirm" });
  const erase = h("button", { type: "button", class: "danger", "data-test": "pupil-erase",
    onclick: async () => {
      try {
        await api("POST", `/users/${account.id}/erasure`, { username: confirm.value.trim() });
        close();
        tr.remove();
        message.textContent = t("privacy.erased").replace("{name}", account.username);
      } catch (e) {
        shown.textContent = messageOf(e);
      }
    } }, label("span", "privacy.erase"));
  return h("div", { class: "inline", "data-test": "pupil-data" }, exportButton,
    label("span", "privacy.confirm", { class: "muted" }), confirm, erase, shown);
}

/** A GET that keeps the ETag, for an update that must not overwrite someone else's. */
async function fetchVersioned(path) {
  const response = await fetch(`/api/v1${path}`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${token()}` },
  });
  if (!response.ok) throw new Error(t("error.generic"));
  return { etag: response.headers.get("ETag"), body: await response.json() };
}
