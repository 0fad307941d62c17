package org.classbridge.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What every blob backend must do; run on the local store, S3Proxy and (when set) a real MinIO. */
abstract class BlobStoreContract {

  /** A fresh, empty store for one test. */
  abstract BlobStore store() throws Exception;

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

  /** Deterministic pseudo-random bytes of any length, generated as read, never held whole. */
  static final class GeneratedStream extends InputStream {
    private final Random random;
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
    private long block;
    private int blockLeft;

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
      int n = (int) Math.min(len, remaining);
      if (failAfter >= 0) {
        n = (int) Math.min(n, failAfter - served);
      }
      // byte by byte from 8-byte blocks, so the content never depends on how it is read
      // (Random.nextBytes drops the unused bytes of its last int, so chunk sizes would matter)
      for (int i = 0; i < n; i++) {
        if (blockLeft == 0) {
          block = random.nextLong();
          blockLeft = 8;
        }
        b[off + i] = (byte) block;
        block >>>= 8;
        blockLeft--;
      }
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
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1000, 1500));
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

  @Test
  @DisplayName("answers the readiness ping and names itself")
  void ping() throws Exception {
    s().ping();
    assertThat(s().describe()).isNotBlank();
  }
}
