package org.classbridge.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP client for API tests: blocking calls from the test thread, so a test reads as the
 * sequence of requests a user would make.
 */
public final class Api {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** A response with its body as text and, when it is JSON, as an object. */
  public record Response(int status, Map<String, List<String>> headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    /** The stable problem code of a problem+json answer. */
    public String code() {
      return json().getString("code");
    }

    public JsonArray items() {
      return json().getJsonArray("items");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Response get(String path, String token) {
    return send(builder(path, token).GET());
  }

  public Response post(String path, String token, JsonObject body) {
    return send(
        builder(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  public Response postRaw(String path, String token, String contentType, byte[] body) {
    return sendRaw("POST", path, token, contentType, body);
  }

  /** Any method with a raw body (a streamed upload, a PATCH of bytes). */
  public Response sendRaw(
      String method, String path, String token, String contentType, byte[] body) {
    HttpRequest.Builder b =
        builder(path, token).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  /** A JSON merge patch, conditional on {@code ifMatch} (an ETag) when one is given. */
  public Response patch(String path, String token, String ifMatch, JsonObject body) {
    HttpRequest.Builder b =
        builder(path, token)
            .header("Content-Type", "application/merge-patch+json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode()));
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    return send(b);
  }

  public Response request(String method, String path, String token) {
    return send(builder(path, token).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  public Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r =
          http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public HttpRequest.Builder builder(String path, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  /** Logs in and returns the token; fails the test when login does not answer 200. */
  public String login(String username, String password) {
    Response r =
        post(
            "/api/v1/auth/login",
            null,
            new JsonObject().put("username", username).put("password", password));
    if (r.status() != 200) {
      throw new AssertionError("login of " + username + " answered " + r);
    }
    return r.json().getString("token");
  }

  public String base() {
    return base;
  }
}
