package org.classbridge.blob;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Rules both backends apply the same way; package-private, not part of the store's API. */
final class BlobRules {
  private static final SecureRandom RANDOM = new SecureRandom();

  private BlobRules() {}

  /**
   * A new upload id: 128 bits from a SecureRandom, as lower-case hex (see {@link
   * BlobStore#checkUploadId}).
   */
  static String newUploadId() {
    byte[] bits = new byte[16];
    RANDOM.nextBytes(bits);
    return HexFormat.of().formatHex(bits);
  }

  /**
   * The length of a delivered range: refuses one that starts before the object or past its end, and
   * clamps its length to the end.
   */
  static long clampRange(long size, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length are >= 0");
    }
    if (offset > size) {
      throw new IllegalArgumentException("a range starts at most at the end of the object");
    }
    return Math.min(length, size - offset);
  }
}
