// The term report (质量共评) of a school or of the group: the headline figures beside last term's,
// the coverage heat map, attendance over the weeks, minutes of live teaching per subject and the
// tables behind them, each exportable as CSV. Drawn for the screen and for paper: the browser's
// print turns it into the page a bureau files (the toolbar does not print). Charts are plain SVG
// drawn here: a few dozen lines, no charting library to load on a rural school's link.
import { api, token } from "../api.js";
import { applyTo, language, messageOf, t } from "../i18n.js";
import { h, label } from "../dom.js";
import { matrix } from "./coverage.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children.flat()) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function subjectName(s) {
  const lang = language();
  return lang === "bo" ? s.bo : lang === "en" ? s.en : s.zh;
}

function named(zh, bo) {
  return language() === "bo" && bo ? bo : zh;
}

/** A per-pupil figure: whole numbers as they are, others to one decimal. */
function num(x) {
  return x === null || x === undefined ? "—" : Number.isInteger(x) ? String(x) : x.toFixed(1);
}

function percent(x) {
  return x === null || x === undefined ? "—" : `${Math.round(x * 1000) / 10}%`;
}

/** A change against last term: "+3.2" with an arrow, in points for rates. */
function delta(x, points = false) {
  if (x === null || x === undefined) return "";
  const v = points ? Math.round(x * 1000) / 10 : Math.round(x * 10) / 10;
  const arrow = v > 0 ? "▲" : v < 0 ? "▼" : "＝";
  return `${arrow} ${v > 0 ? "+" : ""}${v}${points ? t("rep.points") : ""}`;
}

export async function showReport(main, scope, id, termId, back) {
  const page = h("div", { class: "report", "data-test": "report" });
  main.append(page);
  try {
    const base = scope === "group" ? `/groups/${id}` : `/schools/${id}`;
    const [evidence, coverage] = await Promise.all([
      api("GET", `${base}/evidence?termId=${termId}`),
      api("GET", `${base}/coverage?termId=${termId}`),
    ]);
    const rowsTable = scope === "group" ? "schools" : "classes";
    const toolbar = h("div", { class: "inline no-print" },
      h("button", { type: "button", "data-test": "report-back", onclick: back }, label("span", "action.back")),
      h("button", { type: "button", class: "primary", "data-test": "report-print", onclick: () => window.print() },
        label("span", "rep.print")),
      ...[rowsTable, ...(scope === "group" ? [] : ["class-subjects"]), "subjects", "weeks", "summary"].map((table) => h("button", {
        type: "button", class: "link", "data-test": `report-csv-${table}`,
        onclick: () => download(`/api/v1${base}/evidence?termId=${termId}&format=csv&table=${table}`, `${table}.csv`),
      }, `${t("cov.csv")} · ${t("rep.table." + table)}`)));
    const title = scope === "group" ? t("rep.groupTitle") : named(evidence.school, evidence.schoolBo);
    page.replaceChildren(
      toolbar,
      h("header", {},
        h("h2", { "data-test": "report-title" }, `${t("rep.title")} · ${title}`),
        h("p", { class: "muted" }, `${evidence.term} (${evidence.firstDay} – ${evidence.lastDay}) · `
          + `${t("rep.generated")} ${new Date().toISOString().slice(0, 10)}`)),
      headline(evidence),
      h("section", {}, label("h3", "rep.heatmap"), matrix(coverage)),
      h("section", { class: "charts" },
        h("figure", {}, weeksChart(evidence.weeks), label("figcaption", "rep.weeksChart")),
        h("figure", {}, subjectsChart(evidence.subjects), label("figcaption", "rep.subjectsChart"))),
      h("section", {}, label("h3", "rep.table." + rowsTable), rowsTableOf(evidence, scope)),
      // a school's report: what each class received per subject (live minutes per subject)
      scope === "group" ? "" : h("section", {}, label("h3", "rep.table.class-subjects"),
        tallyTable(evidence.classes.flatMap((k) => k.subjects.map((x) => ({ ...x, klass: k }))),
          (r) => `${named(r.klass.class, r.klass.classBo)} · ${subjectName(r.subject)}`, "rep.subject")),
      h("section", {}, label("h3", "rep.table.subjects"), tallyTable(evidence.subjects,
        (r) => subjectName(r.subject), "rep.subject")),
      h("section", {}, label("h3", "rep.table.weeks"), tallyTable(evidence.weeks, (r) => r.week, "rep.week",
        [["rep.minutesWatched", (r) => r.minutesWatched]])),
      h("p", { class: "muted small" }, t("rep.definitions")));
  } catch (e) {
    page.replaceChildren(h("p", { class: "error", role: "alert" }, messageOf(e)),
      h("button", { type: "button", onclick: back }, label("span", "action.back")));
  }
  applyTo(page);
}

