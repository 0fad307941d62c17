package org.classbridge.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.BridgeClient;
import org.classbridge.testing.DemoClasses;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two Classbridge nodes in one Vert.x cluster (Hazelcast on loopback) sharing PostgreSQL: the
 * teacher's classroom is connected to one, a receiving classroom to the other, and they still see
 * each other in the roster, negotiate, and find each other again after a reconnect to the other
 * node. Forming a cluster takes seconds, so this is one test.
 */
class LiveClusterTest {
  /** Two nodes on two loaded cores: the first touches of a cluster map can take seconds. */
  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Map<Setting, String> node(
      String db, String key, int port, int other, boolean seed) {
    Map<Setting, String> s = new EnumMap<>(Setting.class);
    s.put(Setting.DB_URL, db);
    s.put(Setting.JWT_KEYS, "cluster:" + key);
    s.put(Setting.DEMO_SEED, Boolean.toString(seed));
    s.put(Setting.CLUSTER_ENABLED, "true");
    s.put(Setting.CLUSTER_HOST, "127.0.0.1");
    s.put(Setting.CLUSTER_PORT, Integer.toString(port));
    s.put(Setting.CLUSTER_MEMBERS, "127.0.0.1:" + other);
    return s;
  }

  @Test
  @DisplayName(
      "classrooms on different nodes share a roster, negotiate, and reconnect across nodes")
  void classroomsOnTwoNodes() throws Exception {
    Path data = Files.createTempDirectory("live-cluster");
    MutableClock clock = new MutableClock(DemoClasses.MATHS_10_05);
    String key = Base64.getEncoder().encodeToString(new byte[32]).replace("A", "k");
    int a = freePort();
    int b = freePort();
    try (PostgresSchema pg = PostgresSchema.createOrSkip("LiveClusterTest");
        Classbridge first =
            Classbridge.start(
                TestApp.config(data.resolve("a"), node(pg.url(), key, a, b, true)), clock);
        Classbridge second =
            Classbridge.start(
                TestApp.config(data.resolve("b"), node(pg.url(), key, b, a, false)), clock)) {
      Api api = new Api(first.port());
      String teacher = api.login("teacher.xining", "classbridge");
      String yushu = api.login("teacher.yushu", "classbridge");
      String maths = DemoClasses.maths(api);
      JsonObject t = api.get("/api/v1/sessions/" + maths + "/join", teacher).json();
      // the receiving classroom asks the other node, with a token the first node signed
      Api.Response yr = new Api(second.port()).get("/api/v1/sessions/" + maths + "/join", yushu);
      assertThat(yr.status()).as(yr.toString()).isEqualTo(200);
      JsonObject y = yr.json();
      String te = t.getString("endpointId");
      String ye = y.getString("endpointId");
      JsonObject tb = t.getJsonObject("bridge");
      JsonObject yb = y.getJsonObject("bridge");
      try (BridgeClient tc = BridgeClient.enter(first.port(), t, "Bearer " + teacher)) {
        BridgeClient yc = BridgeClient.connect(second.port());
        yc.register(yb.getString("room"), yushu);
        yc.register(yb.getString("inbox"), yushu);
        JsonObject roster =
            yc.message(yb.getString("inbox"), m -> "roster".equals(m.getString("type")), WAIT);
        assertThat(
                roster.getJsonArray("endpoints").stream()
                    .map(e -> ((JsonObject) e).getString("endpointId")))
            .as("the roster on the second node has the teacher connected to the first")
            .contains(te, ye);
        tc.message(
            tb.getString("room"),
            m ->
                "presence".equals(m.getString("type"))
                    && ye.equals(m.getJsonObject("endpoint").getString("endpointId")),
            WAIT);
        // Jingle across nodes: the offer, the answer (the second node learned the sid), candidates
        String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
        tc.send(
            tb.getString("send"),
            new JsonObject()
                .put("v", 1)
                .put("action", "session-initiate")
                .put("sid", "x1")
                .put("to", ye)
                .put("sdp", sdp));
        JsonObject offer =
            yc.message(
                yb.getString("inbox"), m -> "session-initiate".equals(m.getString("action")), WAIT);
        assertThat(offer.getString("from")).isEqualTo(te);
        yc.send(
            yb.getString("send"),
            new JsonObject()
                .put("v", 1)
                .put("action", "session-accept")
                .put("sid", "x1")
                .put("to", te)
                .put("sdp", sdp));
        JsonObject answer =
            tc.message(
                tb.getString("inbox"), m -> "session-accept".equals(m.getString("action")), WAIT);
        assertThat(answer.getString("from")).isEqualTo(ye);
        // the receiving classroom drops from the second node and comes back on the first
        yc.close();
        tc.message(
            tb.getString("room"),
            m -> "presence".equals(m.getString("type")) && "away".equals(m.getString("state")),
            WAIT);
        try (BridgeClient again = BridgeClient.enter(first.port(), y, "Bearer " + yushu)) {
          JsonObject back =
              tc.message(
                  tb.getString("room"),
                  m ->
                      "presence".equals(m.getString("type")) && "back".equals(m.getString("state")),
                  WAIT);
          assertThat(back.getJsonObject("endpoint").getString("endpointId")).isEqualTo(ye);
          // the old sid was forgotten with the drop: a fresh offer is needed, and passes
          tc.send(
              tb.getString("send"),
              new JsonObject()
                  .put("v", 1)
                  .put("action", "session-initiate")
                  .put("sid", "x2")
                  .put("to", ye)
                  .put("sdp", sdp));
          again.message(yb.getString("inbox"), m -> "x2".equals(m.getString("sid")), WAIT);
        }
      }
    }
  }
}
