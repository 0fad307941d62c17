package org.classbridge.catalogue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring links to a resource's file, for the browser's {@code <video>} and {@code
 * <audio>} elements, which cannot send a bearer header. A link names one file version, so a
 * replaced file needs a new link; it works for a few hours, long enough for a lesson watched with
 * pauses, short enough that a link passed on stops working the same day.
 */
final class MediaLinks {
  static final Duration TTL = Duration.ofHours(4);

  private final byte[] key;
  private final Clock clock;

  MediaLinks(byte[] key, Clock clock) {
    this.key = key.clone();
    this.clock = clock;
  }

  private String signature(UUID resource, int version, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] d =
          mac.doFinal((resource + "/" + version + "/" + expires).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String link(UUID resource, int version) {
    long expires = clock.instant().plus(TTL).getEpochSecond();
    return "/media/"
        + resource
        + "/"
        + version
        + "/"
        + expires
        + "/"
        + signature(resource, version, expires);
  }

  boolean valid(UUID resource, int version, long expires, String signature) {
    if (clock.instant().getEpochSecond() > expires || signature == null) {
      return false;
    }
    return MessageDigest.isEqual(
        signature(resource, version, expires).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
