package org.classbridge.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.BridgeClient;
import org.classbridge.testing.DemoClasses;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bridge as a hostile client sees it: a raw WebSocket speaking the bridge's frames, against a
 * server whose clock stands in the demo maths class (Tuesday 2026-12-01, 10:05 in Xining; teacher
 * in A201, receiving classrooms in Yushu and Guoluo).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveBridgeTest {
  /** The bridge's own refusals: by our event handler, or by its address fence. */
  static final String[] REFUSED = {"rejected", "access_denied"};

  static final MutableClock clock = new MutableClock(DemoClasses.MATHS_10_05);
  static Path data;
  static Classbridge app;
  static Api api;
  static String teacher;
  static String yushu;
  static String guoluo;
  static String haixi;
  static String coordinator;
  static String pupil;
  static String maths;
  static String physics;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("live-bridge");
    app = Classbridge.start(TestApp.config(data, Map.of()), clock);
    api = new Api(app.port());
    teacher = api.login("teacher.xining", "classbridge");
    yushu = api.login("teacher.yushu", "classbridge");
    guoluo = api.login("teacher.guoluo", "classbridge");
    haixi = api.login("teacher.haixi", "classbridge");
    coordinator = api.login("coordinator", "classbridge");
    pupil = api.login("student.yushu", "classbridge");
    maths = DemoClasses.maths(api);
    physics = DemoClasses.physics(api);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static JsonObject join(String token) {
    Api.Response r = api.get("/api/v1/sessions/" + maths + "/join", token);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** A classroom in the room: connected, registered to its inbox and the room, roster seen. */
  static BridgeClient enter(JsonObject joined, String token) {
    return BridgeClient.enter(app.port(), joined, "Bearer " + token);
  }

  @Test
  @DisplayName("join: the teacher has the main classroom, assistants theirs, coordinators observe")
  void seats() {
    JsonObject t = join(teacher);
    JsonObject y = join(yushu);
    JsonObject o = join(coordinator);
    assertThat(t.getString("part")).isEqualTo("main");
    assertThat(y.getString("part")).isEqualTo("receiver");
    assertThat(o.getString("part")).isEqualTo("observer");
    assertThat(t.getString("topology")).isEqualTo("mesh");
    assertThat(t.getString("endpointId")).isEqualTo(y.getString("teacherEndpoint"));
    assertThat(t.getJsonArray("endpoints")).hasSize(3);
    // the P2P initiator rule makes the main classroom offer to every receiving classroom
    assertThat(t.getString("endpointId")).isLessThan(y.getString("endpointId"));
    // a receiving classroom starts with the teacher only, at most 360p
    JsonObject c = y.getJsonObject("constraints");
    assertThat(c.getInteger("lastN")).isEqualTo(1);
    assertThat(c.getJsonArray("onStageSources").getString(0))
        .isEqualTo(t.getString("endpointId") + "-v0");
    assertThat(
            c.getJsonObject("constraints")
                .getJsonObject(t.getString("endpointId") + "-v0")
                .getInteger("maxHeight"))
        .isLessThanOrEqualTo(360);
    assertThat(y.getJsonObject("bridge").getString("inbox"))
        .isEqualTo("live." + maths + ".ep." + y.getString("endpointId"));
    // outsiders: a pupil's account (role), a teacher of another class, a stranger's session id
    assertThat(api.get("/api/v1/sessions/" + maths + "/join", pupil).status()).isEqualTo(403);
    Api.Response other = api.get("/api/v1/sessions/" + maths + "/join", haixi);
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.code()).isEqualTo("not-in-session");
    assertThat(api.get("/api/v1/sessions/" + java.util.UUID.randomUUID() + "/join", teacher).code())
        .isEqualTo("session-not-found");
    // Monday's physics class is over by Tuesday
    Api.Response over = api.get("/api/v1/sessions/" + physics + "/join", teacher);
    assertThat(over.status()).isEqualTo(409);
    assertThat(over.code()).isEqualTo("session-over");
    assertThat(api.get("/api/v1/sessions/" + maths + "/join", null).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("metrics: an operator sees live connections and rooms on this node")
  void metrics() {
    String admin = api.login("admin", "classbridge");
    JsonObject y = join(yushu);
    try (BridgeClient c = enter(y, yushu)) {
      String text = api.get("/metrics", admin).body();
      assertThat(text).contains("classbridge_live_connections").contains("classbridge_live_rooms");
      double connections = 0;
      for (String line : text.split("\n")) {
        if (line.startsWith("classbridge_live_connections ")) {
          connections = Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
        }
      }
      assertThat(connections).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  @DisplayName("REGISTER: no token, a bad token, another seat's inbox, another session: refused")
  void registerIsAuthorised() {
    JsonObject y = join(yushu);
    JsonObject t = join(teacher);
    String inbox = y.getJsonObject("bridge").getString("inbox");
    try (BridgeClient c = BridgeClient.connect(app.port())) {
      c.register(inbox, null);
      assertThat(c.error()).isIn((Object[]) REFUSED);
      c.register(inbox, "not-a-token");
      assertThat(c.error()).isIn((Object[]) REFUSED);
      // the teacher may not listen to a receiving classroom's inbox
      c.register(inbox, teacher);
      assertThat(c.error()).isIn((Object[]) REFUSED);
      // nor may a teacher of another class, even to the room
      c.register(y.getJsonObject("bridge").getString("room"), haixi);
      assertThat(c.error()).isIn((Object[]) REFUSED);
    }
    try (BridgeClient c = BridgeClient.connect(app.port())) {
      // an address outside the live vocabulary
      c.register("test.anything", teacher);
      assertThat(c.error()).isIn((Object[]) REFUSED);
    }
    try (BridgeClient c = BridgeClient.connect(app.port())) {
      // bound to the teacher's seat, the connection cannot then listen to another session
      c.register(t.getJsonObject("bridge").getString("room"), teacher);
      c.register("live." + physics + ".room", teacher);
      assertThat(c.error()).isIn((Object[]) REFUSED);
      c.register("live." + maths + ".ep." + y.getString("endpointId"), null);
      assertThat(c.error()).isIn((Object[]) REFUSED);
    }
  }

  @Test
  @DisplayName("SEND: from is written by the server; other addresses, PUBLISH and replies refused")
  void sendIsStamped() {
    JsonObject t = join(teacher);
    JsonObject y = join(yushu);
    try (BridgeClient tc = enter(t, teacher);
        BridgeClient yc = enter(y, yushu)) {
      String send = y.getJsonObject("bridge").getString("send");
      yc.send(
          send,
          new JsonObject()
              .put("v", 1)
              .put("colibriClass", "EndpointMessage")
              .put("from", t.getString("endpointId"))
              .put("to", t.getString("endpointId"))
              .put("payload", new JsonObject().put("type", "raise-hand")));
      JsonObject got =
          tc.message(
              t.getJsonObject("bridge").getString("inbox"),
              b -> "EndpointMessage".equals(b.getString("colibriClass")));
      assertThat(got.getString("from")).isEqualTo(y.getString("endpointId"));
      assertThat(got.getJsonObject("payload").getString("type")).isEqualTo("raise-hand");
      // straight to someone's inbox, bypassing the checks: refused
      yc.send(t.getJsonObject("bridge").getString("inbox"), new JsonObject().put("v", 1));
      assertThat(yc.error()).isIn((Object[]) REFUSED);
      yc.raw(
          new JsonObject()
              .put("type", "publish")
              .put("address", y.getJsonObject("bridge").getString("room"))
              .put("body", new JsonObject().put("v", 1))
              .encode());
      assertThat(yc.error()).isIn((Object[]) REFUSED);
      // a reply address is dropped, so no reply can come back through the bridge
      yc.raw(
          new JsonObject()
              .put("type", "send")
              .put("address", send)
              .put("replyAddress", "stolen")
              .put(
                  "body",
                  new JsonObject()
                      .put("v", 1)
                      .put("colibriClass", "EndpointMessage")
                      .put("to", t.getString("endpointId"))
                      .put("payload", new JsonObject().put("type", "ping")))
              .encode());
      JsonObject plain =
          tc.message(
              t.getJsonObject("bridge").getString("inbox"),
              b -> "EndpointMessage".equals(b.getString("colibriClass")));
      assertThat(plain.containsKey("replyAddress")).isFalse();
      // only the teacher may ask others to mute or spotlight
      yc.send(
          send,
          new JsonObject()
              .put("v", 1)
              .put("colibriClass", "DominantSpeakerEndpointChangeEvent")
              .put("dominantSpeakerEndpoint", y.getString("endpointId")));
      assertThat(errorOf(yc, y)).isEqualTo("forbidden");
      tc.send(
          send,
          new JsonObject()
              .put("v", 1)
              .put("colibriClass", "DominantSpeakerEndpointChangeEvent")
              .put("dominantSpeakerEndpoint", y.getString("endpointId")));
      JsonObject spot =
          yc.message(
              y.getJsonObject("bridge").getString("room"),
              b -> "DominantSpeakerEndpointChangeEvent".equals(b.getString("colibriClass")));
      assertThat(spot.getString("from")).isEqualTo(t.getString("endpointId"));
    }
  }

  static String errorOf(BridgeClient c, JsonObject joined) {
    return c.message(
            joined.getJsonObject("bridge").getString("inbox"),
            b -> "error".equals(b.getString("type")))
        .getString("condition");
  }

  @Test
  @DisplayName("Jingle: unknown actions, unknown sids, a second initiate, the initiator rule")
  void jingleVocabulary() {
    JsonObject t = join(teacher);
    JsonObject y = join(yushu);
    String te = t.getString("endpointId");
    String ye = y.getString("endpointId");
    String send = t.getJsonObject("bridge").getString("send");
    String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    try (BridgeClient tc = enter(t, teacher);
        BridgeClient yc = enter(y, yushu)) {
      tc.send(send, jingle("session-bounce", "s1", ye));
      assertThat(errorOf(tc, t)).isEqualTo("bad-request");
      tc.send(send, jingle("transport-info", "nope", ye).put("candidates", new JsonArray()));
      assertThat(errorOf(tc, t)).isEqualTo("unknown-session");
      // the larger id may not offer
      yc.send(send, jingle("session-initiate", "s2", te).put("sdp", sdp));
      assertThat(errorOf(yc, y)).isEqualTo("bad-request");
      tc.send(send, jingle("session-initiate", "s3", ye).put("sdp", sdp));
      JsonObject offer =
          yc.message(
              y.getJsonObject("bridge").getString("inbox"), b -> "s3".equals(b.getString("sid")));
      assertThat(offer.getString("from")).isEqualTo(te);
      assertThat(offer.getString("initiator")).isEqualTo(te);
      tc.send(send, jingle("session-initiate", "s3", ye).put("sdp", sdp));
      assertThat(errorOf(tc, t)).isEqualTo("service-unavailable");
      // the responder's node learned the sid: its answer and candidates pass
      yc.send(send, jingle("session-accept", "s3", te).put("sdp", sdp));
      JsonObject answer =
          tc.message(
              t.getJsonObject("bridge").getString("inbox"),
              b -> "session-accept".equals(b.getString("action")));
      assertThat(answer.getString("from")).isEqualTo(ye);
      yc.send(
          send,
          jingle("transport-info", "s3", te)
              .put(
                  "candidates",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put(
                                  "candidate",
                                  "candidate:1 1 udp 2122260223 10.0.0.2 50000 typ host")
                              .put("sdpMid", "0")
                              .put("sdpMLineIndex", 0))));
      tc.message(
          t.getJsonObject("bridge").getString("inbox"),
          b -> "transport-info".equals(b.getString("action")));
      // sources are the sender's own
      yc.send(
          send,
          jingle("source-add", "s3", te)
              .put(
                  "sources",
                  new JsonArray()
                      .add(new JsonObject().put("name", te + "-v0").put("mediaType", "video"))));
      assertThat(errorOf(yc, y)).isEqualTo("forbidden");
      // garbage
      yc.send(send, new JsonObject().put("v", 2).put("action", "session-info"));
      assertThat(errorOf(yc, y)).isEqualTo("bad-request");
      yc.send(send, jingle("session-info", "s3", te).put("extra", 1));
      assertThat(errorOf(yc, y)).isEqualTo("bad-request");
      tc.send(
          send,
          jingle("session-terminate", "s3", ye)
              .put("reason", new JsonObject().put("condition", "success")));
      yc.message(
          y.getJsonObject("bridge").getString("inbox"),
          b -> "session-terminate".equals(b.getString("action")));
      yc.send(send, jingle("session-info", "s3", te));
      assertThat(errorOf(yc, y)).isEqualTo("unknown-session");
    }
  }

  static JsonObject jingle(String action, String sid, String to) {
    return new JsonObject().put("v", 1).put("action", action).put("sid", sid).put("to", to);
  }

  @Test
  @DisplayName("frames: oversized, malformed, too many subscriptions, a foreign Origin")
  void nastyFrames() {
    JsonObject y = join(yushu);
    JsonObject t = join(teacher);
    String send = y.getJsonObject("bridge").getString("send");
    try (BridgeClient tc = enter(t, teacher);
        BridgeClient yc = enter(y, yushu)) {
      String big = "x".repeat(70_000);
      yc.send(
          send,
          new JsonObject()
              .put("v", 1)
              .put("colibriClass", "EndpointMessage")
              .put("to", "")
              .put("payload", new JsonObject().put("type", "note").put("text", big)));
      // refused by the size cap (an error) or by the WebSocket frame limit (closed): never relayed
      boolean relayed =
          tc.sees(
              f ->
                  f.getValue("body") instanceof JsonObject b
                      && "note"
                          .equals(b.getJsonObject("payload", new JsonObject()).getString("type")),
              Duration.ofSeconds(2));
      assertThat(relayed).isFalse();
    }
    try (BridgeClient c = enter(y, yushu)) {
      c.raw("{not json");
      assertThat(
              c.sees(f -> "err".equals(f.getString("type")) || c.isClosed(), Duration.ofSeconds(3))
                  || c.isClosed())
          .isTrue();
    }
    try (BridgeClient c = enter(y, yushu)) {
      // two registrations made (inbox, room); the cap is four: the fifth closes the connection
      String room = y.getJsonObject("bridge").getString("room");
      c.register(room, null);
      assertThat(c.error()).isEqualTo("address_already_registered");
      c.register("live." + physics + ".room", null);
      c.register("live." + physics + ".room", null);
      assertThat(c.awaitClosed(Duration.ofSeconds(5))).isNotZero();
    }
    assertThatThrownBy(() -> BridgeClient.connect(app.port(), "http://evil.example").close())
        .hasStackTraceContaining("403");
    // the server's own origin is welcome
    BridgeClient.connect(app.port(), "http://127.0.0.1:" + app.port()).close();
  }

  @Test
  @DisplayName("presence: joined, away when the socket drops, back when it returns, in the log")
  void presence() {
    JsonObject t = join(teacher);
    JsonObject g = join(guoluo);
    String room = t.getJsonObject("bridge").getString("room");
    try (BridgeClient tc = enter(t, teacher)) {
      BridgeClient gc = enter(g, guoluo);
      JsonObject joined =
          tc.message(
              room,
              b ->
                  "presence".equals(b.getString("type"))
                      && g.getString("endpointId")
                          .equals(b.getJsonObject("endpoint").getString("endpointId")));
      assertThat(joined.getString("state")).isIn("joined", "back");
      gc.close();
      JsonObject away =
          tc.message(
              room,
              b -> "presence".equals(b.getString("type")) && "away".equals(b.getString("state")));
      assertThat(away.getJsonObject("endpoint").getString("endpointId"))
          .isEqualTo(g.getString("endpointId"));
      try (BridgeClient again = enter(g, guoluo)) {
        JsonObject back =
            tc.message(
                room,
                b -> "presence".equals(b.getString("type")) && "back".equals(b.getString("state")));
        assertThat(back.getJsonObject("endpoint").getString("endpointId"))
            .isEqualTo(g.getString("endpointId"));
        // a second page of the same classroom displaces the first
        BridgeClient third = enter(g, guoluo);
        assertThat(again.awaitClosed(Duration.ofSeconds(5))).isEqualTo(4000);
        third.close();
      }
    }
    JsonArray log =
        api.get("/api/v1/sessions/" + maths + "/connections", coordinator)
            .json()
            .getJsonArray("connections");
    assertThat(log.stream().map(o -> ((JsonObject) o).getString("endpointId")))
        .contains(g.getString("endpointId"), t.getString("endpointId"));
    assertThat(api.get("/api/v1/sessions/" + maths + "/connections", pupil).status())
        .isEqualTo(403);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  @DisplayName("after the class: a session a receiving classroom joined is held; the room is shut")
  void heldAfterwards() {
    JsonObject y = join(yushu);
    try (BridgeClient c = enter(y, yushu)) {
      assertThat(c.isClosed()).isFalse();
    }
    clock.advance(Duration.ofHours(1));
    JsonObject maths0 =
        api.get("/api/v1/me/timetable?from=2026-11-30&to=2026-12-06", teacher).items().stream()
            .map(o -> (JsonObject) o)
            .filter(s -> s.getString("id").equals(maths))
            .findFirst()
            .orElseThrow();
    assertThat(maths0.getString("state")).isEqualTo("held");
    assertThat(api.get("/api/v1/sessions/" + maths + "/join", yushu).code())
        .isEqualTo("session-over");
    try (BridgeClient c = BridgeClient.connect(app.port())) {
      c.register(y.getJsonObject("bridge").getString("inbox"), yushu);
      assertThat(c.error()).isIn((Object[]) REFUSED);
    }
  }

  @Test
  @DisplayName("an observer offers to a receiving classroom without media, and may not send any")
  void observerWatches() {
    JsonObject o = join(coordinator);
    JsonObject y = join(yushu);
    String oe = o.getString("endpointId");
    String ye = y.getString("endpointId");
    String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    String send = o.getJsonObject("bridge").getString("send");
    try (BridgeClient oc = enter(o, coordinator);
        BridgeClient yc = enter(y, yushu)) {
      assertThat(oe).isLessThan(ye);
      oc.send(
          send,
          jingle("session-initiate", "o1", ye).put("sdp", sdp).put("sources", new JsonArray()));
      JsonObject offer =
          yc.message(
              y.getJsonObject("bridge").getString("inbox"), b -> "o1".equals(b.getString("sid")));
      assertThat(offer.getString("from")).isEqualTo(oe);
      oc.send(
          send,
          jingle("session-initiate", "o2", ye)
              .put("sdp", sdp)
              .put(
                  "sources",
                  new JsonArray()
                      .add(new JsonObject().put("name", oe + "-v0").put("mediaType", "video"))));
      assertThat(errorOf(oc, o)).isEqualTo("forbidden");
    }
  }

  @Test
  @DisplayName(
      "classroom device links: made by the room's staff, join without a login, nothing else")
  void deviceLinks() {
    String path = "/api/v1/sessions/" + maths + "/device-links";
    Api.Response made = api.post(path, yushu, new JsonObject());
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    String link = made.json().getString("token");
    assertThat(made.json().getString("path")).isEqualTo("/#/device/" + link);
    // who may make one: the room's staff for their room, the coordinator for any
    assertThat(api.post(path, haixi, new JsonObject()).code()).isEqualTo("validation-failed");
    String yushuRoom = join(yushu).getString("classroomId");
    assertThat(api.post(path, haixi, new JsonObject().put("classroomId", yushuRoom)).code())
        .isEqualTo("not-your-classroom");
    assertThat(api.post(path, coordinator, new JsonObject().put("classroomId", yushuRoom)).status())
        .isEqualTo(201);
    assertThat(api.post(path, coordinator, new JsonObject()).status()).isEqualTo(400);
    assertThat(api.post(path, pupil, new JsonObject()).status()).isEqualTo(403);
    // the link joins as the classroom
    Api.Response joined =
        api.post("/api/v1/live/device-join", null, new JsonObject().put("token", link));
    assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
    JsonObject d = joined.json();
    assertThat(d.getString("part")).isEqualTo("receiver");
    assertThat(d.getString("endpointId")).isEqualTo(join(yushu).getString("endpointId"));
    assertThat(d.getJsonObject("bridge").getString("authorization")).isEqualTo("Device " + link);
    for (JsonObject bad :
        new JsonObject[] {
          new JsonObject().put("token", "x.y.z"),
          new JsonObject().put("token", link + "x"),
          new JsonObject().put("token", link).put("extra", 1),
          new JsonObject().put("token", teacher)
        }) {
      Api.Response r = api.post("/api/v1/live/device-join", null, bad);
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.code()).isEqualTo("device-link-invalid");
    }
    // it is no API token
    assertThat(api.get("/api/v1/me", link).status()).isEqualTo(401);
    JsonObject t = join(teacher);
    try (BridgeClient tc = enter(t, teacher);
        BridgeClient dc = BridgeClient.connect(app.port())) {
      // not for another session
      dc.registerAs("live." + physics + ".room", "Device " + link);
      assertThat(dc.error()).isIn((Object[]) REFUSED);
      dc.registerAs(d.getJsonObject("bridge").getString("room"), "Device " + link);
      dc.registerAs(d.getJsonObject("bridge").getString("inbox"), "Device " + link);
      dc.message(
          d.getJsonObject("bridge").getString("inbox"), b -> "roster".equals(b.getString("type")));
      JsonObject seen =
          tc.message(
              t.getJsonObject("bridge").getString("room"),
              b ->
                  "presence".equals(b.getString("type"))
                      && d.getString("endpointId")
                          .equals(b.getJsonObject("endpoint").getString("endpointId")));
      assertThat(seen.getJsonObject("endpoint").getString("part")).isEqualTo("receiver");
    }
    String yushuUser = api.get("/api/v1/me", yushu).json().getJsonObject("user").getString("id");
    JsonArray log =
        api.get("/api/v1/sessions/" + maths + "/connections", coordinator)
            .json()
            .getJsonArray("connections");
    assertThat(log.stream().map(o -> (JsonObject) o))
        .anyMatch(
            c ->
                c.getString("endpointId").equals(d.getString("endpointId"))
                    && c.getString("userId").equals(yushuUser));
  }
}
