package org.classbridge.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * Creates and finds accounts. Every way an account comes to exist (admin API, CSV import, CLI, demo
 * seeds) goes through here, so the rules are the same for all of them.
 */
public final class AccountService {
  /** Most accounts a list returns; the admin page pages by filters, not by scrolling 10^5 rows. */
  public static final int LIST_LIMIT = 1000;

  private final Database db;
  private final AccountStore store;
  private final PasswordHasher hasher;
  private final WorkerExecutor kdf;
  private final WorkerExecutor bulkKdf;
  private final SchoolLookup schools;
  private final Clock clock;

  /**
   * @param kdf the small worker pool that hashes passwords for logins and single accounts, kept
   *     apart from the SQL workers so a login flood cannot starve queries
   * @param bulkKdf the pool that hashes batches (imports, demo data), kept apart from {@code kdf}
   */
  AccountService(
      Database db,
      AccountStore store,
      PasswordHasher hasher,
      WorkerExecutor kdf,
      WorkerExecutor bulkKdf,
      SchoolLookup schools,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.hasher = hasher;
    this.kdf = kdf;
    this.bulkKdf = bulkKdf;
    this.schools = schools;
    this.clock = clock;
  }

  public Future<Account> create(NewAccount a, AccountOrigin origin) {
    return createAll(List.of(a), origin).map(list -> list.get(0));
  }

  /**
   * Creates all accounts in one transaction, or none: a taken username or unknown school refuses
   * the whole batch.
   */
  public Future<List<Account>> createAll(List<NewAccount> accounts, AccountOrigin origin) {
    return prepare(accounts, origin).compose(p -> db.transaction(tx -> insert(tx, p)));
  }

  /**
   * Creates demo accounts that all have the demo password, whose stored form the seed ships ({@code
   * demoPasswordHash} in seeds/qinghai-demo.json): the password is public, so its hash is too, and
   * a first start need not spend a PBKDF2 run on it. The shipped form is used only when every
   * account has one password and its cost is exactly this server's ({@code password.iterations});
   * otherwise the password is hashed as usual. A stored form that does not match the password would
   * lock the demo out; DemoPasswordHashTest checks the seed.
   */
  public Future<List<Account>> createDemo(List<NewAccount> accounts, String shippedHash) {
    boolean oneSecret = accounts.stream().map(NewAccount::password).distinct().count() == 1;
    if (!oneSecret || !hasher.hasCost(shippedHash)) {
      return createAll(accounts, AccountOrigin.DEMO);
    }
    return checkSchools(accounts)
        .map(
            ok ->
                made(
                    accounts, AccountOrigin.DEMO, accounts.stream().map(a -> shippedHash).toList()))
        .compose(p -> db.transaction(tx -> insert(tx, p)));
  }

  /**
   * Accounts checked and with their passwords hashed, ready to insert: the slow part of creating
   * accounts, done before a transaction opens so no row lock is held while PBKDF2 runs.
   */
  public static final class Prepared {
    private final List<Account> accounts;
    private final List<String> hashes;

    private Prepared(List<Account> accounts, List<String> hashes) {
      this.accounts = List.copyOf(accounts);
      this.hashes = List.copyOf(hashes);
    }

    /** The accounts as they will be stored, in the order given. */
    public List<Account> accounts() {
      return accounts;
    }
  }

  /** Checks that the schools exist and hashes the passwords (on the KDF workers). */
  public Future<Prepared> prepare(List<NewAccount> accounts, AccountOrigin origin) {
    return checkSchools(accounts)
        .compose(ok -> origin == AccountOrigin.DEMO ? hashShared(accounts) : hashAll(accounts))
        .map(hashes -> made(accounts, origin, hashes));
  }

  private Prepared made(List<NewAccount> accounts, AccountOrigin origin, List<String> hashes) {
    Instant now = Tx.now(clock);
    List<Account> made = new ArrayList<>();
    for (NewAccount n : accounts) {
      made.add(
          new Account(
              UUID.randomUUID(),
              n.username(),
              n.displayName(),
              n.role(),
              Optional.ofNullable(n.schoolId()),
              n.language(),
              origin,
              now));
    }
    return new Prepared(made, hashes);
  }

