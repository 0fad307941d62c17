package org.classbridge.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the HTTP kernel reads from configuration ({@code http.*} settings; defaults and meanings are
 * in the application's setting table).
 *
 * @param instances HTTP server verticles, one per event loop: each serves its own connections on
 *     its own thread, so the API uses every core
 * @param metricsToken the bearer token a Prometheus scraper sends for {@code /metrics}
 */
public record HttpOptions(
    String host,
    int port,
    long bodyLimitBytes,
    long importLimitBytes,
    boolean trustForwarded,
    Duration shutdownGrace,
    int instances,
    Optional<String> metricsToken) {
  public HttpOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(metricsToken, "metricsToken");
    if (instances < 1) {
      throw new IllegalArgumentException("instances >= 1");
    }
  }
}
