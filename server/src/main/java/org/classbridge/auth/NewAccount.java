package org.classbridge.auth;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.classbridge.common.Language;
import org.classbridge.common.Validation;
import org.classbridge.identity.Role;

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
    String name = username(v, prefix, username);
    String display = v.text(prefix + "displayName", displayName, 100);
    Role r = v.oneOf(prefix + "role", role, Role.class);
    UUID school = null;
    if (schoolId != null && !schoolId.isBlank()) {
      school = v.uuid(prefix + "schoolId", schoolId);
    } else if (r != null && r != Role.ADMIN) {
      v.error(prefix + "schoolId", "required", "a " + r.id() + " belongs to a school");
    }
    Language lang = language(v, prefix, language);
    checkPassword(v, prefix + "password", password, name);
    if (v.errors().size() > before) {
      return null;
    }
    return new NewAccount(name, display, r, school, lang, password);
  }

  /**
   * The rules of the fields a caller does not resolve itself: username, display name, language and
   * password, for a role and school the caller has already checked (the CSV import resolves them
   * against the directory). Returns null when a rule was broken (recorded in {@code v}) or when
   * {@code role} or {@code schoolId} is null because the caller found them broken.
   */
  public static NewAccount withResolved(
      Validation v,
      String username,
      String displayName,
      Role role,
      UUID schoolId,
      String language,
      String password) {
    int before = v.errors().size();
    String name = username(v, "", username);
    String display = v.text("displayName", displayName, 100);
    Language lang = language(v, "", language);
    checkPassword(v, "password", password, name);
    if (v.errors().size() > before || role == null || schoolId == null) {
      return null;
    }
    return new NewAccount(name, display, role, schoolId, lang, password);
  }

  private static String username(Validation v, String prefix, String username) {
    String name = username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    if (name == null || name.isEmpty()) {
      v.error(prefix + "username", "required", "is required");
    } else if (!USERNAME.matcher(name).matches()) {
      v.error(
          prefix + "username",
          "bad-username",
          "3-64 characters: a-z, 0-9, dot, dash, underscore; starting with a letter or digit");
    }
    return name;
  }

  private static Language language(Validation v, String prefix, String language) {
    if (language == null || language.isBlank()) {
      return Language.ZH;
    }
    return Language.parse(language)
        .orElseGet(
            () -> {
              v.error(prefix + "preferredLanguage", "not-allowed", "must be one of zh-CN, bo, en");
              return Language.ZH;
            });
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
