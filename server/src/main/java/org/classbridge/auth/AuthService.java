package org.classbridge.auth;

import io.vertx.core.Future;
import java.util.Locale;
import java.util.Optional;
import org.classbridge.common.Problem;

/** Login: throttle first, then the slow password check, then a token. */
public final class AuthService {
  private final AccountService accounts;
  private final TokenService tokens;
  private final LoginThrottle throttle;

  public AuthService(AccountService accounts, TokenService tokens, LoginThrottle throttle) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.throttle = throttle;
  }

  /** A successful login: the token, when it expires, and who logged in. */
  public record LoginResult(TokenService.IssuedToken token, Account account) {}

  /**
   * @param address the client's address, for the per-address throttle
   * @throws Problem {@code login-throttled} (429), {@code invalid-credentials} (401)
   */
  public Future<LoginResult> login(String username, String password, String address) {
    String name = username.strip().toLowerCase(Locale.ROOT);
    Optional<java.time.Duration> wait = throttle.refusal(name, address);
    if (wait.isPresent()) {
      return Future.failedFuture(
          Problem.throttled(
              "login-throttled",
              "too many failed logins; try again in " + wait.get().toSeconds() + " s",
              wait.get()));
    }
    return accounts
        .checkPassword(name, password)
        .compose(
            account -> {
              if (account.isEmpty()) {
                throttle.recordFailure(name, address);
                return Future.failedFuture(
                    Problem.of(
                        Problem.Kind.UNAUTHENTICATED,
                        "invalid-credentials",
                        "wrong username or password"));
              }
              throttle.recordSuccess(name);
              return accounts
                  .principalOf(account.get())
                  .map(p -> new LoginResult(tokens.issue(p), account.get()));
            });
  }

  public Principal authenticate(String bearerToken) {
    return tokens.verify(bearerToken);
  }
}
