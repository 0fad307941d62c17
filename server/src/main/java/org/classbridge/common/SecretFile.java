package org.classbridge.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random secret kept in a file of the data directory (embedded mode): made on first start,
 * owner-only, written whole or not at all, read back on every start after.
 */
public final class SecretFile {
  private SecretFile() {}

  /** The secret in {@code dir/name}, creating {@code bytes} random bytes there if it is new. */
  public static byte[] readOrCreate(Path dir, String name, int bytes) throws IOException {
    Path file = dir.resolve(name);
    if (Files.exists(file)) {
      return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }
    Files.createDirectories(dir);
    byte[] secret = new byte[bytes];
    new SecureRandom().nextBytes(secret);
    Path tmp = Files.createTempFile(dir, "key", ".tmp");
    try {
      restrict(tmp);
      Files.writeString(tmp, Base64.getEncoder().encodeToString(secret), StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return secret;
  }

  private static void restrict(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the data dir's own permissions apply
    }
  }
}
