package org.classbridge.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link StoreOutages} against a real HTTP server (the JDK's) that answers the statuses a test
 * queues up: which failures become {@link BlobStoreUnavailableException}, and which requests are
 * tried once more.
 */
class StoreOutagesTest {
  private HttpServer server;
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private OkHttpClient http;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          int status;
          synchronized (statuses) {
            status = statuses.isEmpty() ? 200 : statuses.poll();
          }
          byte[] body =
              (status >= 500
                      ? "<?xml version=\"1.0\"?><Error><Code>SlowDown</Code>"
                          + "<Message>Please reduce your request rate.</Message></Error>"
                      : "ok")
                  .getBytes(StandardCharsets.UTF_8);
          boolean head = "HEAD".equals(exchange.getRequestMethod());
          exchange.sendResponseHeaders(status, head ? -1 : body.length);
          if (!head) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
    http =
        new OkHttpClient.Builder().addInterceptor(new StoreOutages(Duration.ofMillis(10))).build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private void answer(Integer... codes) {
    synchronized (statuses) {
      statuses.addAll(java.util.List.of(codes));
    }
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/bucket/object";
  }

  private Response call(String method) throws Exception {
    RequestBody body =
        "PUT".equals(method) ? RequestBody.create("x", MediaType.get("text/plain")) : null;
    return http.newCall(new Request.Builder().url(url()).method(method, body).build()).execute();
  }

  @Test
  @DisplayName("a read that meets SlowDown once is asked again, and succeeds")
  void readRetriedOnce() throws Exception {
    answer(503);
    try (Response r = call("GET")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).isEqualTo("ok");
    }
    assertThat(requests.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("a read that fails twice is an outage, with the store's own code in its message")
  void readFailsTwice() {
    answer(503, 500);
    assertThatThrownBy(() -> call("GET"))
        .isInstanceOf(BlobStoreUnavailableException.class)
        .hasMessageContaining("answered 500 SlowDown to GET /bucket/object");
    assertThat(requests.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("HEAD is a read too: retried, and an outage without a body to quote")
  void headRetried() {
    answer(502, 504);
    assertThatThrownBy(() -> call("HEAD"))
        .isInstanceOf(BlobStoreUnavailableException.class)
        .hasMessageContaining("answered 504 to HEAD");
    assertThat(requests.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("a write is not repeated: the first server error is the outage")
  void writeNotRetried() {
    answer(500);
    assertThatThrownBy(() -> call("PUT"))
        .isInstanceOf(BlobStoreUnavailableException.class)
        .hasMessageContaining("answered 500 SlowDown to PUT");
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  @DisplayName("client errors and 501 NotImplemented are answers, passed through untouched")
  void answersPassThrough() throws Exception {
    answer(404, 403, 501);
    for (int expected : new int[] {404, 403, 501}) {
      try (Response r = call("GET")) {
        assertThat(r.code()).isEqualTo(expected);
      }
    }
    assertThat(requests.get()).isEqualTo(3);
  }

  @Test
  @DisplayName("a store nobody listens for is an outage too (the refused connection is its cause)")
  void refused() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Request request = new Request.Builder().url("http://127.0.0.1:" + closed + "/b/o").build();
    assertThatThrownBy(() -> http.newCall(request).execute())
        .isInstanceOf(BlobStoreUnavailableException.class)
        .hasMessageContaining("did not answer")
        .satisfies(
            e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(ConnectException.class))
        .hasNoCause(); // see StoreOutages: MinIO SDK 9 would otherwise unwrap it
  }
}
