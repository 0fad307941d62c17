package org.classbridge.coverage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.classbridge.identity.Principal;

/**
 * Evidence per school and per group for a term (质量共评), with the previous term's figures beside
 * them. Who sees what: the group's coordinators and admins its schools; a school's teachers only
 * the classes they teach, and not the school's playback (it is the school's, not their classes');
 * pupils nothing (the routes refuse them).
 */
final class EvidenceService {
  /** The tables of a school's evidence that export as CSV. */
  static final Set<String> SCHOOL_TABLES =
      Set.of("classes", "class-subjects", "subjects", "weeks", "summary");

  /** The tables of a group's evidence that export as CSV. */
  static final Set<String> GROUP_TABLES = Set.of("schools", "subjects", "weeks", "summary");

  private final CoverageSources sources;

  EvidenceService(CoverageSources sources) {
    this.sources = sources;
  }

  /** The classes asked about and which school each is in. */
  private record Scope(
      List<CoverageSources.SchoolInfo> schools,
      List<CoverageSources.ClassInfo> classes,
      boolean playback) {
    Map<UUID, UUID> schoolOfClass() {
      Map<UUID, UUID> out = new HashMap<>();
      classes.forEach(k -> out.put(k.id(), k.schoolId()));
      return out;
    }

    List<UUID> classIds() {
      return classes.stream().map(CoverageSources.ClassInfo::id).toList();
    }

    List<UUID> schoolIds() {
      return schools.stream().map(CoverageSources.SchoolInfo::id).toList();
    }
  }

  Future<JsonObject> school(Principal viewer, UUID schoolId, UUID termId) {
    return Scopes.school(sources, viewer, schoolId, termId)
        .compose(
            s ->
                sources
                    .classesOfSchools(List.of(schoolId))
                    .compose(
                        all -> {
                          List<CoverageSources.ClassInfo> classes =
                              sorted(
                                  all.stream()
                                      .filter(
                                          k ->
                                              s.onlyClasses()
                                                  .map(o -> o.contains(k.id()))
                                                  .orElse(true))
                                      .toList());
                          Scope scope =
                              new Scope(List.of(s.school()), classes, s.onlyClasses().isEmpty());
                          return withPrevious(s.term(), scope)
                              .map(pair -> schoolJson(s.school(), scope, pair[0], pair[1]));
                        }));
  }

  Future<JsonObject> group(Principal viewer, UUID groupId, UUID termId) {
    return Scopes.group(sources, viewer, groupId, termId, "evidence")
        .compose(
            g ->
                sources
                    .classesOfSchools(
                        g.receiving().stream().map(CoverageSources.SchoolInfo::id).toList())
                    .compose(
                        classes -> {
                          Scope scope = new Scope(g.receiving(), sorted(classes), true);
                          return withPrevious(g.term(), scope)
                              .map(pair -> groupJson(groupId, scope, pair[0], pair[1]));
                        }));
  }

  private static List<CoverageSources.ClassInfo> sorted(List<CoverageSources.ClassInfo> l) {
    return l.stream()
        .sorted(
            Comparator.comparing(CoverageSources.ClassInfo::grade)
                .thenComparing(CoverageSources.ClassInfo::name))
        .toList();
  }

  /** This term's evidence and the previous term's (null when there is none). */
  private Future<Evidence.Term[]> withPrevious(CoverageSources.TermInfo term, Scope scope) {
    // the pupils are read once, for this term and the last
    return sources
        .pupils(scope.classIds())
        .compose(
            p ->
                compute(term, scope, p)
                    .compose(
                        now ->
                            sources
                                .previousTerm(term)
                                .compose(
                                    before ->
                                        before.isEmpty()
                                            ? Future.succeededFuture(
                                                new Evidence.Term[] {now, null})
                                            : compute(before.get(), scope, p)
                                                .map(b -> new Evidence.Term[] {now, b}))));
  }

  private Future<Evidence.Term> compute(
      CoverageSources.TermInfo term, Scope scope, CoverageSources.Pupils pupils) {
    Future<List<CoverageSources.PupilDay>> playback =
        scope.playback()
            ? sources.playback(scope.schoolIds(), term.firstDay(), term.lastDay())
            : Future.succeededFuture(List.of());
    return sources
        .received(term.id(), scope.classIds())
        .compose(
            received ->
                playback.map(
                    days ->
                        Evidence.Term.compute(
                            term, received, scope.schoolOfClass(), pupils, days)));
  }

  private static JsonObject head(Evidence.Term now, Evidence.Term before, Scope scope) {
    CoverageSources.TermInfo t = now.term();
    return new JsonObject()
        .put("termId", t.id().toString())
        .put("term", t.name())
        .put("firstDay", t.firstDay().toString())
        .put("lastDay", t.lastDay().toString())
        .put("sessions", now.total().toJson())
        .put("playback", scope.playback() ? now.watching().toJson() : null)
        .put("subjects", now.subjectsJson())
        .put("weeks", now.weeksJson())
        .put("previous", before == null ? null : before.summaryJson())
        .put("trend", before == null ? null : Evidence.trend(now, before));
  }

  private static JsonObject schoolJson(
      CoverageSources.SchoolInfo school, Scope scope, Evidence.Term now, Evidence.Term before) {
    JsonArray classes = new JsonArray();
    for (CoverageSources.ClassInfo k : scope.classes()) {
      classes.add(
          now.byClass()
              .getOrDefault(k.id(), Evidence.Tally.EMPTY)
              .toJson()
              .put("classId", k.id().toString())
              .put("class", k.name())
              .put("classBo", k.nameBo().orElse(null))
              .put("grade", k.grade())
              .put("subjects", now.subjectsJson(k.id()))
              // the pupils' playback of the class: for those who see the school's playback
              .put(
                  "playback",
                  scope.playback()
                      ? now.watchingByClass().getOrDefault(k.id(), Evidence.Watching.NONE).toJson()
                      : null));
    }
    return head(now, before, scope)
        .put("schoolId", school.id().toString())
        .put("school", school.name())
        .put("schoolBo", school.nameBo().orElse(null))
        .put("classes", classes);
  }

