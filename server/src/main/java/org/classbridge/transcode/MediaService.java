package org.classbridge.transcode;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.blob.BlobStore;
import org.classbridge.blob.StoredBlob;
import org.classbridge.catalogue.Catalogue;
import org.classbridge.catalogue.Resource;
import org.classbridge.catalogue.ResourceKind;
import org.classbridge.catalogue.SignedLinks;
import org.classbridge.common.Language;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.media.MediaException;
import org.classbridge.media.OfflinePack;
import org.classbridge.media.WebVtt;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * What people do with a resource's media: see where its conversion stands and play its ladder, try
 * a failed conversion again, add captions and chapters, download an offline pack, and (for a rural
 * school) see what its next days' classes need. Visibility and editing rights are the catalogue's:
 * a resource's media is seen by whoever sees the resource and changed by whoever may change it.
 */
final class MediaService {
  /** How long a signed HLS link lasts: a 45-minute lesson paused for a break still plays. */
  static final java.time.Duration LINK_TTL = java.time.Duration.ofHours(4);

  /** Most chapters a lesson may have. */
  static final int MAX_CHAPTERS = 100;

  private final Database db;
  private final Catalogue catalogue;
  private final MediaJobs jobs;
  private final MediaLibrary library;
  private final BlobStore blobs;
  private final WorkerExecutor io;
  private final SignedLinks links;
  private final LessonPush push;
  private final Path packWork;
  private final Clock clock;

  MediaService(
      Database db,
      Catalogue catalogue,
      MediaJobs jobs,
      MediaLibrary library,
      BlobStore blobs,
      WorkerExecutor io,
      SignedLinks links,
      LessonPush push,
      Path packWork,
      Clock clock) {
    this.db = db;
    this.catalogue = catalogue;
    this.jobs = jobs;
    this.library = library;
    this.blobs = blobs;
    this.io = io;
    this.links = links;
    this.push = push;
    this.packWork = packWork;
    this.clock = clock;
  }

  SignedLinks links() {
    return links;
  }

  // --- status and playback

  /**
   * Where the resource's media stands: {@code none} (not a video or sound, or no file yet), the
   * job's state with stage, progress and failure, and once ready the ladder and signed links.
   */
  Future<JsonObject> status(Principal viewer, UUID id) {
    return catalogue
        .resource(viewer, id)
        .compose(
            r -> {
              JsonObject out =
                  new JsonObject().put("resourceId", id.toString()).put("ready", false);
              if (!JobFeed.MEDIA_KINDS.contains(r.kind()) || r.file().isEmpty()) {
                return Future.succeededFuture(out.put("state", "none"));
              }
              int version = r.file().get().version();
              return jobs.of(id, version)
                  .compose(
                      job ->
                          db.read(
                              tx -> {
                                out.put("fileVersion", version);
                                out.put(
                                    "state",
                                    job.map(j -> j.toJson().getString("state")).orElse("queued"));
                                job.ifPresent(j -> out.put("job", j.toJson()));
                                Optional<MediaLibrary.Published> p =
                                    library.rendition(tx, id, version);
                                if (p.isPresent()) {
                                  out.put("ready", true)
                                      .put("durationSeconds", p.get().durationSeconds())
                                      .put("variants", p.get().variants())
                                      .put("links", links(tx, r, p.get()));
                                } else {
                                  out.put("captions", captionList(tx, id));
                                }
                                return out;
                              }));
            });
  }

  private JsonObject links(Tx tx, Resource r, MediaLibrary.Published p)
      throws java.sql.SQLException {
    String base = "/hls/" + links.link(r.id(), p.fileVersion()).segments() + "/";
    boolean video =
        p.variants().stream().anyMatch(v -> ((JsonObject) v).getInteger("width", 0) > 0);
    JsonObject l =
        new JsonObject()
            .put("hls", base + "master.m3u8")
            .put("offline", base + p.offlineName())
            .put("pack", "/api/v1/resources/" + r.id() + "/offline-pack");
    if (video) {
      l.put("poster", base + "poster.jpg").put("storyboard", base + "storyboard.vtt");
    }
    JsonObject captions = new JsonObject();
    for (MediaLibrary.FileRef c : library.captions(tx, r.id())) {
      captions.put(c.name(), base + "captions." + c.name() + ".vtt");
    }
    l.put("captions", captions);
    if (library.chapters(tx, r.id()).isPresent()) {
      l.put("chapters", base + "chapters.vtt");
    }
    return l;
  }

  private JsonArray captionList(Tx tx, UUID id) throws java.sql.SQLException {
    JsonArray out = new JsonArray();
    library.captions(tx, id).forEach(c -> out.add(c.name()));
    return out;
  }

