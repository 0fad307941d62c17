// The lesson library: find a resource, play it (resuming where you stopped), download it, open an
// experiment in a sandboxed frame; teachers add resources and upload files with tus (pause and
// resume over a weak link); the group's coordinator publishes. Loaded only when opened.
import { api, token } from "../api.js";
import { applyTo, language, messageOf, t } from "../i18n.js";
import { h, label } from "../dom.js";
import { conversionPanel, hlsPlayer } from "./media.js";

const KINDS = ["lesson-video", "slides", "lesson-plan", "audio", "experiment", "course"];
const SUBJECTS = ["maths", "physics", "chemistry", "biology", "chinese", "english", "tibetan",
  "history", "geography", "information-technology", "music", "art", "science"];

function title(r) {
  return language() === "bo" && r.titleBo ? r.titleBo : r.title;
}

/**
 * A resumable upload (tus 1.0) of one file, in chunks small enough that a dropped link loses
 * little: pause aborts the chunk in flight, resume asks the server where it stands (HEAD) and goes
 * on from there.
 */
export class TusUpload {
  constructor(file, resourceId, onProgress) {
    this.file = file;
    this.resourceId = resourceId;
    this.onProgress = onProgress;
    this.location = null;
    this.offset = 0;
    this.paused = false;
    this.chunk = Math.max(16 * 1024, Math.min(1024 * 1024, Math.ceil(file.size / 8)));
  }

  headers(extra = {}) {
    return { "Tus-Resumable": "1.0.0", Authorization: `Bearer ${token()}`, ...extra };
  }

  async create() {
    const b64 = (s) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));
    const r = await fetch("/api/v1/uploads", {
      method: "POST",
      headers: this.headers({
        "Upload-Length": String(this.file.size),
        "Upload-Metadata": `resourceId ${b64(this.resourceId)},filename ${b64(this.file.name)}`,
      }),
    });
    if (r.status !== 201) throw await problem(r);
    this.location = r.headers.get("Location");
  }

  async where() {
    const r = await fetch(this.location, { method: "HEAD", headers: this.headers() });
    if (!r.ok) throw await problem(r);
    this.offset = Number(r.headers.get("Upload-Offset"));
  }

  /** Sends what is left; resolves true when done, false when paused. */
  async run() {
    this.paused = false;
    if (!this.location) await this.create();
    else await this.where();
    while (this.offset < this.file.size) {
      if (this.paused) return false;
      this.abort = new AbortController();
      const body = this.file.slice(this.offset, Math.min(this.file.size, this.offset + this.chunk));
      let r;
      try {
        r = await fetch(this.location, {
          method: "PATCH",
          headers: this.headers({
            "Upload-Offset": String(this.offset),
            "Content-Type": "application/offset+octet-stream",
          }),
          body,
          signal: this.abort.signal,
        });
      } catch (e) {
        if (this.paused) return false;
        throw e;
      }
      if (r.status !== 204) throw await problem(r);
      this.offset = Number(r.headers.get("Upload-Offset"));
      this.onProgress(this.offset, this.file.size);
    }
    return true;
  }

  pause() {
    this.paused = true;
    this.abort?.abort();
  }
}

async function problem(response) {
  try {
    const p = await response.json();
    return { status: response.status, code: p.code, message: p.detail, errors: p.errors };
  } catch {
    return { status: response.status, message: response.statusText };
  }
}

/** Facet dimensions of the search, in the sidebar's order, and how their values are labelled. */
const DIMENSIONS = ["stage", "grade", "subject", "type", "lang", "edition", "volume"];
const VALUE_LABEL = { stage: "stage", subject: "subject", type: "kind", lang: "lang" };

/**
 * A highlighted snippet from the search API (escaped text with <mark> around matches) as DOM nodes:
 * the text is unescaped and put in as text, only the marks become elements, so nothing the server
 * stored can become markup.
 */
export function marked(html) {
  const unescape = (s) => s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, e) => {
    const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e.toLowerCase()];
    if (named) return named;
    const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
  const out = [];
  html.split(/(<mark>[\s\S]*?<\/mark>)/).forEach((part) => {
    if (part.startsWith("<mark>")) out.push(h("mark", {}, unescape(part.slice(6, -7))));
    else if (part) out.push(unescape(part));
  });
  return out;
}

