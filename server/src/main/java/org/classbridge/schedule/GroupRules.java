package org.classbridge.schedule;

import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;

/**
 * Who may touch a group's timetable. Admins: every group. A coordinator: their own group. Others
 * read their own group. Anything outside a caller's group answers "not found", so the existence of
 * another group's terms and sessions is not revealed to someone guessing ids.
 */
final class GroupRules {
  private GroupRules() {}

  static boolean canManage(Principal p, UUID groupId) {
    return p.role() == Role.ADMIN
        || (p.role() == Role.COORDINATOR && p.groupId().map(groupId::equals).orElse(false));
  }

  static boolean canRead(Principal p, UUID groupId) {
    return p.canSeeGroup(groupId);
  }

  /** Staff of the group (not students) may read its whole timetable. */
  static boolean canReadTimetable(Principal p, UUID groupId) {
    return p.role() != Role.STUDENT && p.canSeeGroup(groupId);
  }

  static void requireManage(Principal p, UUID groupId, String what, UUID id) {
    if (!p.canSeeGroup(groupId)) {
      throw Problem.notFound(what + "-not-found", "no " + what + " " + id);
    }
    if (!canManage(p, groupId)) {
      throw Problem.forbidden(
          "forbidden", "only the group's coordinator or an admin may change its timetable");
    }
  }
}
