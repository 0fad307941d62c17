package org.classbridge.live;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where someone sits in a live session: the main classroom (its teacher), a receiving classroom
 * (its assistant or a teacher of its class), or an observer (the group's coordinator).
 *
 * <p>Endpoint ids are derived from the seat, not from the connection, so a classroom that drops and
 * comes back is the same endpoint and its peers renegotiate with it. Their prefixes order the seats
 * for the P2P initiator rule (the smaller id initiates): the main classroom ({@code m-}) offers to
 * everyone, observers ({@code o-}) offer to receiving classrooms ({@code r-}).
 */
public record Seat(Part part, String endpointId, Optional<UUID> classroomId, String displayName) {
  /** Endpoint ids: a seat prefix and 12 hex digits. */
  public static final Pattern ENDPOINT = Pattern.compile("[mor]-[0-9a-f]{12}");

  public enum Part {
    MAIN,
    RECEIVER,
    OBSERVER;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Seat {
    Objects.requireNonNull(part, "part");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(classroomId, "classroomId");
    Objects.requireNonNull(displayName, "displayName");
    if (!ENDPOINT.matcher(endpointId).matches()) {
      throw new IllegalArgumentException("bad endpoint id " + endpointId);
    }
  }

  static String endpointFor(Part part, UUID id) {
    String hex = id.toString().replace("-", "");
    return switch (part) {
          case MAIN -> "m-";
          case OBSERVER -> "o-";
          case RECEIVER -> "r-";
        }
        + hex.substring(hex.length() - 12);
  }

  /** The name of this seat's first camera, as Videobridge names sources. */
  public String videoSource() {
    return endpointId + "-v0";
  }
}
