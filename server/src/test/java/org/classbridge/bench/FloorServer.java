package org.classbridge.bench;

import io.vertx.core.Vertx;

/**
 * The floor for start-up benchmarks: the same JVM and Vert.x, one HTTP server answering 200 on
 * /health/ready, nothing else. What Classbridge adds (storage, migrations, services, router,
 * metrics) is the difference to this. Run by server/bench/startup.sh.
 */
public final class FloorServer {
  private FloorServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx
        .createHttpServer()
        .requestHandler(
            r ->
                r.response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"up\"}"))
        .listen(port, "127.0.0.1")
        .onFailure(
            e -> {
              e.printStackTrace();
              System.exit(1);
            });
  }
}
