package org.classbridge.identity;

import java.util.Locale;

/** What a person does in Classbridge; every route names the roles it admits ({@code Access}). */
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
    // the common.Wire convention, written out: identity depends on nothing
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromId(String id) {
    return valueOf(id.strip().toUpperCase(Locale.ROOT));
  }
}
