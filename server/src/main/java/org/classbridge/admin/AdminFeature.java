package org.classbridge.admin;

import io.vertx.core.Vertx;
import java.util.List;
import org.classbridge.auth.AccountService;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.Database;

/** Account administration and the CSV roll import: the feature's entry class. */
public final class AdminFeature implements Feature {
  private final AccountService accounts;
  private final AccountImport importer;

  public AdminFeature(
      Vertx vertx,
      Database db,
      AccountService accounts,
      SchoolDirectory directory,
      ClassRoster roster) {
    this.accounts = accounts;
    this.importer = new AccountImport(vertx, db, accounts, directory, roster);
  }

  @Override
  public List<RouteSpec> routes() {
    return new AccountRoutes(accounts, importer).routes();
  }
}
