package org.classbridge.identity;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The authenticated caller of a request, as carried by its token: enough to authorise without a
 * database round trip. {@code schoolId} and {@code groupId} are absent only for platform admins.
 */
public record Principal(
    UUID userId, String username, Role role, Optional<UUID> schoolId, Optional<UUID> groupId) {

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

  /** Platform admins see every group; everyone else only their own. */
  public boolean canSeeGroup(UUID group) {
    return role == Role.ADMIN || groupId.map(group::equals).orElse(false);
  }
}
