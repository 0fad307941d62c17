package org.classbridge.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Language;
import org.classbridge.identity.Role;

/**
 * A person's account. Deliberately minimal (SECURITY.md, minors' data): a username, a display name,
 * a role, a school; never phone or ID numbers.
 *
 * @param active false once deactivated: cannot log in, and no token of it works any more
 * @param mustChangePassword set by a password reset: the one-time password only opens the password
 *     form
 * @param version bumped by every change; the ETag of the account's resource
 */
public record Account(
    UUID id,
    String username,
    String displayName,
    Role role,
    Optional<UUID> schoolId,
    Language language,
    AccountOrigin origin,
    Instant createdAt,
    boolean active,
    boolean mustChangePassword,
    int version) {

  /** A new account as created: active, its own password, version 0. */
  public Account(
      UUID id,
      String username,
      String displayName,
      Role role,
      Optional<UUID> schoolId,
      Language language,
      AccountOrigin origin,
      Instant createdAt) {
    this(id, username, displayName, role, schoolId, language, origin, createdAt, true, false, 0);
  }

  public Account {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(schoolId, "schoolId");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The public view: what the API returns about an account. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("username", username)
        .put("displayName", displayName)
        .put("role", role.id())
        .put("schoolId", schoolId.map(UUID::toString).orElse(null))
        .put("preferredLanguage", language.tag())
        .put("createdAt", createdAt.toString())
        .put("active", active)
        .put("mustChangePassword", mustChangePassword);
  }
}
