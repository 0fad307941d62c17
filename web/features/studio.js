// 名师工作室: the studios a teacher leads or belongs to (a coordinator: the group's, and a form to
// create one), their members, and co-preparation (集体备课) of lesson plans: the six parts of a plan
// in Chinese and Tibetan, saved as versions on top of the one read (someone else's save in between
// is reported, not overwritten), comments on a paragraph with replies, and the final version
// published to the repository. Loaded only when opened.
import { api } from "../api.js";
import { applyTo, language, messageOf, t } from "../i18n.js";
import { h, label } from "../dom.js";

const SECTIONS = ["goals", "keyPoints", "difficulties", "steps", "boardPlan", "homework"];
const LANGS = ["zh", "bo"];

function subjectName(s) {
  const lang = language();
  return lang === "bo" ? s.bo : lang === "en" ? s.en : s.zh;
}

function error(e) {
  return h("p", { class: "error", role: "alert" }, messageOf(e));
}

export async function showStudios(card, me) {
  const body = h("div", { "data-test": "studios" });
  card.append(body);
  const draw = async () => {
    try {
      const { items } = await api("GET", "/studios");
      const list = h("ul", { class: "list" }, items.map((s) => h("li", { "data-test": "studio-item" },
        h("button", { type: "button", class: "link", onclick: () => openStudio(body, me, s.id, draw) },
          `${s.name} · ${subjectName(s.subject)} · ${s.lead.displayName ?? ""}`))));
      body.replaceChildren(items.length ? list : label("p", "st.none", { class: "muted" }));
      if (me.user.role === "teacher") {
        // the teacher's research record of the current term, printable
        body.append(h("button", { type: "button", class: "link", "data-test": "research-record-open",
          onclick: async () => {
            const terms = (await api("GET", "/terms")).items;
            const today = new Date().toISOString().slice(0, 10);
            const term = terms.find((x) => x.firstDay <= today && today <= x.lastDay) ?? terms[terms.length - 1];
            if (term) location.hash = `#/research/${me.user.id}/${term.id}`;
          } }, label("span", "st.record")));
      }
      if (me.user.role === "coordinator") body.append(await createForm(me, draw));
    } catch (e) {
      body.replaceChildren(error(e));
    }
    applyTo(body);
  };
  await draw();
}

/** A coordinator's form: name, subject, stage, and the lead picked from the group's teachers. */
async function createForm(me, done) {
  const [subjects, teachers] = await Promise.all([
    api("GET", "/subjects"),
    api("GET", "/users?role=teacher&active=true&size=200"),
  ]);
  const name = h("input", { required: true, maxlength: 100, "data-test": "studio-name" });
  const subject = h("select", { "data-test": "studio-subject" },
    subjects.items.map((s) => h("option", { value: s.id }, subjectName(s))));
  const stage = h("select", { "data-test": "studio-stage" },
    ["primary", "junior", "senior"].map((x) => h("option", { value: x }, t(`st.stage.${x}`))));
  stage.value = "junior";
  const lead = h("select", { "data-test": "studio-lead" },
    teachers.items.map((u) => h("option", { value: u.id }, `${u.displayName} (${u.username})`)));
  // the rubric its observations and critiques use (the usual five checked)
  const criteria = ["goals", "process", "engagement", "technology", "effect", "bilingual", "board", "assessment"];
  const checks = criteria.map((c, i) => {
    const box = h("input", { type: "checkbox", value: c, "data-criterion": c });
    box.checked = i < 5;
    return box;
  });
  const status = h("div");
  const form = h("form", { class: "stack", "data-test": "studio-create" },
    label("h4", "st.create"),
    h("label", {}, label("span", "st.name"), name),
    h("label", {}, label("span", "gap.teacher"), lead),
    h("div", { class: "inline" }, subject, stage),
    h("fieldset", { "data-test": "studio-rubric" }, label("legend", "st.rubric"),
      ...criteria.map((c, i) => h("label", { class: "inline" }, checks[i], t(`crit.${c}`)))),
    h("button", { type: "submit", class: "primary" }, label("span", "action.create")), status);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      await api("POST", "/studios", {
        name: name.value, subject: subject.value, stage: stage.value, leadId: lead.value, groupId: me.school.group.id,
        rubric: checks.filter((c) => c.checked).map((c) => c.value),
      });
      await done();
    } catch (e) {
      status.replaceChildren(error(e));
    }
  });
  return form;
}

