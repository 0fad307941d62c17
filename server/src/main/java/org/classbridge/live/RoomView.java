package org.classbridge.live;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's view of a room's endpoints, fed by two sources that race: presence events (newest news
 * about one endpoint) and snapshots of the cluster-wide roster (the whole room, but read a moment
 * ago). A snapshot is only trusted for endpoints no event has touched since it was asked for:
 * otherwise a snapshot read just before a classroom joined, arriving just after its "joined" event,
 * would take it out of the room again, and a message to it would be refused as "not in the room"
 * until the next refresh.
 */
final class RoomView {
  private final Map<String, JsonObject> endpoints = new ConcurrentHashMap<>();

  /** The event count when each endpoint was last changed by an event. */
  private final Map<String, Long> touched = new ConcurrentHashMap<>();

  private final AtomicLong events = new AtomicLong();

  JsonObject get(String endpoint) {
    return endpoints.get(endpoint);
  }

  Collection<JsonObject> all() {
    return endpoints.values();
  }

  /** An event says the endpoint is in the room in this state (present or away). */
  void put(String endpoint, JsonObject entry) {
    touched.put(endpoint, events.incrementAndGet());
    endpoints.put(endpoint, entry);
  }

  /** An event says the endpoint left. */
  void remove(String endpoint) {
    touched.put(endpoint, events.incrementAndGet());
    endpoints.remove(endpoint);
  }

  /** Marks the moment a snapshot is asked for; pass it to {@link #merge} with the snapshot. */
  long mark() {
    return events.get();
  }

  /** The roster as read after {@code mark}: wins only where no event came since. */
  void merge(long mark, Map<String, JsonObject> snapshot) {
    for (String endpoint : java.util.List.copyOf(endpoints.keySet())) {
      if (!snapshot.containsKey(endpoint) && stale(endpoint, mark)) {
        endpoints.remove(endpoint);
        touched.remove(endpoint);
      }
    }
    snapshot.forEach(
        (endpoint, entry) -> {
          if (stale(endpoint, mark)) {
            endpoints.put(endpoint, entry);
          }
        });
    // an endpoint that left before the snapshot and is not in it needs no memory any more
    touched.keySet().removeIf(e -> !endpoints.containsKey(e) && stale(e, mark));
  }

  /**
   * One endpoint's entry as the cluster roster had it after {@code mark}: wins only if no event
   * about it came since (an entry that is gone from the roster changes nothing here).
   */
  void learn(long mark, String endpoint, JsonObject entry) {
    if (entry != null && stale(endpoint, mark)) {
      endpoints.put(endpoint, entry);
    }
  }

  private boolean stale(String endpoint, long mark) {
    return touched.getOrDefault(endpoint, 0L) <= mark;
  }
}
