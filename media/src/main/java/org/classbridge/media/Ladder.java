package org.classbridge.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which rungs a source gets: only those at or below its own size (a 480p recording is never blown
 * up to 720p), always at least the lowest picture rung (at the source's size when it is smaller
 * still), and the sound-only rung whenever there is sound. Frame rate is capped at 30: a 4K 60 fps
 * screen recording costs twice the bits for nothing a class can see.
 *
 * @param rungs lowest first, the sound-only rung first of all
 * @param frameRateCap the most frames per second the picture rungs get
 */
public record Ladder(Probe source, List<Rung> rungs, int frameRateCap) {
  public static final int MAX_FRAME_RATE = 30;

  public Ladder {
    Objects.requireNonNull(source, "source");
    rungs = List.copyOf(rungs);
  }

  public static Ladder plan(Probe source) {
    List<Rung> rungs = new ArrayList<>();
    if (source.audio().isPresent()) {
      rungs.add(Rung.AUDIO);
    }
    source
        .video()
        .ifPresent(
            v -> {
              for (Rung r : Rung.values()) {
                if (r.hasVideo() && r.shortSide() <= v.shortSide()) {
                  rungs.add(r);
                }
              }
              if (rungs.stream().noneMatch(Rung::hasVideo)) {
                rungs.add(Rung.P240); // a tiny source: one picture rung at its own size
              }
            });
    return new Ladder(source, rungs, MAX_FRAME_RATE);
  }

  public List<Rung> videoRungs() {
    return rungs.stream().filter(Rung::hasVideo).toList();
  }

  /** The rung the offline MP4 copies: the highest at or below 360p. */
  public Rung offlineRung() {
    return videoRungs().stream()
        .filter(r -> r.shortSide() <= 360)
        .reduce((a, b) -> b)
        .orElse(Rung.AUDIO);
  }

  /**
   * The picture size for {@code rung}: the short side scaled to the rung (never above the
   * source's), the long side kept in proportion and even (H.264 with 4:2:0 needs even sizes).
   */
  public int[] size(Rung rung) {
    Probe.Video v = source.video().orElseThrow();
    int shortSide = Math.min(rung.shortSide(), v.shortSide());
    shortSide -= shortSide % 2;
    int longSide =
        2
            * (int)
                Math.round(
                    (double) Math.max(v.width(), v.height()) * shortSide / v.shortSide() / 2);
    return v.portrait() ? new int[] {shortSide, longSide} : new int[] {longSide, shortSide};
  }

  public double frameRate() {
    double fps = source.video().map(Probe.Video::fps).orElse(0.0);
    return fps <= 0 ? MAX_FRAME_RATE : Math.min(fps, frameRateCap);
  }
}
