package org.classbridge.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in each live room. The truth is a cluster-wide map per session (Vert.x shared data: local
 * in embedded mode, Hazelcast when clustered), each entry kept alive by the node holding the
 * connection; a node that dies stops refreshing and its classrooms time out of the roster. Each
 * node keeps a view of the rooms it has connections in, fed by the presence events every node
 * publishes, so checking a message's {@code to} never waits on the network.
 *
 * <p>A classroom that drops is "away" and keeps its place for the reconnect grace; back within it,
 * it is "back" (its peers restart ICE with it); otherwise it has "left".
 */
final class Presence {
  private static final Logger LOG = LoggerFactory.getLogger(Presence.class);

  private final Vertx vertx;
  private final Clock clock;
  private final LiveConfig config;
  private final SessionAccess access;
  private final JingleSessions jingle;
  private final Map<UUID, View> views = new ConcurrentHashMap<>();

  /**
   * This node's id: entries name the node holding the connection, so messages go straight there.
   */
  private final String node;

  /** Connections of this node that are in a room, for the refresh. */
  private final Set<Conn> here = ConcurrentHashMap.newKeySet();

  /** This node's view of one room. */
  private static final class View {
    final RoomView endpoints = new RoomView();
    MessageConsumer<JsonObject> consumer;
    Future<Void> ready;
    int users;
  }

  Presence(
      Vertx vertx,
      Clock clock,
      LiveConfig config,
      SessionAccess access,
      JingleSessions jingle,
      String node) {
    this.vertx = vertx;
    this.node = node;
    this.clock = clock;
    this.config = config;
    this.access = access;
    this.jingle = jingle;
  }

  private Future<AsyncMap<String, JsonObject>> map(UUID session) {
    return vertx.sharedData().getAsyncMap("live.roster." + session);
  }

  /** The endpoint's part when it is in the room (present, not away). */
  Optional<Seat.Part> present(UUID session, String endpoint) {
    View v = views.get(session);
    JsonObject e = v == null ? null : v.endpoints.get(endpoint);
    if (e == null || !"present".equals(e.getString("state"))) {
      return Optional.empty();
    }
    return Optional.of(Seat.Part.valueOf(e.getString("part").toUpperCase(java.util.Locale.ROOT)));
  }

  /**
   * Brings this node's view up to the cluster roster for one endpoint that the view does not have
   * present. A page can get an endpoint's "joined" event before this node's view has applied it
   * (they are different consumers, on different event loops), and a message it sends at once must
   * not be refused as "not in the room" for that. Reads the roster only on such a miss.
   */
  Future<Void> catchUp(UUID session, String endpoint) {
    View v = views.get(session);
    if (v == null || present(session, endpoint).isPresent()) {
      return Future.succeededFuture();
    }
    long mark = v.endpoints.mark();
    return map(session)
        .compose(m -> m.get(endpoint))
        .map(
            entry -> {
              v.endpoints.learn(mark, endpoint, entry);
              return (Void) null;
            })
        .recover(e -> Future.succeededFuture()); // the message is then judged on the view alone
  }

  /** The node holding an endpoint's connection, as this node's view of the room has it. */
  Optional<String> nodeOf(UUID session, String endpoint) {
    View v = views.get(session);
    JsonObject e = v == null ? null : v.endpoints.get(endpoint);
    return Optional.ofNullable(e == null ? null : e.getString("node"));
  }

  /** The roster message a page gets when it enters and whenever it asks. */
  JsonObject roster(UUID session, String self) {
    View v = views.get(session);
    JsonArray list = new JsonArray();
    if (v != null) {
      v.endpoints.all().stream()
          .sorted((a, b) -> a.getString("endpointId").compareTo(b.getString("endpointId")))
          .forEach(e -> list.add(e.copy()));
    }
    return new JsonObject()
        .put("v", Signals.VERSION)
        .put("type", "roster")
        .put("self", self)
        .put("endpoints", list);
  }

