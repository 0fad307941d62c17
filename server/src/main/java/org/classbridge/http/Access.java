package org.classbridge.http;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.classbridge.identity.Role;

/**
 * Who may call a route. Every {@link RouteSpec} names one; the OpenAPI document states the same
 * under {@code x-access}, and tests call every route as each kind of caller it must refuse.
 */
public sealed interface Access {

  /** How the OpenAPI document writes this rule ({@code x-access}). */
  String describe();

  /** No token needed: login, health, the web app, the API description. */
  record Anyone() implements Access {
    @Override
    public String describe() {
      return "anyone";
    }
  }

  /**
   * Any valid token, including one signed in with a one-time password, which every other rule
   * refuses: for setting a new password, and nothing else.
   */
  record PasswordChange() implements Access {
    @Override
    public String describe() {
      return "signed-in-password-change";
    }
  }

  /** Any valid token, whatever the role. */
  record SignedIn() implements Access {
    @Override
    public String describe() {
      return "signed-in";
    }
  }

  /** A valid token whose role is one of these. */
  record Roles(Set<Role> roles) implements Access {
    public Roles {
      if (roles.isEmpty()) {
        throw new IllegalArgumentException("name at least one role");
      }
      roles = Set.copyOf(roles);
    }

    public boolean admits(Role r) {
      return roles.contains(r);
    }

    @Override
    public String describe() {
      return "roles:"
          + EnumSet.copyOf(roles).stream().map(Role::id).collect(Collectors.joining(","));
    }
  }

  /** A Prometheus scraper with the configured metrics token, or an admin's token. */
  record MetricsScraper() implements Access {
    @Override
    public String describe() {
      return "metrics-scraper";
    }
  }

  /**
   * A machine caller holding a secret shared through configuration, sent as a bearer token: for
   * example Jitsi's Prosody asking whether a room may open. With no secret configured every call is
   * refused, so an unconfigured deployment is closed rather than open.
   *
   * @param purpose names the caller in the API description
   */
  record SharedSecret(String purpose, Optional<String> secret) implements Access {
    public SharedSecret {
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String describe() {
      return "shared-secret:" + purpose;
    }

    @Override
    public String toString() {
      return "SharedSecret[" + purpose + "]"; // never the secret
    }
  }

  /**
   * No account token: the request carries its own credential in its body, which the handler checks
   * (a classroom device link). A wrong one is refused with 403 by the handler.
   *
   * @param purpose names the credential in the API description
   */
  record BodyCredential(String purpose) implements Access {
    public BodyCredential {
      Objects.requireNonNull(purpose, "purpose");
    }

    @Override
    public String describe() {
      return "body-credential:" + purpose;
    }
  }

  static Access anyone() {
    return new Anyone();
  }

  static Access passwordChange() {
    return new PasswordChange();
  }

  static Access signedIn() {
    return new SignedIn();
  }

  static Access roles(Role first, Role... more) {
    return new Roles(EnumSet.of(first, more));
  }
}
