package org.classbridge.live;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the live classroom reads from configuration (meanings and defaults in the app's settings).
 *
 * @param allowedOrigin the Origin browsers open the bridge from; empty accepts only the server's
 *     own host (a page from another site is refused either way)
 * @param maxSubscriptions addresses one connection may listen to (its inbox and the room need 2)
 * @param maxMessageBytes largest signalling message; an SDP offer with simulcast is ~10 KiB
 * @param meshMaxReceivers receiving classrooms a browser mesh carries; more go to Jitsi
 * @param earlyJoin how long before the start a classroom may join (the timetable's setting)
 * @param reconnectGrace how long a dropped classroom keeps its place before it has left
 * @param presenceTimeout a node that stops refreshing its classrooms' presence (it died) loses them
 *     from rosters after this
 * @param stunUrls STUN servers given to browsers
 * @param turnUrls TURN servers given to browsers, with TURN REST credentials
 * @param turnSecret coturn's {@code static-auth-secret}; empty gives no TURN
 * @param relayOnly browsers use TURN relays only ({@code iceTransportPolicy: relay})
 * @param jitsi the Jitsi Meet deployment large classes go to; empty when there is none
 * @param deviceKey signs classroom device links, the same on every node; empty: kept in the data
 *     directory in embedded mode, no device links in production
 */
public record LiveConfig(
    Optional<String> allowedOrigin,
    int maxSubscriptions,
    int maxMessageBytes,
    int meshMaxReceivers,
    Duration earlyJoin,
    Duration reconnectGrace,
    Duration presenceTimeout,
    List<String> stunUrls,
    List<String> turnUrls,
    Optional<String> turnSecret,
    boolean relayOnly,
    Optional<Jitsi> jitsi,
    Optional<byte[]> deviceKey) {

  /**
   * A Jitsi Meet deployment with token authentication (INTEROP.md B).
   *
   * @param url its base URL, e.g. {@code https://meet.example.org}
   * @param tenant optional tenant path segment; also the token's {@code sub} when set
   * @param domain the XMPP domain, the token's {@code sub} without a tenant
   * @param appId Prosody's {@code app_id}: the token's {@code iss} and {@code aud}
   * @param secret Prosody's {@code app_secret}
   */
  public record Jitsi(
      String url, Optional<String> tenant, String domain, String appId, String secret) {
    public Jitsi {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(appId, "appId");
      Objects.requireNonNull(secret, "secret");
      if (!url.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
        throw new IllegalArgumentException("an http(s) URL");
      }
      url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      if (secret.length() < 16) {
        throw new IllegalArgumentException("a secret of at least 16 characters");
      }
    }

    @Override
    public String toString() {
      return "Jitsi[url=" + url + ", tenant=" + tenant + ", appId=" + appId + "]";
    }
  }

  public LiveConfig {
    Objects.requireNonNull(allowedOrigin, "allowedOrigin");
    Objects.requireNonNull(earlyJoin, "earlyJoin");
    Objects.requireNonNull(reconnectGrace, "reconnectGrace");
    Objects.requireNonNull(presenceTimeout, "presenceTimeout");
    Objects.requireNonNull(turnSecret, "turnSecret");
    Objects.requireNonNull(jitsi, "jitsi");
    Objects.requireNonNull(deviceKey, "deviceKey");
    stunUrls = List.copyOf(stunUrls);
    turnUrls = List.copyOf(turnUrls);
    if (maxSubscriptions < 2) {
      throw new IllegalArgumentException("a classroom listens to its inbox and the room: >= 2");
    }
    if (maxMessageBytes < 4096) {
      throw new IllegalArgumentException("an SDP offer needs a few KiB: >= 4096");
    }
    if (meshMaxReceivers < 1) {
      throw new IllegalArgumentException("a mesh carries at least one receiving classroom");
    }
    if (relayOnly && (turnUrls.isEmpty() || turnSecret.isEmpty())) {
      throw new IllegalArgumentException("relay-only needs TURN servers and their secret");
    }
  }

  public static LiveConfig defaults() {
    return new LiveConfig(
        Optional.empty(),
        4,
        65536,
        3,
        Duration.ofMinutes(15),
        Duration.ofSeconds(60),
        Duration.ofSeconds(90),
        List.of(),
        List.of(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty());
  }

  @Override
  public String toString() {
    return "LiveConfig[allowedOrigin="
        + allowedOrigin
        + ", maxSubscriptions="
        + maxSubscriptions
        + ", maxMessageBytes="
        + maxMessageBytes
        + ", meshMaxReceivers="
        + meshMaxReceivers
        + ", turnUrls="
        + turnUrls
        + ", turnSecret="
        + (turnSecret.isPresent() ? "(set)" : "(none)")
        + ", jitsi="
        + jitsi
        + ", deviceKey="
        + (deviceKey.isPresent() ? "(set)" : "(none)")
        + "]";
  }
}
