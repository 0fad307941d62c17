package org.classbridge.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountOrigin;
import org.classbridge.auth.AccountService;
import org.classbridge.auth.NewAccount;
import org.classbridge.auth.Role;
import org.classbridge.common.Futures;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.schedule.ClassRoster;
import org.classbridge.schedule.School;
import org.classbridge.schedule.SchoolClass;
import org.classbridge.schedule.SchoolDirectory;

/**
 * Bulk creation of accounts from a CSV file, as a school's office keeps its rolls in a spreadsheet.
 * Every row is checked and reported on its own; the rows that pass are created in one transaction.
 * Sending the same file again creates nothing twice: a username that already exists with the same
 * role and school is reported {@code unchanged}.
 *
 * <p>Columns (English or Chinese headers): {@code username/用户名}, {@code display_name/姓名}, {@code
 * role/角色}, {@code school/学校}, optional {@code class/班级}, {@code password/密码}, {@code language/语言}.
 * Rows without a password get a generated one, shown once in the report. Columns for personal data
 * we never keep (phone, ID numbers) refuse the whole file.
 */
public final class AccountImport {
  /**
   * Rows per file. Every created account costs one PBKDF2 hash (about 0.13 s of a core at the
   * default strength), so 2,000 rows take about two minutes on a two-core server; larger rolls are
   * split into several files.
   */
  public static final int MAX_ROWS = 2_000;

  private static final Map<String, String> HEADER_ALIASES =
      Map.ofEntries(
          Map.entry("username", "username"),
          Map.entry("用户名", "username"),
          Map.entry("display_name", "display_name"),
          Map.entry("displayname", "display_name"),
          Map.entry("name", "display_name"),
          Map.entry("姓名", "display_name"),
          Map.entry("role", "role"),
          Map.entry("角色", "role"),
          Map.entry("school", "school"),
          Map.entry("学校", "school"),
          Map.entry("class", "class"),
          Map.entry("班级", "class"),
          Map.entry("password", "password"),
          Map.entry("密码", "password"),
          Map.entry("language", "language"),
          Map.entry("语言", "language"));

  private static final List<String> REQUIRED =
      List.of("username", "display_name", "role", "school");

