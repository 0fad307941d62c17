package org.classbridge.blob;

import java.time.Clock;
import java.time.Duration;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MinIO backend, through the real MinIO SDK, against S3Proxy running in this JVM. */
@DisplayName("blob store on MinIO SDK + S3Proxy (in-process S3)")
class S3ProxyBlobStoreTest extends BlobStoreContract {
  @RegisterExtension
  static final S3ProxyExtension S3 =
      S3ProxyExtension.builder()
          .withCredentials("classbridge-test", "classbridge-test-secret")
          .build();

  @Override
  BlobStore store() throws Exception {
    return new MinioBlobStore(
        new BlobConfig.Minio(
            S3.getUri(),
            S3.getAccessKey(),
            S3.getSecretKey(),
            "classbridge-test",
            "us-east-1",
            Duration.ofSeconds(30)),
        Clock.systemUTC());
  }
}
