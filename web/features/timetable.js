// The timetable screens: a coordinator's week grid (each school's own periods) and booking form
// with a conflict preview, a teacher's or pupil's week, and the pairings on a dashboard.
// Loaded with the dashboard; each card asks for its own data once, then redraws from its state.
import { api } from "../api.js";
import { applyTo, messageOf, t } from "../i18n.js";
import { h, label } from "../dom.js";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** yyyy-mm-dd of a Date in Beijing time (every school keeps it). */
function isoDay(date) {
  return new Date(date.getTime() + 8 * 3600e3).toISOString().slice(0, 10);
}

function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function mondayOf(day) {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return addDays(day, -back);
}

function subject(id) {
  return t(`subject.${id}`);
}

function weekdayName(n) {
  return t(`weekday.${n}`);
}

/** Who a session is between, in one line. */
function between(s) {
  if (s.kind === "research") {
    // a teachers' research session: the lead and the colleagues, no classes
    return `${t("tt.research")} · ${s.teacher.displayName} · ${s.colleagues.map((c) => c.displayName).join("、")}`;
  }
  const receivers = s.receivers.map((r) => `${r.classroom.schoolName ?? ""} ${r.class.name ?? ""}`);
  return `${s.teacher.displayName} → ${receivers.join("、")}`;
}

/** The pairings (结对) the signed-in person is part of: both partners see each other. */
export function pairingsCard(pairings) {
  const card = h("div", { class: "card", "data-test": "pairings" }, label("h3", "tt.pairings"));
  if (!pairings || pairings.length === 0) {
    card.append(label("p", "tt.noPairings", { class: "muted" }));
    return card;
  }
  card.append(
    h("ul", {},
      pairings.map((p) =>
        h("li", { "data-test": "pairing", "data-subject": p.subject },
          h("strong", {}, subject(p.subject)), " · ",
          p.teacher.displayName, ` (${p.mainClassroom.schoolName ?? ""})`, " → ",
          p.receivers.map((r) => `${r.classroom.schoolName ?? ""} ${r.class.name ?? ""}`).join("、")))),
  );
  return card;
}

/**
 * Attendance for one session, quick on a phone: each class with a checkbox per pupil, saved per
 * class. Only the classes the caller may mark are saved; the server decides.
 */
function attendancePanel(session) {
  const panel = h("div", { class: "attendance", "data-test": "attendance" }, label("p", "tt.loading", { class: "muted" }));
  const draw = (roster) => {
    // the classes this person may mark: an assistant sees their own class, the teacher all
    const mine = roster.classes.filter((k) => k.mayMark);
    if (mine.length === 0) {
      panel.replaceChildren(label("p", "tt.noRoster", { class: "muted" }));
      applyTo(panel);
      return;
    }
    panel.replaceChildren(...mine.map((k) => {
      const boxes = k.students.map((p) =>
        h("label", { class: "check" },
          h("input", { type: "checkbox", value: p.id, checked: p.present === true, "data-test": "attendance-student", "data-name": p.displayName }),
          h("span", {}, p.displayName)));
      const status = h("span", { role: "status", "data-test": "attendance-status" });
      return h("form", {
        class: "attendance-class", "data-test": "attendance-class",
        onsubmit: async (e) => {
          e.preventDefault();
          const present = boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
          try {
            const r = await api("PUT", `/sessions/${session.id}/attendance`, { classId: k.classId, present });
            status.replaceChildren(label("span", "tt.saved"), ` ${r.present}/${r.of}`);
            status.className = "ok";
          } catch (err) {
            status.textContent = messageOf(err);
            status.className = "error";
          }
          applyTo(status);
        },
      },
      h("strong", {}, `${k.class.schoolName ?? ""} ${k.class.name ?? ""}`),
      h("div", { class: "inline" }, boxes),
      h("button", { type: "submit", class: "primary", "data-test": "attendance-save" }, label("span", "action.save")),
      " ", status);
    }));
    applyTo(panel);
  };
  api("GET", `/sessions/${session.id}/attendance`)
    .then(draw)
    .catch((e) => { panel.replaceChildren(h("p", { class: "error" }, messageOf(e))); });
  return panel;
}

