package org.classbridge.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

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
    Path file = secretsDir.resolve(EMBEDDED_KEY_FILE);
    byte[] secret;
    if (Files.exists(file)) {
      secret =
          Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } else {
      Files.createDirectories(secretsDir);
      secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      Path tmp = Files.createTempFile(secretsDir, "key", ".tmp");
      try {
        restrict(tmp);
        Files.writeString(
            tmp, Base64.getEncoder().encodeToString(secret), StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return new SigningKey("embedded-" + fingerprint(secret), secret);
  }

  private static void restrict(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the data dir's own permissions apply
    }
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
