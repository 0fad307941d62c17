package org.classbridge.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.Library;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lesson repository over HTTP: a teacher makes a draft and uploads its video with tus (paused
 * and resumed), the coordinator publishes it, a pupil streams ranges of it and resumes where they
 * stopped; and everyone else is refused, guessed ids included.
 */
abstract class CatalogueApiContract {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

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

  /** Bytes that sniff as an MP4 video: an ftyp box, then noise. */
  static byte[] mp4(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0};
    System.arraycopy(head, 0, b, 0, head.length);
    return b;
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject draft(String token, String kind, String title) {
    Api.Response r =
        api.post(
            "/api/v1/resources",
            token,
            new JsonObject()
                .put("kind", kind)
                .put("title", title)
                .put("titleBo", "ཟུར་གསུམ།")
                .put("stage", "junior")
                .put("grade", 8)
                .put("subject", "maths")
                .put("edition", "人教版")
                .put("volume", "八年级下册")
                .put("chapter", "第十七章 勾股定理")
                .put("languages", new JsonArray().add("zh").add("bo")));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json();
  }

  /** The item of a list answer with this title. */
  static JsonObject titled(JsonArray items, String title) {
    return items.stream()
        .map(o -> (JsonObject) o)
        .filter(r -> title.equals(r.getString("title")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no item titled " + title + " in " + items));
  }

  static HttpRequest.Builder tus(String path, String token) {
    return new Library(api).tus(path, token);
  }

  static String createUpload(String token, String resourceId, long length, String extraMeta) {
    return new Library(api).createUpload(token, resourceId, "勾股定理.mp4", length, extraMeta);
  }

  static Api.Response patch(String location, String token, long offset, byte[] bytes) {
    return new Library(api).patch(location, token, offset, bytes);
  }

  static long offset(String location, String token) {
    Api.Response r =
        api.send(tus(location, token).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return Long.parseLong(r.header("Upload-Offset"));
  }

  @Test
  @DisplayName(
      "a teacher uploads a video with a pause and a resume; the coordinator publishes; a pupil streams ranges and resumes")
  void uploadPublishStream() throws Exception {
    String teacher = token("teacher.xining");
    JsonObject r = draft(teacher, "lesson-video", "勾股定理（第一课时）");
    String id = r.getString("id");
    byte[] video = mp4(300_000, 1);
    String location = createUpload(teacher, id, video.length, ",sha256 " + b64(sha256(video)));
    assertThat(offset(location, teacher)).isZero();

    Api.Response first = patch(location, teacher, 0, Arrays.copyOf(video, 120_000));
    assertThat(first.status()).as("%s", first).isEqualTo(204);
    assertThat(first.header("Upload-Offset")).isEqualTo("120000");
    // "paused": the client lost the connection and asks where to resume
    assertThat(offset(location, teacher)).isEqualTo(120_000);
    assertProblem(patch(location, teacher, 100_000, new byte[10]), 409, "offset-mismatch");
    assertProblem(
        patch(location, token("teacher.yushu"), 120_000, new byte[10]), 404, "upload-not-found");
    Api.Response rest =
        patch(location, teacher, 120_000, Arrays.copyOfRange(video, 120_000, video.length));
    assertThat(rest.status()).as("%s", rest).isEqualTo(204);
    assertThat(rest.header("Upload-Offset")).isEqualTo(Integer.toString(video.length));

    JsonObject stored = api.get("/api/v1/resources/" + id, teacher).json();
    assertThat(stored.getJsonObject("file").getString("sha256")).isEqualTo(sha256(video));
    assertThat(stored.getJsonObject("file").getString("contentType")).isEqualTo("video/mp4");
    assertThat(stored.getJsonObject("file").getInteger("version")).isEqualTo(1);

    String pupil = token("student.yushu");
    assertProblem(api.get("/api/v1/resources/" + id, pupil), 404, "resource-not-found");
    assertProblem(
        api.post(
            "/api/v1/resources/" + id + "/status",
            teacher,
            new JsonObject().put("status", "published")),
        403,
        "forbidden");
    String coordinator = token("coordinator");
    Api.Response current = api.get("/api/v1/resources/" + id, coordinator);
    Api.Response published =
        api.send(
            api.builder("/api/v1/resources/" + id + "/status", coordinator)
                .header("Content-Type", "application/json")
                .header("If-Match", current.header("ETag"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"published\"}")));
    assertThat(published.status()).as("%s", published).isEqualTo(200);
    assertThat(published.json().getString("status")).isEqualTo("published");

    // the pupil streams it: whole, a range, a suffix, an unsatisfiable range, a stale If-Range
    String content = "/api/v1/resources/" + id + "/content";
    Api.Response whole = api.get(content, pupil);
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.header("ETag")).isEqualTo("\"" + sha256(video) + "\"");
    assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(whole.header("Content-Type")).isEqualTo("video/mp4");
    assertThat(whole.header("Last-Modified")).isNotBlank();
    Api.Response part =
        api.send(api.builder(content, pupil).header("Range", "bytes=1000-1999").GET());
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.header("Content-Range")).isEqualTo("bytes 1000-1999/" + video.length);
    assertThat(part.header("Content-Length")).isEqualTo("1000");
    // a client that accepts gzip (a browser's download) still gets the stored bytes of the range:
    // a compressed 206 would not match its Content-Range
    Api.Response gzipped =
        api.send(
            api.builder(content, pupil)
                .header("Range", "bytes=1000-1999")
                .header("Accept-Encoding", "gzip, deflate")
                .GET());
    assertThat(gzipped.status()).isEqualTo(206);
    assertThat(gzipped.header("Content-Encoding")).isNull();
    assertThat(gzipped.header("Content-Length")).isEqualTo("1000");
    Api.Response suffix = api.send(api.builder(content, pupil).header("Range", "bytes=-100").GET());
    assertThat(suffix.status()).isEqualTo(206);
    assertThat(suffix.header("Content-Range"))
        .isEqualTo("bytes " + (video.length - 100) + "-" + (video.length - 1) + "/" + video.length);
    Api.Response beyond =
        api.send(api.builder(content, pupil).header("Range", "bytes=" + video.length + "-").GET());
    assertProblem(beyond, 416, "range-not-satisfiable");
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + video.length);
    Api.Response stale =
        api.send(
            api.builder(content, pupil)
                .header("Range", "bytes=0-9")
                .header("If-Range", "\"other\"")
                .GET());
    assertThat(stale.status()).isEqualTo(200);
    Api.Response download = api.get(content + "?download=1", pupil);
    assertThat(download.header("Content-Disposition"))
        .startsWith("attachment;")
        .contains("filename*=UTF-8''");

    // resume where they stopped; the coordinator sees which schools use it
    Api.Response progress =
        api.sendRaw(
            "PUT",
            "/api/v1/resources/" + id + "/progress",
            pupil,
            "application/json",
            new JsonObject()
                .put("positionSeconds", 312)
                .put("watchedSeconds", 300)
                .encode()
                .getBytes());
    assertThat(progress.status()).as("%s", progress).isEqualTo(200);
    assertThat(
            api.get("/api/v1/resources/" + id + "/progress", pupil)
                .json()
                .getInteger("positionSeconds"))
        .isEqualTo(312);
    assertThat(
            api.get("/api/v1/resources/" + id + "/progress", token("student.guoluo"))
                .json()
                .getInteger("positionSeconds"))
        .isZero();
    JsonObject usage = api.get("/api/v1/resources/" + id + "/usage", coordinator).json();
    assertThat(usage.getJsonArray("schools")).hasSize(1);
    assertThat(usage.getJsonArray("schools").getJsonObject(0).getInteger("viewers")).isEqualTo(1);
    assertThat(usage.getJsonArray("schools").getJsonObject(0).getLong("downloads")).isEqualTo(1);

    // a replaced file is a new version; the old one is kept in the history
    byte[] second = mp4(50_000, 2);
    String again = createUpload(teacher, id, second.length, "");
    assertThat(patch(again, teacher, 0, second).status()).isEqualTo(204);
    JsonArray versions = api.get("/api/v1/resources/" + id + "/versions", teacher).items();
    assertThat(versions).hasSize(2);
    assertThat(versions.getJsonObject(0).getString("sha256")).isEqualTo(sha256(video));
    assertThat(versions.getJsonObject(1).getString("sha256")).isEqualTo(sha256(second));
  }