/** A secret calendar URL for the teacher's phone, shown once. */
function subscribeButton(me) {
  const out = h("span", { "data-test": "calendar-url" });
  const button = h("button", {
    type: "button", class: "link", "data-test": "calendar-subscribe",
    onclick: async () => {
      button.disabled = true;
      try {
        const r = await api("POST", "/calendar-feeds", { ownerKind: "teacher", ownerId: me.user.id });
        const url = new URL(r.url, window.location.href).href;
        out.replaceChildren(label("span", "tt.calendarShown"), " ", h("code", {}, url));
        applyTo(out);
      } catch (e) {
        out.textContent = messageOf(e);
      } finally {
        button.disabled = false;
      }
    },
  }, label("span", "tt.subscribe"));
  return h("p", {}, button, " ", out);
}

/** A teacher's or pupil's own week, day by day, with their school's period labels. */
export function myWeekCard(me) {
  // this week came with the dashboard: no request until the teacher turns the page
  const first = me.timetable?.sessions ? me.timetable : null;
  const state = {
    monday: first?.from ?? mondayOf(isoDay(new Date())),
    sessions: first?.sessions ?? null,
    error: null,
  };
  const card = h("div", { class: "card", "data-test": "my-week" });
  const load = async () => {
    state.sessions = null;
    draw();
    try {
      const r = await api("GET", `/me/timetable?from=${state.monday}&to=${addDays(state.monday, 6)}`);
      state.sessions = r.items;
      state.error = null;
    } catch (e) {
      state.error = messageOf(e);
    }
    draw();
  };
  const draw = () => {
    card.replaceChildren(
      weekHeader("tt.myWeek", state, (delta) => {
        state.monday = addDays(state.monday, delta);
        load();
      }),
    );
    if (me.user.role === "teacher") card.append(subscribeButton(me));
    if (state.error) card.append(h("p", { class: "error" }, state.error));
    else if (!state.sessions) card.append(label("p", "tt.loading", { class: "muted" }));
    else if (state.sessions.length === 0) card.append(label("p", "tt.noSessions", { class: "muted" }));
    else {
      card.append(
        h("ul", { class: "sessions" },
          state.sessions.map((s) => {
            const mine = s.schools.find((x) => x.schoolId === me.school?.id) ?? s.schools[0];
            const item = h("li", { "data-test": "my-session", "data-state": s.state, "data-day": s.day },
              h("strong", {}, `${weekdayName(s.weekday)} ${s.day.slice(5)} `),
              `${s.localStart}–${s.localEnd} `,
              mine?.label ? h("span", { class: "tag" }, mine.label) : null, " ",
              subject(s.subject), s.title ? `：${s.title}` : "", " · ", between(s), " ",
              h("span", { class: "muted", "data-i18n": `state.${s.state}` }));
            // the live room opens shortly before the bell; the server has the last word
            const soon = Date.parse(s.startsAt) - Date.now() < 15 * 60e3;
            if ((me.user.role === "teacher" || me.user.role === "coordinator")
              && (s.state === "live" || (s.state === "upcoming" && soon))) {
              item.append(" ", h("a", {
                href: `#/class/${s.id}`, class: "button primary", "data-test": "live-open",
              }, label("span", "live.open")));
            }
            // staff take attendance once a class has begun (the server allows early join)
            if (me.user.role === "teacher" && s.kind !== "research" && s.state !== "upcoming" && s.state !== "cancelled") {
              const open = h("button", {
                type: "button", class: "link", "data-test": "attendance-open",
                onclick: () => {
                  open.remove();
                  item.append(attendancePanel(s));
                },
              }, label("span", "tt.attendance"));
              item.append(" ", open);
            }
            return item;
          })),
      );
    }
    applyTo(card);
  };
  if (state.sessions) draw();
  else load();
  return card;
}

