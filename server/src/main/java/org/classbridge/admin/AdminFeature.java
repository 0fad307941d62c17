package org.classbridge.admin;

import io.vertx.core.Vertx;
import java.util.List;
import org.classbridge.audit.AuditLog;
import org.classbridge.auth.AccountAdmin;
import org.classbridge.auth.AccountService;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.Database;

/** Account administration and the CSV roll import: the feature's entry class. */
public final class AdminFeature implements Feature {
  private final AccountRoutes routes;

  public AdminFeature(
      Vertx vertx,
      Database db,
      AccountService accounts,
      AccountAdmin accountAdmin,
      SchoolDirectory directory,
      ClassRoster roster,
      AuditLog audit) {
    AccountImport importer = new AccountImport(vertx, db, accounts, directory, roster);
    AccountChanges changes = new AccountChanges(db, accountAdmin, roster);
    this.routes =
        new AccountRoutes(
            accounts, accountAdmin, changes, importer, directory, new AuditRoutes(audit));
  }

  @Override
  public List<RouteSpec> routes() {
    return routes.routes();
  }
}
