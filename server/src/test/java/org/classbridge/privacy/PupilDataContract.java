package org.classbridge.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pupil's data on the demo group: an admin exports it, others are refused, and erasing a pupil
 * who left leaves nothing in any table that names them, while the schools' figures (attendance
 * marks, viewing) still add up.
 */
abstract class PupilDataContract {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T01:50:00Z"));

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

  static String id(String username) {
    return api.get("/api/v1/me", token(username)).json().getJsonObject("user").getString("id");
  }

  static long count(String sql) throws Exception {
    return app.services()
        .database()
        .read(tx -> tx.count(sql))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
  }

  /** Every cell of every table (but the migrations' own) that contains one of {@code needles}. */
  static List<String> cellsContaining(List<String> needles) throws Exception {
    return app.services()
        .database()
        .read(
            tx -> {
              List<String> tables =
                  tx.list(
                      "select table_name from information_schema.tables"
                          + " where table_schema = current_schema and table_type in ('BASE TABLE', 'TABLE')",
                      rs -> rs.getString(1));
              List<String> found = new ArrayList<>();
              for (String table : tables) {
                if (table.toLowerCase(Locale.ROOT).startsWith("flyway")) {
                  continue;
                }
                tx.list(
                    "select * from " + table,
                    rs -> {
                      scan(table, rs, needles, found);
                      return null;
                    });
              }
              return found;
            })
        .toCompletionStage()
        .toCompletableFuture()
        .get();
  }

  private static void scan(String table, ResultSet rs, List<String> needles, List<String> found)
      throws java.sql.SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String cell = rs.getString(i);
      if (cell == null) {
        continue;
      }
      for (String needle : needles) {
        if (cell.contains(needle)) {
          found.add(table + "." + meta.getColumnName(i) + " contains " + needle);
        }
      }
    }
  }

  @Test
  @DisplayName(
      "an admin exports a pupil's data and erases a pupil who left: nothing names them afterwards, the figures still add up, and everyone else is refused")
  void exportAndErase() throws Exception {
    String admin = token("admin");
    String pupil = id("student.yushu2");
    String pupilToken = token("student.yushu2");
    // the pupil watches a lesson; an admin corrects the pupil's name (an audit entry about them)
    String resource =
        api.get("/api/v1/resources", pupilToken).items().getJsonObject(0).getString("id");
    Api.Response watched =
        api.sendRaw(
            "PUT",
            "/api/v1/resources/" + resource + "/progress",
            pupilToken,
            "application/json",
            new JsonObject()
                .put("positionSeconds", 120)
                .put("watchedSeconds", 60)
                .encode()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(watched.status()).as("%s", watched).isEqualTo(200);
    Api.Response account = api.get("/api/v1/users/" + pupil, admin);
    Api.Response renamed =
        api.patch(
            "/api/v1/users/" + pupil,
            admin,
            account.header("ETag"),
            new JsonObject().put("displayName", "ལྷ་མོ། 拉姆卓玛"));
    assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);

    String path = "/api/v1/users/" + pupil + "/personal-data";
    // only admins, only pupils
    assertProblem(api.get(path, token("coordinator")), 403, "forbidden");
    assertProblem(api.get(path, token("teacher.yushu")), 403, "forbidden");
    assertProblem(api.get(path, pupilToken), 403, "forbidden");
    assertProblem(
        api.get("/api/v1/users/" + id("teacher.yushu") + "/personal-data", admin),
        409,
        "not-a-pupil");
    assertProblem(
        api.get("/api/v1/users/" + java.util.UUID.randomUUID() + "/personal-data", admin),
        404,
        "user-not-found");

    JsonObject export = api.get(path, admin).json();
    assertThat(export.getJsonObject("account").getString("username")).isEqualTo("student.yushu2");
    assertThat(export.getJsonObject("school").getString("name")).contains("玉树");
    assertThat(export.getJsonArray("classes")).hasSize(1);
    assertThat(export.getJsonArray("attendance"))
        .as("the demo registers mark the pupil")
        .isNotEmpty();
    assertThat(
            export.getJsonObject("viewing").getJsonArray("progress").stream()
                .map(p -> ((JsonObject) p).getString("resourceId")))
        .contains(resource);
    assertThat(export.getJsonObject("viewing").getJsonArray("days")).isNotEmpty();
    assertThat(export.getJsonArray("audit").encode()).contains("拉姆卓玛");

    // the scan below sees the pupil while they are there (it reads every table)
    assertThat(cellsContaining(List.of(pupil, "student.yushu2")))
        .anyMatch(c -> c.toLowerCase(Locale.ROOT).startsWith("app_user."))
        .anyMatch(c -> c.toLowerCase(Locale.ROOT).startsWith("attendance."))
        .anyMatch(c -> c.toLowerCase(Locale.ROOT).startsWith("class_member."))
        .anyMatch(c -> c.toLowerCase(Locale.ROOT).startsWith("audit_event."));
    long marks = count("select count(*) from attendance");
    long present = count("select count(*) from attendance where present");
    long viewing =
        count("select count(*) from playback") + count("select count(*) from playback_day");
    String erase = "/api/v1/users/" + pupil + "/erasure";
    // the username is repeated, or nothing happens
    assertProblem(
        api.post(erase, admin, new JsonObject().put("username", "student.yushu")),
        400,
        "validation-failed");
    assertProblem(
        api.post(erase, token("coordinator"), new JsonObject().put("username", "student.yushu2")),
        403,
        "forbidden");
    assertThat(api.get("/api/v1/me", pupilToken).status()).isEqualTo(200);

    Api.Response erased =
        api.post(erase, admin, new JsonObject().put("username", "student.yushu2"));
    assertThat(erased.status()).as("%s", erased).isEqualTo(200);
    // gone: no login, no token, no account
    assertThat(api.get("/api/v1/me", pupilToken).status()).isEqualTo(401);
    assertProblem(api.get(path, admin), 404, "user-not-found");
    // nothing anywhere names the pupil: not the id, the username, nor either display name
    assertThat(
            cellsContaining(
                List.of(
                    pupil,
                    "student.yushu2",
                    "ལྷ་མོ། 拉姆",
                    export.getJsonObject("account").getString("displayName"))))
        .isEmpty();
    // nobody logs in as the pupil any more (a throttle bucket for the name typed comes and goes)
    assertThat(
            api.post(
                    "/api/v1/auth/login",
                    null,
                    new JsonObject()
                        .put("username", "student.yushu2")
                        .put("password", "classbridge"))
                .status())
        .isEqualTo(401);
    // and the schools' figures are as they were
    assertThat(count("select count(*) from attendance")).isEqualTo(marks);
    assertThat(count("select count(*) from attendance where present")).isEqualTo(present);
    assertThat(count("select count(*) from playback") + count("select count(*) from playback_day"))
        .isEqualTo(viewing);
    // the other pupils are untouched
    assertThat(api.get("/api/v1/me", token("student.yushu")).status()).isEqualTo(200);
  }
}
