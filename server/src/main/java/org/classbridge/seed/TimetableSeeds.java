package org.classbridge.seed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountService;
import org.classbridge.common.Futures;
import org.classbridge.directory.Classroom;
import org.classbridge.directory.EducationGroup;
import org.classbridge.directory.School;
import org.classbridge.directory.SchoolClass;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.identity.Principal;
import org.classbridge.schedule.ScheduleFeature;
import org.classbridge.schedule.Term;

/**
 * Loads the demo term's timetable ({@code timetable} in {@code seeds/qinghai-demo.json}): the term
 * with its holidays and make-up day, each school's bell times, pairings and weekly series, all
 * through the schedule's own services, as a coordinator would enter them. Runs once: when the group
 * already has the term, nothing is loaded again.
 */
public final class TimetableSeeds {
  private final SchoolDirectory directory;
  private final AccountService accounts;
  private final ScheduleFeature schedule;
  private final JsonObject seed;

  public TimetableSeeds(
      SchoolDirectory directory, AccountService accounts, ScheduleFeature schedule) {
    this(directory, accounts, schedule, DemoSeeds.readResource());
  }

  TimetableSeeds(
      SchoolDirectory directory,
      AccountService accounts,
      ScheduleFeature schedule,
      JsonObject seed) {
    this.directory = directory;
    this.accounts = accounts;
    this.schedule = schedule;
    this.seed = seed;
  }

  /** How many sessions the load booked (0 when the term was already there). */
  public Future<Integer> load() {
    Principal platform = SchoolDirectory.PLATFORM;
    JsonObject tt = seed.getJsonObject("timetable");
    if (tt == null) {
      return Future.succeededFuture(0);
    }
    JsonObject termSeed = tt.getJsonObject("term");
    return directory
        .groupByName(seed.getString("group"))
        .compose(
            g -> {
              EducationGroup group =
                  g.orElseThrow(() -> new IllegalStateException("load the demo group first"));
              return schedule
                  .terms()
                  .terms(platform, Optional.of(group.id()))
                  .compose(
                      existing -> {
                        if (existing.stream()
                            .anyMatch(t -> t.name().equals(termSeed.getString("name")))) {
                          return Future.succeededFuture(0);
                        }
                        return load(platform, group, tt);
                      });
            });
  }

  private Future<Integer> load(Principal platform, EducationGroup group, JsonObject tt) {
    Map<String, School> schools = new HashMap<>();
    List<String> usernames = new ArrayList<>();
    for (Object o : seed.getJsonArray("accounts")) {
      usernames.add(((JsonObject) o).getString("username"));
    }
    Map<String, Map<String, UUID>> rooms = new HashMap<>();
    Map<String, Map<String, UUID>> classes = new HashMap<>();
    return Futures.inOrder(
            seed.getJsonArray("schools").stream().map(o -> (JsonObject) o).toList(),
            s ->
                directory
                    .schoolByName(s.getString("name"))
                    .compose(
                        found -> {
                          School school = found.orElseThrow();
                          schools.put(s.getString("key"), school);
                          Future<List<Classroom>> r = directory.classrooms(platform, school.id());
                          Future<List<SchoolClass>> k = directory.classes(platform, school.id());
                          return Future.all(r, k)
                              .map(
                                  all -> {
                                    Map<String, UUID> rm = new HashMap<>();
                                    r.result().forEach(x -> rm.put(x.name(), x.id()));
                                    Map<String, UUID> km = new HashMap<>();
                                    k.result().forEach(x -> km.put(x.name(), x.id()));
                                    rooms.put(s.getString("key"), rm);
                                    classes.put(s.getString("key"), km);
                                    return null;
                                  });
                        }))
        .compose(v -> accounts.findByUsernames(usernames))
        .compose(
            people -> {
              JsonObject termBody =
                  tt.getJsonObject("term").copy().put("groupId", group.id().toString());
              return schedule
                  .terms()
                  .createTerm(platform, termBody)
                  .compose(term -> grids(platform, tt, schools).map(v -> term))
                  .compose(
                      term ->
                          pairingsAndSeries(platform, tt, term, schools, rooms, classes, people));
            });
  }

  private Future<Void> grids(Principal platform, JsonObject tt, Map<String, School> schools) {
    JsonObject periods = tt.getJsonObject("periods");
    return Futures.inOrder(
            List.copyOf(periods.fieldNames()),
            key ->
                schedule
                    .terms()
                    .replaceGrid(
                        platform,
                        schools.get(key).id(),
                        new JsonObject().put("periods", periods.getJsonArray(key))))
        .mapEmpty();
  }

  private Future<Integer> pairingsAndSeries(
      Principal platform,
      JsonObject tt,
      Term term,
      Map<String, School> schools,
      Map<String, Map<String, UUID>> rooms,
      Map<String, Map<String, UUID>> classes,
      Map<String, Account> people) {
    Map<String, UUID> pairingIds = new HashMap<>();
    int[] booked = {0};
    List<JsonObject> pairings =
        tt.getJsonArray("pairings").stream().map(o -> (JsonObject) o).toList();
    return Futures.inOrder(
            pairings,
            p -> {
              String school = p.getString("school");
              JsonArray receivers = new JsonArray();
              for (Object o : p.getJsonArray("receivers")) {
                JsonObject r = (JsonObject) o;
                JsonObject body =
                    new JsonObject()
                        .put(
                            "classroomId",
                            rooms
                                .get(r.getString("school"))
                                .get(r.getString("classroom"))
                                .toString())
                        .put(
                            "classId",
                            classes
                                .get(r.getString("school"))
                                .get(r.getString("class"))
                                .toString());
                if (r.containsKey("assistant")) {
                  body.put("assistantId", people.get(r.getString("assistant")).id().toString());
                }
                receivers.add(body);
              }
              JsonObject body =
                  new JsonObject()
                      .put("termId", term.id().toString())
                      .put("subject", p.getString("subject"))
                      .put("teacherId", people.get(p.getString("teacher")).id().toString())
                      .put(
                          "mainClassroomId",
                          rooms.get(school).get(p.getString("mainClassroom")).toString())
                      .put("receivers", receivers);
              if (p.containsKey("mainClass")) {
                body.put(
                    "mainClassId", classes.get(school).get(p.getString("mainClass")).toString());
              }
              return schedule
                  .pairings()
                  .create(platform, body)
                  .map(
                      made -> {
                        pairingIds.put(p.getString("key"), made.id());
                        return made;
                      });
            })
        .compose(
            v ->
                Futures.inOrder(
                    tt.getJsonArray("series").stream().map(o -> (JsonObject) o).toList(),
                    s -> {
                      JsonObject body =
                          s.copy()
                              .put("pairingId", pairingIds.get(s.getString("pairing")).toString())
                              .put("onConflict", "book-free");
                      body.remove("pairing");
                      return schedule
                          .scheduler()
                          .bookSeries(platform, body)
                          .map(o -> booked[0] += o.booked().size());
                    }))
        .map(v -> booked[0]);
  }
}
