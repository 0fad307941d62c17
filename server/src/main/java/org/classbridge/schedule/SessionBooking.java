package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.audit.AuditLog;
import org.classbridge.common.Problem;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.sql.ChangeLog;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * The one way sessions are written: creating one, a series, moving, swapping the teacher,
 * cancelling, importing all come here as a list of {@link Placement}s. In one transaction it locks
 * every resource involved in id order, looks for overlapping holds, and writes all or (when asked)
 * only the free ones. Nothing else inserts or changes a session, so "no teacher, room or class in
 * two places" is enforced in exactly one place.
 */
final class SessionBooking {
  /** The change-log topic the live classroom, calendars and push lists follow. */
  static final String TOPIC = "schedule";

  private final Database db;
  private final ScheduleStore store;
  private final ChangeLog changes;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration longest;

  SessionBooking(
      Database db,
      ScheduleStore store,
      ChangeLog changes,
      AuditLog audit,
      Clock clock,
      Duration longestSession) {
    this.db = db;
    this.store = store;
    this.changes = changes;
    this.audit = audit;
    this.clock = clock;
    this.longest = longestSession;
  }

  /**
   * A session as it should be after the write.
   *
   * @param readVersion the version the caller read when this changes an existing session (its
   *     ETag); empty for a new session
   */
  record Placement(ClassSession session, Optional<Integer> readVersion) {
    static Placement fresh(ClassSession s) {
      return new Placement(s, Optional.empty());
    }

    static Placement change(ClassSession s, int readVersion) {
      return new Placement(s, Optional.of(readVersion));
    }
  }

  /** All or nothing, or book what is free and report the rest. */
  enum Mode {
    ALL_OR_NOTHING,
    FREE_ONLY
  }

  /** A new series row, written with its first sessions. */
  record SeriesRow(
      UUID id,
      UUID groupId,
      UUID termId,
      Optional<UUID> pairingId,
      Set<java.time.DayOfWeek> weekdays,
      int period,
      java.time.LocalDate first,
      java.time.LocalDate last) {}

  /** What was written, and what was not because it collided (only in {@link Mode#FREE_ONLY}). */
  record Outcome(List<ClassSession> written, List<Conflict> skipped) {}

  /** Writes the placements, or refuses them all with every conflict (409 booking-conflict). */
  Future<Outcome> write(
      Principal actor,
      String action,
      List<Placement> placements,
      Mode mode,
      Optional<SeriesRow> series) {
    return db.transaction(tx -> writeIn(tx, actor, action, placements, mode, series));
  }

  /** The conflicts the placements would meet now, without locking or writing anything. */
  Future<List<Conflict>> preview(List<Placement> placements) {
    return db.read(
        tx -> {
          List<Conflict> all = new ArrayList<>();
          for (List<Conflict> c : conflictsIn(tx, placements).values()) {
            all.addAll(c);
          }
          return all;
        });
  }

