package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.classbridge.audit.AuditLog;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Secret, revocable iCalendar feed URLs for a teacher, a classroom or a school. The URL is the
 * credential (phone calendars cannot send a token), so it is long and random, only its SHA-256 is
 * stored, and revoking it ends it at once.
 */
public final class CalendarFeeds {
  /** What a feed shows: this far back and ahead of today. */
  static final Duration PAST = Duration.ofDays(60);

  static final Duration AHEAD = Duration.ofDays(240);

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final SecureRandom random = new SecureRandom();
  private final Database db;
  private final ScheduleStore store;
  private final ScheduleDirectory directory;
  private final Naming naming;
  private final AuditLog audit;
  private final Clock clock;

  CalendarFeeds(
      Database db,
      ScheduleStore store,
      ScheduleDirectory directory,
      Naming naming,
      AuditLog audit,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.directory = directory;
    this.naming = naming;
    this.audit = audit;
    this.clock = clock;
  }

  /** Whose sessions a feed shows. */
  public enum OwnerKind {
    TEACHER,
    CLASSROOM,
    SCHOOL
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject json(ScheduleStore.Feed f) {
    return new JsonObject()
        .put("id", f.id().toString())
        .put("ownerKind", f.ownerKind())
        .put("ownerId", f.ownerId().toString())
        .put("groupId", f.groupId().toString())
        .put("createdAt", f.createdAt().toString());
  }

  /** The group of a feed's owner, or nothing if there is no such owner. */
  private Future<Optional<UUID>> groupOf(OwnerKind kind, UUID id) {
    return switch (kind) {
      case TEACHER ->
          directory
              .people(List.of(id))
              .map(
                  m ->
                      Optional.ofNullable(m.get(id))
                          .filter(p -> p.role() == Role.TEACHER)
                          .flatMap(ScheduleDirectory.Person::groupId));
      case CLASSROOM ->
          directory
              .rooms(List.of(id))
              .map(m -> Optional.ofNullable(m.get(id)).map(ScheduleDirectory.Room::groupId));
      case SCHOOL ->
          directory
              .schools(List.of(id))
              .map(m -> Optional.ofNullable(m.get(id)).map(ScheduleDirectory.SchoolInfo::groupId));
    };
  }

  /**
   * A new feed. Teachers make their own; coordinators any of their group's; admins any. The answer
   * carries the URL once: it is not stored and cannot be shown again.
   */
  public Future<JsonObject> create(Principal actor, JsonObject body) {
    Validation v = new Validation();
    BodyReader r = new BodyReader(body, v);
    r.only(Set.of("ownerKind", "ownerId"));
    OwnerKind kind =
        v.oneOf(
            "ownerKind",
            body.getValue("ownerKind") instanceof String s ? s : null,
            OwnerKind.class);
    UUID owner = r.uuid("ownerId");
    v.orThrow();
    if (actor.role() == Role.TEACHER
        && !(kind == OwnerKind.TEACHER && owner.equals(actor.userId()))) {
      throw Problem.forbidden("forbidden", "a teacher subscribes to their own timetable");
    }
    return groupOf(kind, owner)
        .compose(
            group -> {
              if (group.isEmpty() || !actor.canSeeGroup(group.get())) {
                throw Problem.validation(
                    List.of(
                        new Problem.FieldError(
                            "ownerId", "unknown-owner", "no such " + kind.name().toLowerCase())));
              }
              byte[] secret = new byte[32];
              random.nextBytes(secret);
              String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
              ScheduleStore.Feed f =
                  new ScheduleStore.Feed(
                      UUID.randomUUID(),
                      org.classbridge.common.Wire.id(kind),
                      owner,
                      group.get(),
                      actor.userId(),
                      Tx.now(clock),
                      Optional.empty());
              return db.transaction(
                  c -> {
                    store.insertFeed(c, f, hash(token));
                    audit.record(
                        c,
                        actor,
                        "calendar-feed.created",
                        "calendar-feed",
                        f.id(),
                        f.groupId(),
                        json(f));
                    return json(f).put("url", "/calendar/" + token + ".ics");
                  });
            });
  }