  /** What a signed HLS path names: a stored file, or text made on the spot (chapters). */
  sealed interface Served permits Served.Blob, Served.Text {
    record Blob(MediaLibrary.FileRef file) implements Served {}

    record Text(String body, String contentType) implements Served {}
  }

  /** A file of a published ladder (or its captions and chapters), behind a checked signed link. */
  Future<Served> hlsFile(UUID id, int version, String name) {
    return db.read(
        tx -> {
          if (library.rendition(tx, id, version).isEmpty()) {
            throw Problem.notFound("not-found", "no such media");
          }
          if (name.startsWith("captions.") && name.endsWith(".vtt")) {
            String lang = name.substring(9, name.length() - 4);
            return library.captions(tx, id).stream()
                .filter(c -> c.name().equals(lang))
                .findFirst()
                .<Served>map(Served.Blob::new)
                .orElseThrow(() -> Problem.notFound("not-found", "no captions in " + lang));
          }
          if (name.equals("chapters.vtt")) {
            JsonArray chapters =
                library
                    .chapters(tx, id)
                    .orElseThrow(() -> Problem.notFound("not-found", "no chapters"));
            double duration = library.rendition(tx, id, version).get().durationSeconds();
            return new Served.Text(chaptersVtt(chapters, duration), "text/vtt; charset=utf-8");
          }
          return library
              .file(tx, id, version, name)
              .<Served>map(Served.Blob::new)
              .orElseThrow(() -> Problem.notFound("not-found", "no such media file"));
        });
  }

  private static String chaptersVtt(JsonArray chapters, double duration) {
    List<WebVtt.Chapter> list = new ArrayList<>();
    for (Object o : chapters) {
      JsonObject c = (JsonObject) o;
      list.add(new WebVtt.Chapter(c.getDouble("start"), c.getString("title")));
    }
    try {
      return WebVtt.chapters(list, duration);
    } catch (MediaException e) {
      // stored chapters were checked against the duration known then; clip, don't fail playback
      List<WebVtt.Chapter> inside = list.stream().filter(c -> c.start() < duration).toList();
      try {
        return WebVtt.chapters(inside, duration);
      } catch (MediaException again) {
        return "WEBVTT\n";
      }
    }
  }

  // --- changes by the resource's teachers

  /** Queues a failed (or cancelled) conversion of the current file again. */
  Future<JsonObject> retry(Principal actor, UUID id) {
    return catalogue
        .editableResource(actor, id)
        .compose(
            r -> {
              if (!JobFeed.MEDIA_KINDS.contains(r.kind()) || r.file().isEmpty()) {
                return Future.failedFuture(
                    Problem.conflict("not-media", "only a lesson video or audio is converted"));
              }
              int version = r.file().get().version();
              return jobs.retry(id, version)
                  .compose(
                      queued -> {
                        if (!queued) {
                          throw Problem.conflict(
                              "not-failed", "only a failed or cancelled conversion is tried again");
                        }
                        return status(actor, id);
                      });
            });
  }

  /**
   * Keeps only part of a recording (the minutes before the bell and after it go): the current file
   * is converted again from {@code startSeconds} to {@code endSeconds}; {@code {}} keeps all of it.
   * The original file is untouched, so a trim can be changed or undone.
   */
  Future<JsonObject> trim(Principal actor, UUID id, JsonObject body) {
    Optional<org.classbridge.media.Trim> trim;
    if (body.isEmpty()) {
      trim = Optional.empty();
    } else {
      for (String f : body.fieldNames()) {
        if (!f.equals("startSeconds") && !f.equals("endSeconds")) {
          throw Problem.invalid("unknown-field", "startSeconds and endSeconds, or nothing");
        }
      }
      if (!(body.getValue("startSeconds") instanceof Number start)
          || !(body.getValue("endSeconds") instanceof Number end)
          || start.doubleValue() < 0
          || end.doubleValue() - start.doubleValue() < 1
          || end.doubleValue() > 86_400) {
        throw Problem.validation(
            List.of(
                new Problem.FieldError(
                    "endSeconds",
                    "bad-trim",
                    "startSeconds from 0, endSeconds at least a second after it")));
      }
      trim = Optional.of(new org.classbridge.media.Trim(start.doubleValue(), end.doubleValue()));
    }
    return catalogue
        .editableResource(actor, id)
        .compose(
            r -> {
              if (!JobFeed.MEDIA_KINDS.contains(r.kind()) || r.file().isEmpty()) {
                return Future.failedFuture(
                    Problem.conflict("not-media", "only a lesson video or audio is converted"));
              }
              return jobs.retrim(id, r.file().get().version(), trim)
                  .compose(
                      queued -> {
                        if (!queued) {
                          throw Problem.conflict(
                              "converting", "wait until the conversion running now ends");
                        }
                        return status(actor, id);
                      });
            });
  }

