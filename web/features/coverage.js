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

/** A school's or class's name in Tibetan when the page is, where it has one. */
function rowName(r) {
  return language() === "bo"
    ? r.schoolBo ?? r.classBo ?? r.school ?? r.class
    : r.school ?? r.class;
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
    const gapPanel = h("div", { "data-test": "gap-panel" });
    const coordinator = me.user.role === "coordinator";
    const path = () => coordinator
      ? `/groups/${me.school.group.id}/coverage?termId=${picker.value}`
      : `/schools/${me.school.id}/coverage?termId=${picker.value}`;
    const csv = h("button", { type: "button", class: "link", "data-test": "coverage-csv",
      onclick: () => download(`/api/v1${path()}&format=csv`) }, label("span", "cov.csv"));
    const report = h("button", { type: "button", class: "link", "data-test": "coverage-report",
      onclick: () => {
        location.hash = coordinator
          ? `#/report/group/${me.school.group.id}/${picker.value}`
          : `#/report/school/${me.school.id}/${picker.value}`;
      } }, label("span", "rep.open"));
    const draw = async () => {
      try {
        // a coordinator closes a gap from its cell: the proposals open below the matrix
        const onGap = coordinator
          ? (row, subject) => closeGap(gapPanel, picker.value, row, subject, draw)
          : null;
        // a school's staff open a class: its weeks, and what the school teaches itself
        const onClass = coordinator
          ? null
          : (row) => classWeeks(gapPanel, picker.value, row.classId, me.school.id, draw);
        table.replaceChildren(matrix(await api("GET", path()), onGap, onClass));
      } catch (e) {
        table.replaceChildren(h("p", { class: "error" }, messageOf(e)));
      }
      applyTo(table);
    };
    picker.addEventListener("change", () => {
      gapPanel.replaceChildren();
      draw();
    });
    const tools = h("div", { class: "inline" }, picker, csv, report);
    if (!coordinator) tools.append(importLocal(me.school.id, () => picker.value, draw));
    // the group's coordinators adjust the term's plan (it starts as the national one)
    if (coordinator) {
      tools.append(h("button", { type: "button", class: "link", "data-test": "plan-open",
        onclick: () => editPlan(gapPanel, picker.value, draw) }, label("span", "plan.edit")));
    }
    body.replaceChildren(tools, legend(), table, gapPanel);
    // a teacher says what they teach: "close this gap" looks for teachers of the subject
    if (me.user.role === "teacher") body.append(await teachingSubjects(me.user.id));
    await draw();
  } catch (e) {
    body.replaceChildren(h("p", { class: "error" }, messageOf(e)));
  }
}

/** A cell's numbers spelled out, for its tooltip. */
function cellTitle(c) {
  return `${t("cov.required")} ${c.required} · ${t("cov.local")} ${c.local} · ${t("cov.held")} ${c.held}`
    + ` · ${t("cov.notHeld")} ${c.notHeld} · ${t("cov.upcoming")} ${c.upcoming} · ${t("cov.gap")} ${c.gap}`;
}

/**
 * A "save" button that runs {@code work}, disabled meanwhile, and says in {@code status} that it
 * saved or what the server refused.
 */
function saveButton(hook, status, work) {
  const save = h("button", { type: "button", class: "primary", "data-test": hook,
    onclick: async () => {
      save.disabled = true;
      try {
        await work();
        status.textContent = t("gap.saved");
      } catch (e) {
        status.textContent = messageOf(e);
      }
      save.disabled = false;
    } }, label("span", "action.save"));
  return save;
}

function legend() {
  return h("p", { class: "legend muted" },
    ...["covered", "partial", "gap", "not-required"].map((s) =>
      h("span", { class: `cov cov-${s}` }, t(`cov.state.${s}`))));
}

/**
 * Rows (schools or classes) × subjects; a cell reads "delivered / required" and the gap. With
 * {@code onGap}, a cell with a gap is a button that opens "close this gap"; with {@code onClass}, a
 * class's name opens its weeks.
 */
