package org.classbridge.studio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;

/**
 * A teacher's research record for a term (教研档案), the page a rural teacher files for their
 * professional evaluation: research sessions taken part in and their hours, lessons co-prepared
 * (plans they wrote versions of, plans of theirs made final), comments given, classes observed (how
 * many, their hours, the notes taken) and observations received, critiques given and received, and
 * the lessons recorded in their classes, published or not, and how often they were opened. Counted
 * over the term's days (Beijing time). The teacher, the leads of their studios, the group's
 * coordinators and admins read it.
 */
final class TeacherRecord {
  /** The term's days are Beijing days. */
  private static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");

  private final Database db;
  private final StudioStore store;
  private final StudioSources sources;

  TeacherRecord(Database db, StudioStore store, StudioSources sources) {
    this.db = db;
    this.store = store;
    this.sources = sources;
  }

  Future<JsonObject> of(Principal viewer, UUID teacherId, UUID termId) {
    return sources
        .people(List.of(teacherId))
        .compose(
            people -> {
              StudioSources.Person t =
                  Optional.ofNullable(people.get(teacherId))
                      .filter(p -> p.groupId().map(viewer::canSeeGroup).orElse(false))
                      .orElseThrow(
                          () -> Problem.notFound("user-not-found", "no user " + teacherId));
              return sources
                  .term(viewer, termId)
                  .compose(
                      term -> {
                        if (!t.groupId().equals(Optional.of(term.groupId()))) {
                          throw Problem.invalid("wrong-term", "the term is another group's");
                        }
                        return db.read(c -> store.leadsOf(c, teacherId))
                            .compose(
                                leads -> {
                                  boolean coordinator =
                                      viewer.role() == Role.ADMIN
                                          || (viewer.role() == Role.COORDINATOR
                                              && viewer.groupId().equals(t.groupId()));
                                  if (!viewer.userId().equals(teacherId)
                                      && !leads.contains(viewer.userId())
                                      && !coordinator) {
                                    throw Problem.forbidden(
                                        "forbidden",
                                        "the teacher, their studio's lead and the coordinators"
                                            + " read a research record");
                                  }
                                  return compute(viewer, t, term);
                                });
                      });
            });
  }

