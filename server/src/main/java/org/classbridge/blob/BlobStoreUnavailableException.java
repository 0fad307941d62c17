package org.classbridge.blob;

import java.io.IOException;
import org.classbridge.common.Unavailable;

/**
 * The object store did not answer, or answered with a server error (S3's {@code InternalError},
 * {@code SlowDown}, a gateway's 502/504). The call changed nothing that a retry would not redo; the
 * request that needed it is answered 503, not 500.
 */
public final class BlobStoreUnavailableException extends IOException implements Unavailable {
  private static final long serialVersionUID = 1L;

  public BlobStoreUnavailableException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "blob-store-unavailable";
  }

  @Override
  public String publicDetail() {
    return "the file store is not answering; try again in a moment";
  }
}
