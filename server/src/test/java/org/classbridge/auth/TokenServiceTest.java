package org.classbridge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
  static final SigningKey KEY_A =
      new SigningKey("a", "0123456789abcdef0123456789abcdef".getBytes());
  static final SigningKey KEY_B =
      new SigningKey("b", "fedcba9876543210fedcba9876543210".getBytes());

  final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T08:00:00Z"));
  final TokenService tokens =
      new TokenService(
          List.of(KEY_A), "classbridge", "classbridge-api", Duration.ofHours(10), clock);

  final Principal student =
      new Principal(
          UUID.randomUUID(),
          "student.yushu",
          Role.STUDENT,
          Optional.of(UUID.randomUUID()),
          Optional.of(UUID.randomUUID()));

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject part(String token, int i) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[i]), StandardCharsets.UTF_8));
  }

  private static void assertRefused(TokenService t, String token, String code) {
    assertThatThrownBy(() -> t.verify(token))
        .isInstanceOfSatisfying(
            Problem.class,
            p -> {
              assertThat(p.kind()).isEqualTo(Problem.Kind.UNAUTHENTICATED);
              assertThat(p.code()).isEqualTo(code);
            });
  }

  @Test
  @DisplayName("a token it issued verifies back to the same person, with role, school and group")
  void roundTrip() {
    String token = tokens.issue(student).token();
    assertThat(tokens.verify(token)).isEqualTo(student);
    JsonObject header = part(token, 0);
    assertThat(header.getString("alg")).isEqualTo("HS256");
    assertThat(header.getString("typ")).isEqualTo("JWT");
    assertThat(header.getString("kid")).isEqualTo("a");
    JsonObject claims = part(token, 1);
    assertThat(claims.getString("iss")).isEqualTo("classbridge");
    assertThat(claims.getString("aud")).isEqualTo("classbridge-api");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(36000);
  }

  @Test
  @DisplayName("a token stops working the second it expires")
  void expiry() {
    String token = tokens.issue(student).token();
    clock.advance(Duration.ofHours(10).minusSeconds(1));
    assertThat(tokens.verify(token).username()).isEqualTo("student.yushu");
    clock.advance(Duration.ofSeconds(1));
    assertRefused(tokens, token, "token-expired");
  }

  @Test
  @DisplayName("unsigned tokens (alg none) are refused, with or without a signature part")
  void algNone() {
    String payload = tokens.issue(student).token().split("\\.")[1];
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"a\"}");
    assertRefused(tokens, header + "." + payload + ".", "invalid-token");
    assertRefused(tokens, header + "." + payload, "invalid-token");
    assertRefused(tokens, header + "." + payload + ".c2ln", "invalid-token");
  }

  @Test
  @DisplayName("changing any claim breaks the signature")
  void tampered() {
    String[] parts = tokens.issue(student).token().split("\\.");
    JsonObject claims = part(String.join(".", parts), 1).put("role", "admin");
    assertRefused(tokens, parts[0] + "." + b64(claims.encode()) + "." + parts[2], "invalid-token");
  }

  @Test
  @DisplayName(
      "wrong issuer, wrong audience, unknown or missing kid, and other algorithms are refused")
  void wrongClaims() {
    TokenService otherIssuer =
        new TokenService(
            List.of(KEY_A), "someone-else", "classbridge-api", Duration.ofHours(1), clock);
    assertRefused(tokens, otherIssuer.issue(student).token(), "invalid-token");
    TokenService otherAudience =
        new TokenService(List.of(KEY_A), "classbridge", "jitsi", Duration.ofHours(1), clock);
    assertRefused(tokens, otherAudience.issue(student).token(), "invalid-token");
    TokenService otherKey =
        new TokenService(
            List.of(KEY_B), "classbridge", "classbridge-api", Duration.ofHours(1), clock);
    assertRefused(tokens, otherKey.issue(student).token(), "invalid-token");

    String[] parts = tokens.issue(student).token().split("\\.");
    assertRefused(
        tokens,
        b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2],
        "invalid-token");
    assertRefused(
        tokens,
        b64("{\"alg\":\"HS512\",\"typ\":\"JWT\",\"kid\":\"a\"}") + "." + parts[1] + "." + parts[2],
        "invalid-token");
    assertRefused(tokens, "not-a-token", "invalid-token");
    assertRefused(tokens, "a.b.c", "invalid-token");
  }

  @Test
  @DisplayName(
      "after a key rotation, tokens signed with the previous key still verify until they expire")
  void rotation() {
    String old = tokens.issue(student).token();
    TokenService rotated =
        new TokenService(
            List.of(KEY_B, KEY_A), "classbridge", "classbridge-api", Duration.ofHours(10), clock);
    assertThat(rotated.verify(old)).isEqualTo(student);
    assertThat(part(rotated.issue(student).token(), 0).getString("kid")).isEqualTo("b");
  }

  @Test
  @DisplayName("tokens issued in the future are refused")
  void issuedInFuture() {
    MutableClock ahead = new MutableClock(clock.instant().plus(Duration.ofMinutes(5)));
    TokenService fast =
        new TokenService(
            List.of(KEY_A), "classbridge", "classbridge-api", Duration.ofHours(1), ahead);
    assertRefused(tokens, fast.issue(student).token(), "invalid-token");
  }
}
