package org.classbridge.auth;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.classbridge.common.Validation;

/**
 * An account to be created, as given by an admin, the CSV import, the CLI or the demo seeds. The
 * {@link #validated} factory applies every rule and reports all broken ones at once.
 */
public record NewAccount(
    String username,
    String displayName,
    Role role,
    UUID schoolId,
    Language language,
    String password) {

  /** Lower-case ASCII: usernames are typed on shared classroom PCs with any input method. */
  public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

  public static final int MIN_PASSWORD = 8;
  public static final int MAX_PASSWORD = 128;

  /**
   * Validates raw input into {@code v} and returns the account, or null when a rule was broken (the
   * errors are then in {@code v}). Field names are prefixed with {@code prefix}.
   */
  public static NewAccount validated(
      Validation v,
      String prefix,
      String username,
      String displayName,
      String role,
      String schoolId,
      String language,
      String password) {
    int before = v.errors().size();
    String name = username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    if (name == null || name.isEmpty()) {
      v.error(prefix + "username", "required", "is required");
    } else if (!USERNAME.matcher(name).matches()) {
      v.error(
          prefix + "username",
          "bad-username",
          "3-64 characters: a-z, 0-9, dot, dash, underscore; starting with a letter or digit");
    }
    String display = v.text(prefix + "displayName", displayName, 100);
    Role r = v.oneOf(prefix + "role", role, Role.class);
    UUID school = null;
    if (schoolId != null && !schoolId.isBlank()) {
      school = v.uuid(prefix + "schoolId", schoolId);
    } else if (r != null && r != Role.ADMIN) {
      v.error(prefix + "schoolId", "required", "a " + r.id() + " belongs to a school");
    }
    Language lang = Language.ZH_CN;
    if (language != null && !language.isBlank()) {
      try {
        lang = Language.fromTag(language.strip());
      } catch (IllegalArgumentException e) {
        v.error(prefix + "preferredLanguage", "not-allowed", "must be one of zh-CN, bo, en");
      }
    }
    checkPassword(v, prefix + "password", password, name);
    if (v.errors().size() > before) {
      return null;
    }
    return new NewAccount(name, display, r, school, lang, password);
  }

  static void checkPassword(Validation v, String field, String password, String username) {
    if (password == null || password.isEmpty()) {
      v.error(field, "required", "is required");
    } else if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      v.error(
          field,
          "bad-password",
          "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
    } else if (password.equalsIgnoreCase(username)) {
      v.error(field, "bad-password", "must not be the username");
    }
  }

  @Override
  public String toString() {
    return "NewAccount[" + username + ", " + role + "]"; // never the password
  }
}
