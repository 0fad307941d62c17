package org.classbridge.blob;

import java.io.FileNotFoundException;

/** No object has this name. */
public final class BlobNotFoundException extends FileNotFoundException {
  private static final long serialVersionUID = 1L;

  public BlobNotFoundException(String sha256) {
    super("no stored object " + sha256);
  }
}
