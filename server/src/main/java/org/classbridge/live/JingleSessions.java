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

  private final Map<String, Peers> live = new ConcurrentHashMap<>();

  private static String key(UUID session, String sid) {
    return session + "/" + sid;
  }

  Optional<Peers> get(UUID session, String sid) {
    return Optional.ofNullable(live.get(key(session, sid)));
  }

  /** Records a new sid; false when it is already live (a second session-initiate). */
  boolean open(UUID session, String sid, Peers peers) {
    return live.putIfAbsent(key(session, sid), peers) == null;
  }

  /** Records a sid another node accepted (idempotent). */
  void learn(UUID session, String sid, Peers peers) {
    live.put(key(session, sid), peers);
  }

  void close(UUID session, String sid) {
    live.remove(key(session, sid));
  }

  /** Forgets every sid of an endpoint that left or dropped: it starts afresh when back. */
  void forget(UUID session, String endpoint) {
    String prefix = session + "/";
    live.entrySet().removeIf(e -> e.getKey().startsWith(prefix) && e.getValue().has(endpoint));
  }

  int size() {
    return live.size();
  }
}
