package org.classbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SafeServerMetricsTest {
  static final HttpRequest REQUEST =
      new HttpRequest() {
        @Override
        public int id() {
          return 1;
        }

        @Override
        public String uri() {
          return "/health/ready";
        }

        @Override
        public String absoluteURI() {
          return "http://127.0.0.1/health/ready";
        }

        @Override
        public HttpMethod method() {
          return HttpMethod.GET;
        }

        @Override
        public MultiMap headers() {
          return MultiMap.caseInsensitiveMultiMap();
        }

        @Override
        public SocketAddress remoteAddress() {
          return SocketAddress.inetSocketAddress(5000, "127.0.0.1");
        }
      };

  private static VertxOptions options() {
    return new VertxOptions()
        .setMetricsOptions(
            new MicrometerMetricsOptions()
                .setEnabled(true)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  @Test
  @DisplayName(
      "a request on a connection accepted before the server's metrics existed is counted, not an NPE")
  void requestWithoutSocketMetric() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SocketAddress local = SocketAddress.inetSocketAddress(8080, "127.0.0.1");

    VertxMetrics plain = new MicrometerMetricsFactory(registry).metrics(options());
    HttpServerMetrics raw = plain.createHttpServerMetrics(new HttpServerOptions(), local);
    assertThatThrownBy(() -> raw.requestBegin(null, REQUEST))
        .as("the Vert.x 5.0.7 behaviour this class works around")
        .isInstanceOf(NullPointerException.class);

    VertxMetrics safe =
        new SafeServerMetrics(new MicrometerMetricsFactory(registry)).metrics(options());
    HttpServerMetrics server = safe.createHttpServerMetrics(new HttpServerOptions(), local);
    Object request = server.requestBegin(null, REQUEST);
    assertThat(request).isNotNull();
    server.bytesRead(null, null, 10);
    server.disconnected(null, null);
    assertThat(registry.find("vertx.http.server.active.connections").gauges())
        .isNotEmpty()
        .allSatisfy(g -> assertThat(g.value()).isZero());
  }
}
