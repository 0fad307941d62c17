package org.classbridge.schedule;

import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * One period of a school's day: its number, its label ("第3节") and its bell times on one weekday, as
 * wall-clock time in Asia/Shanghai.
 */
public record PeriodSlot(
    DayOfWeek weekday, int period, String label, LocalTime start, LocalTime end) {
  public static final int MAX_PERIOD = 16;

  public PeriodSlot {
    Objects.requireNonNull(weekday, "weekday");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (period < 1 || period > MAX_PERIOD) {
      throw new IllegalArgumentException("period between 1 and " + MAX_PERIOD);
    }
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("a period starts before it ends");
    }
  }

  /** Minutes this period shares with the wall-clock interval [from, to). */
  int overlapMinutes(LocalTime from, LocalTime to) {
    LocalTime a = start.isAfter(from) ? start : from;
    LocalTime b = end.isBefore(to) ? end : to;
    return a.isBefore(b) ? (b.toSecondOfDay() - a.toSecondOfDay()) / 60 : 0;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("weekday", weekday.getValue())
        .put("period", period)
        .put("label", label)
        .put("start", start.toString())
        .put("end", end.toString());
  }
}
