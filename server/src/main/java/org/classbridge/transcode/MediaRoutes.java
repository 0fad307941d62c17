package org.classbridge.transcode;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.blob.DeliveryHints;
import org.classbridge.catalogue.BlobResponses;
import org.classbridge.common.Problem;
import org.classbridge.http.Access;
import org.classbridge.http.RequestBodyStream;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.media.WebVtt;

/**
 * The media pipeline's routes. Who may do what: anyone signed in who can see the resource reads its
 * media status, follows its progress and downloads its offline pack; the resource's editors (its
 * school's teachers, the group's coordinators, admins) add captions and chapters and retry a failed
 * conversion; staff read a school's push list (the timetable decides which schools); the HLS tree
 * is served to anyone holding an unexpired signed link, which only a viewer of the resource can
 * get.
 */
final class MediaRoutes {
  private static final Access SIGNED_IN = Access.signedIn();
  private static final Access STAFF = Access.roles(Role.ADMIN, Role.COORDINATOR, Role.TEACHER);

  /** Names inside the signed HLS tree: a rung's folder and a file, or a file at the top. */
  private static final String NAME = "[a-z0-9][a-z0-9_.-]{0,63}";

  /** Longest a push list looks ahead. */
  static final int MAX_DAYS = 31;

  /** Immutable rendition files: the URL changes whenever the file does. */
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final MediaService service;
  private final BlobResponses responses;
  private final WorkerExecutor io;

  MediaRoutes(MediaService service, BlobResponses responses, WorkerExecutor io) {
    this.service = service;
    this.responses = responses;
    this.io = io;
  }

