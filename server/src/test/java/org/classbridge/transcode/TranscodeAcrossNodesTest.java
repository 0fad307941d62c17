package org.classbridge.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.classbridge.testing.Api;
import org.classbridge.testing.Clips;
import org.classbridge.testing.Library;
import org.classbridge.testing.Poll;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.ServerNodes;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transcode queue across server processes on PostgreSQL and an S3 server (S3Proxy): a node
 * killed mid-job (SIGKILL, its ffmpeg with it, as when a machine dies) has its job taken over by
 * another once the lease runs out; and two nodes sharing a queue never run the same job twice.
 */
class TranscodeAcrossNodesTest {
  @RegisterExtension
  // S3Proxy's in-memory store, not its default folder store: that one deletes a folder once its
  // last object is gone, and a put into the same folder at that moment fails with 500 (seen when
  // a node's two demo-library lanes staged uploads under incoming/ at once). S3 and MinIO have no
  // folders to lose; S3ProxyBlobStoreTest keeps the folder store for the contract
  static final S3ProxyExtension S3 =
      S3ProxyExtension.builder()
          .withBlobStoreProvider("transient")
          .withCredentials("classbridge-media", "classbridge-media-secret")
          .build();

  @TempDir Path data;
  @TempDir Path clips;
  ServerNodes nodes;

  @AfterEach
  void stopNodes() {
    if (nodes != null) {
      nodes.close();
    }
  }

  ServerNodes.Node node(String name, String dbUrl) throws Exception {
    if (nodes == null) {
      nodes = new ServerNodes(data);
    }
    return nodes.start(
        name,
        dbUrl,
        List.of(
            "--blob.store=minio",
            "--blob.minio.endpoint=" + S3.getUri(),
            "--blob.minio.access-key=" + S3.getAccessKey(),
            "--blob.minio.secret-key=" + S3.getSecretKey(),
            "--media.concurrency=1",
            "--media.job-lease=PT3S",
            "--media.ffmpeg=" + Clips.tools().ffmpeg(),
            "--media.ffprobe=" + Clips.tools().ffprobe()));
  }

  static String upload(Api api, String title, byte[] clip) {
    Library library = new Library(api);
    String teacher = api.login("teacher.xining", "classbridge");
    String id =
        library.draft(teacher, new JsonObject().put("kind", "lesson-video").put("title", title));
    String location = library.createUpload(teacher, id, "lesson.mp4", clip.length, "");
    assertThat(library.patch(location, teacher, 0, clip).status()).isEqualTo(204);
    return id;
  }

  static JsonObject media(Api api, String id) {
    return api.get("/api/v1/resources/" + id + "/media", api.login("teacher.xining", "classbridge"))
        .json();
  }

  static JsonObject waitFor(Api api, String id, String state, Duration limit) {
    JsonObject[] last = new JsonObject[1];
    boolean reached =
        Poll.until(
            limit,
            () -> {
              last[0] = media(api, id);
              return state.equals(last[0].getString("state"));
            });
    assertThat(reached).as("%s never reached %s: %s", id, state, last[0]).isTrue();
    return last[0];
  }

  /** Resource ids of the "published" lines in both nodes' logs. */
  static List<String> publishedIn(ServerNodes.Node a, ServerNodes.Node b) {
    try {
      String logA = java.nio.file.Files.readString(a.dir().resolve("server.log"));
      String logB = java.nio.file.Files.readString(b.dir().resolve("server.log"));
      return java.util.stream.Stream.concat(logA.lines(), logB.lines())
          .filter(l -> l.contains("published:"))
          .map(l -> l.replaceAll(".* of resource ([0-9a-f-]{36}) published:.*", "$1"))
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName(
      "a node killed mid-transcode: another node takes the job over after its lease, and publishes it")
  void killedNodesJobIsTakenOver() throws Exception {
    try (PostgresSchema schema = PostgresSchema.createOrSkip("TranscodeAcrossNodesTest")) {
      ServerNodes.Node a = node("a", schema.url());
      String id = upload(a.api(), "被中断的转码", Clips.video(clips, 1280, 720, 30, true));
      JsonObject running = waitFor(a.api(), id, "running", Duration.ofSeconds(60));
      assertThat(running.getJsonObject("job").getInteger("attempts")).isEqualTo(1);
      // the machine dies: the server and the ffmpeg it started
      List<ProcessHandle> children = a.process().descendants().toList();
      a.kill();
      children.forEach(ProcessHandle::destroyForcibly);

      ServerNodes.Node b = node("b", schema.url());
      JsonObject done = waitFor(b.api(), id, "done", Duration.ofSeconds(180));
      assertThat(done.getJsonObject("job").getInteger("attempts")).isEqualTo(2);
      assertThat(done.getBoolean("ready")).isTrue();
      assertThat(done.getJsonArray("variants")).hasSize(5);
    }
  }

  @Test
  @DisplayName("two nodes sharing the queue: every job is claimed once and published once")
  void twoNodesNeverRunTheSameJob() throws Exception {
    try (PostgresSchema schema = PostgresSchema.createOrSkip("TranscodeAcrossNodesTest2")) {
      ServerNodes.Node a = node("a", schema.url());
      ServerNodes.Node b = node("b", schema.url());
      byte[] clip = Clips.video(clips, 640, 360, 8, true);
      List<String> ids =
          List.of(
              upload(a.api(), "第一课", clip),
              upload(b.api(), "第二课", Clips.video(clips, 640, 360, 9, true)),
              upload(a.api(), "第三课", Clips.video(clips, 640, 360, 10, true)));
      for (String id : ids) {
        JsonObject done = waitFor(b.api(), id, "done", Duration.ofSeconds(180));
        assertThat(done.getJsonObject("job").getInteger("attempts")).as(id).isEqualTo(1);
      }
      // across both nodes' logs (the demo library's videos included), no resource was published
      // twice, and each of ours once; a node logs just after its commit, so wait for the lines
      List<List<String>> published = new java.util.ArrayList<>();
      Poll.until(
          Duration.ofSeconds(15),
          () -> {
            published.clear();
            published.add(publishedIn(a, b));
            return published.getFirst().containsAll(ids);
          });
      assertThat(published.getFirst()).doesNotHaveDuplicates().containsAll(ids);
    }
  }
}