/** The figures a reader looks at first, each with its change since last term. */
function headline(e) {
  const s = e.sessions;
  const p = e.playback;
  const trend = e.trend ?? {};
  const tile = (key, value, change = "") => h("div", { class: "tile", "data-test": `rep-${key}` },
    label("span", `rep.k.${key}`, { class: "muted" }), h("strong", {}, String(value)),
    change ? h("small", { class: "trend" }, change) : "");
  const tiles = [
    tile("held", s.held, delta(trend.held)),
    tile("notHeld", s.notHeld),
    tile("upcoming", s.upcoming),
    tile("cancelled", s.cancelled),
    tile("classroomAttendance", percent(s.classroomAttendance), delta(trend.classroomAttendance, true)),
    tile("pupilAttendance", percent(s.pupilAttendance), delta(trend.pupilAttendance, true)),
    tile("liveMinutes", s.liveMinutes, delta(trend.liveMinutes)),
  ];
  if (p) {
    tiles.push(
      tile("minutesPerPupil", num(p.minutesPerPupil), delta(trend.minutesPerPupil)),
      tile("lessonsPerPupil", num(p.lessonsPerPupil)),
      tile("experimentsPerPupil", num(p.experimentsPerPupil)));
  }
  const against = e.previous
    ? h("p", { class: "muted" }, t("rep.against").replace("{term}", e.previous.term))
    : label("p", "rep.noPrevious", { class: "muted" });
  return h("section", {}, h("div", { class: "tiles" }, tiles), against);
}

/** Sessions per week, held and not held stacked, with the pupils' attendance as a line. */
function weeksChart(weeks) {
  const past = weeks.filter((w) => w.held + w.notHeld > 0);
  const width = 640;
  const height = 220;
  const pad = { l: 36, r: 36, t: 12, b: 40 };
  const most = Math.max(1, ...past.map((w) => w.held + w.notHeld));
  const n = Math.max(1, past.length);
  const bw = (width - pad.l - pad.r) / n;
  const y = (v) => pad.t + (height - pad.t - pad.b) * (1 - v / most);
  const yr = (r) => pad.t + (height - pad.t - pad.b) * (1 - r);
  const bars = past.map((w, i) => {
    const x = pad.l + i * bw + bw * 0.15;
    return svg("g", { "data-test": "week-bar" },
      svg("rect", { x, y: y(w.held), width: bw * 0.7, height: y(0) - y(w.held), class: "bar-held" },
        svg("title", {}, `${w.week}: ${t("cov.held")} ${w.held}`)),
      svg("rect", { x, y: y(w.held + w.notHeld), width: bw * 0.7, height: y(w.held) - y(w.held + w.notHeld),
        class: "bar-missed" }, svg("title", {}, `${w.week}: ${t("cov.notHeld")} ${w.notHeld}`)),
      i % Math.ceil(n / 8) === 0
        ? svg("text", { x: x + bw * 0.35, y: height - pad.b + 14, "text-anchor": "middle", class: "axis" }, w.week.slice(5))
        : "");
  });
  const points = past.map((w, i) => w.pupilAttendance === null ? null
    : `${pad.l + i * bw + bw * 0.5},${yr(w.pupilAttendance)}`).filter(Boolean).join(" ");
  return svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart",
    "aria-label": t("rep.weeksChart") },
  svg("line", { x1: pad.l, y1: y(0), x2: width - pad.r, y2: y(0), class: "axis-line" }),
  svg("text", { x: pad.l - 4, y: y(most) + 4, "text-anchor": "end", class: "axis" }, most),
  svg("text", { x: width - pad.r + 4, y: yr(1) + 4, class: "axis" }, "100%"),
  ...bars,
  points ? svg("polyline", { points, class: "line-pupils" }) : "",
  svg("g", { class: "legend" },
    svg("rect", { x: pad.l, y: height - 16, width: 10, height: 10, class: "bar-held" }),
    svg("text", { x: pad.l + 14, y: height - 7, class: "axis" }, t("cov.held")),
    svg("rect", { x: pad.l + 90, y: height - 16, width: 10, height: 10, class: "bar-missed" }),
    svg("text", { x: pad.l + 104, y: height - 7, class: "axis" }, t("cov.notHeld")),
    svg("line", { x1: pad.l + 180, y1: height - 11, x2: pad.l + 196, y2: height - 11, class: "line-pupils" }),
    svg("text", { x: pad.l + 200, y: height - 7, class: "axis" }, t("rep.k.pupilAttendance"))));
}

