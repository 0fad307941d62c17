package org.classbridge.blob;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;

/**
 * The same contract against a real MinIO, when {@code CLASSBRIDGE_TEST_MINIO_ENDPOINT}, {@code
 * _ACCESS_KEY} and {@code _SECRET_KEY} are set (no MinIO server runs on the CI machines: the
 * S3Proxy run covers the SDK path there). Each test gets its own bucket.
 */
@DisplayName("blob store on a real MinIO")
class MinioBlobStoreTest extends BlobStoreContract {
  private String bucket;

  @Override
  BlobStore store() throws Exception {
    String endpoint = System.getenv("CLASSBRIDGE_TEST_MINIO_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      String message =
          "SKIPPED on a real MinIO: CLASSBRIDGE_TEST_MINIO_ENDPOINT is not set"
              + " (the MinIO SDK path ran against S3Proxy instead)";
      System.err.println("\n*** " + message + " ***\n");
      Assumptions.abort(message);
    }
    bucket = "cbtest-" + UUID.randomUUID().toString().substring(0, 8);
    return sameStoreAgain();
  }

  @Override
  BlobStore sameStoreAgain() throws Exception {
    return new MinioBlobStore(
        new BlobConfig.Minio(
            URI.create(System.getenv("CLASSBRIDGE_TEST_MINIO_ENDPOINT")),
            System.getenv("CLASSBRIDGE_TEST_MINIO_ACCESS_KEY"),
            System.getenv("CLASSBRIDGE_TEST_MINIO_SECRET_KEY"),
            bucket,
            "us-east-1",
            Duration.ofSeconds(30)),
        Clock.systemUTC());
  }

  @Override
  List<String> uploadLeftovers() throws Exception {
    try (S3Inspector inspector =
        new S3Inspector(
            URI.create(System.getenv("CLASSBRIDGE_TEST_MINIO_ENDPOINT")),
            System.getenv("CLASSBRIDGE_TEST_MINIO_ACCESS_KEY"),
            System.getenv("CLASSBRIDGE_TEST_MINIO_SECRET_KEY"),
            bucket)) {
      return inspector.uploadLeftovers();
    }
  }

  @Override
  Class<? extends Delivery> expectedDelivery() {
    return Delivery.Redirect.class;
  }
}
