package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The server probed as an attacker would, over a raw socket, where an HTTP client would have
 * normalised the request away: smuggling, slow heads, lenient JSON, odd methods and paths.
 */
class WireTest {
  private static final String ROOT = org.slf4j.Logger.ROOT_LOGGER_NAME;
  @TempDir static Path data;
  static Classbridge app;
  static ListAppender<ILoggingEvent> errors;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data, Map.of(Setting.HTTP_HEAD_TIMEOUT, "PT1S"));
    errors = new ListAppender<>();
    errors.start();
    ((Logger) LoggerFactory.getLogger(ROOT)).addAppender(errors);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(ROOT)).detachAppender(errors);
    app.close();
  }

  /** What came back on one connection: every response, and whether the server closed it. */
  record Exchange(String raw, boolean closedByServer) {
    List<Integer> statuses() {
      List<Integer> out = new ArrayList<>();
      // a status line follows the previous body directly, with no line break between
      Matcher m = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ").matcher(raw);
      while (m.find()) {
        out.add(Integer.parseInt(m.group(1)));
      }
      return out;
    }

    String code() {
      int brace = raw.indexOf('{');
      return new JsonObject(raw.substring(brace, raw.indexOf('}', brace) + 1)).getString("code");
    }

    String header(String name) {
      Matcher m = Pattern.compile("(?mi)^" + Pattern.quote(name) + ":\\s*(.*?)\\r?$").matcher(raw);
      return m.find() ? m.group(1) : null;
    }
  }

  /** Sends the parts with a pause between them, then reads until the server closes or 3 s pass. */
  static Exchange send(long pauseMs, byte[]... parts) throws Exception {
    try (Socket s = new Socket("127.0.0.1", app.port())) {
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      for (byte[] part : parts) {
        try {
          out.write(part);
          out.flush();
        } catch (IOException e) {
          break; // the server hung up mid-way: what it answered is still to be read
        }
        if (pauseMs > 0) {
          Thread.sleep(pauseMs);
        }
      }
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      boolean closed = false;
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          got.write(buf, 0, n);
        }
        closed = true;
      } catch (SocketTimeoutException e) {
        // still open after 3 s
      } catch (IOException e) {
        closed = true; // reset
      }
      return new Exchange(got.toString(StandardCharsets.UTF_8), closed);
    }
  }

  static Exchange send(String request) throws Exception {
    return send(0, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** As {@link #send(String)}, asking the server to close after answering (no 3 s wait). */
  static Exchange sendClosing(String request) throws Exception {
    int lineEnd = request.indexOf("\r\n") + 2;
    return send(
        request.substring(0, lineEnd) + "Connection: close\r\n" + request.substring(lineEnd));
  }

  static final String SMUGGLED = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";

  @Test
  @DisplayName("Content-Length with Transfer-Encoding: 400, connection closed, nothing smuggled")
  void lengthAndChunked() throws Exception {
    Exchange e =
        send(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + SMUGGLED);
    assertThat(e.statuses()).containsExactly(400);
    assertThat(e.code()).isEqualTo("length-and-chunked");
    assertThat(e.header("Connection")).isEqualToIgnoringCase("close");
    assertThat(e.closedByServer()).isTrue();
  }

  @Test
  @DisplayName("a Transfer-Encoding that does not end in chunked: 400, closed, nothing smuggled")
  void transferEncodingNotChunked() throws Exception {
    for (String te : List.of("gzip", "chunked, gzip", "chunked\r\nTransfer-Encoding: identity")) {
      Exchange e =
          send(
              "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Transfer-Encoding: "
                  + te
                  + "\r\n\r\n"
                  + SMUGGLED);
      assertThat(e.statuses()).as(te).containsExactly(400);
      assertThat(e.code()).isEqualTo("bad-transfer-encoding");
      assertThat(e.closedByServer()).isTrue();
    }
  }

  @Test
  @DisplayName("two Host headers: 400")
  void twoHosts() throws Exception {
    Exchange e = send("GET /health/live HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    assertThat(e.statuses()).containsExactly(400);
    assertThat(e.code()).isEqualTo("duplicate-host");
  }

  @Test
  @DisplayName("well-formed pipelined requests are still answered in order")
  void pipelining() throws Exception {
    Exchange e =
        send(SMUGGLED + "GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(e.statuses()).containsExactly(200, 200);
  }

  @Test
  @DisplayName("a head trickled one line at a time is cut off with 408 at the head deadline")
  void slowHead() throws Exception {
    long start = System.nanoTime();
    byte[][] lines = new byte[12][];
    lines[0] = "GET /health/live HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int i = 1; i < lines.length; i++) {
      lines[i] = ("X-Slow-" + i + ": 1\r\n").getBytes(StandardCharsets.US_ASCII);
    }
    Exchange e = send(300, lines);
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(e.statuses()).containsExactly(408);
    assertThat(e.code()).isEqualTo("request-timeout");
    assertThat(e.closedByServer()).isTrue();
    assertThat(ms).as("cut off near the 1 s deadline, not after every line").isLessThan(3500);
  }

  @Test
  @DisplayName("a connection that never sends a request is closed at the head deadline")
  void silentConnection() throws Exception {
    Exchange e = send(0, new byte[0]);
    assertThat(e.closedByServer()).isTrue();
  }

  static String login(String body, String contentType) {
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    return "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
        + contentType
        + "\r\nContent-Length: "
        + bytes.length
        + "\r\n\r\n"
        + body;
  }

  @Test
  @DisplayName("JSON is decoded strictly: bad UTF-8, lone surrogates, duplicate keys, comments")
  void strictJson() throws Exception {
    // an overlong encoding of "a" (0xC1 0xA1): once read as "admin"
    String overlong = "{\"username\":\"\u00c1\u00a1dmin\",\"password\":\"classbridge\"}";
    List<String> bodies =
        List.of(
            overlong,
            "{\"username\":\"\\ud800admin\",\"password\":\"classbridge\"}",
            "{\"username\":\"admin\",\"username\":\"x\",\"password\":\"classbridge\"}",
            "{\"username\":\"admin\", /* hi */ \"password\":\"classbridge\"}",
            "{\"username\":\"admin\",\"password\":\"classbridge\"} {}",
            // an encoded surrogate (CESU-8) and a code point above U+10FFFF
            "{\"username\":\"\u00ed\u00a0\u0080\",\"password\":\"classbridge\"}",
            "{\"username\":\"\u00f4\u0090\u0080\u0080\",\"password\":\"classbridge\"}");
    for (String body : bodies) {
      Exchange e = sendClosing(login(body, "application/json"));
      assertThat(e.statuses()).as(body).containsExactly(400);
      assertThat(e.code()).as(body).isEqualTo("bad-json");
    }
    // the same login, well-formed, works
    Exchange ok =
        sendClosing(
            login("{\"username\":\"admin\",\"password\":\"classbridge\"}", "application/json"));
    assertThat(ok.statuses()).containsExactly(200);
  }

  @Test
  @DisplayName("media types are case-insensitive, and a JSON route still refuses text/plain")
  void mediaTypes() throws Exception {
    String body = "{\"username\":\"admin\",\"password\":\"classbridge\"}";
    assertThat(sendClosing(login(body, "Application/JSON; Charset=UTF-8")).statuses())
        .containsExactly(200);
    Exchange plain = sendClosing(login(body, "text/plain"));
    assertThat(plain.statuses()).containsExactly(415);
    assertThat(plain.code()).isEqualTo("unsupported-media-type");
  }

  @Test
  @DisplayName("malformed requests get problem+json with the right status and no ERROR log")
  void malformedAnsweredQuietly() throws Exception {
    int before = errorCount();
    Exchange path = sendClosing("GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(path.statuses()).containsExactly(400);
    assertThat(path.code()).isEqualTo("bad-path");
    assertThat(path.header("Content-Type")).startsWith("application/problem+json");

    Exchange chunk =
        send(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n");
    assertThat(chunk.statuses()).containsExactly(400);
    assertThat(chunk.code()).isEqualTo("bad-chunk");

    Exchange line = send("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(line.statuses()).containsExactly(414);
    assertThat(line.code()).isEqualTo("uri-too-long");

    Exchange head = send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20000) + "\r\n\r\n");
    assertThat(head.statuses()).containsExactly(431);
    assertThat(head.code()).isEqualTo("headers-too-large");

    assertThat(errorCount()).as("ERROR lines logged").isEqualTo(before);
  }

  private static int errorCount() {
    synchronized (errors.list) {
      return (int) errors.list.stream().filter(e -> e.getLevel() == Level.ERROR).count();
    }
  }

  @Test
  @DisplayName("HEAD is answered wherever GET is; 405 says which methods are allowed")
  void headAndAllow() throws Exception {
    Api api = new Api(app.port());
    String token = api.login("teacher.yushu", "classbridge");
    for (String path : List.of("/health/live", "/api/v1/openapi.yaml", "/api/v1/me")) {
      Api.Response r = api.send(api.builder(path, token).method("HEAD", noBody()));
      assertThat(r.status()).as("HEAD %s", path).isEqualTo(200);
      assertThat(r.body()).isEmpty();
    }
    assertThat(api.send(api.builder("/api/v1/me", null).method("HEAD", noBody())).status())
        .isEqualTo(401);
    Exchange e = sendClosing("DELETE /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(e.statuses()).containsExactly(405);
    assertThat(e.header("Allow")).isEqualTo("GET, HEAD");
    Exchange groups = sendClosing("DELETE /api/v1/groups HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(groups.header("Allow")).isEqualTo("GET, HEAD, POST");
  }

  private static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }

  @Test
  @DisplayName("a file name with a trailing slash is not found, not served as bytes")
  void trailingSlash() throws Exception {
    Exchange e = sendClosing("GET /index.html/ HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(e.statuses()).containsExactly(404);
    assertThat(sendClosing("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").header("Content-Type"))
        .startsWith("text/html");
  }
}
