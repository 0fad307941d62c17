package org.classbridge.media;

/**
 * What a stored object is, decided from its bytes, not from a client's header or file name. Meant
 * for the catalogue (refusing uploads whose bytes do not match what a lesson resource may be) and
 * the transcode jobs (which files to probe); neither exists yet.
 */
public enum MediaKind {
  MP4_VIDEO("video/mp4"),
  WEBM_VIDEO("video/webm"),
  MPEG_AUDIO("audio/mpeg"),
  OGG("audio/ogg"),
  PDF("application/pdf"),
  PNG("image/png"),
  JPEG("image/jpeg"),
  GIF("image/gif"),
  WEBP("image/webp"),
  /** ZIP containers: HTML5 experiment packages, but also .docx/.pptx (checked by the catalogue). */
  ZIP("application/zip"),
  /** Valid UTF-8 text with no control characters other than tab, CR and LF. */
  UTF8_TEXT("text/plain; charset=utf-8"),
  UNKNOWN("application/octet-stream");

  private final String contentType;

  MediaKind(String contentType) {
    this.contentType = contentType;
  }

  /** The Content-Type we serve this kind with; never the client's claim. */
  public String contentType() {
    return contentType;
  }
}
