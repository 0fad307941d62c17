package org.classbridge.blob;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Objects as files under a directory: {@code objects/ab/<sha256>}, written first to {@code
 * incoming/} and moved into place atomically once complete and verified, so a crash leaves only an
 * incoming file that {@link #sweepIncomplete} removes.
 *
 * <h2>Upload sessions</h2>
 *
 * <p>A session is one file, {@code uploads/<id>.upload}: its length is the offset, its modification
 * time the last append, and completion hashes it and renames it to {@code objects/ab/<sha256>} (no
 * copy). So a restarted server, or another process on the same directory, carries on where the file
 * ends. Appends and completion hold an OS lock on the file (plus an in-JVM lock, since the JVM
 * refuses to take an OS lock twice), and check under that lock that the file is still the
 * session's: a session completed or aborted while an append waited is not found, never written
 * after it became an object.
 *
 * <p>The running SHA-256 of a session is kept in memory for as long as this instance saw every byte
 * from 0: it is valid exactly when it covers as many bytes as the file holds. Otherwise completion
 * re-reads the file once (about 0.8-1.2 s per GiB; see {@link BlobStore}).
 */
public final class LocalBlobStore implements BlobStore {
  /**
   * In-JVM locks on session files, shared by every instance (see the class comment); an entry lives
   * while some thread holds or waits for it, so the map holds only busy sessions.
   */
  private static final Map<Path, SessionLock> SESSION_LOCKS = new ConcurrentHashMap<>();

  private static final class SessionLock {
    final ReentrantLock lock = new ReentrantLock();
    int users; // guarded by SESSION_LOCKS.compute
  }

  private static final int COPY_BUFFER = 64 * 1024;
  private static final int HASH_BUFFER = 1024 * 1024;

  private final Path objects;
  private final Path incoming;
  private final Path uploads;

  /** {@link #uploads} with symbolic links resolved: the key of the in-JVM session locks. */
  private final Path realUploads;

  private final Clock clock;

  /** Running SHA-256 of the sessions this instance has seen every byte of. */
  private final Map<String, RunningHash> hashes = new ConcurrentHashMap<>();

  /** Bytes completion had to read again to hash them; for tests of the fast path. */
  private final AtomicLong rehashed = new AtomicLong();

  public LocalBlobStore(Path root, Clock clock) throws IOException {
    this.objects = Files.createDirectories(root.resolve("objects"));
    this.incoming = Files.createDirectories(root.resolve("incoming"));
    this.uploads = Files.createDirectories(root.resolve("uploads"));
    this.realUploads = uploads.toRealPath();
    this.clock = clock;
  }

  private Path pathOf(String sha256) {
    BlobStore.checkName(sha256);
    return objects.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  @Override
  public StoredBlob put(InputStream content, Optional<String> expectedSha256) throws IOException {
    expectedSha256.ifPresent(BlobStore::checkName);
    Path part = incoming.resolve(UUID.randomUUID() + ".part");
    try {
      DigestingStream in = new DigestingStream(content);
      try (FileChannel ch =
              FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(ch)) {
        in.transferTo(out);
        out.flush();
        ch.force(true); // durable before it becomes visible under its name
      }
      String sha = in.sha256();
      if (expectedSha256.isPresent() && !expectedSha256.get().equals(sha)) {
        throw new BlobIntegrityException(expectedSha256.get(), sha);
      }
      Path target = pathOf(sha);
      Files.createDirectories(target.getParent());
      if (!Files.exists(target)) {
        try {
          Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
          // the same bytes were stored concurrently: identical content, nothing to do
        }
      }
      return new StoredBlob(sha, in.size());
    } finally {
      Files.deleteIfExists(part);
    }
  }

  @Override
  public Optional<StoredBlob> stat(String sha256) throws IOException {
    Path p = pathOf(sha256);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    return Optional.of(new StoredBlob(sha256, Files.size(p)));
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    try {
      return Files.newInputStream(pathOf(sha256));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(sha256);
    }
  }

  @Override
  public InputStream openRange(String sha256, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length are >= 0");
    }
    SeekableByteChannel ch;
    try {
      ch = Files.newByteChannel(pathOf(sha256), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(sha256);
    }
    try {
      ch.position(offset);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return new BoundedStream(Channels.newInputStream(ch), length);
  }

  @Override
  public boolean delete(String sha256) throws IOException {
    return Files.deleteIfExists(pathOf(sha256));
  }

  /**
   * A region of the object's file, for zero-copy sending. Object files are never rewritten (a
   * {@link #delete} unlinks the name; a send already under way keeps reading the old file).
   */
  @Override
  public Delivery deliver(String sha256, long offset, long length, DeliveryHints hints)
      throws IOException {
    Objects.requireNonNull(hints, "hints");
    Path file = pathOf(sha256);
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(sha256);
    }
    return new Delivery.LocalFile(file, offset, BlobRules.clampRange(size, offset, length));
  }

  // ---- upload sessions ----

  /** SHA-256 of the first {@code bytes} bytes of a session. */
  private static final class RunningHash {
    final MessageDigest digest;
    long bytes;

    RunningHash() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }
  }

  private Path sessionFile(String uploadId) {
    return uploads.resolve(BlobStore.checkUploadId(uploadId) + ".upload");
  }

  /** Takes this JVM's lock on a session; {@code wait} false gives up at once if it is held. */
  private SessionLock lockJvm(String uploadId, boolean wait) {
    Path key = realUploads.resolve(uploadId + ".upload");
    SessionLock l =
        SESSION_LOCKS.compute(
            key,
            (k, v) -> {
              SessionLock held = v == null ? new SessionLock() : v;
              held.users++;
              return held;
            });
    if (wait) {
      l.lock.lock();
    } else if (!l.lock.tryLock()) {
      forget(key);
      return null;
    }
    return l;
  }

  private void unlockJvm(String uploadId, SessionLock l) {
    l.lock.unlock();
    forget(realUploads.resolve(uploadId + ".upload"));
  }

  private static void forget(Path key) {
    SESSION_LOCKS.computeIfPresent(key, (k, v) -> --v.users == 0 ? null : v);
  }

  private static FileChannel openSession(Path file, String uploadId, OpenOption... options)
      throws IOException {
    try {
      return FileChannel.open(file, options);
    } catch (NoSuchFileException e) {
      throw new UploadNotFoundException(uploadId);
    }
  }

  /**
   * Under the session's lock: is the file still there? Completion renames it and abort deletes it
   * while holding the lock, so a caller that waited for the lock sees it gone.
   */
  private static void requireLive(Path file, String uploadId) throws UploadNotFoundException {
    if (!Files.exists(file)) {
      throw new UploadNotFoundException(uploadId);
    }
  }

  /** Work on a session's file while holding its locks. */
  @FunctionalInterface
  private interface SessionWork<T> {
    T run(FileChannel ch) throws IOException;
  }

  /**
   * Runs {@code work} on the session's file under the in-JVM and the OS lock, after checking that
   * the file is still the session's.
   */
  private <T> T locked(String uploadId, SessionWork<T> work, OpenOption... options)
      throws IOException {
    Path file = sessionFile(uploadId);
    SessionLock lock = lockJvm(uploadId, true);
    try (FileChannel ch = openSession(file, uploadId, options)) {
      FileLock held = ch.lock();
      try {
        requireLive(file, uploadId);
        return work.run(ch);
      } finally {
        if (held.isValid()) {
          held.release();
        }
      }
    } finally {
      unlockJvm(uploadId, lock);
    }
  }

  @Override
  public String beginUpload() throws IOException {
    String id = BlobRules.newUploadId();
    Path file = sessionFile(id);
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    syncDirectory(uploads); // the session's name survives a power cut, not only a killed process
    hashes.put(id, new RunningHash());
    return id;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Writes through to the session file and fsyncs before returning, also when the chunk broke
   * midway.
   */
  @Override
  public long append(String uploadId, long offset, InputStream chunk) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset >= 0");
    }
    return locked(
        uploadId, ch -> appendLocked(uploadId, offset, chunk, ch), StandardOpenOption.WRITE);
  }

  private long appendLocked(String uploadId, long offset, InputStream chunk, FileChannel ch)
      throws IOException {
    long size = ch.size();
    if (offset != size) {
      throw new UploadOffsetException(offset, size);
    }
    RunningHash hash = hashes.get(uploadId);
    if (hash == null && size == 0) {
      hash = new RunningHash();
      hashes.put(uploadId, hash);
    } else if (hash != null && hash.bytes != size) {
      hashes.remove(uploadId); // another process appended: completion re-reads the file
      hash = null;
    }
    ch.position(size);
    byte[] buf = new byte[COPY_BUFFER];
    long total = size;
    IOException cut = null;
    try {
      while (true) {
        int n;
        try {
          n = chunk.read(buf);
        } catch (IOException e) {
          cut = e; // keep what arrived; the client resumes from there
          break;
        }
        if (n < 0) {
          break;
        }
        ByteBuffer bytes = ByteBuffer.wrap(buf, 0, n);
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        total += n;
        if (hash != null) {
          hash.digest.update(buf, 0, n);
          hash.bytes += n;
        }
      }
    } finally {
      ch.force(true); // durable before the client hears the new offset
    }
    if (cut != null) {
      throw cut;
    }
    return total;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The file's length, without waiting for an append under way (it may count bytes that append
   * has written but not yet fsynced).
   */
  @Override
  public long uploadedBytes(String uploadId) throws IOException {
    try {
      return Files.size(sessionFile(uploadId));
    } catch (NoSuchFileException e) {
      throw new UploadNotFoundException(uploadId);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The session file is renamed to the object's name (same file system: no copy); on a hash
   * mismatch it is deleted before the exception is thrown.
   */
  @Override
  public StoredBlob completeUpload(String uploadId, Optional<String> expectedSha256)
      throws IOException {
    expectedSha256.ifPresent(BlobStore::checkName);
    return locked(
        uploadId,
        ch -> completeLocked(uploadId, expectedSha256, ch),
        StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  private StoredBlob completeLocked(
      String uploadId, Optional<String> expectedSha256, FileChannel ch) throws IOException {
    Path file = sessionFile(uploadId);
    long size = ch.size();
    RunningHash hash = hashes.remove(uploadId);
    String sha =
        hash != null && hash.bytes == size
            ? HexFormat.of().formatHex(hash.digest.digest())
            : rehash(ch, size);
    if (expectedSha256.isPresent() && !expectedSha256.get().equals(sha)) {
      Files.delete(file);
      throw new BlobIntegrityException(expectedSha256.get(), sha);
    }
    Path target = pathOf(sha);
    Files.createDirectories(target.getParent());
    if (!Files.exists(target)) {
      try {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException raced) {
        // the same bytes were stored concurrently: identical content, nothing to do
      }
    }
    Files.deleteIfExists(file); // when the object was there already
    return new StoredBlob(sha, size);
  }

  /** Bytes completions of this instance read again to hash them (tests check the fast path). */
  long bytesRehashed() {
    return rehashed.get();
  }

  private String rehash(FileChannel ch, long size) throws IOException {
    rehashed.addAndGet(size);
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    ByteBuffer buf = ByteBuffer.allocate(HASH_BUFFER);
    long pos = 0;
    while (pos < size) {
      buf.clear().limit((int) Math.min(buf.capacity(), size - pos));
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("upload file ended before its length");
      }
      buf.flip();
      digest.update(buf);
      pos += n;
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void abortUpload(String uploadId) throws IOException {
    try {
      locked(
          uploadId,
          ch -> {
            Files.delete(sessionFile(uploadId));
            return null;
          },
          StandardOpenOption.WRITE);
    } finally {
      hashes.remove(uploadId);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also removes upload sessions not appended to for longer than {@code age} (by the file's
   * modification time: a slow upload stays as long as it moves), skipping any that an append or
   * completion holds right now. Each counts as one.
   */
  @Override
  public int sweepIncomplete(Duration age) throws IOException {
    Instant cutoff = clock.instant().minus(age);
    int removed = 0;
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(incoming, "*.part")) {
      for (Path p : parts) {
        if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
          removed++;
        }
      }
    }
    try (DirectoryStream<Path> sessions = Files.newDirectoryStream(uploads, "*.upload")) {
      for (Path p : sessions) {
        String name = p.getFileName().toString();
        String id = name.substring(0, name.length() - ".upload".length());
        if (id.matches("[0-9a-f]{32}") && sweepSession(id, cutoff)) {
          removed++;
        }
      }
    }
    // forget running hashes of sessions completed or aborted by another process
    hashes.keySet().removeIf(id -> !Files.exists(sessionFile(id)));
    return removed;
  }

  private boolean sweepSession(String id, Instant cutoff) throws IOException {
    Path file = sessionFile(id);
    SessionLock lock = lockJvm(id, false);
    if (lock == null) {
      return false; // busy in this JVM
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock held = ch.tryLock();
      if (held == null) {
        return false; // busy in another process
      }
      try {
        if (!Files.exists(file) || !Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
          return false;
        }
        Files.delete(file);
        hashes.remove(id);
        return true;
      } finally {
        held.release();
      }
    } catch (NoSuchFileException gone) {
      return false;
    } finally {
      unlockJvm(id, lock);
    }
  }

  /** Best effort: not every platform can open a directory to fsync it. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // the file's own fsync still holds its bytes; only its name may be lost to a power cut
    }
  }

  @Override
  public void ping() throws IOException {
    if (!Files.isDirectory(objects)
        || !Files.isWritable(objects)
        || !Files.isWritable(incoming)
        || !Files.isWritable(uploads)) {
      throw new IOException("blob directory is not writable: " + objects.getParent());
    }
  }

  @Override
  public String describe() {
    return "local:" + objects.getParent();
  }

  @Override
  public void close() {}

  /** At most {@code remaining} bytes of the underlying stream. */
  static final class BoundedStream extends FilterInputStream {
    private long remaining;

    BoundedStream(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
