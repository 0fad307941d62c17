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
 * Signed, expiring links to one version of a resource's file: for the browser's {@code <video>}
 * element (which cannot send a bearer header) and for experiments on their own origin (which knows
 * no token). The link is the credential, so it names one file version and stops working after
 * {@code ttl}; each use gets its own key, derived from the server secret.
 */
public final class SignedLinks {
  private final Clock clock;

  /**
   * A MAC keyed for these links, one per thread: looking up and keying a {@code Mac} costs more
   * than the MAC itself, and every Range request a player makes checks its link.
   */
  private final ThreadLocal<Mac> macs;

  private final Duration ttl;

  /**
   * @param purpose what the links are for: links for one purpose are worthless for another
   */
  public SignedLinks(byte[] secret, String purpose, Clock clock, Duration ttl) {
    byte[] key = hmac(secret, purpose.getBytes(StandardCharsets.UTF_8));
    this.macs = ThreadLocal.withInitial(() -> keyed(key));
    this.clock = clock;
    this.ttl = ttl;
  }

  static byte[] hmac(byte[] key, byte[] message) {
    return keyed(key).doFinal(message);
  }

  /** A MAC keyed with {@code key}, ready for {@code doFinal} (which leaves it keyed). */
  static Mac keyed(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private String signature(UUID resource, int version, long expires) {
    // doFinal leaves the MAC reset and keyed for the next message
    byte[] d =
        macs.get()
            .doFinal((resource + "/" + version + "/" + expires).getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22);
  }

  /** A new link: its path segments {@code resource/version/expires/signature}, and its expiry. */
  public record Link(String segments, long expires) {}

  public Link link(UUID resource, int version) {
    long expires = clock.instant().plus(ttl).getEpochSecond();
    return new Link(
        resource + "/" + version + "/" + expires + "/" + signature(resource, version, expires),
        expires);
  }

  public boolean valid(UUID resource, int version, long expires, String signature) {
    if (expired(expires) || signature == null) {
      return false;
    }
    return MessageDigest.isEqual(
        signature(resource, version, expires).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }

  boolean expired(long expires) {
    return clock.instant().getEpochSecond() > expires;
  }
}
