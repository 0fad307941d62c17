package org.classbridge.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An HTML5 virtual-experiment package (a zip), checked as untrusted input before anything of it is
 * stored: the whole package is refused when any entry escapes its folder ({@code ..}, an absolute
 * path, a backslash, a drive letter), is a symbolic link, has a type we do not serve, or when the
 * entry count, the unpacked size or an entry's compression ratio is beyond the limits (zip bombs).
 *
 * <p>Why the central directory is read by hand: Java's zip API does not show an entry's Unix mode,
 * so it cannot see symbolic links. Sizes in the directory are claims; {@link #extract} counts the
 * bytes it actually inflates and stops at the limits whatever the headers said.
 */
public final class ExperimentPackage {
  /** Most entries a package may have. */
  public static final int MAX_ENTRIES = 2_000;

  /** Most bytes a package may unpack to. */
  public static final long MAX_UNPACKED = 200L * 1024 * 1024;

  /** Highest compression ratio of one entry (a 1 KB entry inflating to 1 GB is a bomb). */
  public static final long MAX_RATIO = 100;

  /** File types an experiment may hold, and the type each is served with. */
  public static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("htm", "text/html; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("wav", "audio/wav"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("webm", "video/webm"),
          Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("ttf", "font/ttf"),
          Map.entry("wasm", "application/wasm"));

  private ExperimentPackage() {}

  /** Why a package is refused: a stable code and the entry it is about. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    Refused(String code, String detail) {
      super(detail, null, false, false);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** One file of a checked package. */
  public record Entry(String path, long size, String contentType) {
    public Entry {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(contentType, "contentType");
    }
  }

  /** What a file of a package is served as, by its extension; empty for a type we do not serve. */
  public static java.util.Optional<String> typeOf(String path) {
    int dot = path.lastIndexOf('.');
    if (dot < 0 || dot == path.length() - 1) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(
        TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  /**
   * Checks the package at {@code zip} (a file on local disk) and returns its files. It must have an
   * {@code index.html} at its root.
   */
  public static List<Entry> check(Path zip) throws IOException, Refused {
    List<Entry> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (Central c : centralDirectory(zip)) {
      String name = c.name();
      if (name.endsWith("/")) {
        checkName(name.substring(0, name.length() - 1));
        continue; // folders are implied by their files
      }
      checkName(name);
      if (c.symlink()) {
        throw new Refused("package-symlink", "a package may not hold links: " + name);
      }
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new Refused("package-duplicate", "an entry is named twice: " + name);
      }
      String type =
          typeOf(name)
              .orElseThrow(
                  () ->
                      new Refused("package-type", "not a file type experiments may hold: " + name));
      if (c.size() > MAX_UNPACKED
          || (c.compressed() > 0 && c.size() / c.compressed() > MAX_RATIO)) {
        throw new Refused("package-bomb", "an entry inflates beyond the limits: " + name);
      }
      total += c.size();
      if (total > MAX_UNPACKED) {
        throw new Refused(
            "package-too-large", "the package unpacks to more than " + MAX_UNPACKED + " bytes");
      }
      out.add(new Entry(name, c.size(), type));
      if (out.size() > MAX_ENTRIES) {
        throw new Refused("package-too-many", "a package has at most " + MAX_ENTRIES + " files");
      }
    }
    if (out.stream().noneMatch(e -> e.path().equals("index.html"))) {
      throw new Refused("package-no-index", "a package has index.html at its root");
    }
    return out;
  }

  private static void checkName(String name) throws Refused {
    if (name.isEmpty()
        || name.startsWith("/")
        || name.contains("\\")
        || name.matches("^[A-Za-z]:.*")
        || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7F)
        || name.length() > 255) {
      throw new Refused("package-path", "an entry's name is not a plain relative path: " + name);
    }
    for (String part : name.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new Refused("package-path", "an entry escapes its folder: " + name);
      }
    }
  }

  /**
   * Inflates each checked entry to {@code sink}, counting the real bytes: an entry that inflates
   * beyond what its header said, or beyond the limits, stops everything.
   */
  public static void extract(Path zip, List<Entry> entries, Sink sink) throws IOException, Refused {
    long total = 0;
    try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
      for (Entry e : entries) {
        ZipEntry z = file.getEntry(e.path());
        if (z == null) {
          throw new Refused("package-corrupt", "an entry cannot be read: " + e.path());
        }
        long[] count = {0};
        long limit = Math.min(e.size(), MAX_UNPACKED - total);
        try (InputStream in = file.getInputStream(z)) {
          InputStream counted =
              new InputStream() {
                @Override
                public int read() throws IOException {
                  byte[] one = new byte[1];
                  return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                  int n = in.read(b, off, len);
                  if (n > 0) {
                    count[0] += n;
                    if (count[0] > limit) {
                      throw new IOException(
                          new Refused("package-bomb", "inflates beyond its header: " + e.path()));
                    }
                  }
                  return n;
                }
              };
          sink.accept(e, counted);
        } catch (IOException io) {
          if (io.getCause() instanceof Refused r) {
            throw r;
          }
          throw io;
        }
        total += count[0];
      }
    }
  }

  /** Where extracted files go (the blob store, in the server). */
  @FunctionalInterface
  public interface Sink {
    void accept(Entry entry, InputStream content) throws IOException;
  }

  // --- the central directory, read by hand for the Unix mode of each entry

  private record Central(String name, long compressed, long size, boolean symlink) {}

  private static List<Central> centralDirectory(Path zip) throws IOException, Refused {
    try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
      long length = ch.size();
      if (length < 22) {
        throw new Refused("package-corrupt", "not a zip file");
      }
      // the end-of-central-directory record is within the last 64 KiB + 22 bytes
      int tail = (int) Math.min(length, 65_557);
      ByteBuffer end = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(end, length - tail);
      int eocd = -1;
      for (int i = tail - 22; i >= 0; i--) {
        if (end.getInt(i) == 0x06054b50) {
          eocd = i;
          break;
        }
      }
      if (eocd < 0) {
        throw new Refused("package-corrupt", "not a zip file (no end of central directory)");
      }
      int count = Short.toUnsignedInt(end.getShort(eocd + 10));
      long size = Integer.toUnsignedLong(end.getInt(eocd + 12));
      long offset = Integer.toUnsignedLong(end.getInt(eocd + 16));
      if (count == 0xFFFF || size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL) {
        throw new Refused("package-too-large", "zip64 packages are not accepted");
      }
      if (count > MAX_ENTRIES + 1000) {
        throw new Refused("package-too-many", "a package has at most " + MAX_ENTRIES + " files");
      }
      if (offset + size > length || size > 64L * 1024 * 1024) {
        throw new Refused("package-corrupt", "the central directory lies outside the file");
      }
      ByteBuffer cd = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(cd, offset);
      List<Central> out = new ArrayList<>();
      int p = 0;
      for (int i = 0; i < count; i++) {
        if (p + 46 > size || cd.getInt(p) != 0x02014b50) {
          throw new Refused("package-corrupt", "a central directory entry is damaged");
        }
        int madeBy = Short.toUnsignedInt(cd.getShort(p + 4)) >> 8;
        long compressed = Integer.toUnsignedLong(cd.getInt(p + 20));
        long uncompressed = Integer.toUnsignedLong(cd.getInt(p + 24));
        int nameLength = Short.toUnsignedInt(cd.getShort(p + 28));
        int extraLength = Short.toUnsignedInt(cd.getShort(p + 30));
        int commentLength = Short.toUnsignedInt(cd.getShort(p + 32));
        long external = Integer.toUnsignedLong(cd.getInt(p + 38));
        if (p + 46 + nameLength > size) {
          throw new Refused("package-corrupt", "a central directory entry is damaged");
        }
        byte[] nameBytes = new byte[nameLength];
        cd.get(p + 46, nameBytes);
        String name;
        try {
          name = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(nameBytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
          throw new Refused("package-path", "an entry's name is not UTF-8");
        }
        long mode = external >>> 16;
        boolean unix = madeBy == 3;
        boolean symlink = unix && (mode & 0170000) == 0120000;
        out.add(new Central(name, compressed, uncompressed, symlink));
        p += 46 + nameLength + extraLength + commentLength;
      }
      return out;
    }
  }
}
