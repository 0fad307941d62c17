package org.classbridge.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * One route of the HTTP API as a feature declares it: method, path (OpenAPI syntax, {@code
 * /schools/{schoolId}}), who may call it, what body it takes, and its handler.
 */
public record RouteSpec(
    HttpMethod method, String path, Access access, Body body, Handler<RoutingContext> handler) {

  /** The request body a route reads; the router enforces type and size before the handler. */
  public enum Body {
    NONE,
    /** application/json, at most http.body-limit bytes. */
    JSON,
    /** text/csv, at most http.import-limit bytes. */
    CSV,
    /**
     * application/x-www-form-urlencoded, at most http.body-limit bytes: for machine callers that
     * speak forms (Jitsi's Prosody asking about a room). The handler decodes it strictly.
     */
    FORM,
    /**
     * A JSON Merge Patch (RFC 7396): application/merge-patch+json (application/json is taken too),
     * at most http.body-limit bytes.
     */
    MERGE_PATCH,
    /**
     * Raw bytes of any size, read by the handler as they arrive ({@link RequestBodyStream}): no
     * BodyHandler buffers them. For resumable uploads (tus PATCH) and large files; the handler
     * checks the content type and length itself.
     */
    STREAM
  }

  public RouteSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(handler, "handler");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("paths start with /: " + path);
    }
  }

  public static RouteSpec get(String path, Access access, Handler<RoutingContext> handler) {
    return new RouteSpec(HttpMethod.GET, path, access, Body.NONE, handler);
  }

  public static RouteSpec post(String path, Access access, Handler<RoutingContext> handler) {
    return new RouteSpec(HttpMethod.POST, path, access, Body.JSON, handler);
  }

  public static RouteSpec postCsv(String path, Access access, Handler<RoutingContext> handler) {
    return new RouteSpec(HttpMethod.POST, path, access, Body.CSV, handler);
  }

  /** A PUT replacing a whole document with the JSON body. */
  public static RouteSpec put(String path, Access access, Handler<RoutingContext> handler) {
    return new RouteSpec(HttpMethod.PUT, path, access, Body.JSON, handler);
  }

  /** A POST taking an HTML form body (see {@link Body#FORM}). */
  public static RouteSpec postForm(String path, Access access, Handler<RoutingContext> handler) {
    return new RouteSpec(HttpMethod.POST, path, access, Body.FORM, handler);
  }

  /** A PATCH taking a JSON Merge Patch; the handler also checks If-Match. */
  public static RouteSpec patch(String path, Access access, Handler<RoutingContext> handler) {
    return new RouteSpec(HttpMethod.PATCH, path, access, Body.MERGE_PATCH, handler);
  }

  public static RouteSpec delete(String path, Access access, Handler<RoutingContext> handler) {
    return new RouteSpec(HttpMethod.DELETE, path, access, Body.NONE, handler);
  }

  /** A route whose handler streams the request body itself (see {@link Body#STREAM}). */
  public static RouteSpec stream(
      HttpMethod method, String path, Access access, Handler<RoutingContext> handler) {
    return new RouteSpec(method, path, access, Body.STREAM, handler);
  }

  /** The path in Vert.x router syntax: {@code {name}} becomes {@code :name}. */
  public String routerPath() {
    return PARAMETER.matcher(path).replaceAll(":$1");
  }

  /** A path parameter as OpenAPI writes it; compiled once (routers are built per event loop). */
  private static final java.util.regex.Pattern PARAMETER =
      java.util.regex.Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
}
