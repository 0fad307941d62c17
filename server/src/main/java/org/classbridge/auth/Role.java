package org.classbridge.auth;

import java.util.Locale;

/**
 * What a person does in Classbridge; every route and EventBus address names the roles it admits.
 */
public enum Role {
  /** Streams lessons and joins classes; pseudonymous, possibly under 14. */
  STUDENT,
  /** Teaches live (main classroom) or supervises a receiving classroom. */
  TEACHER,
  /** Schedules the synchronous classes of one education group. */
  COORDINATOR,
  /** Runs the platform: groups, schools, classrooms, accounts. */
  ADMIN;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromId(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