function weekHeader(titleKey, state, move) {
  return h("div", { class: "inline week-head" },
    label("h3", titleKey),
    h("button", { type: "button", "data-test": "week-previous", onclick: () => move(-7) }, "‹"),
    h("span", { "data-test": "week-range" }, `${state.monday} – ${addDays(state.monday, 6)}`),
    h("button", { type: "button", "data-test": "week-next", onclick: () => move(7) }, "›"));
}

/**
 * A coordinator's week: one school at a time, rows are that school's own periods, so a session
 * taught from Xining's 3rd period shows in Yushu's 2nd.
 */
export function groupWeekCard(schools, timetable) {
  // the first school's week came with the dashboard
  const first = timetable?.school?.sessions ? timetable : null;
  const state = {
    monday: first?.from ?? mondayOf(isoDay(new Date())),
    school: first?.school.schoolId ?? schools[0]?.id,
    grid: first?.school.periods ?? null,
    sessions: first?.school.sessions ?? null,
    error: null,
  };
  const card = h("div", { class: "card", "data-test": "group-week" });
  const load = async () => {
    state.sessions = null;
    draw();
    try {
      const [grid, sessions] = await Promise.all([
        api("GET", `/schools/${state.school}/periods`),
        api("GET", `/timetable?scope=school&id=${state.school}&from=${state.monday}&to=${addDays(state.monday, 6)}`),
      ]);
      state.grid = grid.periods;
      state.sessions = sessions.items;
      state.error = null;
    } catch (e) {
      state.error = messageOf(e);
    }
    draw();
  };
  card.reload = load;
  state.reload = load;
  const draw = () => {
    const picker = h("select", {
      "data-test": "week-school",
      onchange: (e) => {
        state.school = e.target.value;
        load();
      },
    }, schools.map((s) => h("option", { value: s.id, selected: s.id === state.school }, s.name)));
    card.replaceChildren(
      weekHeader("tt.groupWeek", state, (delta) => {
        state.monday = addDays(state.monday, delta);
        load();
      }),
      h("label", {}, label("span", "field.school"), picker),
    );
    if (state.error) card.append(h("p", { class: "error" }, state.error));
    else if (!state.sessions) card.append(label("p", "tt.loading", { class: "muted" }));
    else card.append(weekTable(state));
    applyTo(card);
  };
  if (state.sessions) draw();
  else load();
  return card;
}

/** Cancels one upcoming session after a confirmation; the grid reloads. */
function cancelButton(session, state) {
  return h("button", {
    type: "button", class: "link", "data-test": "session-cancel",
    onclick: async () => {
      if (!window.confirm(t("tt.cancelConfirm"))) return;
      try {
        await api("DELETE", `/sessions/${session.id}`);
        state.reload?.();
      } catch (e) {
        window.alert(messageOf(e));
      }
    },
  }, label("span", "tt.cancel"));
}

function weekTable(state) {
  const days = WEEKDAYS.slice(0, 6).map((n) => addDays(state.monday, n - 1));
  const periods = [...new Set(state.grid.map((p) => p.period))].sort((a, b) => a - b);
  const bell = (weekday, period) => state.grid.find((p) => p.weekday === weekday && p.period === period);
  const at = (day, period) =>
    state.sessions.filter((s) => s.day === day &&
      s.schools.some((x) => x.schoolId === state.school && x.period === period));
  const unplaced = state.sessions.filter((s) =>
    !s.schools.some((x) => x.schoolId === state.school && x.period != null));
  return h("div", {},
    h("table", { class: "week", "data-test": "week-table" },
      h("thead", {}, h("tr", {}, label("th", "tt.period"),
        days.map((d, i) => h("th", {}, `${weekdayName(i + 1)} ${d.slice(5)}`)))),
      h("tbody", {}, periods.map((p) => {
        const b = bell(1, p) ?? state.grid.find((x) => x.period === p);
        return h("tr", {},
          h("th", {}, b?.label ?? p, h("div", { class: "muted" }, b ? `${b.start}–${b.end}` : "")),
          days.map((d) => h("td", {}, at(d, p).map((s) =>
            h("div", { class: `chip ${s.state}`, "data-test": "week-session", "data-day": d, "data-period": p },
              h("strong", {}, subject(s.subject)), " ", s.localStart, h("br"),
              h("small", {}, between(s)), " ",
              s.state === "upcoming" ? cancelButton(s, state) : null,
              // the coordinator observes a class that is on (or about to be)
              s.state === "live" || (s.state === "upcoming" && Date.parse(s.startsAt) - Date.now() < 15 * 60e3)
                ? h("a", { href: `#/class/${s.id}`, class: "link", "data-test": "live-observe" }, label("span", "live.observe"))
                : null)))));
      }))),
    unplaced.length
      ? h("p", { class: "muted" }, label("span", "tt.outsidePeriods"), " ",
        unplaced.map((s) => `${s.day} ${s.localStart} ${subject(s.subject)}`).join("; "))
      : null);
}

