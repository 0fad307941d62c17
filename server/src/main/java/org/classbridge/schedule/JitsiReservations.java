package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;

/**
 * The booking server Jitsi's Prosody asks before it opens a room (mod_reservations, INTEROP.md
 * section C). A room opens only inside its session's window (from {@code earlyJoin} before the
 * start to the booked end), and the answer's duration makes Prosody close it at the booked end.
 * Re-creating a room answers the same booking with the same id; a room already open answers 409
 * with its id, which Prosody then reads back.
 *
 * <p>Refusals carry {@code message} (what Prosody shows) beside the problem+json members.
 */
public final class JitsiReservations {
  /** Prosody's time format: UTC with milliseconds. */
  static final DateTimeFormatter JITSI_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);

  /** Observers (coordinators, a famous teacher's studio) beside one endpoint per classroom. */
  static final int OBSERVER_SEATS = 4;

  private final Database db;
  private final ScheduleStore store;
  private final Clock clock;
  private final Duration earlyJoin;

  JitsiReservations(Database db, ScheduleStore store, Clock clock, Duration earlyJoin) {
    this.db = db;
    this.store = store;
    this.clock = clock;
    this.earlyJoin = earlyJoin;
  }

  private static Problem refused(Problem p, String message) {
    return p.with("message", message);
  }

  /**
   * Decodes an application/x-www-form-urlencoded body strictly: valid UTF-8, valid escapes, each
   * name once. Anything else is a 400, never a guess.
   */
  static Map<String, String> form(byte[] body) {
    Problem bad =
        refused(Problem.invalid("bad-form", "the form body is malformed"), "malformed request");
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw bad;
    }
    Map<String, String> out = new HashMap<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String pair : text.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (pair.isEmpty() || eq <= 0) {
        throw bad;
      }
      try {
        String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (value.chars().anyMatch(c -> c < 0x20) || out.put(name, value) != null) {
          throw bad;
        }
      } catch (IllegalArgumentException e) {
        throw bad;
      }
    }
    return out;
  }

  private static String required(Map<String, String> form, String name, int max) {
    String v = form.get(name);
    if (v == null || v.isBlank() || v.length() > max) {
      throw refused(
          Problem.invalid("bad-form", name + " is required (at most " + max + " characters)"),
          "malformed request: " + name);
    }
    return v;
  }

  /** The room part of a name, without a tenant prefix ({@code [tenant]room}). */
  static String room(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith("[")) {
      int close = n.indexOf(']');
      n = close < 0 ? n : n.substring(close + 1);
    }
    return n;
  }

  /**
   * A conference's numeric id, stable per session: 52 bits, exact in Lua and JavaScript numbers.
   */
  static long conferenceId(UUID session) {
    long id =
        (session.getMostSignificantBits() ^ session.getLeastSignificantBits()) & ((1L << 52) - 1);
    return id == 0 ? 1 : id;
  }

  /** POST /conference: allow (200), already open (409), or refuse (403). */
  public Future<JsonObject> create(byte[] body) {
    Map<String, String> form = form(body);
    String name = required(form, "name", 200);
    String startRaw = required(form, "start_time", 40);
    String owner = required(form, "mail_owner", 400);
    Instant start;
    try {
      start = LocalDateTime.parse(startRaw, JITSI_TIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw refused(
          Problem.invalid("bad-form", "start_time must look like 2026-09-08T02:00:00.000Z"),
          "malformed request: start_time");
    }
    String room = room(name);
    Instant now = clock.instant();
    return db.transaction(
        c -> {
          ClassSession s =
              store
                  .sessionByRoom(c, room)
                  .filter(ClassSession::booked)
                  .orElseThrow(
                      () ->
                          refused(
                              Problem.forbidden(
                                  "room-not-booked", "no class is booked for " + room),
                              "这个课堂没有预约 / no class is booked for this room"));
          if (now.isBefore(s.startsAt().minus(earlyJoin))) {
            throw refused(
                Problem.forbidden(
                    "room-not-open",
                    "the class opens " + earlyJoin.toMinutes() + " minutes before " + s.startsAt()),
                "课堂尚未开始 / the class has not started yet (" + s.startsAt() + ")");
          }
          if (!now.isBefore(s.endsAt())) {
            throw refused(
                Problem.forbidden("room-closed", "the class ended at " + s.endsAt()),
                "课堂已结束 / the class has ended");
          }
          Optional<ScheduleStore.Conference> existing = store.conferenceOfSession(c, s.id(), true);
          ScheduleStore.Conference k;
          if (existing.isPresent() && existing.get().active()) {
            long id = existing.get().id();
            throw Problem.conflict(
                    "conference-exists", "the room is already open as conference " + id)
                .with("conflict_id", id)
                .with("message", "conference exists");
          } else if (existing.isPresent()) {
            store.reopenConference(c, existing.get().id(), owner, start);
            k = new ScheduleStore.Conference(existing.get().id(), s.id(), name, owner, start, true);
          } else {
            k =
                new ScheduleStore.Conference(
                    conferenceId(s.id()), s.id(), name, owner, start, true);
            Sql.unique(
                () -> Problem.conflict("conference-exists", "conference id taken"),
                () -> store.insertConference(c, k));
          }
          return answer(k, s);
        });
  }

  private JsonObject answer(ScheduleStore.Conference k, ClassSession s) {
    long duration = Math.max(1, Duration.between(k.startTime(), s.endsAt()).toSeconds());
    return new JsonObject()
        .put("id", k.id())
        .put("name", k.room())
        .put("mail_owner", k.mailOwner())
        .put(
            "start_time", JITSI_TIME.format(LocalDateTime.ofInstant(k.startTime(), ZoneOffset.UTC)))
        .put("duration", duration)
        .put("max_occupants", 1 + s.participants().receivers().size() + OBSERVER_SEATS);
  }

  private static Optional<Long> parseId(String raw) {
    if (raw == null || !raw.matches("[0-9]{1,16}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(raw));
  }

  /** GET /conference/{id}: the conference Prosody was told about in a 409. */
  public Future<JsonObject> get(String rawId) {
    Problem missing =
        refused(Problem.notFound("conference-not-found", "no conference " + rawId), "not found");
    Optional<Long> id = parseId(rawId);
    if (id.isEmpty()) {
      return Future.failedFuture(missing);
    }
    return db.read(
        c -> {
          ScheduleStore.Conference k = store.conference(c, id.get()).orElseThrow(() -> missing);
          ClassSession s = store.session(c, k.sessionId(), false).orElseThrow(() -> missing);
          return answer(k, s);
        });
  }

  /** DELETE /conference/{id}: the room was destroyed; repeating it changes nothing. */
  public Future<Void> delete(String rawId) {
    Problem missing =
        refused(Problem.notFound("conference-not-found", "no conference " + rawId), "not found");
    Optional<Long> id = parseId(rawId);
    if (id.isEmpty()) {
      return Future.failedFuture(missing);
    }
    return db.transaction(
        c -> {
          store.conference(c, id.get()).orElseThrow(() -> missing);
          store.closeConference(c, id.get());
          return null;
        });
  }
}
