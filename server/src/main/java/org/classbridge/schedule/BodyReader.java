package org.classbridge.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.classbridge.common.Validation;

/**
 * Reads the members of a timetable request body into typed values, collecting every mistake in a
 * {@link Validation} (with the member's path, {@code receivers[1].classId}) so a form shows all of
 * them at once. Absent optional members are empty; present ones of the wrong type are errors.
 */
final class BodyReader {
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}");

  private final JsonObject body;
  private final Validation v;
  private final String prefix;

  BodyReader(JsonObject body, Validation v) {
    this(body, v, "");
  }

  private BodyReader(JsonObject body, Validation v, String prefix) {
    this.body = body;
    this.v = v;
    this.prefix = prefix;
  }

  Validation validation() {
    return v;
  }

  String path(String name) {
    return prefix + name;
  }

  boolean has(String name) {
    return body.getValue(name) != null;
  }

  /** Refuses members this request does not know: a typo must not be silently ignored. */
  void only(Set<String> known) {
    for (String f : body.fieldNames()) {
      if (!known.contains(f)) {
        v.error(path(f), "unknown-field", "is not a member of this request");
      }
    }
  }

  private Object raw(String name, Class<?> type, String typeName) {
    Object o = body.getValue(name);
    if (o != null && !type.isInstance(o)) {
      v.error(path(name), "wrong-type", "must be " + typeName);
      return null;
    }
    return o;
  }

  Optional<String> optText(String name, int max) {
    Object o = raw(name, String.class, "text");
    if (o == null || ((String) o).isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(v.text(path(name), (String) o, max));
  }

  String text(String name, int max) {
    Object o = raw(name, String.class, "text");
    return v.text(path(name), (String) o, max);
  }

  UUID uuid(String name) {
    Object o = raw(name, String.class, "an id");
    if (o == null) {
      required(name);
      return null;
    }
    return v.uuid(path(name), (String) o);
  }

  /** "required" for an absent member; a present one of the wrong type was already reported. */
  private void required(String name) {
    if (!has(name)) {
      v.error(path(name), "required", "is required");
    }
  }

  Optional<UUID> optUuid(String name) {
    return has(name) ? Optional.ofNullable(uuid(name)) : Optional.empty();
  }

  Integer integer(String name, int min, int max) {
    Object o = body.getValue(name);
    if (o != null && !(o instanceof Integer) && !(o instanceof Long)) {
      v.error(path(name), "wrong-type", "must be a whole number");
      return null;
    }
    if (o == null) {
      required(name);
      return null;
    }
    long n = ((Number) o).longValue();
    if (n < min || n > max) {
      v.error(path(name), "out-of-range", "must be between " + min + " and " + max);
      return null;
    }
    return (int) n;
  }

  Optional<Integer> optInteger(String name, int min, int max) {
    return has(name) ? Optional.ofNullable(integer(name, min, max)) : Optional.empty();
  }

  LocalDate date(String name) {
    Object o = raw(name, String.class, "a date (yyyy-mm-dd)");
    if (o == null) {
      required(name);
      return null;
    }
    return parseDate(path(name), (String) o);
  }

  Optional<LocalDate> optDate(String name) {
    return has(name) ? Optional.ofNullable(date(name)) : Optional.empty();
  }

  private LocalDate parseDate(String field, String s) {
    if (!DATE.matcher(s).matches()) {
      v.error(field, "not-a-date", "must be a date yyyy-mm-dd");
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeException e) {
      v.error(field, "not-a-date", "is not a day of the calendar");
      return null;
    }
  }

  LocalTime time(String name) {
    Object o = raw(name, String.class, "a time (hh:mm)");
    if (o == null) {
      required(name);
      return null;
    }
    String s = (String) o;
    if (s.equals("24:00")) {
      return LocalTime.MAX;
    }
    if (!TIME.matcher(s).matches()) {
      v.error(path(name), "not-a-time", "must be a time hh:mm");
      return null;
    }
    try {
      return LocalTime.parse(s);
    } catch (DateTimeException e) {
      v.error(path(name), "not-a-time", "is not a time of day");
      return null;
    }
  }

  /**
   * An instant written with its offset ({@code 2026-09-08T10:00:00+08:00} or {@code ...Z}). A local
   * time without offset is refused: it would silently mean different instants to a client in
   * another zone.
   */
  Instant instant(String name) {
    Object o = raw(name, String.class, "a date-time with offset");
    if (o == null) {
      required(name);
      return null;
    }
    try {
      return OffsetDateTime.parse((String) o, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      v.error(
          path(name),
          "not-a-date-time",
          "must be an RFC 3339 date-time with its offset, e.g. 2026-09-08T10:00:00+08:00");
      return null;
    }
  }

  /** ISO weekdays 1 (Monday) .. 7 (Sunday), at least one, no repeats. */
  Set<DayOfWeek> weekdays(String name) {
    Object o = raw(name, JsonArray.class, "a list of weekdays 1..7");
    Set<DayOfWeek> out = new TreeSet<>();
    if (o == null) {
      required(name);
      return out;
    }
    JsonArray a = (JsonArray) o;
    if (a.isEmpty() || a.size() > 7) {
      v.error(path(name), "out-of-range", "name 1 to 7 weekdays");
      return out;
    }
    for (int i = 0; i < a.size(); i++) {
      Object d = a.getValue(i);
      if (!(d instanceof Integer n) || n < 1 || n > 7 || !out.add(DayOfWeek.of(n))) {
        v.error(path(name) + "[" + i + "]", "not-a-weekday", "must be a distinct weekday 1..7");
      }
    }
    return out;
  }

  /** A list of objects, each read with its own path; at most {@code max} of them. */
  List<BodyReader> objects(String name, int min, int max) {
    Object o = raw(name, JsonArray.class, "a list");
    List<BodyReader> out = new ArrayList<>();
    if (o == null) {
      if (min > 0) {
        v.error(path(name), "required", "is required");
      }
      return out;
    }
    JsonArray a = (JsonArray) o;
    if (a.size() < min || a.size() > max) {
      v.error(path(name), "out-of-range", "must have " + min + " to " + max + " entries");
      return out;
    }
    for (int i = 0; i < a.size(); i++) {
      Object e = a.getValue(i);
      String p = path(name) + "[" + i + "]";
      if (e instanceof JsonObject j) {
        out.add(new BodyReader(j, v, p + "."));
      } else {
        v.error(p, "wrong-type", "must be an object");
      }
    }
    return out;
  }

  /** A list of ids, no repeats, at most {@code max}. */
  List<UUID> ids(String name, int max) {
    Object o = raw(name, JsonArray.class, "a list of ids");
    List<UUID> out = new ArrayList<>();
    if (o == null) {
      return out;
    }
    JsonArray a = (JsonArray) o;
    if (a.size() > max) {
      v.error(path(name), "out-of-range", "at most " + max + " entries");
      return out;
    }
    for (int i = 0; i < a.size(); i++) {
      Object e = a.getValue(i);
      UUID id = v.uuid(path(name) + "[" + i + "]", e instanceof String s ? s : null);
      if (id != null) {
        if (out.contains(id)) {
          v.error(path(name) + "[" + i + "]", "duplicate", "is named twice");
        } else {
          out.add(id);
        }
      }
    }
    return out;
  }
}
