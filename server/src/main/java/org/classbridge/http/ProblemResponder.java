package org.classbridge.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Optional;
import org.classbridge.common.Problem;
import org.classbridge.common.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses: RFC 9457 {@code application/problem+json} with a stable
 * {@code code}. User mistakes keep their 4xx; anything unexpected is logged with its request id and
 * answered as {@code internal} without internals.
 */
final class ProblemResponder {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

  /** How long a refused request's remaining body is drained before its connection is cut. */
  static final long LINGER_MS = 2000;

  private ProblemResponder() {}

  /** The failure, or what caused it, is the client's connection closing. */
  private static boolean connectionClosed(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpClosedException) {
        return true;
      }
    }
    return false;
  }

  static void handle(RoutingContext ctx) {
    if (connectionClosed(ctx.failure())) {
      // the client went away (a paused upload aborts its PATCH), or the server hung up on broken
      // framing: nobody to answer
      LOG.debug("request {} ended with its connection", Requests.requestId(ctx));
      return;
    }
    Problem p = classify(ctx.failure(), ctx.statusCode());
    Optional<Unavailable> outage = outage(ctx.failure());
    if (p.kind() == Problem.Kind.UNAVAILABLE && ctx.failure() instanceof Problem) {
      LOG.warn("request {} refused: {}", Requests.requestId(ctx), p.detail());
    } else if (outage.isPresent()) {
      // what the store said (host, status, its error code) is for the operator, not the client
      LOG.warn(
          "request {} {} {} answered 503: {}",
          Requests.requestId(ctx),
          ctx.request().method(),
          ctx.normalizedPath(),
          ((Throwable) outage.get()).getMessage());
    } else if (p.kind() == Problem.Kind.INTERNAL || p.kind() == Problem.Kind.UNAVAILABLE) {
      LOG.error(
          "request {} {} {} failed",
          Requests.requestId(ctx),
          ctx.request().method(),
          ctx.normalizedPath(),
          ctx.failure());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    HttpServerRequest request = ctx.request();
    if (!request.isEnded() && request.version() != HttpVersion.HTTP_2) {
      // refused before its body was read (access, media type, size): the connection closes once
      // answered instead of carrying the body into the next request. A lingering close: what the
      // client still sends is read and dropped for a moment first, since closing with unread
      // bytes resets the connection and the client may lose the answer with it.
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.response()
          .endHandler(
              v -> {
                request.handler(dropped -> {});
                request.resume();
                ctx.vertx().setTimer(LINGER_MS, t -> request.connection().close());
              });
    }
    render(ctx, p);
  }

  /** How soon a client may ask again after an outage of a store the server depends on. */
  static final java.time.Duration OUTAGE_RETRY_AFTER = java.time.Duration.ofSeconds(5);

  /**
   * The outage behind {@code failure}, if it is one: the failure itself or one of its causes (a
   * worker's failure may arrive wrapped), a few levels deep.
   */
  static Optional<Unavailable> outage(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t instanceof Unavailable u) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }

  static void render(RoutingContext ctx, Problem p) {
    write(ctx.response(), p, Requests.requestId(ctx), ctx.request().path());
  }

  /**
   * Writes {@code p} as problem+json to {@code response}: the one place the body is built, for
   * routed requests and for requests refused before routing.
   *
   * @param instance the request path, or null when even that is not to be trusted
   */
  static Future<Void> write(
      HttpServerResponse response, Problem p, String requestId, String instance) {
    JsonObject body =
        new JsonObject()
            .put("type", "urn:classbridge:problem:" + p.code())
            .put("title", p.kind().title())
            .put("status", p.kind().status())
            .put("code", p.code())
            .put("detail", p.detail());
    if (instance != null) {
      body.put("instance", instance);
    }
    body.put("requestId", requestId);
    p.members().forEach(m -> body.put(m.getKey(), m.getValue()));
    if (!p.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      p.errors().forEach(e -> errors.add(e.toJson()));
      body.put("errors", errors);
    }
    response.setStatusCode(p.kind().status());
    response.putHeader("Content-Type", "application/problem+json; charset=utf-8");
    response.putHeader("Cache-Control", "no-store");
    p.retryAfter()
        .ifPresent(
            d -> response.putHeader("Retry-After", Long.toString(Math.max(1, d.toSeconds() + 1))));
    if (p.kind() == Problem.Kind.UNAUTHENTICATED) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"classbridge\"");
    }
    return response.end(body.encode());
  }

  static Problem classify(Throwable failure, int status) {
    if (failure instanceof Problem p) {
      return p;
    }
    Optional<Unavailable> outage = outage(failure);
    if (outage.isPresent()) {
      return Problem.unavailable(
          outage.get().code(), outage.get().publicDetail(), OUTAGE_RETRY_AFTER);
    }
    if (failure instanceof DecodeException) {
      return Problem.invalid("bad-json", "the request body is not valid JSON");
    }
    if (failure instanceof HttpException h) {
      status = h.getStatusCode();
    }
    return switch (status) {
      case 400 -> Problem.invalid("bad-request", "the request could not be understood");
      case 401 ->
          Problem.of(Problem.Kind.UNAUTHENTICATED, "unauthenticated", "a bearer token is required");
      case 403 -> Problem.forbidden("forbidden", "not allowed for this account");
      case 404 -> Problem.notFound("not-found", "nothing here");
      case 405 ->
          Problem.of(
              Problem.Kind.METHOD_NOT_ALLOWED, "method-not-allowed", "method not allowed here");
      case 413 ->
          Problem.of(Problem.Kind.TOO_LARGE, "body-too-large", "the request body is too large");
      case 415 ->
          Problem.of(
              Problem.Kind.UNSUPPORTED_MEDIA_TYPE,
              "unsupported-media-type",
              "this route does not take that content type");
      default -> Problem.of(Problem.Kind.INTERNAL, "internal", "something went wrong on our side");
    };
  }
}
