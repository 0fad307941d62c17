package org.classbridge.media;

/**
 * A rung of the HLS ladder, sized for what a school's link carries: a pastoral school sharing 2
 * Mbit/s can hold 360p for a class, one on a 400 kbit/s link 240p or sound only. The ceiling is the
 * whole stream's peak (picture, sound and container); the video budget leaves room for the 64
 * kbit/s sound, the encoder's short bursts and the fMP4 boxes, so the measured peak stays under the
 * ceiling.
 *
 * @param shortSide the picture's short side in pixels (its height, or its width when portrait); 0
 *     for sound only
 * @param ceiling the most the rung may take, bits per second, peak over any segment
 * @param video the video encoder's maximum rate, bits per second
 */
public enum Rung {
  AUDIO("audio", 0, 64_000, 0),
  P240("240p", 240, 400_000, 290_000),
  P360("360p", 360, 730_000, 580_000),
  P480("480p", 480, 1_200_000, 1_000_000),
  P720("720p", 720, 2_500_000, 2_150_000);

  /**
   * Sound in every rung that has any: AAC-LC, stereo, at 56 kbit/s so that with its fMP4 boxes
   * (about 6 %) the sound-only rung stays under its 64 kbit/s ceiling.
   */
  public static final int AUDIO_BITRATE = 56_000;

  private final String id;
  private final int shortSide;
  private final int ceiling;
  private final int video;

  Rung(String id, int shortSide, int ceiling, int video) {
    this.id = id;
    this.shortSide = shortSide;
    this.ceiling = ceiling;
    this.video = video;
  }

  /** The rung's folder and name on the wire: {@code 240p}, {@code audio}. */
  public String id() {
    return id;
  }

  public int shortSide() {
    return shortSide;
  }

  public int ceiling() {
    return ceiling;
  }

  public int videoBitrate() {
    return video;
  }

  public boolean hasVideo() {
    return shortSide > 0;
  }

  public static java.util.Optional<Rung> byId(String id) {
    for (Rung r : values()) {
      if (r.id.equals(id)) {
        return java.util.Optional.of(r);
      }
    }
    return java.util.Optional.empty();
  }
}
