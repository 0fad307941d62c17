package org.classbridge.blob;

import java.io.IOException;
import java.time.Clock;

/** Opens the configured backend; the choice is configuration, never code. */
public final class BlobStores {
  private BlobStores() {}

  public static BlobStore open(BlobConfig config, Clock clock) throws IOException {
    return switch (config) {
      case BlobConfig.Local local -> new LocalBlobStore(local.dir(), clock);
      case BlobConfig.Minio minio -> new MinioBlobStore(minio, clock);
    };
  }
}
