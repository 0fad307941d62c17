package org.classbridge.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.classbridge.testing.Api;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.ServerNodes;
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
  @RegisterExtension
  // S3Proxy's in-memory store, not its default folder store: that one deletes a folder once its
  // last object is gone, and a put into the same folder at that moment fails with 500 (seen when
  // a node's two demo-library lanes staged uploads under incoming/ at once). S3 and MinIO have no
  // folders to lose; S3ProxyBlobStoreTest keeps the folder store for the contract
  static final S3ProxyExtension S3 =
      S3ProxyExtension.builder()
          .withBlobStoreProvider("transient")
          .withCredentials("classbridge-nodes", "classbridge-nodes-secret")
          .build();

  @TempDir Path data;
  ServerNodes nodes;

  @AfterEach
  void stopNodes() {
    if (nodes != null) {
      nodes.close();
    }
  }

  /** A server process sharing the database and the S3 server. */
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
            "--blob.minio.secret-key=" + S3.getSecretKey()));
  }

  @Test
  @DisplayName(
      "half an upload on node A, A killed, the rest on node B from the acknowledged offset: same SHA-256")
  void resumeOnAnotherNodeAfterAKill() throws Exception {
    try (PostgresSchema schema = PostgresSchema.createOrSkip("UploadAcrossNodesTest")) {
      ServerNodes.Node nodeA = node("a", schema.url());
      Api a = nodeA.api();
      Api b = node("b", schema.url()).api();
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
      nodeA.kill();

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
