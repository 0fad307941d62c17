package org.classbridge.blob;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Content-addressed object storage: an object's name is the SHA-256 of its bytes, so the same
 * lesson video uploaded by two schools is stored once and a name always means the same bytes.
 *
 * <p>Every method is blocking (file system or network I/O): call it from a worker thread, never the
 * event loop. Content streams through; no method holds a whole object in memory.
 *
 * <p>Two backends pass the same contract suite: {@link LocalBlobStore} (embedded default) and
 * {@link MinioBlobStore} (production).
 */
public interface BlobStore extends AutoCloseable {

  /**
   * Stores everything {@code content} yields. Nothing is visible under the final name until all
   * bytes are written and hashed; a failure or a hash mismatch leaves nothing behind.
   *
   * @param expectedSha256 when present, the lower-case hex SHA-256 the client says it sent; a
   *     different digest refuses the object with {@link BlobIntegrityException}
   */
  StoredBlob put(InputStream content, Optional<String> expectedSha256) throws IOException;

  /** Size of a stored object, if present. */
  Optional<StoredBlob> stat(String sha256) throws IOException;

  /** The object's bytes; the caller closes the stream. */
  InputStream open(String sha256) throws IOException;

  /** {@code length} bytes from {@code offset} (HTTP range requests, resumable downloads). */
  InputStream openRange(String sha256, long offset, long length) throws IOException;

  /** Removes the object; false when it was not there. */
  boolean delete(String sha256) throws IOException;

  /**
   * Removes half-written uploads older than {@code age} (left by a crash mid-upload); returns how
   * many were removed.
   */
  int sweepIncomplete(Duration age) throws IOException;

  /** Throws unless the store is reachable and writable; for readiness checks. */
  void ping() throws IOException;

  /** Short name for logs and health output. */
  String describe();

  @Override
  void close() throws IOException;

  /** Refuses names that are not a lower-case hex SHA-256 (they could be paths). */
  static String checkName(String sha256) {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("an object name is a lower-case hex SHA-256");
    }
    return sha256;
  }
}