  List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/api/v1/resources/{resourceId}/media", SIGNED_IN, this::status),
        RouteSpec.get("/api/v1/resources/{resourceId}/media/events", SIGNED_IN, this::events),
        new RouteSpec(
            HttpMethod.POST,
            "/api/v1/resources/{resourceId}/media/retry",
            STAFF,
            RouteSpec.Body.NONE,
            this::retry),
        RouteSpec.stream(
            HttpMethod.PUT,
            "/api/v1/resources/{resourceId}/captions/{lang}",
            STAFF,
            this::putCaptions),
        RouteSpec.delete(
            "/api/v1/resources/{resourceId}/captions/{lang}", STAFF, this::deleteCaptions),
        RouteSpec.put("/api/v1/resources/{resourceId}/chapters", STAFF, this::putChapters),
        RouteSpec.put("/api/v1/resources/{resourceId}/trim", STAFF, this::trim),
        RouteSpec.get("/api/v1/resources/{resourceId}/offline-pack", SIGNED_IN, this::pack),
        RouteSpec.get("/api/v1/schools/{schoolId}/push-list", STAFF, this::pushList),
        RouteSpec.get(
            "/hls/{resourceId}/{version}/{expires}/{signature}/{name}", Access.anyone(), this::hls),
        RouteSpec.get(
            "/hls/{resourceId}/{version}/{expires}/{signature}/{rung}/{name}",
            Access.anyone(),
            this::hls));
  }

  private void status(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, service.status(Requests.principal(ctx), Requests.pathId(ctx, "resourceId")));
  }

  private void retry(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, service.retry(Requests.principal(ctx), Requests.pathId(ctx, "resourceId")));
  }

  /**
   * Server-sent events: the status now, then {@code progress} events as the job runs and a fresh
   * {@code status} whenever its state changes, whichever node runs it. A comment every 15 s keeps
   * proxies and the idle timeout from closing a quiet stream.
   */
  private void events(RoutingContext ctx) {
    Principal p = Requests.principal(ctx);
    UUID id = Requests.pathId(ctx, "resourceId");
    service
        .status(p, id)
        .onSuccess(
            first -> {
              HttpServerResponse res = ctx.response();
              res.setChunked(true)
                  .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                  .putHeader("Cache-Control", "no-store")
                  .putHeader("X-Accel-Buffering", "no");
              res.write(event("status", first));
              MessageConsumer<JsonObject> consumer =
                  ctx.vertx()
                      .eventBus()
                      .consumer(
                          MediaEvents.address(id),
                          m -> {
                            if (res.closed()) {
                              return;
                            }
                            if (m.body().getBoolean("changed", false)) {
                              service
                                  .status(p, id)
                                  .onSuccess(
                                      s -> {
                                        if (!res.closed()) {
                                          res.write(event("status", s));
                                        }
                                      });
                            } else {
                              res.write(event("progress", m.body()));
                            }
                          });
              long ping =
                  ctx.vertx()
                      .setPeriodic(
                          15_000,
                          t -> {
                            if (!res.closed()) {
                              res.write(": ping\n\n");
                            }
                          });
              res.closeHandler(
                  v -> {
                    consumer.unregister();
                    ctx.vertx().cancelTimer(ping);
                  });
            })
        .onFailure(ctx::fail);
  }

  private static String event(String name, JsonObject data) {
    return "event: " + name + "\ndata: " + data.encode() + "\n\n";
  }

  private void putCaptions(RoutingContext ctx) {
    Principal p = Requests.principal(ctx);
    UUID id = Requests.pathId(ctx, "resourceId");
    String lang = ctx.pathParam("lang");
    Future<byte[]> body =
        RequestBodyStream.consume(
            ctx,
            io,
            in -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              byte[] buf = new byte[16 * 1024];
              int n;
              while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > WebVtt.MAX_BYTES) {
                  throw Problem.of(
                      Problem.Kind.TOO_LARGE,
                      "captions-too-large",
                      "captions are at most " + WebVtt.MAX_BYTES / 1024 + " KiB");
                }
              }
              return out.toByteArray();
            });
    Requests.reply(ctx, 200, body.compose(bytes -> service.putCaptions(p, id, lang, bytes)));
  }

  private void deleteCaptions(RoutingContext ctx) {
    service
        .deleteCaptions(
            Requests.principal(ctx), Requests.pathId(ctx, "resourceId"), ctx.pathParam("lang"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void putChapters(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        service
            .putChapters(
                Requests.principal(ctx), Requests.pathId(ctx, "resourceId"), Requests.json(ctx))
            .map(c -> new JsonObject().put("chapters", c)));
  }

  private void pack(RoutingContext ctx) {
    Principal p = Requests.principal(ctx);
    UUID id = Requests.pathId(ctx, "resourceId");
    service
        .pack(p, id)
        .compose(
            f ->
                responses.send(
                    ctx,
                    new BlobResponses.Stored(f.sha256(), f.size(), f.storedAt()),
                    new DeliveryHints("application/zip", Optional.of("classbridge-" + id + ".zip")),
                    "private, max-age=3600",
                    Future::succeededFuture))
        .onFailure(ctx::fail);
  }

  private void pushList(RoutingContext ctx) {
    String raw = ctx.queryParams().get("days");
    int days = 7;
    if (raw != null) {
      if (!raw.matches("[0-9]{1,3}")
          || Integer.parseInt(raw) < 1
          || Integer.parseInt(raw) > MAX_DAYS) {
        throw Problem.invalid("bad-days", "days: 1 to " + MAX_DAYS);
      }
      days = Integer.parseInt(raw);
    }
    Requests.reply(
        ctx,
        200,
        service.pushList(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"), days));
  }

  /** A file of the signed HLS tree. Unknown, expired or forged links are all just 404. */
  private void hls(RoutingContext ctx) {
    UUID id = Requests.pathId(ctx, "resourceId");
    String version = ctx.pathParam("version");
    String expires = ctx.pathParam("expires");
    String rung = ctx.pathParam("rung");
    String file = ctx.pathParam("name");
    if (!version.matches("[0-9]{1,6}")
        || !expires.matches("[0-9]{1,12}")
        || !file.matches(NAME)
        || (rung != null && !rung.matches(NAME))
        || !service
            .links()
            .valid(
                id,
                Integer.parseInt(version),
                Long.parseLong(expires),
                ctx.pathParam("signature"))) {
      throw Problem.notFound("not-found", "no such media link (or it has expired)");
    }
    String name = rung == null ? file : rung + "/" + file;
    service
        .hlsFile(id, Integer.parseInt(version), name)
        .compose(
            served ->
                switch (served) {
                  case MediaService.Served.Text t -> {
                    ctx.response()
                        .putHeader("Content-Type", t.contentType())
                        .putHeader("Cache-Control", "private, no-cache")
                        .end(t.body());
                    yield Future.<Void>succeededFuture();
                  }
                  case MediaService.Served.Blob b ->
                      responses.send(
                          ctx,
                          new BlobResponses.Stored(
                              b.file().sha256(), b.file().size(), b.file().storedAt()),
                          new DeliveryHints(b.file().contentType(), Optional.empty()),
                          name.startsWith("captions.") ? "private, no-cache" : IMMUTABLE,
                          Future::succeededFuture);
                })
        .onFailure(ctx::fail);
  }

  private void trim(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        service.trim(
            Requests.principal(ctx), Requests.pathId(ctx, "resourceId"), Requests.json(ctx)));
  }
}
