package org.classbridge.auth;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.classbridge.audit.AuditLog;
import org.classbridge.http.Authenticator;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.Database;

/**
 * Accounts, passwords, tokens and logins: the feature's entry class. Password hashing gets its own
 * threads: CPU-bound, kept away from SQL workers; batches (imports, demo data) on threads of their
 * own, so logins never queue behind them.
 */
public final class AuthFeature implements Feature {
  private final WorkerExecutor kdf;
  private final WorkerExecutor bulkKdf;
  private final AccountService accounts;
  private final AccountAdmin admin;
  private final TokenService tokens;
  private final TokenGate gate;
  private final AuthService auth;
  private final SchoolLookup schools;
  private final LoginThrottle throttle;
  private final Duration sweepEvery;

  /**
   * @param schools what accounts need to know about schools, answered by the school directory
   */
  public AuthFeature(
      Vertx vertx,
      AuthConfig config,
      Database db,
      SchoolLookup schools,
      AuditLog audit,
      Clock clock)
      throws IOException {
    this.schools = schools;
    this.tokens =
        new TokenService(
            SigningKeys.resolve(config),
            config.issuer(),
            config.audience(),
            config.tokenTtl(),
            clock);
    this.kdf = vertx.createSharedWorkerExecutor("classbridge-kdf", 2);
    this.bulkKdf = vertx.createSharedWorkerExecutor("classbridge-kdf-bulk", 2);
    PasswordHasher hasher = new PasswordHasher(config.passwordIterations());
    AccountStore store = new AccountStore();
    AccountStates states = new AccountStates(db, store, config.accountCheckCache());
    this.gate = new TokenGate(tokens, states, config.accountCheck());
    this.accounts = new AccountService(db, store, hasher, kdf, bulkKdf, schools, clock);
    this.admin =
        new AccountAdmin(db, store, states, hasher, kdf, schools, audit, tokens, accounts, clock);
    this.throttle =
        new LoginThrottle(
            config.loginAccountFailures(),
            config.loginIpFailures(),
            config.loginWindow(),
            clock,
            new SqlBuckets(db, config.loginWindow(), clock));
    this.sweepEvery = config.loginWindow();
    this.auth = new AuthService(accounts, tokens, throttle);
  }

  public AccountService accounts() {
    return accounts;
  }

  /** Corrections, deactivation, password resets: who may do what to which account. */
  public AccountAdmin admin() {
    return admin;
  }

  /** How the HTTP kernel checks bearer tokens: signature, claims, and the account behind them. */
  public Authenticator authenticator() {
    return gate;
  }

  public TokenService tokens() {
    return tokens;
  }

  @Override
  public List<RouteSpec> routes() {
    return new AuthRoutes(auth, accounts, admin, schools).routes();
  }

  /** Forgets throttle buckets that have refilled, once per window, from one verticle per node. */
  @Override
  public List<VerticleSpec> verticles() {
    return List.of(
        new VerticleSpec(
            "login-throttle-sweep",
            () -> new ThrottleSweep(throttle, sweepEvery),
            1,
            Start.ONCE_SERVING));
  }

  @Override
  public void close() {
    kdf.close();
    bulkKdf.close();
  }
}
