package org.classbridge.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ICE servers a classroom's browser uses, with TURN REST credentials as coturn checks them
 * under {@code use-auth-secret} (INTEROP.md D): the user name is {@code <expiry>:<user>}, the
 * password the standard base64 of HMAC-SHA1(secret, user name). Jitsi's Prosody mints the same.
 */
final class IceServers {
  private IceServers() {}

  /** A TURN REST credential. */
  record Credential(String username, String password, Instant expires) {}

  static Credential credential(String secret, String userId, Instant expires) {
    if (userId.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a TURN user id has no ':'");
    }
    String username = expires.getEpochSecond() + ":" + userId;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      String password =
          Base64.getEncoder()
              .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
      return new Credential(username, password, expires);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  /**
   * The RTCPeerConnection {@code iceServers} list: STUN as configured, TURN with a credential that
   * expires with the session (plus the reconnect grace), never later.
   */
  static JsonArray forSeat(LiveConfig config, String userId, Instant expires) {
    JsonArray out = new JsonArray();
    if (!config.stunUrls().isEmpty()) {
      out.add(new JsonObject().put("urls", new JsonArray(config.stunUrls())));
    }
    if (!config.turnUrls().isEmpty() && config.turnSecret().isPresent()) {
      Credential c = credential(config.turnSecret().get(), userId, expires);
      out.add(
          new JsonObject()
              .put("urls", new JsonArray(config.turnUrls()))
              .put("username", c.username())
              .put("credential", c.password()));
    }
    return out;
  }
}
