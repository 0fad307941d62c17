// The admin page: education groups, schools, classrooms, classes, accounts, CSV import.
import { api, token } from "../api.js";
import { applyTo, fieldError, language, messageOf, t } from "../i18n.js";
import { clear, h, label, nameOf } from "../dom.js";
import { accountsCard } from "./accounts.js";
import { auditCard } from "./audit.js";

export async function showAdmin(page) {
  const state = { groups: [], schools: [], schoolId: null };
  const groups = h("div", { class: "card", "data-test": "admin-groups" });
  const schools = h("div", { class: "card", "data-test": "admin-schools" });
  const school = h("div", { class: "card", "data-test": "admin-school" });
  const users = h("div", { class: "card", "data-test": "admin-users" });
  const importer = h("div", { class: "card", "data-test": "admin-import" });
  page.append(groups, schools, school, users, importer);
  let accounts = null;

  async function refresh() {
    state.groups = (await api("GET", "/groups")).items;
    state.schools = (await api("GET", "/schools")).items;
    if (!state.schoolId && state.schools.length) state.schoolId = state.schools[0].id;
    renderGroups();
    renderSchools();
    await renderSchool();
    await renderUsers();
    if (!accounts) {
      // find, edit, move, deactivate and reset any account, the admin's own included
      accounts = accountsCard(state.schools, true);
      page.append(accounts, auditCard());
    }
    applyTo(page);
  }

  function renderGroups() {
    clear(groups).append(
      label("h3", "admin.groups"),
      h("ul", {}, state.groups.map((g) => h("li", { "data-test": "group-item" }, nameOf(g, language()), " ",
        editor(`/groups/${g.id}`, [text("field.name", "name", g.name, 200), text("field.nameBo", "nameBo", g.nameBo, 200)], refresh)))),
      form("create-group", [
        field("field.name", "name", { required: true, maxlength: 200 }),
        field("field.nameBo", "nameBo", { maxlength: 200 }),
      ], async (v) => api("POST", "/groups", { name: v.name, nameBo: v.nameBo || null }), refresh),
    );
  }

  function renderSchools() {
    clear(schools).append(
      label("h3", "admin.schools"),
      h("table", {},
        h("tbody", {}, state.schools.map((s) =>
          h("tr", { "data-test": "school-item" }, h("td", {}, nameOf(s, language())), h("td", {}, `${s.region.prefecture} · ${s.region.county}`),
            h("td", { "data-i18n": `setting.${s.setting}` }),
            h("td", {}, editor(`/schools/${s.id}`, [
              text("field.name", "name", s.name, 200), text("field.nameBo", "nameBo", s.nameBo, 200),
              check("field.recordPupils", "recordPupils", s.recordPupils)], refresh)))))),
      form("create-school", [
        select("field.group", "groupId", state.groups.map((g) => [g.id, g.name])),
        field("field.name", "name", { required: true, maxlength: 200 }),
        field("field.nameBo", "nameBo", { maxlength: 200 }),
        field("field.prefecture", "prefecture", { required: true }),
        field("field.county", "county", { required: true }),
        select("field.setting", "setting", ["urban", "rural", "pastoral"].map((s) => [s, t(`setting.${s}`)])),
      ], async (v) => api("POST", "/schools", {
        groupId: v.groupId, name: v.name, nameBo: v.nameBo || null, setting: v.setting,
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
      h("ul", { "data-test": "classroom-list" }, rooms.map((r) => h("li", { "data-test": "classroom-item" },
        `${nameOf(r, language())} (${r.capacity}) `,
        h("span", { class: "tag", "data-i18n": `kind.${r.kind}` }), " ",
        r.reception ? h("span", { class: "tag", "data-i18n": `reception.${r.reception}` }) : null, " ",
        r.uplinkKbps ? h("span", { class: "muted" }, `${r.uplinkKbps} kbit/s `) : null,
        editor(`/classrooms/${r.id}`, [
          text("field.name", "name", r.name, 100),
          text("field.nameBo", "nameBo", r.nameBo, 100),
          number("field.capacity", "capacity", r.capacity, 1, 500),
          choice("field.reception", "reception", r.reception, r.kind === "receiving"
            ? ["interactive", "listen-only"].map((x) => [x, t(`reception.${x}`)]) : []),
          number("field.uplink", "uplinkKbps", r.uplinkKbps, 16, 1000000),
          check("field.retired", "retired", r.retired),
        ], refresh)))),
      form("create-classroom", [
        field("field.name", "name", { required: true, maxlength: 100 }),
        field("field.nameBo", "nameBo", { maxlength: 100 }),
        select("field.kind", "kind", ["main", "receiving"].map((k) => [k, t(`kind.${k}`)])),
        field("field.capacity", "capacity", { type: "number", min: 1, max: 500, value: 40 }),
      ], async (v) => api("POST", `/schools/${state.schoolId}/classrooms`, {
        name: v.name, nameBo: v.nameBo || null, kind: v.kind, capacity: Number(v.capacity),
      }), refresh),
      label("h3", "admin.classes"),
      h("ul", { "data-test": "class-list" }, classes.map((k) => h("li", { "data-test": "class-item" },
        `${nameOf(k, language())} `,
        h("span", { class: "tag", "data-i18n": `lang.${k.language}` }), " ",
        editor(`/classes/${k.id}`, [
          text("field.name", "name", k.name, 100),
          text("field.nameBo", "nameBo", k.nameBo, 100),
          number("field.grade", "grade", k.grade, 1, 12),
          check("field.retired", "retired", k.retired),
        ], refresh)))),
      form("create-class", [
        field("field.name", "name", { required: true, maxlength: 100 }),
        field("field.nameBo", "nameBo", { maxlength: 100 }),
        field("field.grade", "grade", { type: "number", min: 1, max: 12, value: 7 }),
        select("field.language", "language", ["zh", "bo", "bilingual"].map((l) => [l, t(`lang.${l}`)])),
      ], async (v) => api("POST", `/schools/${state.schoolId}/classes`, {
        name: v.name, nameBo: v.nameBo || null, grade: Number(v.grade), language: v.language,
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

// --- editing what exists: a merge patch of the changed fields, with the ETag read just before

function text(key, name, value, max) {
  return { key, name, kind: "text", value: value ?? "", attrs: { maxlength: max } };
}

function number(key, name, value, min, max) {
  return { key, name, kind: "number", value: value ?? "", attrs: { type: "number", min, max } };
}

function choice(key, name, value, options) {
  return options.length ? { key, name, kind: "select", value, options } : null;
}

function check(key, name, value) {
  return { key, name, kind: "check", value: value === true };
}

/**
 * An "edit" button that opens a small form over the current values; saving sends only what
 * changed, as a JSON Merge Patch with If-Match, so a concurrent change is refused (412), not
 * overwritten. An emptied optional text (a Tibetan name) is removed (null).
 */
function editor(path, specs, after) {
  const fields = specs.filter(Boolean);
  const holder = h("span", {});
  const open = h("button", { type: "button", class: "link", "data-test": "edit" }, label("span", "action.edit"));
  open.addEventListener("click", async () => {
    // the version this form edits: a change someone saves meanwhile makes ours 412, not lost
    const read = await fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token()}` } });
    const etag = read.headers.get("ETag");
    const inputs = {};
    const controls = fields.map((f) => {
      let input;
      if (f.kind === "select") {
        input = h("select", { name: f.name }, f.options.map(([v, text]) => h("option", { value: v, selected: v === f.value }, text)));
      } else if (f.kind === "check") {
        input = h("input", { type: "checkbox", name: f.name, checked: f.value });
      } else {
        input = h("input", { name: f.name, value: f.value, ...f.attrs });
      }
      inputs[f.name] = input;
      return h("label", { class: f.kind === "check" ? "check" : "" }, label("span", f.key), input);
    });
    const message = h("span", { role: "alert", "data-test": "edit-message" });
    const formEl = h("form", { class: "inline edit", "data-test": "edit-form" }, controls,
      h("button", { type: "submit", class: "primary", "data-test": "edit-save" }, label("span", "action.save")),
      h("button", { type: "button", onclick: () => holder.replaceChildren(open) }, label("span", "action.cancel")),
      message);
    formEl.addEventListener("submit", async (event) => {
      event.preventDefault();
      const patch = {};
      for (const f of fields) {
        const input = inputs[f.name];
        let value;
        if (f.kind === "check") value = input.checked;
        else if (f.kind === "number") value = input.value === "" ? null : Number(input.value);
        else value = input.value.trim() === "" ? null : input.value.trim();
        const before = f.kind === "text" && f.value === "" ? null : f.value;
        if (value !== before) patch[f.name] = value;
      }
      try {
        if (Object.keys(patch).length) {
          await api("PATCH", path, patch, "application/merge-patch+json", { "If-Match": etag });
        }
        await after();
      } catch (e) {
        message.className = "error";
        message.textContent = messageOf(e);
      }
    });
    holder.replaceChildren(formEl);
    applyTo(holder);
  });
  holder.append(open);
  return holder;
}
