package org.classbridge.live;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EventBus addresses of a live session. A classroom sends everything to the session's one
 * inbound address; the server checks it, writes {@code from}, and delivers it to one endpoint's
 * inbox or publishes it to the room. A client may listen only to its own inbox and its session's
 * room, so an address pattern alone never lets anyone listen in.
 */
final class Addresses {
  private static final String UUID_RE =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  static final Pattern INBOUND = Pattern.compile("live\\.in\\.(" + UUID_RE + ")");
  static final Pattern INBOX =
      Pattern.compile("live\\.(" + UUID_RE + ")\\.ep\\.([mor]-[0-9a-f]{12})");
  static final Pattern ROOM = Pattern.compile("live\\.(" + UUID_RE + ")\\.room");

  /**
   * Where messages the server answers itself (roster requests, errors, broadcasts it published) are
   * handed to the bridge: a consumer on every node that drops them, so the bridge has somewhere to
   * send them and the client gets no "access denied".
   */
  static final String SINK = "live.sink";

  private Addresses() {}

  /**
   * One node's own address, registered when the node starts: a message for a classroom connected to
   * another node goes there, then to the classroom's inbox on that node only. An inbox is
   * registered when its page joins, and other nodes learn of a new registration through Hazelcast
   * only a moment later; a node address is long known by then, so nothing is lost in that moment.
   */
  static String node(String nodeId) {
    return "live.node." + nodeId;
  }

  static String inbound(UUID session) {
    return "live.in." + session;
  }

  static String inbox(UUID session, String endpoint) {
    return "live." + session + ".ep." + endpoint;
  }

  static String room(UUID session) {
    return "live." + session + ".room";
  }

  /** A parsed address a client asked for. */
  sealed interface Parsed {
    UUID session();
  }

  record Inbound(UUID session) implements Parsed {}

  record Inbox(UUID session, String endpoint) implements Parsed {}

  record Room(UUID session) implements Parsed {}

  static Optional<Parsed> parse(String address) {
    if (address == null || address.length() > 100) {
      return Optional.empty();
    }
    Matcher m = INBOUND.matcher(address);
    if (m.matches()) {
      return Optional.of(new Inbound(UUID.fromString(m.group(1))));
    }
    m = INBOX.matcher(address);
    if (m.matches()) {
      return Optional.of(new Inbox(UUID.fromString(m.group(1)), m.group(2)));
    }
    m = ROOM.matcher(address);
    if (m.matches()) {
      return Optional.of(new Room(UUID.fromString(m.group(1))));
    }
    return Optional.empty();
  }
}