export function matrix(m, onGap = null, onClass = null) {
  const subjects = m.subjects;
  const head = h("tr", {}, label("th", m.rows[0]?.class !== undefined ? "cov.class" : "cov.school"),
    ...subjects.map((s) => h("th", {}, subjectName(s))));
  const rows = m.rows.map((r) => h("tr", { "data-test": "coverage-row" },
    h("th", { scope: "row" }, onClass && r.classId
      ? h("button", { type: "button", class: "link", "data-test": "coverage-class", onclick: () => onClass(r) }, rowName(r))
      : rowName(r)),
    ...subjects.map((s) => {
      const c = r.cells[s.id];
      if (!c) return h("td", { class: "cov cov-not-required" }, "");
      const delivered = c.local + c.held + c.upcoming;
      const title = cellTitle(c);
      const text = [c.required ? `${delivered}/${c.required}` : `${delivered}`, c.gap ? h("small", {}, ` −${c.gap}`) : ""];
      const content = onGap && c.gap > 0 && r.schoolId
        ? h("button", { type: "button", class: "cell-action", "data-test": "close-gap",
          "aria-label": `${t("gap.close")}: ${rowName(r)} · ${subjectName(s)}`,
          onclick: () => onGap(r, s) }, ...text)
        : text;
      return h("td", {
        class: `cov cov-${c.state}`, "data-test": "coverage-cell", "data-subject": s.id, "data-state": c.state, title,
      }, ...[content].flat());
    })));
  return h("table", { class: "coverage" },
    h("caption", {}, `${m.term} · ${t("cov.weeks").replace("{n}", m.teachingWeeks)}`),
    h("thead", {}, head), h("tbody", {}, rows));
}

/**
 * "Close this gap" for a school and subject: the school's classes that lack it, the ranked weekly
 * slots for the chosen one, and a button that books a slot as a weekly series (the free weeks;
 * a week taken meanwhile is reported, not double booked).
 */
async function closeGap(panel, termId, row, subject, redraw) {
  const heading = h("h4", {}, `${t("gap.close")}: ${row.school} · ${subjectName(subject)}`);
  const list = h("div", { "data-test": "gap-proposals" });
  panel.replaceChildren(heading, list);
  try {
    const school = await api("GET", `/schools/${row.schoolId}/coverage?termId=${termId}`);
    const lacking = school.rows.filter((k) => (k.cells[subject.id]?.gap ?? 0) > 0)
      .sort((a, b) => b.cells[subject.id].gap - a.cells[subject.id].gap);
    if (!lacking.length) {
      list.replaceChildren(label("p", "gap.none", { class: "muted" }));
      return;
    }
    const pick = h("select", { "data-test": "gap-class" },
      lacking.map((k) => h("option", { value: k.classId }, `${k.class} (${t("cov.gap")} ${k.cells[subject.id].gap})`)));
    const proposals = h("div");
    const load = async () => {
      proposals.replaceChildren(label("p", "gap.searching", { class: "muted" }));
      try {
        const p = await api("GET", `/classes/${pick.value}/gap-proposals?termId=${termId}&subject=${subject.id}`);
        proposals.replaceChildren(proposalTable(p, async (series, button) => {
          button.disabled = true;
          try {
            const booked = await api("POST", "/series", series);
            const note = h("p", { class: "ok", role: "status", "data-test": "gap-booked" },
              t("gap.booked").replace("{n}", booked.bookedCount).replace("{m}", booked.conflicts.length));
            await redraw();
            await load();
            proposals.prepend(note);
          } catch (e) {
            button.disabled = false;
            proposals.prepend(h("p", { class: "error", role: "alert" }, messageOf(e)));
          }
          applyTo(panel);
        }));
      } catch (e) {
        proposals.replaceChildren(h("p", { class: "error" }, messageOf(e)));
      }
      applyTo(panel);
    };
    pick.addEventListener("change", load);
    const weeksPanel = h("div");
    const weeks = h("button", { type: "button", class: "link", "data-test": "gap-class-weeks",
      onclick: () => classWeeks(weeksPanel, termId, pick.value, null, redraw) }, label("span", "cov.byWeek"));
    list.replaceChildren(h("label", { class: "inline" }, label("span", "cov.class"), pick, weeks), weeksPanel, proposals);
    await load();
  } catch (e) {
    list.replaceChildren(h("p", { class: "error" }, messageOf(e)));
  }
  applyTo(panel);
}

/**
 * A class's coverage week by week (Mondays down, subjects across), with a CSV; for the class's own
 * school ({@code schoolId}) also the form for what the school teaches itself, periods a week.
 */
