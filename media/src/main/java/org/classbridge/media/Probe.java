package org.classbridge.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a media file holds, as ffprobe reads it: duration, container, overall bitrate, the first
 * video stream (its displayed size, after any rotation) and the first audio stream.
 *
 * @param durationSeconds the container's duration
 * @param bitrate overall bits per second; 0 when the container does not say
 */
public record Probe(
    String container,
    double durationSeconds,
    long bitrate,
    Optional<Video> video,
    Optional<Audio> audio) {

  public Probe {
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(audio, "audio");
  }

  /**
   * @param width displayed width (a phone video stored landscape with a 90° rotation is portrait)
   * @param fps frames per second, 0 when unknown
   */
  public record Video(String codec, int width, int height, double fps, long bitrate) {
    /** The short side: what "360p" means for portrait video too. */
    public int shortSide() {
      return Math.min(width, height);
    }

    public boolean portrait() {
      return height > width;
    }
  }

  public record Audio(String codec, int channels, int sampleRate, long bitrate) {}

  /** Longest a probe may take; ffprobe reads headers only, so this is generous. */
  static final long TIMEOUT_SECONDS = 60;

  /**
   * Probes {@code file}.
   *
   * @throws MediaException {@code unreadable-media} when ffprobe cannot read it or it holds neither
   *     picture nor sound, {@code empty-media} when it lasts no time at all
   */
  public static Probe of(Ffmpeg tools, Path file) throws IOException, MediaException {
    String out =
        tools.probeOutput(
            List.of(
                "-v",
                "error",
                "-show_entries",
                "format=format_name,duration,bit_rate:stream=index,codec_type,codec_name,width,"
                    + "height,avg_frame_rate,channels,sample_rate,bit_rate"
                    + ":stream_side_data=rotation",
                "-of",
                "flat=s=_",
                file.toString()),
            TIMEOUT_SECONDS);
    Probe p = parse(out);
    if (!Double.isNaN(p.durationSeconds())) {
      return p;
    }
    // A browser's MediaRecorder writes WebM without a duration (it does not know it when the
    // header goes out): the last packet's end says how long it is. This reads the packets'
    // headers (a demux, no decoding): seconds even for a long lesson.
    String packets =
        tools.probeOutput(
            List.of(
                "-v",
                "error",
                "-show_entries",
                "packet=pts_time,duration_time",
                "-of",
                "csv=p=0",
                file.toString()),
            TIMEOUT_SECONDS * 5);
    double end = 0;
    for (String line : packets.split("\\R")) {
      String[] cols = line.split(",");
      double pts = cols.length > 0 ? decimal(cols[0].strip()) : Double.NaN;
      double dur = cols.length > 1 ? decimal(cols[1].strip()) : Double.NaN;
      if (pts >= 0) {
        end = Math.max(end, pts + (dur > 0 ? dur : 0));
      }
    }
    if (!(end > 0.05)) {
      throw new MediaException("empty-media", "the file lasts no time at all");
    }
    return new Probe(p.container(), end, p.bitrate(), p.video(), p.audio());
  }

  /** Reads ffprobe's {@code flat} output (one {@code key=value} per line). */
  static Probe parse(String flat) throws MediaException {
    Map<String, String> f = new HashMap<>();
    for (String line : flat.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        String v = line.substring(eq + 1).strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        f.put(line.substring(0, eq).strip(), v);
      }
    }
    Optional<Video> video = Optional.empty();
    Optional<Audio> audio = Optional.empty();
    for (int i = 0; f.containsKey("streams_stream_" + i + "_index"); i++) {
      String s = "streams_stream_" + i + "_";
      String type = f.getOrDefault(s + "codec_type", "");
      if (type.equals("video") && video.isEmpty() && number(f.get(s + "width")) > 0) {
        int w = (int) number(f.get(s + "width"));
        int h = (int) number(f.get(s + "height"));
        long rotation = Math.abs(number(f.get(s + "side_data_list_side_data_0_rotation")));
        if (rotation % 180 == 90) {
          int t = w;
          w = h;
          h = t;
        }
        String codec = f.getOrDefault(s + "codec_name", "unknown");
        // cover art in an audio file is a one-picture "video" stream: not a video
        if (!codec.equals("mjpeg") && !codec.equals("png")) {
          video =
              Optional.of(
                  new Video(
                      codec,
                      w,
                      h,
                      rate(f.get(s + "avg_frame_rate")),
                      number(f.get(s + "bit_rate"))));
        }
      } else if (type.equals("audio") && audio.isEmpty()) {
        audio =
            Optional.of(
                new Audio(
                    f.getOrDefault(s + "codec_name", "unknown"),
                    (int) number(f.get(s + "channels")),
                    (int) number(f.get(s + "sample_rate")),
                    number(f.get(s + "bit_rate"))));
      }
    }
    if (video.isEmpty() && audio.isEmpty()) {
      throw new MediaException(
          "unreadable-media", "the file holds no picture or sound we can read");
    }
    String raw = f.get("format_duration");
    if (raw == null || raw.equals("N/A")) {
      // no duration in the container: the caller measures it (NaN says so)
      return new Probe(
          f.getOrDefault("format_format_name", "unknown"),
          Double.NaN,
          number(f.get("format_bit_rate")),
          video,
          audio);
    }
    double duration = decimal(raw);
    if (!(duration > 0.05)) {
      throw new MediaException("empty-media", "the file lasts no time at all");
    }
    return new Probe(
        f.getOrDefault("format_format_name", "unknown"),
        duration,
        number(f.get("format_bit_rate")),
        video,
        audio);
  }

  private static long number(String s) {
    if (s == null || !s.matches("-?[0-9]{1,18}")) {
      return 0;
    }
    return Long.parseLong(s);
  }

  private static double decimal(String s) {
    if (s == null || !s.matches("[0-9]{1,12}(\\.[0-9]{1,9})?")) {
      return 0;
    }
    return Double.parseDouble(s);
  }

  /** ffprobe's rational frame rate, "30000/1001"; 0 when unknown. */
  private static double rate(String s) {
    if (s == null || !s.matches("[0-9]{1,9}/[0-9]{1,9}")) {
      return 0;
    }
    String[] p = s.split("/");
    long den = Long.parseLong(p[1]);
    return den == 0 ? 0 : Long.parseLong(p[0]) / (double) den;
  }
}
