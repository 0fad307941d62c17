package org.classbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** HTTP is served from several event loops, one server verticle instance on each. */
class EventLoopsTest {
  @TempDir Path data;

  /**
   * The event-loop threads that answered {@code connections} requests, each on a new connection.
   */
  private Set<String> servingThreads(String instances, int connections) throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger("classbridge.access");
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    access.addAppender(seen);
    Level level = access.getLevel();
    access.setLevel(Level.INFO); // the test log configuration keeps the access log quiet
    Classbridge app =
        TestApp.start(
            data.resolve(instances),
            Map.of(Setting.DEMO_SEED, "false", Setting.HTTP_INSTANCES, instances));
    try {
      for (int i = 0; i < connections; i++) {
        // a client per request: a new connection each time, which Vert.x hands to the next loop
        try (HttpClient client = HttpClient.newHttpClient()) {
          HttpResponse<Void> r =
              client.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + app.port() + "/health/live"))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          assertThat(r.statusCode()).isEqualTo(200);
        }
      }
    } finally {
      app.close();
      access.detachAppender(seen);
      access.setLevel(level);
    }
    Set<String> threads = new HashSet<>();
    synchronized (seen.list) {
      seen.list.forEach(e -> threads.add(e.getThreadName()));
    }
    assertThat(threads).hasSizeGreaterThanOrEqualTo(1).allMatch(t -> t.contains("eventloop"));
    return threads;
  }

  @Test
  @DisplayName("with four instances, connections are served by several event-loop threads")
  void severalLoops() throws Exception {
    assertThat(servingThreads("4", 16)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("with one instance, every connection is served by the same thread")
  void oneLoop() throws Exception {
    assertThat(servingThreads("1", 8)).hasSize(1);
  }
}
