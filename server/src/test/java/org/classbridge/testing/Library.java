package org.classbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Makes repository resources through the API: a draft, its file (a text lesson plan), publishing.
 */
public final class Library {
  private final Api api;

  public Library(Api api) {
    this.api = api;
  }

  /** A draft lesson plan of maths, grade 8, with these fields over the defaults. */
  public String draft(String token, JsonObject fields) {
    JsonObject body =
        new JsonObject()
            .put("kind", "lesson-plan")
            .put("stage", "junior")
            .put("grade", 8)
            .put("subject", "maths")
            .put("languages", new io.vertx.core.json.JsonArray().add("zh"))
            .mergeIn(fields);
    Api.Response r = api.post("/api/v1/resources", token, body);
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json().getString("id");
  }

  /** A request to a tus endpoint (the protocol version header set). */
  public HttpRequest.Builder tus(String path, String token) {
    return api.builder(path, token).header("Tus-Resumable", "1.0.0");
  }

  /** Starts a tus upload of {@code length} bytes for the resource; returns its location. */
  public String createUpload(
      String token, String resourceId, String fileName, long length, String extraMeta) {
    String meta = "resourceId " + b64(resourceId) + ",filename " + b64(fileName) + extraMeta;
    Api.Response r =
        api.send(
            tus("/api/v1/uploads", token)
                .header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", meta)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    assertThat(r.header("Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(r.header("Upload-Expires")).isNotBlank();
    return r.header("Location");
  }

  /** Sends {@code bytes} at {@code offset} of an upload. */
  public Api.Response patch(String location, String token, long offset, byte[] bytes) {
    return api.send(
        tus(location, token)
            .header("Upload-Offset", Long.toString(offset))
            .header("Content-Type", "application/offset+octet-stream")
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes)));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Uploads a small UTF-8 lesson plan as the resource's file, in one tus request. */
  public void attachText(String token, String id, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    String location = createUpload(token, id, "plan.txt", bytes.length, "");
    Api.Response sent = patch(location, token, 0, bytes);
    assertThat(sent.status()).as("%s", sent).isEqualTo(204);
  }

  /** Sets status (and visibility, when given) as a publisher, with the current ETag. */
  public void setStatus(String token, String id, String status, String visibility) {
    Api.Response current = api.get("/api/v1/resources/" + id, token);
    assertThat(current.status()).as("%s", current).isEqualTo(200);
    JsonObject body = new JsonObject().put("status", status);
    if (visibility != null) {
      body.put("visibility", visibility);
    }
    Api.Response r =
        api.send(
            api.builder("/api/v1/resources/" + id + "/status", token)
                .header("Content-Type", "application/json")
                .header("If-Match", current.header("ETag"))
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
  }

  /** A draft with a file, published by {@code publisher}. */
  public String published(String author, String publisher, JsonObject fields, String visibility) {
    String id = draft(author, fields);
    attachText(author, id, "教案 " + fields.getString("title"));
    setStatus(publisher, id, "published", visibility);
    return id;
  }
}
