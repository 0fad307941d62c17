package org.classbridge.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * An offline pack: one zip a rural school downloads once (overnight, or carried on a USB stick)
 * holding a lesson's or a course's files and a {@code manifest.json} first, with the SHA-256 and
 * size of every other file, so the school can check the copy is whole before class.
 *
 * <p>Written in one pass to any stream (the HTTP response): the manifest comes from the hashes the
 * caller already knows (blobs are stored by SHA-256), and each file is checked against its hash as
 * it is copied; a mismatch aborts the pack rather than ship a silently broken file.
 */
public final class OfflinePack {
  private OfflinePack() {}

  public static final String MANIFEST = "manifest.json";

  /** Opens a file's bytes. */
  public interface Source {
    InputStream open() throws IOException;
  }

  /**
   * A file of the pack.
   *
   * @param path its path inside the zip ({@code 01-lesson/lesson-360p.mp4})
   */
  public record Entry(String path, long size, String sha256, String contentType, Source source) {
    public Entry {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(source, "source");
      if (!path.matches("[A-Za-z0-9._\\-/\\p{IsHan}\\p{IsTibetan}]{1,200}")
          || path.startsWith("/")
          || path.contains("..")
          || path.equals(MANIFEST)) {
        throw new IllegalArgumentException("a relative path inside the pack: " + path);
      }
    }
  }

  /** Writes the pack; {@code about} goes into the manifest as it is (title, id, created). */
  public static void write(OutputStream out, Map<String, String> about, List<Entry> entries)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    zip.setLevel(Deflater.BEST_SPEED);
    zip.putNextEntry(new ZipEntry(MANIFEST));
    zip.write(manifest(about, entries).getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
    byte[] buffer = new byte[64 * 1024];
    for (Entry e : entries) {
      // video and pictures are compressed already: stored as they are, deflate would only cost CPU
      boolean compressible =
          e.contentType().startsWith("text/") || e.contentType().contains("json");
      zip.setLevel(compressible ? Deflater.BEST_SPEED : Deflater.NO_COMPRESSION);
      zip.putNextEntry(new ZipEntry(e.path()));
      MessageDigest sha = sha256();
      long copied = 0;
      try (InputStream in = new DigestInputStream(e.source().open(), sha)) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          zip.write(buffer, 0, n);
          copied += n;
        }
      }
      String got = HexFormat.of().formatHex(sha.digest());
      if (!got.equals(e.sha256()) || copied != e.size()) {
        throw new IOException("pack entry " + e.path() + " does not match its stored hash");
      }
      zip.closeEntry();
    }
    zip.finish();
    zip.flush();
  }

  static String manifest(Map<String, String> about, List<Entry> entries) {
    StringBuilder m = new StringBuilder("{\n");
    for (var a : about.entrySet()) {
      m.append("  ").append(json(a.getKey())).append(": ").append(json(a.getValue())).append(",\n");
    }
    m.append("  \"files\": [");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      m.append(i == 0 ? "\n" : ",\n")
          .append("    {\"path\": ")
          .append(json(e.path()))
          .append(", \"size\": ")
          .append(e.size())
          .append(", \"sha256\": ")
          .append(json(e.sha256()))
          .append(", \"contentType\": ")
          .append(json(e.contentType()))
          .append('}');
    }
    return m.append("\n  ]\n}\n").toString();
  }

  private static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static final Pattern FILE =
      Pattern.compile(
          "\\{\"path\": \"((?:[^\"\\\\]|\\\\.)*)\", \"size\": (\\d+), \"sha256\": \"([0-9a-f]{64})\"");

  /**
   * Checks a downloaded pack against its manifest: every listed file present with its size and
   * SHA-256, nothing unlisted. Returns the problems found; empty when the pack is whole.
   */
  public static List<String> verify(Path zipFile) throws IOException {
    List<String> problems = new java.util.ArrayList<>();
    try (ZipFile zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8)) {
      ZipEntry manifest = zip.getEntry(MANIFEST);
      if (manifest == null) {
        return List.of("no " + MANIFEST);
      }
      String text;
      try (InputStream in = zip.getInputStream(manifest)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, String[]> listed = new LinkedHashMap<>();
      Matcher m = FILE.matcher(text);
      while (m.find()) {
        listed.put(
            m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"),
            new String[] {m.group(2), m.group(3)});
      }
      Map<String, Boolean> seen = new HashMap<>();
      for (var it = zip.entries(); it.hasMoreElements(); ) {
        ZipEntry z = it.nextElement();
        if (z.getName().equals(MANIFEST) || z.isDirectory()) {
          continue;
        }
        String[] want = listed.get(z.getName());
        if (want == null) {
          problems.add(z.getName() + ": not in the manifest");
          continue;
        }
        seen.put(z.getName(), true);
        MessageDigest sha = sha256();
        long size = 0;
        try (InputStream in = new DigestInputStream(zip.getInputStream(z), sha)) {
          byte[] buf = new byte[64 * 1024];
          int n;
          while ((n = in.read(buf)) > 0) {
            size += n;
          }
        }
        if (size != Long.parseLong(want[0])
            || !HexFormat.of().formatHex(sha.digest()).equals(want[1])) {
          problems.add(z.getName() + ": size or SHA-256 differs from the manifest");
        }
      }
      for (String path : listed.keySet()) {
        if (!seen.containsKey(path)) {
          problems.add(path + ": listed but missing");
        }
      }
    }
    return problems;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
