package org.classbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.Api.Response;
import org.classbridge.testing.Poll;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountImportApiTest {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;
  static String admin;

  static final String ROLL =
      "\uFEFF用户名,姓名,角色,学校,班级,密码\r\n"
          + "stu.dorje,\"རྡོ་རྗེ། 多杰\",学生,玉树州通天河寄宿学校,八年级（1）班,\r\n"
          + "stu.yangjin,\"དབྱངས་ཅན། 央金\",student,玉树州通天河寄宿学校,八年级（1）班,\r\n"
          + "tea.gongbu,贡布 老师,教师,果洛州雪莲牧区学校,八年级（1）班,gongbu-secret\r\n"
          + "stu.bad,坏角色,admin,玉树州通天河寄宿学校,,\r\n"
          + "stu.lost,无校,学生,不存在的学校,,\r\n"
          + "stu.dorje,重复,学生,玉树州通天河寄宿学校,,\r\n"
          + "Bad Name!,名字,学生,玉树州通天河寄宿学校,,\r\n"
          + "stu.noclass,无班,学生,玉树州通天河寄宿学校,九年级（9）班,\r\n"
          + "teacher.yushu,Already here,教师,玉树州通天河寄宿学校,,\r\n"
          + "student.guoluo,Other school,学生,玉树州通天河寄宿学校,,\r\n";

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data);
    api = new Api(app.port());
    admin = api.login("admin", "classbridge");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /**
   * Submits an import and, once its job has run, answers its report; a file refused as a whole is
   * refused at once by the POST, and that answer is returned as it is.
   */
  static Response importCsv(String csv, boolean dryRun) {
    Response submitted =
        api.postRaw(
            "/api/v1/users/import" + (dryRun ? "?dryRun=true" : ""),
            admin,
            "text/csv; charset=utf-8",
            csv.getBytes(StandardCharsets.UTF_8));
    if (submitted.status() != 202) {
      return submitted;
    }
    String job = submitted.header("Location");
    assertThat(job).isEqualTo(submitted.json().getString("url"));
    JsonObject[] last = new JsonObject[1];
    assertThat(
            Poll.until(
                Duration.ofSeconds(60),
                () -> {
                  last[0] = api.get(job, admin).json();
                  return !Set.of("queued", "running").contains(last[0].getString("state"));
                }))
        .as("the import job finishes")
        .isTrue();
    assertThat(last[0].getString("state")).as("%s", last[0]).isEqualTo("done");
    return api.get(job + "/report", admin);
  }

  static JsonObject row(JsonObject report, int line) {
    for (Object o : report.getJsonArray("results")) {
      JsonObject r = (JsonObject) o;
      if (r.getInteger("line") == line) {
        return r;
      }
    }
    throw new AssertionError("no line " + line + " in " + report.encodePrettily());
  }

  static List<String> errorCodes(JsonObject row) {
    return row.getJsonArray("errors", new JsonArray()).stream()
        .map(e -> ((JsonObject) e).getString("code"))
        .toList();
  }

  static int userCount() {
    return api.get("/api/v1/users", admin).items().size();
  }

  @Test
  @DisplayName("a dry run reports every row and creates nothing")
  void dryRun() {
    int before = userCount();
    JsonObject report = importCsv(ROLL.replace("stu.", "dry."), true).json();
    assertThat(report.getBoolean("dryRun")).isTrue();
    assertThat(row(report, 2).getString("status")).isEqualTo("would-create");
    assertThat(row(report, 2).containsKey("initialPassword")).isFalse();
    assertThat(userCount()).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "imports Chinese and Tibetan rolls, reports each bad row, and sending it again creates nothing twice")
  void importTwice() {
    int before = userCount();
    Response first = importCsv(ROLL, false);
    assertThat(first.status()).as("%s", first).isEqualTo(200);
    JsonObject report = first.json();
    assertThat(report.getInteger("rows")).isEqualTo(10);
    assertThat(report.getInteger("created")).isEqualTo(3);
    assertThat(report.getInteger("unchanged")).isEqualTo(1);
    assertThat(report.getInteger("failed")).isEqualTo(6);

    assertThat(row(report, 2).getString("status")).isEqualTo("created");
    String generated = row(report, 2).getString("initialPassword");
    assertThat(generated).matches("[a-z2-9]{10}");
    assertThat(row(report, 4).containsKey("initialPassword")).isFalse(); // had its own password
    assertThat(errorCodes(row(report, 5))).contains("not-importable");
    assertThat(errorCodes(row(report, 6))).contains("unknown-school");
    assertThat(errorCodes(row(report, 7))).contains("duplicate-in-file");
    assertThat(errorCodes(row(report, 8))).contains("bad-username");
    assertThat(errorCodes(row(report, 9))).contains("unknown-class");
    assertThat(row(report, 10).getString("status")).isEqualTo("unchanged");
    assertThat(errorCodes(row(report, 11))).contains("username-taken");
    assertThat(userCount()).isEqualTo(before + 3);

    // the imported student logs in with the generated password, is in the class, named in Tibetan
    String token = api.login("stu.dorje", generated);
    JsonObject me = api.get("/api/v1/me", token).json();
    assertThat(me.getJsonObject("user").getString("displayName")).isEqualTo("རྡོ་རྗེ། 多杰");
    assertThat(me.getJsonArray("classes").getJsonObject(0).getString("name")).isEqualTo("八年级（1）班");
    assertThat(api.login("tea.gongbu", "gongbu-secret")).isNotBlank();

    JsonObject again = importCsv(ROLL, false).json();
    assertThat(again.getInteger("created")).isZero();
    assertThat(again.getInteger("unchanged")).isEqualTo(4);
    assertThat(again.getInteger("failed")).isEqualTo(6);
    assertThat(row(again, 2).containsKey("initialPassword")).isFalse();
    assertThat(userCount()).isEqualTo(before + 3);
    assertThat(api.login("stu.dorje", generated)).isNotBlank(); // password untouched
  }

  @Test
  @DisplayName("a class for a coordinator is a row error, and the rest of the file still imports")
  void classOnlyForStudentsAndTeachers() {
    JsonObject report =
        importCsv(
                "username,display_name,role,school,class\n"
                    + "coord.class,协调员,协调员,玉树州通天河寄宿学校,八年级（1）班\n"
                    + "stu.classok,学生,学生,玉树州通天河寄宿学校,八年级（1）班\n",
                false)
            .json();
    assertThat(errorCodes(row(report, 2))).containsExactly("class-not-for-role");
    assertThat(row(report, 3).getString("status")).isEqualTo("created");
    String token = api.login("stu.classok", row(report, 3).getString("initialPassword"));
    assertThat(api.get("/api/v1/me", token).json().getJsonArray("classes")).hasSize(1);
  }

  @Test
  @DisplayName(
      "files with phone or ID-number columns are refused whole, before anything is created")
  void forbiddenColumns() {
    int before = userCount();
    for (String header : List.of("手机", "phone", "身份证号", "id_number", "mobile")) {
      Response r =
          importCsv(
              "username,display_name,role,school," + header + "\nx.one,一,学生,玉树州通天河寄宿学校,1\n", false);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.code()).isEqualTo("csv-forbidden-column");
    }
    assertThat(userCount()).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "broken files get their own codes: not UTF-8, missing and unknown columns, wrong type")
  void brokenFiles() {
    byte[] gbk =
        "username,display_name,role,school\nx.gbk,张三,学生,玉树州通天河寄宿学校\n"
            .getBytes(Charset.forName("GBK"));
    assertThat(api.postRaw("/api/v1/users/import", admin, "text/csv", gbk).code())
        .isEqualTo("csv-not-utf8");
    assertThat(importCsv("username,display_name\nx,y\n", false).code())
        .isEqualTo("csv-missing-column");
    assertThat(importCsv("username,display_name,role,school,shoe_size\n", false).code())
        .isEqualTo("csv-unknown-column");
    assertThat(importCsv("", false).code()).isEqualTo("csv-empty");
    Response wrongType =
        api.postRaw(
            "/api/v1/users/import", admin, "application/vnd.ms-excel", new byte[] {1, 2, 3});
    assertThat(wrongType.status()).isEqualTo(415);
    assertThat(
            api.postRaw(
                    "/api/v1/users/import?dryRun=maybe", admin, "text/csv", "username\n".getBytes())
                .code())
        .isEqualTo("validation-failed");
  }
}