  /** Columns of personal data Classbridge never stores (PIPL; students are minors). */
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "(?i).*(phone|mobile|tel|id_?number|id_?card|identity|passport|address|birth"
              + "|身份证|手机|电话|证件|住址|地址|出生).*");

  private static final Map<String, Role> ROLE_NAMES =
      Map.of(
          "student", Role.STUDENT,
          "学生", Role.STUDENT,
          "teacher", Role.TEACHER,
          "教师", Role.TEACHER,
          "老师", Role.TEACHER,
          "coordinator", Role.COORDINATOR,
          "协调员", Role.COORDINATOR);

  /** Unambiguous characters only: initial passwords are read off paper in a classroom. */
  private static final String PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

  private final Vertx vertx;
  private final AccountService accounts;
  private final SchoolDirectory directory;
  private final ClassRoster roster;
  private final SecureRandom random = new SecureRandom();

  public AccountImport(
      Vertx vertx, AccountService accounts, SchoolDirectory directory, ClassRoster roster) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.directory = directory;
    this.roster = roster;
  }

  /** What happened to one row. */
  enum Outcome {
    CREATED,
    WOULD_CREATE,
    UNCHANGED,
    ERROR
  }

  private static final class RowResult {
    final int line;
    String username;
    Outcome outcome;
    final Validation errors = new Validation();
    NewAccount account;
    String generatedPassword;
    UUID schoolId;
    UUID classId;
    UUID existingId;

    RowResult(int line) {
      this.line = line;
    }

    JsonObject toJson() {
      JsonObject o =
          new JsonObject()
              .put("line", line)
              .put("username", username)
              .put("status", outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      if (!errors.ok()) {
        JsonArray a = new JsonArray();
        errors
            .errors()
            .forEach(
                e ->
                    a.add(
                        new JsonObject()
                            .put("field", e.field())
                            .put("code", e.code())
                            .put("message", e.message())));
        o.put("errors", a);
      }
      if (generatedPassword != null && outcome == Outcome.CREATED) {
        o.put("initialPassword", generatedPassword);
      }
      return o;
    }
  }

  /** Checks every row and, unless {@code dryRun}, creates the accounts that passed. */
  public Future<JsonObject> run(byte[] csv, boolean dryRun) {
    // parsing and checking up to 20,000 rows is CPU work: it runs on a worker, not the event loop
    return vertx
        .executeBlocking(() -> parse(csv), false)
        .compose(parsed -> check(parsed.table(), parsed.columns(), dryRun));
  }

  private record Parsed(CsvTable table, Map<String, Integer> columns) {}

  private Parsed parse(byte[] csv) {
    CsvTable table = CsvTable.parse(csv);
    Map<String, Integer> columns = columns(table.header());
    if (table.rows().size() > MAX_ROWS) {
      throw Problem.invalid(
          "csv-too-many-rows", "at most " + MAX_ROWS + " rows per file; split the file");
    }
    return new Parsed(table, columns);
  }

  private Future<JsonObject> check(CsvTable table, Map<String, Integer> columns, boolean dryRun) {
    List<RowResult> results = new ArrayList<>();
    Set<String> schoolNames = new HashSet<>();
    for (CsvTable.Row row : table.rows()) {
      String school = Validation.normalise(field(row, columns, "school"));
      if (school != null && !school.isEmpty()) {
        schoolNames.add(school);
      }
    }
    return resolveSchools(schoolNames)
        .compose(
            schools ->
                resolveClasses(table, columns, schools).map(classes -> Map.entry(schools, classes)))
        .compose(
            resolved ->
                vertx.executeBlocking(
                    () -> {
                      Set<String> seen = new HashSet<>();
                      for (CsvTable.Row row : table.rows()) {
                        results.add(
                            checkRow(row, columns, resolved.getKey(), resolved.getValue(), seen));
                      }
                      return results.stream()
                          .filter(r -> r.account != null)
                          .map(r -> r.account.username())
                          .toList();
                    },
                    false))
        .compose(accounts::findByUsernames)
        .compose(existing -> apply(results, existing, dryRun))
        .map(v -> report(results, dryRun));
  }

  private Map<String, Integer> columns(List<String> header) {
    Map<String, Integer> columns = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String raw = header.get(i);
      String key = raw.toLowerCase(Locale.ROOT).replace(' ', '_');
      if (FORBIDDEN.matcher(key).matches()) {
        throw Problem.invalid(
            "csv-forbidden-column",
            "column \""
                + raw
                + "\" holds personal data Classbridge never stores (phone, ID numbers,"
                + " addresses, birth dates); remove it and send the file again");
      }
      String canonical = HEADER_ALIASES.get(key);
      if (canonical == null) {
        throw Problem.invalid(
            "csv-unknown-column",
            "unknown column \""
                + raw
                + "\"; columns are "
                + String.join(", ", HEADER_ALIASES.values().stream().distinct().sorted().toList()));
      }
      if (columns.put(canonical, i) != null) {
        throw Problem.invalid("csv-duplicate-column", "column " + canonical + " appears twice");
      }
    }
    for (String required : REQUIRED) {
      if (!columns.containsKey(required)) {
        throw Problem.invalid("csv-missing-column", "the header needs a column " + required);
      }
    }
    return columns;
  }

  private static String field(CsvTable.Row row, Map<String, Integer> columns, String name) {
    Integer i = columns.get(name);
    return i == null || i >= row.fields().size() ? null : row.fields().get(i);
  }

  private Future<Map<String, School>> resolveSchools(Set<String> names) {
    Map<String, School> out = new HashMap<>();
    return Futures.inOrder(
            names,
            name -> directory.schoolByName(name).map(s -> s.map(school -> out.put(name, school))))
        .map(v -> out);
  }

  private Future<Map<String, SchoolClass>> resolveClasses(
      CsvTable table, Map<String, Integer> columns, Map<String, School> schools) {
    Map<String, SchoolClass> out = new HashMap<>();
    if (!columns.containsKey("class")) {
      return Future.succeededFuture(out);
    }
    Map<String, Map.Entry<UUID, String>> wanted = new LinkedHashMap<>();
    for (CsvTable.Row row : table.rows()) {
      String schoolName = Validation.normalise(field(row, columns, "school"));
      String className = Validation.normalise(field(row, columns, "class"));
      School school = schoolName == null ? null : schools.get(schoolName);
      if (school != null && className != null && !className.isEmpty()) {
        wanted.put(classKey(school.id(), className), Map.entry(school.id(), className));
      }
    }
    return Futures.inOrder(
            wanted.entrySet(),
            w ->
                directory
                    .classByName(w.getValue().getKey(), w.getValue().getValue())
                    .map(k -> k.map(found -> out.put(w.getKey(), found))))
        .map(v -> out);
  }

  private static String classKey(UUID school, String className) {
    return school + "/" + className;
  }

  private RowResult checkRow(
      CsvTable.Row row,
      Map<String, Integer> columns,
      Map<String, School> schools,
      Map<String, SchoolClass> classes,
      Set<String> seen) {
    RowResult r = new RowResult(row.line());
    Validation v = r.errors;
    if (row.fields().size() > columns.size()) {
      v.error("row", "too-many-fields", "has more fields than the header");
    }
    String username = field(row, columns, "username");
    r.username = username == null ? null : username.strip().toLowerCase(Locale.ROOT);

    String roleRaw = Validation.normalise(field(row, columns, "role"));
    String role = null;
    if (roleRaw != null && !roleRaw.isEmpty()) {
      Role known = ROLE_NAMES.get(roleRaw.toLowerCase(Locale.ROOT));
      if (known == null) {
        v.error("role", "not-importable", "must be student, teacher or coordinator (学生, 教师, 协调员)");
      } else {
        role = known.id();
      }
    } else {
      v.error("role", "required", "is required");
    }

    String schoolName = Validation.normalise(field(row, columns, "school"));
    School school = schoolName == null ? null : schools.get(schoolName);
    if (schoolName == null || schoolName.isEmpty()) {
      v.error("school", "required", "is required");
    } else if (school == null) {
      v.error("school", "unknown-school", "no school is named " + schoolName);
    } else {
      r.schoolId = school.id();
    }

    String className = Validation.normalise(field(row, columns, "class"));
    if (className != null
        && !className.isEmpty()
        && !"student".equals(role)
        && !"teacher".equals(role)) {
      v.error("class", "class-not-for-role", "only students and teachers are members of a class");
    } else if (className != null && !className.isEmpty() && school != null) {
      SchoolClass k = classes.get(classKey(school.id(), className));
      if (k == null) {
        v.error("class", "unknown-class", schoolName + " has no class named " + className);
      } else {
        r.classId = k.id();
      }
    }

    String password = field(row, columns, "password");
    if (password == null || password.isEmpty()) {
      password = generatePassword();
      r.generatedPassword = password;
    }
    // role and school errors are already recorded; validate the rest with placeholders for them
    Validation accountRules = new Validation();
    NewAccount account =
        NewAccount.validated(
            accountRules,
            "",
            username,
            field(row, columns, "display_name"),
            role == null ? "student" : role,
            r.schoolId == null ? UUID.randomUUID().toString() : r.schoolId.toString(),
            field(row, columns, "language"),
            password);
    accountRules.errors().forEach(e -> v.error(e.field(), e.code(), e.message()));
    if (account != null && !seen.add(account.username())) {
      v.error("username", "duplicate-in-file", "appears on an earlier line of this file");
    }
    if (v.ok()) {
      r.account = account;
    } else {
      r.outcome = Outcome.ERROR;
    }
    return r;
  }

  private Future<Void> apply(
      List<RowResult> results, Map<String, Account> existing, boolean dryRun) {
    List<NewAccount> toCreate = new ArrayList<>();
    List<RowResult> creating = new ArrayList<>();
    for (RowResult r : results) {
      if (r.account == null) {
        continue;
      }
      Account found = existing.get(r.account.username());
      if (found == null) {
        r.outcome = dryRun ? Outcome.WOULD_CREATE : Outcome.CREATED;
        toCreate.add(r.account);
        creating.add(r);
      } else if (found.role() == r.account.role()
          && found.schoolId().equals(Optional.ofNullable(r.account.schoolId()))) {
        r.outcome = Outcome.UNCHANGED;
        r.existingId = found.id();
      } else {
        r.outcome = Outcome.ERROR;
        r.account = null;
        r.errors.error(
            "username",
            "username-taken",
            "an account with this username exists at another school or role");
      }
    }
    if (dryRun) {
      return Future.succeededFuture();
    }
    // accounts and their class memberships commit together or not at all: a report with
    // one-time initial passwords is only ever sent for accounts that really exist
    return accounts
        .createAll(
            toCreate,
            AccountOrigin.IMPORT,
            (c, created) -> {
              List<ClassRoster.Membership> memberships = new ArrayList<>();
              for (int i = 0; i < created.size(); i++) {
                RowResult r = creating.get(i);
                if (r.classId != null) {
                  memberships.add(new ClassRoster.Membership(r.classId, created.get(i).id()));
                }
              }
              for (RowResult r : results) {
                if (r.outcome == Outcome.UNCHANGED && r.classId != null) {
                  memberships.add(new ClassRoster.Membership(r.classId, r.existingId));
                }
              }
              // checked row by row already: students and teachers of the class's own school
              roster.addInTransaction(c, memberships);
            })
        .mapEmpty();
  }

  private static JsonObject report(List<RowResult> results, boolean dryRun) {
    JsonArray rows = new JsonArray();
    Map<Outcome, Integer> counts = new java.util.EnumMap<>(Outcome.class);
    for (RowResult r : results) {
      rows.add(r.toJson());
      counts.merge(r.outcome, 1, Integer::sum);
    }
    return new JsonObject()
        .put("dryRun", dryRun)
        .put("rows", results.size())
        .put("created", counts.getOrDefault(dryRun ? Outcome.WOULD_CREATE : Outcome.CREATED, 0))
        .put("unchanged", counts.getOrDefault(Outcome.UNCHANGED, 0))
        .put("failed", counts.getOrDefault(Outcome.ERROR, 0))
        .put("results", rows);
  }

  private String generatePassword() {
    StringBuilder sb = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return sb.toString();
  }
}
