package org.classbridge.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;

/**
 * Builds the one router: request ids and access log, security headers, then every feature's {@link
 * RouteSpec} behind its body limit and {@link Access} check, then the web app. Errors of every kind
 * end in {@link ProblemResponder}.
 */
public final class ApiRouter {
  /** The content security policy of the web app: our own origin only, no inline script. */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none';"
          + " base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  private ApiRouter() {}

  /**
   * @param assets the web app, loaded once for all routers
   */
  public static Router create(
      Vertx vertx,
      HttpOptions http,
      Authenticator authenticator,
      List<RouteSpec> specs,
      WebAssets assets) {
    return create(vertx, http, authenticator, specs, assets, List.of());
  }

  /**
   * @param frameSources origins whose pages the web app may show in a frame (the experiments'
   *     separate origin); nothing else may be framed
   */
  public static Router create(
      Vertx vertx,
      HttpOptions http,
      Authenticator authenticator,
      List<RouteSpec> specs,
      WebAssets assets,
      List<String> frameSources) {
    return build(vertx, http, authenticator, specs, Optional.of(assets), frameSources);
  }

  /**
   * The API's request handler for one HTTP server instance: {@code whole}, made by {@link #create}
   * from {@code specs}, and in front of it one router per path prefix ({@code /api/v1/resources},
   * {@code /media}, ...) holding only the routes that prefix can match. vertx-web tries routes one
   * after the other, and a route with path parameters is a regular expression, so on the whole
   * router a request for a lesson's byte range was matched against several hundred expressions
   * before its own (a third of its time in the Range benchmark). Routes keep their order inside a
   * prefix, and paths that are not plainly spelled (escapes, dot segments, empty segments) go to
   * the whole router, which normalises them, so every request is answered as the whole router would
   * answer it.
   */
  public static Handler<HttpServerRequest> byPrefix(
      Router whole,
      Vertx vertx,
      HttpOptions http,
      Authenticator authenticator,
      List<RouteSpec> specs,
      List<String> frameSources) {
    Map<String, List<RouteSpec>> grouped = new LinkedHashMap<>();
    for (RouteSpec spec : specs) {
      String prefix = prefix(spec.path());
      if (prefix != null) {
        grouped.computeIfAbsent(prefix, k -> new ArrayList<>());
      }
    }
    for (RouteSpec spec : specs) {
      String prefix = prefix(spec.path());
      // a route whose prefix is a parameter could match under any prefix: it goes in every one
      grouped.forEach(
          (p, list) -> {
            if (prefix == null || prefix.equals(p)) {
              list.add(spec);
            }
          });
    }
    // each prefix's router is built on its first request, not at start-up (start-up time is a
    // target of its own); one map per server instance, used only from that instance's event loop
    Map<String, Router> routers = new HashMap<>();
    return request -> {
      String path = request.path();
      String prefix = plain(path) ? prefix(path) : null;
      List<RouteSpec> own = prefix == null ? null : grouped.get(prefix);
      Router router =
          own == null
              ? whole
              : routers.computeIfAbsent(
                  prefix,
                  p -> build(vertx, http, authenticator, own, Optional.empty(), frameSources));
      router.handle(request);
    };
  }

  /**
   * The part of a path that picks its router: {@code /api/v1/} and the next segment, or the first
   * segment of any other path; null when that part is or holds a parameter.
   */
  static String prefix(String path) {
    if (path == null || !path.startsWith("/")) {
      return null;
    }
    int segments = path.startsWith("/api/v1/") ? 3 : 1;
    int end = 0;
    for (int i = 0; i < segments; i++) {
      int next = path.indexOf('/', end + 1);
      if (next < 0) {
        if (i < segments - 1) {
          return null;
        }
        end = path.length();
        break;
      }
      end = next;
    }
    String prefix = path.substring(0, end);
    return prefix.length() < 2 || prefix.contains("{") || prefix.contains(":") ? null : prefix;
  }

  /** A path with nothing to normalise: no escapes, no dot segments, no empty segments. */
  static boolean plain(String path) {
    return path != null
        && path.indexOf('%') < 0
        && !path.contains("//")
        && !path.contains("/.")
        && !path.contains("\\");
  }