  /** Stores captions in {@code lang} (WebVTT or SubRip in, WebVTT kept). */
  Future<JsonObject> putCaptions(Principal actor, UUID id, String lang, byte[] bytes) {
    Language language =
        Language.parse(lang)
            .filter(l -> l.code().equals(lang))
            .orElseThrow(
                () ->
                    Problem.invalid(
                        "unknown-language", "captions are in zh, bo or en, not " + lang));
    return catalogue
        .editableResource(actor, id)
        .compose(
            r -> {
              if (!JobFeed.MEDIA_KINDS.contains(r.kind())) {
                throw Problem.conflict("not-media", "only a lesson video or audio has captions");
              }
              return io.executeBlocking(
                  () -> {
                    String vtt;
                    try {
                      vtt = WebVtt.normalise(bytes);
                    } catch (MediaException e) {
                      throw Problem.invalid(e.code(), e.detail());
                    }
                    return blobs.put(
                        new ByteArrayInputStream(vtt.getBytes(StandardCharsets.UTF_8)),
                        Optional.empty());
                  },
                  false);
            })
        .compose(
            (StoredBlob stored) ->
                db.transaction(
                    tx -> {
                      library.putCaption(
                          tx,
                          id,
                          language.code(),
                          stored.sha256(),
                          stored.size(),
                          actor.userId(),
                          Tx.now(clock));
                      return new JsonObject()
                          .put("lang", language.code())
                          .put("size", stored.size())
                          .put("sha256", stored.sha256());
                    }));
  }

  Future<Void> deleteCaptions(Principal actor, UUID id, String lang) {
    return catalogue
        .editableResource(actor, id)
        .compose(
            r ->
                db.transaction(
                    tx -> {
                      if (!library.deleteCaption(tx, id, lang)) {
                        throw Problem.notFound("not-found", "no captions in " + lang);
                      }
                      return null;
                    }));
  }

