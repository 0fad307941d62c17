package org.classbridge.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x's HTTP/1 request decoder, made strict where RFC 9112 tells a server to refuse, and with a
 * deadline for the request head.
 *
 * <ul>
 *   <li>{@code Transfer-Encoding} together with {@code Content-Length}, a {@code Transfer-Encoding}
 *       whose last coding is not {@code chunked}, or two {@code Host} headers: the request is
 *       refused (400) and the connection closed (section 6.1 and 3.2). Netty alone takes the
 *       chunked body and drops the length, which lets a front proxy and this server disagree about
 *       where the next request starts: request smuggling.
 *   <li>A request head that is not complete within the head deadline (half a request line, or one
 *       header line every few seconds) closes the connection with 408: otherwise a handful of such
 *       connections hold resources for good. Bodies are not deadlined: a rural upload is slow by
 *       nature, and the idle timeout covers a body that stops.
 * </ul>
 *
 * <p>Refusing works through Netty's own path for a bad message: an exception while the head is
 * parsed marks the request as failed and makes the decoder discard everything after it on this
 * connection, so nothing behind an ambiguous request is ever read as a request. Vert.x then hands
 * the failed request to the server's invalid-request handler ({@link WireGuard}).
 *
 * <p>This subclasses a Vert.x implementation class, installed by {@link WireGuard} in place of the
 * decoder Vert.x configured; {@code WireGuardTest} fails if a Vert.x upgrade changes that.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
  private final long headDeadlineNanos;
  private long headStartedNanos = System.nanoTime();
  private boolean inBody;
  private ScheduledFuture<?> deadlineCheck;

  StrictRequestDecoder(HttpServerOptions options, Duration headDeadline) {
    super(options);
    this.headDeadlineNanos = headDeadline.toNanos();
  }

  /** Why a request was refused before it reached the router; the code goes into problem+json. */
  static final class AmbiguousRequest extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String code;

    AmbiguousRequest(String code, String message) {
      super(message, null);
      this.code = code;
    }

    String code() {
      return code;
    }
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    // called by Netty once the whole head is parsed, before it decides how to read the body
    HttpHeaders headers = message.headers();
    if (headers.getAll(HttpHeaderNames.HOST).size() > 1) {
      throw new AmbiguousRequest("duplicate-host", "a request has one Host header");
    }
    List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!codings.isEmpty()) {
      String joined = String.join(",", codings);
      String[] parts = joined.split(",");
      String last = parts[parts.length - 1].strip().toLowerCase(Locale.ROOT);
      if (!"chunked".equals(last)) {
        throw new AmbiguousRequest(
            "bad-transfer-encoding", "a request's Transfer-Encoding must end in chunked");
      }
      if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        throw new AmbiguousRequest(
            "length-and-chunked", "a request may not have both Content-Length and chunked");
      }
    }
    return super.isContentAlwaysEmpty(message);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    // Netty would drop the Content-Length and carry on; RFC 9112 section 6.1 says close
    throw new AmbiguousRequest(
        "length-and-chunked", "a request may not have both Content-Length and chunked");
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
      throws Exception {
    boolean hadBytes = buffer.isReadable();
    boolean wasInBody = inBody;
    int before = out.size();
    super.decode(ctx, buffer, out);
    boolean headDone = false;
    for (int i = before; i < out.size(); i++) {
      Object o = out.get(i);
      if (o instanceof HttpContent content
          && !(o instanceof HttpRequest)
          && content.decoderResult().isFailure()) {
        // broken chunked framing mid-body (a chunk size that overflows, say): Netty now discards
        // the rest of the connection. Vert.x would only see it closed, so the answer is ours.
        out.remove(i);
        content.release();
        refuse(ctx, 400, "Bad Request", "bad-chunk", "the chunked request body is malformed");
        return;
      }
      if (o instanceof HttpRequest) {
        headDone = true;
        inBody = true;
        headStartedNanos = 0;
      }
      if (o instanceof LastHttpContent) {
        inBody = false;
      }
    }
    // bytes of a head that is not complete yet: its clock starts with its first byte (bytes
    // that only finished a body do not start it)
    if (hadBytes && !wasInBody && !headDone && !inBody && headStartedNanos == 0) {
      headStartedNanos = System.nanoTime();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    long period = Math.max(100, TimeUnit.NANOSECONDS.toMillis(headDeadlineNanos) / 4);
    deadlineCheck =
        ctx.executor()
            .scheduleAtFixedRate(() -> checkDeadline(ctx), period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    if (deadlineCheck != null) {
      deadlineCheck.cancel(false);
    }
    super.handlerRemoved0(ctx);
  }

  private void checkDeadline(ChannelHandlerContext ctx) {
    long started = headStartedNanos;
    if (started == 0 || System.nanoTime() - started < headDeadlineNanos) {
      return;
    }
    deadlineCheck.cancel(false);
    refuse(
        ctx, 408, "Request Timeout", "request-timeout", "the request head did not arrive in time");
  }

  /**
   * Answers with problem+json straight onto the connection and closes it: for refusals Vert.x never
   * sees as a request (nothing of it was complete, or its framing broke mid-body).
   */
  private void refuse(
      ChannelHandlerContext ctx, int status, String reason, String code, String detail) {
    if (deadlineCheck != null) {
      deadlineCheck.cancel(false);
    }
    headStartedNanos = 0;
    WireGuard.logRefusal(status, code);
    String body =
        "{\"type\":\"urn:classbridge:problem:"
            + code
            + "\",\"title\":\""
            + reason
            + "\",\"status\":"
            + status
            + ",\"code\":\""
            + code
            + "\",\"detail\":\""
            + detail
            + "\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n";
    ByteBuf answer = Unpooled.buffer(head.length() + bytes.length);
    answer.writeCharSequence(head, StandardCharsets.US_ASCII);
    answer.writeBytes(bytes);
    ctx.writeAndFlush(answer).addListener(f -> ctx.close());
  }
}
