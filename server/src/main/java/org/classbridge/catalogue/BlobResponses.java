package org.classbridge.catalogue;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.classbridge.blob.BlobStore;
import org.classbridge.blob.Delivery;
import org.classbridge.blob.DeliveryHints;
import org.classbridge.common.Problem;

/**
 * Sends a stored blob as an HTTP response with conditional and Range requests (RFC 9110): 206 for
 * one satisfiable range, 416 for an unsatisfiable one, the whole object for none, several, or an
 * If-Range that no longer matches; 304 for a matching If-None-Match. ETag is the SHA-256. Local
 * blobs go out by sendfile straight from the event loop; others are copied on workers, or
 * redirected to a presigned object-store link when the store prefers it.
 *
 * <p>Shared by the lesson files and the media pipeline's renditions (HLS segments, posters, offline
 * files), so every byte the repository serves follows the same rules.
 */
public final class BlobResponses {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  /** A stored object: its hash (the ETag), size and when it was stored (Last-Modified). */
  public record Stored(String sha256, long size, Instant storedAt) {}

  // looked up once: every Range request passes here, and a registry lookup per request is not free
  private static final io.micrometer.core.instrument.Counter WHOLE =
      io.micrometer.core.instrument.Metrics.counter("classbridge.deliveries", "range", "whole");
  private static final io.micrometer.core.instrument.Counter PARTIAL =
      io.micrometer.core.instrument.Metrics.counter("classbridge.deliveries", "range", "partial");
  private static final io.micrometer.core.instrument.Counter DELIVERED_BYTES =
      io.micrometer.core.instrument.Metrics.counter("classbridge.delivery.bytes");

  private final BlobStore blobs;
  private final WorkerExecutor workers;

  /**
   * Where a local blob's file is: stored objects are never rewritten, so once the store has said,
   * ranges of it go straight to sendfile from the event loop, with no worker hop.
   */
  private final ConcurrentHashMap<String, Path> localFiles = new ConcurrentHashMap<>();

  public BlobResponses(BlobStore blobs, WorkerExecutor workers) {
    this.blobs = blobs;
    this.workers = workers;
  }