async function classWeeks(panel, termId, classId, schoolId, redraw) {
  const path = `/classes/${classId}/coverage?termId=${termId}`;
  try {
    const w = await api("GET", path);
    const subjects = w.subjects;
    const head = h("tr", {}, label("th", "cov.week"), ...subjects.map((s) => h("th", {}, subjectName(s))));
    const rows = w.weeks.map((week) => h("tr", { "data-test": "coverage-week", "data-week": week.week },
      h("th", { scope: "row" }, week.week),
      ...subjects.map((s) => {
        const c = week.cells[s.id];
        if (!week.teaching) return h("td", { class: "cov cov-not-required", title: t("cov.noTeaching") }, "—");
        if (!c) return h("td", { class: "cov cov-not-required" }, "");
        const delivered = c.local + c.held + c.upcoming;
        return h("td", { class: `cov cov-${c.state}`, "data-subject": s.id, "data-state": c.state,
          title: cellTitle(c) },
        c.required ? `${delivered}/${c.required}` : `${delivered}`);
      })));
    const csv = h("button", { type: "button", class: "link", "data-test": "coverage-weeks-csv",
      onclick: () => download(`/api/v1${path}&format=csv`) }, label("span", "cov.csv"));
    const parts = [h("h4", {}, `${rowName(w)} · ${t("cov.byWeek")}`), csv,
      h("div", { class: "coverage-table" }, h("table", { class: "coverage", "data-test": "coverage-weeks" },
        h("thead", {}, head), h("tbody", {}, rows)))];
    if (schoolId) parts.push(await localTeaching(classId, termId, () => classWeeks(panel, termId, classId, schoolId, redraw).then(redraw)));
    panel.replaceChildren(...parts);
  } catch (e) {
    panel.replaceChildren(h("p", { class: "error" }, messageOf(e)));
  }
  applyTo(panel);
}

/** What the school's own teachers give a class, periods a week per subject, saved together. */
async function localTeaching(classId, termId, saved) {
  const box = h("fieldset", { "data-test": "local-teaching" }, label("legend", "loc.title"));
  const path = `/classes/${classId}/local-teaching?termId=${termId}`;
  try {
    const [all, mine] = await Promise.all([api("GET", "/subjects"), api("GET", path)]);
    const inputs = all.items.map((s) => h("input", { type: "number", min: "0", max: "20", step: "1",
      value: String(mine.subjects[s.id] ?? 0), "data-subject": s.id, "aria-label": subjectName(s) }));
    const status = h("span", { role: "status", class: "muted" });
    const save = saveButton("local-teaching-save", status, async () => {
      const subjects = {};
      inputs.forEach((i) => { if (Number(i.value) > 0) subjects[i.dataset.subject] = Number(i.value); });
      await api("PUT", path, { subjects });
      await saved();
    });
    box.append(h("div", { class: "chips" }, all.items.map((s, i) => h("label", { class: "inline" }, subjectName(s), inputs[i]))),
      h("div", { class: "inline" }, save, status));
  } catch (e) {
    box.append(h("p", { class: "error" }, messageOf(e)));
  }
  return box;
}

/**
 * The term's curriculum plan, grades down and subjects across, periods a week; saved as a whole
 * (the server checks every grade's total). Tibetan-medium additions are kept as they are.
 */
async function editPlan(panel, termId, redraw) {
  const path = `/terms/${termId}/curriculum-plan`;
  try {
    const [all, plan] = await Promise.all([api("GET", "/subjects"), api("GET", path)]);
    const grades = Object.keys(plan.grades).sort((a, b) => Number(a) - Number(b));
    const inputs = [];
    const rows = grades.map((g) => h("tr", {}, h("th", { scope: "row" }, t("plan.grade").replace("{n}", g)),
      ...all.items.map((s) => {
        const input = h("input", { type: "number", min: "0", max: "20", step: "1", class: "period",
          value: String(plan.grades[g][s.id] ?? 0), "data-grade": g, "data-subject": s.id,
          "aria-label": `${t("plan.grade").replace("{n}", g)} · ${subjectName(s)}` });
        inputs.push(input);
        return h("td", {}, input);
      })));
    const status = h("p", { role: "status", class: "muted", "data-test": "plan-status" });
    const save = saveButton("plan-save", status, async () => {
      const gradesOut = {};
      inputs.forEach((i) => {
        const n = Number(i.value);
        gradesOut[i.dataset.grade] ??= {};
        if (n > 0) gradesOut[i.dataset.grade][i.dataset.subject] = n;
      });
      await api("PUT", path, { grades: gradesOut, tibetanMedium: plan.tibetanMedium });
      await redraw();
    });
    panel.replaceChildren(label("h4", "plan.edit"), h("p", { class: "muted small" }, plan.source ?? ""),
      h("div", { class: "coverage-table" }, h("table", { class: "coverage", "data-test": "plan" },
        h("thead", {}, h("tr", {}, label("th", "plan.gradeHead"), ...all.items.map((s) => h("th", {}, subjectName(s))))),
        h("tbody", {}, rows))),
      h("div", { class: "inline" }, save), status);
  } catch (e) {
    panel.replaceChildren(h("p", { class: "error" }, messageOf(e)));
  }
  applyTo(panel);
}

