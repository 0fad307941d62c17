package org.classbridge.directory;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/** The SQL of class membership: the only code that touches {@code class_member}. */
final class RosterStore {
  private static final String INSERT =
      "insert into class_member (class_id, user_id, created_at) values (?, ?, ?)"
          + " on conflict do nothing";

  /**
   * Adds the memberships that are missing; returns how many were added. One statement per row, sent
   * as a batch, and each row is race-free: two requests adding the same member at once cannot both
   * insert (H2 in PostgreSQL mode knows ON CONFLICT).
   */
  int addMembers(Tx c, List<ClassRoster.Membership> memberships, Instant now) throws SQLException {
    if (memberships.size() == 1) {
      ClassRoster.Membership m = memberships.get(0);
      return c.update(INSERT, m.classId(), m.userId(), now);
    }
    int added = 0;
    for (int n :
        c.batch(
            INSERT,
            memberships.stream().map(m -> new Object[] {m.classId(), m.userId(), now}).toList())) {
      // a driver may answer SUCCESS_NO_INFO (-2) for a batch row; count only what it confirms
      added += Math.max(0, n);
    }
    return added;
  }

  int leaveClassesOutside(Tx c, UUID userId, UUID schoolId) throws SQLException {
    if (schoolId == null) {
      return c.update("delete from class_member where user_id = ?", userId);
    }
    return c.update(
        "delete from class_member where user_id = ? and class_id in"
            + " (select id from school_class where school_id <> ?)",
        userId,
        schoolId);
  }

  int remove(Tx c, UUID classId, UUID userId) throws SQLException {
    return c.update("delete from class_member where class_id = ? and user_id = ?", classId, userId);
  }

  /** Member ids of every class {@code userId} is a member of, by class. */
  Map<UUID, List<UUID>> membersOfClassesOf(Tx c, UUID userId) throws SQLException {
    Map<UUID, List<UUID>> out = new LinkedHashMap<>();
    for (UUID[] pair :
        c.list(
            "select m.class_id, m.user_id from class_member m"
                + " join class_member mine on mine.class_id = m.class_id"
                + " where mine.user_id = ? order by m.created_at, m.user_id",
            rs -> new UUID[] {Sql.uuid(rs, "class_id"), Sql.uuid(rs, "user_id")},
            userId)) {
      out.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
    }
    return out;
  }

  List<UUID> memberIds(Tx c, UUID classId) throws SQLException {
    return c.list(
        "select user_id from class_member where class_id = ? order by created_at, user_id",
        rs -> Sql.uuid(rs, "user_id"),
        classId);
  }
}
