package org.classbridge.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;

/** The few things every handler does: read the caller, the body and path ids; answer JSON. */
public final class Requests {
  static final String PRINCIPAL = "classbridge.principal";
  static final String REQUEST_ID = "classbridge.requestId";
  static final String CLIENT = "classbridge.client";
  static final String RAW_BODY = "classbridge.raw-body";

  private Requests() {}

  /** The authenticated caller; only valid behind an {@link Access} other than anyone. */
  public static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("route has no authenticated caller: " + ctx.normalizedPath());
    }
    return p;
  }

  /** The client's address as per-address limits see it (see {@link ClientAddress}). */
  public static String clientAddress(RoutingContext ctx) {
    String a = ctx.get(CLIENT);
    return a == null ? "unknown" : a;
  }

  public static String requestId(RoutingContext ctx) {
    String id = ctx.get(REQUEST_ID);
    return id == null ? "-" : id;
  }

  /** The bytes of a {@code FORM} route's body, as they arrived. */
  public static byte[] rawBody(RoutingContext ctx) {
    io.vertx.core.buffer.Buffer b = ctx.get(RAW_BODY);
    return b == null ? new byte[0] : b.getBytes();
  }

  /** The JSON object body, decoded strictly ({@link StrictJson}), or {@code bad-json} (400). */
  public static JsonObject json(RoutingContext ctx) {
    return StrictJson.object(ctx.body().buffer());
  }

  /** A string member of a JSON body; a number or object where text belongs is a field error. */
  public static String string(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw Problem.validation(List.of(new Problem.FieldError(field, "not-text", "must be text")));
  }

  public static Integer integer(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return l.intValue();
    }
    throw Problem.validation(
        List.of(new Problem.FieldError(field, "not-a-number", "must be a whole number")));
  }

  /** A UUID path parameter; anything else is {@code not-found}, since no such thing exists. */
  public static UUID pathId(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.notFound("not-found", "no " + name + " " + raw);
    }
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }

  /** As {@link #send}, never cached (health and other answers that change by the second). */
  public static void sendUncached(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().putHeader("Cache-Control", "no-store");
    send(ctx, status, body);
  }

  /**
   * Answers 200 (or {@code status}) with the future's JSON, or fails the request with its cause.
   */
  public static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onSuccess(json -> send(ctx, status, json)).onFailure(ctx::fail);
  }

  /**
   * The version the caller read, from {@code If-Match: "N"}: required on every update, so a lost
   * update is impossible by omission (428 without it).
   */
  public static int ifMatch(RoutingContext ctx) {
    String h = ctx.request().getHeader("If-Match");
    if (h == null || h.isBlank()) {
      throw Problem.of(
          Problem.Kind.PRECONDITION_REQUIRED,
          "if-match-required",
          "send If-Match with the ETag you read, so nobody's change is overwritten");
    }
    String tag = h.strip();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    if (tag.length() >= 3 && tag.startsWith("\"") && tag.endsWith("\"")) {
      try {
        return Integer.parseInt(tag.substring(1, tag.length() - 1));
      } catch (NumberFormatException e) {
        // falls through to the refusal
      }
    }
    throw Problem.of(
        Problem.Kind.PRECONDITION_FAILED,
        "version-mismatch",
        "If-Match does not name a version of this resource; reload it");
  }

  /** Answers JSON with the resource's version as its ETag. */
  public static void sendVersioned(RoutingContext ctx, int status, JsonObject body, int version) {
    ctx.response().putHeader("ETag", "\"" + version + "\"");
    send(ctx, status, body);
  }

  /** Lists go out wrapped, {@code {"items": [...]}}, so fields can be added without breaking. */
  public static JsonObject items(List<JsonObject> items) {
    return new JsonObject().put("items", new JsonArray(new ArrayList<>(items)));
  }
}
