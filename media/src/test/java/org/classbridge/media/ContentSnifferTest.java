package org.classbridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContentSnifferTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  @DisplayName("recognises the signatures of the lesson formats we store")
  void recognisesSignatures() {
    assertThat(ContentSniffer.sniff("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(MediaKind.PDF);
    assertThat(ContentSniffer.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0)))
        .isEqualTo(MediaKind.PNG);
    assertThat(ContentSniffer.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0))).isEqualTo(MediaKind.JPEG);
    assertThat(ContentSniffer.sniff("GIF89a".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(MediaKind.GIF);
    assertThat(ContentSniffer.sniff(bytes(0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm')))
        .isEqualTo(MediaKind.MP4_VIDEO);
    assertThat(ContentSniffer.sniff(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x9F)))
        .isEqualTo(MediaKind.WEBM_VIDEO);
    assertThat(ContentSniffer.sniff(bytes('P', 'K', 3, 4, 20, 0))).isEqualTo(MediaKind.ZIP);
    assertThat(ContentSniffer.sniff(bytes('I', 'D', '3', 4, 0))).isEqualTo(MediaKind.MPEG_AUDIO);
    assertThat(ContentSniffer.sniff(bytes(0xFF, 0xFB, 0x90, 0x64))).isEqualTo(MediaKind.MPEG_AUDIO);
    assertThat(ContentSniffer.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(MediaKind.WEBP);
  }

  @Test
  @DisplayName("treats Chinese and Tibetan UTF-8 as text, and binary or broken UTF-8 as unknown")
  void textDetection() {
    assertThat(ContentSniffer.sniff("勾股定理 教案\nཀ་ཁ་ག་\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(MediaKind.UTF8_TEXT);
    assertThat(ContentSniffer.sniff(bytes('a', 0, 'b'))).isEqualTo(MediaKind.UNKNOWN);
    assertThat(ContentSniffer.sniff(bytes('a', 0xC3, 0x28))).isEqualTo(MediaKind.UNKNOWN);
    assertThat(ContentSniffer.sniff(new byte[0])).isEqualTo(MediaKind.UNKNOWN);
  }

  @Test
  @DisplayName(
      "a multi-byte character cut by the end of the head is still text, unless it is the whole object")
  void cutCharacter() {
    byte[] prefix = new byte[ContentSniffer.HEAD_LENGTH - 2];
    Arrays.fill(prefix, (byte) 'x');
    byte[] head = concat(prefix, bytes(0xE5, 0x8B)); // first two bytes of 勾
    assertThat(ContentSniffer.sniff(head)).isEqualTo(MediaKind.UTF8_TEXT);
    assertThat(ContentSniffer.sniff(bytes('x', 0xE5, 0x8B))).isEqualTo(MediaKind.UNKNOWN);
  }

  @Test
  @DisplayName("an HTML file renamed to .mp4 is not a video")
  void renamedHtml() {
    byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
    assertThat(ContentSniffer.sniff(html)).isEqualTo(MediaKind.UTF8_TEXT);
    assertThat(ContentSniffer.sniff(html)).isNotEqualTo(MediaKind.MP4_VIDEO);
  }

  @Test
  @DisplayName("refuses a length outside the array")
  void badLength() {
    assertThatThrownBy(() -> ContentSniffer.sniff(new byte[2], 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length must be within the array");
  }

  @Test
  @DisplayName("every kind names a content type")
  void contentTypes() {
    for (MediaKind kind : MediaKind.values()) {
      assertThat(kind.contentType()).contains("/");
    }
  }
}
