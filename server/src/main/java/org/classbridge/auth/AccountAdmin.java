package org.classbridge.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.audit.AuditLog;
import org.classbridge.common.Language;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Looking after accounts through a school year: correcting and moving them, deactivating and
 * reactivating, passwords changed by their owner or reset by someone entitled, "log out
 * everywhere". Who may do what:
 *
 * <ul>
 *   <li>admins: every account;
 *   <li>coordinators: students and teachers of their own group's schools (never coordinators or
 *       admins, and nobody into those roles, and nobody out of the group);
 *   <li>teachers: password resets for the students of the classes they teach;
 *   <li>everyone: their own password, and logging themselves out everywhere.
 * </ul>
 *
 * An account outside a caller's reach is "not found", whether it exists or not, so ids guessed
 * across groups reveal nothing. Every change is audited in its own transaction and bumps the
 * account's version (the ETag); password changes, resets and deactivation also end its tokens.
 */
public final class AccountAdmin {
  private final Database db;
  private final AccountStore store;
  private final AccountStates states;
  private final PasswordHasher hasher;
  private final WorkerExecutor kdf;
  private final SchoolLookup schools;
  private final AuditLog audit;
  private final TokenService tokens;
  private final AccountService accounts;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  AccountAdmin(
      Database db,
      AccountStore store,
      AccountStates states,
      PasswordHasher hasher,
      WorkerExecutor kdf,
      SchoolLookup schools,
      AuditLog audit,
      TokenService tokens,
      AccountService accounts,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.states = states;
    this.hasher = hasher;
    this.kdf = kdf;
    this.schools = schools;
    this.audit = audit;
    this.tokens = tokens;
    this.accounts = accounts;
    this.clock = clock;
  }

  // --- reach

  private static Problem notFound(UUID id) {
    return Problem.notFound("user-not-found", "no account " + id);
  }

