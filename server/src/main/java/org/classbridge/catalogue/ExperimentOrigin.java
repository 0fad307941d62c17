package org.classbridge.catalogue;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.classbridge.blob.BlobStore;
import org.classbridge.blob.Delivery;
import org.classbridge.blob.DeliveryHints;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.sql.Database;

/**
 * HTML5 experiments are untrusted code, so they are served from an origin of their own (another
 * port in embedded mode, another host name in production): it sets no cookies and knows no token,
 * answers only GET and HEAD under short-lived signed URLs, and sends a strict Content Security
 * Policy (no network access at all: {@code connect-src 'none'}) and {@code nosniff}. The web app
 * shows them in {@code <iframe sandbox="allow-scripts">}, never with allow-same-origin, so even a
 * hostile package runs in an opaque origin that can reach nothing.
 *
 * <p>A launch URL carries the resource, the file version, an expiry and an HMAC of the three; the
 * package's relative links stay under the same signed prefix.
 */
public final class ExperimentOrigin {
  /** How long a launch URL works: a class period and then some. */
  static final Duration LAUNCH_TTL = Duration.ofHours(6);

  /**
   * How long a player's media link works: a lesson watched with pauses, but a link passed on stops
   * working the same day.
   */
  static final Duration MEDIA_TTL = Duration.ofHours(4);

  static final String CSP =
      "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; connect-src 'none';"
          + " form-action 'none'; base-uri 'none'; object-src 'none'; frame-src 'none';"
          + " worker-src 'self' blob:";

  private static final Pattern PATH =
      Pattern.compile("/x/([0-9a-f-]{36})/([0-9]{1,6})/([0-9]{1,12})/([A-Za-z0-9_-]{22})/(.+)");

  private final Database db;
  private final CatalogueStore store;
  private final Catalogue catalogue;
  private final BlobStore blobs;
  private final WorkerExecutor workers;
  private final Clock clock;
  private final CatalogueConfig config;
  private final SignedLinks links;
  private final SignedLinks mediaLinks;
  private final AtomicInteger port = new AtomicInteger();

  ExperimentOrigin(
      Database db,
      CatalogueStore store,
      Catalogue catalogue,
      BlobStore blobs,
      WorkerExecutor workers,
      Clock clock,
      CatalogueConfig config,
      byte[] secret) {
    this.db = db;
    this.store = store;
    this.catalogue = catalogue;
    this.blobs = blobs;
    this.workers = workers;
    this.clock = clock;
    this.config = config;
    this.links = new SignedLinks(secret, "experiment-urls", clock, LAUNCH_TTL);
    this.mediaLinks = new SignedLinks(secret, "media-links", clock, MEDIA_TTL);
  }

  /** The origin as browsers reach it. */
  String origin() {
    return config
        .experimentsPublicUrl()
        .orElseGet(
            () -> {
              String host = config.experimentsHost();
              if (host.equals("0.0.0.0") || host.equals("::")) {
                host = "127.0.0.1";
              }
              return "http://" + host + ":" + port.get();
            });
  }

  /**
   * A launch URL for a published (or, for its school's staff, draft) experiment the viewer may see,
   * with the locale passed through for the experiment's own labels.
   */
  public Future<JsonObject> launch(Principal viewer, UUID resourceId, String locale) {
    if (!locale.matches("zh_CN|bo|en")) {
      throw Problem.validation(
          java.util.List.of(new Problem.FieldError("locale", "not-allowed", "zh_CN, bo or en")));
    }
    return catalogue
        .resource(viewer, resourceId)
        .map(
            r -> {
              if (r.kind() != ResourceKind.EXPERIMENT) {
                throw Problem.conflict("not-an-experiment", "only experiments are launched");
              }
              int version =
                  r.file()
                      .orElseThrow(
                          () -> Problem.conflict("no-file", "the experiment has no package yet"))
                      .version();
              SignedLinks.Link link = links.link(r.id(), version);
              long expires = link.expires();
              String url = origin() + "/x/" + link.segments() + "/index.html?locale=" + locale;
              return new JsonObject()
                  .put("url", url)
                  .put("sandbox", "allow-scripts")
                  .put("expiresAt", java.time.Instant.ofEpochSecond(expires).toString());
            });
  }

