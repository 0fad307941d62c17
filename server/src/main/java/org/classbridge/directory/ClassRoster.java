package org.classbridge.directory;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.audit.AuditLog;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountService;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Who learns and teaches in each class. A member is a student or teacher of the class's own school;
 * adding one twice changes nothing, so imports and seeds can be re-run.
 */
public final class ClassRoster {
  private final Database db;
  private final AuditLog audit;
  private final RosterStore store = new RosterStore();
  private final SchoolDirectory directory;
  private final AccountService accounts;
  private final Clock clock;

  public ClassRoster(
      Database db,
      SchoolDirectory directory,
      AccountService accounts,
      AuditLog audit,
      Clock clock) {
    this.db = db;
    this.audit = audit;
    this.directory = directory;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** A class and an account to put in it. */
  public record Membership(UUID classId, UUID userId) {}

  /**
   * @return true when the account was added, false when it was already a member
   */
  public Future<Boolean> addMember(UUID classId, UUID userId) {
    return ensureMembers(List.of(new Membership(classId, userId))).map(n -> n == 1);
  }

  /** The class, if {@code viewer} may change its members (an admin, its group's coordinator). */
  private Future<SchoolDirectory.ClassInGroup> managed(Principal viewer, UUID classId) {
    return directory
        .classInGroup(classId)
        .map(
            found -> {
              boolean may =
                  found.isPresent()
                      && (viewer.role() == Role.ADMIN
                          || (viewer.role() == Role.COORDINATOR
                              && viewer.canSeeGroup(found.get().groupId())));
              if (!may) {
                throw Problem.notFound("class-not-found", "no class " + classId);
              }
              return found.get();
            });
  }

  /** As {@link #addMember(UUID, UUID)}, for a caller whose reach is checked first. */
  public Future<Boolean> addMember(Principal viewer, UUID classId, UUID userId) {
    return managed(viewer, classId).compose(k -> addMember(classId, userId));
  }

  /**
   * Takes an account out of a class (a pupil moved to another class); false when it was not a
   * member.
   */
  public Future<Boolean> removeMember(Principal viewer, UUID classId, UUID userId) {
    return managed(viewer, classId)
        .compose(
            k ->
                db.transaction(
                    tx -> {
                      boolean removed = store.remove(tx, classId, userId) == 1;
                      if (removed) {
                        audit.record(
                            tx,
                            viewer,
                            "class.member-removed",
                            "class",
                            classId,
                            k.groupId(),
                            new JsonObject().put("userId", userId.toString()));
                      }
                      return removed;
                    }));
  }

  /** Adds the missing memberships in one transaction; returns how many were added. */
  public Future<Integer> ensureMembers(List<Membership> memberships) {
    if (memberships.isEmpty()) {
      return Future.succeededFuture(0);
    }
    // one query for the classes and one for the accounts, however many rows an import has
    List<UUID> classIds = memberships.stream().map(Membership::classId).distinct().toList();
    List<UUID> userIds = memberships.stream().map(Membership::userId).distinct().toList();
    Future<Map<UUID, SchoolClass>> classes = directory.classesById(classIds);
    Future<List<Account>> found = accounts.findAll(userIds);
    return Future.all(classes, found)
        .compose(
            both -> {
              Map<UUID, Account> byId = new HashMap<>();
              found.result().forEach(a -> byId.put(a.id(), a));
              for (Membership m : memberships) {
                SchoolClass k = classes.result().get(m.classId());
                if (k == null) {
                  throw Problem.notFound("class-not-found", "no class " + m.classId());
                }
                check(k, byId.get(m.userId()), m.userId());
              }
              return db.transaction(tx -> addMembers(tx, memberships));
            });
  }

  /**
   * Adds memberships inside a use case's transaction (the CSV import creates accounts and their
   * memberships together); returns how many were added. The caller has checked each one: a student
   * or teacher of the class's school.
   */
  public int addMembers(Tx tx, List<Membership> memberships) throws SQLException {
    if (memberships.isEmpty()) {
      return 0;
    }
    return store.addMembers(tx, memberships, Tx.now(clock));
  }

  /**
   * Inside a use case's transaction: takes the account out of every class that is not of {@code
   * schoolId} (all of them when null), as when a pupil moves school.
   *
   * @return how many memberships ended
   */
  public int leaveClassesOutside(Tx tx, UUID userId, UUID schoolId) throws SQLException {
    return store.leaveClassesOutside(tx, userId, schoolId);
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
   * The members of the classes a teacher teaches, by class: one query for the memberships and one
   * for the accounts, however many classes (a dashboard's single round trip).
   */
  public Future<Map<UUID, List<Account>>> membersOfOwnClasses(Principal teacher) {
    return db.read(tx -> store.membersOfClassesOf(tx, teacher.userId()))
        .compose(
            byClass -> {
              List<UUID> everyone =
                  byClass.values().stream().flatMap(List::stream).distinct().toList();
              return accounts
                  .findAll(everyone)
                  .map(
                      found -> {
                        Map<UUID, Account> byId = new HashMap<>();
                        found.forEach(a -> byId.put(a.id(), a));
                        Map<UUID, List<Account>> out = new HashMap<>();
                        byClass.forEach(
                            (k, ids) ->
                                out.put(
                                    k,
                                    ids.stream().map(byId::get).filter(a -> a != null).toList()));
                        return out;
                      });
            });
  }

  /**
   * Members of a class: for admins, the group's coordinator, and the teachers who teach it (are its
   * members). Anyone else is told the class does not exist.
   */
  public Future<List<Account>> members(Principal viewer, UUID classId) {
    Problem notFound = Problem.notFound("class-not-found", "no class " + classId);
    return directory
        .classInGroup(classId)
        .compose(
            found -> {
              SchoolDirectory.ClassInGroup k = found.orElseThrow(() -> notFound);
              boolean visible =
                  switch (viewer.role()) {
                    case ADMIN -> true;
                    case COORDINATOR -> viewer.canSeeGroup(k.groupId());
                    case TEACHER ->
                        viewer.schoolId().equals(Optional.of(k.schoolClass().schoolId()));
                    case STUDENT -> false;
                  };
              if (!visible) {
                throw notFound;
              }
              return db.read(tx -> store.memberIds(tx, classId));
            })
        .compose(
            ids -> {
              if (viewer.role() == Role.TEACHER && !ids.contains(viewer.userId())) {
                throw notFound; // a class of their school they do not teach
              }
              return accounts.findAll(ids);
            });
  }
}
