package org.classbridge.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountOrigin;
import org.classbridge.auth.AccountService;
import org.classbridge.auth.NewAccount;
import org.classbridge.common.Futures;
import org.classbridge.common.Problem;
import org.classbridge.common.Wire;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.SchoolClass;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.sql.Database;

/**
 * Bulk creation of accounts from a CSV file, as a school's office keeps its rolls in a spreadsheet.
 * Every row is checked and reported on its own ({@link ImportRows} holds the rules); the rows that
 * pass are created, with their class memberships, in one transaction. Sending the same file again
 * creates nothing twice: a username that already exists with the same role and school is reported
 * {@code unchanged}. Rows without a password get a generated one, shown once in the report.
 */
public final class AccountImport {
  /**
   * Rows per file. Every created account costs one PBKDF2 hash (about 0.13 s of a core at the
   * default strength), so 2,000 rows take about two minutes on a two-core server; larger rolls are
   * split into several files.
   */
  public static final int MAX_ROWS = 2_000;

  private final Vertx vertx;
  private final Database db;
  private final AccountService accounts;
  private final SchoolDirectory directory;
  private final ClassRoster roster;
  private final SecureRandom random = new SecureRandom();

  public AccountImport(
      Vertx vertx,
      Database db,
      AccountService accounts,
      SchoolDirectory directory,
      ClassRoster roster) {
    this.vertx = vertx;
    this.db = db;
    this.accounts = accounts;
    this.directory = directory;
    this.roster = roster;
  }

  /** What happened to one row. */
  enum Outcome {
    CREATED,
    WOULD_CREATE,
    UNCHANGED,
    ERROR
  }

  /** A checked row and what became of it; immutable, so no thread sees it half-filled. */
  private record RowResult(
      ImportRows.Checked row, Outcome outcome, Problem.FieldError extra, UUID existingId) {
    JsonObject toJson() {
      JsonObject o =
          new JsonObject()
              .put("line", row.line())
              .put("username", row.username())
              .put("status", Wire.id(outcome));
      List<Problem.FieldError> errors = new ArrayList<>(row.errors());
      if (extra != null) {
        errors.add(extra);
      }
      if (!errors.isEmpty()) {
        JsonArray a = new JsonArray();
        errors.forEach(e -> a.add(e.toJson()));
        o.put("errors", a);
      }
      if (row.generatedPassword() != null && outcome == Outcome.CREATED) {
        // what a login slip needs: who, which class, and the password shown once
        o.put("initialPassword", row.generatedPassword())
            .put("displayName", row.account().displayName())
            .put("className", row.className());
      }
      return o;
    }
  }

  private record Parsed(CsvTable table, ImportRows.Columns columns) {}

  private record Resolved(Parsed parsed, ImportRows.Directory directory) {}

  /** Accounts hashed between two progress reports. */
  static final int PROGRESS_CHUNK = 100;

  /**
   * Refuses a file that cannot be imported at all (not UTF-8, columns of personal data, unknown or
   * missing columns, too many rows) and answers how many rows it has: cheap, so an upload is
   * refused at once rather than by a job minutes later. Blocking: call it from a worker.
   */
  static int rowsOf(byte[] csv) {
    return parse(csv).table().rows().size();
  }

  /** Checks every row and, unless {@code dryRun}, creates the accounts that passed. */
  public Future<JsonObject> run(byte[] csv, boolean dryRun) {
    return run(csv, dryRun, percent -> {});
  }

  /**
   * As {@link #run(byte[], boolean)}, telling {@code progress} how far it got (0-100): checking is
   * quick, hashing the new passwords is most of the time.
   */
  public Future<JsonObject> run(byte[] csv, boolean dryRun, IntConsumer progress) {
    // parsing and checking up to MAX_ROWS rows is CPU work: it runs on a worker
    return vertx
        .executeBlocking(() -> parse(csv), false)
        .compose(parsed -> resolve(parsed).map(dir -> new Resolved(parsed, dir)))
        .compose(
            r ->
                vertx.executeBlocking(
                    () ->
                        ImportRows.check(
                            r.parsed().table().rows(), r.parsed().columns(), r.directory(), random),
                    false))
        .compose(this::apply)
        .andThen(checked -> progress.accept(10))
        .compose(results -> dryRun ? Future.succeededFuture(results) : create(results, progress))
        .andThen(done -> progress.accept(100))
        .map(results -> report(results, dryRun));
  }

  private static Parsed parse(byte[] csv) {
    CsvTable table = CsvTable.parse(csv);
    ImportRows.Columns columns = ImportRows.columns(table.header());
    if (table.rows().size() > MAX_ROWS) {
      throw Problem.invalid(
          "csv-too-many-rows", "at most " + MAX_ROWS + " rows per file; split the file");
    }
    return new Parsed(table, columns);
  }

