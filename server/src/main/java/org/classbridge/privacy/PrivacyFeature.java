package org.classbridge.privacy;

import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import org.classbridge.audit.AuditLog;
import org.classbridge.auth.AccountAdmin;
import org.classbridge.catalogue.Playback;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.http.Access;
import org.classbridge.http.Feature;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Role;
import org.classbridge.schedule.AttendanceRegister;
import org.classbridge.sql.Database;

/**
 * {@code GET /api/v1/users/{id}/personal-data} and {@code POST /api/v1/users/{id}/erasure}: admins
 * only (a coordinator or teacher is refused at the door), and only for pupils.
 */
public final class PrivacyFeature implements Feature {
  private static final Access ADMIN = Access.roles(Role.ADMIN);

  private final PupilData pupils;

  public PrivacyFeature(
      Database db,
      AccountAdmin accounts,
      SchoolDirectory schools,
      ClassRoster roster,
      AttendanceRegister attendance,
      Playback playback,
      AuditLog audit,
      Clock clock) {
    this.pupils = new PupilData(db, accounts, schools, roster, attendance, playback, audit, clock);
  }

  @Override
  public List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/api/v1/users/{userId}/personal-data", ADMIN, this::export),
        RouteSpec.post("/api/v1/users/{userId}/erasure", ADMIN, this::erase));
  }

  private void export(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, pupils.export(Requests.principal(ctx), Requests.pathId(ctx, "userId")));
  }

  private void erase(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        pupils.erase(Requests.principal(ctx), Requests.pathId(ctx, "userId"), Requests.json(ctx)));
  }
}
