package org.classbridge.media;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decides a {@link MediaKind} from the first bytes of an object (its "magic number").
 *
 * <p>Why from bytes: a client's Content-Type header and file name are claims, and serving bytes
 * under a type they do not have is how stored XSS and content-sniffing attacks start (see
 * SECURITY.md). The checks are deliberately few and strict: a kind is reported only when its
 * signature is unambiguous, everything else is {@link MediaKind#UNKNOWN}.
 */
public final class ContentSniffer {

  /** How many leading bytes {@link #sniff(byte[], int)} needs to see to decide every kind. */
  public static final int HEAD_LENGTH = 512;

  private ContentSniffer() {}

  /** Sniffs the whole array. */
  public static MediaKind sniff(byte[] head) {
    return sniff(head, head.length);
  }

  /**
   * Sniffs the first {@code length} bytes of {@code head}; pass at least {@link #HEAD_LENGTH} bytes
   * when the object is that long, fewer only when the object itself is shorter.
   */
  public static MediaKind sniff(byte[] head, int length) {
    if (length < 0 || length > head.length) {
      throw new IllegalArgumentException(
          "length must be within the array: " + length + " of " + head.length);
    }
    byte[] h = length == head.length ? head : Arrays.copyOf(head, length);
    if (startsWith(h, 0, 0x25, 0x50, 0x44, 0x46, 0x2D)) { // %PDF-
      return MediaKind.PDF;
    }
    if (startsWith(h, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return MediaKind.PNG;
    }
    if (startsWith(h, 0, 0xFF, 0xD8, 0xFF)) {
      return MediaKind.JPEG;
    }
    if (startsWith(h, 0, 'G', 'I', 'F', '8') && h.length > 5 && (h[4] == '7' || h[4] == '9')) {
      return MediaKind.GIF;
    }
    if (startsWith(h, 0, 'R', 'I', 'F', 'F') && startsWith(h, 8, 'W', 'E', 'B', 'P')) {
      return MediaKind.WEBP;
    }
    // ISO base media: a box size (4 bytes) then "ftyp"
    if (startsWith(h, 4, 'f', 't', 'y', 'p')) {
      return MediaKind.MP4_VIDEO;
    }
    if (startsWith(h, 0, 0x1A, 0x45, 0xDF, 0xA3)) { // EBML (Matroska/WebM)
      return MediaKind.WEBM_VIDEO;
    }
    if (startsWith(h, 0, 'O', 'g', 'g', 'S')) {
      return MediaKind.OGG;
    }
    if (startsWith(h, 0, 'I', 'D', '3') || isMpegAudioFrameSync(h)) {
      return MediaKind.MPEG_AUDIO;
    }
    // local file header, or the end-of-central-directory record of an empty archive
    if (startsWith(h, 0, 'P', 'K', 0x03, 0x04) || startsWith(h, 0, 'P', 'K', 0x05, 0x06)) {
      return MediaKind.ZIP;
    }
    if (isUtf8Text(h, length == head.length && length < HEAD_LENGTH)) {
      return MediaKind.UTF8_TEXT;
    }
    return MediaKind.UNKNOWN;
  }

  private static boolean startsWith(byte[] h, int offset, int... signature) {
    if (h.length < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((h[offset + i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }

  /** MPEG audio layer III frame header: 11 set sync bits, a valid version and layer 3. */
  private static boolean isMpegAudioFrameSync(byte[] h) {
    if (h.length < 4) {
      return false;
    }
    int b0 = h[0] & 0xFF;
    int b1 = h[1] & 0xFF;
    int b2 = h[2] & 0xFF;
    boolean sync = b0 == 0xFF && (b1 & 0xE0) == 0xE0;
    boolean versionValid = (b1 & 0x18) != 0x08;
    boolean layer3 = (b1 & 0x06) == 0x02;
    boolean bitrateValid = (b2 & 0xF0) != 0xF0 && (b2 & 0xF0) != 0x00;
    return sync && versionValid && layer3 && bitrateValid;
  }

  /**
   * Text when the bytes decode as UTF-8 without control characters. A multi-byte sequence cut by
   * the end of the sniffed head is allowed unless the head is the whole object ({@code complete}).
   */
  private static boolean isUtf8Text(byte[] h, boolean complete) {
    if (h.length == 0) {
      return false;
    }
    int end = h.length;
    if (!complete) {
      end = withoutTrailingPartialSequence(h);
    }
    for (int i = 0; i < end; i++) {
      int b = h[i] & 0xFF;
      if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
      if (b == 0x7F) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(h, 0, end));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static int withoutTrailingPartialSequence(byte[] h) {
    // walk back over at most 3 continuation bytes to the lead byte of the last sequence
    int i = h.length - 1;
    int continuation = 0;
    while (i >= 0 && continuation < 3 && (h[i] & 0xC0) == 0x80) {
      i--;
      continuation++;
    }
    if (i < 0) {
      return h.length;
    }
    int lead = h[i] & 0xFF;
    int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    return needed > continuation ? i : h.length;
  }
}
