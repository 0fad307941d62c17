package org.classbridge.live;

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
 *   <li>REGISTER: the first one carries {@code headers.authorization: "Bearer <token>"} and binds
 *       the connection to that caller, session and seat for good. A connection may listen to its
 *       own inbox and its session's room, nothing else.
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
  private final Map<SockJSSocket, Integer> attempts = new ConcurrentHashMap<>();

  LiveBridge(
      Vertx vertx,
      Authenticator authenticator,
      SessionAccess access,
      Presence presence,
      JingleSessions jingle,
      LiveConfig config,
      Clock clock,
      Map<SockJSSocket, Conn> conns) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.access = access;
    this.presence = presence;
    this.jingle = jingle;
    this.config = config;
    this.clock = clock;
    this.conns = conns;
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
        case SOCKET_CREATED, SOCKET_PING, SOCKET_IDLE, UNREGISTER -> event.complete(true);
        case SOCKET_CLOSED, SOCKET_ERROR -> {
          attempts.remove(event.socket());
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
        default -> event.complete(false); // PUBLISH and anything new
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
      event.socket().close(4008, "too many subscriptions");
      return;
    }
    Optional<Addresses.Parsed> parsed = Addresses.parse(raw.getString("address"));
    if (parsed.isEmpty() || parsed.get() instanceof Addresses.Inbound) {
      event.complete(false);
      return;
    }
    Addresses.Parsed address = parsed.get();
    Conn bound = conns.get(event.socket());
    if (bound != null) {
      boolean may = mayListen(bound, address);
      if (may && address instanceof Addresses.Inbox) {
        displace(bound);
      }
      event.complete(may);
      return;
    }
    String token = bearer(raw.getValue("headers"));
    if (token == null) {
      event.complete(false);
      return;
    }
    authenticator
        .authenticate(token)
        .compose(
            who ->
                access
                    .session(address.session())
                    .compose(
                        found -> {
                          if (found.isEmpty()) {
                            return io.vertx.core.Future.succeededFuture((Conn) null);
                          }
                          SessionAccess.LiveSession s = found.get();
                          return access
                              .classesOf(who.userId())
                              .map(
                                  taught ->
                                      LiveRules.seatOf(who, s, taught)
                                          .filter(
                                              seat ->
                                                  LiveRules.closed(
                                                          s, clock.instant(), config.earlyJoin())
                                                      .isEmpty())
                                          .map(
                                              seat ->
                                                  new Conn(
                                                      event.socket(),
                                                      who,
                                                      token,
                                                      s,
                                                      seat,
                                                      RATE,
                                                      BURST))
                                          .orElse(null));
                        }))
        .onComplete(
            ar -> {
              Conn c = ar.succeeded() ? ar.result() : null;
              if (c == null || !mayListen(c, address)) {
                event.complete(false);
                return;
              }
              Conn raced = conns.putIfAbsent(event.socket(), c);
              if (raced != null
                  && !(raced.who.userId().equals(c.who.userId())
                      && raced.session.id().equals(c.session.id()))) {
                event.complete(false);
                return;
              }
              if (address instanceof Addresses.Inbox) {
                displace(raced == null ? c : raced);
              }
              event.complete(true);
            });
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
    if (c == null || c.entered || !c.inbox().equals(event.getRawMessage().getString("address"))) {
      return;
    }
    presence
        .enter(c)
        .onSuccess(
            roster -> {
              deliver(c, roster);
              if (c.seat.part() == Seat.Part.RECEIVER) {
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
      event.complete(false);
      return;
    }
    Object body = raw.getValue("body");
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
        rewrite(event, Addresses.inbox(c.session.id(), d.to()), d.body());
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
    if (c == null) {
      event.complete(false);
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
        vertx.setTimer(200, t -> event.socket().close(4000, "displaced"));
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

  /** Writes a message to a connection's inbox straight down its socket. */
  private static void deliver(Conn c, JsonObject body) {
    c.socket.write(
        new JsonObject().put("type", "rec").put("address", c.inbox()).put("body", body).encode());
  }

  private static String bearer(Object headers) {
    if (!(headers instanceof JsonObject h)) {
      return null;
    }
    Object v = h.getValue("authorization");
    if (!(v instanceof String s) || !s.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = s.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}
