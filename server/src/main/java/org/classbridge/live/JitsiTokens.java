package org.classbridge.live;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.classbridge.common.Jws;

/**
 * Tokens and join links for a class handed to a Jitsi Meet deployment (INTEROP.md B), written the
 * way Prosody's token module reads them: header {@code typ: JWT}; {@code iss} and {@code aud} the
 * app id; {@code sub} the tenant or domain and {@code room} the room, both lower-case; times as
 * integer seconds bounded by the booking; every {@code context.user} field a string.
 */
final class JitsiTokens {
  /** How long before the start and after the end of a class its token is good. */
  static final Duration MARGIN = Duration.ofMinutes(10);

  private JitsiTokens() {}

  /**
   * @param owner the main classroom's teacher (Jitsi's moderator), or a receiving classroom
   */
  static String token(
      LiveConfig.Jitsi jitsi,
      SessionAccess.LiveSession s,
      Seat seat,
      String userId,
      String schoolId,
      Instant now) {
    boolean owner = seat.part() == Seat.Part.MAIN;
    long nbf = s.startsAt().minus(MARGIN).getEpochSecond();
    long exp = s.endsAt().plus(MARGIN).getEpochSecond();
    JsonObject user =
        new JsonObject()
            .put("id", userId)
            .put("name", seat.displayName())
            .put("email", "")
            .put("avatar", "")
            .put("moderator", owner ? "true" : "false")
            .put("affiliation", owner ? "owner" : "member");
    JsonObject features =
        new JsonObject()
            .put("recording", false)
            .put("livestreaming", false)
            .put("screen-sharing", owner)
            .put("lobby", false);
    JsonObject claims =
        new JsonObject()
            .put("iss", jitsi.appId())
            .put("aud", jitsi.appId())
            .put("sub", jitsi.tenant().orElse(jitsi.domain()).toLowerCase(Locale.ROOT))
            .put("room", s.roomName().toLowerCase(Locale.ROOT))
            .put("iat", now.getEpochSecond())
            .put("nbf", nbf)
            .put("exp", exp)
            .put(
                "context",
                new JsonObject()
                    .put("user", user)
                    .put("group", schoolId)
                    .put("features", features));
    return Jws.sign(
        new JsonObject().put("alg", "HS256").put("typ", "JWT"),
        claims,
        jitsi.secret().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The join link: the token in the query string, low-bandwidth settings in the hash (only keys
   * Jitsi Meet lets a URL set). A receiving classroom starts with the teacher only, at 360p or
   * less, its microphone muted until the teacher asks.
   */
  static String link(LiveConfig.Jitsi jitsi, String room, String token, Seat seat, int maxHeight) {
    StringBuilder url = new StringBuilder(jitsi.url()).append('/');
    jitsi.tenant().ifPresent(t -> url.append(enc(t.toLowerCase(Locale.ROOT))).append('/'));
    url.append(enc(room.toLowerCase(Locale.ROOT))).append("?jwt=").append(token);
    url.append("#config.prejoinConfig.enabled=false");
    url.append("&config.p2p.enabled=false");
    if (seat.part() == Seat.Part.MAIN) {
      url.append("&config.resolution=720");
    } else {
      url.append("&config.startWithAudioMuted=true");
      url.append("&config.channelLastN=1");
      url.append("&config.resolution=").append(maxHeight == 0 ? 180 : maxHeight);
      if (maxHeight == 0) {
        url.append("&config.startAudioOnly=true");
      }
    }
    return url.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
