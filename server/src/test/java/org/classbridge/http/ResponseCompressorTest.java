package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compressing server that still sends files by sendfile: what Vert.x's own compressor prevents
 * (its presence makes every {@code sendFile} a copy through the heap), checked on a real server
 * with the pipeline {@link WireGuard} installs, and every body checked byte for byte.
 */
class ResponseCompressorTest {
  @TempDir static Path dir;
  static Vertx vertx;
  static HttpServer server;
  static Path text;
  static Path video;
  static byte[] textBytes;
  static byte[] videoBytes;
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    // a web asset of 2.5 MB (more than one of Vert.x's 1 MiB file regions), and a "video"
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < 2_500_000; i++) {
      sb.append("const lesson").append(i).append(" = '课桥 ཀློག་དེབ།';\n");
    }
    textBytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    text = Files.write(dir.resolve("app.js"), textBytes);
    videoBytes = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(videoBytes);
    video = Files.write(dir.resolve("lesson.mp4"), videoBytes);

    vertx = Vertx.vertx();
    HttpServerOptions options =
        new HttpServerOptions().setCompressionSupported(true).setHttp2ClearTextEnabled(false);
    server = vertx.createHttpServer(options);
    WireGuard.install(server, options, Duration.ofSeconds(5));
    server.requestHandler(
        req -> {
          var res = req.response();
          res.putHeader("X-Zero-Copy", Boolean.toString(fileRegions(req.connection())));
          switch (req.path()) {
            case "/json" ->
                res.putHeader("Content-Type", "application/json")
                    .end("{\"lessons\":[" + "\"勾股定理\",".repeat(2000) + "\"end\"]}");
            case "/asset" ->
                res.putHeader("Content-Type", "text/javascript").sendFile(text.toString());
            case "/range" ->
                res.setStatusCode(206)
                    .putHeader("Content-Type", "video/mp4")
                    .putHeader("Content-Encoding", "identity")
                    .sendFile(video.toString(), 1000, 2 * 1024 * 1024 + 5);
            case "/asset-range" ->
                res.setStatusCode(206)
                    .putHeader("Content-Type", "text/javascript")
                    .sendFile(text.toString(), 100, 5000);
            default -> res.setStatusCode(404).end();
          }
        });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * What Vert.x's HTTP/1 server connection asks before each sendFile: may it hand the kernel a file
   * region? (Its own method, read by reflection: nothing public tells.)
   */
  static boolean fileRegions(Object connection) {
    try {
      Method m = connection.getClass().getDeclaredMethod("supportsFileRegion");
      m.setAccessible(true);
      return (boolean) m.invoke(connection);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .header("Accept-Encoding", acceptEncoding)
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static byte[] gunzip(byte[] body) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  @Test
  @DisplayName("a compressing server keeps sendfile: Vert.x may use file regions on the connection")
  void zeroCopyStaysOn() throws Exception {
    var res = get("/json", "gzip");
    assertThat(res.headers().firstValue("X-Zero-Copy")).hasValue("true");
  }

  @Test
  @DisplayName(
      "JSON is still gzipped for a client that accepts it, and plain for one that does not")
  void jsonCompressed() throws Exception {
    var gz = get("/json", "gzip, deflate");
    assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(new String(gunzip(gz.body()), StandardCharsets.UTF_8)).startsWith("{\"lessons\":[");
    var plain = get("/json", "identity");
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(new String(plain.body(), StandardCharsets.UTF_8)).endsWith("\"end\"]}");
  }

  @Test
  @DisplayName("a file sent while compressing (a web asset) arrives gzipped and whole")
  void fileCompressed() throws Exception {
    var res = get("/asset", "gzip");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(res.body().length).isLessThan(textBytes.length / 3);
    assertThat(gunzip(res.body())).isEqualTo(textBytes);
    assertThat(get("/asset", "identity").body()).isEqualTo(textBytes);
  }

  @Test
  @DisplayName("a file marked identity is never compressed, the marker is dropped, the range exact")
  void identityPassesThrough() throws Exception {
    for (int round = 0; round < 3; round++) { // several responses on one kept-alive connection
      var res = get("/range", "gzip, deflate, br");
      assertThat(res.statusCode()).isEqualTo(206);
      assertThat(res.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(res.headers().firstValue("Content-Length"))
          .hasValue(Long.toString(2 * 1024 * 1024 + 5));
      assertThat(res.body())
          .isEqualTo(Arrays.copyOfRange(videoBytes, 1000, 1000 + 2 * 1024 * 1024 + 5));
      // and a compressed response after it on the same connection is whole again
      assertThat(gunzip(get("/asset", "gzip").body())).isEqualTo(textBytes);
    }
  }

  @Test
  @DisplayName("a part of a compressible file (206) is sent as stored, never compressed")
  void partialNeverCompressed() throws Exception {
    var res = get("/asset-range", "gzip");
    assertThat(res.statusCode()).isEqualTo(206);
    assertThat(res.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(res.body()).isEqualTo(Arrays.copyOfRange(textBytes, 100, 5100));
  }
}
