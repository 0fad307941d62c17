package org.classbridge.media;

import java.util.Locale;

/**
 * The part of a recording kept when it is converted: from {@code startSeconds} to {@code
 * endSeconds} of the source (a recorded lesson loses the minutes before the bell and after it).
 */
public record Trim(double startSeconds, double endSeconds) {
  public Trim {
    if (!(startSeconds >= 0) || !(endSeconds > startSeconds)) {
      throw new IllegalArgumentException("a trim starts at 0 or later and ends after it starts");
    }
  }

  public double length() {
    return endSeconds - startSeconds;
  }

  /** ffmpeg's input options that read only this part: seek, then read its length. */
  java.util.List<String> inputOptions() {
    return java.util.List.of(
        "-ss",
        String.format(Locale.ROOT, "%.3f", startSeconds),
        "-t",
        String.format(Locale.ROOT, "%.3f", length()));
  }
}
