package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.testing.Await;
import org.classbridge.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Streamed request bodies ({@link RouteSpec.Body#STREAM}): read by a worker as they arrive, with
 * back-pressure, never buffered whole. The kernel is built here on its own, with an {@link
 * Authenticator} that is not the token service: it needs nothing more.
 */
class StreamedBodyTest {
  private static final int MIB = 1024 * 1024;
  private static Vertx vertx;
  private static WorkerExecutor workers;
  private static HttpServer server;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static volatile CountDownLatch gate = new CountDownLatch(0);

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("test-stream", 2);
    Authenticator authenticator =
        token ->
            "good".equals(token)
                ? Future.succeededFuture(
                    new Principal(
                        UUID.randomUUID(),
                        "teacher",
                        Role.TEACHER,
                        Optional.of(UUID.randomUUID()),
                        Optional.of(UUID.randomUUID())))
                : Future.failedFuture(
                    Problem.of(Problem.Kind.UNAUTHENTICATED, "invalid-token", "not good"));
    List<RouteSpec> routes =
        List.of(
            RouteSpec.stream(
                HttpMethod.PATCH,
                "/api/v1/test/upload",
                Access.signedIn(),
                ctx ->
                    RequestBodyStream.consume(ctx, workers, StreamedBodyTest::hash)
                        .onSuccess(r -> Requests.send(ctx, 200, r))
                        .onFailure(ctx::fail)),
            RouteSpec.stream(
                HttpMethod.PATCH,
                "/api/v1/test/refuse",
                Access.signedIn(),
                ctx ->
                    RequestBodyStream.consume(
                            ctx,
                            workers,
                            in -> {
                              in.readNBytes(10);
                              throw Problem.invalid("refused-content", "not what we take");
                            })
                        .onSuccess(r -> Requests.send(ctx, 200, new JsonObject()))
                        .onFailure(ctx::fail)));
    HttpOptions options =
        new HttpOptions(
            "127.0.0.1", 0, 1024, 1024, false, Duration.ofSeconds(1), 1, Optional.empty());
    server =
        Await.await(
            vertx
                .createHttpServer()
                .requestHandler(
                    ApiRouter.create(
                        vertx, options, authenticator, routes, WebAssets.load("webroot")))
                .listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    Await.await(vertx.close());
  }

  private static volatile RequestBodyStream waiting;

  private static JsonObject hash(InputStream in) throws Exception {
    waiting = (RequestBodyStream) in;
    gate.await(30, TimeUnit.SECONDS);
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[64 * 1024];
    long size = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      d.update(buf, 0, n);
      size += n;
    }
    return new JsonObject()
        .put("sha256", HexFormat.of().formatHex(d.digest()))
        .put("size", size)
        .put("thread", Thread.currentThread().getName());
  }

  /** {@code length} bytes of a repeating pattern, counting how many the client has taken. */
  private static final class Pattern extends InputStream {
    final AtomicLong taken = new AtomicLong();
    private final long length;

    Pattern(long length) {
      this.length = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      long at = taken.get();
      if (at >= length) {
        return -1;
      }
      int n = (int) Math.min(len, length - at);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((at + i) % 251);
      }
      taken.addAndGet(n);
      return n;
    }
  }

  private static String expectedSha(long length) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (Pattern p = new Pattern(length)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = p.read(buf, 0, buf.length)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static HttpRequest.Builder patch(String path, Pattern body, String token) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> body));
  }

  @Test
  @DisplayName("a 48 MiB body reaches a worker whole and in order, without a BodyHandler")
  void streamsToWorker() throws Exception {
    long length = 48L * MIB + 7;
    HttpResponse<String> r =
        HTTP.send(
            patch("/api/v1/test/upload", new Pattern(length), "good").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getLong("size")).isEqualTo(length);
    assertThat(body.getString("sha256")).isEqualTo(expectedSha(length));
    assertThat(body.getString("thread")).startsWith("test-stream");
  }

  @Test
  @DisplayName("tiny and empty bodies arrive whole too (no byte lost before the handler is set)")
  void tinyBodies() throws Exception {
    for (long length : new long[] {0, 1, 5, 1500}) {
      HttpResponse<String> r =
          HTTP.send(
              patch("/api/v1/test/upload", new Pattern(length), "good").build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(new JsonObject(r.body()).getLong("size")).isEqualTo(length);
      assertThat(new JsonObject(r.body()).getString("sha256")).isEqualTo(expectedSha(length));
    }
  }

  @Test
  @DisplayName("a worker that is not reading makes the server stop reading: the sender waits")
  void backPressure() throws Exception {
    long length = 64L * MIB;
    Pattern body = new Pattern(length);
    gate = new CountDownLatch(1);
    try {
      CompletableFuture<HttpResponse<String>> sending =
          HTTP.sendAsync(
              patch("/api/v1/test/upload", body, "good").build(),
              HttpResponse.BodyHandlers.ofString());
      // the server pauses the request past the high-water mark: what it holds stays bounded
      // (one more network read may land after the pause) while the worker is not reading
      assertThat(
              Poll.until(
                  Duration.ofSeconds(30),
                  () -> waiting != null && waiting.bufferedBytes() > RequestBodyStream.HIGH_WATER))
          .as("the server buffered past the high-water mark")
          .isTrue();
      // a read already under way when the request was paused may still land
      Thread.sleep(200);
      long held = waiting.bufferedBytes();
      assertThat(held)
          .as("bytes held in memory while the worker was not reading")
          .isGreaterThan(RequestBodyStream.LOW_WATER)
          .isLessThanOrEqualTo(RequestBodyStream.HIGH_WATER + 256L * 1024);
      Thread.sleep(500);
      assertThat(waiting.bufferedBytes()).as("nothing more arrives while paused").isEqualTo(held);
      gate.countDown();
      HttpResponse<String> r = sending.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(r.body()).getLong("size")).isEqualTo(length);
    } finally {
      gate.countDown();
    }
  }

  @Test
  @DisplayName("a handler that refuses the content mid-body answers problem+json and hangs up")
  void refusedMidBody() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            patch("/api/v1/test/refuse", new Pattern(8L * MIB), "good").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("refused-content");
    assertThat(r.headers().firstValue("Connection")).contains("close");
  }

  @Test
  @DisplayName("an anonymous upload is refused before its body is read")
  void anonymousRefusedFirst() throws IOException, InterruptedException {
    Pattern body = new Pattern(32L * MIB);
    HttpResponse<String> r =
        HTTP.send(
            patch("/api/v1/test/upload", body, "bad").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("invalid-token");
  }
}
