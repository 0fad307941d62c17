package org.classbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.Api.Response;
import org.classbridge.testing.Poll;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roll imports as background jobs: answered at once, private to their owner, restart-proof. */
class ImportJobApiTest {
  @TempDir Path data;

  static Response submit(Api api, String token, String csv) {
    return api.postRaw(
        "/api/v1/users/import", token, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject await(Api api, String token, String job, Duration limit) {
    JsonObject[] last = new JsonObject[1];
    Poll.until(
        limit,
        () -> {
          last[0] = api.get(job, token).json();
          return !Set.of("queued", "running").contains(last[0].getString("state"));
        });
    return last[0];
  }

  @Test
  @DisplayName(
      "a job is its owner's: its report, formula-safe CSV and escaped login slips in Chinese and"
          + " Tibetan")
  void reportCsvAndSlips() throws Exception {
    try (Classbridge app = TestApp.start(data, Map.of(Setting.LOGIN_IP_FAILURES, "10000"))) {
      Api api = new Api(app.port());
      String admin = api.login("admin", "classbridge");
      String csv =
          "username,display_name,role,school,class\n"
              + "slip.one,\"=HYPERLINK(\"\"http://evil\"\")\",student,玉树州通天河寄宿学校,八年级（1）班\n"
              + "slip.two,<script>alert(1)</script>,student,玉树州通天河寄宿学校,\n";
      Response submitted = submit(api, admin, csv);
      assertThat(submitted.status()).as("%s", submitted).isEqualTo(202);
      String job = submitted.header("Location");
      JsonObject done = await(api, admin, job, Duration.ofSeconds(30));
      assertThat(done.getString("state")).isEqualTo("done");
      assertThat(done.getInteger("progress")).isEqualTo(100);
      assertThat(done.getJsonObject("summary").getInteger("created")).isEqualTo(2);

      Response report = api.get(job + "/report", admin);
      assertThat(report.json().getJsonArray("results")).hasSize(2);

      Response table = api.get(job + "/report.csv", admin);
      assertThat(table.header("Content-Type")).startsWith("text/csv");
      // the cell is quoted (it holds quotes) and starts with an apostrophe: text, not a formula
      assertThat(table.body())
          .contains(",\"'=HYPERLINK(")
          .doesNotContain(",=HYPERLINK(")
          .doesNotContain(",\"=HYPERLINK(");

      Response slips = api.get(job + "/slips?lang=bo", admin);
      assertThat(slips.header("Content-Type")).startsWith("text/html");
      assertThat(slips.body())
          .contains("slip.one", "slip.two", "ཐེངས་གཅིག་གི་གསང་ཨང་།", "八年级（1）班")
          .contains("&lt;script&gt;")
          .doesNotContain("<script>alert");
      assertThat(api.get(job + "/slips", admin).body()).contains("一次性密码");

      // another admin is told the job does not exist; a coordinator may not ask at all
      api.post(
          "/api/v1/users",
          admin,
          new JsonObject()
              .put("username", "admin.other")
              .put("displayName", "Other admin")
              .put("role", "admin")
              .put("password", "classbridge"));
      String other = api.login("admin.other", "classbridge");
      assertThat(api.get(job, other).json().getString("code")).isEqualTo("job-not-found");
      assertThat(api.get(job + "/report", other).status()).isEqualTo(404);
      assertThat(api.get(job, api.login("coordinator", "classbridge")).status()).isEqualTo(403);
      // a file that cannot be imported at all is refused at once, no job
      Response refused = submit(api, admin, "username,身份证号\nx,1\n");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().getString("code")).isEqualTo("csv-forbidden-column");
    }
  }

  @Test
  @DisplayName(
      "a server stopped mid-import applies none of it; after the restart the job runs again and"
          + " every account is created once")
  void survivesRestart() throws Exception {
    StringBuilder csv = new StringBuilder("username,display_name,role,school\n");
    int rows = 240;
    for (int i = 0; i < rows; i++) {
      csv.append("restart.").append(i).append(",学生").append(i).append(",student,果洛州雪莲牧区学校\n");
    }
    // slow hashing, so the job is still running when the server stops
    Map<Setting, String> slow =
        Map.of(
            Setting.PASSWORD_ITERATIONS, "150000",
            Setting.IMPORT_JOB_LEASE, "PT2S",
            Setting.LOGIN_IP_FAILURES, "10000");
    String job;
    try (Classbridge first = TestApp.start(data, slow)) {
      Api api = new Api(first.port());
      String admin = api.login("admin", "classbridge");
      Response submitted = submit(api, admin, csv.toString());
      assertThat(submitted.status()).isEqualTo(202);
      job = submitted.header("Location");
      assertThat(
              Poll.until(
                  Duration.ofSeconds(30),
                  () -> {
                    JsonObject j = api.get(job, admin).json();
                    return "running".equals(j.getString("state")) && j.getInteger("progress") > 10;
                  }))
          .as("the job is under way")
          .isTrue();
    } // stopped in the middle
    try (Classbridge second = TestApp.start(data, slow)) {
      Api api = new Api(second.port());
      String admin = api.login("admin", "classbridge");
      JsonObject interrupted = api.get(job, admin).json();
      assertThat(interrupted.getString("state")).isIn("queued", "running");
      Response listed = api.get("/api/v1/users?q=restart.&size=1000", admin);
      assertThat(listed.json().getJsonArray("items")).as("nothing of it applied").isEmpty();
      JsonObject done = await(api, admin, job, Duration.ofSeconds(90));
      assertThat(done.getString("state")).as("%s", done).isEqualTo("done");
      assertThat(done.getJsonObject("summary").getInteger("created")).isEqualTo(rows);
      assertThat(api.get("/api/v1/users?q=restart.&size=1000", admin).json().getJsonArray("items"))
          .hasSize(rows);
    }
  }
}
