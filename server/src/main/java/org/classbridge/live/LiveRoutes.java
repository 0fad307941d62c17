package org.classbridge.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;

/** The live classroom's HTTP side: what a classroom's page needs to join a session. */
final class LiveRoutes {
  private final SessionAccess access;
  private final LiveConfig config;
  private final Clock clock;

  LiveRoutes(SessionAccess access, LiveConfig config, Clock clock) {
    this.access = access;
    this.config = config;
    this.clock = clock;
  }

  List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get(
            "/api/v1/sessions/{sessionId}/join",
            Access.roles(Role.TEACHER, Role.COORDINATOR),
            ctx -> join(ctx)));
  }

  private void join(RoutingContext ctx) {
    Principal who = Requests.principal(ctx);
    UUID id = Requests.pathId(ctx, "sessionId");
    join(who, id).onSuccess(j -> Requests.sendUncached(ctx, 200, j)).onFailure(ctx::fail);
  }

  /**
   * Everything a classroom needs to join: its endpoint and seat, the bridge addresses, the ICE
   * servers with TURN credentials bounded by the booking, the default video constraints for a
   * receiving room, and, for a class too big for a browser mesh, the Jitsi link instead.
   */
  Future<JsonObject> join(Principal who, UUID id) {
    Problem missing = Problem.notFound("session-not-found", "no session " + id);
    return access
        .session(id)
        .compose(
            found -> {
              SessionAccess.LiveSession s =
                  found.filter(x -> who.canSeeGroup(x.groupId())).orElseThrow(() -> missing);
              return access.classesOf(who.userId()).map(taught -> answer(who, s, taught));
            });
  }

  private JsonObject answer(Principal who, SessionAccess.LiveSession s, List<UUID> taught) {
    Seat seat =
        LiveRules.seatOf(who, s, taught)
            .orElseThrow(
                () ->
                    Problem.forbidden(
                        "not-in-session",
                        "only the session's teacher, its receiving classrooms' staff and the"
                            + " group's coordinators join its live room"));
    Instant now = clock.instant();
    Optional<String> closed = LiveRules.closed(s, now, config.earlyJoin());
    if (closed.isPresent()) {
      throw Problem.conflict(
          closed.get(),
          switch (closed.get()) {
            case "session-cancelled" -> "the session was cancelled";
            case "session-not-open" ->
                "the live room opens at " + s.startsAt().minus(config.earlyJoin());
            default -> "the session is over";
          });
    }
    boolean mesh = s.receivers().size() <= config.meshMaxReceivers();
    List<Seat> seats = LiveRules.expected(s);
    Seat main = seats.get(0);
    JsonArray expected = new JsonArray();
    for (Seat x : seats) {
      expected.add(
          new JsonObject()
              .put("endpointId", x.endpointId())
              .put("part", x.part().id())
              .put("displayName", x.displayName())
              .put("classroomId", x.classroomId().map(UUID::toString).orElse(null)));
    }
    int maxHeight = maxHeightFor(s, seat);
    JsonObject constraints =
        seat.part() == Seat.Part.MAIN
            ? new JsonObject().put("lastN", -1).put("defaultConstraints", height(720))
            : new JsonObject()
                .put("lastN", seat.part() == Seat.Part.RECEIVER ? 1 : -1)
                .put("onStageSources", new JsonArray().add(main.videoSource()))
                .put("defaultConstraints", height(seat.part() == Seat.Part.RECEIVER ? 0 : 180))
                .put("constraints", new JsonObject().put(main.videoSource(), height(maxHeight)));
    Instant credentialsEnd = s.endsAt().plus(config.reconnectGrace());
    JsonObject out =
        new JsonObject()
            .put("sessionId", s.id().toString())
            .put("roomName", s.roomName())
            .put("subject", s.subject())
            .put("title", s.title().orElse(null))
            .put("teacherName", s.teacherName())
            .put("startsAt", s.startsAt().toString())
            .put("endsAt", s.endsAt().toString())
            .put("endpointId", seat.endpointId())
            .put("part", seat.part().id())
            .put("displayName", seat.displayName())
            .put("classroomId", seat.classroomId().map(UUID::toString).orElse(null))
            .put("teacherEndpoint", main.endpointId())
            .put("endpoints", expected)
            .put("resources", new JsonArray(s.resources().stream().map(UUID::toString).toList()))
            .put("topology", mesh ? "mesh" : "jitsi")
            .put(
                "bridge",
                new JsonObject()
                    .put("url", "/eventbus")
                    .put("websocket", "/eventbus/websocket")
                    .put("send", Addresses.inbound(s.id()))
                    .put("inbox", Addresses.inbox(s.id(), seat.endpointId()))
                    .put("room", Addresses.room(s.id())))
            .put("iceServers", IceServers.forSeat(config, who.userId().toString(), credentialsEnd))
            .put("iceTransportPolicy", config.relayOnly() ? "relay" : "all")
            .put("credentialsExpire", credentialsEnd.toString())
            .put("constraints", constraints)
            .put("reconnectGraceSeconds", config.reconnectGrace().toSeconds());
    if (!mesh) {
      LiveConfig.Jitsi jitsi =
          config
              .jitsi()
              .orElseThrow(
                  () ->
                      Problem.conflict(
                          "jitsi-not-configured",
                          s.receivers().size()
                              + " receiving classrooms are more than a browser mesh carries ("
                              + config.meshMaxReceivers()
                              + ") and no Jitsi Meet deployment is configured (jitsi.url)"));
      String token =
          JitsiTokens.token(
              jitsi,
              s,
              seat,
              who.userId().toString(),
              who.schoolId().map(UUID::toString).orElse(""),
              now);
      out.put(
          "jitsi",
          new JsonObject()
              .put("room", s.roomName())
              .put("link", JitsiTokens.link(jitsi, s.roomName(), token, seat, maxHeight)));
    }
    return out;
  }

  private static int maxHeightFor(SessionAccess.LiveSession s, Seat seat) {
    if (seat.part() != Seat.Part.RECEIVER) {
      return 360;
    }
    return s.receivers().stream()
        .filter(r -> seat.classroomId().equals(Optional.of(r.room().classroomId())))
        .findFirst()
        .map(r -> LiveRules.defaultMaxHeight(r.room()))
        .orElse(360);
  }

  private static JsonObject height(int h) {
    return new JsonObject().put("maxHeight", h);
  }
}
