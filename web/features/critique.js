// Lesson critique (评课) under a recorded lesson's player: comments pinned to moments of the video
// (a click seeks there), the rubric's average scores, and the studio lead's summary. Shown only to
// those the server lets read it (the teacher, their studio colleagues, the group's coordinators).
import { api } from "../api.js";
import { applyTo, messageOf, t } from "../i18n.js";
import { h, label } from "../dom.js";

function clock(s) {
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** The panel, or null when this resource is no recorded lesson the viewer may critique. */
export async function critiquePanel(resourceId, player) {
  let c;
  try {
    c = await api("GET", `/resources/${resourceId}/critiques`);
  } catch {
    return null;
  }
  const panel = h("section", { class: "critique", "data-test": "critique" });
  const draw = (data) => {
    const items = h("ol", { class: "critique-items" }, data.items.map((k) => h("li", { "data-test": "critique-item" },
      h("button", { type: "button", class: "link", "data-test": "critique-seek",
        onclick: () => { player.currentTime = k.atSecond; } }, clock(k.atSecond)),
      ` ${k.author.displayName ?? ""}`,
      k.criterion ? h("small", { class: "muted" }, ` · ${t(`crit.${k.criterion}`)}${k.score ? ` ${k.score}/5` : ""}`) : "",
      ` · ${k.body}`)));
    const scores = h("p", { class: "muted", "data-test": "critique-scores" },
      data.rubric.map((r) => `${t(`crit.${r}`)} ${data.scores[r] ?? "—"}`).join(" · "));
    const criterion = h("select", { "data-test": "critique-criterion" },
      h("option", { value: "" }, "—"), data.rubric.map((r) => h("option", { value: r }, t(`crit.${r}`))));
    const score = h("select", { "data-test": "critique-score" },
      h("option", { value: "" }, "—"), [1, 2, 3, 4, 5].map((n) => h("option", { value: String(n) }, String(n))));
    const text = h("input", { maxlength: 4000, placeholder: t("crit.placeholder"), "data-test": "critique-text" });
    const status = h("span", { role: "status" });
    const add = h("button", { type: "button", class: "primary", "data-test": "critique-add",
      onclick: async () => {
        const body = { atSecond: Math.floor(player.currentTime || 0), body: text.value.trim() };
        if (criterion.value) body.criterion = criterion.value;
        if (criterion.value && score.value) body.score = Number(score.value);
        try {
          draw(await api("POST", `/resources/${resourceId}/critiques`, body));
        } catch (e) {
          status.textContent = messageOf(e);
        }
      } }, label("span", "crit.add"));
    const summary = data.summary
      ? h("blockquote", { "data-test": "critique-summary" }, h("strong", {}, data.summary.author.displayName ?? ""), ` ${data.summary.body}`)
      : "";
    let write = "";
    if (data.maySummarise) {
      const area = h("textarea", { rows: 3, "data-test": "critique-summary-text" });
      area.value = data.summary?.body ?? "";
      write = h("div", {}, area, h("button", { type: "button", "data-test": "critique-summary-save",
        onclick: async () => {
          try {
            draw(await api("PUT", `/resources/${resourceId}/critique-summary`, { body: area.value }));
          } catch (e) {
            status.textContent = messageOf(e);
          }
        } }, label("span", "crit.summarise")));
    }
    panel.replaceChildren(label("h4", "crit.title"), scores, items,
      h("div", { class: "inline" }, criterion, score, text, add, status), summary, write);
    applyTo(panel);
  };
  draw(c);
  return panel;
}