  /**
   * Inserts prepared accounts inside a use case's transaction; a taken username fails it with
   * {@code username-taken} (409).
   */
  public List<Account> insert(Tx tx, Prepared prepared) throws SQLException {
    for (int i = 0; i < prepared.accounts.size(); i++) {
      Account a = prepared.accounts.get(i);
      String hash = prepared.hashes.get(i);
      Sql.unique(
          () -> Problem.conflict("username-taken", "the username " + a.username() + " is taken"),
          () -> store.insert(tx, a, hash));
    }
    return prepared.accounts;
  }

  private Future<Void> checkSchools(List<NewAccount> accounts) {
    Set<UUID> ids = new HashSet<>();
    accounts.forEach(a -> ids.add(a.schoolId()));
    ids.remove(null);
    return schools
        .existingSchools(ids)
        .map(
            existing -> {
              for (UUID id : ids) {
                if (!existing.contains(id)) {
                  throw Problem.invalid("unknown-school", "no school has the id " + id);
                }
              }
              return null;
            });
  }

  /**
   * The hashes of demo accounts: one per distinct password, shared by the accounts that have it.
   * Every demo account has the password the README publishes, so a salt and 600,000 rounds of its
   * own protect nothing; hashing it once per account was most of a first start. Shared hashes show
   * that the passwords are equal, which the README says anyway; any other origin hashes each
   * password with a salt of its own.
   */
  private Future<List<String>> hashShared(List<NewAccount> accounts) {
    List<NewAccount> distinct = new ArrayList<>();
    Map<String, Integer> slot = new HashMap<>();
    for (NewAccount a : accounts) {
      if (slot.putIfAbsent(a.password(), distinct.size()) == null) {
        distinct.add(a);
      }
    }
    return hashAll(distinct)
        .map(hashes -> accounts.stream().map(a -> hashes.get(slot.get(a.password()))).toList());
  }