async function openStudio(body, me, id, back) {
  try {
    const [s, plans] = await Promise.all([api("GET", `/studios/${id}`), api("GET", `/studios/${id}/lesson-plans`)]);
    const members = h("ul", { "data-test": "studio-members" },
      [s.lead, ...s.members].map((m, i) => h("li", {}, m.displayName, i === 0 ? h("small", { class: "muted" }, ` · ${t("st.lead")}`) : "")));
    const view = h("div", { "data-test": "studio" },
      h("button", { type: "button", class: "link", onclick: back }, label("span", "action.back")),
      h("h4", { "data-test": "studio-title" }, `${s.name} · ${subjectName(s.subject)}`),
      s.termPlan ? h("pre", { class: "term-plan" }, s.termPlan) : "",
      label("h5", "st.members"), members);
    if (s.mayManage) {
      const who = h("input", { placeholder: t("st.username"), "data-test": "member-username" });
      const status = h("span", { role: "status" });
      view.append(h("div", { class: "inline" }, who, h("button", { type: "button", "data-test": "member-add",
        onclick: async () => {
          try {
            await api("POST", `/studios/${id}/members`, { username: who.value.trim() });
            await openStudio(body, me, id, back);
          } catch (e) {
            status.replaceChildren(messageOf(e));
          }
        } }, label("span", "st.add")), status));
    }
    view.append(await researchSection(s, me));
    const title = h("input", { maxlength: 200, placeholder: t("st.planTitle"), "data-test": "plan-title" });
    view.append(label("h5", "st.plans"),
      h("ul", {}, plans.items.map((p) => h("li", { "data-test": "plan-item" },
        h("button", { type: "button", class: "link", onclick: () => openPlan(body, me, p.id, () => openStudio(body, me, id, back)) },
          `${p.title}${p.finalVersion ? ` · ${t("st.final")}` : ` · v${p.latest}`}`)))),
      h("div", { class: "inline" }, title, h("button", { type: "button", "data-test": "plan-create",
        onclick: async () => {
          try {
            const p = await api("POST", `/studios/${id}/lesson-plans`, { title: title.value.trim() });
            await openPlan(body, me, p.id, () => openStudio(body, me, id, back));
          } catch (e) {
            view.append(error(e));
          }
        } }, label("span", "st.newPlan"))));
    body.replaceChildren(view);
  } catch (e) {
    body.replaceChildren(error(e));
  }
  applyTo(body);
}

/** The term today falls in (else the latest), of the terms the viewer sees. */
async function currentTerm() {
  const terms = (await api("GET", "/terms")).items;
  const today = new Date().toISOString().slice(0, 10);
  return terms.find((x) => x.firstDay <= today && today <= x.lastDay) ?? terms[terms.length - 1];
}

/** Beijing wall time of an instant, "MM-DD HH:MM". */
function beijing(iso) {
  return new Date(Date.parse(iso) + 8 * 3600e3).toISOString().slice(5, 16).replace("T", " ");
}

/**
 * The studio's live research sessions (在线教研) this term: each with its colleagues and, while it
 * is on, the way into its live room; the lead and coordinators book one here (the timetable's
 * conflict check decides, and its refusals are shown).
 */
async function researchSection(s, me) {
  const section = h("section", { "data-test": "research-sessions" }, label("h5", "st.research"));
  const term = await currentTerm();
  if (!term) return section;
  const list = h("ul", {});
  section.append(list);
  const load = async () => {
    const { sessions } = await api("GET", `/studios/${s.id}/research-sessions?termId=${term.id}`);
    list.replaceChildren(...sessions.map((x) => {
      const item = h("li", { "data-test": "research-session", "data-state": x.state },
        h("strong", {}, `${beijing(x.startsAt)}–${x.localEnd} `), x.title ?? "", " · ",
        x.colleagues.map((c) => c.displayName).join("、"), " ",
        h("span", { class: "muted", "data-i18n": `state.${x.state}` }));
      const soon = Date.parse(x.startsAt) - Date.now() < 15 * 60e3;
      if (x.state === "live" || (x.state === "upcoming" && soon)) {
        item.append(" ", h("a", { href: `#/class/${x.id}`, class: "button primary", "data-test": "research-open" },
          label("span", "live.open")));
      }
      return item;
    }));
    if (!sessions.length) list.append(label("li", "st.noResearch", { class: "muted" }));
    applyTo(list);
  };
  await load();
  if (!s.mayManage || !s.lead.schoolId) return section;
  const rooms = (await api("GET", `/schools/${s.lead.schoolId}/classrooms`)).items
    .filter((r) => r.kind === "main" && !r.retired);
  const room = h("select", { "data-test": "research-room" }, rooms.map((r) => h("option", { value: r.id }, r.name)));
  const day = h("input", { type: "date", required: true, min: term.firstDay, max: term.lastDay, "data-test": "research-day" });
  const start = h("input", { type: "time", required: true, value: "19:00", "data-test": "research-start" });
  const minutes = h("input", { type: "number", min: 10, max: 240, value: 45, "data-test": "research-minutes" });
  const topic = h("input", { maxlength: 200, placeholder: t("st.researchTopic"), "data-test": "research-title" });
  const picks = s.members.map((m) => {
    const box = h("input", { type: "checkbox", value: m.id, "data-member": m.username });
    box.checked = true;
    return h("label", { class: "inline" }, box, m.displayName);
  });
  const status = h("div", { role: "status", "data-test": "research-status" });
  const form = h("form", { class: "stack", "data-test": "research-book" },
    h("div", { class: "inline" }, day, start, minutes, room),
    topic, h("fieldset", {}, label("legend", "st.colleagues"), ...picks),
    h("button", { type: "submit", class: "primary" }, label("span", "st.bookResearch")), status);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    // the studio keeps Beijing time, whatever the browser's zone
    const from = new Date(`${day.value}T${start.value}:00+08:00`);
    const body = {
      termId: term.id, mainClassroomId: room.value,
      startsAt: from.toISOString(), endsAt: new Date(from.getTime() + Number(minutes.value) * 60e3).toISOString(),
      colleagues: picks.map((p) => p.querySelector("input")).filter((b) => b.checked).map((b) => b.value),
    };
    if (topic.value.trim()) body.title = topic.value.trim();
    try {
      await api("POST", `/studios/${s.id}/research-sessions`, body);
      status.replaceChildren(label("p", "st.researchBooked"));
      await load();
    } catch (e) {
      const clashes = e.problem?.conflicts ?? [];
      status.replaceChildren(error(e), h("ul", {}, clashes.map((c) => h("li", { "data-test": "research-conflict" },
        h("span", { "data-i18n": `hold.${c.resourceKind}` }), ` ${beijing(c.sessionStartsAt ?? c.startsAt)}`))));
    }
    applyTo(status);
  });
  section.append(form);
  return section;
}

