package org.classbridge.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A classroom's connection to the EventBus bridge as a test drives it: the JDK's own WebSocket
 * client (not Vert.x's), speaking the bridge's JSON frames on {@code /eventbus/websocket}. Like the
 * class page (and vertx-eventbus.js) it pings every 5 s: the bridge closes a socket that has not
 * pinged for 20 s, which a test waiting long on a loaded machine would otherwise meet.
 */
public final class BridgeClient implements AutoCloseable {
  private static final java.util.concurrent.ScheduledExecutorService PINGS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bridge-client-ping");
            t.setDaemon(true);
            return t;
          });

  private final WebSocket socket;
  private java.util.concurrent.ScheduledFuture<?> pinger;
  private final java.util.concurrent.LinkedBlockingDeque<JsonObject> frames =
      new java.util.concurrent.LinkedBlockingDeque<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private BridgeClient(WebSocket socket) {
    this.socket = socket;
  }

  public static BridgeClient connect(int port) {
    return connect(port, null);
  }

  /** Connects, sending {@code origin} as the Origin header when not null. */
  public static BridgeClient connect(int port, String origin) {
    BridgeClient[] self = new BridgeClient[1];
    StringBuilder partial = new StringBuilder();
    LinkedBlockingQueue<JsonObject> early = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> closing = new CompletableFuture<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              String text = partial.toString();
              partial.setLength(0);
              JsonObject frame;
              try {
                frame = new JsonObject(text);
              } catch (RuntimeException e) {
                frame = new JsonObject().put("type", "unparsed").put("text", text);
              }
              (self[0] == null ? early : self[0].frames).add(frame);
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            return onText(ws, new String(bytes, java.nio.charset.StandardCharsets.UTF_8), last);
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closing.complete(status);
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            closing.complete(-1);
          }
        };
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
    if (origin != null) {
      b.header("Origin", origin);
    }
    WebSocket ws =
        b.connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/eventbus/websocket"), listener)
            .join();
    BridgeClient c = new BridgeClient(ws);
    self[0] = c;
    early.drainTo(c.frames);
    closing.whenComplete((s, e) -> c.closed.complete(s));
    c.pinger =
        PINGS.scheduleAtFixedRate(
            () -> {
              if (!c.closed.isDone() && !ws.isOutputClosed()) {
                try {
                  c.ping();
                } catch (RuntimeException gone) {
                  // closing under the ping: the next round finds it closed
                }
              }
            },
            5,
            5,
            TimeUnit.SECONDS);
    closing.whenComplete((s, e) -> c.pinger.cancel(false));
    return c;
  }

  /**
   * A classroom in its room: connected, registered to its room and inbox (as the class page does,
   * with {@code authorization} such as "Bearer <token>" or "Device <link>"), its roster received.
   *
   * @param joined the join route's answer
   */
  public static BridgeClient enter(int port, JsonObject joined, String authorization) {
    BridgeClient c = connect(port);
    JsonObject bridge = joined.getJsonObject("bridge");
    c.registerAs(bridge.getString("room"), authorization);
    c.registerAs(bridge.getString("inbox"), authorization);
    // the room's own "joined" for this classroom may come before or after the roster: it is kept
    // for the test to read, not dropped while waiting
    String inbox = bridge.getString("inbox");
    c.nextKeeping(
        f ->
            "rec".equals(f.getString("type"))
                && inbox.equals(f.getString("address"))
                && f.getValue("body") instanceof JsonObject b
                && "roster".equals(b.getString("type")),
        Duration.ofSeconds(30));
    return c;
  }

  /**
   * The next frame matching {@code p} within {@code within}; the frames before it stay in the
   * queue, in their order, for the next read.
   */
  private JsonObject nextKeeping(Predicate<JsonObject> p, Duration within) {
    List<JsonObject> before = new ArrayList<>();
    try {
      return next(
          f -> {
            if (p.test(f)) {
              return true;
            }
            before.add(f);
            return false;
          },
          within);
    } finally {
      for (int i = before.size() - 1; i >= 0; i--) {
        frames.addFirst(before.get(i));
      }
    }
  }

  /** One frame; frames from the test and from the pinger never overlap (the JDK forbids it). */
  public synchronized void raw(String text) {
    socket.sendText(text, true).join();
  }

  public void register(String address, String token) {
    JsonObject f = new JsonObject().put("type", "register").put("address", address);
    if (token != null) {
      f.put("headers", new JsonObject().put("authorization", "Bearer " + token));
    }
    raw(f.encode());
  }

  /** A REGISTER with this {@code authorization} header value as it is (e.g. "Device ..."). */
  public void registerAs(String address, String authorization) {
    raw(
        new JsonObject()
            .put("type", "register")
            .put("address", address)
            .put("headers", new JsonObject().put("authorization", authorization))
            .encode());
  }

  public void send(String address, JsonObject body) {
    raw(new JsonObject().put("type", "send").put("address", address).put("body", body).encode());
  }

  public void ping() {
    raw("{\"type\":\"ping\"}");
  }

  /** The next frame matching {@code p} within 5 s (frames before it are dropped), or fails. */
  public JsonObject next(Predicate<JsonObject> p) {
    return next(p, Duration.ofSeconds(5));
  }

  public JsonObject next(Predicate<JsonObject> p, Duration within) {
    long end = System.nanoTime() + within.toNanos();
    List<JsonObject> seen = new ArrayList<>();
    while (true) {
      long left = end - System.nanoTime();
      JsonObject f;
      try {
        f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (f == null) {
        throw new AssertionError("no matching frame within " + within + "; saw " + seen);
      }
      if (p.test(f)) {
        return f;
      }
      seen.add(f);
    }
  }

  /** Whether a frame matching {@code p} arrives within {@code within}. */
  public boolean sees(Predicate<JsonObject> p, Duration within) {
    try {
      next(p, within);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** The next message body delivered on {@code address} that matches {@code p}. */
  public JsonObject message(String address, Predicate<JsonObject> p) {
    return message(address, p, Duration.ofSeconds(5));
  }

  /** As {@link #message(String, Predicate)}, waiting up to {@code within}. */
  public JsonObject message(String address, Predicate<JsonObject> p, Duration within) {
    return next(
            f ->
                "rec".equals(f.getString("type"))
                    && address.equals(f.getString("address"))
                    && f.getValue("body") instanceof JsonObject b
                    && p.test(b),
            within)
        .getJsonObject("body");
  }

  /** The next error frame the bridge sends (its own "access_denied" and the like). */
  public String error() {
    return next(f -> "err".equals(f.getString("type"))).getString("body");
  }

  /** Waits for the server to close the socket; its close code, or -1. */
  public int awaitClosed(Duration within) {
    try {
      return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket still open after " + within);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public synchronized void close() {
    if (pinger != null) {
      pinger.cancel(false);
    }
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    socket.abort();
  }
}