  @Test
  @DisplayName(
      "an executable renamed .mp4, a page with script as a lesson plan and a wrong checksum are refused, nothing kept")
  void refusedContent() throws Exception {
    String teacher = token("teacher.xining");
    String video = draft(teacher, "lesson-video", "伪装的视频").getString("id");
    byte[] exe = new byte[4096];
    exe[0] = 'M';
    exe[1] = 'Z';
    String location = createUpload(teacher, video, exe.length, "");
    Api.Response refused = patch(location, teacher, 0, exe);
    assertProblem(refused, 415, "content-not-allowed");
    assertThat(api.get("/api/v1/resources/" + video, teacher).json().containsKey("file")).isFalse();
    assertThat(api.get("/api/v1/resources/" + video + "/versions", teacher).items()).isEmpty();

    String plan = draft(teacher, "lesson-plan", "带脚本的教案").getString("id");
    byte[] html =
        "教案\n<p>第一步</p><script>alert(document.cookie)</script>".getBytes(StandardCharsets.UTF_8);
    String planUpload = createUpload(teacher, plan, html.length, "");
    assertProblem(patch(planUpload, teacher, 0, html), 415, "content-not-allowed");
    byte[] text = "教案：勾股定理\n一、教学目标\n二、重点难点\n".getBytes(StandardCharsets.UTF_8);
    String textUpload = createUpload(teacher, plan, text.length, "");
    assertThat(patch(textUpload, teacher, 0, text).status()).isEqualTo(204);

    byte[] body = mp4(10_000, 3);
    String wrongSum =
        createUpload(teacher, video, body.length, ",sha256 " + b64(sha256(new byte[1])));
    assertProblem(patch(wrongSum, teacher, 0, body), 400, "checksum-mismatch");
    assertThat(api.get("/api/v1/resources/" + video + "/versions", teacher).items()).isEmpty();

    String tooLong = createUpload(teacher, video, 100, "");
    assertProblem(patch(tooLong, teacher, 0, mp4(200, 4)), 413, "upload-too-long");
  }

