package org.classbridge.schedule;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;

/**
 * What the timetable delivered to receiving classes in a term, session by session: for curriculum
 * coverage (开齐开足). A session counts as held for a class when one of its pupils was marked present
 * or its receiving classroom joined the live room: the same rule as the timetable's states.
 */
public final class DeliveryTally {
  /** Largest number of classes asked about at once (the query lists them). */
  public static final int MAX_CLASSES = 2000;

  /**
   * One session as a receiving class had it.
   *
   * @param past the session has ended
   * @param held a pupil of the class was marked present, or its classroom joined live
   */
  public record Delivered(
      UUID classId,
      Subject subject,
      LocalDate day,
      boolean cancelled,
      boolean past,
      boolean held) {}

  private final Database db;
  private final Clock clock;

  DeliveryTally(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Every session of {@code termId} received by one of {@code classIds}. */
  public Future<List<Delivered>> forTerm(UUID termId, Collection<UUID> classIds) {
    if (classIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    if (classIds.size() > MAX_CLASSES) {
      throw new IllegalArgumentException("at most " + MAX_CLASSES + " classes");
    }
    List<UUID> ids = List.copyOf(classIds);
    Instant now = clock.instant();
    return db.read(
        tx -> {
          List<Delivered> out = new ArrayList<>();
          // classes in chunks: a parameter list stays well under every driver's limit
          for (int from = 0; from < ids.size(); from += 500) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            Object[] params = new Object[chunk.size() + 1];
            params[0] = termId;
            for (int i = 0; i < chunk.size(); i++) {
              params[i + 1] = chunk.get(i);
            }
            out.addAll(
                tx.list(
                    "select r.class_id, s.subject, s.teaching_day, s.status, s.ends_at,"
                        + " (exists (select 1 from attendance a where a.class_id = r.class_id"
                        + " and a.session_id = s.id and a.present = true)"
                        + " or exists (select 1 from live_connection l where l.session_id = s.id"
                        + " and l.classroom_id = r.classroom_id)) as held"
                        + " from class_session s join session_receiver r on r.session_id = s.id"
                        + " where s.term_id = ? and r.class_id in ("
                        + marks
                        + ")",
                    rs -> {
                      Instant ends = Sql.instant(rs, "ends_at");
                      return new Delivered(
                          Sql.uuid(rs, "class_id"),
                          Wire.require(Subject.class, rs.getString("subject")),
                          rs.getObject("teaching_day", LocalDate.class),
                          "cancelled".equals(rs.getString("status")),
                          ends.isBefore(now),
                          rs.getBoolean("held"));
                    },
                    params));
          }
          return out;
        });
  }

  /**
   * One session as a receiving class had it, with its register and its classroom's time live: for
   * coverage evidence.
   *
   * @param present pupils of the class marked present
   * @param marked pupils of the class on the register (0: no register was taken)
   * @param joined the receiving classroom connected to the live room
   * @param liveSeconds how long, within the session's times, the classroom was connected
   */
  public record Received(
      UUID sessionId,
      UUID classId,
      UUID classroomId,
      Subject subject,
      LocalDate day,
      Instant startsAt,
      Instant endsAt,
      boolean cancelled,
      boolean past,
      int present,
      int marked,
      boolean joined,
      long liveSeconds) {

    /** The same rule as {@link Delivered#held()}. */
    public boolean held() {
      return present > 0 || joined;
    }
  }

  /** Every session of {@code termId} received by one of {@code classIds}, with its evidence. */
  public Future<List<Received>> received(UUID termId, Collection<UUID> classIds) {
    if (classIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    java.util.Set<UUID> wanted = new java.util.HashSet<>(classIds);
    Instant now = clock.instant();
    return db.read(
        tx -> {
          // the term's rows read whole and filtered here: a term is thousands of sessions at most
          java.util.Map<String, int[]> registers = new java.util.HashMap<>();
          tx.list(
              "select a.session_id, a.class_id, a.present from attendance a"
                  + " join class_session s on s.id = a.session_id where s.term_id = ?",
              rs -> {
                int[] n =
                    registers.computeIfAbsent(
                        rs.getString("session_id") + "/" + rs.getString("class_id"),
                        k -> new int[2]);
                n[1]++;
                if (rs.getBoolean("present")) {
                  n[0]++;
                }
                return null;
              },
              termId);
          java.util.Map<String, List<Instant[]>> live = new java.util.HashMap<>();
          tx.list(
              "select l.session_id, l.classroom_id, l.joined_at, l.left_at from live_connection l"
                  + " join class_session s on s.id = l.session_id where s.term_id = ?"
                  + " and l.classroom_id is not null",
              rs -> {
                Instant left = rs.getObject("left_at") == null ? now : Sql.instant(rs, "left_at");
                live.computeIfAbsent(
                        rs.getString("session_id") + "/" + rs.getString("classroom_id"),
                        k -> new ArrayList<>())
                    .add(new Instant[] {Sql.instant(rs, "joined_at"), left});
                return null;
              },
              termId);
          List<Received> out = new ArrayList<>();
          tx.list(
              "select s.id, r.class_id, r.classroom_id, s.subject, s.teaching_day, s.status,"
                  + " s.starts_at, s.ends_at from class_session s"
                  + " join session_receiver r on r.session_id = s.id where s.term_id = ?",
              rs -> {
                UUID classId = Sql.uuid(rs, "class_id");
                if (!wanted.contains(classId)) {
                  return null;
                }
                UUID session = Sql.uuid(rs, "id");
                UUID room = Sql.uuid(rs, "classroom_id");
                Instant starts = Sql.instant(rs, "starts_at");
                Instant ends = Sql.instant(rs, "ends_at");
                int[] reg = registers.getOrDefault(session + "/" + classId, new int[2]);
                List<Instant[]> spans = live.get(session + "/" + room);
                out.add(
                    new Received(
                        session,
                        classId,
                        room,
                        Wire.require(Subject.class, rs.getString("subject")),
                        rs.getObject("teaching_day", LocalDate.class),
                        starts,
                        ends,
                        "cancelled".equals(rs.getString("status")),
                        ends.isBefore(now),
                        reg[0],
                        reg[1],
                        spans != null,
                        spans == null ? 0 : secondsWithin(spans, starts, ends)));
                return null;
              },
              termId);
          return out;
        });
  }

  /** Seconds of [start, end) covered by at least one of the spans (a reload opens a second one). */
  static long secondsWithin(List<Instant[]> spans, Instant start, Instant end) {
    List<long[]> clipped = new ArrayList<>();
    for (Instant[] s : spans) {
      long a = Math.max(s[0].getEpochSecond(), start.getEpochSecond());
      long b = Math.min(s[1].getEpochSecond(), end.getEpochSecond());
      if (a < b) {
        clipped.add(new long[] {a, b});
      }
    }
    clipped.sort(java.util.Comparator.comparingLong(x -> x[0]));
    long total = 0;
    long reached = Long.MIN_VALUE;
    for (long[] c : clipped) {
      long a = Math.max(c[0], reached);
      if (c[1] > a) {
        total += c[1] - a;
      }
      reached = Math.max(reached, c[1]);
    }
    return total;
  }

  /**
   * The teachers' research sessions {@code teacher} took part in between two days: hosted or as a
   * colleague, over, not cancelled, and joined live by them (a booking alone is not research done).
   *
   * @param seconds their booked length, added up
   */
  public record Research(int sessions, long seconds) {}

  public Future<Research> research(UUID teacher, LocalDate first, LocalDate last) {
    Instant now = clock.instant();
    return db.read(
        tx -> {
          long[] sum = new long[2];
          tx.list(
              "select s.starts_at, s.ends_at from class_session s"
                  + " where s.studio_id is not null and s.status = 'booked'"
                  + " and s.teaching_day >= ? and s.teaching_day <= ? and s.ends_at <= ?"
                  + " and (s.teacher_id = ? or exists (select 1 from session_colleague k"
                  + " where k.session_id = s.id and k.teacher_id = ?))"
                  + " and exists (select 1 from live_connection l"
                  + " where l.session_id = s.id and l.user_id = ?)",
              rs -> {
                sum[0]++;
                sum[1] +=
                    java.time.Duration.between(
                            Sql.instant(rs, "starts_at"), Sql.instant(rs, "ends_at"))
                        .toSeconds();
                return null;
              },
              first,
              last,
              now,
              teacher,
              teacher,
              teacher);
          return new Research((int) sum[0], sum[1]);
        });
  }
}
