package org.classbridge.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What every blob backend must do; run on the local store, S3Proxy and (when set) a real MinIO. */
abstract class BlobStoreContract {

  /** A fresh, empty store for one test. */
  abstract BlobStore store() throws Exception;

  /**
   * Another store on the same root or bucket as the last {@link #store()}: what a restarted server
   * or a second node opens. The caller closes it.
   */
  abstract BlobStore sameStoreAgain() throws Exception;

  /**
   * Whatever the backend keeps of upload sessions (files; objects and S3 multipart uploads), seen
   * around the store under test, so a test can check that nothing is left.
   */
  abstract List<String> uploadLeftovers() throws Exception;

  /** The kind of delivery this backend gives in its test configuration. */
  abstract Class<? extends Delivery> expectedDelivery();

  private BlobStore store;

  @BeforeEach
  void openStore() throws Exception {
    store = store(); // eagerly, so a backend that is absent skips before any assertion runs
  }

  BlobStore s() {
    return store;
  }

  @AfterEach
  void closeStore() throws IOException {
    if (store != null) {
      store.close();
    }
  }

  /**
   * Deterministic pseudo-random bytes of any length, generated as read, never held whole. The bytes
   * do not depend on how the reader slices its reads: they come from fixed blocks ({@link
   * Random#nextBytes} drops the tail of each int it draws, so drawing read-sized arrays would make
   * the content depend on the caller's buffer sizes).
   */
  static final class GeneratedStream extends InputStream {
    private final Random random;
    private final byte[] block = new byte[4096];
    private int blockPos = block.length;
    private long remaining;
    private final long failAfter;

    GeneratedStream(long seed, long length, long failAfter) {
      this.random = new Random(seed);
      this.remaining = length;
      this.failAfter = failAfter;
    }

    GeneratedStream(long seed, long length) {
      this(seed, length, -1);
    }

    private long served;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (failAfter >= 0 && served >= failAfter) {
        throw new IOException("connection reset by a rural uplink");
      }
      if (remaining <= 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (blockPos == block.length) {
        random.nextBytes(block);
        blockPos = 0;
      }
      int n = (int) Math.min(Math.min(len, remaining), block.length - blockPos);
      if (failAfter >= 0) {
        n = (int) Math.min(n, failAfter - served);
      }
      System.arraycopy(block, blockPos, b, off, n);
      blockPos += n;
      remaining -= n;
      served += n;
      return n;
    }
  }