/**
 * Booking a weekly series from a pairing, with the conflicts shown before anything is saved;
 * when some dates collide the coordinator may book only the free ones.
 */
export function bookingCard(onBooked, timetable) {
  const state = { pairings: null, term: null, result: null, error: null, busy: false };
  const pickTerm = (terms) => {
    const today = isoDay(new Date());
    return terms.find((x) => x.firstDay <= today && today <= x.lastDay) ?? terms[0];
  };
  const card = h("div", { class: "card", "data-test": "booking" });
  const form = {};

  const load = async () => {
    try {
      const [p, terms] = await Promise.all([api("GET", "/pairings"), api("GET", "/terms")]);
      state.pairings = p.items;
      state.term = pickTerm(terms.items);
    } catch (e) {
      state.error = messageOf(e);
    }
    draw();
  };

  const body = (onConflict) => {
    const weekdays = WEEKDAYS.filter((n) => form[`day${n}`]?.checked);
    const out = {
      pairingId: form.pairing.value,
      weekdays,
      period: Number(form.period.value),
      onConflict,
    };
    if (form.from.value) out.from = form.from.value;
    if (form.to.value) out.to = form.to.value;
    if (form.title.value.trim()) out.title = form.title.value.trim();
    return out;
  };

  const run = async (path, onConflict) => {
    state.busy = true;
    state.error = null;
    state.result = null;
    draw(false);
    try {
      const r = await api("POST", path, body(onConflict));
      state.result = { kind: path.endsWith("preview") ? "preview" : "booked", data: r };
      if (state.result.kind === "booked") onBooked?.();
    } catch (e) {
      if (e.code === "booking-conflict") {
        state.result = { kind: "refused", data: { conflicts: e.problem?.conflicts ?? [] } };
      } else {
        state.error = messageOf(e);
      }
    }
    state.busy = false;
    draw(false);
  };

  const names = () => {
    const p = state.pairings?.find((x) => x.id === form.pairing?.value);
    const out = {};
    if (!p) return out;
    out[p.teacher.id] = p.teacher.displayName;
    out[p.mainClassroom.id] = `${p.mainClassroom.schoolName ?? ""} ${p.mainClassroom.name ?? ""}`;
    if (p.mainClass) out[p.mainClass.id] = p.mainClass.name;
    p.receivers.forEach((r) => {
      out[r.classroom.id] = `${r.classroom.schoolName ?? ""} ${r.classroom.name ?? ""}`;
      out[r.class.id] = `${r.class.schoolName ?? ""} ${r.class.name ?? ""}`;
      if (r.assistant) out[r.assistant.id] = r.assistant.displayName;
    });
    return out;
  };

  const resultView = () => {
    const r = state.result;
    if (!r) return null;
    const conflicts = r.data.conflicts ?? [];
    const who = names();
    const list = conflicts.length
      ? h("ul", { "data-test": "booking-conflicts" },
        conflicts.map((c) => h("li", { "data-test": "booking-conflict", "data-day": c.day },
          `${c.day} `, h("span", { "data-i18n": `hold.${c.resourceKind}` }), " ",
          who[c.resourceId] ?? "", " ", label("span", "tt.busy"))))
      : null;
    if (r.kind === "preview") {
      return h("div", { "data-test": "booking-preview-result" },
        h("p", {}, label("span", "tt.planned"), ` ${r.data.plannedCount}`),
        conflicts.length ? label("p", "tt.conflictsFound", { class: "error" }) : label("p", "tt.allFree", { class: "ok" }),
        list, skipped(r.data));
    }
    if (r.kind === "refused") {
      return h("div", { "data-test": "booking-refused", role: "alert" },
        label("p", "tt.refused", { class: "error" }), list,
        h("button", {
          type: "button", "data-test": "booking-free-only",
          onclick: () => run("/series", "book-free"),
        }, label("span", "tt.bookFree")));
    }
    return h("div", { "data-test": "booking-result", role: "status" },
      h("p", { class: "ok" }, label("span", "tt.booked"), ` ${r.data.bookedCount}`),
      list, skipped(r.data));
  };

  const skipped = (data) => (data.skippedDays?.length
    ? h("p", { class: "muted" }, label("span", "tt.skipped"), " ",
      data.skippedDays.map((d) => `${d.day}${d.label ? " " + d.label : ""}`).join("、"))
    : null);

  const draw = (rebuild = true) => {
    if (state.error && !state.pairings) {
      card.replaceChildren(label("h3", "tt.book"), h("p", { class: "error" }, state.error));
      return;
    }
    if (!state.pairings) {
      card.replaceChildren(label("h3", "tt.book"), label("p", "tt.loading", { class: "muted" }));
      applyTo(card);
      return;
    }
    if (rebuild || !form.root) {
      form.pairing = h("select", { "data-test": "booking-pairing", required: true },
        state.pairings.map((p) => h("option", { value: p.id },
          `${subject(p.subject)} · ${p.teacher.displayName} → ${p.receivers.map((r) => r.class.schoolName).join("、")}`)));
      WEEKDAYS.slice(0, 6).forEach((n) => {
        form[`day${n}`] = h("input", { type: "checkbox", "data-test": `booking-weekday-${n}` });
      });
      form.period = h("input", { type: "number", min: 1, max: 16, value: 1, "data-test": "booking-period", required: true });
      form.from = h("input", { type: "date", "data-test": "booking-from", value: state.term?.firstDay ?? "" });
      form.to = h("input", { type: "date", "data-test": "booking-to", value: state.term?.lastDay ?? "" });
      form.title = h("input", { type: "text", maxlength: 200, "data-test": "booking-title" });
      form.out = h("div", { "data-test": "booking-output" });
      form.root = h("form", {
        class: "stack", "data-test": "booking-form",
        onsubmit: (e) => {
          e.preventDefault();
          run("/series", "reject");
        },
      },
      h("label", {}, label("span", "tt.pairing"), form.pairing),
      h("fieldset", { class: "inline" }, label("legend", "tt.weekdays"),
        WEEKDAYS.slice(0, 6).map((n) => h("label", { class: "check" }, form[`day${n}`], h("span", { "data-i18n": `weekday.${n}` })))),
      h("label", {}, label("span", "tt.period"), form.period),
      h("div", { class: "inline" },
        h("label", {}, label("span", "tt.from"), form.from),
        h("label", {}, label("span", "tt.to"), form.to)),
      h("label", {}, label("span", "tt.title"), form.title),
      h("div", { class: "inline" },
        h("button", { type: "button", "data-test": "booking-preview", onclick: () => run("/series/preview", "reject") },
          label("span", "tt.preview")),
        h("button", { type: "submit", class: "primary", "data-test": "booking-submit" }, label("span", "tt.bookAction"))),
      form.out);
      card.replaceChildren(label("h3", "tt.book"), form.root);
    }
    form.root.querySelectorAll("button").forEach((b) => { b.disabled = state.busy; });
    form.out.replaceChildren(
      state.error ? h("p", { class: "error", role: "alert" }, state.error) : "",
      state.busy ? label("p", "tt.loading", { class: "muted" }) : "",
      resultView() ?? "");
    applyTo(card);
  };

  if (timetable?.pairings) {
    // the choices came with the dashboard
    state.pairings = timetable.pairings;
    state.term = pickTerm(timetable.terms ?? []);
  } else {
    load();
  }
  draw();
  return card;
}
