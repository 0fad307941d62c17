package org.classbridge.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Jws;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;

/**
 * Issues and verifies the API's bearer tokens: the policy (claims, lifetime, issuer, audience) over
 * the HS256 codec in {@link Jws}.
 *
 * <p>Why not vertx-auth-jwt's JWTAuth: it reads the wall clock (no injected {@link Clock}, so
 * expiry cannot be tested by moving time), accepts a token without {@code kid} by trying every key,
 * and accepts unsigned tokens when no key is loaded. The rules here are strict instead: the header
 * must say {@code alg: HS256}, {@code typ: JWT} and a known {@code kid}; the signature is compared
 * in constant time; {@code iss}, {@code aud}, {@code exp} and {@code iat} are required. Several
 * keys verify so keys can be rotated; the first signs.
 */
public final class TokenService {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** Allowed clock difference between nodes, for {@code iat} and {@code nbf} only. */
  private static final Duration SKEW = Duration.ofSeconds(30);

  private final List<SigningKey> keys;
  private final Map<String, SigningKey> keysById = new LinkedHashMap<>();
  private final String issuer;
  private final String audience;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public TokenService(
      List<SigningKey> keys, String issuer, String audience, Duration ttl, Clock clock) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one signing key is needed");
    }
    this.keys = List.copyOf(keys);
    for (SigningKey k : keys) {
      keysById.put(k.kid(), k);
    }
    this.issuer = issuer;
    this.audience = audience;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A signed token and the instant it stops working. */
  public record IssuedToken(String token, Instant expiresAt) {}

  /** A token and the account's token version it was issued under. */
  public record Verified(Principal principal, int tokenVersion) {}

  /** A token of a fresh account (token version 0); see {@link #issue(Principal, int)}. */
  public IssuedToken issue(Principal p) {
    return issue(p, 0);
  }

  /**
   * @param tokenVersion the account's current token version: the token stops working when it
   *     changes (deactivation, a password change or reset, log out everywhere)
   */
  public IssuedToken issue(Principal p, int tokenVersion) {
    Instant now = clock.instant();
    Instant exp = now.plus(ttl);
    byte[] jti = new byte[12];
    random.nextBytes(jti);
    JsonObject claims =
        new JsonObject()
            .put("iss", issuer)
            .put("aud", audience)
            .put("sub", p.userId().toString())
            .put("iat", now.getEpochSecond())
            .put("nbf", now.getEpochSecond())
            .put("exp", exp.getEpochSecond())
            .put("jti", B64.encodeToString(jti))
            .put("name", p.username())
            .put("role", p.role().id())
            .put("ver", tokenVersion);
    if (p.passwordChangeOnly()) {
      claims.put("pwc", true);
    }
    p.schoolId().ifPresent(s -> claims.put("school", s.toString()));
    p.groupId().ifPresent(g -> claims.put("group", g.toString()));
    SigningKey key = keys.get(0);
    JsonObject header =
        new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", key.kid());
    return new IssuedToken(Jws.sign(header, claims, key.secret()), exp);
  }

  /**
   * @throws Problem {@code UNAUTHENTICATED} with code {@code token-expired} or {@code
   *     invalid-token}
   */
  public Principal verify(String token) {
    return verifyWithVersion(token).principal();
  }

  /** As {@link #verify}, with the token version the token was issued under. */
  public Verified verifyWithVersion(String token) {
    JsonObject claims;
    try {
      claims =
          Jws.verify(
                  token,
                  kid -> {
                    SigningKey k = keysById.get(kid);
                    return k == null ? null : k.secret();
                  })
              .claims();
    } catch (Jws.InvalidToken e) {
      throw invalid(e.getMessage());
    }
    if (!issuer.equals(claims.getValue("iss"))) {
      throw invalid("wrong issuer");
    }
    if (!audienceMatches(claims.getValue("aud"))) {
      throw invalid("wrong audience");
    }
    long now = clock.instant().getEpochSecond();
    long exp = numericDate(claims, "exp");
    if (now >= exp) {
      throw Problem.of(Problem.Kind.UNAUTHENTICATED, "token-expired", "the token has expired");
    }
    long iat = numericDate(claims, "iat");
    if (iat > now + SKEW.toSeconds()) {
      throw invalid("issued in the future");
    }
    if (claims.containsKey("nbf") && numericDate(claims, "nbf") > now + SKEW.toSeconds()) {
      throw invalid("not valid yet");
    }
    try {
      Role role = Role.fromId(claims.getString("role"));
      Object version = claims.getValue("ver");
      return new Verified(
          new Principal(
              UUID.fromString(claims.getString("sub")),
              claims.getString("name"),
              role,
              optionalUuid(claims, "school"),
              optionalUuid(claims, "group"),
              Boolean.TRUE.equals(claims.getValue("pwc"))),
          version instanceof Number n ? n.intValue() : 0);
    } catch (RuntimeException e) {
      throw invalid("malformed claims");
    }
  }

  private boolean audienceMatches(Object aud) {
    if (aud instanceof String s) {
      return audience.equals(s);
    }
    if (aud instanceof JsonArray a) {
      return a.contains(audience);
    }
    return false;
  }

  private static long numericDate(JsonObject claims, String name) {
    if (claims.getValue(name) instanceof Number n) {
      return n.longValue();
    }
    throw invalid(name + " must be a number");
  }

  private static Optional<UUID> optionalUuid(JsonObject claims, String name) {
    String v = claims.getString(name);
    return v == null ? Optional.empty() : Optional.of(UUID.fromString(v));
  }

  private static Problem invalid(String why) {
    return Problem.of(Problem.Kind.UNAUTHENTICATED, "invalid-token", "invalid token: " + why);
  }
}
