package org.classbridge.catalogue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Where a viewer stopped, and how much each school uses a resource: minimal and pseudonymous. The
 * table holds an HMAC of the account id (the key never leaves the server), the school, a position,
 * seconds watched and a download count; no account id, name or time of day per view.
 */
public final class Playback {
  /** Most seconds one report may add: reports come every few seconds to a minute. */
  static final int MAX_REPORTED = 600;

  private final Database db;
  private final CatalogueStore store;
  private final Catalogue catalogue;
  private final Clock clock;
  private final byte[] key;

  Playback(Database db, CatalogueStore store, Catalogue catalogue, Clock clock, byte[] key) {
    this.db = db;
    this.store = store;
    this.catalogue = catalogue;
    this.clock = clock;
    this.key = key.clone();
    byte[] own = this.key;
    this.macs = ThreadLocal.withInitial(() -> SignedLinks.keyed(own));
  }

  /**
   * The pseudonym's MAC, keyed once per thread: every progress report makes a pseudonym, and the
   * evidence makes one for each pupil of the schools it covers.
   */
  private final ThreadLocal<javax.crypto.Mac> macs;

  String pseudonym(UUID account) {
    byte[] mac = macs.get().doFinal(account.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(mac).substring(0, 40);
  }

  /** Records a position and the seconds watched since the last report. */
  public Future<JsonObject> report(Principal viewer, UUID resourceId, int position, int watched) {
    if (position < 0 || position > 24 * 3600 || watched < 0 || watched > MAX_REPORTED) {
      throw Problem.validation(
          java.util.List.of(
              new Problem.FieldError(
                  "positionSeconds", "out-of-range", "position 0..86400, watched 0..600 seconds")));
    }
    return db.transaction(
        c -> {
          catalogue.visible(c, viewer, resourceId, false);
          String who = pseudonym(viewer.userId());
          store.recordProgress(
              c, resourceId, who, viewer.schoolId(), position, watched, 0, Tx.now(clock));
          if (viewer.role() == Role.STUDENT && viewer.schoolId().isPresent()) {
            // the day's row feeds coverage evidence (pupils only: minutes watched per pupil)
            store.recordPupilDay(
                c,
                resourceId,
                who,
                viewer.schoolId().get(),
                clock.instant().atZone(PlaybackTally.ZONE).toLocalDate(),
                watched);
          }
          return json(store.progress(c, resourceId, who).orElseThrow());
        });
  }

  /** Counts a download (the offline copy a school pre-loads). */
  Future<Void> downloaded(Principal viewer, UUID resourceId) {
    return db.transaction(
        c -> {
          String who = pseudonym(viewer.userId());
          int position =
              store
                  .progress(c, resourceId, who)
                  .map(CatalogueStore.Progress::positionSeconds)
                  .orElse(0);
          store.recordProgress(
              c, resourceId, who, viewer.schoolId(), position, 0, 1, Tx.now(clock));
          return null;
        });
  }

  /** Where the viewer stopped: the player resumes there. */
  public Future<JsonObject> resume(Principal viewer, UUID resourceId) {
    return db.read(
        c -> {
          catalogue.visible(c, viewer, resourceId, false);
          return store
              .progress(c, resourceId, pseudonym(viewer.userId()))
              .map(Playback::json)
              .orElse(new JsonObject().put("positionSeconds", 0).put("watchedSeconds", 0));
        });
  }

  /** Which schools use the resource, for the group's coordinator and admins. */
  public Future<JsonObject> usage(Principal viewer, UUID resourceId) {
    if (viewer.role() != Role.ADMIN && viewer.role() != Role.COORDINATOR) {
      throw Problem.forbidden("forbidden", "usage is for coordinators");
    }
    return db.read(
        c -> {
          Resource r = catalogue.visible(c, viewer, resourceId, false);
          JsonArray schools = new JsonArray();
          for (CatalogueStore.Usage u : store.usage(c, resourceId)) {
            schools.add(
                new JsonObject()
                    .put("schoolId", u.schoolId().toString())
                    .put("viewers", u.viewers())
                    .put("watchedSeconds", u.watchedSeconds())
                    .put("downloads", u.downloads()));
          }
          return new JsonObject().put("resourceId", r.id().toString()).put("schools", schools);
        });
  }

  private static JsonObject json(CatalogueStore.Progress p) {
    return new JsonObject()
        .put("positionSeconds", p.positionSeconds())
        .put("watchedSeconds", p.watchedSeconds());
  }

  /**
   * What is kept of one account's viewing (the export of a pupil's data): per resource where they
   * stopped, seconds watched and downloads, and the days they watched.
   */
  public Future<JsonObject> exportOf(UUID account) {
    String who = pseudonym(account);
    return db.read(
        c -> {
          io.vertx.core.json.JsonArray progress = new io.vertx.core.json.JsonArray();
          c.list(
              "select p.resource_id, r.title, p.position_s, p.watched_s, p.downloads, p.updated_at"
                  + " from playback p join resource r on r.id = p.resource_id where p.viewer = ?"
                  + " order by p.updated_at",
              rs ->
                  progress.add(
                      new JsonObject()
                          .put("resourceId", rs.getString("resource_id"))
                          .put("title", rs.getString("title"))
                          .put("positionSeconds", rs.getInt("position_s"))
                          .put("watchedSeconds", rs.getInt("watched_s"))
                          .put("downloads", rs.getInt("downloads"))
                          .put(
                              "updatedAt",
                              org.classbridge.sql.Sql.instant(rs, "updated_at").toString())),
              who);
          io.vertx.core.json.JsonArray days = new io.vertx.core.json.JsonArray();
          c.list(
              "select resource_id, play_day, watched_s from playback_day where viewer = ?"
                  + " order by play_day, resource_id",
              rs ->
                  days.add(
                      new JsonObject()
                          .put("resourceId", rs.getString("resource_id"))
                          .put(
                              "day", rs.getObject("play_day", java.time.LocalDate.class).toString())
                          .put("watchedSeconds", rs.getInt("watched_s"))),
              who);
          return new JsonObject().put("progress", progress).put("days", days);
        });
  }

  /**
   * Inside an erasure's transaction: the account's viewing stays in the schools' figures under a
   * fresh random pseudonym that no account leads to (the HMAC of the account no longer finds it).
   *
   * @return rows moved
   */
  public int pseudonymise(Tx c, UUID account) throws java.sql.SQLException {
    String who = pseudonym(account);
    byte[] fresh = new byte[20];
    new java.security.SecureRandom().nextBytes(fresh);
    String anonymous = HexFormat.of().formatHex(fresh);
    return c.update("update playback set viewer = ? where viewer = ?", anonymous, who)
        + c.update("update playback_day set viewer = ? where viewer = ?", anonymous, who);
  }
}
