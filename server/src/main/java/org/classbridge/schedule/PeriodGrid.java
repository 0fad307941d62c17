package org.classbridge.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A school's bell times. Paired schools ring at different times (a pastoral boarding school starts
 * later in winter), so a session booked on the main school's third period is shown to a receiving
 * school as whichever of its own periods it overlaps most.
 */
public record PeriodGrid(UUID schoolId, List<PeriodSlot> slots) {
  public PeriodGrid {
    Objects.requireNonNull(schoolId, "schoolId");
    slots =
        slots.stream()
            .sorted(Comparator.comparing(PeriodSlot::weekday).thenComparingInt(PeriodSlot::period))
            .toList();
  }

  public Optional<PeriodSlot> slot(DayOfWeek weekday, int period) {
    return slots.stream().filter(s -> s.weekday() == weekday && s.period() == period).findFirst();
  }

  /** The period of {@code weekday} sharing the most minutes with [from, to), if any does. */
  public Optional<PeriodSlot> overlapping(DayOfWeek weekday, LocalTime from, LocalTime to) {
    PeriodSlot best = null;
    int bestMinutes = 0;
    for (PeriodSlot s : slots) {
      if (s.weekday() != weekday) {
        continue;
      }
      int m = s.overlapMinutes(from, to);
      if (m > bestMinutes) {
        best = s;
        bestMinutes = m;
      }
    }
    return Optional.ofNullable(best);
  }

  public JsonObject toJson() {
    JsonArray out = new JsonArray();
    slots.forEach(s -> out.add(s.toJson()));
    return new JsonObject().put("schoolId", schoolId.toString()).put("periods", out);
  }
}
