package org.classbridge.blob;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Objects as files under a directory: {@code objects/ab/<sha256>}, written first to {@code
 * incoming/} and moved into place atomically once complete and verified, so a crash leaves only an
 * incoming file that {@link #sweepIncomplete} removes.
 */
public final class LocalBlobStore implements BlobStore {
  private final Path objects;
  private final Path incoming;
  private final Clock clock;

  public LocalBlobStore(Path root, Clock clock) throws IOException {
    this.objects = Files.createDirectories(root.resolve("objects"));
    this.incoming = Files.createDirectories(root.resolve("incoming"));
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
    return removed;
  }

  @Override
  public void ping() throws IOException {
    if (!Files.isDirectory(objects) || !Files.isWritable(objects) || !Files.isWritable(incoming)) {
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
