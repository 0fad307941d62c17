package org.classbridge.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.classbridge.admin.AccountImport;
import org.classbridge.admin.AccountRoutes;
import org.classbridge.auth.AccountService;
import org.classbridge.auth.AuthRoutes;
import org.classbridge.auth.AuthService;
import org.classbridge.auth.LoginThrottle;
import org.classbridge.auth.PasswordHasher;
import org.classbridge.auth.SigningKeys;
import org.classbridge.auth.TokenService;
import org.classbridge.catalogue.blob.BlobStore;
import org.classbridge.catalogue.blob.BlobStores;
import org.classbridge.http.RouteSpec;
import org.classbridge.schedule.ClassRoster;
import org.classbridge.schedule.DirectoryRoutes;
import org.classbridge.schedule.SchoolDirectory;
import org.classbridge.sql.Database;

/**
 * The object graph, wired by constructor in dependency order: storage, then accounts and the school
 * directory, then the routes that expose them. Used by the server and by the CLI, so both act
 * through the same services.
 */
public final class Services implements AutoCloseable {
  public final AppConfig config;
  public final Clock clock;
  public final Database database;
  public final BlobStore blobs;
  public final SchoolDirectory directory;
  public final AccountService accounts;
  public final ClassRoster roster;
  public final TokenService tokens;
  public final AuthService auth;
  public final AccountImport accountImport;
  private final WorkerExecutor kdf;
  private final WorkerExecutor bulkKdf;

  private Services(
      Vertx vertx,
      AppConfig config,
      Clock clock,
      Database database,
      BlobStore blobs,
      WorkerExecutor kdf,
      WorkerExecutor bulkKdf,
      TokenService tokens) {
    this.config = config;
    this.clock = clock;
    this.database = database;
    this.blobs = blobs;
    this.kdf = kdf;
    this.bulkKdf = bulkKdf;
    this.tokens = tokens;
    this.directory = new SchoolDirectory(database, clock);
    this.accounts =
        new AccountService(
            database,
            new PasswordHasher(config.auth().passwordIterations()),
            kdf,
            bulkKdf,
            directory,
            clock);
    this.roster = new ClassRoster(directory, accounts);
    var a = config.auth();
    this.auth =
        new AuthService(
            accounts,
            tokens,
            new LoginThrottle(
                a.loginAccountFailures(), a.loginIpFailures(), a.loginWindow(), clock));
    this.accountImport = new AccountImport(vertx, accounts, directory, roster);
  }

  /** Opens storage (runs migrations, creates the bucket) and wires the services. Blocking. */
  public static Services open(Vertx vertx, AppConfig config, Clock clock, MeterRegistry meters)
      throws IOException {
    return open(vertx, config, clock, Database.connect(config.db(), meters));
  }

  /** As {@link #open(Vertx, AppConfig, Clock, MeterRegistry)}, on a pool already migrated. */
  public static Services open(
      Vertx vertx, AppConfig config, Clock clock, Database.Connected connected) throws IOException {
    Database db = Database.on(vertx, connected);
    BlobStore blobs = null;
    try {
      blobs = BlobStores.open(config.blob(), clock);
      var a = config.auth();
      TokenService tokens =
          new TokenService(
              SigningKeys.resolve(config), a.issuer(), a.audience(), a.tokenTtl(), clock);
      // password hashing gets its own threads: CPU-bound, and kept away from SQL workers;
      // batches (imports) on threads of their own, so logins never queue behind them
      WorkerExecutor kdf = vertx.createSharedWorkerExecutor("classbridge-kdf", 2);
      WorkerExecutor bulkKdf = vertx.createSharedWorkerExecutor("classbridge-kdf-bulk", 2);
      return new Services(vertx, config, clock, db, blobs, kdf, bulkKdf, tokens);
    } catch (IOException | RuntimeException e) {
      if (blobs != null) {
        try {
          blobs.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      db.close();
      throw e;
    }
  }

  /** Every feature's routes; the router mounts exactly these (plus the web app). */
  public List<RouteSpec> routes(OpsRoutes ops) {
    List<RouteSpec> all = new ArrayList<>();
    all.addAll(ops.routes());
    all.addAll(new AuthRoutes(auth, accounts, directory).routes());
    all.addAll(new DirectoryRoutes(directory, roster).routes());
    all.addAll(new AccountRoutes(accounts, accountImport).routes());
    return all;
  }

  @Override
  public void close() {
    kdf.close();
    bulkKdf.close();
    try {
      blobs.close();
    } catch (IOException e) {
      // closing: nothing left to do with it
    }
    database.close();
  }
}
