// The admin page: education groups, schools, classrooms, classes, accounts, CSV import.
import { api, token } from "../api.js";
import { applyTo, fieldError, language, messageOf, t } from "../i18n.js";
import { clear, h, label } from "../dom.js";

export async function showAdmin(page) {
  const state = { groups: [], schools: [], schoolId: null };
  const groups = h("div", { class: "card", "data-test": "admin-groups" });
  const schools = h("div", { class: "card", "data-test": "admin-schools" });
  const school = h("div", { class: "card", "data-test": "admin-school" });
  const users = h("div", { class: "card", "data-test": "admin-users" });
  const importer = h("div", { class: "card", "data-test": "admin-import" });
  page.append(groups, schools, school, users, importer);

  async function refresh() {
    state.groups = (await api("GET", "/groups")).items;
    state.schools = (await api("GET", "/schools")).items;
    if (!state.schoolId && state.schools.length) state.schoolId = state.schools[0].id;
    renderGroups();
    renderSchools();
    await renderSchool();
    await renderUsers();
    applyTo(page);
  }

  function renderGroups() {
    clear(groups).append(
      label("h3", "admin.groups"),
      h("ul", {}, state.groups.map((g) => h("li", {}, g.name))),
      form("create-group", [field("field.name", "name", { required: true, maxlength: 200 })],
        async (v) => api("POST", "/groups", { name: v.name }), refresh),
    );
  }

  function renderSchools() {
    clear(schools).append(
      label("h3", "admin.schools"),
      h("table", {},
        h("tbody", {}, state.schools.map((s) =>
          h("tr", {}, h("td", {}, s.name), h("td", {}, `${s.region.prefecture} · ${s.region.county}`),
            h("td", { "data-i18n": `setting.${s.setting}` }))))),
      form("create-school", [
        select("field.group", "groupId", state.groups.map((g) => [g.id, g.name])),
        field("field.name", "name", { required: true, maxlength: 200 }),
        field("field.prefecture", "prefecture", { required: true }),
        field("field.county", "county", { required: true }),
        select("field.setting", "setting", ["urban", "rural", "pastoral"].map((s) => [s, t(`setting.${s}`)])),
      ], async (v) => api("POST", "/schools", {
        groupId: v.groupId, name: v.name, setting: v.setting,
        region: { prefecture: v.prefecture, county: v.county },
      }), refresh),
    );
  }

  async function renderSchool() {
    clear(school);
    if (!state.schoolId) return;
    const picker = select("field.school", "school", state.schools.map((s) => [s.id, s.name]));
    picker.querySelector("select").value = state.schoolId;
    picker.querySelector("select").addEventListener("change", async (e) => {
      state.schoolId = e.target.value;
      await renderSchool();
      applyTo(school);
    });
    const rooms = (await api("GET", `/schools/${state.schoolId}/classrooms`)).items;
    const classes = (await api("GET", `/schools/${state.schoolId}/classes`)).items;
    school.append(
      picker,
      label("h3", "admin.classrooms"),
      h("ul", { "data-test": "classroom-list" }, rooms.map((r) => h("li", {}, `${r.name} (${r.capacity}) `,
        h("span", { class: "tag", "data-i18n": `kind.${r.kind}` })))),
      form("create-classroom", [
        field("field.name", "name", { required: true, maxlength: 100 }),
        select("field.kind", "kind", ["main", "receiving"].map((k) => [k, t(`kind.${k}`)])),
        field("field.capacity", "capacity", { type: "number", min: 1, max: 500, value: 40 }),
      ], async (v) => api("POST", `/schools/${state.schoolId}/classrooms`, {
        name: v.name, kind: v.kind, capacity: Number(v.capacity),
      }), refresh),
      label("h3", "admin.classes"),
      h("ul", { "data-test": "class-list" }, classes.map((k) => h("li", {}, `${k.name} `,
        h("span", { class: "tag", "data-i18n": `lang.${k.language}` })))),
      form("create-class", [
        field("field.name", "name", { required: true, maxlength: 100 }),
        field("field.grade", "grade", { type: "number", min: 1, max: 12, value: 7 }),
        select("field.language", "language", ["zh", "bo", "bilingual"].map((l) => [l, t(`lang.${l}`)])),
      ], async (v) => api("POST", `/schools/${state.schoolId}/classes`, {
        name: v.name, grade: Number(v.grade), language: v.language,
      }), refresh),
    );
  }

  async function renderUsers() {
    const query = new URLSearchParams();
    if (state.schoolId) query.set("schoolId", state.schoolId);
    const list = (await api("GET", `/users${query.size ? `?${query}` : ""}`)).items;
    clear(users).append(
      label("h3", "admin.users"),
      h("table", { "data-test": "user-list" }, h("tbody", {}, list.map((u) =>
        h("tr", {}, h("td", {}, u.username), h("td", {}, u.displayName),
          h("td", { "data-i18n": `role.${u.role}` }))))),
      form("create-user", [
        field("field.username", "username", { required: true, pattern: "[a-z0-9][a-z0-9._\\-]{2,63}" }),
        field("field.displayName", "displayName", { required: true, maxlength: 100 }),
        select("field.role", "role", ["student", "teacher", "coordinator", "admin"].map((r) => [r, t(`role.${r}`)])),
        select("field.school", "schoolId", state.schools.map((s) => [s.id, s.name])),
        field("field.password", "password", { required: true, minlength: 8, type: "password" }),
      ], async (v) => api("POST", "/users", {
        username: v.username, displayName: v.displayName, role: v.role,
        schoolId: v.role === "admin" ? null : v.schoolId, password: v.password,
      }), refresh),
    );
  }

  function renderImport() {
    const file = h("input", { type: "file", accept: ".csv,text/csv", "data-test": "import-file" });
    const dry = h("input", { type: "checkbox", "data-test": "import-dry-run" });
    const report = h("div", { "data-test": "import-report" });
    const message = h("p", { class: "error", role: "alert" });
    const button = h("button", { type: "button", class: "primary", "data-test": "import-submit" },
      label("span", "action.import"));
    button.addEventListener("click", async () => {
      message.textContent = "";
      clear(report);
      if (!file.files.length) return;
      button.disabled = true;
      try {
        const csv = await file.files[0].arrayBuffer();
        // the server answers at once with a job; hashing the passwords runs in the background
        let job = await api("POST", `/users/import?dryRun=${dry.checked}`, csv, "text/csv");
        const bar = h("progress", { max: 100, value: job.progress, "data-test": "import-progress" });
        report.append(label("p", "admin.importRunning"), bar);
        applyTo(report);
        while (job.state === "queued" || job.state === "running") {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          job = await api("GET", `/import-jobs/${job.id}`);
          bar.value = job.progress;
        }
        clear(report);
        if (job.state === "failed") {
          message.textContent = job.failure?.detail || t("error.generic");
          return;
        }
        const result = await api("GET", `/import-jobs/${job.id}/report`);
        report.append(importReport(result, job));
        applyTo(report);
        await refresh();
        report.scrollIntoView({ block: "start" });
      } catch (e) {
        message.textContent = messageOf(e);
      } finally {
        button.disabled = false;
      }
    });
    clear(importer).append(
      label("h3", "admin.import"),
      label("p", "admin.importHelp", { class: "muted" }),
      h("div", { class: "inline" }, file, h("label", { class: "check" }, dry, label("span", "admin.dryRun")), button),
      message,
      report,
    );
  }

  renderImport();
  await refresh();
}

