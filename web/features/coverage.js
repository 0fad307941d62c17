// Curriculum coverage (开齐开足): for a coordinator the group's receiving schools × subjects, for a
// school's staff their school's classes × subjects; each cell colour-coded by what is left uncovered
// and giving the numbers (periods required by the plan, taught locally, held and booked remotely,
// the gap). Loaded only when opened.
import { api, token } from "../api.js";
import { applyTo, language, messageOf, t } from "../i18n.js";
import { h, label } from "../dom.js";

/** The term today falls in, or else the latest one. */
function currentTerm(terms) {
  const today = new Date().toISOString().slice(0, 10);
  return terms.find((x) => x.firstDay <= today && today <= x.lastDay) ?? terms[terms.length - 1];
}

function subjectName(s) {
  const lang = language();
  return lang === "bo" ? s.bo : lang === "en" ? s.en : s.zh;
}

export async function showCoverage(card, me) {
  const body = h("div", { "data-test": "coverage" });
  card.append(body);
  try {
    const terms = (await api("GET", "/terms")).items;
    if (!terms.length) {
      body.replaceChildren(label("p", "cov.noTerm", { class: "muted" }));
      return;
    }
    const picker = h("select", { "data-test": "coverage-term" },
      terms.map((x) => h("option", { value: x.id }, x.name)));
    picker.value = currentTerm(terms).id;
    const table = h("div", { class: "coverage-table" });
    const path = () => me.user.role === "coordinator"
      ? `/groups/${me.school.group.id}/coverage?termId=${picker.value}`
      : `/schools/${me.school.id}/coverage?termId=${picker.value}`;
    const csv = h("button", { type: "button", class: "link", "data-test": "coverage-csv",
      onclick: () => download(`/api/v1${path()}&format=csv`) }, label("span", "cov.csv"));
    const draw = async () => {
      try {
        table.replaceChildren(matrix(await api("GET", path())));
      } catch (e) {
        table.replaceChildren(h("p", { class: "error" }, messageOf(e)));
      }
      applyTo(table);
    };
    picker.addEventListener("change", draw);
    body.replaceChildren(h("div", { class: "inline" }, picker, csv), legend(), table);
    await draw();
  } catch (e) {
    body.replaceChildren(h("p", { class: "error" }, messageOf(e)));
  }
}

function legend() {
  return h("p", { class: "legend muted" },
    ...["covered", "partial", "gap", "not-required"].map((s) =>
      h("span", { class: `cov cov-${s}` }, t(`cov.state.${s}`))));
}

/** Rows (schools or classes) × subjects; a cell reads "delivered / required" and the gap. */
function matrix(m) {
  const subjects = m.subjects;
  const head = h("tr", {}, label("th", m.rows[0]?.class !== undefined ? "cov.class" : "cov.school"),
    ...subjects.map((s) => h("th", {}, subjectName(s))));
  const rows = m.rows.map((r) => h("tr", { "data-test": "coverage-row" },
    h("th", { scope: "row" }, r.school ?? r.class),
    ...subjects.map((s) => {
      const c = r.cells[s.id];
      if (!c) return h("td", { class: "cov cov-not-required" }, "");
      const delivered = c.local + c.held + c.upcoming;
      return h("td", {
        class: `cov cov-${c.state}`, "data-test": "coverage-cell", "data-subject": s.id, "data-state": c.state,
        title: `${t("cov.required")} ${c.required} · ${t("cov.local")} ${c.local} · ${t("cov.held")} ${c.held}`
          + ` · ${t("cov.notHeld")} ${c.notHeld} · ${t("cov.upcoming")} ${c.upcoming} · ${t("cov.gap")} ${c.gap}`,
      }, c.required ? `${delivered}/${c.required}` : `${delivered}`, c.gap ? h("small", {}, ` −${c.gap}`) : "");
    })));
  return h("table", { class: "coverage" },
    h("caption", {}, `${m.term} · ${t("cov.weeks").replace("{n}", m.teachingWeeks)}`),
    h("thead", {}, head), h("tbody", {}, rows));
}

async function download(url) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) return;
  const href = URL.createObjectURL(await response.blob());
  const a = h("a", { href, download: "coverage.csv" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
