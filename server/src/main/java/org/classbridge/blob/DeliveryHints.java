package org.classbridge.blob;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * What the response should say about the bytes, which the store does not know (it names objects by
 * content only): their media type and, for a download, the file name the browser saves under.
 *
 * <p>Both end up in response headers, directly or through S3's {@code response-content-type} and
 * {@code response-content-disposition} parameters of a presigned URL, so control characters are
 * refused here: a header value must never be able to start another header.
 *
 * @param contentType a media type such as {@code video/mp4} or {@code text/plain; charset=utf-8}
 * @param downloadName when present, the browser saves the bytes under this name ({@code
 *     Content-Disposition: attachment}); when empty, it shows them inline
 */
public record DeliveryHints(String contentType, Optional<String> downloadName) {
  // compiled once: every delivered range makes hints
  private static final java.util.regex.Pattern MEDIA_TYPE =
      java.util.regex.Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
              + "(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=(\"[\\x20-\\x7E&&[^\"\\\\]]*\"|[A-Za-z0-9!#$&^_.+-]+))*");

  public DeliveryHints {
    Objects.requireNonNull(downloadName, "downloadName");
    if (contentType == null || !MEDIA_TYPE.matcher(contentType).matches()) {
      throw new IllegalArgumentException("a content type is type/subtype with optional parameters");
    }
    downloadName.ifPresent(
        name -> {
          if (name.isBlank()
              || name.length() > 255
              || name.codePoints().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException(
                "a download name is 1-255 characters without control characters");
          }
        });
  }

  /** Any bytes, shown inline. */
  public static DeliveryHints inline(String contentType) {
    return new DeliveryHints(contentType, Optional.empty());
  }

  /**
   * The {@code Content-Disposition} value: {@code inline}, or {@code attachment} with the name both
   * as an ASCII fallback and as RFC 8187 UTF-8 ({@code filename*}), so a lesson named in Chinese or
   * Tibetan keeps its name in every current browser.
   */
  public String contentDisposition() {
    if (downloadName.isEmpty()) {
      return "inline";
    }
    String name = downloadName.get();
    StringBuilder ascii = new StringBuilder();
    name.codePoints()
        .forEach(
            c -> ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? (char) c : '_'));
    StringBuilder utf8 = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        utf8.append((char) c);
      } else {
        utf8.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        utf8.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + utf8;
  }
}
