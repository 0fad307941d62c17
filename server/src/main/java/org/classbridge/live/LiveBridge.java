package org.classbridge.live;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.classbridge.http.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS EventBus bridge under {@code /eventbus}, deny by default (SECURITY.md). The address
 * patterns below are only a second fence: every REGISTER and SEND is decided here, against the
 * caller's token, the booked session, the caller's seat in it and the session's window.
 *
 * <ul>
 *   <li>REGISTER: the first one carries {@code headers.authorization: "Bearer <token>"} (or {@code
 *       "Device <link>"} for a classroom's own computer) and binds the connection to that caller,
 *       session and seat for good. A connection may listen to its own inbox and its session's room,
 *       nothing else.
 *   <li>SEND: only to the session's inbound address, only once in the room. The message is checked
 *       ({@link Signals}), {@code from} is written here, client headers and reply addresses are
 *       dropped, and it goes to one inbox or the room.
 *   <li>PUBLISH: never (the server publishes to rooms itself).
 * </ul>
 */
final class LiveBridge implements Handler<BridgeEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(LiveBridge.class);
  private static final String ID = "[0-9a-f-]{36}";

  /** Messages per second a connection may send, and the burst it may save up. */
  static final double RATE = 50;

  static final double BURST = 400;

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final SessionAccess access;
  private final Presence presence;
  private final JingleSessions jingle;
  private final LiveConfig config;
  private final Clock clock;
  private final Map<SockJSSocket, Conn> conns;
  private final Optional<DeviceLinks> devices;
  private final String node;
  private final Map<SockJSSocket, Integer> attempts = new ConcurrentHashMap<>();
  private final Map<SockJSSocket, Integer> refusals = new ConcurrentHashMap<>();
  private final java.util.Set<SockJSSocket> open = ConcurrentHashMap.newKeySet();

  /** Refused frames a socket may send before it is closed (a page makes none). */
  static final int MAX_REFUSALS = 32;

  /** Close codes the page acts on (4000-4999 are the application's). */
  static final short DISPLACED = 4000;

  static final short SESSION_CLOSED = 4001;
  static final short NOT_AUTHORISED = 4003;
  static final short MISBEHAVING = 4008;
  static final short TOO_SLOW = 4009;

  /** Refuses a frame; a socket that keeps sending refused frames is closed. */
  private void refuse(BridgeEvent event) {
    event.complete(false);
    if (refusals.merge(event.socket(), 1, Integer::sum) > MAX_REFUSALS) {
      event.socket().close(MISBEHAVING, "too many refused frames");
    }
  }

  LiveBridge(
      Vertx vertx,
      Authenticator authenticator,
      SessionAccess access,
      Presence presence,
      JingleSessions jingle,
      LiveConfig config,
      Clock clock,
      Map<SockJSSocket, Conn> conns,
      Optional<DeviceLinks> devices,
      String node) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.access = access;
    this.presence = presence;
    this.jingle = jingle;
    this.config = config;
    this.clock = clock;
    this.conns = conns;
    this.devices = devices;
    this.node = node;
  }

  /** The bridge's router, one per HTTP server instance (each on its own event loop). */
  static Router router(Vertx vertx, LiveBridge bridge, LiveConfig config) {
    SockJSHandlerOptions options =
        new SockJSHandlerOptions()
            .setRegisterWriteHandler(false)
            .setInsertJSESSIONID(false)
            .setHeartbeatInterval(25_000);
    // WebSocket only: a polling transport would take messages in request bodies the size caps
    // below never see, and every school that can carry WebRTC can carry a WebSocket
    for (Transport t : Transport.values()) {
      if (t != Transport.WEBSOCKET) {
        options.addDisabledTransport(t.name());
      }
    }
    SockJSBridgeOptions bridgeOptions =
        new SockJSBridgeOptions()
            .addInboundPermitted(
                new PermittedOptions()
                    .setAddressRegex(
                        "live\\.in\\."
                            + ID
                            + "|live\\."
                            + ID
                            + "\\.ep\\.[mor]-[0-9a-f]{12}|live\\.sink"))
            .addOutboundPermitted(
                new PermittedOptions()
                    .setAddressRegex("live\\." + ID + "\\.(ep\\.[mor]-[0-9a-f]{12}|room)"))
            .setMaxHandlersPerSocket(config.maxSubscriptions())
            .setPingTimeout(20_000)
            .setReplyTimeout(5_000);
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            ctx -> {
              // a page of another site must not drive a teacher's signed-in browser (cross-site
              // WebSocket
              // hijacking); clients that send no Origin are not browsers and still need a token
              String origin = ctx.request().getHeader("Origin");
              if (origin != null
                  && !originAllowed(
                      origin,
                      ctx.request().authority() == null
                          ? null
                          : ctx.request().authority().toString(),
                      config)) {
                ctx.response().setStatusCode(403).end("origin not allowed");
                return;
              }
              ctx.next();
            });
    router
        .route("/*")
        .subRouter(SockJSHandler.create(vertx, options).bridge(bridgeOptions, bridge));
    return router;
  }

  static boolean originAllowed(String origin, String host, LiveConfig config) {
    if (config.allowedOrigin().isPresent()) {
      return config.allowedOrigin().get().equals(origin);
    }
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  @Override
  public void handle(BridgeEvent event) {
    try {
      switch (event.type()) {
        case SOCKET_CREATED -> {
          open.add(event.socket());
          event.complete(true);
        }
        case SOCKET_PING, SOCKET_IDLE, UNREGISTER -> event.complete(true);
        case SOCKET_CLOSED, SOCKET_ERROR -> {
          open.remove(event.socket());
          attempts.remove(event.socket());
          refusals.remove(event.socket());
          Conn c = conns.remove(event.socket());
          if (c != null) {
            presence.drop(c);
          }
          event.complete(true);
        }
        case REGISTER -> register(event);
        case REGISTERED -> registered(event);
        case SEND -> send(event);
        case RECEIVE -> receive(event);
        default -> refuse(event); // PUBLISH and anything new
      }
    } catch (RuntimeException e) {
      LOG.warn("bridge event {} refused: {}", event.type(), e.toString());
      if (!event.future().isComplete()) {
        event.complete(false);
      }
    }
  }

  private void register(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    // a page registers twice (inbox, room); one that keeps registering is broken or probing
    if (attempts.merge(event.socket(), 1, Integer::sum) > config.maxSubscriptions()) {
      event.complete(false);
      event.socket().close(MISBEHAVING, "too many subscriptions");
      return;
    }
    Optional<Addresses.Parsed> parsed = Addresses.parse(raw.getString("address"));
    if (parsed.isEmpty() || parsed.get() instanceof Addresses.Inbound) {
      refuse(event);
      return;
    }
    Addresses.Parsed address = parsed.get();
    Conn bound = conns.get(event.socket());
    if (bound != null) {
      boolean may =
          mayListen(bound, address)
              && LiveRules.closed(bound.session, clock.instant(), config.earlyJoin()).isEmpty();
      if (may && address instanceof Addresses.Inbox) {
        displace(bound);
      }
      if (may) {
        event.complete(true);
      } else {
        refuse(event);
      }
      return;
    }
    Credential credential = credential(raw.getValue("headers"));
    if (credential == null) {
      refuse(event);
      return;
    }
    bind(event.socket(), credential, address.session())
        .onComplete(
            ar -> {
              Conn c = ar.succeeded() ? ar.result() : null;
              if (c == null || !mayListen(c, address)) {
                refuse(event);
                return;
              }
              if (!open.contains(event.socket())) {
                event.complete(false); // closed while its token was being checked
                return;
              }
              Conn raced = conns.putIfAbsent(event.socket(), c);
              if (raced != null
                  && !(raced.userId.equals(c.userId)
                      && raced.device == c.device
                      && raced.session.id().equals(c.session.id()))) {
                refuse(event);
                return;
              }
              if (address instanceof Addresses.Inbox) {
                displace(raced == null ? c : raced);
              }
              event.complete(true);
            });
  }

  /** How a connection proves who it is: a person's API token, or a classroom device link. */
  sealed interface Credential {
    String token();
  }

  record PersonToken(String token) implements Credential {}

  record DeviceLink(String token) implements Credential {}

  /**
   * The connection a credential opens in a session, or null when it opens none: the caller's seat
   * (a device link's classroom), inside the session's window.
   */
  private io.vertx.core.Future<Conn> bind(
      SockJSSocket socket, Credential credential, java.util.UUID sessionId) {
    return seat(credential, sessionId, access::session)
        .map(
            found ->
                found
                    .filter(
                        f ->
                            LiveRules.closed(f.session(), clock.instant(), config.earlyJoin())
                                .isEmpty())
                    .map(
                        f ->
                            new Conn(
                                socket,
                                f.userId(),
                                credential instanceof DeviceLink,
                                credential.token(),
                                f.session(),
                                f.seat(),
                                RATE,
                                BURST))
                    .orElse(null));
  }

  /** A credential's seat in a session, as things stand now. */
  record Found(SessionAccess.LiveSession session, Seat seat, java.util.UUID userId) {}

  io.vertx.core.Future<Optional<Found>> seat(
      Credential credential,
      java.util.UUID sessionId,
      java.util.function.Function<
              java.util.UUID, io.vertx.core.Future<Optional<SessionAccess.LiveSession>>>
          sessions) {
    if (credential instanceof DeviceLink link) {
      Optional<DeviceLinks.Device> device =
          devices.flatMap(d -> d.verify(link.token(), clock.instant()));
      if (device.isEmpty() || !device.get().session().equals(sessionId)) {
        return io.vertx.core.Future.succeededFuture(Optional.empty());
      }
      return sessions
          .apply(sessionId)
          .map(
              found ->
                  found.flatMap(
                      s ->
                          LiveRules.seatOfClassroom(s, device.get().classroom())
                              .map(seat -> new Found(s, seat, device.get().madeBy()))));
    }
    return authenticator
        .authenticate(credential.token())
        .compose(
            who ->
                sessions
                    .apply(sessionId)
                    .compose(
                        found -> {
                          if (found.isEmpty()) {
                            return io.vertx.core.Future.succeededFuture(Optional.<Found>empty());
                          }
                          SessionAccess.LiveSession s = found.get();
                          return access
                              .classesOf(who.userId())
                              .compose(
                                  taught ->
                                      access
                                          .observes(who.userId())
                                          .map(
                                              observes ->
                                                  LiveRules.seatOf(who, s, taught, observes)
                                                      .map(
                                                          seat ->
                                                              new Found(s, seat, who.userId()))));
                        }));
  }

  /**
   * An older connection of the same seat (a reloaded page, a second tab) gives way: it is told
   * before this one listens, so only the old one hears it.
   */
  private void displace(Conn c) {
    vertx
        .eventBus()
        .publish(
            c.inbox(),
            new JsonObject().put("v", Signals.VERSION).put("type", "displaced").put("conn", c.id));
  }

  private static boolean mayListen(Conn c, Addresses.Parsed address) {
    return switch (address) {
      case Addresses.Inbox i ->
          i.session().equals(c.session.id()) && i.endpoint().equals(c.seat.endpointId());
      case Addresses.Room r -> r.session().equals(c.session.id());
      case Addresses.Inbound x -> false;
    };
  }

  private void registered(BridgeEvent event) {
    event.complete(true);
    Conn c = conns.get(event.socket());
    if (c == null) {
      return;
    }
    String address = event.getRawMessage().getString("address");
    if (c.inbox().equals(address)) {
      c.inboxRegistered = true;
    } else if (Addresses.room(c.session.id()).equals(address)) {
      c.roomRegistered = true;
    }
    // enter once both listen: a page that entered before its room registration was in place
    // would miss the presence events of classrooms joining right after it
    if (!c.inboxRegistered || !c.roomRegistered || c.entering) {
      return;
    }
    c.entering = true;
    presence
        .enter(c)
        .onSuccess(
            roster -> {
              if (roster.isEmpty()) {
                return;
              }
              deliver(c, roster.get());
              if (c.seat.part() == Seat.Part.RECEIVER && c.seat.classroomId().isPresent()) {
                // a receiving classroom starts with the teacher only: Videobridge's lastN 1
                deliver(
                    c,
                    new JsonObject()
                        .put("v", Signals.VERSION)
                        .put("colibriClass", "LastNChangedEvent")
                        .put("lastN", 1));
              }
            })
        .onFailure(e -> LOG.warn("entering {}: {}", c.seat.endpointId(), e.toString()));
  }

  private void send(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    Conn c = conns.get(event.socket());
    Optional<Addresses.Parsed> parsed = Addresses.parse(raw.getString("address"));
    if (c == null
        || !c.entered
        || !(parsed.orElse(null) instanceof Addresses.Inbound in)
        || !in.session().equals(c.session.id())) {
      refuse(event);
      return;
    }
    Object body = raw.getValue("body");
    String to =
        body instanceof JsonObject b && b.getValue("to") instanceof String t && t.length() <= 64
            ? t
            : null;
    boolean behind = to != null && presence.present(c.session.id(), to).isEmpty();
    if (!behind && c.judged.isComplete()) {
      judge(event, c, body);
      return;
    }
    // the addressee is not in this node's view yet (or an earlier message waits for it): ask the
    // cluster roster first, and judge the messages in the order the page sent them
    c.judged =
        c.judged
            .compose(
                x ->
                    to == null
                        ? Future.<Void>succeededFuture()
                        : presence.catchUp(c.session.id(), to))
            .andThen(x -> judge(event, c, body))
            .recover(e -> Future.succeededFuture());
  }

  /** Decides on one message of a page and delivers, publishes or refuses it. */
  private void judge(BridgeEvent event, Conn c, Object body) {
    Signals.Verdict verdict;
    Optional<String> closed = LiveRules.closed(c.session, clock.instant(), config.earlyJoin());
    if (!c.take()) {
      verdict = new Signals.Refused("resource-constraint", "too many messages: slow down");
    } else if (closed.isPresent()) {
      verdict = new Signals.Refused("not-allowed", closed.get());
    } else if (body instanceof JsonObject b && b.toBuffer().length() > config.maxMessageBytes()) {
      verdict =
          new Signals.Refused(
              "bad-request", "a message is at most " + config.maxMessageBytes() + " bytes");
    } else {
      verdict =
          Signals.check(
              body,
              new Signals.Context(
                  c.session.id(), c.seat, e -> presence.present(c.session.id(), e), jingle));
    }
    switch (verdict) {
      case Signals.Direct d -> {
        String action = d.body().getString("action");
        if ("session-initiate".equals(action)
            && !jingle.open(
                c.session.id(),
                d.body().getString("sid"),
                new JingleSessions.Peers(c.seat.endpointId(), d.to()))) {
          refuse(
              event,
              c,
              new Signals.Refused("service-unavailable", "that session is already live"),
              body);
          return;
        }
        if ("session-terminate".equals(action)) {
          jingle.close(c.session.id(), d.body().getString("sid"));
        }
        deliverTo(c.session.id(), d.to(), d.body());
        rewrite(event, Addresses.SINK, new JsonObject());
      }
      case Signals.Everyone e -> {
        vertx.eventBus().publish(Addresses.room(c.session.id()), e.body());
        rewrite(event, Addresses.SINK, new JsonObject());
      }
      case Signals.RosterRequest r -> {
        deliver(c, presence.roster(c.session.id(), c.seat.endpointId()));
        rewrite(event, Addresses.SINK, new JsonObject());
      }
      case Signals.Refused r -> refuse(event, c, r, body);
    }
  }

  /**
   * Delivers to one endpoint's inbox: here when its connection is on this node, else through its
   * node's address (see {@link Addresses#node}). Published, not sent: for a moment after a page
   * reloads, the old page's socket still listens on the inbox, and a point-to-point send could pick
   * it; the old one drops it.
   */
  private void deliverTo(java.util.UUID session, String endpoint, JsonObject body) {
    String inbox = Addresses.inbox(session, endpoint);
    Optional<String> at = presence.nodeOf(session, endpoint);
    if (at.isEmpty()) {
      vertx.eventBus().publish(inbox, body);
    } else if (at.get().equals(node)) {
      vertx
          .eventBus()
          .publish(inbox, body, new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true));
    } else {
      vertx
          .eventBus()
          .send(Addresses.node(at.get()), new JsonObject().put("inbox", inbox).put("body", body));
    }
  }

  private void refuse(BridgeEvent event, Conn c, Signals.Refused r, Object about) {
    deliver(c, Signals.error(r, about));
    rewrite(event, Addresses.SINK, new JsonObject());
  }

  /**
   * Sends the checked message where it belongs instead of where the client addressed it; without
   * the client's headers (its token) or reply address (replies always pass a bridge).
   */
  private static void rewrite(BridgeEvent event, String address, JsonObject body) {
    JsonObject raw = event.getRawMessage();
    raw.clear();
    raw.put("type", "send").put("address", address).put("body", body);
    event.setRawMessage(raw);
    event.complete(true);
  }

  private void receive(BridgeEvent event) {
    Conn c = conns.get(event.socket());
    if (c == null || c.displaced) {
      event.complete(false);
      return;
    }
    if (socketGone(event.socket()) || event.socket().writeQueueFull()) {
      // a page that does not read what it is sent is gone or stuck: it comes back with a fresh
      // connection rather than the server queueing for it without end
      event.complete(false);
      event.socket().close(TOO_SLOW, "not reading");
      return;
    }
    Object b = event.getRawMessage().getValue("body");
    if (!(b instanceof JsonObject body)) {
      event.complete(true);
      return;
    }
    if ("displaced".equals(body.getString("type"))) {
      boolean me = c.id.equals(body.getString("conn"));
      if (!me) {
        c.displaced = true;
        deliver(c, body);
        vertx.setTimer(200, t -> event.socket().close(DISPLACED, "displaced"));
      }
      event.complete(false);
      return;
    }
    String action = body.getString("action");
    if ("session-initiate".equals(action) && c.seat.endpointId().equals(body.getString("to"))) {
      jingle.learn(
          c.session.id(),
          body.getString("sid"),
          new JingleSessions.Peers(body.getString("from"), c.seat.endpointId()));
    } else if ("session-terminate".equals(action)) {
      jingle.close(c.session.id(), body.getString("sid"));
    }
    event.complete(true);
  }

  /**
   * Checks every connection of this HTTP instance again: a token revoked (logout, deactivation), a
   * seat taken away, a session cancelled, moved or over closes the connection, so nothing decided
   * once at REGISTER outlives the facts it was decided on.
   */
  void recheck() {
    // one read per session per round, however many of its classrooms are connected here
    Map<java.util.UUID, io.vertx.core.Future<Optional<SessionAccess.LiveSession>>> read =
        new ConcurrentHashMap<>();
    for (Conn c : java.util.List.copyOf(conns.values())) {
      Credential credential = c.device ? new DeviceLink(c.token) : new PersonToken(c.token);
      seat(credential, c.session.id(), id -> read.computeIfAbsent(id, access::session))
          .map(
              found -> {
                if (found.isEmpty()) {
                  return NOT_AUTHORISED;
                }
                if (LiveRules.closed(found.get().session(), clock.instant(), config.earlyJoin())
                    .isPresent()) {
                  return SESSION_CLOSED;
                }
                return found.get().seat().endpointId().equals(c.seat.endpointId())
                    ? (short) 0
                    : NOT_AUTHORISED;
              })
          // a refusal (revoked token, seat gone) closes; a database that is busy for a moment
          // must not throw a whole class out of its lesson: the next round asks again
          .otherwise(
              e ->
                  e instanceof org.classbridge.common.Problem p
                          && p.kind() != org.classbridge.common.Problem.Kind.UNAVAILABLE
                          && p.kind() != org.classbridge.common.Problem.Kind.INTERNAL
                      ? NOT_AUTHORISED
                      : (short) 0)
          .onSuccess(
              code -> {
                if (code != 0) {
                  c.socket.close(code, code == SESSION_CLOSED ? "session closed" : "not allowed");
                }
              });
    }
  }

  /** A socket closing under a message in flight (its write queue can no longer be asked). */
  private boolean socketGone(SockJSSocket socket) {
    if (!open.contains(socket)) {
      return true;
    }
    try {
      socket.writeQueueFull();
      return false;
    } catch (IllegalStateException closed) {
      return true;
    }
  }

  /** Writes a message to a connection's inbox straight down its socket. */
  private static void deliver(Conn c, JsonObject body) {
    c.socket.write(
        new JsonObject().put("type", "rec").put("address", c.inbox()).put("body", body).encode());
  }

  /** {@code authorization: "Bearer <token>"} or {@code "Device <link token>"}; null otherwise. */
  static Credential credential(Object headers) {
    if (!(headers instanceof JsonObject h) || !(h.getValue("authorization") instanceof String s)) {
      return null;
    }
    for (String scheme : new String[] {"Bearer ", "Device "}) {
      if (s.regionMatches(true, 0, scheme, 0, scheme.length())) {
        String token = s.substring(scheme.length()).strip();
        if (token.isEmpty()) {
          return null;
        }
        return scheme.startsWith("B") ? new PersonToken(token) : new DeviceLink(token);
      }
    }
    return null;
  }
}