  /**
   * Answers {@code ctx} with {@code blob}.
   *
   * @param cacheControl e.g. {@code private, max-age=3600}, or {@code ..., immutable} for objects
   *     whose URL changes when they do
   * @param beforeSend runs once the object is found and the range is valid (counting a download)
   */
  public Future<Void> send(
      RoutingContext ctx,
      Stored blob,
      DeliveryHints hints,
      String cacheControl,
      Function<Delivery, Future<Delivery>> beforeSend) {
    String etag = "\"" + blob.sha256() + "\"";
    HttpServerResponse res = ctx.response();
    res.putHeader("ETag", etag)
        .putHeader("Last-Modified", HTTP_DATE.format(blob.storedAt()))
        .putHeader("Accept-Ranges", "bytes")
        .putHeader("Cache-Control", cacheControl)
        .putHeader("X-Content-Type-Options", "nosniff");
    String ifNoneMatch = ctx.request().getHeader("If-None-Match");
    if (ifNoneMatch != null
        && (ifNoneMatch.strip().equals("*") || ifNoneMatch.contains(etag))
        && hints.downloadName().isEmpty()) {
      res.setStatusCode(304).end();
      return Future.succeededFuture();
    }
    long size = blob.size();
    long from = 0;
    long length = size;
    boolean partial = false;
    String range = ctx.request().getHeader("Range");
    String ifRange = ctx.request().getHeader("If-Range");
    boolean rangeApplies =
        range != null
            && (ifRange == null
                || ifRange.equals(etag)
                || ifRange.equals(HTTP_DATE.format(blob.storedAt())));
    if (rangeApplies) {
      Matcher m = RANGE.matcher(range.strip());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        try {
          if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            from = Math.max(0, size - suffix);
            length = size - from;
          } else {
            from = Long.parseLong(m.group(1));
            long to =
                m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < from) {
              from = size; // reversed: unsatisfiable
            }
            length = to - from + 1;
          }
        } catch (NumberFormatException e) {
          from = size;
        }
        if (from >= size || length <= 0) {
          res.setStatusCode(416).putHeader("Content-Range", "bytes */" + size);
          return Future.failedFuture(
              Problem.of(
                  Problem.Kind.RANGE_NOT_SATISFIABLE,
                  "range-not-satisfiable",
                  "the file has " + size + " bytes"));
        }
        partial = true;
      }
      // several ranges or another unit: the whole file, as RFC 9110 allows
    }
    long start = from;
    long len = length;
    boolean isPartial = partial;
    Path local = localFiles.get(blob.sha256());
    Future<Delivery> delivery =
        local != null
            ? Future.succeededFuture(new Delivery.LocalFile(local, start, len))
            : workers
                .executeBlocking(() -> blobs.deliver(blob.sha256(), start, len, hints), false)
                .onSuccess(
                    d -> {
                      if (d instanceof Delivery.LocalFile file && localFiles.size() < 10_000) {
                        localFiles.put(blob.sha256(), file.file());
                      }
                    });
    return delivery
        .compose(beforeSend)
        .map(
            d -> {
              send(ctx, d, hints, start, len, size, isPartial);
              // lessons streamed to schools (classbridge_deliveries_total, _delivery_bytes_total)
              (isPartial ? PARTIAL : WHOLE).increment();
              DELIVERED_BYTES.increment(len);
              return null;
            });
  }

  /** A name safe for Content-Disposition: no control characters, slashes or quotes. */
  static String safeName(String name) {
    String cleaned = name.replaceAll("[\\p{Cntrl}/\\\\\"]", "_").strip();
    return cleaned.isEmpty()
        ? "resource"
        : cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
  }

  /** Content-Disposition for saving under {@code name} (ASCII fallback and RFC 5987 UTF-8). */
  public static String attachment(String name) {
    String n = safeName(name);
    return "attachment; filename=\""
        + n.replaceAll("[^\\x20-\\x7E]", "_")
        + "\"; filename*=UTF-8''"
        + java.net.URLEncoder.encode(n, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void send(
      RoutingContext ctx,
      Delivery d,
      DeliveryHints hints,
      long from,
      long length,
      long size,
      boolean partial) {
    HttpServerResponse res = ctx.response();
    if (d instanceof Delivery.Redirect redirect) {
      res.setStatusCode(307).putHeader("Location", redirect.url().toString()).end();
      return;
    }
    res.putHeader("Content-Type", hints.contentType());
    hints.downloadName().ifPresent(n -> res.putHeader("Content-Disposition", attachment(n)));
    if (partial) {
      res.setStatusCode(206)
          .putHeader("Content-Range", "bytes " + from + "-" + (from + length - 1) + "/" + size);
    }
    if (ctx.request().method() == HttpMethod.HEAD) {
      res.putHeader("Content-Length", Long.toString(length)).end();
      closeQuietly(d);
      return;
    }
    // never compressed: a range counts stored bytes (a gzipped 206 breaks a resumed download), the
    // media is compressed already, and an uncompressed file goes out by sendfile (the
    // compressor drops this header again; a HEAD is never compressed, so it goes without)
    res.putHeader("Content-Encoding", "identity");
    switch (d) {
      case Delivery.LocalFile f -> res.sendFile(f.file().toString(), f.offset(), f.length());
      case Delivery.Stream s -> {
        res.putHeader("Content-Length", Long.toString(s.length()));
        ResponseCopy.copy(workers, s::in, res);
      }
      case Delivery.Redirect r -> {}
    }
  }

  private static void closeQuietly(Delivery d) {
    if (d instanceof Delivery.Stream s) {
      try {
        s.in().close();
      } catch (IOException ignored) {
        // nothing was read
      }
    }
  }
}
