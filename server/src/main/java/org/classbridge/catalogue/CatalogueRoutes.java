package org.classbridge.catalogue;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.blob.BlobStore;
import org.classbridge.blob.DeliveryHints;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Validation;
import org.classbridge.http.Access;
import org.classbridge.http.RequestBodyStream;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;

/**
 * The repository over HTTP: resources (staff write, everyone reads what they may), tus uploads,
 * Range delivery of files, playback progress. Teachers and coordinators create; the group's
 * coordinator publishes; pupils read published ones.
 */
public final class CatalogueRoutes {
  private static final Access AUTHORS = Access.roles(Role.TEACHER, Role.COORDINATOR);
  private static final Access STAFF = Access.roles(Role.ADMIN, Role.COORDINATOR, Role.TEACHER);
  private static final Access PUBLISHERS = Access.roles(Role.ADMIN, Role.COORDINATOR);
  private static final Access SIGNED_IN = Access.signedIn();

  static final String TUS_VERSION = "1.0.0";

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final Catalogue catalogue;
  private final Uploads uploads;
  private final Playback playback;
  private final ExperimentOrigin experiments;
  private final SignedLinks links;
  private final BlobStore blobs;
  private final Database db;
  private final CatalogueStore store;

  private final BlobResponses responses;

  CatalogueRoutes(
      Catalogue catalogue,
      Uploads uploads,
      Playback playback,
      ExperimentOrigin experiments,
      BlobStore blobs,
      Database db,
      CatalogueStore store) {
    this.catalogue = catalogue;
    this.uploads = uploads;
    this.playback = playback;
    this.experiments = experiments;
    this.links = experiments.mediaLinks();
    this.blobs = blobs;
    this.db = db;
    this.store = store;
    this.responses = new BlobResponses(blobs, uploads.workers());
  }

  BlobResponses responses() {
    return responses;
  }

