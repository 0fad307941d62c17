package org.classbridge.directory;

import java.time.Clock;
import java.util.List;
import org.classbridge.audit.AuditLog;
import org.classbridge.auth.AccountService;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.Database;

/**
 * The school directory (education groups, schools, classrooms, classes and their members): the
 * feature's entry class. The directory itself is made first ({@link
 * SchoolDirectory#SchoolDirectory}) because accounts ask it about schools; the roster then needs
 * accounts.
 */
public final class DirectoryFeature implements Feature {
  private final SchoolDirectory directory;
  private final ClassRoster roster;

  public DirectoryFeature(
      Database db,
      SchoolDirectory directory,
      AccountService accounts,
      AuditLog audit,
      Clock clock) {
    this.directory = directory;
    this.roster = new ClassRoster(db, directory, accounts, audit, clock);
  }

  public SchoolDirectory directory() {
    return directory;
  }

  public ClassRoster roster() {
    return roster;
  }

  @Override
  public List<RouteSpec> routes() {
    return new DirectoryRoutes(directory, roster).routes();
  }
}
