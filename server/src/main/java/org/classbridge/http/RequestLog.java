package org.classbridge.http;

import io.vertx.ext.web.RoutingContext;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.classbridge.identity.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is sane, so a reverse
 * proxy's id carries through), echoes it, and writes one access-log line when the response ends.
 */
final class RequestLog {
  private static final Logger ACCESS = LoggerFactory.getLogger("classbridge.access");
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private RequestLog() {}

  static void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader("X-Request-Id");
    String id = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : newId();
    ctx.put(Requests.REQUEST_ID, id);
    ctx.response().putHeader("X-Request-Id", id);
    long start = System.nanoTime();
    ctx.addEndHandler(
        done -> {
          Principal p = ctx.get(Requests.PRINCIPAL);
          Object status = ctx.response().ended() ? ctx.response().getStatusCode() : "closed";
          long ms = (System.nanoTime() - start) / 1_000_000;
          // the same facts as fields, for log.format=json (the account's id, never its token)
          ACCESS
              .atInfo()
              .addKeyValue("requestId", id)
              .addKeyValue("method", ctx.request().method().name())
              .addKeyValue("path", ctx.request().path())
              .addKeyValue("status", status)
              .addKeyValue("ms", ms)
              .addKeyValue("accountId", p == null ? null : p.userId().toString())
              .log(
                  "{} {} {} {} {}ms user={}",
                  id,
                  ctx.request().method(),
                  ctx.request().path(),
                  status,
                  ms,
                  p == null ? "-" : p.username());
        });
    ctx.next();
  }

  /**
   * A request id needs to be unique enough to find a request in the logs, not unpredictable:
   * ThreadLocalRandom costs nothing per request, where SecureRandom showed in the Range benchmark.
   */
  private static String newId() {
    return HexFormat.of().toHexDigits(java.util.concurrent.ThreadLocalRandom.current().nextLong());
  }
}