  /** The schools and classes the file names: two queries, however many rows. */
  private Future<ImportRows.Directory> resolve(Parsed parsed) {
    List<CsvTable.Row> rows = parsed.table().rows();
    return directory
        .schoolsByName(ImportRows.schoolNames(rows, parsed.columns()))
        .compose(
            schools -> {
              Map<String, UUID> schoolIds = new HashMap<>();
              schools.forEach((name, s) -> schoolIds.put(name, s.id()));
              var wanted = ImportRows.classKeys(rows, parsed.columns(), schoolIds);
              List<UUID> schoolsWithClasses =
                  wanted.stream().map(ImportRows.ClassKey::schoolId).distinct().toList();
              return directory
                  .classesOfSchools(schoolsWithClasses)
                  .map(
                      classes -> {
                        Map<ImportRows.ClassKey, UUID> classIds = new HashMap<>();
                        for (SchoolClass k : classes) {
                          // a class too may be named in Chinese or in Tibetan
                          ImportRows.ClassKey key = new ImportRows.ClassKey(k.schoolId(), k.name());
                          if (wanted.contains(key)) {
                            classIds.put(key, k.id());
                          }
                          k.nameBo()
                              .map(bo -> new ImportRows.ClassKey(k.schoolId(), bo))
                              .filter(wanted::contains)
                              .ifPresent(bo -> classIds.put(bo, k.id()));
                        }
                        return new ImportRows.Directory(schoolIds, classIds);
                      });
            });
  }

  /** Decides each row's outcome against the accounts that exist already. */
  private Future<List<RowResult>> apply(List<ImportRows.Checked> rows) {
    List<String> usernames =
        rows.stream().filter(r -> r.account() != null).map(r -> r.account().username()).toList();
    return accounts
        .findByUsernames(usernames)
        .map(
            existing -> {
              List<RowResult> out = new ArrayList<>();
              for (ImportRows.Checked r : rows) {
                out.add(outcome(r, existing.get(r.username())));
              }
              return out;
            });
  }

  private static RowResult outcome(ImportRows.Checked r, Account found) {
    if (r.account() == null) {
      return new RowResult(r, Outcome.ERROR, null, null);
    }
    if (found == null) {
      return new RowResult(r, Outcome.WOULD_CREATE, null, null);
    }
    NewAccount a = r.account();
    if (found.role() == a.role() && found.schoolId().equals(Optional.ofNullable(a.schoolId()))) {
      return new RowResult(r, Outcome.UNCHANGED, null, found.id());
    }
    return new RowResult(
        r,
        Outcome.ERROR,
        new Problem.FieldError(
            "username",
            "username-taken",
            "an account with this username exists at another school or role"),
        null);
  }

  /**
   * Creates the new accounts and every membership in one transaction: a report with one-time
   * initial passwords is only ever sent for accounts that really exist.
   */
  private Future<List<RowResult>> create(List<RowResult> results, IntConsumer progress) {
    List<RowResult> creating =
        results.stream().filter(r -> r.outcome() == Outcome.WOULD_CREATE).toList();
    // hashed a chunk at a time, so the job can say how far it is; inserted all in one transaction
    List<AccountService.Prepared> prepared = new ArrayList<>();
    List<List<RowResult>> chunks = new ArrayList<>();
    for (int from = 0; from < creating.size(); from += PROGRESS_CHUNK) {
      chunks.add(creating.subList(from, Math.min(creating.size(), from + PROGRESS_CHUNK)));
    }
    return Futures.inOrder(
            chunks,
            chunk ->
                accounts
                    .prepare(
                        chunk.stream().map(r -> r.row().account()).toList(), AccountOrigin.IMPORT)
                    .andThen(
                        p -> {
                          prepared.add(p.result());
                          progress.accept(10 + 85 * prepared.size() / chunks.size());
                        }))
        .compose(
            hashed -> {
              List<ClassRoster.Membership> memberships = new ArrayList<>();
              List<Account> made = new ArrayList<>();
              prepared.forEach(p -> made.addAll(p.accounts()));
              for (int i = 0; i < made.size(); i++) {
                UUID classId = creating.get(i).row().classId();
                if (classId != null) {
                  memberships.add(new ClassRoster.Membership(classId, made.get(i).id()));
                }
              }
              for (RowResult r : results) {
                if (r.outcome() == Outcome.UNCHANGED && r.row().classId() != null) {
                  memberships.add(new ClassRoster.Membership(r.row().classId(), r.existingId()));
                }
              }
              // checked row by row already: students and teachers of the class's own school
              return db.transaction(
                  tx -> {
                    for (AccountService.Prepared p : prepared) {
                      accounts.insert(tx, p);
                    }
                    roster.addMembers(tx, memberships);
                    return null;
                  });
            })
        .map(
            done ->
                results.stream()
                    .map(
                        r ->
                            r.outcome() == Outcome.WOULD_CREATE
                                ? new RowResult(r.row(), Outcome.CREATED, null, null)
                                : r)
                    .toList());
  }

  private static JsonObject report(List<RowResult> results, boolean dryRun) {
    JsonArray rows = new JsonArray();
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    for (RowResult r : results) {
      rows.add(r.toJson());
      counts.merge(r.outcome(), 1, Integer::sum);
    }
    return new JsonObject()
        .put("dryRun", dryRun)
        .put("rows", results.size())
        .put("created", counts.getOrDefault(dryRun ? Outcome.WOULD_CREATE : Outcome.CREATED, 0))
        .put("unchanged", counts.getOrDefault(Outcome.UNCHANGED, 0))
        .put("failed", counts.getOrDefault(Outcome.ERROR, 0))
        .put("results", rows);
  }
}
