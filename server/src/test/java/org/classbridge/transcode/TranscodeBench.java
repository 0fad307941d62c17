package org.classbridge.transcode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.classbridge.media.Ffmpeg;
import org.classbridge.media.Ladder;
import org.classbridge.media.Probe;
import org.classbridge.media.Renditions;
import org.classbridge.media.Rung;
import org.classbridge.media.Transcoder;
import org.classbridge.testing.Clips;

/**
 * Transcode time per minute of 720p source, per rung, through the pipeline (argument building,
 * ffmpeg run with machine-readable progress parsed, playlist read back and measured) against the
 * same ffmpeg command run directly (the floor: no progress, nothing read back), alternating, median
 * of {@code runs}. Then a whole job (every rung, the offline MP4, pictures). Run by
 * server/bench/transcode.sh.
 */
public final class TranscodeBench {
  private TranscodeBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory("transcode-bench");
    Ffmpeg tools = Clips.tools();
    // a camera-like source: 720p30 H.264 at ~4 Mbit/s with sound
    byte[] src = Clips.video(dir, 1280, 720, seconds, true);
    Path source = dir.resolve("source.mp4");
    Files.write(source, src);
    Transcoder transcoder = new Transcoder(tools, Duration.ofHours(4), "veryfast");
    Probe probe = transcoder.probe(source);
    Ladder ladder = Ladder.plan(probe);
    System.out.printf(
        Locale.ROOT,
        "source: %dx%d, %.0f s, %d kbit/s; %d runs each, alternating; times per minute of source%n",
        probe.video().orElseThrow().width(),
        probe.video().orElseThrow().height(),
        probe.durationSeconds(),
        probe.bitrate() / 1000,
        runs);
    System.out.println(
        "| rung | pipeline (s/min) | ffmpeg alone (s/min) | ratio | peak kbit/s | ceiling |");
    System.out.println("|---|---|---|---|---|---|");
    double perMinute = 60.0 / probe.durationSeconds();
    for (Rung rung : ladder.rungs()) {
      double[] pipeline = new double[runs];
      double[] floor = new double[runs];
      long peak = 0;
      for (int i = 0; i < runs; i++) {
        Path out = Files.createDirectories(dir.resolve("p-" + rung.id() + "-" + i));
        long t0 = System.nanoTime();
        Path rungDir = Files.createDirectories(out.resolve(rung.id()));
        List<String> pipelineArgs = transcoder.rungArguments(source, ladder, rung, rungDir);
        tools.run(pipelineArgs, out.resolve("log"), sec -> {}, () -> false);
        long maxBits =
            org.classbridge.media.Hls.measure(
                rungDir,
                org.classbridge.media.Hls.parseMedia(
                    Files.readString(rungDir.resolve("index.m3u8"))))[0];
        peak = Math.max(peak, maxBits);
        pipeline[i] = (System.nanoTime() - t0) / 1e9 * perMinute;

        Path direct = Files.createDirectories(dir.resolve("d-" + rung.id() + "-" + i));
        List<String> cmd =
            new ArrayList<>(
                List.of(
                    tools.ffmpeg().toString(),
                    "-hide_banner",
                    "-nostdin",
                    "-nostats",
                    "-loglevel",
                    "error",
                    "-y"));
        cmd.addAll(transcoder.rungArguments(source, ladder, rung, direct));
        ProcessBuilder pb =
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(tools.environment());
        long t1 = System.nanoTime();
        if (pb.start().waitFor() != 0) {
          throw new IllegalStateException("ffmpeg failed");
        }
        floor[i] = (System.nanoTime() - t1) / 1e9 * perMinute;
      }
      double p = median(pipeline);
      double f = median(floor);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.2f | %.2f | %.3f | %d | %d |%n",
          rung.id(),
          p,
          f,
          p / f,
          peak / 1000,
          rung.ceiling() / 1000);
    }
    long t2 = System.nanoTime();
    Renditions r =
        transcoder.transcode(source, probe, dir.resolve("whole"), (s, f) -> {}, () -> false);
    double whole = (System.nanoTime() - t2) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "whole job (%d rungs, offline MP4, poster, storyboard): %.1f s for %.0f s of source = %.2f s per minute%n",
        r.variants().size(),
        whole,
        probe.durationSeconds(),
        whole * perMinute);
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
