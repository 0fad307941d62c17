package org.classbridge.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Turns one probed source into everything a low-bandwidth classroom plays: an fMP4 HLS ladder (6 s
 * segments cut on 2 s keyframes), a progressive MP4 for offline use (copied from the 360p rung, not
 * encoded again), a poster and a storyboard sprite. Everything goes into one output folder; the
 * caller publishes it as a whole or not at all.
 *
 * <p>Each rung is its own ffmpeg run: a cancelled or failed job stops between or inside runs, the
 * progress bar moves per rung, and the benchmark can hold each run against the same command typed
 * by hand.
 */
public final class Transcoder {
  /** HLS segment length: long enough for few requests on a high-latency link. */
  public static final int SEGMENT_SECONDS = 6;

  /** Keyframe interval: segments can only be cut on keyframes. */
  public static final int KEYFRAME_SECONDS = 2;

  /** Most tiles in the storyboard sprite (10 × 10 of 160 px). */
  static final int STORYBOARD_TILES = 100;

  static final int THUMB = 160;

  /** Which stage a job is in, for the progress bar; a rung's id while encoding it. */
  public interface Progress {
    void report(String stage, double fraction);
  }

  private final Ffmpeg tools;
  private final Duration maxDuration;
  private final String preset;

  /**
   * @param maxDuration longest source accepted (a whole day's recording is a mistake, not a lesson)
   * @param preset x264 speed preset: {@code veryfast} trades a little size for half the time
   */
  public Transcoder(Ffmpeg tools, Duration maxDuration, String preset) {
    this.tools = Objects.requireNonNull(tools, "tools");
    this.maxDuration = maxDuration;
    this.preset = preset;
  }

  public Ffmpeg tools() {
    return tools;
  }

  /** Probes {@code source} and checks it is something we transcode. */
  public Probe probe(Path source) throws IOException, MediaException {
    Probe p = Probe.of(tools, source);
    if (p.durationSeconds() > maxDuration.toSeconds()) {
      throw new MediaException(
          "too-long",
          String.format(
              Locale.ROOT,
              "the file lasts %d minutes; at most %d minutes are accepted",
              Math.round(p.durationSeconds() / 60),
              maxDuration.toMinutes()));
    }
    return p;
  }

  /**
   * Writes the ladder, offline file and pictures of {@code source} into {@code out} (empty or
   * absent).
   *
   * @throws Ffmpeg.CancelledException when {@code cancelled} turned true
   */
  public Renditions transcode(
      Path source, Probe probe, Path out, Progress progress, BooleanSupplier cancelled)
      throws IOException, MediaException {
    return transcode(source, probe, Optional.empty(), out, progress, cancelled);
  }

  /**
   * As {@link #transcode(Path, Probe, Path, Progress, BooleanSupplier)}, keeping only {@code trim}
   * of the source when given (every rendition, the poster and the storyboard start at its start).
   *
   * @throws MediaException {@code bad-trim} when the trim starts after the source ends
   */
  public Renditions transcode(
      Path source,
      Probe whole,
      Optional<Trim> trim,
      Path out,
      Progress progress,
      BooleanSupplier cancelled)
      throws IOException, MediaException {
    Probe probe = whole;
    if (trim.isPresent()) {
      double end = Math.min(trim.get().endSeconds(), whole.durationSeconds());
      if (end - trim.get().startSeconds() < 1) {
        throw new MediaException("bad-trim", "the part kept must lie within the recording");
      }
      probe =
          new Probe(
              whole.container(),
              end - trim.get().startSeconds(),
              whole.bitrate(),
              whole.video(),
              whole.audio());
      trim = Optional.of(new Trim(trim.get().startSeconds(), end));
    }
    return convert(source, trim, probe, out, progress, cancelled);
  }

  /** The source as ffmpeg's input, only the part kept when it is trimmed. */
  private static List<String> input(Path source, Optional<Trim> cut) {
    List<String> a = new ArrayList<>();
    cut.ifPresent(t -> a.addAll(t.inputOptions()));
    a.add("-i");
    a.add(source.toString());
    return a;
  }

  private Renditions convert(
      Path source,
      Optional<Trim> cut,
      Probe probe,
      Path out,
      Progress progress,
      BooleanSupplier cancelled)
      throws IOException, MediaException {
    Files.createDirectories(out);
    Ladder ladder = Ladder.plan(probe);
    List<Step> steps = steps(ladder);
    double total = steps.stream().mapToDouble(Step::weight).sum();
    double done = 0;
    List<Renditions.Variant> variants = new ArrayList<>();
    List<String> files = new ArrayList<>();
    Optional<String> poster = Optional.empty();
    Optional<String> storyboard = Optional.empty();
    String offline = "";
    for (Step step : steps) {
      double before = done;
      java.util.function.DoubleConsumer seconds =
          s ->
              progress.report(
                  step.name(),
                  (before + step.weight() * Math.min(1, s / probe.durationSeconds())) / total);
      progress.report(step.name(), before / total);
      switch (step.kind()) {
        case RUNG -> {
          variants.add(encodeRung(source, cut, ladder, step.rung(), out, seconds, cancelled));
          files.addAll(listed(out, step.rung().id()));
        }
        case OFFLINE -> {
          offline = offline(ladder, out, seconds, cancelled);
          files.add(offline);
        }
        case PICTURES -> {
          poster = Optional.of(poster(source, cut, ladder, out, cancelled));
          storyboard = Optional.of(storyboard(source, cut, ladder, out, cancelled));
          files.add(poster.get());
          files.add(Renditions.STORYBOARD_IMAGE);
          files.add(Renditions.STORYBOARD_VTT);
        }
      }
      done += step.weight();
    }
    Files.writeString(out.resolve(Renditions.MASTER), Hls.master(variants), StandardCharsets.UTF_8);
    files.add(Renditions.MASTER);
    progress.report("done", 1);
    return new Renditions(ladder, variants, files, offline, poster, storyboard);
  }

