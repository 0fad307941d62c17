package org.classbridge.live;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Jws;

/**
 * Links that let a classroom's own computer (the PC on the wall of a receiving classroom, the
 * recording PC of the main classroom) open one session's live room without anybody's personal login
 * on it. A teacher of that classroom or the group's coordinator makes the link; it names the
 * session, the classroom and who made it (the connection log holds them accountable), and expires
 * with the session. It opens nothing else: no API route takes it, only the device join and the
 * bridge.
 */
final class DeviceLinks {
  static final String KID = "live-device";
  static final String TYPE = "cb-classroom-device";

  /** What a device link says. */
  record Device(UUID session, UUID classroom, UUID madeBy, Instant expires) {}

  private final byte[] key;

  DeviceLinks(byte[] key) {
    this.key = key.clone();
  }

  String mint(Device d, Instant now) {
    JsonObject claims =
        new JsonObject()
            .put("typ", TYPE)
            .put("sid", d.session().toString())
            .put("cls", d.classroom().toString())
            .put("by", d.madeBy().toString())
            .put("iat", now.getEpochSecond())
            .put("exp", d.expires().getEpochSecond());
    return Jws.sign(
        new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", KID), claims, key);
  }

  /** The device a link names, if it is ours, well formed and not expired at {@code now}. */
  Optional<Device> verify(String token, Instant now) {
    try {
      JsonObject c = Jws.verify(token, kid -> KID.equals(kid) ? key : null).claims();
      if (!TYPE.equals(c.getValue("typ"))
          || !(c.getValue("exp") instanceof Number exp)
          || !(c.getValue("sid") instanceof String sid)
          || !(c.getValue("cls") instanceof String cls)
          || !(c.getValue("by") instanceof String by)) {
        return Optional.empty();
      }
      Instant expires = Instant.ofEpochSecond(exp.longValue());
      if (!now.isBefore(expires)) {
        return Optional.empty();
      }
      return Optional.of(
          new Device(UUID.fromString(sid), UUID.fromString(cls), UUID.fromString(by), expires));
    } catch (Jws.InvalidToken | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
