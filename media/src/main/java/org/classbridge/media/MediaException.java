package org.classbridge.media;

/**
 * A media file the pipeline cannot turn into what was asked, with a stable code for the uploader's
 * page and a detail a teacher can act on ("the file holds no picture or sound we can read").
 */
public final class MediaException extends Exception {
  private final String code;

  public MediaException(String code, String detail) {
    super(detail);
    this.code = code;
  }

  public MediaException(String code, String detail, Throwable cause) {
    super(detail, cause);
    this.code = code;
  }

  /** Stable, kebab-case: {@code unreadable-media}, {@code too-long}, {@code transcode-failed}. */
  public String code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }
}