  private Future<JsonObject> compute(
      Principal viewer, StudioSources.Person t, StudioSources.TermSpan term) {
    Instant from = term.firstDay().atStartOfDay(ZONE).toInstant();
    Instant to = term.lastDay().plusDays(1).atStartOfDay(ZONE).toInstant();
    UUID id = t.id();
    return db.read(
            c -> {
              JsonObject out = new JsonObject();
              out.put(
                  "plansWorkedOn",
                  c.count(
                      "select count(distinct plan_id) from lesson_plan_version where author_id = ?"
                          + " and created_at >= ? and created_at < ?",
                      id,
                      from,
                      to));
              out.put(
                  "versionsSaved",
                  c.count(
                      "select count(*) from lesson_plan_version where author_id = ?"
                          + " and created_at >= ? and created_at < ?",
                      id,
                      from,
                      to));
              out.put(
                  "plansFinal",
                  c.count(
                      "select count(*) from lesson_plan where teacher_id = ?"
                          + " and final_version is not null and created_at >= ? and created_at < ?",
                      id,
                      from,
                      to));
              out.put(
                  "planComments",
                  c.count(
                      "select count(*) from lesson_plan_comment where author_id = ?"
                          + " and created_at >= ? and created_at < ?",
                      id,
                      from,
                      to));
              List<UUID> observed =
                  c.list(
                      "select distinct session_id from observation_note where author_id = ?"
                          + " and created_at >= ? and created_at < ?",
                      rs -> Sql.uuid(rs, "session_id"),
                      id,
                      from,
                      to);
              out.put(
                  "observationNotes",
                  c.count(
                      "select count(*) from observation_note where author_id = ?"
                          + " and created_at >= ? and created_at < ?",
                      id,
                      from,
                      to));
              out.put(
                  "critiquesGiven",
                  c.count(
                      "select count(*) from lesson_critique where author_id = ?"
                          + " and created_at >= ? and created_at < ?",
                      id,
                      from,
                      to));
              out.put(
                  "critiquesReceived",
                  c.count(
                      "select count(*) from lesson_critique k join session_recording r"
                          + " on r.resource_id = k.resource_id where r.teacher_id = ?"
                          + " and k.author_id <> ? and k.created_at >= ? and k.created_at < ?",
                      id,
                      id,
                      from,
                      to));
              List<UUID> recorded =
                  c.list(
                      "select resource_id from session_recording where teacher_id = ?"
                          + " and created_at >= ? and created_at < ? order by created_at",
                      rs -> Sql.uuid(rs, "resource_id"),
                      id,
                      from,
                      to);
              List<UUID> ownSessions =
                  c.list(
                      "select distinct n.session_id from observation_note n"
                          + " where n.author_id <> ? and n.created_at >= ? and n.created_at < ?",
                      rs -> Sql.uuid(rs, "session_id"),
                      id,
                      from,
                      to);
              return new Object[] {out, observed, recorded, ownSessions};
            })
        .compose(
            r -> {
              JsonObject out = (JsonObject) r[0];
              @SuppressWarnings("unchecked")
              List<UUID> observed = (List<UUID>) r[1];
              @SuppressWarnings("unchecked")
              List<UUID> recorded = (List<UUID>) r[2];
              @SuppressWarnings("unchecked")
              List<UUID> noted = (List<UUID>) r[3];
              // the observed classes' lengths, and the notes others took on this teacher's classes
              Set<UUID> sessions = new LinkedHashSet<>(observed);
              sessions.addAll(noted);
              List<Future<Optional<StudioSources.SessionInfo>>> reads = new ArrayList<>();
              List<UUID> order = List.copyOf(sessions);
              for (UUID s : order) {
                reads.add(sources.session(viewer, s).map(Optional::of).otherwise(Optional.empty()));
              }
              return Future.all(reads)
                  .compose(
                      all -> {
                        long[] seconds = {0};
                        Set<UUID> receivedIn = new HashSet<>();
                        for (int i = 0; i < order.size(); i++) {
                          Optional<StudioSources.SessionInfo> s = all.resultAt(i);
                          if (s.isEmpty()) {
                            continue;
                          }
                          if (observed.contains(order.get(i))) {
                            seconds[0] +=
                                Duration.between(s.get().startsAt(), s.get().endsAt()).getSeconds();
                          }
                          if (s.get().teacherId().equals(t.id())) {
                            receivedIn.add(order.get(i));
                          }
                        }
                        return db.read(
                                c -> {
                                  if (receivedIn.isEmpty()) {
                                    return 0L;
                                  }
                                  List<Object> params = new ArrayList<>(receivedIn);
                                  params.add(t.id());
                                  return c.count(
                                      "select count(*) from observation_note where session_id in ("
                                          + Sql.marks(List.copyOf(receivedIn))
                                          + ") and author_id <> ?",
                                      params.toArray());
                                })
                            .compose(
                                notesReceived ->
                                    sources
                                        .lessons(recorded)
                                        .map(
                                            lessons ->
                                                finish(
                                                    out,
                                                    t,
                                                    observed.size(),
                                                    seconds[0],
                                                    notesReceived,
                                                    receivedIn.size(),
                                                    recorded,
                                                    lessons)));
                      });
            })
        .compose(
            j ->
                sources
                    .researchTime(id, term.firstDay(), term.lastDay())
                    .map(
                        rt ->
                            j.put(
                                "research",
                                new JsonObject()
                                    .put("sessions", rt.sessions())
                                    .put(
                                        "hours",
                                        Math.round(rt.time().toSeconds() / 360.0) / 10.0))))
        .map(
            j ->
                j.put("term", term.name())
                    .put("termId", term.id().toString())
                    .put("firstDay", term.firstDay().toString())
                    .put("lastDay", term.lastDay().toString()));
  }

  private static JsonObject finish(
      JsonObject counts,
      StudioSources.Person t,
      int classesObserved,
      long observedSeconds,
      long notesReceived,
      int classesObservedByOthers,
      List<UUID> recorded,
      Map<UUID, StudioSources.LessonUse> lessons) {
    JsonArray list = new JsonArray();
    int published = 0;
    long views = 0;
    for (UUID id : recorded) {
      StudioSources.LessonUse u = lessons.get(id);
      if (u == null) {
        continue;
      }
      if (u.published()) {
        published++;
        views += u.views();
      }
      list.add(
          new JsonObject()
              .put("resourceId", id.toString())
              .put("title", u.title())
              .put("published", u.published())
              .put("views", u.views()));
    }
    return new JsonObject()
        .put("teacher", Studios.person(t))
        .put(
            "coPreparation",
            new JsonObject()
                .put("plansWorkedOn", counts.getLong("plansWorkedOn"))
                .put("versionsSaved", counts.getLong("versionsSaved"))
                .put("plansFinal", counts.getLong("plansFinal"))
                .put("comments", counts.getLong("planComments")))
        .put(
            "observation",
            new JsonObject()
                .put("classesObserved", classesObserved)
                .put("hoursObserved", Math.round(observedSeconds / 360.0) / 10.0)
                .put("notesGiven", counts.getLong("observationNotes"))
                .put("classesObservedByOthers", classesObservedByOthers)
                .put("notesReceived", notesReceived))
        .put(
            "critique",
            new JsonObject()
                .put("given", counts.getLong("critiquesGiven"))
                .put("received", counts.getLong("critiquesReceived")))
        .put(
            "recordings",
            new JsonObject()
                .put("recorded", list.size())
                .put("published", published)
                .put("views", views)
                .put("lessons", list));
  }
}
