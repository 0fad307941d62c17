package org.classbridge.blob;

import java.io.IOException;

/** The bytes received do not have the SHA-256 the sender announced; nothing was stored. */
public final class BlobIntegrityException extends IOException {
  private static final long serialVersionUID = 1L;

  public BlobIntegrityException(String expected, String actual) {
    super("content SHA-256 is " + actual + ", expected " + expected);
  }
}
