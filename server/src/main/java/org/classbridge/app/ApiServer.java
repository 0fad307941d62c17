package org.classbridge.app;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server as a verticle: ready when listening; stopping shuts down gracefully, letting
 * in-flight requests finish for up to the configured grace before connections are closed.
 */
final class ApiServer extends VerticleBase {
  private final Router router;
  private final String host;
  private final int port;
  private final Duration grace;
  private HttpServer server;

  ApiServer(Router router, String host, int port, Duration grace) {
    this.router = router;
    this.host = host;
    this.port = port;
    this.grace = grace;
  }

  @Override
  public Future<?> start() {
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setCompressionSupported(true)
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(16 * 1024));
    return server.requestHandler(router).listen(port, host);
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  int actualPort() {
    return server.actualPort();
  }
}