/** The library inside {@code container}: search with facets, or (for authors) their own list. */
export async function showLibrary(container, me) {
  const role = me.user.role;
  const state = {
    items: [], error: null, mine: false, q: "", filters: {}, curriculum: [], sort: "relevance",
    page: 1, total: 0, facets: null,
  };
  const list = h("div", { "data-test": "library-list", "aria-live": "polite" });
  const facetBar = h("aside", { class: "facets", "data-test": "lib-facets" });
  const summary = h("p", { class: "muted", "data-test": "lib-total" });
  const more = h("div", { class: "inline" });
  const author = role === "teacher" || role === "coordinator";
  const mineBox = h("input", {
    type: "checkbox", "data-test": "lib-mine",
    onchange: () => { state.mine = mineBox.checked; state.page = 1; load(); },
  });
  const box = h("input", {
    type: "search", "data-test": "lib-search", "data-i18n-placeholder": "lib.searchHint",
    maxlength: 200, autocomplete: "off", role: "combobox", "aria-expanded": "false",
    "aria-controls": "lib-suggest", "aria-autocomplete": "list",
  });
  const suggestions = h("ul", { id: "lib-suggest", role: "listbox", class: "suggest", "data-test": "lib-suggest", hidden: true });
  const sort = h("select", { "data-test": "lib-sort", onchange: () => { state.sort = sort.value; state.page = 1; load(); } },
    ["relevance", "newest", "most-viewed"].map((o) => h("option", { value: o, "data-i18n": `lib.sort.${o}` })));
  const form = h("form", { class: "inline search", role: "search", "data-test": "lib-search-form" },
    h("span", { class: "combo" }, box, suggestions),
    h("button", { type: "submit", class: "primary", "data-test": "lib-search-go" }, label("span", "lib.search")),
    sort);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    hideSuggestions();
    state.q = box.value.trim();
    state.page = 1;
    load();
  });
  container.replaceChildren(
    label("h3", "lib.title"),
    author ? newResourceForm() : "",
    author ? h("label", { class: "check" }, mineBox, label("span", "lib.mine")) : "",
    form,
    h("div", { class: "library" }, facetBar, h("div", { class: "results" }, summary, list, more)));
  placeholders();

  function placeholders() {
    box.placeholder = t("lib.searchHint");
  }

  // autocomplete: ask once typing pauses; arrows move, Enter picks, Escape closes
  let timer = null;
  let asked = 0;
  let active = -1;
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  box.addEventListener("keydown", (e) => {
    const options = [...suggestions.children];
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!options.length) return;
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
      options.forEach((o, i) => o.setAttribute("aria-selected", String(i === active)));
    } else if (e.key === "Enter" && active >= 0 && options[active]) {
      e.preventDefault();
      pick(options[active].dataset.value);
    } else if (e.key === "Escape") {
      hideSuggestions();
    }
  });
  box.addEventListener("blur", () => setTimeout(hideSuggestions, 200));

  function hideSuggestions() {
    suggestions.hidden = true;
    box.setAttribute("aria-expanded", "false");
    active = -1;
  }

  function pick(value) {
    box.value = value;
    hideSuggestions();
    state.q = value;
    state.page = 1;
    load();
  }

  async function suggest() {
    const q = box.value.trim();
    const mine = ++asked;
    if (!q) return hideSuggestions();
    const query = new URLSearchParams({ q });
    for (const dim of ["stage", "subject"]) (state.filters[dim] ?? []).forEach((v) => query.append(dim, v));
    try {
      const found = (await api("GET", `/search/suggest?${query}`)).items;
      if (mine !== asked) return; // a later keystroke has asked again
      suggestions.replaceChildren(...found.map((s, i) => h("li", {
        role: "option", id: `lib-suggest-${i}`, "data-value": s.title, "data-test": "lib-suggestion",
        onmousedown: (e) => { e.preventDefault(); pick(s.title); },
      }, ...(s.highlight?.title ? marked(s.highlight.title) : [s.title]),
      s.titleBo ? h("span", { class: "muted", lang: "bo" }, " ", s.titleBo) : "")));
      suggestions.hidden = found.length === 0;
      box.setAttribute("aria-expanded", String(found.length > 0));
      active = -1;
    } catch {
      hideSuggestions();
    }
  }

  let loads = 0;
  async function load() {
    // only the latest listing asked for is drawn: a slow search answering after the teacher
    // ticked "mine" must not replace it
    const n = ++loads;
    try {
      if (state.mine) {
        const mine = (await api("GET", "/resources?size=50&mine=true")).items;
        if (n !== loads) return;
        state.items = mine;
        state.total = state.items.length;
        state.facets = null;
      } else {
        const query = new URLSearchParams({ q: state.q, sort: state.sort, page: state.page, size: 20 });
        for (const [dim, values] of Object.entries(state.filters)) values.forEach((v) => query.append(dim, v));
        state.curriculum.forEach((step) => query.append("curriculum", step));
        const found = await api("GET", `/search?${query}`);
        if (n !== loads) return;
        state.items = found.items;
        state.total = found.total;
        state.facets = found.facets;
      }
      state.error = null;
    } catch (e) {
      if (n !== loads) return;
      state.error = messageOf(e);
    }
    draw();
  }

  /**
   * After a change: the list now, and once more a second later, since search sees a change within
   * a second of it (the "mine" list reads the catalogue itself, so it is current at once).
   */
  async function reload() {
    await load();
    if (!state.mine) setTimeout(load, 1000);
  }

  function toggle(dim, value) {
    const values = new Set(state.filters[dim] ?? []);
    if (values.has(value)) values.delete(value);
    else values.add(value);
    if (values.size) state.filters[dim] = [...values];
    else delete state.filters[dim];
    state.page = 1;
    load();
  }

  function valueLabel(dim, value) {
    if (dim === "grade") return t("lib.gradeN").replace("{n}", value);
    if (VALUE_LABEL[dim]) {
      const key = `${VALUE_LABEL[dim]}.${value}`;
      const text = t(key);
      return text === key ? value : text;
    }
    return value;
  }

  function drawFacets() {
    if (!state.facets) {
      facetBar.replaceChildren();
      return;
    }
    const groups = [];
    // the curriculum tree: the path chosen so far, then the children of its last step
    const levels = state.facets.curriculum ?? [];
    const crumbs = state.curriculum.map((step, i) => h("li", {},
      h("button", { type: "button", class: "link", "data-test": "lib-tree-up",
        onclick: () => { state.curriculum = state.curriculum.slice(0, i); state.page = 1; load(); } },
      i === 0 ? valueLabel("subject", step) : i === 1 ? valueLabel("grade", step) : step)));
    const last = levels[levels.length - 1];
    const children = (last?.children ?? []).map((c) => h("li", {},
      h("button", { type: "button", class: "link", "data-test": "lib-tree-node", "data-value": c.value,
        onclick: () => { state.curriculum = [...state.curriculum, c.value]; state.page = 1; load(); } },
      state.curriculum.length === 0 ? valueLabel("subject", c.value)
        : state.curriculum.length === 1 ? valueLabel("grade", c.value) : c.value),
      h("span", { class: "count" }, ` ${c.count}`)));
    groups.push(h("section", { "data-test": "lib-tree" }, label("h4", "lib.facet.curriculum"),
      crumbs.length ? h("ol", { class: "crumbs" }, crumbs) : "",
      h("ul", {}, children)));
    for (const dim of DIMENSIONS) {
      const values = state.facets[dim] ?? [];
      if (!values.length) continue;
      groups.push(h("section", { "data-test": `lib-facet-${dim}` }, label("h4", `lib.facet.${dim}`),
        h("ul", {}, values.map((v) => h("li", {}, h("label", { class: "check" },
          h("input", { type: "checkbox", checked: v.selected, "data-test": "lib-facet-value",
            "data-dim": dim, "data-value": v.value, onchange: () => toggle(dim, v.value) }),
          h("span", {}, valueLabel(dim, v.value)), h("span", { class: "count" }, ` ${v.count}`)))))));
    }
    facetBar.replaceChildren(...groups);
  }

  function draw() {
    drawFacets();
    summary.textContent = state.mine || state.error ? "" : t("lib.total").replace("{n}", state.total);
    const empty = state.items.length === 0 && !state.error;
    list.replaceChildren(
      state.error ? h("p", { class: "error" }, state.error) : "",
      empty && (state.q || Object.keys(state.filters).length || state.curriculum.length)
        ? h("div", { class: "empty", "data-test": "lib-empty" }, label("p", "lib.noResults"), label("p", "lib.tips", { class: "muted" }))
        : empty ? label("p", "lib.empty", { class: "muted", "data-test": "lib-empty" }) : "",
      ...state.items.map(item));
    const pages = Math.ceil(state.total / 20);
    more.replaceChildren(
      !state.mine && state.page > 1 ? h("button", { type: "button", "data-test": "lib-prev",
        onclick: () => { state.page--; load(); } }, label("span", "lib.prev")) : "",
      !state.mine && state.page < pages ? h("button", { type: "button", "data-test": "lib-next",
        onclick: () => { state.page++; load(); } }, label("span", "lib.next")) : "");
    applyTo(container);
    placeholders();
  }

  /** Whether the signed-in person may change the resource (its school's teachers, coordinators). */
  function canEdit(r) {
    return author && (role === "coordinator" || r.schoolId === me.user.schoolId);
  }

  function item(r) {
    const area = h("div", {});
    const actions = h("span", { class: "inline" });
    if (r.file && r.kind === "experiment") {
      actions.append(h("button", { type: "button", "data-test": "lib-launch", onclick: () => launch(r, area) },
        label("span", "lib.launch")));
    } else if (r.file && (r.kind === "lesson-video" || r.kind === "audio")) {
      actions.append(h("button", { type: "button", "data-test": "lib-play", onclick: () => play(r, area) },
        label("span", "lib.play")));
    }
    if (r.kind === "course") {
      actions.append(h("button", { type: "button", "data-test": "lib-lessons", onclick: () => lessons(r, area) },
        label("span", "lib.lessons")));
    }
    if (r.status === "published") {
      actions.append(h("button", { type: "button", class: "link", "data-test": "lib-related", onclick: () => related(r, area) },
        label("span", "lib.related")));
    }
    if (r.file) {
      actions.append(h("button", { type: "button", class: "link", "data-test": "lib-download", onclick: () => download(r) },
        label("span", "lib.download")));
    }
    if (canEdit(r) && r.kind !== "course") {
      actions.append(h("button", { type: "button", class: "link", "data-test": "lib-upload", onclick: () => uploader(r, area) },
        label("span", r.file ? "lib.replace" : "lib.upload")));
    }
    if (author && (role === "coordinator" || r.schoolId === me.user.schoolId)) {
      actions.append(h("button", { type: "button", class: "link", "data-test": "lib-edit", onclick: () => editor(r, area) },
        label("span", "action.edit")));
    }
    if (role === "coordinator" && r.status !== "published" && r.file) {
      actions.append(h("button", { type: "button", class: "primary", "data-test": "lib-publish", onclick: () => publish(r) },
        label("span", "lib.publish")));
    }
    const marks = r.highlight ?? {};
    const shownTitle = language() === "bo" && r.titleBo
      ? (marks.titleBo ? marked(marks.titleBo) : [r.titleBo])
      : (marks.title ? marked(marks.title) : [r.title]);
    const snippet = marks.snippet || marks.snippetBo;
    return h("div", { class: "resource", "data-test": "lib-item", "data-title": r.title, "data-status": r.status },
      h("strong", { "data-test": "lib-item-title" }, ...shownTitle), " ",
      h("span", { class: "tag", "data-i18n": `kind.${r.kind}` }), " ",
      h("span", { class: "tag", "data-i18n": `subject.${r.subject}` }), " ",
      r.status !== "published" ? h("span", { class: "tag", "data-i18n": `status.${r.status}` }) : "",
      r.teacherName ? h("span", { class: "muted" }, ` ${r.teacherName} · ${r.schoolName}`) : "",
      " ", actions,
      snippet ? h("p", { class: "snippet muted", "data-test": "lib-snippet" }, ...marked(snippet)) : "",
      area);
  }

  /** Resources like this one (the next lesson one would want), each opened like any other. */
  async function related(r, area) {
    try {
      const found = (await api("GET", `/resources/${r.id}/related`)).items;
      area.replaceChildren(h("div", { class: "related", "data-test": "lib-related-list" },
        label("h4", "lib.related"), found.map((x) => item(x))));
      applyTo(area);
    } catch (e) {
      area.replaceChildren(h("p", { class: "error" }, messageOf(e)));
    }
  }

  /**
   * Plays the converted ladder when it is ready; until then the original file (and, for its
   * teachers, how the conversion is going).
   */
  async function play(r, area) {
    try {
      const status = await api("GET", `/resources/${r.id}/media`);
      const resume = await api("GET", `/resources/${r.id}/progress`);
      let player;
      const parts = [];
      if (status.ready) {
        const hls = await hlsPlayer(status, r.kind === "audio");
        player = hls.media;
        parts.push(hls.element);
        if (canEdit(r)) parts.push(trimForm(r, player, status, () => play(r, area)), chaptersForm(r, player));
      } else {
        const link = await api("GET", `/resources/${r.id}/play`);
        player = h(r.kind === "audio" ? "audio" : "video", {
          controls: true, preload: "metadata", src: link.url, "data-test": "lib-player",
          style: "max-width: 100%",
        });
        parts.push(player);
        if (status.state !== "none") {
          parts.push(conversionPanel(r.id, { canEdit: canEdit(r), onReady: () => play(r, area) }));
        }
      }
      let reported = resume.positionSeconds;
      let last = performance.now();
      player.addEventListener("loadedmetadata", () => {
        if (resume.positionSeconds > 0 && resume.positionSeconds < player.duration) {
          player.currentTime = resume.positionSeconds;
        }
      });
      // report every 15 s of playing, and on pause: where to resume, how much was watched
      const report = () => {
        const now = performance.now();
        const watched = Math.min(600, Math.round((now - last) / 1000));
        last = now;
        const position = Math.floor(player.currentTime);
        if (position === reported && watched === 0) return;
        reported = position;
        api("PUT", `/resources/${r.id}/progress`, { positionSeconds: position, watchedSeconds: player.paused ? 0 : watched })
          .catch(() => {});
      };
      player.addEventListener("play", () => { last = performance.now(); });
      player.addEventListener("pause", report);
      player.addEventListener("timeupdate", () => {
        if (performance.now() - last > 15_000) report();
      });
      area.replaceChildren(...parts);
      applyTo(area);
      if (r.kind === "lesson-video" && me.user.role !== "student") {
        // a recorded lesson's critique (评课), for those allowed; loaded only for lesson videos
        const { critiquePanel } = await import("./critique.js");
        const panel = await critiquePanel(r.id, player);
        if (panel) area.append(panel);
      }
    } catch (e) {
      area.replaceChildren(h("p", { class: "error" }, messageOf(e)));
    }
  }

  /**
   * Keep only part of a recording (the minutes before the bell and after it): start and end in
   * seconds of the original, taken from the player's position with a click; the file is converted
   * again and the original kept, so the trim can be changed or undone.
   */
  function trimForm(r, player, status, reload) {
    const trim = status.job?.trim;
    const field = (value) => h("input", { type: "number", min: 0, step: 1, class: "short", value: value ?? "" });
    const start = field(trim?.startSeconds);
    const end = field(trim?.endSeconds);
    start.dataset.test = "trim-start";
    end.dataset.test = "trim-end";
    const note = h("span", { role: "status", "data-test": "trim-status" });
    const here = (input) => h("button", { type: "button", class: "link",
      onclick: () => { input.value = String(Math.floor(player.currentTime)); } }, label("span", "trim.here"));
    const send = async (body) => {
      try {
        await api("PUT", `/resources/${r.id}/trim`, body);
        note.textContent = t("trim.queued");
        note.dataset.state = "queued";
        setTimeout(reload, 1500);
      } catch (e) {
        note.textContent = messageOf(e);
      }
    };
    return h("details", { class: "trim", "data-test": "trim" },
      label("summary", "trim.title"),
      h("div", { class: "inline" },
        label("span", "trim.start"), start, here(start),
        label("span", "trim.end"), end, here(end),
        h("button", { type: "button", class: "primary", "data-test": "trim-save",
          onclick: () => send({ startSeconds: Number(start.value), endSeconds: Number(end.value) }) },
        label("span", "trim.save")),
        trim ? h("button", { type: "button", "data-test": "trim-undo", onclick: () => send({}) }, label("span", "trim.undo")) : "",
        note));
  }

  /**
   * The lesson's chapters, one a line as "mm:ss title" (导入, 新授, 练习…): they show on the
   * player's timeline; "here" adds a line at the player's position.
   */
  function chaptersForm(r, player) {
    const text = h("textarea", { rows: 4, "data-test": "chapters-text", placeholder: "00:00 导入\n05:30 新授" });
    const note = h("span", { role: "status", "data-test": "chapters-status" });
    const stamp = (s) => `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
    const save = async () => {
      const chapters = [];
      for (const line of text.value.split("\n").map((x) => x.trim()).filter(Boolean)) {
        const m = /^(\d{1,3}):(\d{2})\s+(.+)$/.exec(line);
        if (!m) {
          note.textContent = `${t("chapters.bad")}: ${line}`;
          return;
        }
        chapters.push({ start: Number(m[1]) * 60 + Number(m[2]), title: m[3] });
      }
      try {
        await api("PUT", `/resources/${r.id}/chapters`, { chapters });
        note.textContent = t("chapters.saved");
        note.dataset.state = "saved";
      } catch (e) {
        note.textContent = messageOf(e);
      }
    };
    return h("details", { class: "trim", "data-test": "chapters" },
      label("summary", "chapters.title"), text,
      h("div", { class: "inline" },
        h("button", { type: "button", class: "link", onclick: () => {
          text.value = `${text.value.trimEnd()}${text.value.trim() ? "\n" : ""}${stamp(player.currentTime)} `;
          text.focus();
        } }, label("span", "trim.here")),
        h("button", { type: "button", class: "primary", "data-test": "chapters-save", onclick: save },
          label("span", "action.save")), note));
  }

  /** A course's lessons, in order, each opened like any resource of the library. */
  async function lessons(r, area) {
    try {
      const list = (await api("GET", `/resources/${r.id}/lessons`)).items;
      area.replaceChildren(h("ol", { "data-test": "lib-course" }, list.map((l) => h("li", {}, item(l)))));
      applyTo(area);
    } catch (e) {
      area.replaceChildren(h("p", { class: "error" }, messageOf(e)));
    }
  }

  async function launch(r, area) {
    try {
      const locale = language() === "bo" ? "bo" : language() === "en" ? "en" : "zh_CN";
      const l = await api("GET", `/resources/${r.id}/launch?locale=${locale}`);
      // never allow-same-origin: the experiment runs in an opaque origin
      area.replaceChildren(h("iframe", {
        sandbox: "allow-scripts", src: l.url, title: title(r), class: "experiment",
        "data-test": "lib-experiment", referrerpolicy: "no-referrer",
      }));
    } catch (e) {
      area.replaceChildren(h("p", { class: "error" }, messageOf(e)));
    }
  }

  async function download(r) {
    const response = await fetch(`/api/v1/resources/${r.id}/content?download=1`, {
      headers: { Authorization: `Bearer ${token()}` },
    });
    if (!response.ok) return;
    const url = URL.createObjectURL(await response.blob());
    const a = h("a", { href: url, download: r.file.fileName ?? r.title });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  function uploader(r, area) {
    const file = h("input", { type: "file", "data-test": "lib-file" });
    const bar = h("progress", { max: 100, value: 0, "data-test": "lib-progress" });
    const status = h("span", { role: "status", "data-test": "lib-upload-status" });
    let upload = null;
    const start = h("button", { type: "button", class: "primary", "data-test": "lib-upload-start" }, label("span", "lib.start"));
    const pause = h("button", { type: "button", "data-test": "lib-upload-pause", disabled: true }, label("span", "lib.pause"));
    const resume = h("button", { type: "button", "data-test": "lib-upload-resume", disabled: true }, label("span", "lib.resume"));
    const go = async () => {
      start.disabled = true;
      resume.disabled = true;
      pause.disabled = false;
      status.textContent = t("lib.uploading");
      try {
        const done = await upload.run();
        pause.disabled = true;
        if (done) {
          status.textContent = t("lib.uploaded");
          if (r.kind === "lesson-video" || r.kind === "audio") {
            // the conversion starts on its own: show it here, and the list again once it is ready
            area.append(conversionPanel(r.id, { canEdit: true, onReady: () => reload() }));
            applyTo(area);
            return;
          }
          await reload();
        } else {
          status.textContent = t("lib.paused");
          resume.disabled = false;
        }
      } catch (e) {
        pause.disabled = true;
        resume.disabled = false;
        status.textContent = messageOf(e);
      }
    };
    start.addEventListener("click", () => {
      if (!file.files.length) return;
      upload = new TusUpload(file.files[0], r.id, (sent, size) => { bar.value = Math.floor((100 * sent) / size); });
      go();
    });
    pause.addEventListener("click", () => upload?.pause());
    resume.addEventListener("click", () => go());
    area.replaceChildren(h("div", { class: "inline" }, file, start, pause, resume, bar, status));
    applyTo(area);
  }

  /** Metadata and the resource's place on the curriculum tree, saved as a merge patch. */
  async function editor(r, area) {
    const read = await fetch(`/api/v1/resources/${r.id}`, { headers: { Authorization: `Bearer ${token()}` } });
    const etag = read.headers.get("ETag");
    const name = h("input", { value: r.title, maxlength: 200, required: true, "data-test": "lib-edit-title" });
    const nameBo = h("input", { value: r.titleBo ?? "", maxlength: 200 });
    const grade = h("input", { type: "number", min: 1, max: 12, value: r.grade ?? "" });
    const node = h("select", { "data-test": "lib-edit-node" }, h("option", { value: "" }, "—"));
    const message = h("span", { role: "alert" });
    const fillNodes = async () => {
      const query = new URLSearchParams({ subject: r.subject });
      if (grade.value) query.set("grade", grade.value);
      const nodes = (await api("GET", `/curriculum?${query}`)).items;
      node.replaceChildren(h("option", { value: "" }, "—"), ...nodes.map((n) =>
        h("option", { value: n.id, selected: n.id === r.nodeId },
          `${n.volume} · ${n.parentId ? "　" : ""}${language() === "bo" && n.titleBo ? n.titleBo : n.title}`)));
    };
    grade.addEventListener("change", fillNodes);
    const form = h("form", { class: "inline", "data-test": "lib-edit-form" },
      h("label", {}, label("span", "field.name"), name),
      h("label", {}, label("span", "field.nameBo"), nameBo),
      h("label", {}, label("span", "field.grade"), grade),
      h("label", {}, label("span", "lib.chapter"), node),
      h("button", { type: "submit", class: "primary", "data-test": "lib-edit-save" }, label("span", "action.save")),
      message);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const patch = {
        title: name.value.trim(),
        titleBo: nameBo.value.trim() || null,
        grade: grade.value ? Number(grade.value) : null,
        nodeId: node.value || null,
      };
      try {
        await api("PATCH", `/resources/${r.id}`, patch, "application/merge-patch+json", { "If-Match": etag });
        await reload();
      } catch (err) {
        message.className = "error";
        message.textContent = messageOf(err);
      }
    });
    area.replaceChildren(form);
    applyTo(area);
    await fillNodes();
  }

  async function publish(r) {
    const current = await fetch(`/api/v1/resources/${r.id}`, { headers: { Authorization: `Bearer ${token()}` } });
    try {
      await api("POST", `/resources/${r.id}/status`, { status: "published" }, "application/json",
        { "If-Match": current.headers.get("ETag") });
      await reload();
    } catch (e) {
      window.alert(messageOf(e));
    }
  }

  function newResourceForm() {
    const kind = h("select", { name: "kind", "data-test": "lib-new-kind" },
      KINDS.map((k) => h("option", { value: k, "data-i18n": `kind.${k}` })));
    const subject = h("select", { name: "subject", "data-test": "lib-new-subject" },
      SUBJECTS.map((s) => h("option", { value: s, "data-i18n": `subject.${s}` })));
    const name = h("input", { name: "title", required: true, maxlength: 200, "data-test": "lib-new-title" });
    const nameBo = h("input", { name: "titleBo", maxlength: 200, "data-test": "lib-new-title-bo" });
    const stage = h("select", { name: "stage" },
      ["primary", "junior", "senior"].map((s) => h("option", { value: s, selected: s === "junior", "data-i18n": `stage.${s}` })));
    const grade = h("input", { name: "grade", type: "number", min: 1, max: 12, value: 8 });
    const message = h("span", { class: "error", role: "alert" });
    const form = h("form", { class: "inline", "data-test": "lib-new" },
      h("label", {}, label("span", "lib.kind"), kind),
      h("label", {}, label("span", "field.name"), name),
      h("label", {}, label("span", "field.nameBo"), nameBo),
      h("label", {}, label("span", "lib.subject"), subject),
      h("label", {}, label("span", "lib.stage"), stage),
      h("label", {}, label("span", "field.grade"), grade),
      h("button", { type: "submit", class: "primary", "data-test": "lib-new-create" }, label("span", "action.create")),
      message);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      message.textContent = "";
      try {
        await api("POST", "/resources", {
          kind: kind.value, title: name.value.trim(), titleBo: nameBo.value.trim() || null,
          subject: subject.value, stage: stage.value, grade: Number(grade.value),
        });
        form.reset();
        // a new draft is the author's to work on: show their own list, where it is at once
        mineBox.checked = true;
        state.mine = true;
        await load();
      } catch (err) {
        message.textContent = messageOf(err);
      }
    });
    return form;
  }

  await load();
}
