package org.classbridge.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.classbridge.app.Classbridge;
import org.classbridge.media.Hls;
import org.classbridge.media.OfflinePack;
import org.classbridge.testing.Api;
import org.classbridge.testing.Clips;
import org.classbridge.testing.DemoClasses;
import org.classbridge.testing.Library;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The media pipeline through the API, with real ffmpeg: a teacher uploads a lesson video, follows
 * the conversion on a progress stream, and it plays as an HLS ladder behind signed links; captions,
 * chapters and the offline pack; a corrupt upload fails with a clear reason while the original
 * stays; archiving cancels; a receiving school's push list names what its classes need; and whoever
 * may not is refused.
 */
abstract class MediaPipelineContract {
  @TempDir static Path data;
  @TempDir static Path clips;
  static Classbridge app;
  static Api api;
  static Library library;

  /** The Monday before the demo's Tuesday maths class. */
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-30T01:00:00Z"));

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  static String token(String user) {
    return api.login(user, "classbridge");
  }

  /** A draft lesson video of teacher.yushu's school with {@code bytes} as its file. */
  static String uploaded(String kind, String title, byte[] bytes, String fileName) {
    String teacher = token("teacher.xining");
    String id =
        library.draft(
            teacher,
            new JsonObject().put("kind", kind).put("title", title).put("subject", "maths"));
    String location = library.createUpload(teacher, id, fileName, bytes.length, "");
    Api.Response sent = library.patch(location, teacher, 0, bytes);
    assertThat(sent.status()).as("%s", sent).isEqualTo(204);
    return id;
  }

  static JsonObject media(String id, String token) {
    Api.Response r = api.get("/api/v1/resources/" + id + "/media", token);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json();
  }

  static JsonObject waitFor(String id, String token, String state) {
    JsonObject[] last = new JsonObject[1];
    boolean reached =
        Poll.until(
            Duration.ofSeconds(120),
            () -> {
              last[0] = media(id, token);
              return last[0].getString("state").equals(state);
            });
    assertThat(reached).as("media of %s never reached %s: %s", id, state, last[0]).isTrue();
    return last[0];
  }

