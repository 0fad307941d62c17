package org.classbridge.admin;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.classbridge.auth.NewAccount;
import org.classbridge.auth.OneTimePasswords;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.identity.Role;

/**
 * The rules of a roll import, without I/O: which columns a file may have, and what makes a row
 * acceptable given the schools and classes it names (resolved by the caller). Pure functions of
 * their input, so every rule is testable without a server; {@link AccountImport} does the database
 * work around them.
 *
 * <p>Columns (English or Chinese headers): {@code username/用户名}, {@code display_name/姓名}, {@code
 * role/角色}, {@code school/学校}, optional {@code class/班级}, {@code password/密码}, {@code language/语言}.
 * Columns for personal data we never keep (phone, ID numbers) refuse the whole file.
 */
final class ImportRows {
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

  private ImportRows() {}

  /** A file's columns: canonical name to position. */
  record Columns(Map<String, Integer> positions) {
    String field(CsvTable.Row row, String name) {
      Integer i = positions.get(name);
      return i == null || i >= row.fields().size() ? null : row.fields().get(i);
    }

    boolean has(String name) {
      return positions.containsKey(name);
    }

    int count() {
      return positions.size();
    }
  }

  /** The school and class a row names, once looked up: ids by school name and by class key. */
  record Directory(Map<String, UUID> schoolsByName, Map<ClassKey, UUID> classes) {}

  /** A class named within a school. */
  record ClassKey(UUID schoolId, String className) {}

  /**
   * One checked row: the account to create (null when a rule was broken), the class to join, the
   * generated password (null when the file gave one), and every broken rule.
   */
  record Checked(
      int line,
      String username,
      NewAccount account,
      UUID classId,
      String className,
      String generatedPassword,
      List<Problem.FieldError> errors) {
    boolean ok() {
      return errors.isEmpty();
    }
  }

  /** Maps the header to canonical column names, refusing personal-data and unknown columns. */
  static Columns columns(List<String> header) {
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
    return new Columns(columns);
  }

  /** The school names the rows mention (normalised), to look up in one query. */
  static Set<String> schoolNames(List<CsvTable.Row> rows, Columns columns) {
    Set<String> names = new HashSet<>();
    for (CsvTable.Row row : rows) {
      String school = Validation.normalise(columns.field(row, "school"));
      if (school != null && !school.isEmpty()) {
        names.add(school);
      }
    }
    return names;
  }

  /** The classes the rows mention, within the schools that exist. */
  static Set<ClassKey> classKeys(
      List<CsvTable.Row> rows, Columns columns, Map<String, UUID> schoolsByName) {
    Set<ClassKey> keys = new HashSet<>();
    if (!columns.has("class")) {
      return keys;
    }
    for (CsvTable.Row row : rows) {
      String schoolName = Validation.normalise(columns.field(row, "school"));
      String className = Validation.normalise(columns.field(row, "class"));
      UUID school = schoolName == null ? null : schoolsByName.get(schoolName);
      if (school != null && className != null && !className.isEmpty()) {
        keys.add(new ClassKey(school, className));
      }
    }
    return keys;
  }

  /** Checks every row; a username seen on an earlier line is an error on the later one. */
  static List<Checked> check(
      List<CsvTable.Row> rows, Columns columns, Directory directory, SecureRandom random) {
    List<Checked> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (CsvTable.Row row : rows) {
      out.add(checkRow(row, columns, directory, seen, random));
    }
    return out;
  }

  private static Checked checkRow(
      CsvTable.Row row,
      Columns columns,
      Directory directory,
      Set<String> seen,
      SecureRandom random) {
    Validation v = new Validation();
    if (row.fields().size() > columns.count()) {
      v.error("row", "too-many-fields", "has more fields than the header");
    }
    String username = columns.field(row, "username");
    Role role = role(v, Validation.normalise(columns.field(row, "role")));
    String schoolName = Validation.normalise(columns.field(row, "school"));
    UUID school = null;
    if (schoolName == null || schoolName.isEmpty()) {
      v.error("school", "required", "is required");
    } else {
      school = directory.schoolsByName().get(schoolName);
      if (school == null) {
        v.error("school", "unknown-school", "no school is named " + schoolName);
      }
    }
    UUID classId = null;
    String className = Validation.normalise(columns.field(row, "class"));
    if (className != null && !className.isEmpty()) {
      if (role != Role.STUDENT && role != Role.TEACHER) {
        v.error("class", "class-not-for-role", "only students and teachers are members of a class");
      } else if (school != null) {
        classId = directory.classes().get(new ClassKey(school, className));
        if (classId == null) {
          v.error("class", "unknown-class", schoolName + " has no class named " + className);
        }
      }
    }
    String password = columns.field(row, "password");
    String generated = null;
    if (password == null || password.isEmpty()) {
      generated = OneTimePasswords.generate(random);
      password = generated;
    }
    NewAccount account =
        NewAccount.withResolved(
            v,
            username,
            columns.field(row, "display_name"),
            role,
            school,
            columns.field(row, "language"),
            password);
    if (account != null && !seen.add(account.username())) {
      v.error("username", "duplicate-in-file", "appears on an earlier line of this file");
    }
    return new Checked(
        row.line(),
        username == null ? null : username.strip().toLowerCase(Locale.ROOT),
        v.ok() ? account : null,
        classId,
        className == null || className.isEmpty() ? null : className,
        generated,
        v.errors());
  }

  private static Role role(Validation v, String raw) {
    if (raw == null || raw.isEmpty()) {
      v.error("role", "required", "is required");
      return null;
    }
    Role known = ROLE_NAMES.get(raw.toLowerCase(Locale.ROOT));
    if (known == null) {
      v.error("role", "not-importable", "must be student, teacher or coordinator (学生, 教师, 协调员)");
    }
    return known;
  }
}
