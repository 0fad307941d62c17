package org.classbridge.catalogue;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;

/**
 * Pupils' use of the repository over a span of days, per school, for coverage evidence: lessons and
 * experiments opened and minutes watched, per pseudonymous pupil (the same HMAC as playback
 * progress; no account id leaves the catalogue).
 */
public final class PlaybackTally {
  /** Days are counted in the province's civil time. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private final Database db;
  private final CatalogueStore store;
  private final Playback playback;

  PlaybackTally(Database db, CatalogueStore store, Playback playback) {
    this.db = db;
    this.store = store;
    this.playback = playback;
  }

  /**
   * A pupil's playback of one resource on one day.
   *
   * @param pupil a pseudonym, stable across terms (so a term can be compared with the last)
   * @param experiment a virtual experiment (otherwise a lesson: video, slides, plan, audio, course)
   */
  public record Use(
      UUID schoolId,
      String pupil,
      LocalDate day,
      UUID resourceId,
      boolean experiment,
      long watchedSeconds) {}

  /**
   * The pseudonym playback keeps for each of these accounts: how evidence attributes a pupil's
   * playback days to their class without the days carrying an account id.
   */
  public java.util.Map<String, UUID> pseudonyms(Collection<UUID> accounts) {
    java.util.Map<String, UUID> out = new java.util.HashMap<>();
    accounts.forEach(a -> out.put(playback.pseudonym(a), a));
    return out;
  }

  /** Pupils' playback days in these schools between {@code from} and {@code to} (inclusive). */
  public Future<List<Use>> between(Collection<UUID> schoolIds, LocalDate from, LocalDate to) {
    if (schoolIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<UUID> ids = List.copyOf(schoolIds);
    return db.read(
        c -> {
          List<Use> out = new ArrayList<>();
          for (List<UUID> chunk : Sql.chunks(ids)) {
            List<Object> params = new ArrayList<>(chunk);
            params.add(from);
            params.add(to);
            c.list(
                "select d.school_id, d.viewer, d.play_day, r.kind, d.resource_id, d.watched_s"
                    + " from playback_day d join resource r on r.id = d.resource_id"
                    + " where d.school_id in ("
                    + Sql.marks(chunk)
                    + ") and d.play_day >= ? and d.play_day <= ?",
                rs -> {
                  out.add(
                      new Use(
                          Sql.uuid(rs, "school_id"),
                          rs.getString("viewer"),
                          rs.getObject("play_day", LocalDate.class),
                          Sql.uuid(rs, "resource_id"),
                          Wire.id(ResourceKind.EXPERIMENT).equals(rs.getString("kind")),
                          rs.getLong("watched_s")));
                  return null;
                },
                params.toArray());
          }
          return out;
        });
  }

  /** One day of a pupil's playback, for the demo loader. */
  public record SeedDay(UUID resourceId, LocalDate day, int watchedSeconds) {}

  /**
   * Demo data: a pupil's playback on past days, as if the player had reported it, in one
   * transaction. Only for the demo loader.
   */
  public Future<Void> seedDays(Principal pupil, List<SeedDay> days) {
    if (pupil.role() != Role.STUDENT || pupil.schoolId().isEmpty()) {
      throw new IllegalArgumentException("playback days are pupils'");
    }
    String who = playback.pseudonym(pupil.userId());
    return db.transaction(
        c -> {
          for (SeedDay d : days) {
            store.recordPupilDay(
                c, d.resourceId(), who, pupil.schoolId().get(), d.day(), d.watchedSeconds());
          }
          return null;
        });
  }
}
