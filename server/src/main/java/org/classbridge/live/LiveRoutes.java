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
  private final Optional<DeviceLinks> devices;

  LiveRoutes(SessionAccess access, LiveConfig config, Clock clock, Optional<DeviceLinks> devices) {
    this.access = access;
    this.config = config;
    this.clock = clock;
    this.devices = devices;
  }

  List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get(
            "/api/v1/sessions/{sessionId}/join",
            Access.roles(Role.TEACHER, Role.COORDINATOR),
            ctx -> join(ctx)),
        RouteSpec.post(
            "/api/v1/sessions/{sessionId}/device-links",
            Access.roles(Role.TEACHER, Role.COORDINATOR),
            this::deviceLink),
        // the link itself is the credential: no account token (the classroom PC has none)
        RouteSpec.post(
            "/api/v1/live/device-join",
            new Access.BodyCredential("classroom-device-link"),
            this::deviceJoin));
  }

  /**
   * Makes a classroom device link: for the caller's own classroom in the session (its teacher, its
   * assistant, a teacher of its class), or for any classroom of the session for the group's
   * coordinator ({@code classroomId}). Good until the session ends.
   */
  private void deviceLink(RoutingContext ctx) {
    Principal who = Requests.principal(ctx);
    UUID id = Requests.pathId(ctx, "sessionId");
    JsonObject body = Requests.json(ctx);
    for (String k : body.fieldNames()) {
      if (!k.equals("classroomId")) {
        throw Problem.validation(
            List.of(new Problem.FieldError(k, "unknown-field", "only classroomId is read")));
      }
    }
    Optional<UUID> wanted;
    try {
      wanted =
          body.getValue("classroomId") == null
              ? Optional.empty()
              : Optional.of(UUID.fromString(String.valueOf(body.getValue("classroomId"))));
    } catch (IllegalArgumentException e) {
      throw Problem.validation(
          List.of(new Problem.FieldError("classroomId", "not-a-uuid", "is not an id")));
    }
    DeviceLinks links =
        devices.orElseThrow(
            () ->
                Problem.conflict(
                    "device-links-off",
                    "classroom device links need live.device-key on every node (production)"));
    visible(who, id)
        .map(
            seen -> {
              SessionAccess.LiveSession s = seen.session();
              Seat seat = seatForLink(who, s, seen.taught(), wanted);
              Instant now = clock.instant();
              Optional<String> closed = LiveRules.closed(s, now, config.earlyJoin());
              if (closed.isPresent() && !closed.get().equals("session-not-open")) {
                throw Problem.conflict(closed.get(), "the session is over or cancelled");
              }
              Instant expires = s.endsAt().plus(config.reconnectGrace());
              String token =
                  links.mint(
                      new DeviceLinks.Device(
                          s.id(), seat.classroomId().orElseThrow(), who.userId(), expires),
                      now);
              return new JsonObject()
                  .put("token", token)
                  .put("path", "/#/device/" + token)
                  .put("endpointId", seat.endpointId())
                  .put("displayName", seat.displayName())
                  .put("expiresAt", expires.toString());
            })
        .onSuccess(j -> Requests.sendUncached(ctx, 201, j))
        .onFailure(ctx::fail);
  }

  private static Seat seatForLink(
      Principal who, SessionAccess.LiveSession s, List<UUID> taught, Optional<UUID> wanted) {
    Optional<Seat> own =
        LiveRules.seatOf(who, s, taught, java.util.Set.of())
            .filter(x -> x.classroomId().isPresent());
    if (wanted.isEmpty()) {
      return own.orElseThrow(
          () ->
              Problem.validation(
                  List.of(
                      new Problem.FieldError(
                          "classroomId", "required", "name the classroom the device sits in"))));
    }
    Seat asked =
        LiveRules.seatOfClassroom(s, wanted.get())
            .orElseThrow(
                () ->
                    Problem.validation(
                        List.of(
                            new Problem.FieldError(
                                "classroomId",
                                "not-in-session",
                                "this classroom is not part of the session"))));
    boolean coordinator =
        who.role() == Role.COORDINATOR && who.groupId().equals(Optional.of(s.groupId()));
    if (!coordinator && !own.map(x -> x.endpointId().equals(asked.endpointId())).orElse(false)) {
      throw Problem.forbidden(
          "not-your-classroom",
          "a device link is made by its classroom's staff or the coordinator");
    }
    return asked;
  }

  /** What a classroom device needs to join, for a device link's bearer (no account token). */
  private void deviceJoin(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Problem invalid =
        Problem.forbidden("device-link-invalid", "the link is not valid (expired or altered)");
    Optional<DeviceLinks.Device> device =
        body.getValue("token") instanceof String t && body.size() == 1
            ? devices.flatMap(d -> d.verify(t, clock.instant()))
            : Optional.empty();
    if (device.isEmpty()) {
      ctx.fail(invalid);
      return;
    }
    String token = body.getString("token");
    access
        .session(device.get().session())
        .map(
            found -> {
              SessionAccess.LiveSession s = found.orElseThrow(() -> invalid);
              Seat seat =
                  LiveRules.seatOfClassroom(s, device.get().classroom()).orElseThrow(() -> invalid);
              return answer(s, seat, device.get().madeBy().toString(), Optional.empty())
                  .put("device", true)
                  .put("bridge", bridge(s, seat).put("authorization", "Device " + token));
            })
        .onSuccess(j -> Requests.sendUncached(ctx, 200, j))
        .onFailure(ctx::fail);
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
    return visible(who, id)
        .map(
            seen ->
                answer(
                    seen.session(),
                    LiveRules.seatOf(who, seen.session(), seen.taught(), seen.observes())
                        .orElseThrow(
                            () ->
                                Problem.forbidden(
                                    "not-in-session",
                                    "only the session's teacher, its receiving classrooms' staff,"
                                        + " the group's coordinators and the teacher's studio"
                                        + " colleagues join its live room")),
                    who.userId().toString(),
                    who.schoolId().map(UUID::toString)));
  }

  /** A session the caller's group may see, with the classes the caller teaches. */
  private record Seen(
      SessionAccess.LiveSession session, List<UUID> taught, java.util.Set<UUID> observes) {}

  private Future<Seen> visible(Principal who, UUID id) {
    Problem missing = Problem.notFound("session-not-found", "no session " + id);
    return access
        .session(id)
        .compose(
            found -> {
              SessionAccess.LiveSession s =
                  found.filter(x -> who.canSeeGroup(x.groupId())).orElseThrow(() -> missing);
              return access
                  .classesOf(who.userId())
                  .compose(
                      taught -> access.observes(who.userId()).map(o -> new Seen(s, taught, o)));
            });
  }

  private JsonObject bridge(SessionAccess.LiveSession s, Seat seat) {
    return new JsonObject()
        .put("url", "/eventbus")
        .put("websocket", "/eventbus/websocket")
        .put("send", Addresses.inbound(s.id()))
        .put("inbox", Addresses.inbox(s.id(), seat.endpointId()))
        .put("room", Addresses.room(s.id()));
  }

  private JsonObject answer(
      SessionAccess.LiveSession s, Seat seat, String userId, Optional<String> schoolId) {
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
    boolean mesh = s.others() <= config.meshMaxReceivers();
    List<Seat> seats = LiveRules.expected(s);
    Seat main = seats.get(0);
    JsonArray expected = new JsonArray();
    for (Seat x : seats) {
      expected.add(
          new JsonObject()
              .put("endpointId", x.endpointId())
              .put("part", x.part().id())
              .put("displayName", x.displayName())
              .put("classroomId", x.classroomId().map(UUID::toString).orElse(null))
              .put("recorded", LiveRules.recorded(s, x)));
    }
    int maxHeight = maxHeightFor(s, seat);
    // a receiving classroom's pupils watch the teacher; colleagues in a research session and
    // observers see everyone
    boolean pupils = seat.part() == Seat.Part.RECEIVER && seat.classroomId().isPresent();
    // the main classroom sees every receiving room, each no larger than its uplink carries
    JsonObject perRoom = new JsonObject();
    for (SessionAccess.ReceivingRoom r : s.receivers()) {
      perRoom.put(
          LiveRules.receiver(r).videoSource(), height(LiveRules.defaultMaxHeight(r.room())));
    }
    JsonObject constraints =
        seat.part() == Seat.Part.MAIN
            ? new JsonObject()
                .put("lastN", -1)
                .put("defaultConstraints", height(360))
                .put("constraints", perRoom)
            : new JsonObject()
                .put("lastN", pupils ? 1 : -1)
                .put("onStageSources", new JsonArray().add(main.videoSource()))
                .put("defaultConstraints", height(pupils ? 0 : 180))
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
            .put("bridge", bridge(s, seat))
            .put("iceServers", IceServers.forSeat(config, userId, credentialsEnd))
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
                          s.others()
                              + " receiving classrooms and colleagues are more than a browser"
                              + " mesh carries ("
                              + config.meshMaxReceivers()
                              + ") and no Jitsi Meet deployment is configured (jitsi.url)"));
      String token = JitsiTokens.token(jitsi, s, seat, userId, schoolId.orElse(""), now);
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
