package org.classbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.classbridge.testing.Api;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `classbridge backup` against a running embedded server with lessons, bookings and accounts, then
 * `classbridge restore` into an empty data directory and a server started on it: every lesson file
 * has the same SHA-256, the booking and the new account are there, and search finds the same
 * lessons (the index rebuilt from the restored database).
 */
class BackupRestoreTest {
  @TempDir Path dir;

  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T01:50:00Z"));

  /** Every lesson file: resource id -> SHA-256 of the bytes served. */
  private static Map<String, String> fileHashes(Api api, String token) throws Exception {
    Map<String, String> out = new TreeMap<>();
    HttpClient http = HttpClient.newHttpClient();
    for (Object o : api.get("/api/v1/resources?size=100", token).items()) {
      JsonObject r = (JsonObject) o;
      if (r.getJsonObject("file") == null) {
        continue;
      }
      HttpResponse<byte[]> body =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(api.base() + r.getJsonObject("file").getString("url")))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(body.statusCode()).isEqualTo(200);
      String sha =
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.body()));
      assertThat(sha).isEqualTo(r.getJsonObject("file").getString("sha256"));
      out.put(r.getString("id"), sha);
    }
    return out;
  }

  private static List<String> search(Api api, String token, String q) {
    return api
        .get(
            "/api/v1/search?q="
                + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8),
            token)
        .items()
        .stream()
        .map(x -> ((JsonObject) x).getString("id"))
        .toList();
  }

  @Test
  @DisplayName(
      "a backup of a running server restores into an empty data directory: same files, bookings, accounts and search results")
  void backupWhileServingThenRestore() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Path archive = dir.resolve("classbridge-backup.zip");
    Map<String, String> files;
    List<String> found;
    String booked;
    try (Classbridge first = Classbridge.start(TestApp.config(a, Map.of()), CLOCK)) {
      Api api = new Api(first.port());
      String coordinator = api.login("coordinator", "classbridge");
      String admin = api.login("admin", "classbridge");
      // an account and a booking made through the API, beyond the demo data
      JsonObject school =
          api.get("/api/v1/me/dashboard", coordinator).json().getJsonObject("school");
      Api.Response created =
          api.post(
              "/api/v1/users",
              admin,
              new JsonObject()
                  .put("username", "backup.pupil")
                  .put("displayName", "备份 测试")
                  .put("role", "student")
                  .put("schoolId", school.getString("id"))
                  .put("password", "a-long-password-9"));
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      JsonObject maths =
          api.get(
                  "/api/v1/me/timetable?from=2026-12-01&to=2026-12-01",
                  api.login("teacher.xining", "classbridge"))
              .items()
              .getJsonObject(0);
      JsonObject full = api.get("/api/v1/sessions/" + maths.getString("id"), coordinator).json();
      JsonArray receivers = new JsonArray();
      for (Object r : full.getJsonArray("receivers")) {
        JsonObject x = (JsonObject) r;
        receivers.add(
            new JsonObject()
                .put("classroomId", x.getJsonObject("classroom").getString("id"))
                .put("classId", x.getJsonObject("class").getString("id")));
      }
      Api.Response booking =
          api.post(
              "/api/v1/sessions",
              coordinator,
              new JsonObject()
                  .put("termId", full.getString("termId"))
                  .put("subject", "maths")
                  .put("teacherId", full.getJsonObject("teacher").getString("id"))
                  .put("mainClassroomId", full.getJsonObject("mainClassroom").getString("id"))
                  .put("receivers", receivers)
                  .put("startsAt", "2026-12-04T08:00:00Z")
                  .put("endsAt", "2026-12-04T08:45:00Z")
                  .put("title", "备份前预约的课"));
      assertThat(booking.status()).as("%s", booking).isEqualTo(201);
      booked = booking.json().getString("id");
      files = fileHashes(api, coordinator);
      assertThat(files).as("the demo's lesson files").hasSizeGreaterThan(5);
      found = search(api, coordinator, "勾股定理");
      assertThat(found).isNotEmpty();

      // while it serves: the CLI asks the server (it holds the database), which writes the archive
      JsonObject made =
          BackupCli.make(
              ConfigLoader.load(
                  new java.util.ArrayList<>(List.of("--data", a.toString())), Map.of()),
              archive);
      assertThat(made.getString("madeBy")).isEqualTo("server");
      assertThat(made.getInteger("blobs")).isGreaterThanOrEqualTo(files.size());
      assertThat(archive).exists();
      // never over an existing file
      assertThat(
              BackupCli.backup(
                  List.of("--to", archive.toString(), "--data", a.toString()), Map.of()))
          .isEqualTo(2);
      // and the server goes on serving
      assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
    }

    // a restore into a fresh data directory, then a server on it
    assertThat(BackupCli.restore(List.of(archive.toString(), "--data", b.toString()), Map.of()))
        .isZero();
    assertThat(b.resolve("search")).doesNotExist();
    // a second restore does not overwrite a database
    assertThat(BackupCli.restore(List.of(archive.toString(), "--data", b.toString()), Map.of()))
        .isEqualTo(1);
    try (Classbridge second =
        Classbridge.start(TestApp.config(b, Map.of(Setting.DEMO_SEED, "false")), CLOCK)) {
      Api api = new Api(second.port());
      String coordinator = api.login("coordinator", "classbridge");
      assertThat(fileHashes(api, coordinator)).isEqualTo(files);
      assertThat(api.get("/api/v1/sessions/" + booked, coordinator).json().getString("title"))
          .isEqualTo("备份前预约的课");
      assertThat(api.get("/api/v1/me", api.login("backup.pupil", "a-long-password-9")).status())
          .isEqualTo(200);
      assertThat(search(api, coordinator, "勾股定理")).isEqualTo(found);
    }
  }

  @Test
  @DisplayName("restore refuses what is not a Classbridge backup, and leaves the directory empty")
  void refusesForeignArchives() throws Exception {
    Path bogus = dir.resolve("bogus.zip");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(bogus))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("../../etc/passwd"));
      zip.write("x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    Path target = dir.resolve("empty");
    assertThat(BackupCli.restore(List.of(bogus.toString(), "--data", target.toString()), Map.of()))
        .isEqualTo(1);
    assertThat(target.resolve("db")).doesNotExist();
    assertThat(dir.getParent().resolve("etc")).doesNotExist();
  }
}
