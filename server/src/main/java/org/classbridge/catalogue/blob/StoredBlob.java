package org.classbridge.catalogue.blob;

import org.classbridge.media.MediaKind;

/** A stored object: its SHA-256 name, its size, and what its first bytes say it is. */
public record StoredBlob(String sha256, long size, MediaKind kind) {
  public StoredBlob {
    BlobStore.checkName(sha256);
    if (size < 0) {
      throw new IllegalArgumentException("size >= 0");
    }
  }
}
