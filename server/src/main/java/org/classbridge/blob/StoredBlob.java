package org.classbridge.blob;

/**
 * A stored object: its SHA-256 name and its size. What the bytes are (a video, a PDF, a script) is
 * not the store's business: callers that need to know sniff the content themselves (the catalogue
 * with the media library's sniffer), so storage never depends on the media pipeline.
 */
public record StoredBlob(String sha256, long size) {
  public StoredBlob {
    BlobStore.checkName(sha256);
    if (size < 0) {
      throw new IllegalArgumentException("size >= 0");
    }
  }
}