  private Future<List<String>> hashAll(List<NewAccount> accounts) {
    if (accounts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    // one account: the interactive pool; a batch: the bulk pool, so an import of a school's
    // roll never queues the logins of the morning behind it. Two tasks, each a share.
    WorkerExecutor pool = accounts.size() == 1 ? kdf : bulkKdf;
    List<Future<List<String>>> parts = new ArrayList<>();
    int slices = Math.min(2, accounts.size());
    int per = (accounts.size() + slices - 1) / slices;
    for (int from = 0; from < accounts.size(); from += per) {
      List<NewAccount> slice = accounts.subList(from, Math.min(accounts.size(), from + per));
      parts.add(
          pool.executeBlocking(
              () -> slice.stream().map(a -> hasher.hash(a.password())).toList(), false));
    }
    return Future.all(parts)
        .map(
            all -> {
              List<String> hashes = new ArrayList<>();
              for (Future<List<String>> f : parts) {
                hashes.addAll(f.result());
              }
              return hashes;
            });
  }

  public Future<Optional<Account>> find(UUID id) {
    return db.read(c -> store.byId(c, id));
  }

  /**
   * The signed-in account itself. Its token can outlive it by one token check (a purge between the
   * check and this read), so a missing row is {@code account-gone}, not a server error.
   */
  public Future<Account> self(Principal p) {
    return find(p.userId())
        .map(
            a ->
                a.orElseThrow(
                    () ->
                        Problem.of(
                            Problem.Kind.UNAUTHENTICATED,
                            "account-gone",
                            "this account no longer exists")));
  }

  /** The accounts with these ids, in the order of {@code ids}; unknown ids are left out. */
  public Future<List<Account>> findAll(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.read(
        c -> {
          Map<UUID, Account> byId = new HashMap<>();
          for (Account a : store.byIds(c, ids)) {
            byId.put(a.id(), a);
          }
          return ids.stream().map(byId::get).filter(a -> a != null).toList();
        });
  }

  /** Existing accounts among these usernames, keyed by username. */
  public Future<Map<String, Account>> findByUsernames(List<String> usernames) {
    return db.read(
        c -> {
          Map<String, Account> out = new LinkedHashMap<>();
          for (Account a : store.byUsernames(c, usernames)) {
            out.put(a.username(), a);
          }
          return out;
        });
  }

  /** What to list, as a caller asks for it (the caller's reach narrows it further). */
  public record Query(
      Optional<Role> role,
      Optional<UUID> schoolId,
      Optional<String> text,
      Optional<Boolean> active,
      int offset,
      int limit) {
    public Query {
      // one more than a page, so the caller learns whether another page follows
      if (offset < 0 || limit < 1 || limit > LIST_LIMIT + 1) {
        throw new IllegalArgumentException("0 <= offset, 1 <= limit <= " + (LIST_LIMIT + 1));
      }
    }
  }

  /**
   * The accounts {@code viewer} may manage that match {@code q}: every account for an admin; a
   * coordinator's group's students and teachers.
   */
  public Future<List<Account>> list(Principal viewer, Query q) {
    Set<Role> roles =
        q.role()
            .map(Set::of)
            .orElse(viewer.canSeeAllGroups() ? Set.of() : Set.of(Role.STUDENT, Role.TEACHER));
    if (!viewer.canSeeAllGroups()) {
      if (viewer.role() != Role.COORDINATOR
          || (q.role().isPresent()
              && q.role().get() != Role.STUDENT
              && q.role().get() != Role.TEACHER)) {
        return Future.succeededFuture(List.of());
      }
      return schools
          .schoolsOfGroup(viewer.groupId().orElseThrow())
          .compose(
              mine ->
                  db.read(
                      c ->
                          store.list(
                              c,
                              new AccountStore.Filter(
                                  roles, q.schoolId(), Optional.of(mine), q.text(), q.active()),
                              q.offset(),
                              q.limit())));
    }
    return db.read(
        c ->
            store.list(
                c,
                new AccountStore.Filter(
                    roles, q.schoolId(), Optional.empty(), q.text(), q.active()),
                q.offset(),
                q.limit()));
  }

  public Future<Long> countByOrigin(AccountOrigin origin) {
    return db.read(c -> store.countByOrigin(c, origin));
  }

  /** The token identity of an account: its school's group comes from the schedule feature. */
  public Future<Principal> principalOf(Account a) {
    if (a.schoolId().isEmpty()) {
      return Future.succeededFuture(
          new Principal(a.id(), a.username(), a.role(), Optional.empty(), Optional.empty()));
    }
    return schools
        .school(a.schoolId().get())
        .map(
            s ->
                new Principal(
                    a.id(),
                    a.username(),
                    a.role(),
                    a.schoolId(),
                    Optional.of(
                        s.orElseThrow(
                                () ->
                                    Problem.of(
                                        Problem.Kind.UNAUTHENTICATED,
                                        "school-gone",
                                        "the school of this account no longer exists"))
                            .groupId())));
  }

  /**
   * Checks a username and password on the KDF workers. Unknown usernames cost the same time as
   * wrong passwords, so timing does not reveal which accounts exist. A hash weaker than today's
   * setting is upgraded after a successful check.
   */
  Future<Optional<AccountStore.Credential>> checkPassword(String username, String password) {
    return db.read(c -> store.credential(c, username))
        .compose(
            cred ->
                kdf.executeBlocking(
                    () -> {
                      if (cred.isEmpty()) {
                        hasher.verifyAgainstNothing(password);
                        return Optional.<AccountStore.Credential>empty();
                      }
                      return hasher.verify(password, cred.get().passwordHash())
                          ? cred
                          : Optional.<AccountStore.Credential>empty();
                    },
                    false))
        .compose(
            ok -> {
              if (ok.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              AccountStore.Credential cred = ok.get();
              if (!hasher.needsRehash(cred.passwordHash())) {
                return Future.succeededFuture(ok);
              }
              return kdf.executeBlocking(() -> hasher.hash(password), false)
                  .compose(
                      h ->
                          db.transaction(
                              c -> {
                                store.updatePasswordHash(c, cred.account().id(), h);
                                return ok;
                              }));
            });
  }
}
