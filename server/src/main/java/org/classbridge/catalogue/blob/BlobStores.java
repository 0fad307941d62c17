package org.classbridge.catalogue.blob;

import java.io.IOException;
import java.time.Clock;
import org.classbridge.app.AppConfig;

/** Opens the configured backend; the choice is configuration, never code. */
public final class BlobStores {
  private BlobStores() {}

  public static BlobStore open(AppConfig.Blob config, Clock clock) throws IOException {
    return switch (config) {
      case AppConfig.Blob.Local local -> new LocalBlobStore(local.dir(), clock);
      case AppConfig.Blob.Minio minio -> new MinioBlobStore(minio, clock);
    };
  }
}
