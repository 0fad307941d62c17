// The live classroom (专递课堂 / 同步课堂): a browser mesh between the main classroom and up to
// three receiving classrooms, signalled over the EventBus bridge. The server decides who may be
// here and writes every message's "from"; this page only follows the vocabulary (README, Live
// classroom): the smaller endpoint id offers, a receiving classroom asks for the teacher only,
// and a classroom that drops comes back with fresh offers.
import { api, token } from "../api.js";
import { applyTo, messageOf, t } from "../i18n.js";
import { h, label } from "../dom.js";

const PING_MS = 5000;
const QUALITY_MS = 2000;
const RECONNECT_MS = [500, 1000, 2000, 3000];
/** An offer not connected after this is made again (a lost message, a page that reloaded). */
const NEGOTIATION_MS = 15000;

/** The server's close codes: the page stops on these instead of reconnecting. */
const FINAL_CLOSES = { 4000: "displaced", 4001: "closed", 4003: "refused", 4008: "refused" };

/**
 * Opens the class page for a session, or says why it cannot be opened. Returns a function that
 * leaves the class (camera and microphone off, connection closed), for when the page moves on.
 */
export async function showClassroom(main, sessionId, onLeave, deviceToken = null) {
  const page = h("section", { class: "classroom", "data-test": "classroom" });
  main.replaceChildren(page);
  const back = h("button", { type: "button", "data-test": "live-leave", onclick: () => leave() },
    label("span", "live.leave"));
  let room = null;
  const leave = () => {
    room?.stop();
    onLeave();
  };
  let join;
  try {
    // a classroom's own PC opens the class with a device link, not with anybody's login
    join = deviceToken
      ? await api("POST", "/live/device-join", { token: deviceToken })
      : await api("GET", `/sessions/${sessionId}/join`);
  } catch (e) {
    page.append(h("div", { class: "card", role: "alert", "data-test": "live-refused", "data-code": e.code ?? "" },
      h("p", { class: "error" }, messageOf(e)), back));
    applyTo(page);
    return () => {};
  }
  if (join.topology === "jitsi") {
    page.append(h("div", { class: "card", "data-test": "live-jitsi" },
      h("h2", {}, heading(join)),
      label("p", "live.jitsiExplain"),
      h("p", {}, h("a", { href: join.jitsi.link, target: "_blank", rel: "noopener", class: "primary button",
        "data-test": "live-jitsi-link" }, label("span", "live.jitsiOpen"))),
      back));
    applyTo(page);
    return () => {};
  }
  room = new LiveRoom(join, page, back);
  await room.start();
  return () => room.stop();
}

function heading(join) {
  return `${t(`subject.${join.subject}`)}${join.title ? `：${join.title}` : ""} · ${join.teacherName}`;
}

/** The bridge's JSON frames over a plain WebSocket, with pings and reconnects. */
class Bridge {
  constructor(join, onMessage, onState) {
    this.join = join;
    this.onMessage = onMessage;
    this.onState = onState;
    this.stopped = false;
    this.attempt = 0;
  }

