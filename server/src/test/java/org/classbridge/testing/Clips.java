package org.classbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.classbridge.media.Ffmpeg;
import org.classbridge.media.MediaException;

/**
 * Video and sound clips made on the spot by ffmpeg's own test sources (no binary fixtures), and the
 * bundled ffmpeg the tests share: extracted once per checkout into {@code target/}.
 */
public final class Clips {
  private Clips() {}

  private static Ffmpeg tools;

  public static synchronized Ffmpeg tools() {
    if (tools == null) {
      try {
        Ffmpeg bundled = Ffmpeg.bundled(Path.of("target", "ffmpeg-cache").toAbsolutePath());
        tools = Ffmpeg.system(bundled.ffmpeg(), bundled.ffprobe());
      } catch (IOException | MediaException e) {
        throw new IllegalStateException("the bundled ffmpeg did not extract", e);
      }
    }
    return tools;
  }

  /** An H.264/AAC MP4 of testsrc2 (and a tone when {@code sound}), made once per folder. */
  public static byte[] video(Path dir, int width, int height, int seconds, boolean sound)
      throws IOException {
    Path out =
        dir.resolve("clip-" + width + "x" + height + "-" + seconds + (sound ? "s" : "") + ".mp4");
    if (!Files.exists(out)) {
      List<String> a = new ArrayList<>();
      a.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=25"));
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
    }
    return Files.readAllBytes(out);
  }

  /** AAC sound only, in an MP4 container (what a phone's voice recorder makes), made once. */
  public static byte[] sound(Path dir, int seconds) throws IOException {
    Path out = dir.resolve("sound-" + seconds + ".m4a");
    if (!Files.exists(out)) {
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
              out.toString()));
    }
    return Files.readAllBytes(out);
  }

  /** ffprobe's {@code flat} output for a file or URL. */
  public static String probe(String fileOrUrl) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                tools().ffprobe().toString(),
                "-v",
                "error",
                "-show_entries",
                "stream=codec_type,codec_name,width,height:format=duration",
                "-of",
                "flat=s=_",
                fileOrUrl));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(tools().environment());
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  private static void run(Path dir, List<String> args) throws IOException {
    List<String> cmd =
        new ArrayList<>(List.of(tools().ffmpeg().toString(), "-loglevel", "error", "-y"));
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("ffmpeg.log").toFile());
    pb.environment().putAll(tools().environment());
    try {
      if (pb.start().waitFor() != 0) {
        throw new IOException("ffmpeg failed: " + Files.readString(dir.resolve("ffmpeg.log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
