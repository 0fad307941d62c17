package org.classbridge.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.classbridge.common.SecretFile;

/**
 * Where the token signing keys come from: configuration in production; in embedded mode, when none
 * is configured, one generated on first start and kept in {@code <data>/secrets} (owner-only
 * permissions) so tokens survive a restart.
 */
public final class SigningKeys {
  static final String EMBEDDED_KEY_FILE = "jwt-hs256.key";

  private SigningKeys() {}

  public static List<SigningKey> resolve(AuthConfig config) throws IOException {
    if (!config.signingKeys().isEmpty()) {
      return config.signingKeys();
    }
    Path dir =
        config
            .embeddedKeyDir()
            .orElseThrow(() -> new IllegalStateException("production mode needs auth.jwt-keys"));
    return List.of(embeddedKey(dir));
  }

  // pkg-private for testing
  static SigningKey embeddedKey(Path secretsDir) throws IOException {
    byte[] secret = SecretFile.readOrCreate(secretsDir, EMBEDDED_KEY_FILE, 32);
    return new SigningKey("embedded-" + fingerprint(secret), secret);
  }

  /** A key id that changes when the key does, without revealing it. */
  private static String fingerprint(byte[] secret) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(secret);
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
