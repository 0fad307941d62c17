package org.classbridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflinePackTest {
  static OfflinePack.Entry entry(String path, byte[] bytes, String type) throws Exception {
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    return new OfflinePack.Entry(
        path, bytes.length, sha, type, () -> new ByteArrayInputStream(bytes));
  }

  @Test
  void aPackListsEveryFileFirstAndVerifies(@TempDir Path dir) throws Exception {
    byte[] video = new byte[300_000];
    new java.util.Random(1).nextBytes(video);
    Map<String, String> about = new LinkedHashMap<>();
    about.put("title", "勾股定理 \"第一课\"");
    Path zip = dir.resolve("pack.zip");
    try (OutputStream out = Files.newOutputStream(zip)) {
      OfflinePack.write(
          out,
          about,
          List.of(
              entry("01-勾股定理/lesson-360p.mp4", video, "video/mp4"),
              entry(
                  "01-勾股定理/captions.zh.vtt",
                  "WEBVTT\n".getBytes(StandardCharsets.UTF_8),
                  "text/vtt")));
    }
    assertThat(OfflinePack.verify(zip)).isEmpty();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(z.entries().nextElement().getName()).isEqualTo("manifest.json");
      String manifest =
          new String(
              z.getInputStream(z.getEntry("manifest.json")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(manifest.split("\"path\":", -1)).hasSize(3);
      assertThat(manifest).contains("\"title\": \"勾股定理 \\\"第一课\\\"\"");
    }
  }

  @Test
  void aTamperedOrTruncatedPackIsCaught(@TempDir Path dir) throws Exception {
    Path zip = dir.resolve("pack.zip");
    try (OutputStream out = Files.newOutputStream(zip)) {
      OfflinePack.write(
          out, Map.of(), List.of(entry("a.pdf", "%PDF-1.7".getBytes(), "application/pdf")));
    }
    // rebuild the zip with a changed file but the same manifest
    Path bad = dir.resolve("bad.zip");
    try (ZipFile z = new ZipFile(zip.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
      out.putNextEntry(new ZipEntry("manifest.json"));
      out.write(z.getInputStream(z.getEntry("manifest.json")).readAllBytes());
      out.putNextEntry(new ZipEntry("a.pdf"));
      out.write("%PDF-1.6".getBytes());
      out.putNextEntry(new ZipEntry("extra.exe"));
      out.write(1);
    }
    assertThat(OfflinePack.verify(bad))
        .containsExactlyInAnyOrder(
            "a.pdf: size or SHA-256 differs from the manifest", "extra.exe: not in the manifest");
  }

  @Test
  void aSourceThatDoesNotMatchItsHashAbortsThePack(@TempDir Path dir) {
    OfflinePack.Entry lying =
        new OfflinePack.Entry(
            "a.pdf",
            3,
            "0".repeat(64),
            "application/pdf",
            () -> new ByteArrayInputStream(new byte[] {1, 2, 3}));
    assertThatThrownBy(
            () -> OfflinePack.write(OutputStream.nullOutputStream(), Map.of(), List.of(lying)))
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> entry("../etc/passwd", new byte[1], "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
