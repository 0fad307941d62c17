package org.classbridge.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountAdmin;
import org.classbridge.directory.ClassRoster;
import org.classbridge.identity.Principal;
import org.classbridge.sql.Database;

/**
 * Changing an account as one use case across two features: the account itself (auth) and, when it
 * moves to another school, its memberships of the old school's classes (the directory), in one
 * transaction, so a pupil is never left in a class of a school they no longer attend.
 */
final class AccountChanges {
  private final Database db;
  private final AccountAdmin accounts;
  private final ClassRoster roster;

  AccountChanges(Database db, AccountAdmin accounts, ClassRoster roster) {
    this.db = db;
    this.accounts = accounts;
    this.roster = roster;
  }

  Future<Account> update(Principal viewer, UUID id, int expectedVersion, JsonObject patch) {
    return accounts
        .prepare(viewer, id, expectedVersion, patch)
        .compose(
            u ->
                db.transaction(
                    tx -> {
                      Account saved = accounts.apply(tx, u);
                      if (u.schoolChanged()) {
                        roster.leaveClassesOutside(tx, id, saved.schoolId().orElse(null));
                      }
                      return saved;
                    }));
  }
}