  private enum StepKind {
    RUNG,
    OFFLINE,
    PICTURES
  }

  private record Step(StepKind kind, Rung rung, double weight) {
    String name() {
      return switch (kind) {
        case RUNG -> rung.id();
        case OFFLINE -> "offline";
        case PICTURES -> "pictures";
      };
    }
  }

  /** The runs in order, each weighted by roughly what it costs (pixels encoded). */
  private static List<Step> steps(Ladder ladder) {
    List<Step> steps = new ArrayList<>();
    for (Rung r : ladder.rungs()) {
      double weight = r.hasVideo() ? Math.pow(r.shortSide() / 240.0, 2) + 0.3 : 0.1;
      steps.add(new Step(StepKind.RUNG, r, weight));
    }
    steps.add(new Step(StepKind.OFFLINE, ladder.offlineRung(), 0.05));
    if (!ladder.videoRungs().isEmpty()) {
      steps.add(new Step(StepKind.PICTURES, null, 0.2));
    }
    return steps;
  }

  /**
   * The ffmpeg arguments that encode {@code rung} of {@code source} as fMP4 HLS into {@code dir}.
   */
  public List<String> rungArguments(Path source, Ladder ladder, Rung rung, Path dir) {
    return rungArguments(source, Optional.empty(), ladder, rung, dir);
  }

  /** As {@link #rungArguments(Path, Ladder, Rung, Path)}, of the part {@code cut} keeps. */
  public List<String> rungArguments(
      Path source, Optional<Trim> cut, Ladder ladder, Rung rung, Path dir) {
    List<String> a = new ArrayList<>(input(source, cut));
    if (rung.hasVideo()) {
      int[] size = ladder.size(rung);
      int keyframe = KEYFRAME_SECONDS;
      a.addAll(List.of("-map", "0:v:0", "-map", "0:a:0?"));
      a.addAll(
          List.of(
              "-vf",
              "scale=" + size[0] + ":" + size[1] + ",format=yuv420p",
              "-fpsmax",
              Integer.toString(ladder.frameRateCap()),
              "-c:v",
              "libx264",
              "-preset",
              preset,
              "-profile:v",
              "main",
              "-b:v",
              kbit(rung.videoBitrate() * 9 / 10),
              "-maxrate",
              kbit(rung.videoBitrate()),
              "-bufsize",
              kbit(rung.videoBitrate() / 2),
              // keyframes every 2 s by the clock, whatever the frame rate, none on scene cuts:
              // without this segments come out far longer than -hls_time
              "-force_key_frames",
              "expr:gte(t,n_forced*" + keyframe + ")",
              "-sc_threshold",
              "0"));
    } else {
      a.addAll(List.of("-map", "0:a:0", "-vn"));
    }
    if (ladder.source().audio().isPresent()) {
      a.addAll(
          List.of("-c:a", "aac", "-b:a", kbit(Rung.AUDIO_BITRATE), "-ac", "2", "-ar", "44100"));
    }
    a.addAll(
        List.of(
            "-f",
            "hls",
            "-hls_time",
            Integer.toString(SEGMENT_SECONDS),
            "-hls_playlist_type",
            "vod",
            "-hls_segment_type",
            "fmp4",
            "-hls_fmp4_init_filename",
            "init.mp4",
            "-hls_segment_filename",
            dir.resolve("seg_%05d.m4s").toString(),
            dir.resolve("index.m3u8").toString()));
    return a;
  }

