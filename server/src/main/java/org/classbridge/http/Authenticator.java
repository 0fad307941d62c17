package org.classbridge.http;

import io.vertx.core.Future;
import org.classbridge.identity.Principal;

/**
 * Turns a bearer token into the caller it names. The HTTP kernel depends on this interface, not on
 * how tokens are made or revoked: {@code auth.TokenGate} implements it (as vertx-web's handlers
 * depend on an auth provider interface, never on a JWT library). Asynchronous, since a token can be
 * revoked and knowing that may take a database read.
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * @return the caller, or a failed future with an {@code UNAUTHENTICATED} {@link
   *     org.classbridge.common.Problem} when the token is not good
   */
  Future<Principal> authenticate(String bearerToken);
}
