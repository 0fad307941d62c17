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
 * @param headTimeout how long a request head (request line and headers) may take to arrive
 * @param idleTimeout how long a connection may stay silent, between requests or mid-body
 */
public record HttpOptions(
    String host,
    int port,
    long bodyLimitBytes,
    long importLimitBytes,
    boolean trustForwarded,
    Duration shutdownGrace,
    int instances,
    Optional<String> metricsToken,
    Duration headTimeout,
    Duration idleTimeout) {
  /** As the settings' defaults have them; for servers built in code (tests, tools). */
  public HttpOptions(
      String host,
      int port,
      long bodyLimitBytes,
      long importLimitBytes,
      boolean trustForwarded,
      Duration shutdownGrace,
      int instances,
      Optional<String> metricsToken) {
    this(
        host,
        port,
        bodyLimitBytes,
        importLimitBytes,
        trustForwarded,
        shutdownGrace,
        instances,
        metricsToken,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60));
  }

  public HttpOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(metricsToken, "metricsToken");
    Objects.requireNonNull(headTimeout, "headTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (instances < 1) {
      throw new IllegalArgumentException("instances >= 1");
    }
  }
}
