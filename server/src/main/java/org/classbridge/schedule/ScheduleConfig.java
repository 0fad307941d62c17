package org.classbridge.schedule;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the timetable reads from configuration (meanings and defaults in the app's settings).
 *
 * @param earlyJoin how long before a session its classrooms may open the live room
 * @param longestSession the longest bookable session; also bounds the overlap check's index range
 * @param reservationsPrefix where the Jitsi reservation API is mounted
 * @param reservationsToken the bearer token Prosody sends; empty refuses every call
 */
public record ScheduleConfig(
    Duration earlyJoin,
    Duration longestSession,
    String reservationsPrefix,
    Optional<String> reservationsToken) {
  public ScheduleConfig {
    Objects.requireNonNull(earlyJoin, "earlyJoin");
    Objects.requireNonNull(longestSession, "longestSession");
    Objects.requireNonNull(reservationsPrefix, "reservationsPrefix");
    Objects.requireNonNull(reservationsToken, "reservationsToken");
    if (!reservationsPrefix.matches("(/[a-z0-9-]+)+")) {
      throw new IllegalArgumentException("a path like /jitsi/reservations");
    }
  }

  public static ScheduleConfig defaults() {
    return new ScheduleConfig(
        Duration.ofMinutes(15), Duration.ofHours(4), "/jitsi/reservations", Optional.empty());
  }

  @Override
  public String toString() {
    return "ScheduleConfig[earlyJoin="
        + earlyJoin
        + ", longestSession="
        + longestSession
        + ", reservationsPrefix="
        + reservationsPrefix
        + ", reservationsToken="
        + (reservationsToken.isPresent() ? "(set)" : "(none)")
        + "]";
  }
}
