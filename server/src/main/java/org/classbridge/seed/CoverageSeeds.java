package org.classbridge.seed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.coverage.CoverageFeature;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.schedule.ScheduleFeature;

/**
 * The demo term's local teaching: each receiving school teaches its classes what the plan asks,
 * except the subjects it has no teacher for ({@code coverage.lacking} in the demo file: the
 * pastoral school has no music, English or information-technology teacher). The demo's remote
 * series then close part of the gap, so the first coverage matrix a coordinator opens tells a
 * story.
 */
public final class CoverageSeeds {
  private final SchoolDirectory directory;
  private final ScheduleFeature schedule;
  private final CoverageFeature coverage;
  private final JsonObject seed;

  public CoverageSeeds(
      SchoolDirectory directory, ScheduleFeature schedule, CoverageFeature coverage) {
    this.directory = directory;
    this.schedule = schedule;
    this.coverage = coverage;
    this.seed = DemoSeeds.readResource();
  }

  /** How many classes got local teaching (0 when they all had it already). */
  public Future<Integer> load() {
    JsonObject lacking = seed.getJsonObject("coverage", new JsonObject()).getJsonObject("lacking");
    if (lacking == null) {
      return Future.succeededFuture(0);
    }
    String termName = seed.getJsonObject("timetable").getJsonObject("term").getString("name");
    return directory
        .groupByName(seed.getString("group"))
        .compose(
            g ->
                schedule
                    .terms()
                    .terms(SchoolDirectory.PLATFORM, Optional.of(g.orElseThrow().id()))
                    .compose(
                        terms ->
                            directory
                                .schoolsByName(lacking.fieldNames())
                                .compose(
                                    schools -> {
                                      Map<UUID, Set<Subject>> bySchool = new HashMap<>();
                                      schools.forEach(
                                          (name, school) -> {
                                            Set<Subject> missing = new HashSet<>();
                                            lacking
                                                .getJsonArray(name)
                                                .forEach(
                                                    s ->
                                                        missing.add(
                                                            Wire.require(
                                                                Subject.class, (String) s)));
                                            bySchool.put(school.id(), missing);
                                          });
                                      UUID term =
                                          terms.stream()
                                              .filter(t -> t.name().equals(termName))
                                              .findFirst()
                                              .orElseThrow()
                                              .id();
                                      return coverage.seedLocalTeaching(term, bySchool);
                                    })));
  }
}
