package org.classbridge.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import org.classbridge.common.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strictness below the router, for what never becomes a routable request: ambiguous framing ({@link
 * StrictRequestDecoder}), a request line or head too long (414, 431), or a head that is malformed.
 * Each is answered with problem+json, counted once in the access log with its real status, and the
 * connection is closed, since after a framing error nobody can say where the next request would
 * start. It also puts {@link ResponseCompressor} in place of Vert.x's compressor, so files keep
 * going out by sendfile on a server that compresses.
 */
public final class WireGuard {
  private static final Logger ACCESS = LoggerFactory.getLogger("classbridge.access");
  private static final Logger LOG = LoggerFactory.getLogger(WireGuard.class);

  private WireGuard() {}

  /**
   * Installs the strict decoder (and the file-friendly compressor, when {@code options} compress)
   * on every new HTTP/1 connection and answers invalid requests.
   */
  public static void install(HttpServer server, HttpServerOptions options, Duration headDeadline) {
    server.connectionHandler(connection -> strictDecoder(connection, options, headDeadline));
    server.invalidRequestHandler(WireGuard::refuse);
  }

  private static void strictDecoder(
      HttpConnection connection, HttpServerOptions options, Duration headDeadline) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    ChannelHandler decoder = pipeline.get("httpDecoder");
    if (decoder != null && !(decoder instanceof StrictRequestDecoder)) {
      pipeline.replace(decoder, "httpDecoder", new StrictRequestDecoder(options, headDeadline));
    }
    ChannelHandler compressor = pipeline.get("deflater");
    if (compressor != null && !(compressor instanceof ResponseCompressor)) {
      pipeline.replace(
          compressor,
          "deflater",
          ResponseCompressor.of(
              options.getCompressionLevel(), options.getCompressionContentSizeThreshold()));
    }
  }

  /** The problem a request that failed to decode is answered with. */
  static Problem classify(Throwable cause) {
    return switch (cause) {
      case StrictRequestDecoder.AmbiguousRequest a ->
          Problem.invalid(a.code(), a.getMessage() + "; the connection is closed");
      case TooLongHttpLineException t ->
          Problem.of(Problem.Kind.URI_TOO_LONG, "uri-too-long", "the request line is too long");
      case TooLongHttpHeaderException t ->
          Problem.of(
              Problem.Kind.HEADERS_TOO_LARGE,
              "headers-too-large",
              "the request headers are too large");
      case null, default -> Problem.invalid("bad-request", "the request could not be parsed");
    };
  }

  private static void refuse(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    Problem p = classify(cause);
    LOG.debug("refused a malformed request: {}", cause == null ? "-" : cause.toString());
    ACCESS.info(
        "- {} {} {} 0ms user=- refused: {}",
        request.method(),
        sanitize(request.uri()),
        p.kind().status(),
        p.code());
    var response = request.response();
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    response.putHeader("Connection", "close");
    ProblemResponder.write(response, p, "-", null).onComplete(done -> request.connection().close());
  }

  /** The access-log line of a refusal made below Vert.x, where no request line is known. */
  static void logRefusal(int status, String code) {
    ACCESS.info("- - - {} 0ms user=- refused: {}", status, code);
  }

  /** At most 200 printable ASCII characters of what the client sent, for one log line. */
  static String sanitize(String uri) {
    if (uri == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < uri.length() && sb.length() < 200; i++) {
      char c = uri.charAt(i);
      sb.append(c >= 0x21 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }
}