  static HttpResponse<byte[]> fetch(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  @DisplayName(
      "an uploaded lesson is converted with progress events and plays as an HLS ladder behind signed links")
  void uploadConvertPlay() throws Exception {
    String teacher = token("teacher.xining");
    byte[] clip = Clips.video(clips, 640, 360, 7, true);
    // follow the progress stream from before the upload's job starts
    String id =
        library.draft(
            teacher,
            new JsonObject()
                .put("kind", "lesson-video")
                .put("title", "勾股定理 HLS")
                .put("subject", "maths"));
    List<String> events = new CopyOnWriteArrayList<>();
    HttpResponse<java.io.InputStream> stream =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(api.base() + "/api/v1/resources/" + id + "/media/events"))
                    .header("Authorization", "Bearer " + teacher)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    String line;
                    String event = null;
                    while ((line = in.readLine()) != null) {
                      if (line.startsWith("event: ")) {
                        event = line.substring(7);
                      } else if (line.startsWith("data: ")) {
                        events.add(event + " " + line.substring(6));
                      }
                    }
                  } catch (Exception ignored) {
                    // the stream closes when the test ends
                  }
                });
    String location = library.createUpload(teacher, id, "lesson.mp4", clip.length, "");
    assertThat(library.patch(location, teacher, 0, clip).status()).isEqualTo(204);

    JsonObject ready = waitFor(id, teacher, "done");
    assertThat(ready.getBoolean("ready")).isTrue();
    assertThat(ready.getDouble("durationSeconds")).isBetween(6.5, 7.5);
    assertThat(
            ready
                .getJsonObject("job")
                .getJsonObject("probe")
                .getJsonObject("video")
                .getInteger("width"))
        .isEqualTo(640);
    assertThat(ready.getJsonArray("variants").stream().map(v -> ((JsonObject) v).getString("rung")))
        .containsExactly("audio", "240p", "360p");
    assertThat(
            Poll.until(
                Duration.ofSeconds(10),
                () ->
                    events.stream()
                        .anyMatch(e -> e.startsWith("status") && e.contains("\"ready\":true"))))
        .as("events: %s", events)
        .isTrue();
    assertThat(events).anyMatch(e -> e.startsWith("progress") && e.contains("\"stage\":\"240p\""));
    reader.interrupt();

    // the master playlist and every rung, through the signed links
    JsonObject links = ready.getJsonObject("links");
    String master = links.getString("hls");
    assertThat(master).startsWith("/hls/" + id + "/1/").endsWith("/master.m3u8");
    HttpResponse<byte[]> m = fetch(master);
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
    String masterText = new String(m.body(), StandardCharsets.UTF_8);
    assertThat(masterText).contains("CODECS=\"avc1.").contains("RESOLUTION=426x240");
    String base = master.substring(0, master.length() - "master.m3u8".length());
    for (String uri : masterText.lines().filter(l -> !l.startsWith("#")).toList()) {
      HttpResponse<byte[]> p = fetch(base + uri);
      assertThat(p.statusCode()).as(uri).isEqualTo(200);
      Hls.MediaPlaylist playlist = Hls.parseMedia(new String(p.body(), StandardCharsets.UTF_8));
      String dir = base + uri.substring(0, uri.lastIndexOf('/') + 1);
      HttpResponse<byte[]> init = fetch(dir + playlist.map());
      assertThat(init.statusCode()).isEqualTo(200);
      String segment = dir + playlist.segments().getFirst().uri();
      HttpResponse<byte[]> whole = fetch(segment);
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
      assertThat(whole.headers().firstValue("Content-Type"))
          .hasValue(uri.startsWith("audio") ? "audio/mp4" : "video/mp4");
      HttpResponse<byte[]> part = fetch(segment, "Range", "bytes=0-99");
      assertThat(part.statusCode()).isEqualTo(206);
      assertThat(part.body()).hasSize(100);
      String etag = whole.headers().firstValue("ETag").orElseThrow();
      assertThat(fetch(segment, "If-None-Match", etag).statusCode()).isEqualTo(304);
    }
    // ffprobe, a player of its own, reads the ladder over HTTP
    String probed = Clips.probe(api.base() + base + "360p/index.m3u8");
    assertThat(probed).contains("codec_name=\"h264\"").contains("height=360");

    // pictures and the offline file
    assertThat(fetch(links.getString("poster")).headers().firstValue("Content-Type"))
        .hasValue("image/jpeg");
    assertThat(new String(fetch(links.getString("storyboard")).body(), StandardCharsets.UTF_8))
        .startsWith("WEBVTT");
    assertThat(fetch(links.getString("offline")).statusCode()).isEqualTo(200);

    // forged, tampered and malformed links open nothing
    assertThat(fetch(master.replace("/1/", "/2/")).statusCode()).isEqualTo(404);
    String forged =
        master.substring(0, master.lastIndexOf('/', master.length() - 13) + 1)
            + "AAAAAAAAAAAAAAAAAAAAAA/master.m3u8";
    assertThat(fetch(forged).statusCode()).isEqualTo(404);
    assertThat(fetch(base + "..%2F..%2Fmaster.m3u8").statusCode()).isIn(400, 404);
    assertThat(fetch(base + "240p/nothing.m4s").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("captions and chapters: teachers add them, bad ones are refused, others may not")
  void captionsAndChapters() throws Exception {
    String teacher = token("teacher.xining");
    String id = uploaded("lesson-video", "带字幕的课", Clips.video(clips, 320, 240, 4, true), "c.mp4");
    byte[] srt = "1\n00:00:00,500 --> 00:00:02,000\n同学们好\n".getBytes(StandardCharsets.UTF_8);
    Api.Response put =
        api.sendRaw("PUT", "/api/v1/resources/" + id + "/captions/zh", teacher, "text/vtt", srt);
    assertThat(put.status()).as("%s", put).isEqualTo(200);
    assertProblem(
        api.sendRaw(
            "PUT",
            "/api/v1/resources/" + id + "/captions/bo",
            teacher,
            "text/vtt",
            "WEBVTT\n\n00:01 --> 00:02\nx\n".getBytes(StandardCharsets.UTF_8)),
        400,
        "bad-captions");
    assertProblem(
        api.sendRaw("PUT", "/api/v1/resources/" + id + "/captions/fr", teacher, "text/vtt", srt),
        400,
        "unknown-language");
    assertProblem(
        api.sendRaw(
            "PUT",
            "/api/v1/resources/" + id + "/captions/zh",
            token("teacher.yushu"),
            "text/vtt",
            srt),
        404,
        "resource-not-found");
    assertProblem(
        api.sendRaw(
            "PUT",
            "/api/v1/resources/" + id + "/captions/zh",
            token("student.xining"),
            "text/vtt",
            srt),
        403,
        "forbidden");

    JsonObject ready = waitFor(id, teacher, "done");
    Api.Response chapters =
        api.sendRaw(
            "PUT",
            "/api/v1/resources/" + id + "/chapters",
            teacher,
            "application/json",
            new JsonObject()
                .put(
                    "chapters",
                    new JsonArray()
                        .add(new JsonObject().put("start", 0).put("title", "导入"))
                        .add(new JsonObject().put("start", 2.5).put("title", "新课")))
                .encode()
                .getBytes(StandardCharsets.UTF_8));
    assertThat(chapters.status()).as("%s", chapters).isEqualTo(200);
    assertProblem(
        api.sendRaw(
            "PUT",
            "/api/v1/resources/" + id + "/chapters",
            teacher,
            "application/json",
            new JsonObject()
                .put(
                    "chapters",
                    new JsonArray()
                        .add(new JsonObject().put("start", 99).put("title", "after the end")))
                .encode()
                .getBytes(StandardCharsets.UTF_8)),
        400,
        "bad-chapters");

    JsonObject links = media(id, teacher).getJsonObject("links");
    String zh =
        new String(
            fetch(links.getJsonObject("captions").getString("zh")).body(), StandardCharsets.UTF_8);
    assertThat(zh).isEqualTo("WEBVTT\n\n00:00:00.500 --> 00:00:02.000\n同学们好\n");
    String vtt = new String(fetch(links.getString("chapters")).body(), StandardCharsets.UTF_8);
    assertThat(vtt).contains("00:00:00.000 --> 00:00:02.500\n导入").contains("新课");
    assertThat(ready.getBoolean("ready")).isTrue();
    assertProblem(
        api.post("/api/v1/resources/" + id + "/media/retry", teacher, new JsonObject()),
        409,
        "not-failed");
  }

  @Test
  @DisplayName(
      "the offline pack holds the 360p file, captions and a manifest that verifies, and resumes")
  void offlinePack(@TempDir Path dir) throws Exception {
    String teacher = token("teacher.xining");
    String id = uploaded("lesson-video", "离线课", Clips.video(clips, 320, 240, 4, true), "o.mp4");
    assertProblem(
        api.get("/api/v1/resources/" + id + "/offline-pack", teacher), 409, "pack-not-ready");
    waitFor(id, teacher, "done");
    HttpResponse<byte[]> pack =
        fetch("/api/v1/resources/" + id + "/offline-pack", "Authorization", "Bearer " + teacher);
    assertThat(pack.statusCode()).isEqualTo(200);
    assertThat(pack.headers().firstValue("Content-Disposition").orElse(""))
        .startsWith("attachment");
    Path zip = Files.write(dir.resolve("pack.zip"), pack.body());
    assertThat(OfflinePack.verify(zip)).isEmpty();
    try (var z = new java.util.zip.ZipFile(zip.toFile())) {
      List<String> names = new ArrayList<>();
      z.stream().forEach(e -> names.add(e.getName()));
      assertThat(names).containsExactly("manifest.json", "lesson.mp4", "poster.jpg");
    }
    // a dropped download resumes: the same pack, from where it stopped
    HttpResponse<byte[]> rest =
        fetch(
            "/api/v1/resources/" + id + "/offline-pack",
            "Authorization",
            "Bearer " + teacher,
            "Range",
            "bytes=1000-");
    assertThat(rest.statusCode()).isEqualTo(206);
    assertThat(rest.body())
        .isEqualTo(java.util.Arrays.copyOfRange(pack.body(), 1000, pack.body().length));
    // a pupil of another school sees no draft, so gets no pack
    assertProblem(
        api.get("/api/v1/resources/" + id + "/offline-pack", token("student.yushu")),
        404,
        "resource-not-found");
  }

  @Test
  @DisplayName(
      "a corrupt video fails with a clear reason, the original stays, nothing is published")
  void corruptVideo() throws Exception {
    String teacher = token("teacher.xining");
    byte[] junk = new byte[200_000];
    new java.util.Random(3).nextBytes(junk);
    System.arraycopy(
        new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, junk, 0, 12);
    String id = uploaded("lesson-video", "坏文件", junk, "broken.mp4");
    JsonObject failed = waitFor(id, teacher, "failed");
    assertThat(failed.getBoolean("ready")).isFalse();
    assertThat(failed.getJsonObject("job").getJsonObject("failure").getString("code"))
        .isEqualTo("unreadable-media");
    assertThat(failed.getJsonObject("job").getInteger("attempts")).isEqualTo(1);
    assertThat(failed.containsKey("links")).isFalse();
    Api.Response original = api.get("/api/v1/resources/" + id + "/content", teacher);
    assertThat(original.status()).isEqualTo(200);
    // trying again is the teacher's to do, and it fails again for the same reason
    assertProblem(
        api.post(
            "/api/v1/resources/" + id + "/media/retry", token("student.xining"), new JsonObject()),
        403,
        "forbidden");
    Api.Response retried =
        api.post("/api/v1/resources/" + id + "/media/retry", teacher, new JsonObject());
    assertThat(retried.status()).as("%s", retried).isEqualTo(200);
    assertThat(
            waitFor(id, teacher, "failed")
                .getJsonObject("job")
                .getJsonObject("failure")
                .getString("code"))
        .isEqualTo("unreadable-media");
  }

  @Test
  @DisplayName("a lesson plan has no media; its status says so and its pack is the file itself")
  void notMedia(@TempDir Path dir) throws Exception {
    String teacher = token("teacher.xining");
    String id = library.draft(teacher, new JsonObject().put("title", "教案"));
    library.attachText(teacher, id, "一、教学目标\n二、重点难点\n");
    assertThat(media(id, teacher).getString("state")).isEqualTo("none");
    HttpResponse<byte[]> pack =
        fetch("/api/v1/resources/" + id + "/offline-pack", "Authorization", "Bearer " + teacher);
    assertThat(pack.statusCode()).isEqualTo(200);
    Path zip = Files.write(dir.resolve("plan.zip"), pack.body());
    assertThat(OfflinePack.verify(zip)).isEmpty();
    assertProblem(
        api.sendRaw(
            "PUT",
            "/api/v1/resources/" + id + "/captions/zh",
            teacher,
            "text/vtt",
            "WEBVTT\n\n00:00.000 --> 00:01.000\nx\n".getBytes(StandardCharsets.UTF_8)),
        409,
        "not-media");
  }

  @Test
  @DisplayName("a receiving school's push list names the packs its next classes need, with sizes")
  void pushList() throws Exception {
    String teacher = token("teacher.xining");
    String id = library.draft(teacher, new JsonObject().put("title", "课前预习"));
    library.attachText(teacher, id, "预习提纲");
    library.setStatus(token("coordinator"), id, "published", "group");
    String coordinator = token("coordinator");
    String maths = DemoClasses.maths(api);
    Api.Response session = api.get("/api/v1/sessions/" + maths, coordinator);
    Api.Response patched =
        api.patch(
            "/api/v1/sessions/" + maths,
            coordinator,
            session.header("ETag"),
            new JsonObject().put("resources", new JsonArray().add(id)));
    assertThat(patched.status()).as("%s", patched).isEqualTo(200);
    String yushu =
        session
            .json()
            .getJsonArray("receivers")
            .getJsonObject(0)
            .getJsonObject("classroom")
            .getString("schoolId");
    Api.Response list =
        api.get("/api/v1/schools/" + yushu + "/push-list?days=7", token("teacher.yushu"));
    assertThat(list.status()).as("%s", list).isEqualTo(200);
    JsonObject item =
        (JsonObject)
            list.json().getJsonArray("items").stream()
                .filter(o -> ((JsonObject) o).getString("resourceId").equals(id))
                .findFirst()
                .orElseThrow();
    assertThat(item.getBoolean("ready")).isTrue();
    assertThat(item.getLong("bytes")).isEqualTo("预习提纲".getBytes(StandardCharsets.UTF_8).length);
    assertThat(item.getString("pack")).isEqualTo("/api/v1/resources/" + id + "/offline-pack");
    assertThat(list.json().getLong("totalBytes")).isGreaterThanOrEqualTo(item.getLong("bytes"));
    assertProblem(
        api.get("/api/v1/schools/" + yushu + "/push-list?days=99", token("teacher.yushu")),
        400,
        "bad-days");
    assertProblem(
        api.get("/api/v1/schools/" + yushu + "/push-list", token("student.yushu")),
        403,
        "forbidden");
  }

  @Test
  @DisplayName(
      "nasty uploads: sound only in a video's place plays as sound; an empty file is refused at upload")
  void nastyUploads() throws Exception {
    String teacher = token("teacher.xining");
    String id = uploaded("lesson-video", "只有声音", Clips.sound(clips, 5), "voice.mp4");
    JsonObject done = waitFor(id, teacher, "done");
    assertThat(done.getJsonArray("variants").stream().map(v -> ((JsonObject) v).getString("rung")))
        .containsExactly("audio");
    assertThat(done.getJsonObject("links").getString("offline")).endsWith("/offline.m4a");
    assertThat(done.getJsonObject("links").containsKey("poster")).isFalse();

    String empty =
        library.draft(teacher, new JsonObject().put("kind", "lesson-video").put("title", "空文件"));
    Api.Response created =
        api.send(
            library
                .tus("/api/v1/uploads", teacher)
                .header("Upload-Length", "0")
                .header(
                    "Upload-Metadata",
                    "resourceId "
                        + java.util.Base64.getEncoder()
                            .encodeToString(empty.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()));
    if (created.status() == 201) {
      // accepted as an upload: its (empty) completion is refused, and nothing becomes a file
      Api.Response sent = library.patch(created.header("Location"), teacher, 0, new byte[0]);
      assertThat(sent.status()).as("%s", sent).isGreaterThanOrEqualTo(400);
      assertThat(sent.code()).isNotBlank();
    } else {
      assertThat(created.status()).as("%s", created).isGreaterThanOrEqualTo(400);
      assertThat(created.code()).isNotBlank();
    }
    assertThat(media(empty, teacher).getString("state")).isEqualTo("none");
  }

  @Test
  @DisplayName("a course's offline pack holds each lesson in its own folder, in order")
  void coursePack(@TempDir Path dir) throws Exception {
    String teacher = token("teacher.xining");
    String video =
        uploaded("lesson-video", "第一课 视频", Clips.video(clips, 320, 240, 4, true), "v.mp4");
    String plan = library.draft(teacher, new JsonObject().put("title", "第二课 教案"));
    library.attachText(teacher, plan, "教学目标");
    String course =
        library.draft(teacher, new JsonObject().put("kind", "course").put("title", "勾股定理单元"));
    Api.Response set =
        api.sendRaw(
            "PUT",
            "/api/v1/resources/" + course + "/lessons",
            teacher,
            "application/json",
            new JsonObject()
                .put("lessons", new JsonArray().add(video).add(plan))
                .encode()
                .getBytes(StandardCharsets.UTF_8));
    assertThat(set.status()).as("%s", set).isEqualTo(200);
    waitFor(video, teacher, "done");
    HttpResponse<byte[]> pack =
        fetch(
            "/api/v1/resources/" + course + "/offline-pack", "Authorization", "Bearer " + teacher);
    assertThat(pack.statusCode()).isEqualTo(200);
    Path zip = Files.write(dir.resolve("course.zip"), pack.body());
    assertThat(OfflinePack.verify(zip)).isEmpty();
    try (var z = new java.util.zip.ZipFile(zip.toFile())) {
      List<String> names = new ArrayList<>();
      z.stream().forEach(e -> names.add(e.getName()));
      assertThat(names)
          .containsExactly(
              "manifest.json",
              "01-第一课-视频/lesson.mp4",
              "01-第一课-视频/poster.jpg",
              "02-第二课-教案/plan.txt");
    }
  }

  @Test
  @DisplayName("archiving a resource cancels its conversion")
  void archiveCancels() throws Exception {
    String teacher = token("teacher.xining");
    String coordinator = token("coordinator");
    String id =
        uploaded("lesson-video", "撤下的课", Clips.video(clips, 1280, 720, 20, true), "long.mp4");
    library.setStatus(coordinator, id, "archived", null);
    JsonObject cancelled = waitFor(id, teacher, "cancelled");
    assertThat(cancelled.getBoolean("ready")).isFalse();
  }

  @Test
  @DisplayName(
      "a teacher trims a recording: it is converted again keeping only that part; bad trims and other teachers are refused")
  void trim() throws Exception {
    String teacher = token("teacher.xining");
    String id =
        uploaded("lesson-video", "录播 · 裁剪", Clips.video(clips, 640, 360, 8, true), "rec.mp4");
    JsonObject whole = waitFor(id, teacher, "done");
    assertThat(whole.getDouble("durationSeconds")).isBetween(7.5, 8.5);
    String path = "/api/v1/resources/" + id + "/trim";
    java.util.function.BiFunction<String, JsonObject, Api.Response> put =
        (who, body) ->
            api.sendRaw(
                "PUT",
                path,
                who,
                "application/json",
                body.encode().getBytes(StandardCharsets.UTF_8));
    assertProblem(
        put.apply(teacher, new JsonObject().put("startSeconds", 5).put("endSeconds", 5.5)),
        400,
        "validation-failed");
    assertProblem(
        put.apply(teacher, new JsonObject().put("startSeconds", -1).put("endSeconds", 3)),
        400,
        "validation-failed");
    // another school's teacher does not even see the draft
    assertProblem(
        put.apply(
            token("teacher.yushu"), new JsonObject().put("startSeconds", 2).put("endSeconds", 5)),
        404,
        "resource-not-found");
    Api.Response trimmed =
        put.apply(teacher, new JsonObject().put("startSeconds", 2).put("endSeconds", 5));
    assertThat(trimmed.status()).as("%s", trimmed).isEqualTo(200);
    boolean converted =
        Poll.until(
            Duration.ofSeconds(120),
            () -> {
              JsonObject m = media(id, teacher);
              return m.getString("state").equals("done") && m.getDouble("durationSeconds") < 4;
            });
    assertThat(converted).as("converted again: %s", media(id, teacher)).isTrue();
    assertThat(media(id, teacher).getDouble("durationSeconds")).isBetween(2.5, 3.5);
    // {} keeps all of it again
    assertThat(put.apply(teacher, new JsonObject()).status()).isEqualTo(200);
    assertThat(
            Poll.until(
                Duration.ofSeconds(120),
                () -> {
                  JsonObject m = media(id, teacher);
                  return m.getString("state").equals("done")
                      && m.getDouble("durationSeconds") > 7.5;
                }))
        .isTrue();
  }
}
