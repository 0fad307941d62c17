// The audit log: who changed what in the directory, accounts and timetable, newest first. Admins
// see every group's; a coordinator their own group's (the server decides).
import { api } from "../api.js";
import { applyTo, messageOf } from "../i18n.js";
import { h, label } from "../dom.js";

const PAGE = 50;

/** The "before -> after" of each changed field, as one line of text. */
function changes(c) {
  if (!c) return "";
  return Object.entries(c)
    .map(([field, v]) => {
      if (v && typeof v === "object" && ("before" in v || "after" in v)) {
        return `${field}: ${v.before ?? "—"} → ${v.after ?? "—"}`;
      }
      return `${field}: ${typeof v === "object" ? JSON.stringify(v) : v}`;
    })
    .join("; ");
}

export function auditCard() {
  const card = h("div", { class: "card", "data-test": "audit" });
  const state = { entries: [], more: false, error: null };

  const load = async (before) => {
    try {
      const query = new URLSearchParams({ limit: PAGE });
      if (before) query.set("before", before);
      const r = await api("GET", `/audit?${query}`);
      state.entries = before ? state.entries.concat(r.items) : r.items;
      state.more = r.items.length === PAGE;
      state.error = null;
    } catch (e) {
      state.error = messageOf(e);
    }
    draw();
  };

  const draw = () => {
    card.replaceChildren(
      label("h3", "audit.title"),
      state.error ? h("p", { class: "error" }, state.error) : "",
      h("table", { "data-test": "audit-list" },
        h("thead", {}, h("tr", {}, label("th", "audit.at"), label("th", "audit.actor"),
          label("th", "audit.action"), label("th", "audit.changes"))),
        h("tbody", {}, state.entries.map((e) => h("tr", { "data-test": "audit-entry", "data-action": e.action },
          h("td", {}, new Date(e.at).toLocaleString()),
          h("td", {}, e.actor.name),
          h("td", {}, e.action, " ", h("small", { class: "muted" }, e.entity.type)),
          h("td", {}, h("small", {}, changes(e.changes))))))),
      state.more
        ? h("button", {
          type: "button", "data-test": "audit-older",
          onclick: () => load(state.entries[state.entries.length - 1].at),
        }, label("span", "audit.older"))
        : "");
    applyTo(card);
  };

  // loaded on request: it is not part of the screen's one round trip
  card.replaceChildren(
    label("h3", "audit.title"),
    h("button", {
      type: "button", "data-test": "audit-show",
      onclick: () => {
        draw();
        load();
      },
    }, label("span", "audit.show")));
  return card;
}
