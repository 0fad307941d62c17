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
}