  /** The group of an account's school (empty for admins). */
  private Future<Optional<UUID>> groupOf(Account a) {
    if (a.schoolId().isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return schools.school(a.schoolId().get()).map(s -> s.map(SchoolLookup.SchoolRef::groupId));
  }

  /** Whether {@code viewer} may manage (read and change) {@code target}. */
  private Future<Boolean> manages(Principal viewer, Account target) {
    return switch (viewer.role()) {
      case ADMIN -> Future.succeededFuture(true);
      case COORDINATOR ->
          target.role() != Role.STUDENT && target.role() != Role.TEACHER
              ? Future.succeededFuture(false)
              : groupOf(target).map(g -> g.isPresent() && viewer.canSeeGroup(g.get()));
      default -> Future.succeededFuture(false);
    };
  }

  /** A teacher reaches the students of the classes they are a member of. */
  private Future<Boolean> teaches(Principal teacher, Account student) {
    if (teacher.role() != Role.TEACHER || student.role() != Role.STUDENT) {
      return Future.succeededFuture(false);
    }
    Future<List<SchoolLookup.ClassRef>> mine = schools.classesOf(teacher.userId());
    Future<List<SchoolLookup.ClassRef>> theirs = schools.classesOf(student.id());
    return Future.all(mine, theirs)
        .map(
            both -> {
              Set<UUID> taught = new HashSet<>();
              mine.result().forEach(k -> taught.add(k.id()));
              return theirs.result().stream().anyMatch(k -> taught.contains(k.id()));
            });
  }

  private Future<Account> reachable(Principal viewer, UUID id, boolean orTeaches) {
    return accounts
        .find(id)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(notFound(id));
              }
              Account a = found.get();
              return manages(viewer, a)
                  .compose(m -> m || !orTeaches ? Future.succeededFuture(m) : teaches(viewer, a))
                  .compose(
                      ok -> ok ? Future.succeededFuture(a) : Future.failedFuture(notFound(id)));
            });
  }

  /**
   * Refuses an account {@code viewer} may not create: a coordinator creates students and teachers
   * of their own group's schools only.
   */
  public Future<Void> checkCreate(Principal viewer, NewAccount a) {
    if (viewer.canSeeAllGroups()) {
      return Future.succeededFuture();
    }
    if (viewer.role() != Role.COORDINATOR) {
      return Future.failedFuture(Problem.forbidden("forbidden", "not allowed for this account"));
    }
    if (a.role() != Role.STUDENT && a.role() != Role.TEACHER) {
      return Future.failedFuture(
          Problem.forbidden(
              "role-not-allowed", "a coordinator creates students and teachers only"));
    }
    return schools
        .school(a.schoolId())
        .map(
            s -> {
              if (s.isEmpty() || !viewer.canSeeGroup(s.get().groupId())) {
                throw Problem.invalid("unknown-school", "no school has the id " + a.schoolId());
              }
              return null;
            });
  }

  /** One account, for someone who may manage it. */
  public Future<Account> get(Principal viewer, UUID id) {
    return reachable(viewer, id, false);
  }

  // --- a pupil who left (PIPL): export and erasure, composed by the admin use case

  /** A pupil's account, for an admin (404 for anyone else, 409 for an account that is no pupil). */
  public Future<Account> pupil(Principal viewer, UUID id) {
    if (viewer.role() != Role.ADMIN) {
      return Future.failedFuture(Problem.forbidden("forbidden", "admins only"));
    }
    return reachable(viewer, id, false)
        .map(
            a -> {
              if (a.role() != Role.STUDENT) {
                throw Problem.conflict(
                    "not-a-pupil", "only a pupil's data is exported and erased here");
              }
              return a;
            });
  }

  /**
   * Inside the erasure's transaction: a stand-in for a pupil who is being erased, that their
   * pseudonymised history (attendance marks) is moved to so the school's figures keep adding up. It
   * names nobody (a random username, a fixed display name), has no usable password, is deactivated,
   * and is in the pupil's school; nothing links it to the pupil.
   */
  public UUID standIn(Tx tx, Account pupil, Instant now) throws SQLException {
    UUID id = UUID.randomUUID();
    String tag = id.toString().replace("-", "").substring(0, 16);
    store.insert(
        tx,
        new Account(
            id,
            "erased-" + tag,
            "已删除的学生",
            Role.STUDENT,
            pupil.schoolId(),
            Language.ZH,
            pupil.origin(),
            now),
        // not a hash any password can match: the stand-in never logs in
        "!erased");
    tx.update("update app_user set active = false where id = ?", id);
    return id;
  }

  /**
   * Inside the erasure's transaction, last: removes the pupil's account and the login throttle's
   * bucket named after it; their tokens stop working with the account.
   */
  public void remove(Tx tx, Account pupil) throws SQLException {
    tx.update(
        "delete from login_bucket where bucket = ?", LoginThrottle.accountKey(pupil.username()));
    if (tx.update("delete from app_user where id = ?", pupil.id()) != 1) {
      throw Problem.conflict("changed", "the account changed meanwhile; try again");
    }
    states.forget(pupil.id());
  }

  // --- updates (JSON Merge Patch, RFC 7396)

  private static final Set<String> PATCHABLE =
      Set.of("displayName", "role", "schoolId", "preferredLanguage", "active");

  /** A checked update, ready to apply in a use case's transaction ({@link #apply}). */
  public record Update(
      Principal actor, Account before, Account after, int expectedVersion, UUID auditGroup) {
    /** The school moved: memberships of the old school's classes must go. */
    public boolean schoolChanged() {
      return !before.schoolId().equals(after.schoolId());
    }
  }

  /**
   * Checks a merge patch against the rules and the caller's reach (lookups, no locks); {@link
   * #apply} then writes it.
   *
   * @param expectedVersion the version the caller read (its If-Match)
   */
  public Future<Update> prepare(Principal viewer, UUID id, int expectedVersion, JsonObject patch) {
    for (String field : patch.fieldNames()) {
      if (!PATCHABLE.contains(field)) {
        return Future.failedFuture(
            Problem.validation(
                List.of(
                    new Problem.FieldError(
                        field, "unknown-field", "cannot be changed (or does not exist)"))));
      }
    }
    return reachable(viewer, id, false)
        .compose(
            before -> {
              Account after = patched(before, patch);
              return checkChange(viewer, before, after)
                  .compose(ok -> groupOf(after.schoolId().isPresent() ? after : before))
                  .map(g -> new Update(viewer, before, after, expectedVersion, g.orElse(null)));
            });
  }

  private static Account patched(Account a, JsonObject patch) {
    Validation v = new Validation();
    String display = a.displayName();
    if (patch.containsKey("displayName")) {
      display = v.text("displayName", text(patch, "displayName"), 100);
    }
    Role role = a.role();
    if (patch.containsKey("role")) {
      role = v.oneOf("role", text(patch, "role"), Role.class);
    }
    Optional<UUID> school = a.schoolId();
    if (patch.containsKey("schoolId")) {
      String raw = text(patch, "schoolId");
      school = raw == null ? Optional.empty() : Optional.ofNullable(v.uuid("schoolId", raw));
    }
    Language language = a.language();
    if (patch.containsKey("preferredLanguage")) {
      String raw = text(patch, "preferredLanguage");
      Optional<Language> l = Language.parse(raw);
      if (l.isEmpty()) {
        v.error("preferredLanguage", "not-allowed", "must be one of zh-CN, bo, en");
      } else {
        language = l.get();
      }
    }
    boolean active = a.active();
    if (patch.containsKey("active")) {
      if (!(patch.getValue("active") instanceof Boolean b)) {
        v.error("active", "not-a-boolean", "must be true or false");
      } else {
        active = b;
      }
    }
    if (role != null && role != Role.ADMIN && school.isEmpty()) {
      v.error("schoolId", "required", "a " + role.id() + " belongs to a school");
    }
    v.orThrow();
    if (role == Role.ADMIN) {
      school = Optional.empty();
    }
    return new Account(
        a.id(),
        a.username(),
        display,
        role,
        school,
        language,
        a.origin(),
        a.createdAt(),
        active,
        a.mustChangePassword(),
        a.version());
  }

  private static String text(JsonObject patch, String field) {
    Object v = patch.getValue(field);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw Problem.validation(List.of(new Problem.FieldError(field, "not-text", "must be text")));
  }

  private Future<Void> checkChange(Principal viewer, Account before, Account after) {
    if (viewer.userId().equals(before.id()) && !after.active()) {
      return Future.failedFuture(
          Problem.conflict("cannot-deactivate-self", "ask another admin to deactivate you"));
    }
    boolean coordinator = viewer.role() == Role.COORDINATOR;
    if (coordinator && after.role() != Role.STUDENT && after.role() != Role.TEACHER) {
      return Future.failedFuture(
          Problem.forbidden(
              "role-not-allowed", "a coordinator manages students and teachers only"));
    }
    if (after.schoolId().isEmpty() || after.schoolId().equals(before.schoolId())) {
      return Future.succeededFuture();
    }
    return schools
        .school(after.schoolId().get())
        .map(
            s -> {
              if (s.isEmpty() || !viewer.canSeeGroup(s.get().groupId())) {
                throw Problem.invalid("unknown-school", "no school " + after.schoolId().get());
              }
              return null;
            });
  }

  /**
   * Writes a prepared update inside {@code tx}: the row is locked, the version compared (412 on a
   * lost update), the last active admin kept, the change audited. Deactivation ends its tokens.
   */
  public Account apply(Tx tx, Update u) throws SQLException {
    Account current =
        store.lockById(tx, u.before().id()).orElseThrow(() -> notFound(u.before().id()));
    if (current.version() != u.expectedVersion()) {
      throw Problem.of(
          Problem.Kind.PRECONDITION_FAILED,
          "version-mismatch",
          "the account changed since you read it (version "
              + current.version()
              + "); reload and try again");
    }
    boolean leavesAdmins =
        current.role() == Role.ADMIN
            && current.active()
            && (u.after().role() != Role.ADMIN || !u.after().active());
    if (leavesAdmins) {
      // lock every active admin row, so two such changes at once cannot both pass the count
      tx.list(
          "select id from app_user where role = 'admin' and active = true for update",
          rs -> rs.getObject(1));
      if (store.countActiveAdmins(tx) <= 1) {
        throw Problem.conflict(
            "last-admin", "the last active admin cannot be deactivated or demoted");
      }
    }
    boolean revoke = current.active() && !u.after().active();
    Instant now = Tx.now(clock);
    store.update(tx, u.after(), u.expectedVersion(), revoke, now);
    Account saved = store.byId(tx, current.id()).orElseThrow();
    audit.record(
        tx,
        u.actor(),
        "account.updated",
        "account",
        current.id(),
        u.auditGroup(),
        AuditLog.diff(current.toJson(), saved.toJson()));
    tx.afterCommit(() -> states.forget(current.id()));
    return saved;
  }

  // --- passwords and tokens

  /** A one-time password and the account it was set on: shown once, never stored in clear. */
  public record Reset(Account account, String oneTimePassword) {}

  /**
   * Sets a one-time password that must be changed at the next login, and ends the account's tokens.
   * For admins, the account's coordinator, and teachers of the student's classes.
   */
  public Future<Reset> resetPassword(Principal viewer, UUID id) {
    if (viewer.userId().equals(id)) {
      return Future.failedFuture(
          Problem.invalid("reset-own-password", "change your own password instead"));
    }
    return reachable(viewer, id, true)
        .compose(target -> groupOf(target))
        .compose(
            group -> {
              String oneTime = OneTimePasswords.generate(random);
              return kdf.executeBlocking(() -> hasher.hash(oneTime), false)
                  .compose(
                      hash ->
                          db.transaction(
                              tx -> {
                                store.setPassword(tx, id, hash, true, Tx.now(clock));
                                Account saved = store.byId(tx, id).orElseThrow();
                                audit.record(
                                    tx,
                                    viewer,
                                    "account.password-reset",
                                    "account",
                                    id,
                                    group.orElse(null),
                                    new JsonObject().put("mustChangePassword", true));
                                tx.afterCommit(() -> states.forget(id));
                                return new Reset(saved, oneTime);
                              }));
            });
  }

  /** A new password set by its owner, and the fresh token that replaces every older one. */
  public record PasswordChanged(Account account, TokenService.IssuedToken token) {}

  /**
   * The owner changes their password (the old one is required, also after a reset, where it is the
   * one-time password). Every older token ends; the answer carries a new one.
   */
  public Future<PasswordChanged> changeOwnPassword(
      Principal self, String oldPassword, String newPassword) {
    Validation v = new Validation();
    if (oldPassword == null || oldPassword.isEmpty()) {
      v.error("oldPassword", "required", "is required");
    }
    NewAccount.checkPassword(v, "newPassword", newPassword, self.username());
    if (newPassword != null && newPassword.equals(oldPassword)) {
      v.error("newPassword", "unchanged", "must differ from the old password");
    }
    v.orThrow();
    return db.read(tx -> store.passwordHash(tx, self.userId()))
        .compose(
            stored ->
                kdf.executeBlocking(
                    () -> {
                      if (stored.isEmpty() || !hasher.verify(oldPassword, stored.get())) {
                        throw Problem.invalid("wrong-password", "the old password is not right");
                      }
                      return hasher.hash(newPassword);
                    },
                    false))
        .compose(
            hash ->
                db.transaction(
                    tx -> {
                      store.setPassword(tx, self.userId(), hash, false, Tx.now(clock));
                      AccountStore.Credential c =
                          store.credential(tx, self.username()).orElseThrow();
                      audit.record(
                          tx,
                          self,
                          "account.password-changed",
                          "account",
                          self.userId(),
                          self.groupId().orElse(null),
                          new JsonObject());
                      tx.afterCommit(() -> states.forget(self.userId()));
                      return c;
                    }))
        .compose(
            c ->
                accounts
                    .principalOf(c.account())
                    .map(p -> new PasswordChanged(c.account(), tokens.issue(p, c.tokenVersion()))));
  }

  /** Ends every token of the caller's account, this one included. */
  public Future<Void> logoutEverywhere(Principal self) {
    return db.transaction(
        tx -> {
          store.revokeTokens(tx, self.userId());
          audit.record(
              tx,
              self,
              "account.logged-out-everywhere",
              "account",
              self.userId(),
              self.groupId().orElse(null),
              new JsonObject());
          tx.afterCommit(() -> states.forget(self.userId()));
          return null;
        });
  }
}
