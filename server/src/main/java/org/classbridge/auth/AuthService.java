package org.classbridge.auth;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.classbridge.common.Problem;

/** Login: throttle first, then the slow password check, then a token. */
public final class AuthService {
  /**
   * Logins whose password hash may be queued or running at once. Each costs about 0.13 s of a core;
   * beyond this a login is refused at once (503) instead of waiting minutes in a queue behind a
   * flood, which would also hold every honest login up.
   */
  static final int MAX_LOGINS_IN_FLIGHT = 64;

  private final AccountService accounts;
  private final TokenService tokens;
  private final LoginThrottle throttle;
  private final Semaphore inFlight;

  public AuthService(AccountService accounts, TokenService tokens, LoginThrottle throttle) {
    this(accounts, tokens, throttle, MAX_LOGINS_IN_FLIGHT);
  }

  AuthService(
      AccountService accounts, TokenService tokens, LoginThrottle throttle, int maxInFlight) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.throttle = throttle;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /** A successful login: the token, when it expires, and who logged in. */
  public record LoginResult(TokenService.IssuedToken token, Account account) {}

  /**
   * @param address the client's address, for the per-address throttle
   * @throws Problem {@code login-throttled} (429), {@code login-busy} (503), {@code
   *     invalid-credentials} (401)
   */
  public Future<LoginResult> login(String username, String password, String address) {
    String name = username.strip().toLowerCase(Locale.ROOT);
    return throttle
        .reserve(name, address)
        .compose(
            wait -> {
              if (wait.isPresent()) {
                return Future.failedFuture(
                    Problem.throttled(
                        "login-throttled",
                        "too many failed logins; try again in "
                            + (wait.get().toSeconds() + 1)
                            + " s",
                        wait.get()));
              }
              if (!inFlight.tryAcquire()) {
                return throttle
                    .release(name, address)
                    .transform(
                        released ->
                            Future.failedFuture(
                                Problem.unavailable(
                                    "login-busy",
                                    "too many logins at once; try again",
                                    Duration.ofSeconds(2))));
              }
              return accounts
                  .checkPassword(name, password)
                  .andThen(done -> inFlight.release())
                  .compose(account -> afterCheck(name, address, account));
            });
  }

  private Future<LoginResult> afterCheck(
      String name, String address, Optional<AccountStore.Credential> account) {
    if (account.isEmpty()) {
      // the reserved token stays spent: this was a failure
      return Future.failedFuture(
          Problem.of(
              Problem.Kind.UNAUTHENTICATED, "invalid-credentials", "wrong username or password"));
    }
    Account a = account.get().account();
    return throttle
        .succeeded(name, address)
        .compose(
            ok -> {
              if (!a.active()) {
                // the password was right, so saying so reveals nothing a guesser could use
                return Future.failedFuture(
                    Problem.forbidden(
                        "account-disabled", "this account is deactivated; ask your school"));
              }
              return accounts
                  .principalOf(a)
                  .map(
                      p ->
                          new LoginResult(
                              tokens.issue(
                                  p.withPasswordChangeOnly(a.mustChangePassword()),
                                  account.get().tokenVersion()),
                              a));
            });
  }
}