  /**
   * This node's view of a room, shared by its connections in that room: the first one starts
   * following the room's presence events (and reads the roster so far), the last one to leave
   * stops. Counted per entered connection, so a view never outlives its users or vanishes under
   * one.
   */
  private Future<View> acquire(UUID session) {
    synchronized (views) {
      View v = views.computeIfAbsent(session, k -> new View());
      v.users++;
      if (v.ready == null) {
        MessageConsumer<JsonObject> c =
            vertx.eventBus().consumer(Addresses.room(session), m -> apply(session, m.body()));
        v.consumer = c;
        long mark = v.endpoints.mark();
        v.ready =
            c.completion()
                .compose(x -> map(session))
                .compose(AsyncMap::entries)
                .map(
                    all -> {
                      v.endpoints.merge(mark, all);
                      return null;
                    });
      }
      return v.ready.map(x -> v);
    }
  }

  private void release(UUID session) {
    synchronized (views) {
      View v = views.get(session);
      if (v != null && --v.users <= 0) {
        views.remove(session);
        if (v.consumer != null) {
          v.consumer.unregister();
        }
      }
    }
  }

  /** A presence event from any node: keep the view, and forget sids of a dropped endpoint. */
  private void apply(UUID session, JsonObject msg) {
    if (!"presence".equals(msg.getString("type"))) {
      return;
    }
    View v = views.get(session);
    JsonObject e = msg.getJsonObject("endpoint");
    String id = e.getString("endpointId");
    String state = msg.getString("state");
    if (v != null) {
      if (state.equals("left")) {
        v.endpoints.remove(id);
      } else {
        v.endpoints.put(id, e);
      }
    }
    if (!state.equals("joined")) {
      jingle.forget(session, id);
    }
  }

  private JsonObject entry(Conn c, String state) {
    return new JsonObject()
        .put("endpointId", c.seat.endpointId())
        .put("part", c.seat.part().id())
        .put("displayName", c.seat.displayName())
        .put("classroomId", c.seat.classroomId().map(UUID::toString).orElse(null))
        .put("state", state)
        .put("conn", c.id)
        .put("node", node)
        .put("since", (c.since == null ? clock.instant() : c.since).toString());
  }

  /**
   * A connection registered its inbox and the room: it is in the room. Gives the roster it should
   * see; empty when the connection closed meanwhile (then it has already left again).
   */
  Future<Optional<JsonObject>> enter(Conn c) {
    UUID session = c.session.id();
    String endpoint = c.seat.endpointId();
    c.since = clock.instant();
    JsonObject entry = entry(c, "present");
    return acquire(session)
        .compose(
            v ->
                map(session)
                    .compose(
                        m ->
                            m.get(endpoint)
                                .compose(
                                    before ->
                                        m.put(endpoint, entry, config.presenceTimeout().toMillis())
                                            .map(x -> new Entered(v, before)))))
        .onFailure(e -> release(session))
        .map(
            in -> {
              c.entered = true;
              here.add(c);
              in.view().endpoints.put(endpoint, entry);
              jingle.forget(session, endpoint);
              String state = in.before() == null ? "joined" : "back";
              publish(session, state, entry);
              access
                  .joined(session, endpoint, c.userId, c.seat.classroomId(), clock.instant())
                  .onSuccess(
                      id -> {
                        c.logged = id;
                        if (c.closed) {
                          access.left(id, clock.instant());
                        }
                      })
                  .onFailure(e -> LOG.warn("connection log: {}", e.toString()));
              if (c.closed) {
                // the socket went while this was under way: it leaves as any dropped page does
                drop(c);
                return Optional.<JsonObject>empty();
              }
              return Optional.of(roster(session, endpoint));
            });
  }

  private record Entered(View view, JsonObject before) {}

