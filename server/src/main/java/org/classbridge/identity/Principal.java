package org.classbridge.identity;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The authenticated caller of a request, as carried by its token: enough to authorise without a
 * database round trip. {@code schoolId} and {@code groupId} are absent only for platform admins.
 *
 * @param passwordChangeOnly signed in with a one-time password: this caller may only set a new
 *     password, every other route refuses it
 */
public record Principal(
    UUID userId,
    String username,
    Role role,
    Optional<UUID> schoolId,
    Optional<UUID> groupId,
    boolean passwordChangeOnly) {

  /** A caller with a full session. */
  public Principal(
      UUID userId, String username, Role role, Optional<UUID> schoolId, Optional<UUID> groupId) {
    this(userId, username, role, schoolId, groupId, false);
  }

  public Principal {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(schoolId, "schoolId");
    Objects.requireNonNull(groupId, "groupId");
    if (role != Role.ADMIN && (schoolId.isEmpty() || groupId.isEmpty())) {
      throw new IllegalArgumentException(role.id() + " accounts belong to a school and its group");
    }
  }

  /** The same caller, limited (or not) to changing their password. */
  public Principal withPasswordChangeOnly(boolean only) {
    return new Principal(userId, username, role, schoolId, groupId, only);
  }

  /** Platform admins: every group is theirs to see. */
  public boolean canSeeAllGroups() {
    return role == Role.ADMIN;
  }

  /** Platform admins see every group; everyone else only their own. */
  public boolean canSeeGroup(UUID group) {
    return role == Role.ADMIN || groupId.map(group::equals).orElse(false);
  }
}
