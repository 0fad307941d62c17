package org.classbridge.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MinIO backend, through the real MinIO SDK, against S3Proxy running in this JVM. */
@DisplayName("blob store on MinIO SDK + S3Proxy (in-process S3)")
class S3ProxyBlobStoreTest extends BlobStoreContract {
  private static final String BUCKET = "classbridge-test";

  @RegisterExtension
  static final S3ProxyExtension S3 =
      S3ProxyExtension.builder()
          .withCredentials("classbridge-test", "classbridge-test-secret")
          .build();

  private static BlobConfig.Minio config(Duration presignedTtl) {
    return config(S3.getUri(), presignedTtl);
  }

  private static BlobConfig.Minio config(java.net.URI endpoint, Duration presignedTtl) {
    return new BlobConfig.Minio(
        endpoint,
        S3.getAccessKey(),
        S3.getSecretKey(),
        BUCKET,
        "us-east-1",
        Duration.ofSeconds(30),
        presignedTtl);
  }

  @Override
  BlobStore store() throws Exception {
    return new MinioBlobStore(config(Duration.ofMinutes(5)), Clock.systemUTC());
  }

  @Override
  BlobStore sameStoreAgain() throws Exception {
    return store(); // S3Proxy starts empty for each test; within one, the bucket is the same
  }

  @Override
  List<String> uploadLeftovers() throws Exception {
    try (S3Inspector bucket =
        new S3Inspector(S3.getUri(), S3.getAccessKey(), S3.getSecretKey(), BUCKET)) {
      return bucket.uploadLeftovers();
    }
  }

  @Override
  Class<? extends Delivery> expectedDelivery() {
    return Delivery.Redirect.class;
  }

  @Test
  @DisplayName(
      "an S3 server that goes away is an outage through the real SDK: stat, read and put raise"
          + " BlobStoreUnavailableException, and the store works again when it is back")
  void storeGoesAway() throws Exception {
    try (org.classbridge.testing.TcpSwitch link =
            new org.classbridge.testing.TcpSwitch(S3.getUri());
        BlobStore store =
            new MinioBlobStore(config(link.uri(), Duration.ofMinutes(5)), Clock.systemUTC())) {
      StoredBlob stored = store.put(new GeneratedStream(33, 4000), Optional.empty());
      link.off();
      assertThatThrownBy(() -> store.stat(stored.sha256()))
          .isInstanceOf(BlobStoreUnavailableException.class);
      assertThatThrownBy(() -> store.openRange(stored.sha256(), 0, 10).readAllBytes())
          .isInstanceOf(BlobStoreUnavailableException.class);
      assertThatThrownBy(() -> store.put(new GeneratedStream(34, 4000), Optional.empty()))
          .isInstanceOf(BlobStoreUnavailableException.class);
      assertThatThrownBy(store::ping).isInstanceOf(BlobStoreUnavailableException.class);
      link.on();
      assertThat(store.stat(stored.sha256())).contains(stored);
    }
  }

