package org.classbridge.app;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import org.classbridge.http.HttpOptions;
import org.classbridge.http.WireGuard;

/**
 * The HTTP server as a verticle, deployed once per event loop ({@code http.instances}): Vert.x
 * shares the listening socket between the instances and spreads connections over them, so every
 * core serves requests. Each instance builds its own router (routers and their handlers keep
 * per-router state; sharing one across event loops is not what vertx-web is built for). Ready when
 * listening; stopping shuts down gracefully, letting in-flight requests finish for up to the grace.
 */
final class ApiServer extends VerticleBase {
  private final Handler<HttpServerRequest> router;
  private final HttpOptions http;
  private final int port;
  private HttpServer server;

  /**
   * @param port the port to listen on: the configured one, or for all instances after the first the
   *     port the first one bound (so {@code port=0} gives one shared random port, not one each)
   */
  ApiServer(Handler<HttpServerRequest> router, HttpOptions http, int port) {
    this.router = router;
    this.http = http;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setCompressionSupported(true)
            .setMaxInitialLineLength(8192)
            .setMaxHeaderSize(16 * 1024)
            .setIdleTimeout((int) Math.max(1, http.idleTimeout().toSeconds()))
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            // no cleartext HTTP/2 upgrade: browsers speak HTTP/2 only over TLS (the reverse
            // proxy's job), h2c upgrades are a known way to smuggle requests past a proxy, and
            // without it every connection is HTTP/1 from its first byte, so the strict decoder
            // (WireGuard) is in place before anything is read
            .setHttp2ClearTextEnabled(false);
    server = vertx.createHttpServer(options);
    WireGuard.install(server, options, http.headTimeout());
    return server.requestHandler(router).listen(port, http.host());
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(http.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  int actualPort() {
    return server.actualPort();
  }
}