  List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/api/v1/curriculum", SIGNED_IN, this::curriculum),
        RouteSpec.get("/api/v1/resources", SIGNED_IN, this::list),
        RouteSpec.post("/api/v1/resources", AUTHORS, this::create),
        RouteSpec.get("/api/v1/resources/{resourceId}", SIGNED_IN, this::get),
        RouteSpec.patch("/api/v1/resources/{resourceId}", STAFF, this::update),
        RouteSpec.post("/api/v1/resources/{resourceId}/status", PUBLISHERS, this::status),
        RouteSpec.get("/api/v1/resources/{resourceId}/versions", STAFF, this::versions),
        RouteSpec.get("/api/v1/resources/{resourceId}/lessons", SIGNED_IN, this::lessons),
        RouteSpec.put("/api/v1/resources/{resourceId}/lessons", STAFF, this::setLessons),
        RouteSpec.get("/api/v1/resources/{resourceId}/content", SIGNED_IN, this::content),
        RouteSpec.get("/api/v1/resources/{resourceId}/launch", SIGNED_IN, this::launch),
        RouteSpec.get("/api/v1/resources/{resourceId}/play", SIGNED_IN, this::play),
        RouteSpec.get(
            "/media/{resourceId}/{version}/{expires}/{signature}", Access.anyone(), this::media),
        RouteSpec.get("/api/v1/resources/{resourceId}/progress", SIGNED_IN, this::resume),
        RouteSpec.put("/api/v1/resources/{resourceId}/progress", SIGNED_IN, this::report),
        RouteSpec.get("/api/v1/resources/{resourceId}/usage", PUBLISHERS, this::usage),
        new RouteSpec(
            HttpMethod.OPTIONS,
            "/api/v1/uploads",
            Access.anyone(),
            RouteSpec.Body.NONE,
            this::tusOptions),
        new RouteSpec(
            HttpMethod.POST, "/api/v1/uploads", STAFF, RouteSpec.Body.NONE, this::tusCreate),
        RouteSpec.get("/api/v1/uploads/{uploadId}", STAFF, this::tusHead),
        RouteSpec.stream(HttpMethod.PATCH, "/api/v1/uploads/{uploadId}", STAFF, this::tusPatch),
        RouteSpec.delete("/api/v1/uploads/{uploadId}", STAFF, this::tusDelete));
  }

  // --- resources

  private static <E extends Enum<E>> Optional<E> query(
      RoutingContext ctx, String name, Class<E> type, Validation v) {
    String raw = ctx.queryParams().get(name);
    return raw == null ? Optional.empty() : Optional.ofNullable(v.oneOf(name, raw, type));
  }

  private static int intQuery(
      RoutingContext ctx, String name, int otherwise, int min, int max, Validation v) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) {
      return otherwise;
    }
    if (!raw.matches("[0-9]{1,6}") || Integer.parseInt(raw) < min || Integer.parseInt(raw) > max) {
      v.error(name, "out-of-range", "must be between " + min + " and " + max);
      return otherwise;
    }
    return Integer.parseInt(raw);
  }

  private void list(RoutingContext ctx) {
    Validation v = new Validation();
    Optional<Subject> subject = query(ctx, "subject", Subject.class, v);
    Optional<Stage> stage = query(ctx, "stage", Stage.class, v);
    Optional<ResourceKind> kind = query(ctx, "kind", ResourceKind.class, v);
    Optional<ResourceStatus> status = query(ctx, "status", ResourceStatus.class, v);
    Optional<Integer> grade =
        ctx.queryParams().get("grade") == null
            ? Optional.empty()
            : Optional.of(intQuery(ctx, "grade", 0, 1, 12, v));
    boolean mine = "true".equals(ctx.queryParams().get("mine"));
    Optional<UUID> node =
        ctx.queryParams().get("nodeId") == null
            ? Optional.empty()
            : Optional.ofNullable(v.uuid("nodeId", ctx.queryParams().get("nodeId")));
    int page = intQuery(ctx, "page", 1, 1, 10000, v);
    int size = intQuery(ctx, "size", 20, 1, Catalogue.MAX_PAGE, v);
    v.orThrow();
    Principal p = Requests.principal(ctx);
    ResourceFilter filter =
        new ResourceFilter(
            subject,
            grade,
            stage,
            kind,
            status,
            mine ? Optional.of(p.userId()) : Optional.empty(),
            node);
    Requests.reply(
        ctx,
        200,
        catalogue
            .list(p, filter, page, size)
            .map(l -> Requests.items(l.stream().map(Resource::toJson).toList()).put("page", page)));
  }

  private void curriculum(RoutingContext ctx) {
    Validation v = new Validation();
    Optional<Subject> subject = query(ctx, "subject", Subject.class, v);
    Optional<Integer> grade =
        ctx.queryParams().get("grade") == null
            ? Optional.empty()
            : Optional.of(intQuery(ctx, "grade", 0, 1, 12, v));
    v.orThrow();
    Requests.reply(
        ctx,
        200,
        catalogue
            .curriculum(subject, grade)
            .map(l -> Requests.items(l.stream().map(CurriculumNode::toJson).toList())));
  }

  private static void versioned(RoutingContext ctx, int status, Future<Resource> r) {
    r.onSuccess(x -> Requests.sendVersioned(ctx, status, x.toJson(), x.version()))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    versioned(ctx, 201, catalogue.create(Requests.principal(ctx), Requests.json(ctx)));
  }

  private void get(RoutingContext ctx) {
    versioned(
        ctx, 200, catalogue.resource(Requests.principal(ctx), Requests.pathId(ctx, "resourceId")));
  }

  private void update(RoutingContext ctx) {
    JsonObject patch = Requests.json(ctx);
    versioned(
        ctx,
        200,
        catalogue.update(
            Requests.principal(ctx),
            Requests.pathId(ctx, "resourceId"),
            Requests.ifMatch(ctx),
            patch));
  }

  private void status(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Validation v = new Validation();
    for (String f : body.fieldNames()) {
      if (!f.equals("status") && !f.equals("visibility")) {
        v.error(f, "unknown-field", "only status and visibility");
      }
    }
    ResourceStatus status =
        v.oneOf("status", Requests.string(body, "status"), ResourceStatus.class);
    Optional<Visibility> visibility =
        body.containsKey("visibility")
            ? Optional.ofNullable(
                v.oneOf("visibility", Requests.string(body, "visibility"), Visibility.class))
            : Optional.empty();
    v.orThrow();
    versioned(
        ctx,
        200,
        catalogue.setStatus(
            Requests.principal(ctx),
            Requests.pathId(ctx, "resourceId"),
            Requests.ifMatch(ctx),
            status,
            visibility));
  }

  private void lessons(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        catalogue
            .lessons(Requests.principal(ctx), Requests.pathId(ctx, "resourceId"))
            .map(l -> Requests.items(l.stream().map(Resource::toJson).toList())));
  }

  private void setLessons(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        catalogue
            .setLessons(
                Requests.principal(ctx), Requests.pathId(ctx, "resourceId"), Requests.json(ctx))
            .map(l -> Requests.items(l.stream().map(Resource::toJson).toList())));
  }

  private void versions(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        catalogue
            .versions(Requests.principal(ctx), Requests.pathId(ctx, "resourceId"))
            .map(
                files -> {
                  JsonArray out = new JsonArray();
                  files.forEach(
                      f ->
                          out.add(
                              new JsonObject()
                                  .put("version", f.version())
                                  .put("sha256", f.sha256())
                                  .put("size", f.size())
                                  .put("contentType", f.contentType())
                                  .put("fileName", f.fileName().orElse(null))));
                  return new JsonObject().put("items", out);
                }));
  }

  // --- delivery

  /**
   * The file with HTTP Range: 206 for one satisfiable range, 416 for an unsatisfiable one, the
   * whole file for none, several, or an If-Range that no longer matches. ETag is the SHA-256,
   * Last-Modified when that version was stored. {@code ?download=1} saves it under its name.
   */
  private void content(RoutingContext ctx) {
    Principal p = Requests.principal(ctx);
    UUID id = Requests.pathId(ctx, "resourceId");
    boolean download = "1".equals(ctx.queryParams().get("download"));
    serve(
        ctx,
        c -> catalogue.visible(c, p, id, false),
        download ? Optional.of(p) : Optional.empty(),
        download,
        Optional.empty());
  }

  /** A short-lived link a {@code <video>} element can use: it cannot send our bearer header. */
  private void play(RoutingContext ctx) {
    Principal p = Requests.principal(ctx);
    UUID id = Requests.pathId(ctx, "resourceId");
    Requests.reply(
        ctx,
        200,
        catalogue
            .resource(p, id)
            .map(
                r -> {
                  if (r.kind() == ResourceKind.EXPERIMENT) {
                    throw Problem.conflict("not-playable", "experiments are launched, not played");
                  }
                  int version =
                      r.file()
                          .orElseThrow(
                              () -> Problem.notFound("no-file", "the resource has no file yet"))
                          .version();
                  return new JsonObject()
                      .put("url", "/media/" + links.link(r.id(), version).segments())
                      .put("contentType", r.file().get().contentType());
                }));
  }

  /** 1 to {@code max} ASCII digits (checked by hand: this runs for every range a player asks). */
  private static boolean digits(String s, int max) {
    if (s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The bytes behind a signed media link (no token: the link is the credential, for hours). */
  private void media(RoutingContext ctx) {
    UUID id = Requests.pathId(ctx, "resourceId");
    String version = ctx.pathParam("version");
    String expires = ctx.pathParam("expires");
    if (!digits(version, 6)
        || !digits(expires, 12)
        || !links.valid(
            id, Integer.parseInt(version), Long.parseLong(expires), ctx.pathParam("signature"))) {
      throw Problem.notFound("not-found", "no such media link (or it has expired)");
    }
    int v = Integer.parseInt(version);
    serve(
        ctx,
        c -> {
          Resource r =
              store
                  .resource(c, id, false)
                  .filter(x -> x.kind() != ResourceKind.EXPERIMENT)
                  .orElseThrow(() -> Problem.notFound("not-found", "no such media"));
          if (r.file().isEmpty() || r.file().get().version() != v) {
            // replaced since the link was made: the player asks for a new one
            throw Problem.notFound("not-found", "that version of the file has been replaced");
          }
          return r;
        },
        Optional.empty(),
        false,
        Optional.of(id + "/" + v));
  }

  @FunctionalInterface
  private interface Lookup {
    Resource find(org.classbridge.sql.Tx c) throws java.sql.SQLException;
  }

  /** What a media link found, kept briefly: a player asks for many ranges of one file. */
  private record Found(Object[] found, long until) {}

  private static final long FOUND_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

  private final java.util.concurrent.ConcurrentHashMap<String, Found> found =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Future<Object[]> lookup(Lookup lookup, Optional<String> cacheKey) {
    if (cacheKey.isPresent()) {
      Found hit = found.get(cacheKey.get());
      if (hit != null && hit.until() - System.nanoTime() > 0) {
        return Future.succeededFuture(hit.found());
      }
    }
    return db.read(
            c -> {
              Resource r = lookup.find(c);
              Resource.ResourceFile f =
                  r.file()
                      .orElseThrow(
                          () -> Problem.notFound("no-file", "the resource has no file yet"));
              Instant stored = store.fileCreated(c, r.id(), f.version()).orElse(r.createdAt());
              return new Object[] {r, f, stored};
            })
        .onSuccess(
            value ->
                cacheKey.ifPresent(
                    k -> {
                      if (found.size() > 10_000) {
                        found.clear(); // bounded: a burst of links only costs lookups again
                      }
                      found.put(k, new Found(value, System.nanoTime() + FOUND_NANOS));
                    }));
  }

  private void serve(
      RoutingContext ctx,
      Lookup lookup,
      Optional<Principal> countDownload,
      boolean download,
      Optional<String> cacheKey) {
    lookup(lookup, cacheKey)
        .compose(
            found -> {
              Resource r = (Resource) found[0];
              Resource.ResourceFile f = (Resource.ResourceFile) found[1];
              Instant stored = (Instant) found[2];
              String name = f.fileName().orElse(r.title());
              // an experiment is code: from this origin only ever a download, never a page
              boolean experiment = r.kind() == ResourceKind.EXPERIMENT;
              if (experiment) {
                ctx.response().putHeader("Content-Security-Policy", "sandbox");
              }
              DeliveryHints hints =
                  new DeliveryHints(
                      experiment ? "application/octet-stream" : f.contentType(),
                      download || experiment
                          ? Optional.of(BlobResponses.safeName(name))
                          : Optional.empty());
              return responses.send(
                  ctx,
                  new BlobResponses.Stored(f.sha256(), f.size(), stored),
                  hints,
                  "private, max-age=3600",
                  d ->
                      countDownload.isPresent()
                          ? playback.downloaded(countDownload.get(), r.id()).map(d)
                          : Future.succeededFuture(d));
            })
        .onFailure(ctx::fail);
  }

  private void launch(RoutingContext ctx) {
    String locale = ctx.queryParams().get("locale");
    Requests.reply(
        ctx,
        200,
        experiments.launch(
            Requests.principal(ctx),
            Requests.pathId(ctx, "resourceId"),
            locale == null ? "zh_CN" : locale));
  }

  // --- progress

  private void resume(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, playback.resume(Requests.principal(ctx), Requests.pathId(ctx, "resourceId")));
  }

  private void report(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Integer position = Requests.integer(body, "positionSeconds");
    Integer watched = Requests.integer(body, "watchedSeconds");
    if (position == null || watched == null) {
      throw Problem.validation(
          List.of(
              new Problem.FieldError(
                  "positionSeconds", "required", "positionSeconds and watchedSeconds")));
    }
    Requests.reply(
        ctx,
        200,
        playback.report(
            Requests.principal(ctx), Requests.pathId(ctx, "resourceId"), position, watched));
  }

  private void usage(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, playback.usage(Requests.principal(ctx), Requests.pathId(ctx, "resourceId")));
  }

  // --- tus

  private static void tusHeaders(HttpServerResponse res) {
    res.putHeader("Tus-Resumable", TUS_VERSION).putHeader("Cache-Control", "no-store");
  }

  /** tus: every request but OPTIONS names the protocol version it speaks (412 otherwise). */
  private static void requireTus(RoutingContext ctx) {
    String v = ctx.request().getHeader("Tus-Resumable");
    if (!TUS_VERSION.equals(v)) {
      ctx.response().putHeader("Tus-Version", TUS_VERSION);
      throw Problem.of(
          Problem.Kind.PRECONDITION_FAILED,
          "tus-version",
          "send Tus-Resumable: " + TUS_VERSION + " (the tus protocol version this server speaks)");
    }
  }

  private void tusOptions(RoutingContext ctx) {
    HttpServerResponse res = ctx.response();
    tusHeaders(res);
    res.putHeader("Tus-Version", TUS_VERSION)
        .putHeader("Tus-Extension", "creation,termination,expiration")
        .putHeader("Tus-Max-Size", Long.toString(uploads.config().maxUploadBytes()))
        .setStatusCode(204)
        .end();
  }

  /** Upload-Metadata: comma-separated {@code key base64value} pairs (tus creation). */
  static Map<String, String> metadata(String header) {
    Map<String, String> out = new HashMap<>();
    if (header == null || header.isBlank()) {
      return out;
    }
    Problem bad =
        Problem.invalid(
            "bad-metadata", "Upload-Metadata is key base64value pairs, comma-separated");
    if (header.length() > 4096) {
      throw bad;
    }
    for (String pair : header.split(",", -1)) {
      String[] kv = pair.strip().split(" ", -1);
      if (kv.length > 2 || kv[0].isEmpty() || !kv[0].matches("[A-Za-z0-9_.-]{1,64}")) {
        throw bad;
      }
      String value;
      try {
        value =
            kv.length == 1
                ? ""
                : StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(kv[1])))
                    .toString();
      } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
        throw bad;
      }
      if (out.put(kv[0], value) != null) {
        throw bad;
      }
    }
    return out;
  }

  private void tusCreate(RoutingContext ctx) {
    requireTus(ctx);
    String rawLength = ctx.request().getHeader("Upload-Length");
    if (rawLength == null || !rawLength.matches("[0-9]{1,19}")) {
      throw Problem.invalid(
          "bad-upload-length", "Upload-Length is required (deferred length is not offered)");
    }
    Map<String, String> meta = metadata(ctx.request().getHeader("Upload-Metadata"));
    Validation v = new Validation();
    UUID resource = v.uuid("resourceId", meta.get("resourceId"));
    Optional<String> fileName = Optional.ofNullable(meta.get("filename")).filter(s -> !s.isBlank());
    fileName.ifPresent(n -> v.text("filename", n, 200));
    Optional<String> sha = Optional.ofNullable(meta.get("sha256")).filter(s -> !s.isBlank());
    sha.ifPresent(
        s -> {
          if (!s.matches("[0-9a-f]{64}")) {
            v.error("sha256", "not-a-digest", "lower-case hex SHA-256");
          }
        });
    v.orThrow();
    uploads
        .create(Requests.principal(ctx), resource, Long.parseLong(rawLength), fileName, sha)
        .onSuccess(
            u -> {
              uploadEvent("created");
              HttpServerResponse res = ctx.response();
              tusHeaders(res);
              res.putHeader("Location", "/api/v1/uploads/" + u.id())
                  .putHeader("Upload-Expires", HTTP_DATE.format(u.expiresAt()))
                  .setStatusCode(201)
                  .end();
            })
        .onFailure(ctx::fail);
  }

  /** Uploads begun and finished (classbridge_uploads_total{event}): a stuck rollout shows. */
  private static void uploadEvent(String event) {
    io.micrometer.core.instrument.Metrics.counter("classbridge.uploads", "event", event)
        .increment();
  }

  private void tusHead(RoutingContext ctx) {
    requireTus(ctx);
    Principal p = Requests.principal(ctx);
    uploads
        .mine(p, ctx.pathParam("uploadId"))
        .compose(u -> uploads.offset(u).map(off -> new Object[] {u, off}))
        .onSuccess(
            x -> {
              CatalogueStore.Upload u = (CatalogueStore.Upload) x[0];
              HttpServerResponse res = ctx.response();
              tusHeaders(res);
              res.putHeader("Upload-Offset", Long.toString((Long) x[1]))
                  .putHeader("Upload-Length", Long.toString(u.length()))
                  .putHeader("Upload-Expires", HTTP_DATE.format(u.expiresAt()))
                  .setStatusCode(200)
                  .end();
            })
        .onFailure(ctx::fail);
  }

  private void tusPatch(RoutingContext ctx) {
    requireTus(ctx);
    String type = ctx.request().getHeader("Content-Type");
    if (type == null
        || !type.split(";", 2)[0].strip().equalsIgnoreCase("application/offset+octet-stream")) {
      throw Problem.of(
          Problem.Kind.UNSUPPORTED_MEDIA_TYPE,
          "unsupported-media-type",
          "a tus PATCH is application/offset+octet-stream");
    }
    String rawOffset = ctx.request().getHeader("Upload-Offset");
    if (rawOffset == null || !rawOffset.matches("[0-9]{1,19}")) {
      throw Problem.invalid("bad-upload-offset", "Upload-Offset is required");
    }
    long offset = Long.parseLong(rawOffset);
    Principal p = Requests.principal(ctx);
    String id = ctx.pathParam("uploadId");
    // the body must be taken before the first await, so it is not lost while we look
    ctx.request().pause();
    uploads
        .mine(p, id)
        .compose(
            u ->
                RequestBodyStream.consume(
                        ctx, uploads.workers(), in -> uploads.append(u, offset, in))
                    .compose(
                        next -> {
                          if (next < u.length()) {
                            return Future.succeededFuture(next);
                          }
                          return uploads
                              .finish(p, u)
                              .onSuccess(r -> uploadEvent("completed"))
                              .map(r -> next);
                        }))
        .onSuccess(
            next -> {
              HttpServerResponse res = ctx.response();
              tusHeaders(res);
              res.putHeader("Upload-Offset", Long.toString(next)).setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }

  private void tusDelete(RoutingContext ctx) {
    requireTus(ctx);
    uploads
        .mine(Requests.principal(ctx), ctx.pathParam("uploadId"))
        .compose(uploads::terminate)
        .onSuccess(
            v -> {
              tusHeaders(ctx.response());
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }
}
