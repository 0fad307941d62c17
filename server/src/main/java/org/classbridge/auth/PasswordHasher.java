package org.classbridge.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow password hashing with PBKDF2-HMAC-SHA256 from the JDK: no native code, FIPS-approved, and
 * the iteration count is stored in each hash ({@code pbkdf2-sha256$iterations$salt$hash}) so it can
 * be raised later; {@link #needsRehash} tells when a stored hash is weaker than today's.
 *
 * <p>Hashing is deliberately CPU-heavy (about 0.13 s at 600,000 iterations on these machines):
 * callers run it on a worker thread, never on the event loop.
 */
public final class PasswordHasher {
  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  /** Made on first use (on a worker thread), not in the constructor: it costs a whole hash. */
  private volatile String dummyHash;

  public PasswordHasher(int iterations) {
    if (iterations < 1_000) {
      throw new IllegalArgumentException("at least 1000 iterations");
    }
    this.iterations = iterations;
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] h = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(h);
  }

  /** Constant-time check; a malformed stored hash never matches. */
  public boolean verify(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      return false;
    }
    try {
      int it = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(password, salt, it));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Spends the same time as a real verification and fails; for unknown usernames. */
  public boolean verifyAgainstNothing(String password) {
    String dummy = dummyHash;
    if (dummy == null) {
      // verified against when an account does not exist, so both paths cost the same time
      dummy = hash("not-a-password-" + random.nextLong());
      dummyHash = dummy;
    }
    verify(password, dummy);
    return false;
  }

  /** Whether a stored hash is well formed and made with exactly this hasher's iterations. */
  public boolean hasCost(String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    return parts.length == 4
        && SCHEME.equals(parts[0])
        && parts[1].equals(Integer.toString(iterations))
        && !parts[2].isEmpty()
        && !parts[3].isEmpty();
  }

  public boolean needsRehash(String stored) {
    String[] parts = stored.split("\\$");
    try {
      return parts.length != 4
          || !SCHEME.equals(parts[0])
          || Integer.parseInt(parts[1]) < iterations;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    if (iterations < 1 || iterations > 100_000_000) {
      throw new IllegalArgumentException("iterations out of range");
    }
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
