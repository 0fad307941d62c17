package org.classbridge.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.classbridge.testing.Api;
import org.classbridge.testing.PostgresSchema;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload survives its server, and needs no sticky sessions: two Classbridge server processes
 * share PostgreSQL and an S3 server (S3Proxy, the docker-compose shape); half a video goes to the
 * first, which is then killed (SIGKILL, no shutdown), and the second takes the rest from the last
 * acknowledged offset. The stored file's SHA-256 is the one sent.
 */
class UploadAcrossNodesTest {
  static final String JWT_KEY = "nodes:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  static final String PSEUDONYM_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @RegisterExtension
  static final S3ProxyExtension S3 =
      S3ProxyExtension.builder()
          .withCredentials("classbridge-nodes", "classbridge-nodes-secret")
          .build();

  @TempDir Path data;
  final List<Process> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(Process::destroyForcibly);
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A server process on this test's classpath, waited for until ready. */
  Api node(String name, String dbUrl) throws Exception {
    int port = freePort();
    Path dir = Files.createDirectories(data.resolve(name));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.classbridge.app.Main",
                "--port=" + port,
                "--experiments.port=0",
                "--host=127.0.0.1",
                "--data=" + dir,
                "--db.url=" + dbUrl,
                "--blob.store=minio",
                "--blob.minio.endpoint=" + S3.getUri(),
                "--blob.minio.access-key=" + S3.getAccessKey(),
                "--blob.minio.secret-key=" + S3.getSecretKey(),
                "--auth.jwt-keys=" + JWT_KEY,
                "--auth.password-iterations=1000",
                "--catalogue.pseudonym-key=" + PSEUDONYM_KEY));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    nodes.add(p);
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return new Api(port);
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            name + " did not start: " + Files.readString(dir.resolve("server.log")));
      }
      Thread.sleep(200);
    }
  }

  @Test
  @DisplayName(
      "half an upload on node A, A killed, the rest on node B from the acknowledged offset: same SHA-256")
  void resumeOnAnotherNodeAfterAKill() throws Exception {
    try (PostgresSchema schema = PostgresSchema.createOrSkip("UploadAcrossNodesTest")) {
      Api a = node("a", schema.url());
      Api b = node("b", schema.url());
      String teacherA = a.login("teacher.xining", "classbridge");
      CatalogueApiContract.api = a;
      String id = CatalogueApiContract.draft(teacherA, "lesson-video", "跨节点上传").getString("id");
      byte[] video = CatalogueApiContract.mp4(6 * 1024 * 1024 + 123, 9);
      String sha = CatalogueApiContract.sha256(video);
      String location =
          CatalogueApiContract.createUpload(
              teacherA, id, video.length, ",sha256 " + CatalogueApiContract.b64(sha));
      int half = 3 * 1024 * 1024 + 7;
      Api.Response first =
          CatalogueApiContract.patch(location, teacherA, 0, Arrays.copyOf(video, half));
      assertThat(first.status()).as("%s", first).isEqualTo(204);

      // the next PATCH is cut off in flight: node A is killed while the bytes trickle in
      java.util.concurrent.CountDownLatch halfway = new java.util.concurrent.CountDownLatch(1);
      java.io.InputStream trickle =
          new java.io.InputStream() {
            int at = half;

            @Override
            public int read() {
              throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buf, int off, int len) throws java.io.IOException {
              if (at >= video.length) {
                return -1;
              }
              if (at >= half + 1024 * 1024) {
                halfway.countDown();
                try {
                  Thread.sleep(60_000); // the server dies meanwhile
                } catch (InterruptedException e) {
                  throw new java.io.IOException(e);
                }
              }
              int n = Math.min(Math.min(len, 64 * 1024), video.length - at);
              System.arraycopy(video, at, buf, off, n);
              at += n;
              return n;
            }
          };
      Thread inFlight =
          new Thread(
              () -> {
                try {
                  a.send(
                      CatalogueApiContract.tus(location, teacherA)
                          .header("Upload-Offset", Integer.toString(half))
                          .header("Content-Type", "application/offset+octet-stream")
                          .method(
                              "PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> trickle)));
                } catch (AssertionError expected) {
                  // the connection dies with the server
                }
              });
      inFlight.setDaemon(true);
      inFlight.start();
      assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(500);
      nodes.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);

      CatalogueApiContract.api = b;
      String teacherB = b.login("teacher.xining", "classbridge");
      // whatever A had taken in and stored before it died is kept; nothing acknowledged is lost
      long resumeAt = CatalogueApiContract.offset(location, teacherB);
      assertThat(resumeAt).isBetween((long) half, (long) half + 1024 * 1024);
      Api.Response rest =
          CatalogueApiContract.patch(
              location,
              teacherB,
              resumeAt,
              Arrays.copyOfRange(video, (int) resumeAt, video.length));
      assertThat(rest.status()).as("%s", rest).isEqualTo(204);
      JsonObject stored = b.get("/api/v1/resources/" + id, teacherB).json();
      assertThat(stored.getJsonObject("file").getString("sha256")).isEqualTo(sha);
      assertThat(stored.getJsonObject("file").getLong("size")).isEqualTo(video.length);

      // MinIO delivery is a short-lived presigned redirect to the object store
      Api.Response content =
          b.send(b.builder("/api/v1/resources/" + id + "/content", teacherB).GET());
      assertThat(content.status()).isEqualTo(307);
      HttpResponse<byte[]> range =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(content.header("Location")))
                      .header("Range", "bytes=0-15")
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(range.statusCode()).isEqualTo(206);
      assertThat(range.body()).isEqualTo(Arrays.copyOf(video, 16));
    } finally {
      CatalogueApiContract.api = null;
    }
  }
}