  open() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}${this.join.bridge.websocket}`);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      const headers = { authorization: this.join.bridge.authorization ?? `Bearer ${token()}` };
      // the room first: the roster comes on the inbox as soon as that is registered
      this.frame({ type: "register", address: this.join.bridge.room, headers });
      this.frame({ type: "register", address: this.join.bridge.inbox, headers });
      this.pinger = setInterval(() => this.frame({ type: "ping" }), PING_MS);
      this.onState("open");
    };
    ws.onmessage = (event) => {
      const text = typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data);
      let frame;
      try {
        frame = JSON.parse(text);
      } catch {
        return;
      }
      if (frame.type === "rec") this.onMessage(frame.body, frame.address);
      else if (frame.type === "err") this.onState("refused-frame", frame.body);
    };
    ws.onclose = (event) => {
      clearInterval(this.pinger);
      if (this.stopped) return;
      if (FINAL_CLOSES[event.code]) {
        this.stopped = true;
        this.onState(FINAL_CLOSES[event.code]);
        return;
      }
      this.onState("reconnecting");
      const wait = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)];
      this.timer = setTimeout(() => this.open(), wait);
    };
  }

  frame(f) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(f));
  }

  send(body) {
    this.frame({ type: "send", address: this.join.bridge.send, body: { v: 1, ...body } });
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    this.ws?.close();
  }
}

/** One classroom's page in a live session. */
class LiveRoom {
  constructor(join, page, back) {
    this.join = join;
    this.me = join.endpointId;
    this.page = page;
    this.back = back;
    this.peers = new Map(); // endpointId -> {pc, sid, tile, pending[], ...}
    this.roster = new Map(); // endpointId -> roster entry
    this.hands = new Set();
    this.spotlight = null;
    this.lastN = join.constraints.lastN ?? -1;
    this.constraints = join.constraints; // what this classroom asks to receive
    this.wishes = new Map(); // endpointId -> the constraints it sent (what it wants from us)
    this.mode = "normal"; // normal | low (180p) | audio
    this.muted = join.part !== "main"; // receiving rooms start muted, as on Jitsi
    this.local = null;
    this.screen = null;
  }

  async start() {
    this.draw();
    if (this.join.part !== "observer") {
      try {
        this.local = await navigator.mediaDevices.getUserMedia({
          audio: true,
          video: { height: { ideal: this.join.part === "main" ? 720 : 360 } },
        });
        this.local.getAudioTracks().forEach((tr) => { tr.enabled = !this.muted; });
        this.preview.srcObject = this.local;
      } catch (e) {
        this.note(t("live.noCamera"));
      }
    }
    this.bridge = new Bridge(this.join, (body) => this.onMessage(body), (state, why) => this.onBridge(state, why));
    this.bridge.open();
    this.quality = setInterval(() => this.measure(), QUALITY_MS);
  }

  stop() {
    this.stopped = true;
    // a recording still running keeps what it stored; the dashboard uploads it
    if (this.recorder) this.recorder.stop().catch(() => {});
    clearInterval(this.recordTimer);
    clearInterval(this.quality);
    for (const id of [...this.peers.keys()]) this.closePeer(id, true);
    this.bridge?.close();
    this.local?.getTracks().forEach((tr) => tr.stop());
    this.screen?.getTracks().forEach((tr) => tr.stop());
  }

  // --- drawing

  draw() {
    const j = this.join;
    this.banner = h("div", { class: "banner", role: "status", hidden: true, "data-test": "live-banner" });
    this.status = h("p", { class: "muted", "data-test": "live-status" });
    this.stage = h("div", { class: "stage", "data-test": "live-stage" });
    this.strip = h("div", { class: "strip", "data-test": "live-strip" });
    this.preview = h("video", { autoplay: true, playsinline: true, muted: true, class: "preview", "data-test": "live-preview" });
    this.preview.muted = true;
    this.rosterList = h("ul", { class: "roster", "data-test": "live-roster" });
    this.indicator = h("span", { class: "quality", "data-test": "live-quality", "data-quality": "unknown" });
    const controls = h("div", { class: "controls" });
    if (j.part !== "observer") {
      this.muteButton = h("button", { type: "button", "data-test": "live-mute", onclick: () => this.toggleMute() });
      controls.append(this.muteButton);
    }
    if (j.part === "receiver") {
      controls.append(h("button", { type: "button", "data-test": "live-hand", onclick: () => this.raiseHand() },
        label("span", "live.raiseHand")));
    }
    if (j.part === "main") {
      controls.append(h("button", { type: "button", "data-test": "live-share", onclick: () => this.toggleShare() },
        label("span", "live.share")));
    }
    if (j.part === "main" && !j.device && window.MediaRecorder) {
      // 录播: the teacher's own page records what the main classroom sends (recorder.js)
      this.recordButton = h("button", { type: "button", "data-test": "live-record", onclick: () => this.toggleRecord() },
        label("span", "live.record"));
      this.recordState = h("span", { class: "muted", role: "status", "data-test": "live-record-state" });
      controls.append(this.recordButton, this.recordState);
    }
    if (j.part !== "main") {
      const modes = h("select", { "data-test": "live-mode", onchange: (e) => this.setMode(e.target.value) },
        ["normal", "low", "audio"].map((m) => h("option", { value: m, "data-i18n": `live.mode.${m}` })));
      controls.append(label("span", "live.modeLabel"), " ", modes);
    }
    // a classroom's device link: a colleague in a research session sits at their own computer
    if (j.part !== "observer" && !j.device && (j.part === "main" || j.classroomId)) {
      this.deviceOut = h("div", { class: "device-link", "data-test": "live-device-out" });
      controls.append(h("button", { type: "button", "data-test": "live-device-link", onclick: () => this.deviceLink() },
        label("span", "live.deviceLink")));
    }
    controls.append(this.back);
    if (j.part === "observer" && !j.device) this.notes = this.notesPanel();
    const resources = h("ul", { class: "resources", "data-test": "live-resources" });
    this.page.replaceChildren(
      h("h2", {}, heading(j)),
      h("p", { class: "muted" }, `${j.displayName} · `, label("span", `live.part.${j.part === "receiver" && !j.classroomId ? "colleague" : j.part}`), " ",
        this.indicator),
      this.banner,
      h("div", { class: "live-grid" },
        h("div", { class: "live-main" }, this.stage, this.strip),
        h("aside", { class: "live-side" },
          this.preview,
          controls,
          this.deviceOut ?? null,
          this.notes ?? null,
          label("h3", "live.roster"), this.rosterList,
          j.resources.length ? label("h3", "live.resources") : null, resources,
          this.status)),
    );
    this.drawControls();
    this.drawRoster();
    applyTo(this.page);
    // the linked lesson resources, by title (a device has no account to read them with)
    for (const id of j.device ? [] : j.resources) {
      api("GET", `/resources/${id}`).then((r) => resources.append(h("li", { "data-test": "live-resource" }, r.title)))
        .catch(() => {});
    }
  }

  /** An observer's notes (听课记录): each at the moment of the class it is written. */
  notesPanel() {
    const list = h("ol", { class: "critique-items", "data-test": "live-notes" });
    // the criteria are the rubric the observer's studio chose (the server says which)
    const criterion = h("select", { "data-test": "live-note-criterion" }, h("option", { value: "" }, "—"));
    const rubric = (ids) => {
      if (criterion.options.length > 1) return;
      criterion.append(...ids.map((r) => h("option", { value: r }, t(`crit.${r}`))));
    };
    const score = h("select", { "data-test": "live-note-score" },
      h("option", { value: "" }, "—"), [1, 2, 3, 4, 5].map((n) => h("option", { value: String(n) }, String(n))));
    const text = h("input", { maxlength: 4000, "data-test": "live-note-text" });
    const status = h("span", { role: "status" });
    const draw = (data) => (rubric(data.rubric), list.replaceChildren(...data.items.map((n) => h("li", { "data-test": "live-note" },
      `${String(Math.floor(n.atSecond / 60)).padStart(2, "0")}:${String(n.atSecond % 60).padStart(2, "0")} `,
      h("strong", {}, n.author.displayName ?? ""),
      n.criterion ? h("small", { class: "muted" }, ` · ${t(`crit.${n.criterion}`)}${n.score ? ` ${n.score}/5` : ""}`) : "",
      ` · ${n.body}`))));
    api("GET", `/sessions/${this.join.sessionId}/observations`).then(draw).catch(() => {});
    const add = h("button", { type: "button", "data-test": "live-note-add", onclick: async () => {
      const body = { body: text.value.trim() };
      if (criterion.value) body.criterion = criterion.value;
      if (criterion.value && score.value) body.score = Number(score.value);
      try {
        draw(await api("POST", `/sessions/${this.join.sessionId}/observations`, body));
        text.value = "";
        status.textContent = "";
      } catch (e) {
        status.textContent = messageOf(e);
      }
    } }, label("span", "live.noteAdd"));
    return h("div", { class: "notes", "data-test": "live-notes-panel" }, label("h3", "live.notes"),
      h("div", { class: "inline" }, criterion, score), text, add, status, list);
  }

  drawControls() {
    if (this.muteButton) {
      this.muteButton.replaceChildren(label("span", this.muted ? "live.unmute" : "live.mute"));
      this.muteButton.dataset.muted = String(this.muted);
      applyTo(this.muteButton);
    }
  }

  drawRoster() {
    const items = [];
    for (const e of this.join.endpoints) {
      const entry = this.roster.get(e.endpointId);
      const state = e.endpointId === this.me ? "present" : entry?.state ?? "absent";
      const peer = this.peers.get(e.endpointId);
      const li = h("li", {
        "data-test": "live-roster-entry", "data-endpoint": e.endpointId, "data-state": state,
        "data-quality": peer?.quality ?? "unknown",
      },
      h("span", { class: `dot ${state}` }), " ", e.displayName,
      e.endpointId === this.me ? h("span", { class: "muted", "data-i18n": "live.you" }) : null,
      this.hands.has(e.endpointId) ? h("span", { class: "hand", "data-test": "live-hand-raised", title: t("live.handRaised") }, " ✋") : null);
      if (this.join.part === "main" && e.endpointId !== this.me && state === "present") {
        li.append(" ",
          h("button", { type: "button", class: "link", "data-test": "live-spotlight", onclick: () => this.spotlightOn(e.endpointId) },
            label("span", "live.spotlight")),
          " ",
          h("button", { type: "button", class: "link", "data-test": "live-ask-mute", onclick: () => this.askMute(e.endpointId) },
            label("span", "live.askMute")));
      }
      items.push(li);
    }
    this.rosterList.replaceChildren(...items);
    applyTo(this.rosterList);
  }

  /** The big picture: the spotlit classroom, else the teacher; everyone else in the strip. */
  layout() {
    const large = this.spotlight && this.peers.has(this.spotlight) ? this.spotlight : this.join.teacherEndpoint;
    for (const [id, peer] of this.peers) {
      // an observer (听课) watches: no tile, so nobody in a classroom sees them as a participant
      if (id.startsWith("o-")) {
        peer.tile.remove();
        continue;
      }
      const hidden = this.lastN === 1 && id !== this.join.teacherEndpoint && id !== this.spotlight;
      peer.tile.classList.toggle("video-off", hidden || this.mode === "audio");
      (id === large ? this.stage : this.strip).append(peer.tile);
    }
  }

  note(text) {
    this.status.textContent = text;
  }

  onBridge(state, why) {
    if (state === "open") {
      this.banner.hidden = true;
    } else if (state === "reconnecting") {
      this.banner.hidden = false;
      this.banner.replaceChildren(label("span", "live.reconnecting"));
      applyTo(this.banner);
    } else if (state === "displaced" || state === "closed" || state === "refused") {
      // the server ended this page's place in the room: stop the camera and every connection
      this.banner.hidden = false;
      this.banner.dataset.state = state;
      this.banner.replaceChildren(label("span", `live.ended.${state}`));
      applyTo(this.banner);
      this.stop();
    } else if (state === "refused-frame") {
      this.note(`${t("live.refused")} (${why})`);
    }
  }

  // --- messages

  onMessage(body) {
    if (!body) return;
    if (body.type === "roster") return this.onRoster(body.endpoints);
    if (body.type === "presence") return this.onPresence(body.state, body.endpoint);
    if (body.type === "error") return this.note(`${t("live.error")}: ${body.condition} ${body.text ?? ""}`);
    if (body.action) return this.onJingle(body);
    if (body.colibriClass) return this.onControl(body);
  }

  onRoster(endpoints) {
    this.roster.clear();
    for (const e of endpoints) if (e.endpointId !== this.me) this.roster.set(e.endpointId, e);
    // after a reconnect every old peer connection is stale: the server forgot their sessions
    for (const id of [...this.peers.keys()]) this.closePeer(id, false);
    for (const e of endpoints) if (e.endpointId !== this.me && e.state === "present") this.ensurePeer(e.endpointId);
    this.sendWishes();
    this.drawRoster();
  }

  onPresence(state, entry) {
    const id = entry.endpointId;
    if (id === this.me) return;
    if (state === "left") this.roster.delete(id);
    else this.roster.set(id, entry);
    if (state === "away") {
      this.peers.get(id)?.tile.classList.add("away");
    } else if (state === "left") {
      this.closePeer(id, false);
      this.hands.delete(id);
    } else {
      // joined or back: a fresh negotiation, offered by the smaller id
      this.closePeer(id, false);
      this.ensurePeer(id);
      this.sendWishes();
    }
    this.drawRoster();
  }

  sendWishes() {
    const c = { ...this.constraints };
    const teacherSource = `${this.join.teacherEndpoint}-v0`;
    if (this.join.part !== "main") {
      const height = this.mode === "audio" ? 0 : this.mode === "low" ? 180
        : c.constraints?.[teacherSource]?.maxHeight ?? 360;
      c.constraints = { ...(c.constraints ?? {}), [teacherSource]: { maxHeight: Math.min(height, this.mode === "normal" ? 720 : height) } };
      if (this.spotlight && this.spotlight !== this.join.teacherEndpoint) {
        c.onStageSources = [teacherSource, `${this.spotlight}-v0`];
        c.constraints[`${this.spotlight}-v0`] = { maxHeight: this.mode === "audio" ? 0 : 180 };
      }
    }
    this.bridge.send({ colibriClass: "ReceiverVideoConstraints", ...c });
  }

  onControl(m) {
    switch (m.colibriClass) {
      case "LastNChangedEvent":
        this.lastN = m.lastN;
        this.layout();
        break;
      case "DominantSpeakerEndpointChangeEvent":
        this.spotlight = m.dominantSpeakerEndpoint;
        this.stage.dataset.spotlight = this.spotlight;
        this.layout();
        this.sendWishes();
        break;
      case "ReceiverVideoConstraints":
        if (m.from !== this.me) {
          this.wishes.set(m.from, m);
          this.applyWish(m.from);
        }
        break;
      case "EndpointMessage": {
        const type = m.payload?.type;
        if (type === "raise-hand") this.hands.add(m.from);
        if (type === "lower-hand") this.hands.delete(m.from);
        if (type === "mute" && !this.muted) {
          this.toggleMute();
          this.note(t("live.mutedByTeacher"));
        }
        this.drawRoster();
        break;
      }
      default:
    }
  }

  /** Sends a peer the video it asked for: at most its maxHeight of our camera, or none. */
  async applyWish(id) {
    const wish = this.wishes.get(id);
    const peer = this.peers.get(id);
    if (!wish || !peer) return;
    const mine = `${this.me}-v0`;
    let height = wish.constraints?.[mine]?.maxHeight;
    if (height === undefined) {
      height = (wish.onStageSources ?? []).includes(mine) ? 720 : wish.defaultConstraints?.maxHeight ?? 720;
    }
    if (wish.lastN === 0) height = 0;
    // a room on low bandwidth also sends its own camera small: its uplink is as weak as its downlink
    if (this.mode === "low") height = Math.min(height, 180);
    const sender = peer.pc.getSenders().find((s) => s.track?.kind === "video");
    const track = sender?.track;
    if (!sender || !track) return;
    const have = track.getSettings().height || 720;
    const params = sender.getParameters();
    if (!params.encodings || params.encodings.length === 0) return;
    params.encodings[0].active = height > 0;
    if (height > 0) params.encodings[0].scaleResolutionDownBy = Math.max(1, have / height);
    peer.sentHeight = height;
    peer.tile.dataset.sentHeight = String(height);
    try {
      await sender.setParameters(params);
    } catch {
      // a sender mid-negotiation refuses; the next wish or renegotiation applies it
    }
  }

  // --- peers

  ensurePeer(id) {
    if (this.peers.has(id)) return;
    if (this.me < id) this.initiate(id);
  }

  newPeer(id, sid) {
    const pc = new RTCPeerConnection({
      iceServers: this.join.iceServers,
      iceTransportPolicy: this.join.iceTransportPolicy,
    });
    const video = h("video", { autoplay: true, playsinline: true });
    const entry = this.join.endpoints.find((e) => e.endpointId === id);
    const tile = h("figure", { class: "tile", "data-test": "live-tile", "data-endpoint": id },
      video, h("figcaption", {}, entry?.displayName ?? id));
    const peer = { id, sid, pc, tile, video, pending: [], candidates: [], quality: "unknown" };
    this.peers.set(id, peer);
    if (this.local) {
      for (const track of this.local.getTracks()) pc.addTrack(this.screen && track.kind === "video" ? this.screen.getVideoTracks()[0] : track, this.local);
    } else {
      pc.addTransceiver("audio", { direction: "recvonly" });
      pc.addTransceiver("video", { direction: "recvonly" });
    }
    pc.ontrack = (event) => {
      video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    };
    pc.onicecandidate = (event) => {
      if (!event.candidate || !event.candidate.candidate) return;
      peer.candidates.push({
        candidate: event.candidate.candidate,
        sdpMid: event.candidate.sdpMid,
        sdpMLineIndex: event.candidate.sdpMLineIndex,
      });
      // candidates trickle in bursts: one message per burst, not one per candidate
      if (!peer.flush) {
        peer.flush = setTimeout(() => {
          peer.flush = null;
          const batch = peer.candidates.splice(0);
          if (batch.length) this.bridge.send({ action: "transport-info", sid: peer.sid, to: id, candidates: batch });
        }, 50);
      }
    };
    // an offer that does not connect is made again by the side that offers
    peer.watchdog = setTimeout(() => {
      if (this.peers.get(id) === peer && pc.connectionState !== "connected" && this.me < id) {
        this.closePeer(id, true);
        this.initiate(id);
      }
    }, NEGOTIATION_MS);
    pc.onconnectionstatechange = () => {
      tile.dataset.connection = pc.connectionState;
      if (pc.connectionState === "connected") tile.classList.remove("away");
      if (pc.connectionState === "failed") {
        // the offering side restarts ICE; the other one asks it to (Jingle session-info)
        if (this.me < id) this.restartIce(peer);
        else this.bridge.send({ action: "session-info", sid: peer.sid, to: id, restart: true });
      }
    };
    this.layout();
    return peer;
  }

  sources() {
    if (!this.local) return [];
    const out = [];
    if (this.local.getAudioTracks().length) out.push({ name: `${this.me}-a0`, mediaType: "audio" });
    if (this.local.getVideoTracks().length) out.push({ name: `${this.me}-v0`, mediaType: "video" });
    return out;
  }

  async initiate(id) {
    if (this.stopped) return;
    const sid = `${this.me}-${id}-${Math.random().toString(36).slice(2, 10)}`;
    const peer = this.newPeer(id, sid);
    try {
      const offer = await peer.pc.createOffer();
      await peer.pc.setLocalDescription(offer);
      this.bridge.send({ action: "session-initiate", sid, to: id, sdp: offer.sdp, ...this.sourcesField() });
    } catch (e) {
      this.note(`${t("live.error")}: ${e.message}`);
    }
  }

  /** The sources field of an offer or answer: left out when this page sends no media. */
  sourcesField() {
    const sources = this.sources();
    return sources.length ? { sources } : {};
  }

  async restartIce(peer) {
    try {
      const offer = await peer.pc.createOffer({ iceRestart: true });
      await peer.pc.setLocalDescription(offer);
      this.bridge.send({ action: "transport-info", sid: peer.sid, to: peer.id, sdp: offer.sdp });
    } catch {
      // closed meanwhile
    }
  }

  async onJingle(m) {
    const from = m.from;
    try {
      if (m.action === "session-initiate") {
        this.closePeer(from, false);
        const peer = this.newPeer(from, m.sid);
        await peer.pc.setRemoteDescription({ type: "offer", sdp: m.sdp });
        await this.drain(peer);
        const answer = await peer.pc.createAnswer();
        await peer.pc.setLocalDescription(answer);
        this.bridge.send({ action: "session-accept", sid: m.sid, to: from, sdp: answer.sdp, ...this.sourcesField() });
        this.applyWish(from);
        return;
      }
      const peer = this.peers.get(from);
      if (!peer || peer.sid !== m.sid) return;
      if (m.action === "session-accept") {
        await peer.pc.setRemoteDescription({ type: "answer", sdp: m.sdp });
        await this.drain(peer);
        this.applyWish(from);
      } else if (m.action === "transport-info") {
        if (m.sdp) {
          // an ICE restart: an offer from the initiator, or the answer to ours
          if (peer.pc.signalingState === "have-local-offer") {
            await peer.pc.setRemoteDescription({ type: "answer", sdp: m.sdp });
          } else {
            await peer.pc.setRemoteDescription({ type: "offer", sdp: m.sdp });
            const answer = await peer.pc.createAnswer();
            await peer.pc.setLocalDescription(answer);
            this.bridge.send({ action: "transport-info", sid: m.sid, to: from, sdp: answer.sdp });
          }
        }
        for (const c of m.candidates ?? []) {
          if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(c);
          else peer.pending.push(c);
        }
      } else if (m.action === "session-info") {
        if (m.restart && this.me < from) this.restartIce(peer);
      } else if (m.action === "session-terminate") {
        this.closePeer(from, false);
      }
    } catch (e) {
      this.note(`${t("live.error")}: ${e.message}`);
    }
  }

  async drain(peer) {
    for (const c of peer.pending.splice(0)) await peer.pc.addIceCandidate(c);
  }

  closePeer(id, tell) {
    const peer = this.peers.get(id);
    if (!peer) return;
    this.peers.delete(id);
    if (tell) this.bridge?.send({ action: "session-terminate", sid: peer.sid, to: id, reason: { condition: "success" } });
    clearTimeout(peer.flush);
    clearTimeout(peer.watchdog);
    peer.pc.close();
    peer.tile.remove();
  }

  // --- controls

  /** A link for this classroom's own PC: it opens this class there without anyone's login. */
  async deviceLink() {
    try {
      const r = await api("POST", `/sessions/${this.join.sessionId}/device-links`, {});
      const url = `${location.origin}/${r.path.replace(/^\//, "")}`;
      this.deviceOut.replaceChildren(
        label("p", "live.deviceLinkHelp", { class: "muted" }),
        h("input", { type: "text", readonly: true, value: url, "data-test": "live-device-url", size: 40 }));
      applyTo(this.deviceOut);
    } catch (e) {
      this.deviceOut.replaceChildren(h("p", { class: "error" }, messageOf(e)));
    }
  }

  toggleMute() {
    this.muted = !this.muted;
    this.local?.getAudioTracks().forEach((tr) => { tr.enabled = !this.muted; });
    this.drawControls();
  }

  raiseHand() {
    this.bridge.send({ colibriClass: "EndpointMessage", to: this.join.teacherEndpoint, payload: { type: "raise-hand" } });
    this.note(t("live.handSent"));
  }

  spotlightOn(id) {
    const next = this.spotlight === id ? this.join.teacherEndpoint : id;
    this.bridge.send({ colibriClass: "DominantSpeakerEndpointChangeEvent", dominantSpeakerEndpoint: next });
    this.hands.delete(id);
  }

  askMute(id) {
    this.bridge.send({ colibriClass: "EndpointMessage", to: id, payload: { type: "mute" } });
  }

  setMode(mode) {
    this.mode = mode;
    this.local?.getVideoTracks().forEach((tr) => { tr.enabled = mode !== "audio"; });
    for (const id of this.peers.keys()) this.applyWish(id);
    this.sendWishes();
    this.layout();
  }

  async toggleRecord() {
    const { LessonRecorder, upload } = await import("./recorder.js");
    if (!this.recorder) {
      if (!LessonRecorder.supported()) {
        this.recordState.textContent = t("live.recordUnsupported");
        return;
      }
      // the rooms the server lets a recording include (a receiving room only if its school allows)
      const recorded = new Set(this.join.endpoints.filter((e) => e.recorded).map((e) => e.endpointId));
      const others = () => [...this.peers.values()]
        .filter((p) => recorded.has(p.id) && p.pc.connectionState === "connected")
        .map((p) => ({ id: p.id, video: p.video, stream: p.video.srcObject }));
      this.recorder = new LessonRecorder(this.join.sessionId, this.preview, this.local?.getAudioTracks()[0] ?? null, others);
      await this.recorder.start();
      this.recordButton.dataset.recording = "true";
      this.recordButton.replaceChildren(label("span", "live.recordStop"));
      this.recordTimer = setInterval(() => {
        const s = this.recorder.seconds();
        this.recordState.textContent = `● ${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
        // which other rooms are in the recording so far (none unless their schools allow it)
        this.recordState.dataset.included = [...this.recorder.included].join(" ");
      }, 1000);
      applyTo(this.recordButton);
      return;
    }
    clearInterval(this.recordTimer);
    this.recordButton.disabled = true;
    const rec = await this.recorder.stop();
    this.recorder = null;
    this.recordButton.dataset.recording = "false";
    this.recordButton.replaceChildren(label("span", "live.record"));
    this.recordButton.disabled = false;
    applyTo(this.recordButton);
    this.recordState.textContent = t("live.recordSaved");
    try {
      await upload(rec, (done, total) => {
        this.recordState.textContent = `${t("live.recordUploading")} ${Math.floor((100 * done) / total)}%`;
      });
      this.recordState.textContent = t("live.recordUploaded");
      this.recordState.dataset.state = "uploaded";
    } catch {
      // kept in this browser: the upload resumes the next time the teacher opens Classbridge
      this.recordState.textContent = t("live.recordLater");
      this.recordState.dataset.state = "pending";
    }
  }

  async toggleShare() {
    const camera = this.local?.getVideoTracks()[0] ?? null;
    if (this.screen) {
      this.screen.getTracks().forEach((tr) => tr.stop());
      this.screen = null;
      for (const p of this.peers.values()) {
        p.pc.getSenders().find((s) => s.track?.kind === "video")?.replaceTrack(camera);
      }
      this.preview.srcObject = this.local;
      return;
    }
    try {
      this.screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
    } catch {
      return;
    }
    const track = this.screen.getVideoTracks()[0];
    track.onended = () => { if (this.screen) this.toggleShare(); };
    for (const p of this.peers.values()) {
      p.pc.getSenders().find((s) => s.track?.kind === "video")?.replaceTrack(track);
    }
    this.preview.srcObject = this.screen;
  }

  /** Bytes, loss and round trip per peer: the quality dots, and what the tests read. */
  async measure() {
    let worst = "unknown";
    const rank = { unknown: 0, good: 1, fair: 2, poor: 3 };
    for (const peer of this.peers.values()) {
      let bytes = 0;
      let lost = 0;
      let packets = 0;
      let rtt = null;
      let relay = false;
      try {
        const stats = await peer.pc.getStats();
        const byId = new Map();
        stats.forEach((s) => byId.set(s.id, s));
        stats.forEach((s) => {
          if (s.type === "inbound-rtp") {
            bytes += s.bytesReceived ?? 0;
            lost += s.packetsLost ?? 0;
            packets += s.packetsReceived ?? 0;
          }
          if (s.type === "candidate-pair" && s.state === "succeeded" && s.nominated) {
            rtt = s.currentRoundTripTime ?? rtt;
            relay = byId.get(s.localCandidateId)?.candidateType === "relay" || relay;
          }
        });
      } catch {
        continue;
      }
      const loss = packets + lost > 0 ? lost / (packets + lost) : 0;
      const quality = peer.pc.connectionState !== "connected" ? "poor"
        : loss > 0.05 || (rtt ?? 0) > 0.4 ? "poor"
          : loss > 0.01 || (rtt ?? 0) > 0.15 ? "fair" : "good";
      peer.quality = quality;
      peer.tile.dataset.bytesReceived = String(bytes);
      peer.tile.dataset.quality = quality;
      peer.tile.dataset.relay = String(relay);
      if (rank[quality] > rank[worst]) worst = quality;
    }
    this.indicator.dataset.quality = worst;
    this.indicator.textContent = t(`live.quality.${worst}`);
    this.drawRoster();
  }
}
