package org.classbridge.common;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The compact JWS codec for HS256 (RFC 7515/7518): signing and signature checking only. What a
 * token must claim is policy and lives with whoever issues it: the API's bearer tokens ({@code
 * auth.TokenService}), and later Jitsi's room tokens and TURN credentials, each with their own
 * rules. Keeping the crypto here means none of them writes {@code hmac()} again.
 *
 * <p>Verification is strict: {@code alg} must be {@code HS256} (never {@code none}, never chosen by
 * the key), the key is looked up by {@code kid} (a token without a known one is refused, not tried
 * against every key), and signatures are compared in constant time.
 */
public final class Jws {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** Longest token accepted, so a megabyte header costs nothing to refuse. */
  public static final int MAX_LENGTH = 4096;

  private Jws() {}

  /** A token whose signature checked out: its header and claims. */
  public record Verified(JsonObject header, JsonObject claims) {}

  /** Why a token was refused; the message names the rule, never key material. */
  public static final class InvalidToken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidToken(String why) {
      super(why, null, false, false);
    }
  }

  /** Signs {@code claims} under {@code header} (which must say alg HS256) with {@code key}. */
  public static String sign(JsonObject header, JsonObject claims, byte[] key) {
    if (!"HS256".equals(header.getValue("alg"))) {
      throw new IllegalArgumentException("only HS256 is signed here");
    }
    String input = encode(header) + "." + encode(claims);
    return input + "." + B64.encodeToString(hmac(key, input));
  }

  /**
   * Checks the form, the algorithm and the signature.
   *
   * @param keyById the secret for a key id, or null when the id is unknown
   * @throws InvalidToken naming the rule that failed
   */
  public static Verified verify(String token, Function<String, byte[]> keyById) {
    if (token == null || token.length() > MAX_LENGTH) {
      throw new InvalidToken("token missing or too long");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new InvalidToken("a token has three non-empty parts");
    }
    JsonObject header = decodeJson(parts[0]);
    if (!"HS256".equals(header.getValue("alg"))) {
      throw new InvalidToken("only HS256 tokens are accepted");
    }
    if (header.containsKey("typ") && !"JWT".equals(header.getValue("typ"))) {
      throw new InvalidToken("typ must be JWT");
    }
    byte[] key = header.getValue("kid") instanceof String kid ? keyById.apply(kid) : null;
    if (key == null) {
      throw new InvalidToken("unknown key id");
    }
    byte[] signature = decode(parts[2]);
    if (!MessageDigest.isEqual(hmac(key, parts[0] + "." + parts[1]), signature)) {
      throw new InvalidToken("signature does not match");
    }
    return new Verified(header, decodeJson(parts[1]));
  }

  private static JsonObject decodeJson(String part) {
    try {
      return new JsonObject(new String(decode(part), StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidToken("not JSON");
    }
  }

  private static byte[] decode(String part) {
    try {
      return B64D.decode(part);
    } catch (IllegalArgumentException e) {
      throw new InvalidToken("not base64url");
    }
  }

  private static String encode(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
