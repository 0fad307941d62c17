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
 *
 * <h2>Resumable uploads</h2>
 *
 * <p>A lesson video of several GiB does not arrive in one request over a rural uplink, so besides
 * {@link #put} there are upload sessions, the storage half of a tus 1.0 server:
 *
 * <ol>
 *   <li>{@link #beginUpload} returns an id (tus creation: POST);
 *   <li>{@link #append} adds a chunk at the offset where the stored bytes end (tus PATCH), any size
 *       from a few bytes up; {@link #uploadedBytes} says where that is (tus HEAD);
 *   <li>{@link #completeUpload} publishes the bytes under their SHA-256, as {@link #put} would; or
 *       {@link #abortUpload} drops them (tus termination).
 * </ol>
 *
 * <p>A session lives in the store itself (files under the root, objects and an S3 multipart upload
 * in the bucket), never only in memory: after a server is killed, or on another node, a new store
 * on the same root or bucket continues the upload where the stored bytes end. Appends to one
 * session are serialized by the store instance (and, on local files, across processes by an OS file
 * lock): a second one waits, then finds the offset moved and is refused. Across MinIO nodes nothing
 * serializes them, so the tus layer must not run two PATCHes of one upload at once (tus clients do
 * not); even then, a completed object's name is always the SHA-256 of the bytes stored. Sessions
 * nobody touches for longer than the sweep age are removed by {@link #sweepIncomplete}.
 *
 * <p>Hashing: an instance that received every byte of a session in order keeps the SHA-256 running
 * in memory and completes without reading the bytes again. Otherwise (the server was restarted, or
 * another node took part) completion re-reads the assembled bytes once: with the JDK's SHA-256 that
 * costs about 0.8-1.2 s per GiB of local file (1,280 MiB/s with the file in the page cache, 850
 * MiB/s cold; 1 GiB file read in 1 MiB blocks on the project's 2-core Xeon machine with SHA-NI,
 * Temurin 25), so 3-5 s for a 4 GiB video; on MinIO the read back over the network usually
 * dominates.
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
   * Removes half-written uploads older than {@code age} (left by a crash mid-upload) and upload
   * sessions nobody has appended to for longer than {@code age} (abandoned: the client gave up, or
   * the tus layer lost track of them); returns how many were removed. Age counts from a session's
   * last append, not its start, so a slow upload is never swept while it moves. Run it from one
   * node at a time, with an age far above any pause a client makes between chunks (hours, not
   * minutes).
   */
  int sweepIncomplete(Duration age) throws IOException;

  /**
   * Opens a resumable upload session and returns its id: 32 lower-case hex characters (128 random
   * bits), safe in a URL and a file name. Anyone who knows the id can append, so it is as secret as
   * the upload's URL.
   */
  String beginUpload() throws IOException;

  /**
   * Appends everything {@code chunk} yields to the session, which must hold exactly {@code offset}
   * bytes; returns the new total. The bytes are durable when this returns (local: fsync; MinIO:
   * acknowledged by the server). The caller closes {@code chunk}.
   *
   * <p>If {@code chunk} fails midway (the client's connection dropped), the bytes received until
   * then are kept, as tus asks, and the failure is rethrown: the client asks {@link #uploadedBytes}
   * and resumes from there.
   *
   * @throws UploadOffsetException when the session does not hold exactly {@code offset} bytes;
   *     nothing was read or stored
   * @throws UploadNotFoundException when there is no such session (any more)
   */
  long append(String uploadId, long offset, InputStream chunk) throws IOException;

  /**
   * How many bytes the session holds: where the next append starts (tus {@code Upload-Offset}).
   *
   * @throws UploadNotFoundException when there is no such session (any more)
   */
  long uploadedBytes(String uploadId) throws IOException;

  /**
   * Publishes the session's bytes under their SHA-256 exactly as {@link #put} does: nothing is
   * visible under the final name until all bytes are assembled and hashed. On success the session
   * is gone.
   *
   * <p>On a hash mismatch the session is removed too, with its bytes (they are not the file the
   * client meant, and a retry would fail the same way): the client starts a new upload. On any
   * other failure (I/O, network) the session stays as it was, or half-completed in a state that a
   * retry of this call finishes; the sweep removes it if nobody retries.
   *
   * @param expectedSha256 when present, the lower-case hex SHA-256 the client says it sent; a
   *     different digest refuses the object with {@link BlobIntegrityException}
   * @throws UploadNotFoundException when there is no such session (any more)
   */
  StoredBlob completeUpload(String uploadId, Optional<String> expectedSha256) throws IOException;

  /**
   * Drops the session and its bytes.
   *
   * @throws UploadNotFoundException when there is no such session (any more)
   */
  void abortUpload(String uploadId) throws IOException;

  /**
   * How to send {@code length} bytes of the object from {@code offset} to an HTTP client: a file
   * region for zero-copy, a presigned redirect, or a stream (see {@link Delivery}).
   *
   * <p>A range that runs past the end is clamped to the end (like {@link #openRange}; the returned
   * length is what will be sent, build {@code Content-Range} from it). An offset past the end is
   * refused with {@link IllegalArgumentException}, which the HTTP layer answers with 416; so is a
   * negative offset or length.
   *
   * @throws BlobNotFoundException when no object has this name
   */
  Delivery deliver(String sha256, long offset, long length, DeliveryHints hints) throws IOException;

  /** Throws unless the store is reachable and writable; for readiness checks. */
  void ping() throws IOException;

  /** Short name for logs and health output. */
  String describe();

  @Override
  void close() throws IOException;

  /** Refuses upload ids that are not 32 lower-case hex characters (they could be paths). */
  static String checkUploadId(String uploadId) {
    if (uploadId == null || !uploadId.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("an upload id is 32 lower-case hex characters");
    }
    return uploadId;
  }

  /** Refuses names that are not a lower-case hex SHA-256 (they could be paths). */
  static String checkName(String sha256) {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("an object name is a lower-case hex SHA-256");
    }
    return sha256;
  }
}
