package org.classbridge.live;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peer-to-peer Jingle sessions this node has seen, keyed by class session and Jingle {@code
 * sid}. A node learns a sid when one of its own classrooms sends or receives its {@code
 * session-initiate}, so both ends' nodes can check later messages without asking anyone: a {@code
 * transport-info} for a sid the node does not know is {@code unknown-session}.
 */
final class JingleSessions {
  /** The two ends of a peer connection. */
  record Peers(String initiator, String responder) {
    boolean has(String endpoint) {
      return initiator.equals(endpoint) || responder.equals(endpoint);
    }

    String other(String endpoint) {
      return initiator.equals(endpoint) ? responder : initiator;
    }
  }

  /** Per class session: sid -> peers. At most one live sid per pair of endpoints. */
  private final Map<UUID, Map<String, Peers>> live = new ConcurrentHashMap<>();

  Optional<Peers> get(UUID session, String sid) {
    Map<String, Peers> m = live.get(session);
    return Optional.ofNullable(m == null ? null : m.get(sid));
  }

  /**
   * Records a new sid; false when it is already live (a second session-initiate). A new sid for a
   * pair replaces the pair's old one, as a fresh offer replaces the old connection in the page, so
   * a sender cannot pile up sids.
   */
  boolean open(UUID session, String sid, Peers peers) {
    Map<String, Peers> m = live.computeIfAbsent(session, k -> new ConcurrentHashMap<>());
    if (m.putIfAbsent(sid, peers) != null) {
      return false;
    }
    m.entrySet().removeIf(e -> !e.getKey().equals(sid) && samePair(e.getValue(), peers));
    return true;
  }

  /** Records a sid another node accepted (idempotent). */
  void learn(UUID session, String sid, Peers peers) {
    Map<String, Peers> m = live.computeIfAbsent(session, k -> new ConcurrentHashMap<>());
    m.put(sid, peers);
    m.entrySet().removeIf(e -> !e.getKey().equals(sid) && samePair(e.getValue(), peers));
  }

  private static boolean samePair(Peers a, Peers b) {
    return a.has(b.initiator()) && a.has(b.responder());
  }

  void close(UUID session, String sid) {
    Map<String, Peers> m = live.get(session);
    if (m != null) {
      m.remove(sid);
    }
  }

  /** Forgets every sid of an endpoint that left or dropped: it starts afresh when back. */
  void forget(UUID session, String endpoint) {
    Map<String, Peers> m = live.get(session);
    if (m != null) {
      m.values().removeIf(p -> p.has(endpoint));
      live.computeIfPresent(session, (k, v) -> v.isEmpty() ? null : v);
    }
  }
}