/**
 * The plan editor: a text area per part and language, the version it was read at, and beside each
 * paragraph its comments. Saving sends the version read; a 409 keeps the text typed and offers the
 * newer version to merge by hand.
 */
async function openPlan(body, me, id, back, version = null) {
  let plan;
  try {
    plan = await api("GET", `/lesson-plans/${id}${version ? `?version=${version}` : ""}`);
  } catch (e) {
    body.replaceChildren(error(e));
    return;
  }
  const areas = {};
  const parts = SECTIONS.map((section) => {
    const fields = LANGS.map((lang) => {
      const area = h("textarea", {
        rows: 3, lang: lang === "bo" ? "bo" : "zh-CN", "data-test": `plan-${section}-${lang}`,
        disabled: !plan.mayEdit,
      });
      area.value = plan.content[section][lang];
      areas[`${section}.${lang}`] = area;
      return h("label", {}, h("small", { class: "muted" }, lang === "bo" ? "བོད་ཡིག" : "中文"), area,
        paragraphs(plan, section, lang, () => openPlan(body, me, id, back, plan.version)));
    });
    return h("fieldset", { "data-test": `plan-part-${section}` }, label("legend", `st.part.${section}`), ...fields);
  });
  const status = h("div", { role: "status", "data-test": "plan-status" });
  const content = () => Object.fromEntries(SECTIONS.map((s) => [s,
    Object.fromEntries(LANGS.map((l) => [l, areas[`${s}.${l}`].value]))]));
  const save = h("button", { type: "button", class: "primary", "data-test": "plan-save", hidden: !plan.mayEdit,
    onclick: async () => {
      save.disabled = true;
      try {
        const saved = await api("POST", `/lesson-plans/${id}/versions`, { baseVersion: plan.version, content: content() });
        await openPlan(body, me, id, back, saved.version);
      } catch (e) {
        save.disabled = false;
        if (e.code === "edit-conflict") {
          status.replaceChildren(h("p", { class: "error", "data-test": "plan-conflict" },
            t("st.conflict").replace("{n}", e.problem.latest)),
          h("button", { type: "button", "data-test": "plan-open-latest",
            onclick: () => openPlan(body, me, id, back) }, label("span", "st.openLatest")));
        } else {
          status.replaceChildren(error(e));
        }
        applyTo(status);
      }
    } }, label("span", "action.save"));
  const finalise = h("button", { type: "button", "data-test": "plan-final", hidden: !plan.mayFinalise,
    onclick: async () => {
      try {
        await api("POST", `/lesson-plans/${id}/final`, { version: plan.version });
        await openPlan(body, me, id, back);
      } catch (e) {
        status.replaceChildren(error(e));
      }
    } }, label("span", "st.makeFinal"));
  const history = h("select", { "data-test": "plan-versions" },
    plan.versions.map((v) => h("option", { value: v.number },
      `v${v.number} · ${v.author.displayName ?? ""} · ${v.at.slice(0, 16).replace("T", " ")}`)));
  history.value = String(plan.version);
  history.addEventListener("change", () => openPlan(body, me, id, back, Number(history.value)));
  body.replaceChildren(h("div", { class: "plan", "data-test": "plan" },
    h("button", { type: "button", class: "link", onclick: back }, label("span", "action.back")),
    h("h4", { "data-test": "plan-heading" }, `${plan.title} · ${plan.studio}`),
    h("p", { class: "inline" }, history,
      plan.finalVersion
        ? h("strong", { "data-test": "plan-published" }, `${t("st.final")} v${plan.finalVersion}`)
        : ""),
    ...parts, h("div", { class: "inline" }, save, finalise), status));
  applyTo(body);
}