  private static Router build(
      Vertx vertx,
      HttpOptions http,
      Authenticator authenticator,
      List<RouteSpec> specs,
      Optional<WebAssets> webApp,
      List<String> frameSources) {
    String csp =
        frameSources.isEmpty()
            ? CSP + "; frame-src 'none'"
            : CSP + "; frame-src " + String.join(" ", frameSources);
    Optional<String> metricsToken = http.metricsToken();
    Router router = Router.router(vertx);
    router.route().handler(RequestLog::handle);
    // before any route looks at the path: a bad escape would otherwise fail deep in the router
    router.route().handler(ApiRouter::checkPath);
    router.route().handler(ctx -> securityHeaders(ctx, csp));
    boolean trustForwarded = http.trustForwarded();
    router
        .route()
        .handler(
            ctx -> {
              ctx.put(Requests.CLIENT, ClientAddress.of(ctx.request(), trustForwarded));
              ctx.next();
            });

    for (RouteSpec spec : specs) {
      // the access check is a route of its own, ahead of the body: an anonymous or unentitled
      // caller is refused before the server buffers a single byte of what it sends
      route(router, spec)
          .handler(
              authorise(
                  spec.access(), authenticator, metricsToken, spec.body() == RouteSpec.Body.NONE));
      // another content type gets 415 before any byte of the body is read (a route of its
      // own, since vertx-web wants a BodyHandler first on its route)
      switch (spec.body()) {
        case JSON -> route(router, spec).handler(mediaType("application/json"));
        case MERGE_PATCH ->
            route(router, spec)
                .handler(mediaType("application/merge-patch+json", "application/json"));
        case CSV -> route(router, spec).handler(mediaType("text/csv"));
        case FORM -> route(router, spec).handler(mediaType("application/x-www-form-urlencoded"));
        case STREAM, NONE -> {}
      }
      Route route = route(router, spec);
      switch (spec.body()) {
        case JSON, MERGE_PATCH -> route.handler(body(http.bodyLimitBytes()));
        // raw bytes: BodyHandler would decode the form itself and answer a bad escape with a
        // bare 400; the route decodes strictly and says what was wrong
        case FORM -> route.handler(rawBody(http.bodyLimitBytes()));
        case CSV -> route.handler(body(http.importLimitBytes()));
        // no BodyHandler: the handler reads the paused request itself, with back-pressure
        // (RequestBodyStream), so a 4 GiB upload never sits in memory or in a temporary file
        case STREAM, NONE -> {}
      }
      route.handler(spec.handler());
    }
    // no match (an unknown /api path included) ends in errorHandler(404) as problem+json;
    // a known path with another method in errorHandler(405)
    webApp.ifPresent(assets -> webApp(router, assets));
    return withErrors(router, specs);
  }

  /** The web app's pages and files, after every API route. */
  private static void webApp(Router router, WebAssets assets) {
    for (String page : List.of("/", "/index.html")) {
      router
          .route(page)
          .method(HttpMethod.GET)
          .method(HttpMethod.HEAD)
          .handler(ApiRouter::noTrailingSlash)
          .handler(assets::page);
    }
    // this release's files, kept by browsers for a year (a new release has a new prefix)
    router
        .route("/v/" + assets.version() + "/*")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(ApiRouter::noTrailingSlash)
        .handler(
            StaticHandler.create(assets.webroot())
                .setIncludeHidden(false)
                .setDirectoryListing(false)
                .setDefaultContentEncoding("UTF-8")
                .setMaxAgeSeconds(WebAssets.MAX_AGE_SECONDS));
    // the same files unversioned, briefly cached, for what links to them directly (slips.css)
    router
        .route()
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(ApiRouter::noTrailingSlash)
        .handler(
            StaticHandler.create(assets.webroot())
                .setIncludeHidden(false)
                .setDirectoryListing(false)
                .setIndexPage("index.html")
                .setDefaultContentEncoding("UTF-8")
                .setMaxAgeSeconds(300));
  }

  /** Every error of {@code router} as problem+json; a 405 names the methods the path answers. */
  private static Router withErrors(Router router, List<RouteSpec> specs) {
    router.route().failureHandler(ProblemResponder::handle);
    router.errorHandler(404, ProblemResponder::handle);
    List<Allowed> allowed = Allowed.of(specs);
    router.errorHandler(
        405,
        ctx -> {
          ctx.response().putHeader("Allow", Allowed.header(allowed, ctx.request().path()));
          ProblemResponder.handle(ctx);
        });
    router.errorHandler(415, ProblemResponder::handle);
    router.errorHandler(500, ProblemResponder::handle);
    return router;
  }