  /** Feeds a caller may see and revoke: their own; a coordinator's whole group's. */
  public Future<List<JsonObject>> list(Principal viewer) {
    Optional<UUID> group = viewer.role() == Role.COORDINATOR ? viewer.groupId() : Optional.empty();
    return db.read(
        c ->
            store.feedsVisibleTo(c, viewer.userId(), group).stream()
                .map(CalendarFeeds::json)
                .toList());
  }

  public Future<Void> revoke(Principal actor, UUID id) {
    return db.transaction(
        c -> {
          ScheduleStore.Feed f =
              store
                  .feed(c, id)
                  .filter(
                      x ->
                          x.createdBy().equals(actor.userId())
                              || GroupRules.canManage(actor, x.groupId()))
                  .orElseThrow(() -> Problem.notFound("feed-not-found", "no calendar feed " + id));
          if (store.revokeFeed(c, id, Tx.now(clock)) == 1) {
            audit.record(
                c, actor, "calendar-feed.revoked", "calendar-feed", id, f.groupId(), json(f));
          }
          return null;
        });
  }

  /** The feed behind a secret URL, as iCalendar text; unknown and revoked ones are 404. */
  public Future<String> render(String token) {
    Problem missing = Problem.notFound("feed-not-found", "no such calendar");
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Future.failedFuture(missing);
    }
    return db.read(c -> store.feedByToken(c, hash(token)))
        .compose(
            found -> {
              ScheduleStore.Feed f = found.orElseThrow(() -> missing);
              OwnerKind kind = org.classbridge.common.Wire.require(OwnerKind.class, f.ownerKind());
              Future<List<UUID>> resources =
                  kind == OwnerKind.SCHOOL
                      ? directory.roomsAndClassesOf(f.ownerId())
                      : Future.succeededFuture(List.of(f.ownerId()));
              Instant now = clock.instant();
              return resources.compose(
                  ids ->
                      db.read(
                              c ->
                                  ids.isEmpty()
                                      ? List.<ClassSession>of()
                                      : store.sessionsById(
                                          c,
                                          store.sessionsHolding(
                                              c, ids, now.minus(PAST), now.plus(AHEAD))))
                          .compose(sessions -> entries(kind, f.ownerId(), sessions, now)));
            });
  }

  private Future<String> entries(
      OwnerKind kind, UUID owner, List<ClassSession> sessions, Instant now) {
    List<Participants> all = new ArrayList<>();
    sessions.forEach(s -> all.add(s.participants()));
    return naming
        .of(all)
        .map(
            names -> {
              List<IcsWriter.Entry> entries = new ArrayList<>();
              for (ClassSession s : sessions) {
                Participants p = s.participants();
                List<String> receivers = new ArrayList<>();
                for (Receiver r : p.receivers()) {
                  receivers.add(
                      names.school(names.rooms().get(r.classroomId()).schoolId())
                          + " "
                          + names.classes().get(r.classId()).name());
                }
                ScheduleDirectory.Room main = names.rooms().get(p.mainClassroomId());
                ScheduleDirectory.Person teacher = names.people().get(p.teacherId());
                String summary =
                    s.subject().zh()
                        + s.title().map(t -> "：" + t).orElse("")
                        + " · "
                        + (teacher == null ? "" : teacher.displayName());
                String location =
                    main == null ? "" : names.school(main.schoolId()) + " " + main.name();
                // the same text for every session of a series, so they fold into one RRULE
                String description = "主讲：" + location + "\n接收：" + String.join("、", receivers);
                entries.add(
                    new IcsWriter.Entry(
                        s.id(),
                        s.seriesId(),
                        s.startsAt(),
                        s.endsAt(),
                        summary,
                        location,
                        description));
              }
              String name =
                  switch (kind) {
                    case TEACHER ->
                        Optional.ofNullable(names.people().get(owner))
                            .map(ScheduleDirectory.Person::displayName)
                            .orElse("课表");
                    case CLASSROOM ->
                        Optional.ofNullable(names.rooms().get(owner))
                            .map(ScheduleDirectory.Room::name)
                            .orElse("教室课表");
                    case SCHOOL -> Optional.ofNullable(names.school(owner)).orElse("学校课表");
                  };
              return IcsWriter.write(
                  "课桥 " + name, entries, now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            });
  }
}
