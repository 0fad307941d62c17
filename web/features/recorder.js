// Recording a live lesson in the main classroom (录播), so a good lesson becomes a resource. What is
// recorded is what the main classroom sends: its camera, or the screen while it is shared, and its
// microphone. A receiving room is added (a small picture along the bottom, its sound mixed in) only
// when the server marks its seat "recorded": its school has allowed it, since its pupils are minors
// (SECURITY.md); colleagues in a research session are adults and always are. The picture is drawn
// onto a 1280×720 canvas 15 times a second, so switching between camera and screen, or a room
// joining late, does not stop the recorder. Every 5 s the recorder's chunk goes into IndexedDB: a reload, a crash or a
// closed laptop loses at most those seconds. After the class the chunks go up with tus, resumable:
// the upload goes on from where it stopped, the next time the teacher opens Classbridge.
import { api } from "../api.js";
import { TusUpload } from "./library.js";

const DB_NAME = "classbridge-recordings";
const CHUNK_MS = 5000;
const FPS = 15;
/** The small pictures of the other rooms along the bottom: at most four, 16:9. */
const THUMBS = 4;
const THUMB_W = 256;
const THUMB_H = 144;

function open() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, 1);
    r.onupgradeneeded = () => {
      r.result.createObjectStore("recordings", { keyPath: "id" });
      r.result.createObjectStore("chunks", { keyPath: ["rec", "seq"] });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function run(store, mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const result = work(tx.objectStore(store));
      tx.oncomplete = () => resolve(result?.result ?? result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const save = (rec) => run("recordings", "readwrite", (s) => s.put(rec));

/** Recordings not yet uploaded (stopped, or left recording by a page that closed). */
export async function pending() {
  if (!window.indexedDB) return [];
  const all = await run("recordings", "readonly", (s) => s.getAll());
  return (all ?? []).filter((r) => r.state !== "done");
}

async function chunksOf(id) {
  const all = await run("chunks", "readonly",
    (s) => s.getAll(IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER])));
  return (all ?? []).sort((a, b) => a.seq - b.seq).map((c) => c.data);
}

function mimeType() {
  for (const m of ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm"]) {
    if (window.MediaRecorder?.isTypeSupported(m)) return m;
  }
  return "";
}

export class LessonRecorder {
  /**
   * @param source the video element showing what the classroom sends (camera or screen)
   * @param audio the microphone's track, if any
   * @param others the other rooms the recording may include, asked again on every frame: a list
   *     of {id, video, stream} (the room's video element and its incoming stream)
   */
  constructor(sessionId, source, audio, others = () => []) {
    this.sessionId = sessionId;
    this.source = source;
    this.audio = audio;
    this.others = others;
    this.included = new Set();
    this.writes = Promise.resolve();
  }

  /** Draws one picture into a box, kept in proportion, centred. */
  static fit(g, v, x, y, w, h) {
    if (!v.videoWidth || !v.videoHeight) return false;
    const scale = Math.min(w / v.videoWidth, h / v.videoHeight);
    const dw = v.videoWidth * scale;
    const dh = v.videoHeight * scale;
    g.drawImage(v, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
    return true;
  }

  /**
   * The sound: the microphone alone, or mixed with the included rooms' sound in an AudioContext
   * (a room that joins later is connected when it first shows up).
   */
  mixAudio() {
    const Ctx = window.AudioContext ?? window.webkitAudioContext;
    if (!Ctx) return this.audio;
    this.mixer = new Ctx();
    this.mixOut = this.mixer.createMediaStreamDestination();
    this.mixed = new Set();
    if (this.audio) this.mixer.createMediaStreamSource(new MediaStream([this.audio])).connect(this.mixOut);
    return this.mixOut.stream.getAudioTracks()[0];
  }

  /** Connects the sound of rooms not yet in the mix. */
  mixIn(rooms) {
    if (!this.mixer) return;
    for (const r of rooms) {
      for (const track of r.stream?.getAudioTracks() ?? []) {
        if (this.mixed.has(track.id)) continue;
        this.mixed.add(track.id);
        this.mixer.createMediaStreamSource(new MediaStream([track])).connect(this.mixOut);
      }
    }
  }

  static supported() {
    return Boolean(window.MediaRecorder && window.indexedDB && HTMLCanvasElement.prototype.captureStream);
  }

  async start() {
    this.canvas = document.createElement("canvas");
    this.canvas.width = 1280;
    this.canvas.height = 720;
    const g = this.canvas.getContext("2d");
    // a timer, not requestAnimationFrame: a hidden tab must go on recording
    this.painter = setInterval(() => {
      g.fillStyle = "#000";
      g.fillRect(0, 0, 1280, 720);
      const rooms = this.others().filter((r) => r.video?.videoWidth).slice(0, THUMBS);
      // with other rooms, the main picture leaves the bottom strip to them
      LessonRecorder.fit(g, this.source, 0, 0, 1280, rooms.length ? 720 - THUMB_H : 720);
      rooms.forEach((r, i) => {
        LessonRecorder.fit(g, r.video, 1280 - (i + 1) * THUMB_W, 720 - THUMB_H, THUMB_W, THUMB_H);
        this.included.add(r.id);
      });
      this.mixIn(rooms);
    }, 1000 / FPS);
    const stream = this.canvas.captureStream(FPS);
    const sound = this.mixAudio();
    if (sound) stream.addTrack(sound);
    this.rec = {
      id: crypto.randomUUID(), sessionId: this.sessionId, state: "recording", seq: 0,
      startedAt: new Date().toISOString(), mime: mimeType() || "video/webm",
    };
    await save(this.rec);
    this.recorder = new MediaRecorder(stream, {
      mimeType: mimeType() || undefined, videoBitsPerSecond: 1_200_000, audioBitsPerSecond: 64_000,
    });
    this.recorder.ondataavailable = (e) => {
      if (!e.data.size) return;
      const seq = this.rec.seq++;
      const rec = { ...this.rec };
      this.writes = this.writes.then(() => run("chunks", "readwrite", (s) => s.put({ rec: rec.id, seq, data: e.data })))
        .then(() => save(rec));
    };
    this.startedAt = Date.now();
    this.recorder.start(CHUNK_MS);
    return this.rec.id;
  }

  seconds() {
    return this.startedAt ? Math.floor((Date.now() - this.startedAt) / 1000) : 0;
  }

  /** Stops; resolves when the last chunk is stored. */
  stop() {
    return new Promise((resolve) => {
      this.recorder.onstop = async () => {
        clearInterval(this.painter);
        this.mixer?.close().catch(() => {});
        await this.writes;
        this.rec.state = "stopped";
        await save(this.rec);
        resolve(this.rec);
      };
      this.recorder.stop();
    });
  }
}

/**
 * Uploads one stored recording: the draft lesson is made once (its id kept), the tus upload is
 * created once (its location kept) and then resumed from where the server says it stands.
 */
export async function upload(rec, onProgress) {
  const chunks = await chunksOf(rec.id);
  if (!chunks.length) {
    rec.state = "done";
    await save(rec);
    return rec;
  }
  const file = new File(chunks, `lesson-${rec.startedAt.slice(0, 10)}.webm`, { type: "video/webm" });
  if (!rec.resourceId) {
    const made = await api("POST", `/sessions/${rec.sessionId}/recordings`, {});
    rec.resourceId = made.resourceId;
    rec.title = made.title;
    rec.state = "uploading";
    await save(rec);
  }
  const up = new TusUpload(file, rec.resourceId, onProgress);
  if (rec.location) {
    up.location = rec.location;
  } else {
    await up.create();
    rec.location = up.location;
    await save(rec);
  }
  if (await up.run()) {
    rec.state = "done";
    await save(rec);
    await run("chunks", "readwrite",
      (s) => s.delete(IDBKeyRange.bound([rec.id, 0], [rec.id, Number.MAX_SAFE_INTEGER])));
  }
  return rec;
}

/** Uploads every pending recording in turn; what became of each. */
export async function uploadPending(onProgress) {
  const out = [];
  for (const rec of await pending()) {
    if (rec.state === "recording") {
      // the page that recorded it closed without stopping: what was stored is the recording
      rec.state = "stopped";
      await save(rec);
    }
    try {
      out.push(await upload(rec, (done, total) => onProgress?.(rec, done, total)));
    } catch (e) {
      out.push({ ...rec, error: e });
    }
  }
  return out;
}