  /** The verticle that serves the origin on its own port. */
  VerticleBase server() {
    return new VerticleBase() {
      private HttpServer server;

      @Override
      public Future<?> start() {
        server = vertx.createHttpServer();
        server.requestHandler(ExperimentOrigin.this::handle);
        return server
            .listen(config.experimentsPort(), config.experimentsHost())
            .onSuccess(s -> port.set(s.actualPort()));
      }

      @Override
      public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
      }
    };
  }

  private static void refuse(HttpServerResponse res, int status, String text) {
    res.setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "no-store")
        .end(text);
  }

  private void handle(HttpServerRequest req) {
    HttpServerResponse res = req.response();
    res.putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      res.putHeader("Allow", "GET, HEAD");
      refuse(res, 405, "GET or HEAD");
      return;
    }
    Matcher m = PATH.matcher(req.path());
    if (!m.matches()) {
      refuse(res, 404, "not found");
      return;
    }
    UUID resource;
    try {
      resource = UUID.fromString(m.group(1));
    } catch (IllegalArgumentException e) {
      refuse(res, 404, "not found");
      return;
    }
    int version = Integer.parseInt(m.group(2));
    long expires = Long.parseLong(m.group(3));
    if (links.expired(expires)) {
      refuse(res, 410, "this launch link has expired; open the experiment again");
      return;
    }
    if (!links.valid(resource, version, expires, m.group(4))) {
      refuse(res, 404, "not found");
      return;
    }
    String path = m.group(5);
    if (path.contains("..") || path.contains("\\") || path.startsWith("/")) {
      refuse(res, 404, "not found");
      return;
    }
    db.read(c -> store.entry(c, resource, version, path))
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                refuse(res, 404, "not found");
                return;
              }
              CatalogueStore.ExperimentFile f = found.get();
              res.putHeader("Content-Type", f.contentType())
                  .putHeader("Cache-Control", "private, max-age=3600")
                  .putHeader("ETag", "\"" + f.sha256() + "\"");
              if (req.method() == HttpMethod.HEAD) {
                res.putHeader("Content-Length", Long.toString(f.size())).end();
                return;
              }
              send(res, f);
            })
        .onFailure(e -> refuse(res, 500, "not available"));
  }

  /** The bytes from this origin itself (a redirect would move the document to the store's). */
  private void send(HttpServerResponse res, CatalogueStore.ExperimentFile f) {
    workers
        .executeBlocking(
            () -> blobs.deliver(f.sha256(), 0, f.size(), DeliveryHints.inline(f.contentType())),
            false)
        .onSuccess(
            d -> {
              switch (d) {
                case Delivery.LocalFile file ->
                    res.sendFile(file.file().toString(), file.offset(), file.length());
                case Delivery.Stream s -> {
                  res.putHeader("Content-Length", Long.toString(s.length()));
                  ResponseCopy.copy(workers, s::in, res);
                }
                case Delivery.Redirect r -> {
                  // a redirect would move the document to the store's origin: stream it here
                  res.putHeader("Content-Length", Long.toString(f.size()));
                  ResponseCopy.copy(workers, () -> blobs.open(f.sha256()), res);
                }
              }
            })
        .onFailure(
            e -> {
              if (e instanceof org.classbridge.common.Unavailable) {
                // the store is down or failing, not this file: the frame may try again
                res.putHeader("Retry-After", "5");
                refuse(res, 503, "not available now");
              } else {
                refuse(res, 500, "not available");
              }
            });
  }

  /** Signed links for players (a separate key from the experiments' links). */
  SignedLinks mediaLinks() {
    return mediaLinks;
  }
}