  private Outcome writeIn(
      Tx tx,
      Principal actor,
      String action,
      List<Placement> placements,
      Mode mode,
      Optional<SeriesRow> series)
      throws SQLException {
    Map<UUID, Participants.HoldKind> resources = new HashMap<>();
    for (Placement p : placements) {
      if (p.session().booked()) {
        resources.putAll(p.session().participants().holds());
      }
    }
    if (!resources.isEmpty()) {
      store.ensureLockRows(tx, resources);
      store.lockInOrder(tx, resources.keySet());
    }
    // existing sessions are locked after the resources, in the same order everywhere
    for (Placement p : placements) {
      if (p.readVersion().isPresent()) {
        ClassSession current =
            store
                .session(tx, p.session().id(), true)
                .orElseThrow(
                    () -> Problem.notFound("session-not-found", "no session " + p.session().id()));
        if (current.version() != p.readVersion().get()) {
          throw Problem.of(
              Problem.Kind.PRECONDITION_FAILED,
              "version-mismatch",
              "the session changed since you read it (version "
                  + current.version()
                  + "); reload it");
        }
      }
    }
    Map<Integer, List<Conflict>> conflicts = conflictsIn(tx, placements);
    List<Conflict> skipped = new ArrayList<>();
    conflicts.values().forEach(skipped::addAll);
    if (!skipped.isEmpty() && mode == Mode.ALL_OR_NOTHING) {
      // what a coordinator meets: a booking refused for a clash (classbridge_bookings_total)
      io.micrometer.core.instrument.Metrics.counter("classbridge.bookings", "outcome", "conflict")
          .increment();
      throw conflictProblem(skipped);
    }
    Instant now = Tx.now(clock);
    List<ClassSession> written = new ArrayList<>();
    boolean seriesWritten = false;
    for (int i = 0; i < placements.size(); i++) {
      if (conflicts.containsKey(i)) {
        continue;
      }
      Placement p = placements.get(i);
      if (series.isPresent() && !seriesWritten) {
        SeriesRow r = series.get();
        store.insertSeries(
            tx,
            r.id(),
            r.groupId(),
            r.termId(),
            r.pairingId(),
            r.weekdays(),
            r.period(),
            r.first(),
            r.last(),
            actor.userId(),
            now);
        seriesWritten = true;
      }
      ClassSession s = p.session();
      String kind;
      if (p.readVersion().isEmpty()) {
        store.insertSession(tx, s, now);
        kind = "booked";
      } else {
        ClassSession next = withVersion(s, p.readVersion().get() + 1);
        if (store.updateSession(tx, next, p.readVersion().get(), now) != 1) {
          throw new IllegalStateException("session " + s.id() + " changed under its lock");
        }
        s = next;
        kind = s.booked() ? "changed" : "cancelled";
      }
      written.add(s);
      changes.append(
          tx,
          TOPIC,
          kind,
          s.id().toString(),
          new JsonObject()
              .put("sessionId", s.id().toString())
              .put("groupId", s.groupId().toString())
              .put("roomName", s.roomName())
              .put("status", Wire.id(s.status()))
              .put("startsAt", s.startsAt().toString())
              .put("endsAt", s.endsAt().toString()));
    }
    if (!written.isEmpty()) {
      JsonObject summary =
          new JsonObject()
              .put("sessions", written.size())
              .put("first", written.get(0).startsAt().toString())
              .put("skipped", skipped.size());
      series.ifPresent(r -> summary.put("seriesId", r.id().toString()));
      audit.record(
          tx,
          actor,
          action,
          "session",
          series.map(SeriesRow::id).orElse(written.get(0).id()),
          written.get(0).groupId(),
          summary);
    }
    // counted once the bookings are really there (classbridge_bookings_total)
    int booked = written.size();
    int left = conflicts.size();
    tx.afterCommit(
        () -> {
          io.micrometer.core.instrument.Metrics.counter(
                  "classbridge.bookings", "outcome", "written")
              .increment(booked);
          if (left > 0) {
            io.micrometer.core.instrument.Metrics.counter(
                    "classbridge.bookings", "outcome", "skipped")
                .increment(left);
          }
        });
    return new Outcome(written, skipped);
  }

  private static ClassSession withVersion(ClassSession s, int version) {
    return new ClassSession(
        s.id(),
        s.groupId(),
        s.termId(),
        s.seriesId(),
        s.pairingId(),
        s.studioId(),
        s.subject(),
        s.title(),
        s.participants(),
        s.startsAt(),
        s.endsAt(),
        s.day(),
        s.period(),
        s.roomName(),
        s.status(),
        s.resources(),
        version);
  }

  /**
   * Conflicts per placement index: with what is stored (other than the sessions being rewritten),
   * and between the placements themselves.
   */
  private Map<Integer, List<Conflict>> conflictsIn(Tx tx, List<Placement> placements)
      throws SQLException {
    Set<UUID> rewritten = new HashSet<>();
    for (Placement p : placements) {
      if (p.readVersion().isPresent()) {
        rewritten.add(p.session().id());
      }
    }
    Map<Integer, List<Conflict>> out = new HashMap<>();
    for (int i = 0; i < placements.size(); i++) {
      ClassSession s = placements.get(i).session();
      if (!s.booked()) {
        continue;
      }
      Map<UUID, Participants.HoldKind> holds = s.participants().holds();
      List<Conflict> found =
          new ArrayList<>(
              store.overlapping(
                  tx, holds.keySet(), s.startsAt(), s.endsAt(), s.day(), rewritten, longest));
      for (int j = 0; j < i; j++) {
        ClassSession o = placements.get(j).session();
        if (!o.booked()
            || out.containsKey(j)
            || !o.startsAt().isBefore(s.endsAt())
            || !s.startsAt().isBefore(o.endsAt())) {
          continue;
        }
        for (UUID r : o.participants().holds().keySet()) {
          if (holds.containsKey(r)) {
            found.add(
                new Conflict(
                    s.day(),
                    s.startsAt(),
                    s.endsAt(),
                    r,
                    holds.get(r),
                    Optional.empty(),
                    Optional.of(o.startsAt()),
                    Optional.of(o.endsAt())));
          }
        }
      }
      if (!found.isEmpty()) {
        out.put(i, found);
      }
    }
    return out;
  }

  static Problem conflictProblem(List<Conflict> conflicts) {
    JsonArray list = new JsonArray();
    Set<java.time.LocalDate> days = new java.util.TreeSet<>();
    for (Conflict c : conflicts) {
      list.add(c.toJson());
      days.add(c.day());
    }
    return Problem.conflict(
            "booking-conflict",
            days.size()
                + " date(s) collide with other sessions: "
                + days.stream().limit(10).map(Object::toString).toList()
                + (days.size() > 10 ? " ..." : ""))
        .with("conflicts", list);
  }
}
