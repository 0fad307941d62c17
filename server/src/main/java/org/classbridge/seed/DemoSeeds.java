package org.classbridge.seed;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountService;
import org.classbridge.auth.NewAccount;
import org.classbridge.common.Futures;
import org.classbridge.common.Validation;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.Classroom;
import org.classbridge.directory.EducationGroup;
import org.classbridge.directory.School;
import org.classbridge.directory.SchoolClass;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;

/**
 * Loads the demo education group ({@code seeds/qinghai-demo.json}) through the same services the
 * API uses. Idempotent: what exists (by name, by username) is kept, what is missing is created, so
 * a restart or a half-finished first start converges on the same data.
 */
public final class DemoSeeds {
  public static final String RESOURCE = "/seeds/qinghai-demo.json";

  /** The seeder acts as the platform, not as any person. */
  private static final Principal PLATFORM =
      new Principal(new UUID(0, 0), "demo-seed", Role.ADMIN, Optional.empty(), Optional.empty());

  private final SchoolDirectory directory;
  private final ClassRoster roster;
  private final AccountService accounts;
  private final JsonObject seed;

  public DemoSeeds(SchoolDirectory directory, ClassRoster roster, AccountService accounts) {
    this(directory, roster, accounts, readResource());
  }

  DemoSeeds(
      SchoolDirectory directory, ClassRoster roster, AccountService accounts, JsonObject seed) {
    this.directory = directory;
    this.roster = roster;
    this.accounts = accounts;
    this.seed = seed;
  }

  /**
   * The demo seed, parsed once per JVM: each part of the demo (accounts, timetable, library,
   * coverage, evidence, studios) reads it, and a first start's main thread waited on six parses of
   * it on a cold JVM. Each caller gets its own copy to change.
   */
  static JsonObject readResource() {
    return Parsed.SEED.copy();
  }

  private static final class Parsed {
    static final JsonObject SEED = parse();
  }

