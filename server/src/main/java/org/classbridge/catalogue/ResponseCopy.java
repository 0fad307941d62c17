package org.classbridge.catalogue;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.InputStream;
import java.util.concurrent.Callable;

/**
 * Copies a blob's stream into a response on a worker, one 64 KiB chunk at a time, each written
 * before the next is read (the connection's pace, not the disk's, sets the speed; memory stays at
 * one chunk). For bytes that cannot go by sendfile: an object store's stream.
 */
final class ResponseCopy {
  private ResponseCopy() {}

  static void copy(WorkerExecutor workers, Callable<InputStream> open, HttpServerResponse res) {
    workers
        .executeBlocking(
            () -> {
              try (InputStream in = open.call()) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                  res.write(Buffer.buffer(n).appendBytes(buf, 0, n))
                      .toCompletionStage()
                      .toCompletableFuture()
                      .get();
                }
              }
              return null;
            },
            false)
        .onSuccess(done -> res.end())
        // a body cut short must not look complete: drop the connection
        .onFailure(e -> res.reset());
  }
}