  /**
   * The request handler of one HTTP server instance: requests under a feature's mount (the live
   * classroom's bridge) go to that mount's own router, everything else to the API router. The
   * mounts stay outside the API router on purpose: a sub-router makes vertx-web decode every path
   * before the first handler runs, so a bad escape anywhere would get a bare 400 instead of the
   * API's problem+json ({@code checkPath}).
   */
  public static Handler<HttpServerRequest> withMounts(
      Vertx vertx, Handler<HttpServerRequest> api, List<Feature.Mount> mounts) {
    if (mounts.isEmpty()) {
      return api;
    }
    List<Map.Entry<String, Router>> mounted = new ArrayList<>();
    for (Feature.Mount m : mounts) {
      Router r = Router.router(vertx);
      r.route().handler(RequestLog::handle);
      r.route(m.path() + "/*").subRouter(m.router().apply(vertx));
      mounted.add(Map.entry(m.path() + "/", r));
    }
    return request -> {
      String path = request.path();
      for (Map.Entry<String, Router> m : mounted) {
        if (path != null && path.startsWith(m.getKey())) {
          m.getValue().handle(request);
          return;
        }
      }
      api.handle(request);
    };
  }

  /** The route of a spec; a GET route answers HEAD too (the same headers, no body). */
  private static Route route(Router router, RouteSpec spec) {
    Route route = router.route(spec.routerPath()).method(spec.method());
    return spec.method() == HttpMethod.GET ? route.method(HttpMethod.HEAD) : route;
  }

  /** The methods each API path answers, for the {@code Allow} header of a 405. */
  private record Allowed(Pattern path, Set<String> methods) {
    static List<Allowed> of(List<RouteSpec> specs) {
      Map<String, Set<String>> byPath = new LinkedHashMap<>();
      for (RouteSpec spec : specs) {
        Set<String> methods = byPath.computeIfAbsent(spec.path(), p -> new TreeSet<>());
        methods.add(spec.method().name());
        if (spec.method() == HttpMethod.GET) {
          methods.add("HEAD");
        }
      }
      List<Allowed> out = new ArrayList<>();
      byPath.forEach(
          (path, methods) -> {
            StringBuilder regex = new StringBuilder();
            for (String part : path.split("(?=\\{)|(?<=})")) {
              regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
            }
            out.add(new Allowed(Pattern.compile(regex.toString()), methods));
          });
      return out;
    }

    static String header(List<Allowed> all, String path) {
      Set<String> methods = new TreeSet<>();
      for (Allowed a : all) {
        if (a.path.matcher(path).matches()) {
          methods.addAll(a.methods);
        }
      }
      if (methods.isEmpty()) {
        methods.addAll(List.of("GET", "HEAD")); // the web app's static files
      }
      return String.join(", ", methods);
    }
  }

  /**
   * 415 unless the request's media type is {@code type}, compared as RFC 9110 says: the type and
   * subtype are case-insensitive, parameters (a charset) may follow.
   */
  static Handler<RoutingContext> mediaType(String... types) {
    return ctx -> {
      String header = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      String given = header == null ? "" : header.split(";", 2)[0].strip();
      for (String type : types) {
        if (given.equalsIgnoreCase(type)) {
          ctx.next();
          return;
        }
      }
      throw Problem.of(
          Problem.Kind.UNSUPPORTED_MEDIA_TYPE,
          "unsupported-media-type",
          "this route takes " + String.join(" or ", types));
    };
  }

  /**
   * 400 {@code bad-path} for a path whose percent-escapes do not decode to UTF-8 text: answered as
   * a user mistake, not logged as a server error.
   */
  private static void checkPath(RoutingContext ctx) {
    if (!PathCheck.decodes(ctx.request().path())) {
      throw Problem.invalid("bad-path", "the path has a malformed %-escape");
    }
    ctx.next();
  }

