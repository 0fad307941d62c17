package org.classbridge.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tiny clips made by ffmpeg's own test sources (testsrc2, sine): no binary fixtures in git. */
final class TestClips {
  private TestClips() {}

  /** The bundled build, extracted once per checkout into target/. */
  static Ffmpeg tools() throws Exception {
    return Ffmpeg.bundled(Path.of("target", "ffmpeg-cache").toAbsolutePath());
  }

  /**
   * A clip of {@code seconds} at {@code width}x{@code height} and {@code fps}, with a tone when
   * {@code sound}, encoded quickly as H.264/AAC MP4.
   */
  static Path video(
      Path dir, String name, int width, int height, int fps, int seconds, boolean sound)
      throws Exception {
    Path out = dir.resolve(name);
    if (Files.exists(out)) {
      return out;
    }
    List<String> a = new ArrayList<>();
    a.addAll(
        List.of("-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + fps));
    if (sound) {
      a.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"));
    }
    a.addAll(
        List.of(
            "-t",
            Integer.toString(seconds),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p"));
    if (sound) {
      a.addAll(List.of("-c:a", "aac"));
    }
    a.add(out.toString());
    run(dir, a);
    return out;
  }

  static Path audio(Path dir, String name, int seconds) throws Exception {
    Path out = dir.resolve(name);
    run(
        dir,
        List.of(
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=330:sample_rate=44100",
            "-t",
            Integer.toString(seconds),
            "-c:a",
            "aac",
            "-b:a",
            "96k",
            out.toString()));
    return out;
  }

  private static void run(Path dir, List<String> args) throws Exception {
    tools().run(args, dir.resolve("make.log"), s -> {}, () -> false);
  }

  /** ffprobe's flat output for one file, as a map. */
  static java.util.Map<String, String> probeStreams(Path file)
      throws IOException, MediaException, Exception {
    String out =
        tools()
            .probeOutput(
                List.of(
                    "-v",
                    "error",
                    "-show_entries",
                    "stream=codec_type,codec_name,profile,width,height,avg_frame_rate:format=duration",
                    "-of",
                    "flat=s=_",
                    file.toString()),
                60);
    java.util.Map<String, String> m = new java.util.HashMap<>();
    for (String line : out.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
      }
    }
    return m;
  }
}
