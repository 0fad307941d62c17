package org.classbridge.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A term of an education group: the teaching days between {@code firstDay} and {@code lastDay},
 * without its holidays, plus make-up workdays (调休), which are taught with the timetable of the
 * weekday they stand in for.
 *
 * @param holidays day -> label (国庆节)
 * @param makeupDays day -> the weekday whose timetable that day follows
 */
public record Term(
    UUID id,
    UUID groupId,
    String name,
    LocalDate firstDay,
    LocalDate lastDay,
    Map<LocalDate, String> holidays,
    Map<LocalDate, DayOfWeek> makeupDays,
    Instant createdAt,
    int version) {
  public Term {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(firstDay, "firstDay");
    Objects.requireNonNull(lastDay, "lastDay");
    Objects.requireNonNull(createdAt, "createdAt");
    if (lastDay.isBefore(firstDay)) {
      throw new IllegalArgumentException("a term ends after it starts");
    }
    holidays = new TreeMap<>(holidays);
    makeupDays = new TreeMap<>(makeupDays);
  }

  public boolean contains(LocalDate day) {
    return !day.isBefore(firstDay) && !day.isAfter(lastDay);
  }

  public boolean isHoliday(LocalDate day) {
    return holidays.containsKey(day);
  }

  /**
   * Whose timetable {@code day} follows: its own weekday, the weekday a make-up day stands in for,
   * or nothing on a holiday or outside the term. Weekends count as their own weekday, so a school
   * grid with Saturday periods (boarding schools) is honoured.
   */
  public Optional<DayOfWeek> teachesAs(LocalDate day) {
    if (!contains(day) || isHoliday(day)) {
      return Optional.empty();
    }
    return Optional.of(makeupDays.getOrDefault(day, day.getDayOfWeek()));
  }

  public JsonObject toJson() {
    JsonArray hs = new JsonArray();
    holidays.forEach(
        (d, label) -> hs.add(new JsonObject().put("day", d.toString()).put("label", label)));
    JsonArray ms = new JsonArray();
    makeupDays.forEach(
        (d, w) -> ms.add(new JsonObject().put("day", d.toString()).put("teachesAs", w.getValue())));
    return new JsonObject()
        .put("id", id.toString())
        .put("groupId", groupId.toString())
        .put("name", name)
        .put("firstDay", firstDay.toString())
        .put("lastDay", lastDay.toString())
        .put("holidays", hs)
        .put("makeupDays", ms)
        .put("version", version);
  }
}
