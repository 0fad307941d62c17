package org.classbridge.auth;

import io.vertx.core.Future;
import org.classbridge.common.Problem;
import org.classbridge.http.Authenticator;
import org.classbridge.identity.Principal;

/**
 * The API's authenticator: a token is good when its signature and claims are ({@link TokenService})
 * and its account still stands behind it ({@link AccountStates}): active, at the token version the
 * token was issued under. Deactivation, a password change or reset and "log out everywhere" bump
 * that version, which ends every older token.
 */
final class TokenGate implements Authenticator {
  private final TokenService tokens;
  private final AccountStates states;
  private final boolean checkAccounts;

  /**
   * @param checkAccounts false skips the account check (tokens then live until they expire): only
   *     for measuring what the check costs
   */
  TokenGate(TokenService tokens, AccountStates states, boolean checkAccounts) {
    this.tokens = tokens;
    this.states = states;
    this.checkAccounts = checkAccounts;
  }

  @Override
  public Future<Principal> authenticate(String bearerToken) {
    TokenService.Verified v;
    try {
      v = tokens.verifyWithVersion(bearerToken);
    } catch (Problem p) {
      return Future.failedFuture(p);
    }
    if (!checkAccounts) {
      return Future.succeededFuture(v.principal());
    }
    return states
        .of(v.principal().userId())
        .map(
            state -> {
              if (state.isEmpty() || !state.get().active()) {
                throw Problem.of(
                    Problem.Kind.UNAUTHENTICATED,
                    "token-revoked",
                    "this account is no longer active");
              }
              if (state.get().tokenVersion() != v.tokenVersion()) {
                throw Problem.of(
                    Problem.Kind.UNAUTHENTICATED,
                    "token-revoked",
                    "this token was ended (password changed or reset, or logged out everywhere)");
              }
              return v.principal().withPasswordChangeOnly(state.get().mustChangePassword());
            });
  }
}
