package org.classbridge.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.BridgeClient;
import org.classbridge.testing.Coturn;
import org.classbridge.testing.DemoClasses;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.Poll;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The two credentials the live classroom hands out, checked by what consumes them: TURN REST
 * credentials by a real coturn, Jitsi JWTs against every rule of INTEROP.md B. The mesh here
 * carries one receiving classroom, so the two-room maths class goes to Jitsi.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveSettingsTest {
  static final String JITSI_SECRET = "jitsi-app-secret-for-tests";
  static final MutableClock clock = new MutableClock(DemoClasses.MATHS_10_05);
  static Path data;
  static Coturn coturn;
  static Classbridge app;
  static Api api;
  static String maths;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("live-settings");
    coturn = Coturn.startOrSkip(data, "turn-shared-secret-0123456789");
    app =
        Classbridge.start(
            TestApp.config(
                data.resolve("app"),
                Map.ofEntries(
                    Map.entry(Setting.ICE_TURN_URLS, coturn.url()),
                    Map.entry(Setting.ICE_TURN_SECRET, coturn.secret()),
                    Map.entry(Setting.ICE_STUN_URLS, "stun:127.0.0.1:" + coturn.port()),
                    Map.entry(Setting.LIVE_MESH_MAX_RECEIVERS, "1"),
                    Map.entry(Setting.JITSI_URL, "https://Meet.Example.org"),
                    Map.entry(Setting.JITSI_APP_ID, "classbridge"),
                    Map.entry(Setting.JITSI_APP_SECRET, JITSI_SECRET),
                    Map.entry(Setting.LIVE_RECONNECT_GRACE, "PT1S"),
                    Map.entry(Setting.LIVE_PRESENCE_TIMEOUT, "PT3S"),
                    Map.entry(Setting.LIVE_MAX_MESSAGE_BYTES, "8192"))),
            clock);
    api = new Api(app.port());
    maths = DemoClasses.maths(api);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (coturn != null) {
      coturn.close();
    }
  }

  static JsonObject join(String user) {
    Api.Response r = api.get("/api/v1/sessions/" + maths + "/join", api.login(user, "classbridge"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  @Test
  @DisplayName("TURN: the join's credentials are accepted by coturn; wrong or expired ones are not")
  void turnCredentials() throws Exception {
    JsonObject j = join("teacher.yushu");
    JsonObject turn = null;
    for (Object o : j.getJsonArray("iceServers")) {
      JsonObject s = (JsonObject) o;
      if (s.containsKey("username")) {
        turn = s;
      }
    }
    assertThat(turn).as("a TURN server in %s", j.getJsonArray("iceServers")).isNotNull();
    assertThat(turn.getJsonArray("urls").getString(0)).isEqualTo(coturn.url());
    String username = turn.getString("username");
    // expiry bounded by the booking: the end of the class plus the reconnect grace (1 s here)
    long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
    assertThat(Instant.ofEpochSecond(expiry)).isEqualTo(Instant.parse("2026-12-01T02:45:01Z"));
    assertThat(username.substring(username.indexOf(':') + 1)).doesNotContain(":");
    // the formula, recomputed independently: base64(HMAC-SHA1(secret, username)), padded
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(coturn.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    assertThat(turn.getString("credential"))
        .isEqualTo(
            Base64.getEncoder()
                .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))));
    // coturn checks expiry against its own (real) clock, so ask it with a credential minted now
    // for a class still running, and with one for a class that ended a minute ago
    Instant now = Instant.now();
    IceServers.Credential good =
        IceServers.credential(coturn.secret(), "u-1", now.plusSeconds(600));
    assertThat(coturn.accepts(good.username(), good.password())).isTrue();
    assertThat(coturn.accepts(good.username(), "d3Jvbmc=")).isFalse();
    IceServers.Credential other =
        IceServers.credential("another-secret-entirely", "u-1", now.plusSeconds(600));
    assertThat(coturn.accepts(other.username(), other.password())).isFalse();
    IceServers.Credential expired =
        IceServers.credential(coturn.secret(), "u-1", now.minusSeconds(60));
    assertThat(coturn.accepts(expired.username(), expired.password())).isFalse();
  }

  @Test
  @DisplayName("Jitsi: a large class gets a link whose JWT keeps every rule of INTEROP.md B")
  void jitsiToken() throws Exception {
    JsonObject teacher = join("teacher.xining");
    JsonObject yushu = join("teacher.yushu");
    assertThat(teacher.getString("topology")).isEqualTo("jitsi");
    checkLink(teacher, "owner", "true");
    checkLink(yushu, "member", "false");
    String link = yushu.getJsonObject("jitsi").getString("link");
    assertThat(link).contains("config.channelLastN=1").contains("config.startWithAudioMuted=true");
    String hash = link.substring(link.indexOf('#') + 1);
    for (String kv : hash.split("&")) {
      assertThat(kv.substring(0, kv.indexOf('=')))
          .isIn(
              "config.startWithAudioMuted",
              "config.channelLastN",
              "config.resolution",
              "config.startAudioOnly",
              "config.p2p.enabled",
              "config.prejoinConfig.enabled");
    }
  }

  private void checkLink(JsonObject join, String affiliation, String moderator) throws Exception {
    String link = join.getJsonObject("jitsi").getString("link");
    String room = join.getString("roomName");
    Matcher m =
        Pattern.compile("^https://meet\\.example\\.org/([a-z0-9]+)\\?jwt=([^#&]+)#").matcher(link);
    assertThat(m.find()).as(link).isTrue();
    assertThat(m.group(1)).isEqualTo(room.toLowerCase());
    String[] parts = m.group(2).split("\\.");
    assertThat(parts).hasSize(3);
    Base64.Decoder d = Base64.getUrlDecoder();
    JsonObject header = new JsonObject(new String(d.decode(parts[0]), StandardCharsets.UTF_8));
    JsonObject claims = new JsonObject(new String(d.decode(parts[1]), StandardCharsets.UTF_8));
    assertThat(header.getMap()).containsEntry("alg", "HS256").containsEntry("typ", "JWT");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(JITSI_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] sig = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(sig)).isEqualTo(parts[2]);
    assertThat(claims.getString("iss")).isEqualTo("classbridge");
    assertThat(claims.getString("aud")).isEqualTo("classbridge");
    assertThat(claims.getString("sub")).isEqualTo("meet.example.org");
    assertThat(claims.getString("room"))
        .isEqualTo(room)
        .isEqualTo(room.toLowerCase())
        .isNotEqualTo("*");
    for (String k : new String[] {"iat", "nbf", "exp"}) {
      assertThat(claims.getValue(k)).as(k + " is an integer number").isInstanceOf(Integer.class);
    }
    assertThat(claims.getLong("nbf"))
        .isEqualTo(Instant.parse("2026-12-01T01:50:00Z").getEpochSecond());
    assertThat(claims.getLong("exp"))
        .isEqualTo(Instant.parse("2026-12-01T02:55:00Z").getEpochSecond());
    JsonObject user = claims.getJsonObject("context").getJsonObject("user");
    for (String k : user.fieldNames()) {
      assertThat(user.getValue(k))
          .as("context.user." + k + " is a string")
          .isInstanceOf(String.class);
    }
    assertThat(user.getString("affiliation")).isEqualTo(affiliation);
    assertThat(user.getString("moderator")).isEqualTo(moderator);
    assertThat(user.getString("id")).isNotBlank();
    assertThat(claims.getJsonObject("context").getValue("group")).isInstanceOf(String.class);
    JsonObject features = claims.getJsonObject("context").getJsonObject("features");
    for (String k : features.fieldNames()) {
      assertThat(k)
          .isIn(
              "recording",
              "livestreaming",
              "screen-sharing",
              "lobby",
              "transcription",
              "outbound-call");
      assertThat(features.getValue(k)).isIn(true, false, "true", "false");
    }
  }

  static BridgeClient enter(JsonObject joined, String token) {
    return BridgeClient.enter(app.port(), joined, "Bearer " + token);
  }

  @Test
  @DisplayName("a dropped classroom is away, then left after the grace; the log has its leave")
  void presenceTimesOut() {
    String teacherToken = api.login("teacher.xining", "classbridge");
    String guoluoToken = api.login("teacher.guoluo", "classbridge");
    JsonObject t = api.get("/api/v1/sessions/" + maths + "/join", teacherToken).json();
    JsonObject g = api.get("/api/v1/sessions/" + maths + "/join", guoluoToken).json();
    String room = t.getJsonObject("bridge").getString("room");
    String ge = g.getString("endpointId");
    try (BridgeClient tc = enter(t, teacherToken)) {
      BridgeClient gc = enter(g, guoluoToken);
      gc.close();
      tc.message(
          room,
          m ->
              "away".equals(m.getString("state"))
                  && ge.equals(m.getJsonObject("endpoint").getString("endpointId")));
      tc.message(
          room,
          m ->
              "left".equals(m.getString("state"))
                  && ge.equals(m.getJsonObject("endpoint").getString("endpointId")));
      tc.send(
          t.getJsonObject("bridge").getString("send"),
          new JsonObject().put("v", 1).put("type", "roster"));
      JsonObject roster =
          tc.message(
              t.getJsonObject("bridge").getString("inbox"),
              m -> "roster".equals(m.getString("type")));
      assertThat(
              roster.getJsonArray("endpoints").stream()
                  .map(e -> ((JsonObject) e).getString("endpointId")))
          .doesNotContain(ge);
    }
    JsonObject log =
        api.get(
                "/api/v1/sessions/" + maths + "/connections",
                api.login("coordinator", "classbridge"))
            .json();
    JsonObject mine =
        log.getJsonArray("connections").stream()
            .map(o -> (JsonObject) o)
            .filter(c -> ge.equals(c.getString("endpointId")))
            .findFirst()
            .orElseThrow();
    assertThat(mine.getString("leftAt")).isNotNull();
  }

  @Test
  @DisplayName("a node that stops refreshing (it died) loses its classrooms after presence-timeout")
  void deadNodeTimesOut() throws Exception {
    String teacherToken = api.login("teacher.xining", "classbridge");
    JsonObject t = api.get("/api/v1/sessions/" + maths + "/join", teacherToken).json();
    String inbox = t.getJsonObject("bridge").getString("inbox");
    String send = t.getJsonObject("bridge").getString("send");
    // what another node wrote for its classroom before it died: nobody refreshes it any more
    String ghost = "r-00000000dead";
    JsonObject entry =
        new JsonObject()
            .put("endpointId", ghost)
            .put("part", "receiver")
            .put("displayName", "a room on a node that died")
            .put("state", "present")
            .put("conn", "gone")
            .put("since", "2026-12-01T02:04:00Z");
    try (BridgeClient tc = enter(t, teacherToken)) {
      org.classbridge.testing.Await.await(
          app.vertx()
              .sharedData()
              .<String, JsonObject>getAsyncMap("live.roster." + maths)
              .compose(m -> m.put(ghost, entry, 3000)));
      java.util.function.Supplier<java.util.List<String>> roster =
          () -> {
            tc.send(send, new JsonObject().put("v", 1).put("type", "roster"));
            return tc
                .message(inbox, m -> "roster".equals(m.getString("type")))
                .getJsonArray("endpoints")
                .stream()
                .map(e -> ((JsonObject) e).getString("endpointId"))
                .toList();
          };
      // the node's view re-reads the room every refresh (1 s here): the entry shows, then goes.
      // Nothing announces a time-out (that is the point), so this asks until it sees it
      assertThat(Poll.until(java.time.Duration.ofSeconds(5), () -> roster.get().contains(ghost)))
          .as("the other node's classroom appears in the roster")
          .isTrue();
      assertThat(Poll.until(java.time.Duration.ofSeconds(10), () -> !roster.get().contains(ghost)))
          .as("and times out of it")
          .isTrue();
    }
  }

  @Test
  @DisplayName("a message over live.max-message-bytes is refused with bad-request, not relayed")
  void messageCap() {
    String teacherToken = api.login("teacher.xining", "classbridge");
    String yushuToken = api.login("teacher.yushu", "classbridge");
    JsonObject t = api.get("/api/v1/sessions/" + maths + "/join", teacherToken).json();
    JsonObject y = api.get("/api/v1/sessions/" + maths + "/join", yushuToken).json();
    try (BridgeClient tc = enter(t, teacherToken);
        BridgeClient yc = enter(y, yushuToken)) {
      yc.send(
          y.getJsonObject("bridge").getString("send"),
          new JsonObject()
              .put("v", 1)
              .put("colibriClass", "EndpointMessage")
              .put("to", t.getString("endpointId"))
              .put("payload", new JsonObject().put("type", "note").put("text", "字".repeat(4000))));
      JsonObject error =
          yc.message(
              y.getJsonObject("bridge").getString("inbox"),
              m -> "error".equals(m.getString("type")));
      assertThat(error.getString("condition")).isEqualTo("bad-request");
      assertThat(error.getString("text")).contains("8192");
      assertThat(
              tc.sees(
                  f ->
                      f.getValue("body") instanceof JsonObject b
                          && "EndpointMessage".equals(b.getString("colibriClass")),
                  java.time.Duration.ofSeconds(1)))
          .isFalse();
    }
  }

  @Test
  @Order(Integer.MAX_VALUE - 1)
  @DisplayName("rechecked: a token revoked by logging out everywhere closes its connection (4003)")
  void revokedTokenCloses() {
    String guoluoToken = api.login("teacher.guoluo", "classbridge");
    JsonObject g = api.get("/api/v1/sessions/" + maths + "/join", guoluoToken).json();
    try (BridgeClient gc = enter(g, guoluoToken)) {
      assertThat(api.post("/api/v1/me/logout-everywhere", guoluoToken, new JsonObject()).status())
          .isIn(200, 204);
      assertThat(gc.awaitClosed(java.time.Duration.ofSeconds(10))).isEqualTo(4003);
    }
  }

  @Test
  @Order(Integer.MAX_VALUE)
  @DisplayName("rechecked: cancelling the session closes its classrooms' connections (4001)")
  void cancelledSessionCloses() {
    String yushuToken = api.login("teacher.yushu", "classbridge");
    JsonObject y = api.get("/api/v1/sessions/" + maths + "/join", yushuToken).json();
    try (BridgeClient yc = enter(y, yushuToken)) {
      Api.Response cancelled =
          api.request(
              "DELETE", "/api/v1/sessions/" + maths, api.login("coordinator", "classbridge"));
      assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
      assertThat(yc.awaitClosed(java.time.Duration.ofSeconds(10))).isEqualTo(4001);
    }
    assertThat(api.get("/api/v1/sessions/" + maths + "/join", yushuToken).code())
        .isEqualTo("session-cancelled");
  }
}