  /** {@code /index.html/} is not a file: the web app has no folders to list. */
  private static void noTrailingSlash(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.length() > 1 && path.endsWith("/")) {
      ctx.fail(404);
      return;
    }
    ctx.next();
  }

  /**
   * Collects the whole body, at most {@code limit} bytes (413 beyond), into {@link
   * Requests#rawBody}, without interpreting it.
   */
  private static Handler<RoutingContext> rawBody(long limit) {
    return ctx -> {
      io.vertx.core.buffer.Buffer collected = io.vertx.core.buffer.Buffer.buffer();
      boolean[] failed = {false};
      var request = ctx.request();
      request.handler(
          chunk -> {
            if (failed[0]) {
              return;
            }
            if ((long) collected.length() + chunk.length() > limit) {
              failed[0] = true;
              ctx.fail(413);
              return;
            }
            collected.appendBuffer(chunk);
          });
      request.exceptionHandler(
          e -> {
            if (!failed[0]) {
              failed[0] = true;
              ctx.fail(e);
            }
          });
      request.endHandler(
          v -> {
            if (!failed[0]) {
              ctx.put(Requests.RAW_BODY, collected);
              ctx.next();
            }
          });
      request.resume();
    };
  }

  private static BodyHandler body(long limit) {
    // no file uploads: BodyHandler would write them to disk and keep them (SECURITY.md)
    return BodyHandler.create(false).setBodyLimit(limit).setHandleFileUploads(false);
  }

  /**
   * @param noBody the route reads no body: the request is resumed once admitted (routes with a body
   *     resume it from their body handler)
   */
  static Handler<RoutingContext> authorise(
      Access access, Authenticator tokens, Optional<String> metricsToken, boolean noBody) {
    return switch (access) {
      case Access.Anyone a -> RoutingContext::next;
      case Access.BodyCredential b -> RoutingContext::next;
      case Access.PasswordChange c ->
          ctx -> admit(ctx, noBody, tokens.authenticate(bearer(ctx)), p -> {});
      case Access.SignedIn s ->
          ctx -> admit(ctx, noBody, tokens.authenticate(bearer(ctx)), ApiRouter::fullSession);
      case Access.Roles r ->
          ctx ->
              admit(
                  ctx,
                  noBody,
                  tokens.authenticate(bearer(ctx)),
                  p -> {
                    fullSession(p);
                    if (!r.admits(p.role())) {
                      throw Problem.forbidden(
                          "forbidden",
                          "a " + p.role().id() + " may not do this (" + r.describe() + ")");
                    }
                  });
      case Access.SharedSecret shared ->
          ctx -> {
            String token = bearer(ctx);
            if (shared.secret().isPresent()
                && !token.isEmpty()
                && MessageDigest.isEqual(
                    shared.secret().get().getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
              ctx.next();
              return;
            }
            ctx.fail(
                Problem.of(
                    Problem.Kind.UNAUTHENTICATED,
                    "shared-secret-required",
                    "this endpoint is for " + shared.purpose() + " with the configured secret"));
          };
      case Access.MetricsScraper m ->
          ctx -> {
            String token = bearer(ctx);
            if (metricsToken.isPresent()
                && MessageDigest.isEqual(
                    metricsToken.get().getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
              ctx.next();
              return;
            }
            admit(
                ctx,
                noBody,
                tokens.authenticate(token),
                p -> {
                  fullSession(p);
                  if (p.role() != Role.ADMIN) {
                    throw Problem.forbidden("forbidden", "metrics are for the scraper and admins");
                  }
                });
          };
    };
  }

  /**
   * Continues with the caller once the token is checked (which may take a database read), or fails
   * the request. The request is paused meanwhile, so no body byte is read, or lost, before the
   * route's body handler is in place; that handler resumes it.
   */
  private static void admit(
      RoutingContext ctx, boolean noBody, Future<Principal> caller, Consumer<Principal> rules) {
    ctx.request().pause();
    caller
        .onSuccess(
            p -> {
              try {
                rules.accept(p);
              } catch (Problem refused) {
                refuse(ctx, refused);
                return;
              }
              ctx.put(Requests.PRINCIPAL, p);
              if (noBody) {
                ctx.request().resume();
              }
              ctx.next();
            })
        .onFailure(e -> refuse(ctx, e));
  }

  /**
   * Fails a request the access check refused. Its body, if any, is never read: the connection
   * closes after the answer instead of carrying unread bytes into the next request.
   */
  private static void refuse(RoutingContext ctx, Throwable why) {
    ctx.fail(why); // ProblemResponder closes the connection when the body was left unread
  }

  /** A one-time-password session may only change its password. */
  private static void fullSession(Principal p) {
    if (p.passwordChangeOnly()) {
      throw Problem.forbidden(
          "password-change-required", "set a new password first (POST /api/v1/me/password)");
    }
  }

  private static String bearer(RoutingContext ctx) {
    String h = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() <= 7) {
      throw Problem.of(
          Problem.Kind.UNAUTHENTICATED, "unauthenticated", "send Authorization: Bearer <token>");
    }
    return h.substring(7).strip();
  }

  private static void securityHeaders(RoutingContext ctx, String csp) {
    var headers = ctx.response().headers();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Content-Security-Policy", csp);
    if (ctx.request().path().startsWith("/api/")) {
      headers.set("Cache-Control", "no-store");
    }
    ctx.next();
  }
}