/** A part's paragraphs as read, each with its comments and a box to add one. */
function paragraphs(plan, section, lang, reload) {
  const lines = plan.content[section][lang].split("\n").filter((x) => x.trim());
  return h("ol", { class: "paragraphs" }, lines.map((line, i) => {
    // comments made on this version or an earlier one (a paragraph keeps its place unless lines
    // were added above it: an older comment says which version it was made on)
    const notes = plan.comments.filter((c) => c.section === section && c.lang === lang && c.paragraph === i
      && c.version <= plan.version);
    const input = h("input", { maxlength: 4000, placeholder: t("st.comment"), "data-test": "comment-input" });
    const send = async (parentId) => {
      if (!input.value.trim()) return;
      const body = { version: plan.version, section, lang, paragraph: i, body: input.value.trim() };
      if (parentId) body.parentId = parentId;
      await api("POST", `/lesson-plans/${plan.id}/comments`, body);
      await reload();
    };
    return h("li", { "data-test": "paragraph" }, h("span", {}, line),
      h("ul", { class: "comments" }, notes.map((c) => h("li", {
        "data-test": "comment", class: c.parentId ? "reply" : "", "data-resolved": String(c.resolved),
      }, h("strong", {}, c.author.displayName ?? ""), c.version < plan.version ? h("small", { class: "muted" }, ` (v${c.version})`) : "",
      ` ${c.body}`,
      !c.parentId ? h("button", { type: "button", class: "link", "data-test": "comment-reply",
        onclick: () => send(c.id) }, label("span", "st.reply")) : ""))),
      h("div", { class: "inline" }, input,
        h("button", { type: "button", "data-test": "comment-send", onclick: () => send(null) }, label("span", "st.send"))));
  }));
}

/** A teacher's research record for a term (教研档案): figures and recorded lessons, printable. */
export async function showResearchRecord(main, userId, termId, back) {
  const page = h("div", { class: "report", "data-test": "research-record" });
  main.append(page);
  try {
    const r = await api("GET", `/users/${userId}/research-record?termId=${termId}`);
    const tile = (key, value) => h("div", { class: "tile", "data-test": `rr-${key}` },
      label("span", `st.rr.${key}`, { class: "muted" }), h("strong", {}, String(value)));
    page.replaceChildren(
      h("div", { class: "inline no-print" },
        h("button", { type: "button", onclick: back }, label("span", "action.back")),
        h("button", { type: "button", class: "primary", onclick: () => window.print() }, label("span", "rep.print"))),
      h("h2", { "data-test": "rr-title" }, `${t("st.record")} · ${r.teacher.displayName}`),
      h("p", { class: "muted" }, `${r.term} (${r.firstDay} – ${r.lastDay})`),
      h("div", { class: "tiles" },
        tile("researchSessions", r.research.sessions),
        tile("researchHours", r.research.hours),
        tile("plansWorkedOn", r.coPreparation.plansWorkedOn),
        tile("plansFinal", r.coPreparation.plansFinal),
        tile("comments", r.coPreparation.comments),
        tile("classesObserved", r.observation.classesObserved),
        tile("hoursObserved", r.observation.hoursObserved),
        tile("notesGiven", r.observation.notesGiven),
        tile("notesReceived", r.observation.notesReceived),
        tile("critiquesGiven", r.critique.given),
        tile("critiquesReceived", r.critique.received),
        tile("recorded", r.recordings.recorded),
        tile("published", r.recordings.published),
        tile("views", r.recordings.views)),
      r.recordings.lessons.length
        ? h("table", { class: "list" }, h("tbody", {}, r.recordings.lessons.map((l) => h("tr", {},
          h("td", {}, l.title), h("td", {}, l.published ? t("st.rr.published") : "—"), h("td", {}, String(l.views))))))
        : "");
  } catch (e) {
    page.replaceChildren(error(e), h("button", { type: "button", onclick: back }, label("span", "action.back")));
  }
  applyTo(page);
}