/** A school's local teaching from a CSV file (class,subject,periods): all rows or none. */
function importLocal(schoolId, termId, redraw) {
  const status = h("span", { role: "status", class: "muted", "data-test": "local-import-status" });
  const file = h("input", { type: "file", accept: ".csv,text/csv", "data-test": "local-import",
    onchange: async () => {
      const f = file.files[0];
      if (!f) return;
      try {
        const r = await api("POST", `/schools/${schoolId}/local-teaching?termId=${termId()}`, await f.text(), "text/csv");
        status.textContent = t("loc.imported").replace("{n}", r.classes);
        await redraw();
      } catch (e) {
        status.textContent = messageOf(e);
      }
      file.value = "";
    } });
  return h("label", { class: "inline" }, label("span", "loc.import"), file, status);
}

function proposalTable(p, book) {
  const head = h("p", { class: "muted", "data-test": "gap-need" },
    t("gap.need").replace("{gap}", p.cell.gap).replace("{weeks}", p.weeksLeft).replace("{n}", p.periodsPerWeekToClose));
  if (!p.proposals.length) {
    return h("div", {}, head, h("p", { class: "error", "data-test": "gap-empty" },
      t("gap.empty").replace("{n}", p.teachersConsidered)));
  }
  const rows = p.proposals.map((x) => {
    const button = h("button", { type: "button", class: "primary", "data-test": "gap-book" }, label("span", "gap.book"));
    button.addEventListener("click", () => book(x.series, button));
    return h("tr", { "data-test": "gap-proposal" },
      h("td", {}, x.teacher, x.teachesClass ? h("small", { class: "muted" }, ` · ${t("gap.teachesClass")}`) : ""),
      h("td", {}, `${x.mainSchool} · ${x.mainClassroom}`),
      h("td", {}, `${t("weekday." + x.weekday)} ${x.mainPeriod.label} ${x.mainPeriod.start}–${x.mainPeriod.end}`),
      h("td", {}, `${x.receivingClassroom} · ${x.receivingPeriod.label} ${x.receivingPeriod.start}–${x.receivingPeriod.end}`),
      h("td", {}, `${x.freeWeeks}/${x.weeks}`),
      h("td", {}, button));
  });
  return h("div", {}, head, h("table", { class: "list" },
    h("thead", {}, h("tr", {}, ...["gap.teacher", "gap.main", "gap.when", "gap.there", "gap.weeks", "gap.action"]
      .map((k) => label("th", k)))),
    h("tbody", {}, rows)));
}

/** The teacher's own subjects, as checkboxes, saved together. */
async function teachingSubjects(userId) {
  const box = h("fieldset", { "data-test": "teaching-subjects" }, label("legend", "gap.mySubjects"));
  try {
    const [all, mine] = await Promise.all([
      api("GET", "/subjects"),
      api("GET", `/users/${userId}/teaching-subjects`),
    ]);
    const checks = all.items.map((s) => h("input", { type: "checkbox", value: s.id, "data-subject": s.id }));
    checks.forEach((c) => { c.checked = mine.subjects.includes(c.value); });
    const status = h("span", { role: "status", class: "muted" });
    const save = saveButton("teaching-subjects-save", status, () => api("PUT",
      `/users/${userId}/teaching-subjects`, { subjects: checks.filter((c) => c.checked).map((c) => c.value) }));
    box.append(h("div", { class: "chips" }, all.items.map((s, i) => h("label", { class: "inline" }, checks[i], subjectName(s)))),
      h("div", { class: "inline" }, save, status));
  } catch (e) {
    box.append(h("p", { class: "error" }, messageOf(e)));
  }
  return box;
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
