// Media of a lesson video or audio: its conversion for low-bandwidth classrooms (progress as it
// happens, the reason when it fails, "try again" for its teachers) and the player, which plays the
// HLS ladder through hls.js (or the browser's own HLS) and starts on the lowest rung.
import { api, token } from "../api.js";
import { applyTo, messageOf, t } from "../i18n.js";
import { h, label } from "../dom.js";

/**
 * Follows the media events of a resource (server-sent events over fetch, so the bearer token goes
 * in a header, not the URL) until `signal` aborts: onStatus gets every status, onProgress every
 * progress report.
 */
export async function followMedia(id, { onStatus, onProgress }, signal) {
  const response = await fetch(`/api/v1/resources/${id}/media/events`, {
    headers: { Authorization: `Bearer ${token()}` }, signal,
  });
  if (!response.ok) throw new Error(response.statusText);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      if (!data) continue;
      const body = JSON.parse(data);
      if (event === "status") onStatus?.(body);
      else if (event === "progress") onProgress?.(body);
    }
  }
}

/**
 * Where a conversion stands, kept current until it is done (then `onReady` runs) or the element
 * leaves the page. Its teachers see "try again" when it failed.
 */
export function conversionPanel(id, { canEdit, onReady }) {
  const bar = h("progress", { max: 100, value: 0, "data-test": "media-progress" });
  const text = h("span", { role: "status", "data-test": "media-state" });
  const actions = h("span", { class: "inline" });
  const panel = h("div", { class: "inline media-panel", "data-test": "media-panel" }, bar, text, actions);
  const stop = new AbortController();
  const show = (s) => {
    if (!panel.isConnected && panel.dataset.started) { stop.abort(); return; }
    panel.dataset.started = "1";
    panel.dataset.state = s.state;
    actions.replaceChildren();
    if (s.ready) {
      bar.value = 100;
      text.textContent = t("media.ready");
      stop.abort();
      onReady?.(s);
    } else if (s.state === "failed" || s.state === "cancelled") {
      bar.hidden = true;
      const failure = s.job?.failure;
      text.textContent = `${t(`media.${s.state}`)}${failure ? `: ${failure.detail}` : ""}`;
      if (canEdit && s.state === "failed") {
        actions.append(h("button", { type: "button", "data-test": "media-retry", onclick: async () => {
          try { show(await api("POST", `/resources/${id}/media/retry`)); } catch (e) { text.textContent = messageOf(e); }
        } }, label("span", "action.retry")));
      }
    } else {
      bar.hidden = false;
      bar.value = Math.round(100 * (s.job?.progress ?? 0));
      text.textContent = t(s.state === "running" ? "media.converting" : "media.queued");
    }
    applyTo(actions);
  };
  const progress = (p) => {
    bar.hidden = false;
    bar.value = Math.round(100 * p.progress);
    panel.dataset.stage = p.stage;
    text.textContent = `${t("media.converting")} ${p.stage === "probe" || p.stage === "publish" ? "" : p.stage} ${bar.value}%`;
  };
  // a panel that left the page (the list redrawn, a logout) stops listening
  const watch = setInterval(() => {
    if (panel.dataset.started && !panel.isConnected) { stop.abort(); clearInterval(watch); }
  }, 3000);
  stop.signal.addEventListener("abort", () => clearInterval(watch));
  followMedia(id, { onStatus: show, onProgress: progress }, stop.signal).catch((e) => {
    if (e.name !== "AbortError") text.textContent = messageOf(e);
  });
  return panel;
}

/** True when the link is known to be slow (the Network Information API, where there is one). */
function slowLink() {
  const c = navigator.connection;
  return !!c && (c.saveData || ["slow-2g", "2g", "3g"].includes(c.effectiveType) || (c.downlink > 0 && c.downlink < 1.5));
}

/**
 * A player for a converted resource: the HLS ladder with poster, captions (a track per language)
 * and chapters. hls.js starts on the lowest rung and climbs as the link allows (a pupil on a
 * pastoral school's shared 2 Mbit/s link sees picture at once, not a spinner); a quality menu lets
 * a teacher hold one rung. Returns the element and a function that releases the player.
 */
export async function hlsPlayer(status, audioOnly) {
  const links = status.links;
  const media = h(audioOnly ? "audio" : "video", {
    controls: true, preload: "metadata", playsinline: true, "data-test": "lib-player",
    poster: links.poster ?? "", style: "max-width: 100%",
  });
  for (const [lang, url] of Object.entries(links.captions ?? {})) {
    media.append(h("track", { kind: "subtitles", srclang: lang, src: url, label: t(`lang.${lang}`) }));
  }
  if (links.chapters) media.append(h("track", { kind: "chapters", src: links.chapters, default: true }));
  const quality = h("select", { "data-test": "media-quality", "aria-label": t("media.quality") });
  const shell = h("div", { class: "player" }, media);
  let hls = null;
  // hls.js wherever Media Source Extensions exist (the same start-low ABR and quality menu in
  // every browser); the browser's own HLS only where they do not (Safari on iPhone)
  const mse = "MediaSource" in window || "ManagedMediaSource" in window;
  const Hls = mse ? (await import("../vendor/hls/hls.light.min.js")).default : null;
  if (Hls?.isSupported()) {
    // no worker: the page's CSP allows scripts from our origin only, not blob: workers
    hls = new Hls({ enableWorker: false, startLevel: 0, capLevelToPlayerSize: !slowLink(),
      abrEwmaDefaultEstimate: slowLink() ? 250_000 : 500_000 });
    hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => {
      quality.replaceChildren(h("option", { value: "-1" }, t("media.auto")),
        ...data.levels.map((l, i) => h("option", { value: String(i) }, l.height ? `${l.height}p` : t("media.audioOnly"))));
      shell.append(quality);
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => { shell.dataset.level = String(data.level); });
    hls.on(Hls.Events.FRAG_BUFFERED, () => { shell.dataset.buffered = "1"; });
    hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) shell.dataset.error = data.details; });
    quality.addEventListener("change", () => { hls.currentLevel = Number(quality.value); });
    hls.loadSource(links.hls);
    hls.attachMedia(media);
    shell.dataset.engine = "hls.js";
  } else if (media.canPlayType("application/vnd.apple.mpegurl")) {
    media.src = links.hls;
    shell.dataset.engine = "native";
  } else {
    throw new Error(t("media.unsupported"));
  }
  const pack = h("button", { type: "button", class: "link", "data-test": "media-pack", onclick: () => savePack(links.pack, pack) },
    label("span", "media.pack"));
  shell.append(pack);
  return { element: shell, media, destroy: () => hls?.destroy() };
}

/** Downloads the offline pack (one zip with a manifest) under its own name. */
async function savePack(path, button) {
  button.disabled = true;
  try {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}` } });
    if (!response.ok) throw new Error((await response.json()).detail);
    const url = URL.createObjectURL(await response.blob());
    const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "classbridge.zip";
    const a = h("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    button.after(h("span", { class: "error" }, messageOf(e)));
  } finally {
    button.disabled = false;
  }
}
