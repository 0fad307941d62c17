package org.classbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * log.format=json as a collector reads it: the access log through the JSON encoder LogSetup uses,
 * one object per line with the request id the response carried and the account's id, and never the
 * bearer token.
 */
class JsonLogTest {
  @TempDir Path data;

  @Test
  @DisplayName("JSON access log lines carry requestId and accountId, never the token")
  void accessLogAsJson() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger access = context.getLogger("classbridge.access");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
    capture.setContext(context);
    capture.setName("json-capture");
    capture.setEncoder(LogSetup.jsonEncoder(context));
    capture.setOutputStream(out);
    capture.start();
    access.addAppender(capture);
    // the tests' Logback file quietens the access log; this test reads it
    ch.qos.logback.classic.Level before = access.getLevel();
    access.setLevel(ch.qos.logback.classic.Level.INFO);
    try (Classbridge app = TestApp.start(data, Map.of())) {
      Api api = new Api(app.port());
      String token = api.login("teacher.xining", "classbridge");
      Api.Response me = api.get("/api/v1/me", token);
      String userId = me.json().getJsonObject("user").getString("id");
      String requestId = me.header("X-Request-Id");
      // the end handler logs as the response completes: give it a moment
      org.classbridge.testing.Poll.until(
          java.time.Duration.ofSeconds(5),
          () -> out.toString(StandardCharsets.UTF_8).contains(requestId));
      List<JsonObject> lines =
          out.toString(StandardCharsets.UTF_8).lines().map(JsonObject::new).toList();
      JsonObject line =
          lines.stream()
              .filter(l -> l.encode().contains(requestId))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no JSON line for " + requestId + ": " + lines));
      assertThat(line.getString("level")).isEqualTo("INFO");
      assertThat(line.getString("loggerName")).isEqualTo("classbridge.access");
      // the event's key-value pairs, as Logback's encoder writes them
      String pairs = line.getValue("kvpList").toString();
      assertThat(pairs).contains(requestId, userId, "/api/v1/me", "200");
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(token);
    } finally {
      access.setLevel(before);
      access.detachAppender(capture);
      capture.stop();
    }
  }
}
