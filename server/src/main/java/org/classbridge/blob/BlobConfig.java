package org.classbridge.blob;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Which object store to open ({@code blob.*} settings); the choice is configuration, not code. */
public sealed interface BlobConfig permits BlobConfig.Local, BlobConfig.Minio {

  /** Files under a directory (embedded default). */
  record Local(Path dir) implements BlobConfig {}

  /**
   * A MinIO (or any S3) bucket.
   *
   * @param timeout connect, read and write timeout of the client (the SDK's 5 minutes would hold
   *     worker threads on a dead link)
   * @param presignedTtl how long a presigned download link works; short, since anyone holding the
   *     URL can read the object until then. At most 7 days (S3 signature V4); zero turns redirects
   *     off, and {@link BlobStore#deliver} streams the bytes through this server instead (for a
   *     MinIO that browsers cannot reach)
   */
  record Minio(
      URI endpoint,
      String accessKey,
      String secretKey,
      String bucket,
      String region,
      Duration timeout,
      Duration presignedTtl)
      implements BlobConfig {
    public Minio(
        URI endpoint,
        String accessKey,
        String secretKey,
        String bucket,
        String region,
        Duration timeout) {
      this(endpoint, accessKey, secretKey, bucket, region, timeout, Duration.ofMinutes(5));
    }

    @Override
    public String toString() {
      // never print the secret
      return "Minio[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
    }
  }
}