/** Minutes of live teaching received per subject, as horizontal bars. */
function subjectsChart(subjects) {
  const width = 640;
  const row = 26;
  const left = 150;
  const height = Math.max(1, subjects.length) * row + 10;
  const most = Math.max(1, ...subjects.map((s) => s.liveMinutes));
  return svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart",
    "aria-label": t("rep.subjectsChart") },
  ...subjects.map((s, i) => {
    const w = (width - left - 70) * (s.liveMinutes / most);
    return svg("g", { "data-test": "subject-bar" },
      svg("text", { x: left - 6, y: i * row + 18, "text-anchor": "end", class: "axis" }, subjectName(s.subject)),
      svg("rect", { x: left, y: i * row + 6, width: Math.max(w, 1), height: row - 10, class: "bar-held" }),
      svg("text", { x: left + w + 6, y: i * row + 18, class: "axis" }, `${s.liveMinutes} ${t("rep.min")}`));
  }));
}

const TALLY = [
  ["rep.k.booked", (r) => r.booked],
  ["rep.k.held", (r) => r.held],
  ["rep.k.notHeld", (r) => r.notHeld],
  ["rep.k.cancelled", (r) => r.cancelled],
  ["rep.k.classroomAttendance", (r) => percent(r.classroomAttendance)],
  ["rep.k.pupilAttendance", (r) => percent(r.pupilAttendance)],
  ["rep.k.liveMinutes", (r) => r.liveMinutes],
];

function tallyTable(rows, first, firstKey, extra = []) {
  const cols = [...TALLY, ...extra];
  return h("table", { class: "list report-table" },
    h("thead", {}, h("tr", {}, label("th", firstKey), ...cols.map(([k]) => label("th", k)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, h("th", { scope: "row" }, first(r)),
      ...cols.map(([, f]) => h("td", {}, String(f(r))))))));
}

function rowsTableOf(e, scope) {
  if (scope === "group") {
    return tallyTable(e.schools, (r) => named(r.school, r.schoolBo), "cov.school", [
      ["rep.k.minutesPerPupil", (r) => num(r.playback.minutesPerPupil)],
    ]);
  }
  return tallyTable(e.classes, (r) => named(r.class, r.classBo), "cov.class", e.playback ? [
    ["rep.k.minutesPerPupil", (r) => num(r.playback?.minutesPerPupil)],
    ["rep.k.lessonsPerPupil", (r) => num(r.playback?.lessonsPerPupil)],
    ["rep.k.experimentsPerPupil", (r) => num(r.playback?.experimentsPerPupil)],
  ] : []);
}

async function download(url, name) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) return;
  const href = URL.createObjectURL(await response.blob());
  const a = h("a", { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
