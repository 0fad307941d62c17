package org.classbridge.http;

import org.classbridge.identity.Principal;

/**
 * Turns a bearer token into the caller it names. The HTTP kernel depends on this interface, not on
 * how tokens are made: {@code auth.TokenService} implements it (as vertx-web's handlers depend on
 * an auth provider interface, never on a JWT library).
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * @throws org.classbridge.common.Problem {@code UNAUTHENTICATED} when the token is not good
   */
  Principal authenticate(String bearerToken);
}
