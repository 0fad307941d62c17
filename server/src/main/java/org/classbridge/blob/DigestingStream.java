package org.classbridge.blob;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes through while computing their SHA-256 and counting them: one pass over the content,
 * however large.
 */
final class DigestingStream extends FilterInputStream {
  private final MessageDigest digest;
  private long size;

  DigestingStream(InputStream in) {
    super(in);
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      seen(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      seen(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) {
    return 0; // every byte must pass through the digest
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void seen(byte[] b, int off, int n) {
    digest.update(b, off, n);
    size += n;
  }

  long size() {
    return size;
  }

  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