/** Fetches with the bearer token and hands the bytes to the browser as a download. */
async function download(path, name) {
  const response = await fetch(`/api/v1${path}`, {
    headers: { Authorization: `Bearer ${token()}` },
  });
  if (!response.ok) throw new Error(response.statusText);
  const url = URL.createObjectURL(await response.blob());
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The login slips, as the server lays them out, in a frame that prints on its own. */
async function showSlips(job, into) {
  const lang = language() === "bo" ? "bo" : language() === "en" ? "en" : "zh";
  const response = await fetch(`/api/v1/import-jobs/${job.id}/slips?lang=${lang}`, {
    headers: { Authorization: `Bearer ${token()}` },
  });
  const frame = h("iframe", { class: "slips", title: t("admin.slips"), "data-test": "import-slips" });
  frame.srcdoc = await response.text();
  clear(into).append(
    frame,
    h("button", { type: "button", onclick: () => frame.contentWindow.print() },
      label("span", "admin.print")));
  applyTo(into);
}

function importReport(result, job) {
  const slips = h("div", {});
  return h("div", {},
    label("h4", "admin.report"),
    job.dryRun ? null : h("p", { class: "inline" },
      h("button", { type: "button", "data-test": "import-csv",
        onclick: () => download(`/import-jobs/${job.id}/report.csv`, `import-${job.id}.csv`) },
      label("span", "admin.downloadCsv")),
      h("button", { type: "button", "data-test": "import-show-slips",
        onclick: () => showSlips(job, slips) }, label("span", "admin.slips"))),
    slips,
    h("p", { "data-test": "import-summary" },
      // a dry run creates nothing: its count is of accounts that would be created
      `${t(result.dryRun ? "admin.wouldCreate" : "status.created")}: ${result.created} · ${t("status.unchanged")}: ${result.unchanged} · ${t("status.error")}: ${result.failed}`),
    h("table", {},
      h("thead", {}, h("tr", {}, label("th", "admin.line"), label("th", "field.username"),
        label("th", "admin.status"), label("th", "admin.initialPassword"), label("th", "admin.problems"))),
      h("tbody", {}, result.results.map((r) => h("tr", { "data-test": "import-row" },
        h("td", {}, r.line), h("td", {}, r.username ?? ""),
        h("td", { "data-i18n": `status.${r.status}` }),
        h("td", {}, r.initialPassword ?? ""),
        h("td", {}, (r.errors ?? []).map(fieldError).join("; ")))))));
}

function field(key, name, attrs = {}) {
  return h("label", {}, label("span", key), h("input", { name, ...attrs }));
}

function select(key, name, options) {
  return h("label", {}, label("span", key),
    h("select", { name }, options.map(([value, text]) => h("option", { value }, text))));
}

/** A small create form: on submit, run action with the field values, then after(). */
function form(test, fields, action, after) {
  const message = h("span", { class: "error", role: "alert" });
  const f = h("form", { class: "inline", "data-test": test }, fields,
    h("button", { type: "submit", class: "primary" }, label("span", "action.create")), message);
  f.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "";
    const values = Object.fromEntries(new FormData(f).entries());
    try {
      await action(values);
      await after();
    } catch (e) {
      message.textContent = messageOf(e);
    }
  });
  return f;
}
