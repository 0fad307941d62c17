package org.classbridge.blob;

import java.io.IOException;

/**
 * An append did not start where the stored bytes of the upload end (tus answers 409 Conflict with
 * the current {@code Upload-Offset}); nothing was stored. The client asks for the current offset
 * and sends from there, so a retried or duplicated request can never write a byte twice.
 */
public final class UploadOffsetException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long currentOffset;

  public UploadOffsetException(long requestedOffset, long currentOffset) {
    super(
        "an append starts where the stored bytes end: offset is "
            + currentOffset
            + ", not "
            + requestedOffset);
    this.currentOffset = currentOffset;
  }

  /** How many bytes of the upload are stored: where the next append must start. */
  public long currentOffset() {
    return currentOffset;
  }
}
