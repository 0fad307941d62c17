package org.classbridge.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HLS playlists (RFC 8216): reading the media playlists ffmpeg wrote, measuring their segments, and
 * writing the master playlist with the BANDWIDTH, AVERAGE-BANDWIDTH and CODECS a player needs to
 * choose a rung before it downloads anything.
 */
public final class Hls {
  private Hls() {}

  /** A media segment of a playlist: its URI (relative) and duration. */
  public record Segment(String uri, double seconds) {}

  /**
   * A media playlist as read: the init section (fMP4), the target duration (0 when absent) and the
   * segments in order.
   */
  public record MediaPlaylist(
      String map, int targetDuration, List<Segment> segments, boolean ended) {
    public double duration() {
      return segments.stream().mapToDouble(Segment::seconds).sum();
    }
  }

  /** Parses a media playlist: {@code #EXT-X-MAP}, {@code #EXTINF} and the URIs they describe. */
  public static MediaPlaylist parseMedia(String text) throws IOException {
    String[] lines = text.split("\\R");
    if (lines.length == 0 || !lines[0].strip().equals("#EXTM3U")) {
      throw new IOException("not a playlist: it must begin with #EXTM3U");
    }
    String map = null;
    int target = 0;
    boolean ended = false;
    Double pending = null;
    List<Segment> segments = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("#EXT-X-MAP:")) {
        int at = line.indexOf("URI=\"");
        if (at < 0) {
          throw new IOException("#EXT-X-MAP without a URI");
        }
        map = line.substring(at + 5, line.indexOf('"', at + 5));
      } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
        target = Integer.parseInt(line.substring(22).strip());
      } else if (line.startsWith("#EXTINF:")) {
        String d = line.substring(8);
        int comma = d.indexOf(',');
        pending = Double.parseDouble(comma < 0 ? d : d.substring(0, comma));
      } else if (line.equals("#EXT-X-ENDLIST")) {
        ended = true;
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        if (pending == null) {
          throw new IOException("segment " + line + " has no #EXTINF");
        }
        segments.add(new Segment(line, pending));
        pending = null;
      }
    }
    return new MediaPlaylist(map, target, segments, ended);
  }

  /**
   * Peak and average bit rate of the segments in {@code dir} named by {@code playlist}. The peak is
   * the peak segment bit rate as HLS defines it (RFC 8216bis): the highest rate of any run of
   * contiguous segments lasting between half and one and a half target durations, so a last segment
   * of a few milliseconds (one audio frame and its boxes) does not pass for a burst.
   *
   * @return {peak, average}, bits per second
   */
  public static long[] measure(Path dir, MediaPlaylist playlist) throws IOException {
    List<Segment> segments = playlist.segments();
    long[] sizes = new long[segments.size()];
    long bytes = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = Files.size(dir.resolve(segments.get(i).uri()));
      bytes += sizes[i];
    }
    double duration = playlist.duration();
    long peak = peak(segments, sizes, playlist.targetDuration());
    if (playlist.map() != null) {
      bytes += Files.size(dir.resolve(playlist.map()));
    }
    long average = duration > 0 ? Math.round(bytes * 8 / duration) : 0;
    return new long[] {Math.max(peak, average), average};
  }

  /** The peak segment bit rate of segments of these sizes (see {@link #measure}). */
  static long peak(List<Segment> segments, long[] sizes, int targetDuration) {
    double target =
        targetDuration > 0
            ? targetDuration
            : segments.stream().mapToDouble(Segment::seconds).max().orElse(0);
    long peak = 0;
    for (int from = 0; from < segments.size(); from++) {
      double seconds = 0;
      long size = 0;
      for (int to = from; to < segments.size() && seconds <= 1.5 * target; to++) {
        seconds += segments.get(to).seconds();
        size += sizes[to];
        if (seconds >= 0.5 * target && seconds <= 1.5 * target) {
          peak = Math.max(peak, Math.round(size * 8 / seconds));
        }
      }
    }
    if (peak == 0) {
      // a stream shorter than half a target duration: its rate as a whole
      double all = segments.stream().mapToDouble(Segment::seconds).sum();
      long total = java.util.Arrays.stream(sizes).sum();
      peak = all > 0 ? Math.round(total * 8 / all) : 0;
    }
    return peak;
  }

  /**
   * The master playlist for {@code variants} (lowest first: the rung a cautious player starts on).
   */
  public static String master(List<Renditions.Variant> variants) {
    StringBuilder out =
        new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    List<Renditions.Variant> ordered = new ArrayList<>(variants);
    // picture rungs first, lowest first; sound only last, for players that want a fallback
    ordered.sort(
        (a, b) ->
            a.rung().hasVideo() != b.rung().hasVideo()
                ? (a.rung().hasVideo() ? -1 : 1)
                : Integer.compare(a.rung().shortSide(), b.rung().shortSide()));
    for (Renditions.Variant v : ordered) {
      out.append("#EXT-X-STREAM-INF:BANDWIDTH=")
          .append(v.peakBandwidth())
          .append(",AVERAGE-BANDWIDTH=")
          .append(v.averageBandwidth())
          .append(",CODECS=\"")
          .append(v.codecs())
          .append('"');
      if (v.width() > 0) {
        out.append(",RESOLUTION=")
            .append(v.width())
            .append('x')
            .append(v.height())
            .append(",FRAME-RATE=")
            .append(String.format(Locale.ROOT, "%.3f", v.frameRate()));
      }
      out.append('\n').append(v.playlist()).append('\n');
    }
    return out.toString();
  }

  /**
   * The RFC 6381 codec string of the H.264 stream in an fMP4 init segment, read from its {@code
   * avcC} box (profile, constraint flags, level), e.g. {@code avc1.4d401e}; empty when it holds
   * none.
   */
  static String avcCodec(byte[] init) {
    byte[] tag = "avcC".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + 8 < init.length; i++) {
      if (init[i] == tag[0]
          && init[i + 1] == tag[1]
          && init[i + 2] == tag[2]
          && init[i + 3] == tag[3]) {
        // avcC: configurationVersion, AVCProfileIndication, profile_compatibility,
        // AVCLevelIndication
        return String.format(
            Locale.ROOT,
            "avc1.%02x%02x%02x",
            init[i + 5] & 0xff,
            init[i + 6] & 0xff,
            init[i + 7] & 0xff);
      }
    }
    return "";
  }

  /**
   * {@code mp4a.40.2} when the init segment declares AAC-LC sound ({@code mp4a} box), else empty.
   */
  static String aacCodec(byte[] init) {
    String s = new String(init, StandardCharsets.ISO_8859_1);
    return s.contains("mp4a") ? "mp4a.40.2" : "";
  }
}