  private static JsonObject parse() {
    try (InputStream in = DemoSeeds.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the load did, for the start-up log. */
  public record Outcome(int accountsCreated, int membershipsAdded) {}

  public Future<Outcome> load() {
    Map<String, School> schoolsByKey = new HashMap<>();
    Map<String, SchoolClass> classesByKey = new HashMap<>();
    return group()
        .compose(
            group ->
                Futures.inOrder(
                    seed.getJsonArray("schools").stream().map(o -> (JsonObject) o).toList(),
                    s ->
                        school(group, s)
                            .compose(
                                school -> {
                                  schoolsByKey.put(s.getString("key"), school);
                                  return classrooms(school, s.getJsonArray("classrooms"))
                                      .compose(v -> classes(school, s.getJsonArray("classes")))
                                      .map(
                                          classes -> {
                                            for (SchoolClass k : classes) {
                                              classesByKey.put(
                                                  s.getString("key") + "/" + k.name(), k);
                                            }
                                            return null;
                                          });
                                })))
        .compose(v -> leadSchool(schoolsByKey))
        .compose(v -> accounts(schoolsByKey))
        .compose(
            made ->
                members(made.byUsername(), classesByKey).map(n -> new Outcome(made.created(), n)));
  }

  /** Names the group's lead (famous) school, unless someone already named one. */
  private Future<Void> leadSchool(Map<String, School> schools) {
    School lead = schools.get(seed.getString("leadSchool"));
    if (lead == null) {
      return Future.succeededFuture();
    }
    return group()
        .compose(
            g ->
                g.leadSchoolId().isPresent()
                    ? Future.succeededFuture()
                    : directory
                        .updateGroup(
                            PLATFORM,
                            g.id(),
                            g.version(),
                            new JsonObject().put("leadSchoolId", lead.id().toString()))
                        .mapEmpty());
  }

  private Future<EducationGroup> group() {
    String name = seed.getString("group");
    return directory
        .groupByName(name)
        .compose(g -> g.map(Future::succeededFuture).orElseGet(() -> directory.createGroup(name)));
  }

  private Future<School> school(EducationGroup group, JsonObject s) {
    return directory
        .schoolByName(s.getString("name"))
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElseGet(
                        () ->
                            directory.createSchool(
                                group.id().toString(),
                                s.getString("name"),
                                s.getString("prefecture"),
                                s.getString("county"),
                                s.getString("setting"))));
  }

  private Future<Void> classrooms(School school, JsonArray wanted) {
    return directory
        .classrooms(PLATFORM, school.id())
        .compose(
            existing ->
                Futures.inOrder(
                    missing(wanted, existing.stream().map(Classroom::name).toList()),
                    r ->
                        directory.createClassroom(
                            PLATFORM,
                            school.id(),
                            r.getString("name"),
                            null,
                            r.getString("kind"),
                            r.getInteger("capacity"),
                            r.getString("reception"),
                            r.getInteger("uplinkKbps"))));
  }

  private Future<List<SchoolClass>> classes(School school, JsonArray wanted) {
    return directory
        .classes(PLATFORM, school.id())
        .compose(
            existing ->
                Futures.inOrder(
                    missing(wanted, existing.stream().map(SchoolClass::name).toList()),
                    k ->
                        directory.createClass(
                            school.id(),
                            k.getString("name"),
                            k.getInteger("grade"),
                            k.getString("language"))))
        .compose(v -> directory.classes(PLATFORM, school.id()));
  }

  /** The wanted entries whose (normalised) name is not among the existing names. */
  private static List<JsonObject> missing(JsonArray wanted, List<String> existingNames) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : wanted) {
      JsonObject entry = (JsonObject) o;
      if (!existingNames.contains(Validation.normalise(entry.getString("name")))) {
        out.add(entry);
      }
    }
    return out;
  }

  /** Every demo account by username, and how many of them this load created. */
  private record Accounts(Map<String, Account> byUsername, int created) {}

  /** Creates the missing demo accounts. */
  private Future<Accounts> accounts(Map<String, School> schools) {
    List<String> usernames = new ArrayList<>();
    for (Object o : seed.getJsonArray("accounts")) {
      usernames.add(((JsonObject) o).getString("username"));
    }
    return accounts
        .findByUsernames(usernames)
        .compose(
            existing -> {
              List<NewAccount> missing = new ArrayList<>();
              for (Object o : seed.getJsonArray("accounts")) {
                JsonObject a = (JsonObject) o;
                if (existing.containsKey(a.getString("username"))) {
                  continue;
                }
                School school = a.containsKey("school") ? schools.get(a.getString("school")) : null;
                Validation v = new Validation();
                NewAccount n =
                    NewAccount.validated(
                        v,
                        a.getString("username") + ".",
                        a.getString("username"),
                        a.getString("displayName"),
                        a.getString("role"),
                        school == null ? null : school.id().toString(),
                        a.getString("language"),
                        seed.getString("demoPassword"));
                v.orThrow();
                missing.add(n);
              }
              return accounts
                  .createDemo(missing, seed.getString("demoPasswordHash"))
                  .map(
                      created -> {
                        Map<String, Account> all = new HashMap<>(existing);
                        created.forEach(a -> all.put(a.username(), a));
                        return new Accounts(all, created.size());
                      });
            });
  }

  private Future<Integer> members(Map<String, Account> byName, Map<String, SchoolClass> classes) {
    List<ClassRoster.Membership> wanted = new ArrayList<>();
    for (Object o : seed.getJsonArray("accounts")) {
      JsonObject a = (JsonObject) o;
      Account account = byName.get(a.getString("username"));
      for (Object n : a.getJsonArray("classes", new JsonArray())) {
        SchoolClass k = classes.get(a.getString("school") + "/" + Validation.normalise((String) n));
        if (k == null) {
          return Future.failedFuture(
              new IllegalStateException(
                  "seed class " + n + " of " + a.getString("username") + " is not defined"));
        }
        wanted.add(new ClassRoster.Membership(k.id(), account.id()));
      }
    }
    return roster.ensureMembers(wanted);
  }
}
