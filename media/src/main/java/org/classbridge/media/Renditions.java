package org.classbridge.media;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a transcode produced in its output folder, every path relative to it.
 *
 * @param variants the HLS variants, lowest first, with what was measured of them
 * @param files every file written, the master playlist included
 * @param offline the progressive file for offline use ({@code offline.mp4}, or {@code offline.m4a}
 *     for sound only)
 * @param poster a still picture, absent for sound only
 * @param storyboard the thumbnail sprite and its WebVTT map, absent for sound only
 */
public record Renditions(
    Ladder ladder,
    List<Variant> variants,
    List<String> files,
    String offline,
    Optional<String> poster,
    Optional<String> storyboard) {
  public Renditions {
    Objects.requireNonNull(ladder, "ladder");
    variants = List.copyOf(variants);
    files = List.copyOf(files);
    Objects.requireNonNull(offline, "offline");
    Objects.requireNonNull(poster, "poster");
    Objects.requireNonNull(storyboard, "storyboard");
  }

  /** The master playlist's name. */
  public static final String MASTER = "master.m3u8";

  /** The storyboard sprite, and the WebVTT file that maps time ranges onto its tiles. */
  public static final String STORYBOARD_IMAGE = "storyboard.jpg";

  public static final String STORYBOARD_VTT = "storyboard.vtt";

  /**
   * One HLS variant as measured after encoding.
   *
   * @param playlist its media playlist, relative to the master ({@code 240p/index.m3u8})
   * @param peakBandwidth the highest bit rate of any one segment (the master's BANDWIDTH)
   * @param averageBandwidth the whole stream's bits over its duration (AVERAGE-BANDWIDTH)
   * @param codecs RFC 6381 codec strings as the init segment declares them
   * @param width 0 for sound only
   */
  public record Variant(
      Rung rung,
      String playlist,
      long peakBandwidth,
      long averageBandwidth,
      String codecs,
      int width,
      int height,
      double frameRate) {}
}