  /**
   * A connection closed. Its seat is away for the reconnect grace, then gone, unless another
   * connection of the same seat took it meanwhile. Every change to the shared entry is a
   * compare-and-set on the entry this connection wrote, so a slow node never overwrites a newer
   * connection's presence.
   */
  void drop(Conn c) {
    c.closed = true;
    if (!c.entered || !here.remove(c)) {
      return;
    }
    UUID session = c.session.id();
    String endpoint = c.seat.endpointId();
    release(session);
    if (c.logged != null) {
      access
          .left(c.logged, clock.instant())
          .onFailure(e -> LOG.warn("connection log: {}", e.toString()));
    }
    if (c.displaced) {
      return; // its seat is already back with another connection
    }
    JsonObject away = entry(c, "away");
    long keep = config.reconnectGrace().plus(config.presenceTimeout()).toMillis();
    map(session)
        .compose(
            m ->
                m.get(endpoint)
                    .compose(
                        now -> {
                          if (now == null || !c.id.equals(now.getString("conn"))) {
                            return Future.succeededFuture(false); // another connection has it
                          }
                          return swap(m, endpoint, now, away, keep);
                        }))
        .onSuccess(
            ours -> {
              if (!ours) {
                return;
              }
              publish(session, "away", away);
              vertx.setTimer(config.reconnectGrace().toMillis(), t -> expire(c, session, endpoint));
            })
        .onFailure(e -> LOG.warn("presence of {}: {}", endpoint, e.toString()));
  }

  /**
   * Replaces {@code old} with {@code next} (and a new time to live) only while the entry is still
   * {@code old}: a remove-if-equal, then a put-if-absent, since Hazelcast's map behind Vert.x has
   * no replace with a time to live. Whoever writes in between wins, as the newer connection should.
   */
  private static Future<Boolean> swap(
      AsyncMap<String, JsonObject> m, String key, JsonObject old, JsonObject next, long ttl) {
    return m.removeIfPresent(key, old)
        .compose(
            removed ->
                removed
                    ? m.putIfAbsent(key, next, ttl).map(before -> before == null)
                    : Future.succeededFuture(false));
  }

  private void expire(Conn c, UUID session, String endpoint) {
    map(session)
        .compose(
            m ->
                m.get(endpoint)
                    .compose(
                        now -> {
                          if (now == null
                              || !c.id.equals(now.getString("conn"))
                              || !"away".equals(now.getString("state"))) {
                            return Future.succeededFuture((JsonObject) null);
                          }
                          return m.removeIfPresent(endpoint, now).map(gone -> gone ? now : null);
                        }))
        .onSuccess(
            gone -> {
              if (gone != null) {
                publish(session, "left", gone.copy().put("state", "left"));
              }
            });
  }

  private void publish(UUID session, String state, JsonObject entry) {
    vertx
        .eventBus()
        .publish(
            Addresses.room(session),
            new JsonObject()
                .put("v", Signals.VERSION)
                .put("type", "presence")
                .put("state", state)
                .put("endpoint", entry));
  }

  /**
   * Keeps this node's connections alive in the cluster-wide rosters and re-reads each room, so
   * classrooms of a node that died fade out of the views too.
   */
  void refresh() {
    for (Conn c : here) {
      if (c.entered && !c.displaced && !c.closed) {
        String endpoint = c.seat.endpointId();
        JsonObject entry = entry(c, "present");
        map(c.session.id())
            .compose(
                m ->
                    m.get(endpoint)
                        .compose(
                            now -> {
                              if (now == null) {
                                // expired while this node was busy: still here, so back in
                                return m.putIfAbsent(
                                        endpoint, entry, config.presenceTimeout().toMillis())
                                    .map(x -> true);
                              }
                              if (!c.id.equals(now.getString("conn"))) {
                                return Future.succeededFuture(false);
                              }
                              return swap(
                                  m, endpoint, now, entry, config.presenceTimeout().toMillis());
                            }));
      }
    }
    for (Map.Entry<UUID, View> e : views.entrySet()) {
      long mark = e.getValue().endpoints.mark();
      map(e.getKey())
          .compose(AsyncMap::entries)
          .onSuccess(all -> e.getValue().endpoints.merge(mark, all));
    }
  }

  int rooms() {
    return views.size();
  }
}