  @Test
  @DisplayName("an S3 server nobody listens for: the store cannot open, and says it is an outage")
  void storeNeverThere() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                new MinioBlobStore(
                    config(
                        java.net.URI.create("http://127.0.0.1:" + closed), Duration.ofMinutes(5)),
                    Clock.systemUTC()))
        .isInstanceOf(BlobStoreUnavailableException.class);
  }

  @Test
  @DisplayName("an expired presigned link is refused (S3Proxy checks X-Amz-Date + X-Amz-Expires)")
  void expiredRedirect() throws Exception {
    try (BlobStore shortLived =
        new MinioBlobStore(config(Duration.ofSeconds(2)), Clock.systemUTC())) {
      // S3 signs whole seconds (X-Amz-Date has no fraction), so a URL lives between one and two
      // seconds: long enough for the first request, whatever the sub-second timing
      StoredBlob stored = shortLived.put(new GeneratedStream(21, 1000), Optional.empty());
      Delivery.Redirect r = (Delivery.Redirect) shortLived.deliver(stored.sha256(), 0, 1000, HINTS);
      assertThat(r.expires()).isBefore(Instant.now().plusSeconds(3));
      assertThat(get(r.url(), 0, 10).statusCode()).isEqualTo(206);
      // S3 signs whole seconds: wait until the second after expiry has certainly begun
      Thread.sleep(Duration.between(Instant.now(), r.expires()).plusMillis(1100));
      assertThat(get(r.url(), 0, 10).statusCode()).isEqualTo(403);
    }
  }

  @Test
  @DisplayName("with a presigned TTL of zero, delivery streams through the server")
  void streamWithoutRedirects() throws Exception {
    try (BlobStore noRedirects = new MinioBlobStore(config(Duration.ZERO), Clock.systemUTC())) {
      StoredBlob stored = noRedirects.put(new GeneratedStream(22, 5000), Optional.empty());
      Delivery d = noRedirects.deliver(stored.sha256(), 100, 200, HINTS);
      assertThat(d).isInstanceOf(Delivery.Stream.class);
      byte[] all;
      try (InputStream in = noRedirects.open(stored.sha256())) {
        all = in.readAllBytes();
      }
      assertThat(fetch(d, 100, 200)).isEqualTo(Arrays.copyOfRange(all, 100, 300));
    }
  }

  private S3Inspector inspector() {
    return new S3Inspector(S3.getUri(), S3.getAccessKey(), S3.getSecretKey(), BUCKET);
  }

  @Test
  @DisplayName(
      "a part overwritten by another writer is noticed by its ETag: completion hashes the stored"
          + " bytes, not the ones this instance sent")
  void foreignPart() throws Exception {
    long size = MinioBlobStore.PART_SIZE + 10;
    try (S3Inspector bucket = inspector()) {
      String id = s().beginUpload();
      s().append(id, 0, new GeneratedStream(24, size)); // part 1 and 10 pending bytes
      byte[] other = new GeneratedStream(25, MinioBlobStore.PART_SIZE).readAllBytes();
      bucket.uploadPart(id, 1, other); // a concurrent writer replaced part 1
      // a part flush that stopped before deleting the pending object it absorbed
      bucket.write(String.format("uploads/%s/pending-%019d", id, 0), new byte[] {1, 2, 3});
      assertThat(s().uploadedBytes(id)).isEqualTo(size);

      StoredBlob stored = s().completeUpload(id, Optional.empty());

      GeneratedStream tail = new GeneratedStream(24, size);
      tail.skip(MinioBlobStore.PART_SIZE);
      String actual = sha256Of(new SequenceInputStream(new ByteArrayInputStream(other), tail));
      assertThat(stored).isEqualTo(new StoredBlob(actual, size));
      assertThat(sha256Of(s().open(actual))).isEqualTo(actual);
      assertThat(rehashed(s())).isEqualTo(size);
      assertThat(bucket.uploadLeftovers()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "a completion that stopped after sending the last part, or after assembling, is finished by"
          + " the next call; appends are refused meanwhile")
  void interruptedCompletion() throws Exception {
    try (S3Inspector bucket = inspector()) {
      String id = s().beginUpload();
      s().append(id, 0, new GeneratedStream(26, 600));
      s().append(id, 600, take(new GeneratedStream(27, 400), 400));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      new GeneratedStream(26, 600).transferTo(all);
      new GeneratedStream(27, 400).transferTo(all);
      String expected = sha256Of(new ByteArrayInputStream(all.toByteArray()));

      // the last (short) part is sent, the pending objects not yet removed
      bucket.uploadPart(id, 1, all.toByteArray());
      try (BlobStore other = sameStoreAgain()) {
        assertThat(other.uploadedBytes(id)).isEqualTo(1000);
        assertThatThrownBy(() -> other.append(id, 1000, new GeneratedStream(28, 5)))
            .hasMessageContaining("being completed");
      }
      // ... and then assembled, but not yet hashed and published
      bucket.completeMultipartUpload(id);
      try (BlobStore other = sameStoreAgain()) {
        assertThat(other.uploadedBytes(id)).isEqualTo(1000);
        assertThatThrownBy(() -> other.append(id, 1000, new GeneratedStream(28, 5)))
            .hasMessageContaining("being completed");
        assertThat(other.completeUpload(id, Optional.of(expected)))
            .isEqualTo(new StoredBlob(expected, 1000));
      }
      assertThat(bucket.uploadLeftovers()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "the sweep aborts multipart uploads no session owns (a process killed mid-put or mid-begin)")
  void sweepsOrphanMultipartUploads() throws Exception {
    try (S3Inspector bucket = inspector()) {
      bucket.startMultipartUpload("incoming/" + UUID.randomUUID());
      bucket.startMultipartUpload("uploads/" + "f".repeat(32) + "/data");
      String live = s().beginUpload();
      s().append(live, 0, new GeneratedStream(23, 10));
      // the live session: marker, pending chunk, multipart upload; and the two orphans
      assertThat(bucket.uploadLeftovers()).hasSize(5);

      Thread.sleep(20);
      assertThat(s().sweepIncomplete(Duration.ofDays(1))).isZero();
      assertThat(bucket.uploadLeftovers()).hasSize(5);
      assertThat(s().sweepIncomplete(Duration.ZERO)).isEqualTo(3);
      assertThat(bucket.uploadLeftovers()).isEmpty();
    }
  }
}
