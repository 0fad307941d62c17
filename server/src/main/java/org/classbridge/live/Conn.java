package org.classbridge.live;

import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.UUID;

/**
 * One browser connection to the bridge, bound at its first REGISTER to one caller (a person or a
 * classroom device), one session and one seat; it cannot change any of them afterwards. Touched
 * only on its socket's event loop.
 */
final class Conn {
  final String id = UUID.randomUUID().toString();
  final SockJSSocket socket;

  /** The account answerable for this connection: the caller, or whoever made the device link. */
  final UUID userId;

  /** Opened with a classroom device link rather than a person's token. */
  final boolean device;

  final String token;
  final SessionAccess.LiveSession session;
  final Seat seat;

  /**
   * Completes when the messages this connection sent so far have been judged: one that waits for
   * the room's roster ({@code Presence.catchUp}) holds the later ones back, so a page's Jingle
   * messages keep their order. Used on the connection's event loop only.
   */
  io.vertx.core.Future<Void> judged = io.vertx.core.Future.succeededFuture();

  /** The row in the connection log, once the inbox is registered. */
  UUID logged;

  /** Whether this connection announced itself in the room (its inbox is registered). */
  boolean entered;

  /** When it entered the room. */
  java.time.Instant since;

  /** Whether another connection of the same seat replaced this one. */
  volatile boolean displaced;

  /** Whether its socket closed (it may still be half way into the room). */
  volatile boolean closed;

  /** Its room and inbox registrations are in place; it enters once both are. */
  boolean roomRegistered;

  boolean inboxRegistered;
  boolean entering;

  private final double ratePerSecond;
  private final double burst;
  private double tokens;
  private long lastRefill = System.nanoTime();

  Conn(
      SockJSSocket socket,
      UUID userId,
      boolean device,
      String token,
      SessionAccess.LiveSession session,
      Seat seat,
      double ratePerSecond,
      double burst) {
    this.socket = socket;
    this.userId = userId;
    this.device = device;
    this.token = token;
    this.session = session;
    this.seat = seat;
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.tokens = burst;
  }

  String inbox() {
    return Addresses.inbox(session.id(), seat.endpointId());
  }

  /**
   * A token bucket: a page sends tens of messages while it connects (candidates) and a few a minute
   * after that; a flood from one connection is dropped before it reaches anyone.
   */
  boolean take() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastRefill) / 1e9 * ratePerSecond);
    lastRefill = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