  @Test
  @DisplayName(
      "drafts stay in their school, other groups see nothing, and bad tus requests are refused")
  void refusals() throws Exception {
    String teacher = token("teacher.xining");
    String id = draft(teacher, "slides", "草稿").getString("id");
    assertProblem(
        api.get("/api/v1/resources/" + id, token("teacher.yushu")), 404, "resource-not-found");
    assertProblem(
        api.get("/api/v1/resources/" + id, token("student.xining")), 404, "resource-not-found");
    assertThat(api.get("/api/v1/resources/" + id, token("coordinator")).status()).isEqualTo(200);
    assertProblem(
        api.get("/api/v1/resources/00000000-0000-4000-8000-000000000000", teacher),
        404,
        "resource-not-found");
    // an upload for someone else's resource
    Api.Response foreign =
        api.send(
            tus("/api/v1/uploads", token("teacher.yushu"))
                .header("Upload-Length", "10")
                .header("Upload-Metadata", "resourceId " + b64(id))
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertProblem(foreign, 404, "resource-not-found");
    assertProblem(
        api.send(
            api.builder("/api/v1/uploads", teacher)
                .header("Upload-Length", "10")
                .POST(HttpRequest.BodyPublishers.noBody())),
        412,
        "tus-version");
    assertProblem(
        api.send(
            tus("/api/v1/uploads", teacher)
                .header("Upload-Length", "10")
                .header("Upload-Metadata", "resourceId ***")
                .POST(HttpRequest.BodyPublishers.noBody())),
        400,
        "bad-metadata");
    assertProblem(
        api.send(
            tus("/api/v1/uploads", teacher)
                .header("Upload-Length", "99999999999999")
                .header("Upload-Metadata", "resourceId " + b64(id))
                .POST(HttpRequest.BodyPublishers.noBody())),
        413,
        "upload-too-large");
    assertProblem(
        api.post(
            "/api/v1/resources",
            teacher,
            new JsonObject()
                .put("kind", "hologram")
                .put("title", "x")
                .put("stage", "junior")
                .put("subject", "maths")),
        400,
        "validation-failed");
    assertProblem(
        api.post(
            "/api/v1/resources",
            teacher,
            new JsonObject()
                .put("kind", "slides")
                .put("title", "x".repeat(201))
                .put("stage", "junior")
                .put("subject", "maths")),
        400,
        "validation-failed");
    Api.Response options =
        api.send(
            api.builder("/api/v1/uploads", null)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Tus-Extension")).contains("creation", "termination", "expiration");
    // termination drops the upload
    String location = createUpload(teacher, id, 1000, "");
    Api.Response gone =
        api.send(tus(location, teacher).method("DELETE", HttpRequest.BodyPublishers.noBody()));
    assertThat(gone.status()).isEqualTo(204);
    assertThat(
            api.send(tus(location, teacher).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .status())
        .isEqualTo(404);
  }

  static java.nio.file.Path zipOf(java.util.Map<String, byte[]> entries) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream out =
        new java.util.zip.ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (var e : entries.entrySet()) {
        out.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    java.nio.file.Path file = java.nio.file.Files.createTempFile(data, "pkg", ".zip");
    java.nio.file.Files.write(file, bytes.toByteArray());
    return file;
  }

  @Test
  @DisplayName(
      "experiments open only from their own origin under a signed URL, with a strict CSP and no cookies; a zip-slip package is refused")
  void experiments() throws Exception {
    String pupil = token("student.guoluo");
    JsonArray found = api.get("/api/v1/resources?kind=experiment", pupil).items();
    assertThat(found.stream().map(o -> ((JsonObject) o).getString("title")))
        .contains("单摆的周期", "光的折射", "串联和并联电路");
    String pendulum = titled(found, "单摆的周期").getString("id");
    JsonObject launch =
        api.get("/api/v1/resources/" + pendulum + "/launch?locale=bo", pupil).json();
    assertThat(launch.getString("sandbox")).isEqualTo("allow-scripts");
    String url = launch.getString("url");
    assertThat(url).doesNotStartWith(api.base()).contains("locale=bo");
    java.net.http.HttpClient plain = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<String> page =
        plain.send(
            HttpRequest.newBuilder(java.net.URI.create(url)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("connect-src 'none'");
    assertThat(page.headers().firstValue("X-Content-Type-Options").orElse("")).isEqualTo("nosniff");
    assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(page.body()).contains("འཕྱང་འགུལ།");
    // a tampered signature, a path trick and a POST are refused
    String[] parts = url.split("/");
    String tampered = url.replace(parts[7], "A".repeat(22));
    assertThat(
            plain
                .send(
                    HttpRequest.newBuilder(java.net.URI.create(tampered)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(404);
    String base = url.substring(0, url.indexOf("/index.html"));
    assertThat(
            plain
                .send(
                    HttpRequest.newBuilder(java.net.URI.create(base + "/%2e%2e/index.html"))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(404);
    assertThat(
            plain
                .send(
                    HttpRequest.newBuilder(java.net.URI.create(url))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(405);
    // from the app's own origin an experiment is only ever a download, never a page
    Api.Response original = api.get("/api/v1/resources/" + pendulum + "/content", pupil);
    assertThat(original.header("Content-Disposition")).startsWith("attachment;");
    assertThat(original.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(original.header("Content-Security-Policy")).isEqualTo("sandbox");
    assertProblem(
        api.get("/api/v1/resources/" + pendulum + "/launch?locale=fr", pupil),
        400,
        "validation-failed");

    // a package through tus: unpacked entry by entry; a zip-slip package is refused whole
    String teacher = token("teacher.xining");
    String id = draft(teacher, "experiment", "浮力实验").getString("id");
    java.util.Map<String, byte[]> good = new java.util.LinkedHashMap<>();
    good.put(
        "index.html",
        "<!doctype html><script src=\"js/app.js\"></script>".getBytes(StandardCharsets.UTF_8));
    good.put("js/app.js", "document.title = 'buoyancy'".getBytes(StandardCharsets.UTF_8));
    byte[] pkg = java.nio.file.Files.readAllBytes(zipOf(good));
    String location = createUpload(teacher, id, pkg.length, "");
    assertThat(patch(location, teacher, 0, pkg).status()).isEqualTo(204);
    String run = api.get("/api/v1/resources/" + id + "/launch", teacher).json().getString("url");
    String script = run.substring(0, run.indexOf("/index.html")) + "/js/app.js";
    java.net.http.HttpResponse<String> js =
        plain.send(
            HttpRequest.newBuilder(java.net.URI.create(script)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    assertThat(js.body()).contains("buoyancy");

    java.util.Map<String, byte[]> evil = new java.util.LinkedHashMap<>(good);
    evil.put("../../etc/cron.d/evil.js", new byte[] {1});
    byte[] slip = java.nio.file.Files.readAllBytes(zipOf(evil));
    String second = createUpload(teacher, id, slip.length, "");
    assertProblem(patch(second, teacher, 0, slip), 400, "package-path");
    assertThat(api.get("/api/v1/resources/" + id + "/versions", teacher).items()).hasSize(1);
  }

  @Test
  @DisplayName("resources sit on the curriculum tree: chapters and sections in Chinese and Tibetan")
  void curriculumTree() {
    String pupil = token("student.haixi");
    JsonArray nodes = api.get("/api/v1/curriculum?subject=physics&grade=8", pupil).items();
    JsonObject light = titled(nodes, "第四章 光现象");
    assertThat(light.getString("titleBo")).isEqualTo("ལེའུ་བཞི་པ། འོད་ཀྱི་སྣང་ཚུལ།");
    assertThat(light.getString("volume")).isEqualTo("八年级上册");
    assertThat(
            nodes.stream()
                .map(o -> (JsonObject) o)
                .filter(n -> light.getString("id").equals(n.getString("parentId")))
                .map(n -> n.getString("title")))
        .contains("4.4 光的折射");
    JsonArray filed = api.get("/api/v1/resources?nodeId=" + light.getString("id"), pupil).items();
    // the chapter's own experiment and the lesson filed under its section 4.2
    assertThat(filed.stream().map(o -> ((JsonObject) o).getString("title")))
        .containsExactlyInAnyOrder("光的折射", "光的反射");
    String section = titled(nodes, "4.2 光的反射").getString("id");
    assertThat(
            api.get("/api/v1/resources?nodeId=" + section, pupil).items().stream()
                .map(o -> ((JsonObject) o).getString("title")))
        .containsExactly("光的反射");
    String teacher = token("teacher.xining");
    Api.Response unknown =
        api.post(
            "/api/v1/resources",
            teacher,
            new JsonObject()
                .put("kind", "slides")
                .put("title", "没有这一章")
                .put("stage", "junior")
                .put("subject", "physics")
                .put("nodeId", "00000000-0000-4000-8000-000000000000"));
    assertProblem(unknown, 400, "validation-failed");
    assertThat(unknown.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("unknown-node");
  }

  @Test
  @DisplayName(
      "a course orders lessons; it is published only with lessons; a course is not a lesson")
  void courses() {
    String teacher = token("teacher.xining");
    String coordinator = token("coordinator");
    String course = draft(teacher, "course", "勾股定理单元").getString("id");
    JsonArray seeded = api.get("/api/v1/resources?subject=maths&grade=8", teacher).items();
    String first = titled(seeded, "勾股定理（第一课时）").getString("id");
    String second = titled(seeded, "勾股定理的逆定理").getString("id");
    String path = "/api/v1/resources/" + course + "/lessons";
    Api.Response put =
        api.sendRaw(
            "PUT",
            path,
            teacher,
            "application/json",
            new JsonObject()
                .put("lessons", new JsonArray().add(second).add(first))
                .encode()
                .getBytes());
    assertThat(put.status()).as("%s", put).isEqualTo(200);
    assertThat(api.get(path, teacher).items().stream().map(o -> ((JsonObject) o).getString("id")))
        .containsExactly(second, first);
    Api.Response nested =
        api.sendRaw(
            "PUT",
            path,
            teacher,
            "application/json",
            new JsonObject().put("lessons", new JsonArray().add(course)).encode().getBytes());
    assertProblem(nested, 400, "validation-failed");
    assertThat(nested.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("course-in-course");
    assertProblem(
        api.sendRaw(
            "PUT",
            path,
            teacher,
            "application/json",
            new JsonObject()
                .put("lessons", new JsonArray().add(first).add(first))
                .encode()
                .getBytes()),
        400,
        "validation-failed");

    String empty = draft(teacher, "course", "空课程").getString("id");
    Api.Response etag = api.get("/api/v1/resources/" + empty, coordinator);
    assertProblem(
        api.send(
            api.builder("/api/v1/resources/" + empty + "/status", coordinator)
                .header("Content-Type", "application/json")
                .header("If-Match", etag.header("ETag"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"published\"}"))),
        409,
        "no-lessons");

    String pupil = token("student.yushu");
    assertProblem(api.get(path, pupil), 404, "resource-not-found");
    Api.Response current = api.get("/api/v1/resources/" + course, coordinator);
    assertThat(
            api.send(
                    api.builder("/api/v1/resources/" + course + "/status", coordinator)
                        .header("Content-Type", "application/json")
                        .header("If-Match", current.header("ETag"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"published\"}")))
                .status())
        .isEqualTo(200);
    assertThat(api.get(path, pupil).items()).hasSize(2);
  }
}
