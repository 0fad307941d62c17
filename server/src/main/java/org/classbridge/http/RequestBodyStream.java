package org.classbridge.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body as an {@link InputStream} for blocking code on a worker (a blob store append, a
 * hash), fed by the event loop with back-pressure: when more than {@link #HIGH_WATER} bytes wait,
 * the request is paused (TCP pushes back on the sender); it resumes once the worker has read them
 * down to {@link #LOW_WATER}. Memory per upload is bounded by the high-water mark, whatever the
 * body's size.
 *
 * <p>Usage protocol, for {@link RouteSpec.Body#STREAM} routes only:
 *
 * <pre>{@code
 * RequestBodyStream.consume(ctx, workers, in -> store.append(id, offset, in))
 *     .onSuccess(...).onFailure(ctx::fail);
 * }</pre>
 *
 * Call it from the route handler, on the event loop, before the handler returns. The stream is only
 * valid inside the consumer. If the consumer stops before the end of the body (it refused the
 * content), the rest of the body is discarded and the connection is closed after the response, so a
 * client cannot make the server read a body nobody wants.
 */
public final class RequestBodyStream extends InputStream {
  /** Bytes buffered before the request is paused: a few TCP windows, enough to keep disks busy. */
  static final int HIGH_WATER = 4 * 1024 * 1024;

  /** Bytes left when a paused request is resumed. */
  static final int LOW_WATER = 1024 * 1024;

  /** How long a worker waits for the next bytes before giving up on a stalled client. */
  static final long STALL_SECONDS = 120;

  private final HttpServerRequest request;
  private final Context context;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
  private Buffer current;
  private int position;
  private long buffered;
  private boolean paused;
  private boolean ended;
  private Throwable failure;
  private volatile boolean abandoned;

  /** What a worker does with the body. */
  @FunctionalInterface
  public interface Consumer<T> {
    T consume(InputStream body) throws Exception;
  }

  private RequestBodyStream(HttpServerRequest request, Context context) {
    this.request = request;
    this.context = context;
  }

  /**
   * Runs {@code consumer} on {@code workers} over the body of {@code ctx}'s request and completes
   * with its result on the event loop.
   */
  public static <T> Future<T> consume(
      RoutingContext ctx, WorkerExecutor workers, Consumer<T> consumer) {
    HttpServerRequest request = ctx.request();
    request.pause();
    RequestBodyStream body = new RequestBodyStream(request, ctx.vertx().getOrCreateContext());
    request.handler(body::arrived);
    request.endHandler(v -> body.finished(null));
    request.exceptionHandler(body::finished);
    if (request.isEnded()) {
      body.finished(null);
    } else {
      request.resume();
    }
    return workers
        .executeBlocking(
            () -> {
              try (body) {
                return consumer.consume(body);
              }
            },
            false)
        .andThen(
            done -> {
              if (!body.isEnded()) {
                // stopped early: drop what else arrives and close after answering
                body.abandoned = true;
                if (request.isEnded()) {
                  // all of it had arrived already (a small body): nothing more to drain
                  return;
                }
                request.handler(b -> {});
                request.resume();
                if (request.version() != HttpVersion.HTTP_2) {
                  // HTTP/2 ends just this stream (a reset), and forbids the header
                  ctx.response().putHeader("Connection", "close");
                }
              }
            });
  }

  // --- event loop side

  private void arrived(Buffer chunk) {
    if (abandoned) {
      return;
    }
    lock.lock();
    try {
      chunks.add(chunk);
      buffered += chunk.length();
      if (buffered > HIGH_WATER && !paused) {
        paused = true;
        request.pause();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void finished(Throwable cause) {
    lock.lock();
    try {
      ended = true;
      failure = cause;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean isEnded() {
    lock.lock();
    try {
      return ended && chunks.isEmpty() && current == null && failure == null;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes received and not yet read by the worker (pkg-private for testing). */
  long bufferedBytes() {
    lock.lock();
    try {
      return buffered;
    } finally {
      lock.unlock();
    }
  }

  // --- worker side

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (current == null && !next()) {
      return -1;
    }
    int n = Math.min(len, current.length() - position);
    current.getBytes(position, position + n, b, off);
    position += n;
    if (position == current.length()) {
      current = null;
    }
    return n;
  }

  /** Takes the next chunk, waiting for the event loop; false at the end of the body. */
  private boolean next() throws IOException {
    lock.lock();
    try {
      while (chunks.isEmpty() && !ended) {
        if (!changed.await(STALL_SECONDS, TimeUnit.SECONDS)) {
          throw new IOException("the client sent nothing for " + STALL_SECONDS + " s");
        }
      }
      if (chunks.isEmpty()) {
        if (failure != null) {
          throw new IOException("the request body was cut off: " + failure.getMessage(), failure);
        }
        return false;
      }
      current = chunks.poll();
      position = 0;
      buffered -= current.length();
      if (paused && buffered <= LOW_WATER) {
        paused = false;
        context.runOnContext(v -> request.resume());
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the request body", e);
    } finally {
      lock.unlock();
    }
  }
}