  private Renditions.Variant encodeRung(
      Path source,
      Optional<Trim> cut,
      Ladder ladder,
      Rung rung,
      Path out,
      java.util.function.DoubleConsumer seconds,
      BooleanSupplier cancelled)
      throws IOException, MediaException {
    Path dir = out.resolve(rung.id());
    Files.createDirectories(dir);
    tools.run(
        rungArguments(source, cut, ladder, rung, dir),
        out.resolve(rung.id() + ".log"),
        seconds,
        cancelled);
    Hls.MediaPlaylist playlist =
        Hls.parseMedia(Files.readString(dir.resolve("index.m3u8"), StandardCharsets.UTF_8));
    if (playlist.segments().isEmpty() || playlist.map() == null) {
      throw new MediaException("transcode-failed", "the " + rung.id() + " rung came out empty");
    }
    long[] rates = Hls.measure(dir, playlist);
    byte[] init = Files.readAllBytes(dir.resolve(playlist.map()));
    List<String> codecs = new ArrayList<>();
    if (rung.hasVideo()) {
      codecs.add(Hls.avcCodec(init));
    }
    if (ladder.source().audio().isPresent()) {
      codecs.add(Hls.aacCodec(init));
    }
    codecs.removeIf(String::isEmpty);
    int[] size = rung.hasVideo() ? ladder.size(rung) : new int[] {0, 0};
    return new Renditions.Variant(
        rung,
        rung.id() + "/index.m3u8",
        rates[0],
        rates[1],
        String.join(",", codecs),
        size[0],
        size[1],
        rung.hasVideo() ? ladder.frameRate() : 0);
  }

  /**
   * The offline file: the offline rung's segments copied into one progressive file with its index
   * at the front ({@code +faststart}), so it plays from a USB stick or while still downloading.
   */
  private String offline(
      Ladder ladder, Path out, java.util.function.DoubleConsumer seconds, BooleanSupplier cancelled)
      throws IOException, MediaException {
    Rung rung = ladder.offlineRung();
    String name = rung.hasVideo() ? "offline.mp4" : "offline.m4a";
    tools.run(
        List.of(
            "-i",
            out.resolve(rung.id()).resolve("index.m3u8").toString(),
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            out.resolve(name).toString()),
        out.resolve("offline.log"),
        seconds,
        cancelled);
    return name;
  }

  private String poster(
      Path source, Optional<Trim> cut, Ladder ladder, Path out, BooleanSupplier cancelled)
      throws IOException, MediaException {
    double at =
        Math.min(5, ladder.source().durationSeconds() / 3)
            + cut.map(Trim::startSeconds).orElse(0.0);
    int[] size = ladder.size(Rung.P360);
    tools.run(
        List.of(
            "-ss",
            String.format(Locale.ROOT, "%.3f", at),
            "-i",
            source.toString(),
            "-frames:v",
            "1",
            "-vf",
            "scale=" + size[0] + ":" + size[1],
            "-q:v",
            "4",
            out.resolve("poster.jpg").toString()),
        out.resolve("poster.log"),
        s -> {},
        cancelled);
    return "poster.jpg";
  }

  /**
   * A sprite of up to 100 thumbnails, one every {@code interval} seconds, and the WebVTT file that
   * maps each time range to its tile ({@code storyboard.jpg#xywh=...}): what a player shows when a
   * pupil drags along the timeline.
   */
  private String storyboard(
      Path source, Optional<Trim> cut, Ladder ladder, Path out, BooleanSupplier cancelled)
      throws IOException, MediaException {
    double duration = ladder.source().durationSeconds();
    int interval = (int) Math.max(2, Math.ceil(duration / STORYBOARD_TILES));
    int tiles = (int) Math.min(STORYBOARD_TILES, Math.ceil(duration / interval));
    int columns = Math.min(10, tiles);
    int rows = (tiles + columns - 1) / columns;
    Probe.Video v = ladder.source().video().orElseThrow();
    int w = v.portrait() ? even(THUMB * (double) v.width() / v.height()) : THUMB;
    int h = v.portrait() ? THUMB : even(THUMB * (double) v.height() / v.width());
    List<String> args = new ArrayList<>(input(source, cut));
    args.addAll(
        List.of(
            "-vf",
            "fps=1/" + interval + ",scale=" + w + ":" + h + ",tile=" + columns + "x" + rows,
            "-frames:v",
            "1",
            "-q:v",
            "5",
            "-update",
            "1",
            out.resolve(Renditions.STORYBOARD_IMAGE).toString()));
    tools.run(args, out.resolve("storyboard.log"), s -> {}, cancelled);
    StringBuilder vtt = new StringBuilder("WEBVTT\n");
    for (int i = 0; i < tiles; i++) {
      double start = (double) i * interval;
      double end = Math.min(duration, (double) (i + 1) * interval);
      vtt.append('\n')
          .append(WebVtt.timestamp(start))
          .append(" --> ")
          .append(WebVtt.timestamp(end))
          .append('\n')
          .append(Renditions.STORYBOARD_IMAGE)
          .append("#xywh=")
          .append((i % columns) * w)
          .append(',')
          .append((i / columns) * h)
          .append(',')
          .append(w)
          .append(',')
          .append(h)
          .append('\n');
    }
    Files.writeString(out.resolve(Renditions.STORYBOARD_VTT), vtt, StandardCharsets.UTF_8);
    return Renditions.STORYBOARD_IMAGE;
  }

  private static int even(double x) {
    return 2 * (int) Math.round(x / 2);
  }

  private static String kbit(int bitsPerSecond) {
    return (bitsPerSecond / 1000) + "k";
  }

  private static List<String> listed(Path out, String rungDir) throws IOException {
    try (var files = Files.list(out.resolve(rungDir))) {
      return files.map(p -> rungDir + "/" + p.getFileName()).sorted().toList();
    }
  }
}
