package org.classbridge.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.Clips;
import org.classbridge.testing.Library;
import org.classbridge.testing.Poll;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server stopped in the middle of a conversion: ffmpeg is stopped with it (a child process would
 * outlive the JVM), the job goes back to the queue, and the restarted server converts it.
 */
class TranscodeRestartTest {
  @TempDir Path data;
  @TempDir Path clips;

  static final Map<Setting, String> SETTINGS =
      Map.of(Setting.MEDIA_CONCURRENCY, "1", Setting.MEDIA_LEASE, "PT3S");

  @Test
  @DisplayName("a conversion interrupted by a restart is run again and published")
  void interruptedJobRunsAgainAfterRestart() throws Exception {
    byte[] clip = Clips.video(clips, 1280, 720, 30, true);
    String id;
    try (Classbridge first = TestApp.start(data, SETTINGS)) {
      Api api = new Api(first.port());
      Library library = new Library(api);
      String teacher = api.login("teacher.xining", "classbridge");
      id = library.draft(teacher, new JsonObject().put("kind", "lesson-video").put("title", "重启"));
      String location = library.createUpload(teacher, id, "l.mp4", clip.length, "");
      assertThat(library.patch(location, teacher, 0, clip).status()).isEqualTo(204);
      String resource = id;
      assertThat(
              Poll.until(
                  Duration.ofSeconds(60),
                  () -> {
                    JsonObject m = media(api, teacher, resource);
                    return m.getString("state").equals("running")
                        && m.getJsonObject("job").getDouble("progress") > 0;
                  }))
          .isTrue();
      // a conversion runs at a background priority (nice 10), so requests get the cores first
      String[] nice = {null};
      assertThat(Poll.until(Duration.ofSeconds(10), () -> (nice[0] = ffmpegNice()) != null))
          .as("an ffmpeg of this server found running")
          .isTrue();
      assertThat(nice[0]).as("ffmpeg's nice value").isEqualTo("10");
    }
    // the worker stops its ffmpeg at the next progress report (twice a second)
    assertThat(Poll.until(Duration.ofSeconds(10), () -> !ffmpegStillRunning(data)))
        .as("ffmpeg stopped with the server")
        .isTrue();
    // and the stop waited for it: the job went back to the queue before the database closed,
    // rather than lying "running" until its lease ran out
    try (var db = java.sql.DriverManager.getConnection(TestApp.config(data, SETTINGS).db().url());
        var q =
            db.prepareStatement(
                "select state, failure_code from media_job where resource_id = ?")) {
      q.setObject(1, java.util.UUID.fromString(id));
      try (var rs = q.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("queued");
        assertThat(rs.getString(2)).isEqualTo("interrupted");
      }
    }
    try (Classbridge second = TestApp.start(data, SETTINGS)) {
      Api api = new Api(second.port());
      String teacher = api.login("teacher.xining", "classbridge");
      JsonObject[] last = new JsonObject[1];
      assertThat(
              Poll.until(
                  Duration.ofSeconds(120),
                  () -> {
                    last[0] = media(api, teacher, id);
                    return last[0].getString("state").equals("done");
                  }))
          .as("%s", last[0])
          .isTrue();
      assertThat(last[0].getJsonObject("job").getInteger("attempts")).isEqualTo(2);
      assertThat(last[0].getJsonObject("job").containsKey("failure")).isFalse();
      assertThat(last[0].getBoolean("ready")).isTrue();
    }
  }

  static JsonObject media(Api api, String token, String id) {
    return api.get("/api/v1/resources/" + id + "/media", token).json();
  }

  /** Whether an ffmpeg this test's server started (working in its data folder) still runs. */
  /** The nice value of an ffmpeg this JVM runs, or null when none runs now. */
  static String ffmpegNice() {
    for (ProcessHandle p :
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().command().map(c -> c.endsWith("/ffmpeg")).orElse(false))
            .toList()) {
      try {
        String stat = java.nio.file.Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
        // the fields after "(comm) ": the state is field 3 of the line, nice field 19
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19 - 3];
      } catch (java.io.IOException gone) {
        // it ended between the listing and the read: look at the next, or poll again
      }
    }
    return null;
  }

  static boolean ffmpegStillRunning(Path data) {
    return ProcessHandle.current()
        .descendants()
        .anyMatch(
            p ->
                p.isAlive()
                    && p.info().command().map(c -> c.endsWith("/ffmpeg")).orElse(false)
                    && java.util.Arrays.stream(p.info().arguments().orElse(new String[0]))
                        .anyMatch(a -> a.startsWith(data.toString())));
  }
}
