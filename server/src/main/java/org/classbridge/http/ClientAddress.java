package org.classbridge.http;

import io.vertx.core.http.HttpServerRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The client address that per-address limits key on.
 *
 * <p>Behind our own reverse proxy ({@code http.trust-forwarded=true}) it is the <em>rightmost</em>
 * X-Forwarded-For entry: the one the proxy appended. Everything to its left was sent by the client
 * and can say anything (Vert.x's own forwarded parsing takes the leftmost, which would let a client
 * pick a fresh address per request). IPv6 addresses count by their /64, since one household or
 * school is routinely given a whole /64 to rotate through.
 */
final class ClientAddress {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private ClientAddress() {}

  static String of(HttpServerRequest request, boolean trustForwarded) {
    String socket = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
    String candidate = socket;
    if (trustForwarded) {
      String forwarded = request.getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        String[] hops = forwarded.split(",");
        candidate = hops[hops.length - 1].strip();
      }
    }
    String key = key(candidate);
    return key != null ? key : key(socket) != null ? key(socket) : socket;
  }

  /** An IP literal as a throttle key, or null when it is not one (never a DNS lookup). */
  static String key(String literal) {
    String s =
        literal.startsWith("[") && literal.endsWith("]")
            ? literal.substring(1, literal.length() - 1)
            : literal;
    if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
      return null;
    }
    try {
      InetAddress a = InetAddress.getByName(s); // a literal: parsed, not resolved
      if (a instanceof Inet6Address) {
        byte[] b = a.getAddress();
        return String.format(
            "%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64",
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
      }
      return a.getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
