package org.classbridge.common;

/**
 * A failure of something the server depends on (the object store), not of the request and not of
 * our code: the HTTP layer answers it 503 with {@link #code()} and a {@code Retry-After}, so that a
 * client retries instead of reporting a bug. Implemented by exceptions of the lower layers, which
 * cannot raise a {@link Problem} themselves: they are checked exceptions, caught and cleaned up
 * after by the code that calls them, where a {@code Problem} would slip past.
 */
public interface Unavailable {
  /** Stable problem code, e.g. {@code blob-store-unavailable}. */
  String code();

  /**
   * A sentence for the client. Never the dependency's own message: that names hosts, buckets and
   * keys, which stay in the server's log.
   */
  String publicDetail();
}
