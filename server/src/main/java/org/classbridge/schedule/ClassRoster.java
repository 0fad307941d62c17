package org.classbridge.schedule;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountService;
import org.classbridge.auth.Principal;
import org.classbridge.auth.Role;
import org.classbridge.common.Futures;
import org.classbridge.common.Problem;

/**
 * Who learns and teaches in each class. A member is a student or teacher of the class's own school;
 * adding one twice changes nothing, so imports and seeds can be re-run.
 */
public final class ClassRoster {
  private final SchoolDirectory directory;
  private final AccountService accounts;

  public ClassRoster(SchoolDirectory directory, AccountService accounts) {
    this.directory = directory;
    this.accounts = accounts;
  }

  /** A class and an account to put in it. */
  public record Membership(UUID classId, UUID userId) {}

  /**
   * @return true when the account was added, false when it was already a member
   */
  public Future<Boolean> addMember(UUID classId, UUID userId) {
    return ensureMembers(List.of(new Membership(classId, userId))).map(n -> n == 1);
  }

  /** Adds the missing memberships in one transaction; returns how many were added. */
  public Future<Integer> ensureMembers(List<Membership> memberships) {
    if (memberships.isEmpty()) {
      return Future.succeededFuture(0);
    }
    // one lookup per class and one batched lookup of accounts, however many rows an import has
    List<UUID> classIds = memberships.stream().map(Membership::classId).distinct().toList();
    List<UUID> userIds = memberships.stream().map(Membership::userId).distinct().toList();
    Map<UUID, SchoolClass> classes = new HashMap<>();
    Future<Void> loaded =
        Futures.inOrder(
            classIds,
            id ->
                directory
                    .schoolClass(id)
                    .map(
                        k ->
                            classes.put(
                                id,
                                k.orElseThrow(
                                    () -> Problem.notFound("class-not-found", "no class " + id)))));
    return loaded
        .compose(v -> accounts.findAll(userIds))
        .compose(
            found -> {
              Map<UUID, Account> byId = new HashMap<>();
              found.forEach(a -> byId.put(a.id(), a));
              for (Membership m : memberships) {
                check(classes.get(m.classId()), byId.get(m.userId()), m.userId());
              }
              return directory
                  .db()
                  .transaction(
                      c -> {
                        int added = 0;
                        for (Membership m : memberships) {
                          if (directory
                              .store()
                              .addMember(c, m.classId(), m.userId(), directory.now())) {
                            added++;
                          }
                        }
                        return added;
                      });
            });
  }

  /**
   * Adds memberships inside a caller's transaction (the CSV import creates accounts and their
   * memberships together). The caller has checked each one: a student or teacher of the class's
   * school.
   */
  public void addInTransaction(java.sql.Connection c, List<Membership> memberships)
      throws java.sql.SQLException {
    for (Membership m : memberships) {
      directory.store().addMember(c, m.classId(), m.userId(), directory.now());
    }
  }

  private static void check(SchoolClass k, Account account, UUID userId) {
    if (account == null) {
      throw Problem.invalid("unknown-account", "no account " + userId);
    }
    if (account.role() != Role.STUDENT && account.role() != Role.TEACHER) {
      throw Problem.invalid("member-wrong-role", "only students and teachers join classes");
    }
    if (!account.schoolId().equals(Optional.of(k.schoolId()))) {
      throw Problem.invalid(
          "member-wrong-school", account.username() + " is not at this class's school");
    }
  }

  /**
   * Members of a class: for admins, the group's coordinator, and teachers of the class's school.
   */
  public Future<List<Account>> members(Principal viewer, UUID classId) {
    return directory
        .schoolClass(classId)
        .compose(
            k -> {
              if (k.isEmpty()) {
                return Future.failedFuture(
                    Problem.notFound("class-not-found", "no class " + classId));
              }
              return directory
                  .anySchool(k.get().schoolId())
                  .compose(
                      school -> {
                        boolean visible =
                            switch (viewer.role()) {
                              case ADMIN -> true;
                              case COORDINATOR ->
                                  viewer.canSeeGroup(school.orElseThrow().groupId());
                              case TEACHER ->
                                  viewer.schoolId().equals(Optional.of(k.get().schoolId()));
                              case STUDENT -> false;
                            };
                        if (!visible) {
                          return Future.failedFuture(
                              Problem.notFound("class-not-found", "no class " + classId));
                        }
                        return directory
                            .db()
                            .read(c -> directory.store().memberIds(c, classId))
                            .compose(this::accountsOf);
                      });
            });
  }

  private Future<List<Account>> accountsOf(List<UUID> ids) {
    return accounts.findAll(ids);
  }
}
