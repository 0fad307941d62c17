package org.classbridge.media;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WebVTT captions and chapters. Teachers upload captions as WebVTT or as SubRip ({@code .srt}, what
 * most subtitle tools export); both are checked cue by cue and stored as WebVTT, the format the
 * {@code <track>} element plays. Chapters are entered as a list and written as WebVTT.
 */
public final class WebVtt {
  private WebVtt() {}

  /** Largest caption file accepted: a 3-hour lesson's captions are well under 1 MB. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  private static final String TIME = "(?:(\\d{1,3}):)?([0-5]\\d):([0-5]\\d)[.,](\\d{3})";
  private static final Pattern TIMING =
      Pattern.compile("^" + TIME + "[ \\t]+-->[ \\t]+" + TIME + "(?:[ \\t].*)?$");

  /** A cue: from, to (seconds), and its text lines. */
  public record Cue(double start, double end, String text) {}

  /**
   * Reads captions in WebVTT or SubRip and returns them as a normalised WebVTT file (UTF-8, LF, no
   * byte-order mark, identifiers and settings dropped).
   *
   * @throws MediaException {@code bad-captions} naming the first line that is wrong
   */
  public static String normalise(byte[] bytes) throws MediaException {
    if (bytes.length > MAX_BYTES) {
      throw new MediaException("bad-captions", "captions are at most " + MAX_BYTES / 1024 + " KiB");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new MediaException("bad-captions", "captions must be UTF-8 text");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<Cue> cues = parse(text);
    if (cues.isEmpty()) {
      throw new MediaException("bad-captions", "the file holds no cues");
    }
    return write(cues);
  }

  static List<Cue> parse(String text) throws MediaException {
    String[] lines = text.split("\\r\\n|\\r|\\n", -1);
    boolean vtt = lines.length > 0 && lines[0].matches("WEBVTT([ \\t].*)?");
    int i = vtt ? 1 : 0;
    if (vtt) {
      // the header block runs to the first blank line
      while (i < lines.length && !lines[i].isBlank()) {
        i++;
      }
    }
    List<Cue> cues = new ArrayList<>();
    while (i < lines.length) {
      while (i < lines.length && lines[i].isBlank()) {
        i++;
      }
      if (i >= lines.length) {
        break;
      }
      int blockStart = i;
      if (vtt
          && (lines[i].startsWith("NOTE")
              || lines[i].startsWith("STYLE")
              || lines[i].startsWith("REGION"))) {
        while (i < lines.length && !lines[i].isBlank()) {
          i++;
        }
        continue;
      }
      Matcher m = TIMING.matcher(lines[i].strip());
      if (!m.matches() && i + 1 < lines.length) {
        // a cue identifier (WebVTT) or sequence number (SubRip) comes first
        i++;
        m = TIMING.matcher(lines[i].strip());
      }
      if (!m.matches()) {
        throw new MediaException(
            "bad-captions",
            "line " + (blockStart + 1) + ": expected a timing like 00:01:02.500 --> 00:01:05.000");
      }
      double start = seconds(m, 1);
      double end = seconds(m, 5);
      if (end < start) {
        throw new MediaException(
            "bad-captions", "line " + (i + 1) + ": the cue ends before it starts");
      }
      i++;
      StringBuilder body = new StringBuilder();
      while (i < lines.length && !lines[i].isBlank()) {
        if (lines[i].contains("-->")) {
          throw new MediaException(
              "bad-captions", "line " + (i + 1) + ": a cue's text cannot hold -->");
        }
        if (!body.isEmpty()) {
          body.append('\n');
        }
        body.append(lines[i].strip());
        i++;
      }
      cues.add(new Cue(start, end, body.toString()));
    }
    return cues;
  }

  private static double seconds(Matcher m, int group) {
    int h = m.group(group) == null ? 0 : Integer.parseInt(m.group(group));
    return h * 3600
        + Integer.parseInt(m.group(group + 1)) * 60
        + Integer.parseInt(m.group(group + 2))
        + Integer.parseInt(m.group(group + 3)) / 1000.0;
  }

  static String write(List<Cue> cues) {
    StringBuilder out = new StringBuilder("WEBVTT\n");
    for (Cue c : cues) {
      out.append('\n')
          .append(timestamp(c.start()))
          .append(" --> ")
          .append(timestamp(c.end()))
          .append('\n')
          .append(c.text())
          .append('\n');
    }
    return out.toString();
  }

  /** A chapter: where it starts and what it is called. */
  public record Chapter(double start, String title) {}

  /**
   * Chapters as WebVTT ({@code kind="chapters"}): each runs to the next one's start, the last to
   * the end of the lesson.
   *
   * @throws MediaException {@code bad-chapters} when starts are not increasing or lie outside
   */
  public static String chapters(List<Chapter> chapters, double duration) throws MediaException {
    List<Cue> cues = new ArrayList<>();
    for (int i = 0; i < chapters.size(); i++) {
      Chapter c = chapters.get(i);
      if (c.start() < 0 || (duration > 0 && c.start() >= duration)) {
        throw new MediaException(
            "bad-chapters", "chapter " + (i + 1) + " starts outside the lesson");
      }
      if (i > 0 && c.start() <= chapters.get(i - 1).start()) {
        throw new MediaException(
            "bad-chapters", "chapter " + (i + 1) + " must start after chapter " + i);
      }
      String title = c.title().strip().replace("-->", "→").replaceAll("\\R", " ");
      if (title.isEmpty()) {
        throw new MediaException("bad-chapters", "chapter " + (i + 1) + " has no title");
      }
      double end = i + 1 < chapters.size() ? chapters.get(i + 1).start() : duration;
      cues.add(new Cue(c.start(), Math.max(end, c.start()), title));
    }
    return write(cues);
  }

  /** {@code hh:mm:ss.ttt}. */
  public static String timestamp(double seconds) {
    long ms = Math.round(seconds * 1000);
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d.%03d",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000);
  }
}