  /**
   * Replaces the chapters: {@code {"chapters": [{"start": seconds, "title": "导入"}]}}, starts
   * increasing and inside the lesson (once its length is known); an empty list removes them.
   */
  Future<JsonArray> putChapters(Principal actor, UUID id, JsonObject body) {
    for (String f : body.fieldNames()) {
      if (!f.equals("chapters")) {
        throw Problem.invalid("unknown-field", "only chapters");
      }
    }
    if (!(body.getValue("chapters") instanceof JsonArray list) || list.size() > MAX_CHAPTERS) {
      throw Problem.invalid(
          "bad-chapters", "chapters: a list of at most " + MAX_CHAPTERS + " {start, title}");
    }
    List<WebVtt.Chapter> chapters = new ArrayList<>();
    JsonArray clean = new JsonArray();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject c)
          || !(c.getValue("start") instanceof Number start)
          || !(c.getValue("title") instanceof String title)
          || title.length() > 200
          || c.size() != 2) {
        throw Problem.invalid(
            "bad-chapters", "chapter " + (i + 1) + ": {start: seconds, title: up to 200 chars}");
      }
      chapters.add(new WebVtt.Chapter(start.doubleValue(), title));
      clean.add(new JsonObject().put("start", start.doubleValue()).put("title", title.strip()));
    }
    return catalogue
        .editableResource(actor, id)
        .compose(
            r -> {
              if (!JobFeed.MEDIA_KINDS.contains(r.kind())) {
                throw Problem.conflict("not-media", "only a lesson video or audio has chapters");
              }
              return db.transaction(
                  tx -> {
                    double duration =
                        r.file()
                            .flatMap(
                                f -> {
                                  try {
                                    return library.rendition(tx, id, f.version());
                                  } catch (java.sql.SQLException e) {
                                    throw new IllegalStateException(e);
                                  }
                                })
                            .map(MediaLibrary.Published::durationSeconds)
                            .orElse(0.0);
                    try {
                      WebVtt.chapters(chapters, duration);
                    } catch (MediaException e) {
                      throw Problem.invalid(e.code(), e.detail());
                    }
                    library.putChapters(tx, id, clean, actor.userId(), Tx.now(clock));
                    return clean;
                  });
            });
  }

  // --- offline packs

  /** A pack as planned: its entries and the key that names what it holds. */
  record PackPlan(Resource resource, List<OfflinePack.Entry> entries, String key) {
    long bytes() {
      return entries.stream().mapToLong(OfflinePack.Entry::size).sum();
    }
  }

  /**
   * The lesson's (or each of the course's lessons') files for offline use: the 360p MP4 (or the
   * sound file), poster, captions and chapters of a video; the PDF or experiment file of others.
   *
   * @throws Problem {@code pack-not-ready} while a video of it is still being converted
   */
  Future<PackPlan> plan(Principal viewer, UUID id) {
    return catalogue
        .resource(viewer, id)
        .compose(
            r -> {
              if (r.kind() != ResourceKind.COURSE) {
                return db.read(tx -> finishPlan(r, entriesOf(tx, r, "")));
              }
              return catalogue
                  .lessons(viewer, id)
                  .compose(
                      lessons ->
                          db.read(
                              tx -> {
                                List<OfflinePack.Entry> all = new ArrayList<>();
                                int n = 0;
                                for (Resource lesson : lessons) {
                                  if (lesson.file().isEmpty()) {
                                    continue; // nothing to take along
                                  }
                                  n++;
                                  String folder =
                                      String.format(Locale.ROOT, "%02d-", n)
                                          + pathSafe(lesson.title())
                                          + "/";
                                  all.addAll(entriesOf(tx, lesson, folder));
                                }
                                return finishPlan(r, all);
                              }));
            });
  }

  private PackPlan finishPlan(Resource r, List<OfflinePack.Entry> entries) {
    if (entries.isEmpty()) {
      throw Problem.conflict("nothing-to-pack", "the resource has no files yet");
    }
    MessageDigest d = sha256();
    d.update(r.id().toString().getBytes(StandardCharsets.UTF_8));
    for (OfflinePack.Entry e : entries) {
      d.update(("\n" + e.path() + "\t" + e.sha256()).getBytes(StandardCharsets.UTF_8));
    }
    return new PackPlan(r, entries, HexFormat.of().formatHex(d.digest()));
  }

  private List<OfflinePack.Entry> entriesOf(Tx tx, Resource r, String folder)
      throws java.sql.SQLException {
    Resource.ResourceFile file =
        r.file()
            .orElseThrow(
                () -> Problem.conflict("nothing-to-pack", "the resource has no files yet"));
    List<OfflinePack.Entry> out = new ArrayList<>();
    if (JobFeed.MEDIA_KINDS.contains(r.kind())) {
      MediaLibrary.Published p =
          library
              .rendition(tx, r.id(), file.version())
              .orElseThrow(
                  () ->
                      Problem.conflict(
                          "pack-not-ready",
                          "「" + r.title() + "」 is still being converted for low bandwidth"));
      MediaLibrary.FileRef offline =
          library.file(tx, r.id(), file.version(), p.offlineName()).orElseThrow();
      String ext = p.offlineName().endsWith(".m4a") ? ".m4a" : ".mp4";
      out.add(blobEntry(folder + "lesson" + ext, offline));
      Optional<MediaLibrary.FileRef> poster =
          library.file(tx, r.id(), file.version(), "poster.jpg");
      if (poster.isPresent()) {
        out.add(blobEntry(folder + "poster.jpg", poster.get()));
      }
      for (MediaLibrary.FileRef c : library.captions(tx, r.id())) {
        out.add(blobEntry(folder + "captions." + c.name() + ".vtt", c));
      }
      Optional<JsonArray> chapters = library.chapters(tx, r.id());
      if (chapters.isPresent()) {
        byte[] vtt =
            chaptersVtt(chapters.get(), p.durationSeconds()).getBytes(StandardCharsets.UTF_8);
        out.add(
            new OfflinePack.Entry(
                folder + "chapters.vtt",
                vtt.length,
                HexFormat.of().formatHex(sha256().digest(vtt)),
                "text/vtt",
                () -> new ByteArrayInputStream(vtt)));
      }
    } else {
      String name = pathSafe(file.fileName().orElse(r.title() + extension(file.contentType())));
      out.add(
          new OfflinePack.Entry(
              folder + name,
              file.size(),
              file.sha256(),
              file.contentType(),
              () -> blobs.open(file.sha256())));
    }
    return out;
  }

  private OfflinePack.Entry blobEntry(String path, MediaLibrary.FileRef f) {
    return new OfflinePack.Entry(
        path, f.size(), f.sha256(), f.contentType(), () -> blobs.open(f.sha256()));
  }

  private static String extension(String contentType) {
    return switch (contentType.split(";")[0]) {
      case "application/pdf" -> ".pdf";
      case "application/zip" -> ".zip";
      case "audio/mpeg" -> ".mp3";
      case "video/mp4" -> ".mp4";
      case "text/plain" -> ".txt";
      default -> "";
    };
  }

  /** A file or folder name the pack accepts: letters, digits, Chinese and Tibetan, . _ - */
  static String pathSafe(String s) {
    String cleaned =
        s.strip()
            .replaceAll("[^A-Za-z0-9._\\-\\p{IsHan}\\p{IsTibetan}]+", "-")
            .replaceAll("\\.{2,}", ".")
            .replaceAll("^[-.]+|-+$", "");
    if (cleaned.isEmpty()) {
      return "file";
    }
    return cleaned.length() > 60 ? cleaned.substring(0, 60) : cleaned;
  }

  /** The pack's stored zip: built once (on a worker), then kept in the blob store. */
  Future<MediaLibrary.FileRef> pack(Principal viewer, UUID id) {
    return plan(viewer, id)
        .compose(
            plan ->
                db.read(tx -> library.pack(tx, plan.key()))
                    .compose(
                        built ->
                            built.isPresent() ? Future.succeededFuture(built.get()) : build(plan)));
  }

  private Future<MediaLibrary.FileRef> build(PackPlan plan) {
    return io.executeBlocking(
            () -> {
              Files.createDirectories(packWork);
              Path tmp = Files.createTempFile(packWork, "pack-", ".zip");
              try {
                Map<String, String> about = new LinkedHashMap<>();
                about.put("resourceId", plan.resource().id().toString());
                about.put("title", plan.resource().title());
                plan.resource().titleBo().ifPresent(t -> about.put("titleBo", t));
                about.put("kind", org.classbridge.common.Wire.id(plan.resource().kind()));
                about.put("createdAt", clock.instant().toString());
                try (OutputStream out = Files.newOutputStream(tmp)) {
                  OfflinePack.write(out, about, plan.entries());
                }
                try (InputStream in = Files.newInputStream(tmp)) {
                  return blobs.put(in, Optional.empty());
                }
              } finally {
                Files.deleteIfExists(tmp);
              }
            },
            false)
        .compose(
            (StoredBlob stored) ->
                db.transaction(
                    tx -> {
                      library.putPack(
                          tx, plan.key(), stored.sha256(), stored.size(), Tx.now(clock));
                      return library.pack(tx, plan.key()).orElseThrow();
                    }));
  }

  // --- push list

  /**
   * What a receiving school's sessions of the next {@code days} days need, with sizes: each
   * resource's offline pack (ready or not yet), so a school server or a teacher's laptop can fetch
   * them overnight.
   */
  Future<JsonObject> pushList(Principal viewer, UUID schoolId, int days) {
    return push.lessonPush(viewer, schoolId, days)
        .compose(
            lessons -> {
              JsonArray wanted = lessons.getJsonArray("resources", new JsonArray());
              List<Future<JsonObject>> items = new ArrayList<>();
              for (Object o : wanted) {
                JsonObject w = (JsonObject) o;
                UUID id = UUID.fromString(w.getString("resourceId"));
                items.add(item(viewer, id, w));
              }
              return Future.all(items)
                  .map(
                      all -> {
                        JsonArray out = new JsonArray();
                        long total = 0;
                        for (int i = 0; i < all.size(); i++) {
                          JsonObject item = all.resultAt(i);
                          out.add(item);
                          total += item.getLong("bytes", 0L);
                        }
                        return new JsonObject()
                            .put("schoolId", schoolId.toString())
                            .put("from", lessons.getString("from"))
                            .put("to", lessons.getString("to"))
                            .put("totalBytes", total)
                            .put("items", out)
                            .put("sessions", lessons.getJsonArray("sessions"));
                      });
            });
  }

  private Future<JsonObject> item(Principal viewer, UUID id, JsonObject wanted) {
    JsonObject item =
        new JsonObject()
            .put("resourceId", id.toString())
            .put("firstNeeded", wanted.getString("firstNeeded"))
            .put("sessions", wanted.getJsonArray("sessions"));
    return plan(viewer, id)
        .map(
            plan ->
                item.put("title", plan.resource().title())
                    .put("kind", org.classbridge.common.Wire.id(plan.resource().kind()))
                    .put("ready", true)
                    .put("bytes", plan.bytes())
                    .put("files", plan.entries().size())
                    .put("pack", "/api/v1/resources/" + id + "/offline-pack"))
        .recover(
            e -> {
              if (e instanceof Problem p) {
                // not visible to this school, or not converted yet: say so, keep the rest
                return Future.succeededFuture(
                    item.put("ready", false)
                        .put(
                            "problem",
                            new JsonObject().put("code", p.code()).put("detail", p.detail())));
              }
              return Future.failedFuture(e);
            });
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
