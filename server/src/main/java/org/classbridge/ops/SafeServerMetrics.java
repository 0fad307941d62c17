package org.classbridge.ops;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * Wraps a metrics factory so the HTTP server survives a start-up race in Vert.x 5.0.7: {@code
 * NetServerImpl} creates its metrics only after the socket is bound, so a connection accepted in
 * between has no socket metric, and vertx-micrometer-metrics then throws a NullPointerException on
 * every request of that connection, which leaves the client hanging. Health checks and classrooms
 * reconnecting the moment a node restarts hit exactly that window (seen here with a polling
 * readiness probe). Requests on such a connection are counted against a shared "unattributed"
 * socket metric instead; byte counts of that one connection are skipped.
 */
public final class SafeServerMetrics implements VertxMetricsFactory {
  private final VertxMetricsFactory delegate;

  public SafeServerMetrics(VertxMetricsFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    VertxMetrics m = delegate.metrics(options);
    return new VertxMetrics() {
      @Override
      public EventBusMetrics createEventBusMetrics() {
        return m.createEventBusMetrics();
      }

      @Override
      public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(
          HttpServerOptions o, SocketAddress localAddress) {
        HttpServerMetrics<?, ?, ?> server = m.createHttpServerMetrics(o, localAddress);
        return server == null ? null : new NullSafe(server);
      }

      @Override
      public ClientMetrics<?, ?, ?> createClientMetrics(
          SocketAddress remoteAddress, String type, String namespace) {
        return m.createClientMetrics(remoteAddress, type, namespace);
      }

      @Override
      public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions o) {
        return m.createHttpClientMetrics(o);
      }

      @Override
      public TCPMetrics<?> createNetServerMetrics(NetServerOptions o, SocketAddress localAddress) {
        return m.createNetServerMetrics(o, localAddress);
      }

      @Override
      public TCPMetrics<?> createNetClientMetrics(NetClientOptions o) {
        return m.createNetClientMetrics(o);
      }

      @Override
      public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions o) {
        return m.createDatagramSocketMetrics(o);
      }

      @Override
      public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
        return m.createPoolMetrics(type, name, maxSize);
      }

      @Override
      public void vertxCreated(Vertx vertx) {
        m.vertxCreated(vertx);
      }

      @Override
      public void close() {
        m.close();
      }

      @Override
      public boolean isMetricsEnabled() {
        return m.isMetricsEnabled();
      }
    };
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return delegate.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions() {
    return delegate.newOptions();
  }

  @Override
  public MetricsOptions newOptions(JsonObject json) {
    return delegate.newOptions(json);
  }

  /** Delegates, standing in for a missing socket metric. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static final class NullSafe implements HttpServerMetrics<Object, Object, Object> {
    private final HttpServerMetrics d;
    private volatile Object unattributed;

    NullSafe(HttpServerMetrics<?, ?, ?> delegate) {
      this.d = delegate;
    }

    private Object socket(Object socketMetric) {
      if (socketMetric != null) {
        return socketMetric;
      }
      Object u = unattributed;
      if (u == null) {
        synchronized (this) {
          if (unattributed == null) {
            Object created = d.connected(null, null);
            d.disconnected(created, null); // a stand-in, not a connection: keep the gauge right
            unattributed = created;
          }
          u = unattributed;
        }
      }
      return u;
    }

    @Override
    public Object requestBegin(Object socketMetric, HttpRequest request) {
      return d.requestBegin(socket(socketMetric), request);
    }

    @Override
    public void requestEnd(Object requestMetric, HttpRequest request, long bytesRead) {
      d.requestEnd(requestMetric, request, bytesRead);
    }

    @Override
    public void requestReset(Object requestMetric) {
      d.requestReset(requestMetric);
    }

    @Override
    public void responseBegin(Object requestMetric, HttpResponse response) {
      d.responseBegin(requestMetric, response);
    }

    @Override
    public Object responsePushed(
        Object socketMetric, HttpMethod method, String uri, HttpResponse response) {
      return d.responsePushed(socket(socketMetric), method, uri, response);
    }

    @Override
    public void responseEnd(Object requestMetric, HttpResponse response, long bytesWritten) {
      d.responseEnd(requestMetric, response, bytesWritten);
    }

    @Override
    public Object connected(Object socketMetric, Object requestMetric, ServerWebSocket ws) {
      return d.connected(socket(socketMetric), requestMetric, ws);
    }

    @Override
    public void disconnected(Object serverWebSocketMetric) {
      d.disconnected(serverWebSocketMetric);
    }

    @Override
    public void requestRouted(Object requestMetric, String route) {
      d.requestRouted(requestMetric, route);
    }

    @Override
    public Object connected(SocketAddress remoteAddress, String remoteName) {
      return d.connected(remoteAddress, remoteName);
    }

    @Override
    public void disconnected(Object socketMetric, SocketAddress remoteAddress) {
      if (socketMetric != null) {
        d.disconnected(socketMetric, remoteAddress);
      }
    }

    @Override
    public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
      if (socketMetric != null) {
        d.bytesRead(socketMetric, remoteAddress, numberOfBytes);
      }
    }

    @Override
    public void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
      if (socketMetric != null) {
        d.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
      }
    }

    @Override
    public void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
      if (socketMetric != null) {
        d.exceptionOccurred(socketMetric, remoteAddress, t);
      }
    }

    @Override
    public void close() {
      d.close();
    }
  }
}