  private static JsonObject groupJson(
      UUID groupId, Scope scope, Evidence.Term now, Evidence.Term before) {
    Map<UUID, UUID> schoolOf = scope.schoolOfClass();
    JsonArray schools = new JsonArray();
    for (CoverageSources.SchoolInfo s : scope.schools()) {
      Evidence.Watching w = now.watchingBySchool().getOrDefault(s.id(), Evidence.Watching.NONE);
      schools.add(
          now.ofSchool(s.id(), schoolOf)
              .toJson()
              .put("schoolId", s.id().toString())
              .put("school", s.name())
              .put("schoolBo", s.nameBo().orElse(null))
              .put("classes", (int) schoolOf.values().stream().filter(s.id()::equals).count())
              .put("playback", w.toJson()));
    }
    return head(now, before, scope).put("groupId", groupId.toString()).put("schools", schools);
  }

  // --- CSV

  /** One table of an evidence answer as CSV. */
  static String csv(JsonObject evidence, String table) {
    List<String> head = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    switch (table) {
      case "classes" -> {
        head.add("class");
        head.addAll(Evidence.TALLY_COLUMNS);
        head.addAll(PLAYBACK_COLUMNS);
        for (Object o : evidence.getJsonArray("classes")) {
          JsonObject c = (JsonObject) o;
          rows.add(row(c.getString("class"), c, playback(c.getJsonObject("playback"))));
        }
      }
      case "schools" -> {
        head.add("school");
        head.addAll(Evidence.TALLY_COLUMNS);
        head.addAll(PLAYBACK_COLUMNS);
        for (Object o : evidence.getJsonArray("schools")) {
          JsonObject c = (JsonObject) o;
          rows.add(row(c.getString("school"), c, playback(c.getJsonObject("playback"))));
        }
      }
      case "summary" -> {
        // the headline figures: this term, the previous one, and the change the report shows
        head.addAll(List.of("figure", "this term", "previous term", "change"));
        JsonObject previous = evidence.getJsonObject("previous");
        JsonObject trend = evidence.getJsonObject("trend", new JsonObject());
        for (String part : List.of("sessions", "playback")) {
          JsonObject now = evidence.getJsonObject(part);
          if (now == null) {
            continue; // a teacher does not see the school's playback
          }
          JsonObject before = previous == null ? null : previous.getJsonObject(part);
          for (String k : now.fieldNames()) {
            rows.add(
                List.of(
                    k,
                    text(now.getValue(k)),
                    before == null ? "" : text(before.getValue(k)),
                    text(trend.getValue(k))));
          }
        }
      }
      case "class-subjects" -> {
        head.add("class");
        head.add("subject");
        head.addAll(Evidence.TALLY_COLUMNS);
        for (Object o : evidence.getJsonArray("classes")) {
          JsonObject k = (JsonObject) o;
          for (Object c : k.getJsonArray("subjects")) {
            JsonObject t = (JsonObject) c;
            List<String> r = new ArrayList<>();
            r.add(k.getString("class"));
            r.addAll(row(t.getJsonObject("subject").getString("id"), t, List.of()));
            rows.add(r);
          }
        }
      }
      case "subjects" -> {
        head.add("subject");
        head.addAll(Evidence.TALLY_COLUMNS);
        for (Object o : evidence.getJsonArray("subjects")) {
          JsonObject c = (JsonObject) o;
          rows.add(row(c.getJsonObject("subject").getString("id"), c, List.of()));
        }
      }
      case "weeks" -> {
        head.add("week");
        head.addAll(Evidence.TALLY_COLUMNS);
        head.add("minutes watched");
        for (Object o : evidence.getJsonArray("weeks")) {
          JsonObject c = (JsonObject) o;
          rows.add(row(c.getString("week"), c, List.of(text(c.getValue("minutesWatched")))));
        }
      }
      default -> throw new IllegalArgumentException(table);
    }
    return Evidence.csv(head, rows);
  }

  private static final List<String> PLAYBACK_COLUMNS =
      List.of(
          "pupils enrolled",
          "pupils watching",
          "lessons opened",
          "experiments opened",
          "minutes watched",
          "minutes per pupil");

  /** A row's playback columns; empty cells where the reader does not see playback. */
  private static List<String> playback(JsonObject p) {
    List<String> out = new ArrayList<>();
    for (String k :
        List.of(
            "pupilsEnrolled",
            "pupilsWatching",
            "lessonsOpened",
            "experimentsOpened",
            "minutesWatched",
            "minutesPerPupil")) {
      out.add(p == null ? "" : text(p.getValue(k)));
    }
    return out;
  }

  private static List<String> row(String first, JsonObject t, List<String> extra) {
    List<String> out = new ArrayList<>();
    out.add(first);
    for (String k :
        List.of(
            "booked",
            "held",
            "notHeld",
            "upcoming",
            "cancelled",
            "classroomAttendance",
            "pupilsPresent",
            "pupilsMarked",
            "pupilAttendance",
            "liveMinutes")) {
      out.add(text(t.getValue(k)));
    }
    out.addAll(extra);
    return out;
  }

  private static String text(Object v) {
    return v == null ? "" : v.toString();
  }
}
