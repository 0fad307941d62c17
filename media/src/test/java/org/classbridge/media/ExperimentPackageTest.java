package org.classbridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiment packages are untrusted code: every trick is refused before anything is stored. */
class ExperimentPackageTest {
  @TempDir Path dir;

  static final byte[] INDEX =
      "<!doctype html><meta charset=utf-8><title>单摆</title><script src=app.js></script>"
          .getBytes(StandardCharsets.UTF_8);

  Path zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    Path file = Files.createTempFile(dir, "pkg", ".zip");
    Files.write(file, bytes.toByteArray());
    return file;
  }

  static Map<String, byte[]> valid() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("index.html", INDEX);
    m.put("app.js", "console.log('pendulum')".getBytes(StandardCharsets.UTF_8));
    m.put("img/bob.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    return m;
  }

  static String refusal(Path zip) {
    try {
      ExperimentPackage.check(zip);
      return "accepted";
    } catch (ExperimentPackage.Refused r) {
      return r.code();
    } catch (IOException e) {
      return "io: " + e;
    }
  }

  @Test
  @DisplayName("a plain package is accepted with each file's type, and extracts to the same bytes")
  void accepted() throws Exception {
    Path zip = zip(valid());
    List<ExperimentPackage.Entry> entries = ExperimentPackage.check(zip);
    assertThat(entries)
        .extracting(ExperimentPackage.Entry::path)
        .containsExactly("index.html", "app.js", "img/bob.png");
    assertThat(entries.get(1).contentType()).startsWith("text/javascript");
    List<byte[]> got = new ArrayList<>();
    ExperimentPackage.extract(zip, entries, (e, in) -> got.add(in.readAllBytes()));
    assertThat(got.get(0)).isEqualTo(INDEX);
  }

  @Test
  @DisplayName(
      "zip-slip, absolute paths, backslashes, drive letters and dot segments are refused whole")
  void pathTricks() throws Exception {
    for (String evil :
        List.of(
            "../evil.html",
            "a/../../evil.js",
            "/etc/passwd.txt",
            "a\\b.js",
            "C:/x.js",
            "./x.js",
            "a//b.js")) {
      Map<String, byte[]> m = valid();
      m.put(evil, new byte[] {1});
      assertThat(refusal(zip(m))).as(evil).isEqualTo("package-path");
    }
  }

  @Test
  @DisplayName("unknown types, a missing index.html, duplicates and non-zips are refused")
  void otherRefusals() throws Exception {
    Map<String, byte[]> exe = valid();
    exe.put("run.exe", new byte[] {'M', 'Z'});
    assertThat(refusal(zip(exe))).isEqualTo("package-type");
    Map<String, byte[]> noIndex = valid();
    noIndex.remove("index.html");
    assertThat(refusal(zip(noIndex))).isEqualTo("package-no-index");
    Map<String, byte[]> dup = valid();
    dup.put("APP.js", new byte[] {1});
    assertThat(refusal(zip(dup))).isEqualTo("package-duplicate");
    Path notZip = Files.writeString(dir.resolve("x.zip"), "<html>not a zip</html>");
    assertThat(refusal(notZip)).isEqualTo("package-corrupt");
  }

  @Test
  @DisplayName("a zip bomb (an entry inflating 1000:1) is refused from its header")
  void bomb() throws Exception {
    Map<String, byte[]> m = valid();
    m.put("data.json", new byte[10 * 1024 * 1024]); // zeros: deflate to about 10 KB
    assertThat(refusal(zip(m))).isEqualTo("package-bomb");
  }

  @Test
  @DisplayName("a header that lies about an entry's size is caught while inflating")
  void lyingHeader() throws Exception {
    Map<String, byte[]> m = valid();
    m.put("data.json", "[1,2,3,4,5,6,7,8,9,10]".getBytes(StandardCharsets.UTF_8));
    Path zip = zip(m);
    // claim 4 bytes uncompressed for data.json in the central directory
    byte[] b = Files.readAllBytes(zip);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int p = 0; p + 46 < b.length; p++) {
      if (buf.getInt(p) == 0x02014b50) {
        int nameLength = Short.toUnsignedInt(buf.getShort(p + 28));
        String name = new String(b, p + 46, nameLength, StandardCharsets.UTF_8);
        if (name.equals("data.json")) {
          buf.putInt(p + 24, 4);
        }
      }
    }
    Files.write(zip, b);
    List<ExperimentPackage.Entry> entries = ExperimentPackage.check(zip);
    assertThatThrownBy(() -> ExperimentPackage.extract(zip, entries, (e, in) -> in.readAllBytes()))
        .isInstanceOfAny(ExperimentPackage.Refused.class, java.util.zip.ZipException.class);
  }

  @Test
  @DisplayName("a symbolic link (Unix mode 0120000 in the central directory) is refused")
  void symlink() throws Exception {
    Map<String, byte[]> m = valid();
    m.put("link.js", "/etc/passwd".getBytes(StandardCharsets.UTF_8));
    Path zip = zip(m);
    byte[] b = Files.readAllBytes(zip);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int p = 0; p + 46 < b.length; p++) {
      if (buf.getInt(p) == 0x02014b50) {
        int nameLength = Short.toUnsignedInt(buf.getShort(p + 28));
        if (new String(b, p + 46, nameLength, StandardCharsets.UTF_8).equals("link.js")) {
          b[p + 5] = 3; // made by Unix
          buf.putInt(p + 38, 0120777 << 16);
        }
      }
    }
    Files.write(zip, b);
    assertThat(refusal(zip)).isEqualTo("package-symlink");
  }
}
