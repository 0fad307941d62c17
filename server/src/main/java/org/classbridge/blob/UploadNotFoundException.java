package org.classbridge.blob;

import java.io.FileNotFoundException;

/**
 * No upload session has this id: it never existed, was completed or aborted, or was swept as
 * abandoned (tus answers 404, and the client starts a new upload).
 */
public final class UploadNotFoundException extends FileNotFoundException {
  private static final long serialVersionUID = 1L;

  public UploadNotFoundException(String uploadId) {
    // a prefix is enough to match log lines; the whole id is the upload's URL
    super("no upload session " + uploadId.substring(0, Math.min(8, uploadId.length())) + "...");
  }
}