  static String sha256Of(InputStream in) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[64 * 1024];
    int n;
    try (in) {
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  @Test
  @DisplayName("stores an object under its SHA-256 and gives the same bytes back")
  void roundTrip() throws Exception {
    byte[] pdf = "%PDF-1.7\n勾股定理 教案 ཀ་ཁ་ག\n".getBytes(StandardCharsets.UTF_8);
    StoredBlob stored = s().put(new ByteArrayInputStream(pdf), Optional.empty());
    assertThat(stored.sha256()).isEqualTo(sha256Of(new ByteArrayInputStream(pdf)));
    assertThat(stored.size()).isEqualTo(pdf.length);
    try (InputStream in = s().open(stored.sha256())) {
      assertThat(in.readAllBytes()).isEqualTo(pdf);
    }
    assertThat(s().stat(stored.sha256())).contains(stored);
  }

  @Test
  @DisplayName(
      "streams an object larger than a multipart part through without a whole copy in memory")
  void largeObject() throws Exception {
    long size = MinioBlobStore.PART_SIZE + 1234567; // crosses the multipart boundary
    String expected = sha256Of(new GeneratedStream(7, size));
    StoredBlob stored = s().put(new GeneratedStream(7, size), Optional.of(expected));
    assertThat(stored.sha256()).isEqualTo(expected);
    assertThat(stored.size()).isEqualTo(size);
    assertThat(sha256Of(s().open(expected))).isEqualTo(expected);
    assertThat(s().stat(expected).orElseThrow().size()).isEqualTo(size);
  }

  @Test
  @DisplayName("the same bytes stored twice are one object")
  void deduplicates() throws Exception {
    StoredBlob a = s().put(new GeneratedStream(1, 1000), Optional.empty());
    StoredBlob b = s().put(new GeneratedStream(1, 1000), Optional.empty());
    assertThat(b).isEqualTo(a);
    assertThat(s().delete(a.sha256())).isTrue();
    assertThat(s().stat(a.sha256())).isEmpty();
  }

  @Test
  @DisplayName("bytes that do not match the announced SHA-256 are refused and leave nothing behind")
  void integrity() throws Exception {
    String wrong = "0".repeat(64);
    assertThatThrownBy(() -> s().put(new GeneratedStream(2, 5000), Optional.of(wrong)))
        .isInstanceOf(BlobIntegrityException.class)
        .hasMessageContaining("expected " + wrong);
    assertThat(s().stat(sha256Of(new GeneratedStream(2, 5000)))).isEmpty();
    assertThat(s().sweepIncomplete(Duration.ZERO)).isZero();
  }

  @Test
  @DisplayName("an upload cut off mid-stream stores nothing and leaves nothing half-written")
  void interruptedUpload() throws Exception {
    assertThatThrownBy(() -> s().put(new GeneratedStream(3, 100_000, 40_000), Optional.empty()))
        .isInstanceOf(IOException.class);
    assertThat(s().stat(sha256Of(new GeneratedStream(3, 40_000)))).isEmpty();
    assertThat(s().stat(sha256Of(new GeneratedStream(3, 100_000)))).isEmpty();
    assertThat(s().sweepIncomplete(Duration.ZERO)).isZero();
  }

  @Test
  @DisplayName("reads a byte range, for resumable downloads and video seeking")
  void ranges() throws Exception {
    byte[] data = new byte[10_000];
    new Random(4).nextBytes(data);
    StoredBlob stored = s().put(new ByteArrayInputStream(data), Optional.empty());
    try (InputStream in = s().openRange(stored.sha256(), 1000, 500)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 1500));
    }
    try (InputStream in = s().openRange(stored.sha256(), 9990, 500)) {
      assertThat(in.readAllBytes()).hasSize(10);
    }
  }

  @Test
  @DisplayName("unknown objects are not found; names that are not SHA-256 hex are refused")
  void unknownAndBadNames() throws Exception {
    String absent = "a".repeat(64);
    assertThat(s().stat(absent)).isEmpty();
    assertThat(s().delete(absent)).isFalse();
    assertThatThrownBy(() -> s().open(absent)).isInstanceOf(BlobNotFoundException.class);
    assertThatThrownBy(() -> s().open("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s().stat("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- resumable uploads ----

  /** The next {@code n} bytes of {@code in}, without closing it (one chunk of a longer file). */
  static InputStream take(InputStream in, long n) {
    return new FilterInputStream(in) {
      private long left = n;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int r = in.read(b, off, (int) Math.min(len, left));
        if (r > 0) {
          left -= r;
        }
        return r;
      }

      @Override
      public void close() {}
    };
  }

  /** A chunk that must not be read: an append that refuses its offset stores nothing. */
  static final InputStream UNREADABLE =
      new InputStream() {
        @Override
        public int read() {
          throw new AssertionError("a refused append read its chunk");
        }
      };

  static long rehashed(BlobStore store) {
    return switch (store) {
      case LocalBlobStore local -> local.bytesRehashed();
      case MinioBlobStore minio -> minio.bytesRehashed();
      default -> throw new IllegalArgumentException(store.describe());
    };
  }

  @Test
  @DisplayName(
      "an upload appended in uneven chunks across the multipart part size completes to the same"
          + " object as put, hashed on the way")
  void uploadInUnevenChunks() throws Exception {
    long[] chunks = {1024, 7L << 20, 3, (9L << 20) + 5, 1, 70_000};
    long size = Arrays.stream(chunks).sum();
    assertThat(size).isGreaterThan(MinioBlobStore.PART_SIZE);
    String expected = sha256Of(new GeneratedStream(11, size));

    String id = s().beginUpload();
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(s().uploadedBytes(id)).isZero();
    GeneratedStream file = new GeneratedStream(11, size);
    long offset = 0;
    for (long n : chunks) {
      long total = s().append(id, offset, take(file, n));
      assertThat(total).isEqualTo(offset + n);
      offset = total;
      assertThat(s().uploadedBytes(id)).isEqualTo(offset);
    }
    StoredBlob stored = s().completeUpload(id, Optional.of(expected));

    assertThat(stored).isEqualTo(new StoredBlob(expected, size));
    assertThat(s().stat(expected)).contains(stored);
    assertThat(sha256Of(s().open(expected))).isEqualTo(expected);
    assertThat(rehashed(s())).as("this instance saw every byte: no second read").isZero();
    assertThatThrownBy(() -> s().uploadedBytes(id)).isInstanceOf(UploadNotFoundException.class);
    assertThat(uploadLeftovers()).isEmpty();
  }

  @Test
  @DisplayName("an append at the wrong offset is refused with the current one and stores nothing")
  void wrongOffset() throws Exception {
    String id = s().beginUpload();
    assertThat(s().append(id, 0, new GeneratedStream(12, 100))).isEqualTo(100);

    for (long wrong : new long[] {0, 99, 101, 5000}) {
      assertThatThrownBy(() -> s().append(id, wrong, UNREADABLE))
          .isInstanceOfSatisfying(
              UploadOffsetException.class, e -> assertThat(e.currentOffset()).isEqualTo(100))
          .hasMessageContaining("offset is 100");
    }
    assertThatThrownBy(() -> s().append(id, -1, UNREADABLE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(s().uploadedBytes(id)).isEqualTo(100);

    assertThat(s().append(id, 100, new ByteArrayInputStream(new byte[0]))).isEqualTo(100);
    GeneratedStream file = new GeneratedStream(12, 150);
    file.skip(100);
    assertThat(s().append(id, 100, file)).isEqualTo(150);
    StoredBlob stored = s().completeUpload(id, Optional.empty());
    assertThat(stored.sha256()).isEqualTo(sha256Of(new GeneratedStream(12, 150)));
  }

  @Test
  @DisplayName(
      "a completed upload whose bytes do not match the announced SHA-256 is refused and removed")
  void uploadIntegrity() throws Exception {
    String id = s().beginUpload();
    s().append(id, 0, new GeneratedStream(13, 3000));
    s().append(id, 3000, take(new GeneratedStream(14, 2000), 2000));
    String wrong = "0".repeat(64);

    assertThatThrownBy(() -> s().completeUpload(id, Optional.of(wrong)))
        .isInstanceOf(BlobIntegrityException.class)
        .hasMessageContaining("expected " + wrong);
    assertThat(s().stat(wrong)).isEmpty();
    assertThat(s().stat(sha256Of(new GeneratedStream(13, 3000)))).isEmpty();
    assertThatThrownBy(() -> s().uploadedBytes(id)).isInstanceOf(UploadNotFoundException.class);
    assertThat(uploadLeftovers()).isEmpty();
    assertThat(s().sweepIncomplete(Duration.ZERO)).isZero();
  }

  @Test
  @DisplayName(
      "a new store on the same root or bucket (a killed server, another node) resumes an upload"
          + " and hashes what it did not see")
  void resumeOnAnotherInstance() throws Exception {
    long size = MinioBlobStore.PART_SIZE + 1_300_005;
    String expected = sha256Of(new GeneratedStream(15, size));
    GeneratedStream file = new GeneratedStream(15, size);

    String id = s().beginUpload();
    long offset = s().append(id, 0, take(file, 300_000));
    offset = s().append(id, offset, take(file, MinioBlobStore.PART_SIZE)); // flushes a part
    s().close(); // the first server is gone, mid-upload, with its running hash

    try (BlobStore second = sameStoreAgain()) {
      assertThat(second.uploadedBytes(id)).isEqualTo(offset);
      long at = offset;
      assertThatThrownBy(() -> second.append(id, at - 1, UNREADABLE))
          .isInstanceOf(UploadOffsetException.class);
      offset = second.append(id, offset, take(file, 5));
      offset = second.append(id, offset, file);
      assertThat(offset).isEqualTo(size);

      StoredBlob stored = second.completeUpload(id, Optional.of(expected));

      assertThat(stored).isEqualTo(new StoredBlob(expected, size));
      assertThat(sha256Of(second.open(expected))).isEqualTo(expected);
      assertThat(rehashed(second)).as("bytes sent by another instance are read again").isPositive();
    }
    assertThat(uploadLeftovers()).isEmpty();
  }

  @Test
  @DisplayName("appends from two instances in turn complete to the right SHA-256 on either")
  void interleavedInstances() throws Exception {
    String expected = sha256Of(new GeneratedStream(16, 3000));
    GeneratedStream file = new GeneratedStream(16, 3000);
    try (BlobStore other = sameStoreAgain()) {
      String id = s().beginUpload();
      s().append(id, 0, take(file, 1000));
      other.append(id, 1000, take(file, 1000));
      s().append(id, 2000, take(file, 1000)); // this instance's running hash misses 1000..2000
      assertThat(s().completeUpload(id, Optional.of(expected)).sha256()).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("two appends at one offset at once (a client retrying too early): one wins")
  void concurrentAppends() throws Exception {
    String id = s().beginUpload();
    CountDownLatch firstReading = new CountDownLatch(1);
    CountDownLatch secondCalled = new CountDownLatch(1);
    InputStream slow =
        new FilterInputStream(new GeneratedStream(40, 100)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            firstReading.countDown();
            try {
              secondCalled.await();
              Thread.sleep(200); // the second append is now waiting for the session
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            return super.read(b, off, len);
          }
        };
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<Long> first = pool.submit(() -> s().append(id, 0, slow));
      firstReading.await();
      Future<Long> second =
          pool.submit(
              () -> {
                secondCalled.countDown();
                return s().append(id, 0, new GeneratedStream(41, 50));
              });
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(100);
      assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              UploadOffsetException.class, e -> assertThat(e.currentOffset()).isEqualTo(100));
    }
    assertThat(s().completeUpload(id, Optional.empty()).sha256())
        .isEqualTo(sha256Of(new GeneratedStream(40, 100)));
  }

  @Test
  @DisplayName("a chunk cut off midway keeps the bytes that arrived; the client resumes from them")
  void brokenChunk() throws Exception {
    String id = s().beginUpload();
    assertThatThrownBy(() -> s().append(id, 0, new GeneratedStream(17, 100_000, 40_000)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("rural uplink");
    assertThat(s().uploadedBytes(id)).isEqualTo(40_000);

    GeneratedStream rest = new GeneratedStream(17, 100_000);
    rest.skip(40_000);
    assertThat(s().append(id, 40_000, rest)).isEqualTo(100_000);
    assertThat(s().completeUpload(id, Optional.empty()).sha256())
        .isEqualTo(sha256Of(new GeneratedStream(17, 100_000)));
  }

  @Test
  @DisplayName("an empty upload completes to the empty object")
  void emptyUpload() throws Exception {
    String id = s().beginUpload();
    StoredBlob stored = s().completeUpload(id, Optional.empty());
    assertThat(stored)
        .isEqualTo(
            new StoredBlob("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0));
    assertThat(uploadLeftovers()).isEmpty();
  }

  @Test
  @DisplayName("abort and the sweep remove upload sessions; the sweep spares recent ones")
  void abortAndSweep() throws Exception {
    String aborted = s().beginUpload();
    s().append(aborted, 0, new GeneratedStream(18, 10));
    s().abortUpload(aborted);
    assertThatThrownBy(() -> s().uploadedBytes(aborted))
        .isInstanceOf(UploadNotFoundException.class);
    assertThatThrownBy(() -> s().append(aborted, 10, UNREADABLE))
        .isInstanceOf(UploadNotFoundException.class);
    assertThatThrownBy(() -> s().abortUpload(aborted)).isInstanceOf(UploadNotFoundException.class);
    assertThat(uploadLeftovers()).isEmpty();

    String idle = s().beginUpload();
    s().append(idle, 0, new GeneratedStream(18, 10));
    String fresh = s().beginUpload();
    assertThat(s().sweepIncomplete(Duration.ofDays(1))).isZero();
    assertThat(s().uploadedBytes(idle)).isEqualTo(10);
    Thread.sleep(20);
    assertThat(s().sweepIncomplete(Duration.ZERO)).isEqualTo(2);
    assertThatThrownBy(() -> s().uploadedBytes(idle)).isInstanceOf(UploadNotFoundException.class);
    assertThatThrownBy(() -> s().completeUpload(fresh, Optional.empty()))
        .isInstanceOf(UploadNotFoundException.class);
    assertThat(uploadLeftovers()).isEmpty();
  }

  @Test
  @DisplayName(
      "upload ids are 32 hex characters; anything else is refused, unknown ids are not found")
  void uploadIds() throws Exception {
    String a = s().beginUpload();
    String b = s().beginUpload();
    assertThat(a).isNotEqualTo(b).matches("[0-9a-f]{32}");
    for (String bad : new String[] {"../../etc/passwd", "A".repeat(32), "", "a".repeat(33)}) {
      assertThatThrownBy(() -> s().uploadedBytes(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s().append(bad, 0, UNREADABLE))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s().completeUpload(bad, Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s().abortUpload(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> s().uploadedBytes(null)).isInstanceOf(IllegalArgumentException.class);
    String unknown = "0".repeat(32);
    assertThatThrownBy(() -> s().uploadedBytes(unknown))
        .isInstanceOf(UploadNotFoundException.class)
        .hasMessageNotContaining(unknown);
    assertThatThrownBy(() -> s().append(unknown, 0, UNREADABLE))
        .isInstanceOf(UploadNotFoundException.class);
    assertThatThrownBy(() -> s().completeUpload(unknown, Optional.empty()))
        .isInstanceOf(UploadNotFoundException.class);
    assertThatThrownBy(() -> s().abortUpload(unknown)).isInstanceOf(UploadNotFoundException.class);
    s().abortUpload(a);
    s().abortUpload(b);
  }

  // ---- delivery ----

  static final DeliveryHints HINTS =
      new DeliveryHints("video/mp4", Optional.of("勾股定理 lesson 1.mp4"));

  /** The bytes a client gets from a delivery of {@code [offset, offset + length)}. */
  static byte[] fetch(Delivery delivery, long offset, long length) throws Exception {
    switch (delivery) {
      case Delivery.LocalFile f -> {
        assertThat(f.offset()).isEqualTo(offset);
        assertThat(f.length()).isEqualTo(length);
        try (FileChannel ch = FileChannel.open(f.file(), StandardOpenOption.READ)) {
          ByteBuffer buf = ByteBuffer.allocate((int) f.length());
          while (buf.hasRemaining() && ch.read(buf, f.offset() + buf.position()) > 0) {}
          return buf.array();
        }
      }
      case Delivery.Stream st -> {
        assertThat(st.length()).isEqualTo(length);
        try (InputStream in = st.in()) {
          return in.readAllBytes();
        }
      }
      case Delivery.Redirect r -> {
        assertThat(r.expires()).isAfter(Instant.now());
        assertThat(r.toString()).doesNotContain("Signature");
        if (length == 0) {
          return new byte[0];
        }
        HttpResponse<byte[]> response = get(r.url(), offset, length);
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Type")).contains(HINTS.contentType());
        assertThat(response.headers().firstValue("Content-Disposition"))
            .contains(HINTS.contentDisposition());
        return response.body();
      }
    }
  }

  /** What a browser following the redirect does: GET with its Range header. */
  static HttpResponse<byte[]> get(URI url, long offset, long length) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(url)
              .header("Range", "bytes=" + offset + "-" + (offset + length - 1))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  @Test
  @DisplayName(
      "delivers a range the backend's cheapest way: file region, presigned redirect or stream")
  void deliver() throws Exception {
    byte[] data = new byte[10_000];
    new Random(19).nextBytes(data);
    StoredBlob stored = s().put(new ByteArrayInputStream(data), Optional.empty());
    String sha = stored.sha256();

    Delivery d = s().deliver(sha, 1000, 500, HINTS);
    assertThat(d).isInstanceOf(expectedDelivery());
    assertThat(fetch(d, 1000, 500)).isEqualTo(Arrays.copyOfRange(data, 1000, 1500));
    assertThat(fetch(s().deliver(sha, 0, 10_000, HINTS), 0, 10_000)).isEqualTo(data);
    // past the end: clamped, like openRange
    assertThat(fetch(s().deliver(sha, 9990, 500, HINTS), 9990, 10))
        .isEqualTo(Arrays.copyOfRange(data, 9990, 10_000));
    assertThat(fetch(s().deliver(sha, 10_000, 5, HINTS), 10_000, 0)).isEmpty();

    assertThatThrownBy(() -> s().deliver(sha, 10_001, 1, HINTS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s().deliver(sha, -1, 1, HINTS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s().deliver(sha, 0, -1, HINTS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s().deliver("a".repeat(64), 0, 1, HINTS))
        .isInstanceOf(BlobNotFoundException.class);
    assertThatThrownBy(() -> s().deliver("../../etc/passwd", 0, 1, HINTS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a presigned link whose parameters were changed is refused")
  void tamperedRedirect() throws Exception {
    StoredBlob stored = s().put(new GeneratedStream(20, 1000), Optional.empty());
    if (!(s().deliver(stored.sha256(), 0, 1000, HINTS) instanceof Delivery.Redirect r)) {
      return; // nothing signed to tamper with on this backend
    }
    String url = r.url().toString();
    assertThat(url).contains("response-content-type=video%2Fmp4");
    URI tampered = URI.create(url.replace("video%2Fmp4", "text%2Fhtml"));
    assertThat(get(tampered, 0, 10).statusCode()).isEqualTo(403);
    URI otherObject = URI.create(url.replace(stored.sha256(), "a".repeat(64)));
    assertThat(get(otherObject, 0, 10).statusCode()).isEqualTo(403);
    assertThat(get(r.url(), 0, 10).statusCode()).isEqualTo(206);
  }

  @Test
  @DisplayName("answers the readiness ping and names itself")
  void ping() throws Exception {
    s().ping();
    assertThat(s().describe()).isNotBlank();
  }
}
