package org.classbridge.seed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.auth.AccountService;
import org.classbridge.catalogue.CatalogueFeature;
import org.classbridge.catalogue.PlaybackTally;
import org.classbridge.catalogue.Resource;
import org.classbridge.catalogue.ResourceFilter;
import org.classbridge.common.Futures;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.coverage.CoverageFeature;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.schedule.ScheduleFeature;

/**
 * The demo term's evidence, so the first screen a coordinator opens tells a story: what the demo
 * teachers teach ({@code coverage.teaches}), registers for the remote sessions already past (most
 * held with nearly every pupil, a few missed; the last week's still open), and pupils' playback of
 * the demo lessons week by week. Loaded once: when the term already has registers, nothing is
 * added.
 */
public final class EvidenceSeeds {
  private final SchoolDirectory directory;
  private final AccountService accounts;
  private final ScheduleFeature schedule;
  private final CoverageFeature coverage;
  private final CatalogueFeature catalogue;
  private final JsonObject seed;

  /** Who took the demo registers: nobody (a fixed id that is no account). */
  private static final UUID DEMO_MARKER = new UUID(0, 0);

  public EvidenceSeeds(
      SchoolDirectory directory,
      AccountService accounts,
      ScheduleFeature schedule,
      CoverageFeature coverage,
      CatalogueFeature catalogue) {
    this.directory = directory;
    this.accounts = accounts;
    this.schedule = schedule;
    this.coverage = coverage;
    this.catalogue = catalogue;
    this.seed = DemoSeeds.readResource();
  }

  /** Registers written (0 when the term had them already). */
  public Future<Integer> load(LocalDate today) {
    JsonObject cov = seed.getJsonObject("coverage", new JsonObject());
    JsonObject teaches = cov.getJsonObject("teaches", new JsonObject());
    String termName = seed.getJsonObject("timetable").getJsonObject("term").getString("name");
    return accounts
        .findByUsernames(List.copyOf(teaches.fieldNames()))
        .compose(
            found -> {
              Map<UUID, Set<Subject>> byTeacher = new HashMap<>();
              found.forEach(
                  (name, a) -> {
                    Set<Subject> s = EnumSet.noneOf(Subject.class);
                    teaches
                        .getJsonArray(name)
                        .forEach(x -> s.add(Wire.require(Subject.class, (String) x)));
                    byTeacher.put(a.id(), s);
                  });
              return coverage.seedTeachingSubjects(byTeacher);
            })
        .compose(n -> directory.groupByName(seed.getString("group")))
        .compose(
            g ->
                schedule.terms().terms(SchoolDirectory.PLATFORM, Optional.of(g.orElseThrow().id())))
        .compose(
            terms -> {
              UUID term =
                  terms.stream()
                      .filter(t -> t.name().equals(termName))
                      .findFirst()
                      .orElseThrow()
                      .id();
              return schedule
                  .attendance()
                  .seedRegisters(
                      term,
                      // the last week's registers are still open: an assistant marks them later
                      today.minusDays(7).atStartOfDay(PlaybackTally.ZONE).toInstant(),
                      EvidenceSeeds::register,
                      DEMO_MARKER);
            })
        .compose(
            written ->
                written == 0
                    ? Future.succeededFuture(0)
                    : playback(
                            LocalDate.parse(
                                seed.getJsonObject("timetable")
                                    .getJsonObject("term")
                                    .getString("firstDay")),
                            today)
                        .map(v -> written));
  }

  /**
   * Who was present at a class's n-th past session: one in nine missed (the uplink was down, no
   * register), and in the others one pupil now and then absent.
   */
  static List<Boolean> register(int nth, int pupils) {
    if (nth % 9 == 4) {
      return null;
    }
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < pupils; i++) {
      out.add((nth + 3 * i) % 7 != 5);
    }
    return out;
  }

  /** Each demo pupil of a receiving school watches a few lessons a week, more as the term goes. */
  private Future<Void> playback(LocalDate first, LocalDate today) {
    List<String> pupils = new ArrayList<>();
    for (Object o : seed.getJsonArray("accounts", new JsonArray())) {
      JsonObject a = (JsonObject) o;
      if ("student".equals(a.getString("role")) && !"xining".equals(a.getString("school"))) {
        pupils.add(a.getString("username"));
      }
    }
    return accounts
        .findByUsernames(pupils)
        .compose(
            found ->
                Futures.inOrder(
                    List.copyOf(found.values()),
                    a ->
                        accounts
                            .principalOf(a)
                            .compose(
                                p ->
                                    catalogue
                                        .catalogue()
                                        .list(p, everything(), 1, 50)
                                        .compose(r -> watch(p, r, first, today)))))
        .mapEmpty();
  }

  private static ResourceFilter everything() {
    return new ResourceFilter(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private Future<Void> watch(
      Principal pupil, List<Resource> visible, LocalDate first, LocalDate today) {
    if (pupil.role() != Role.STUDENT || visible.isEmpty()) {
      return Future.succeededFuture();
    }
    List<PlaybackTally.SeedDay> days = new ArrayList<>();
    int seed = Math.floorMod(pupil.username().hashCode(), 7);
    int week = 0;
    for (LocalDate d = first; d.isBefore(today); d = d.plusDays(1)) {
      if (d.getDayOfWeek() == DayOfWeek.MONDAY) {
        week++;
      }
      DayOfWeek w = d.getDayOfWeek();
      // evenings of Tuesday and Thursday, and Saturday; a little more each week
      if (w != DayOfWeek.TUESDAY && w != DayOfWeek.THURSDAY && w != DayOfWeek.SATURDAY) {
        continue;
      }
      if ((d.getDayOfYear() + seed) % 3 == 0) {
        continue;
      }
      Resource r = visible.get(Math.floorMod(d.getDayOfYear() + seed, visible.size()));
      days.add(new PlaybackTally.SeedDay(r.id(), d, 240 + 30 * Math.min(week, 16) + 20 * seed));
    }
    return catalogue.playbackTally().seedDays(pupil, days);
  }
}
