package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps /api/v1/openapi.yaml true: valid OpenAPI 3.1, and the same routes and access rules as the
 * router.
 */
class OpenApiDocumentTest {
  @TempDir static Path data;
  static Classbridge app;
  static Map<String, Object> paths;
  static String info;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start() throws Exception {
    app = TestApp.start(data, Map.of(Setting.DEMO_SEED, "false"));
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi/openapi.yaml")) {
      Map<String, Object> doc = new Yaml().load(in);
      paths = (Map<String, Object>) doc.get("paths");
      info = String.valueOf(((Map<String, Object>) doc.get("info")).get("description"));
    }
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> operation(String path, HttpMethod method) {
    Map<String, Object> item = (Map<String, Object>) paths.get(path);
    return item == null
        ? null
        : (Map<String, Object>) item.get(method.name().toLowerCase(Locale.ROOT));
  }

  @Test
  @DisplayName(
      "the document is valid OpenAPI 3.1 (checked against the specification's JSON schema)")
  @SuppressWarnings("unchecked")
  void valid() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi/openapi.yaml")) {
      JsonObject doc = new JsonObject((Map<String, Object>) new Yaml().load(in));
      assertThat(OpenAPIVersion.fromContract(doc)).isEqualTo(OpenAPIVersion.V3_1);
      OutputUnit result = validate(vertx, doc);
      assertThat(result.getValid()).as("%s", result.getErrors()).isTrue();

      // and the check is not vacuous: the same document without its info block is refused
      JsonObject broken = doc.copy();
      broken.remove("info");
      assertThat(validate(vertx, broken).getValid()).isFalse();
    } finally {
      vertx.close();
    }
  }

  private static OutputUnit validate(Vertx vertx, JsonObject doc) throws Exception {
    return OpenAPIVersion.V3_1
        .getRepository(vertx, "https://classbridge.invalid/")
        .compose(repo -> OpenAPIVersion.V3_1.validateContract(vertx, repo, doc))
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("every route is documented with the access rule the router enforces")
  void everyRouteDocumented() {
    for (RouteSpec spec : app.routes()) {
      Map<String, Object> op = operation(spec.path(), spec.method());
      assertThat(op).as("%s %s is documented", spec.method(), spec.path()).isNotNull();
      assertThat(op.get("x-access"))
          .as("x-access of %s %s", spec.method(), spec.path())
          .isEqualTo(spec.access().describe());
    }
  }

  /** The request media types the document must declare for each kind of body the router takes. */
  static Set<String> documentedTypes(RouteSpec.Body body) {
    return switch (body) {
      case NONE -> Set.of();
      case JSON -> Set.of("application/json");
      case MERGE_PATCH -> Set.of("application/merge-patch+json", "application/json");
      case CSV -> Set.of("text/csv");
      case FORM -> Set.of("application/x-www-form-urlencoded");
      // tus PATCH and large raw uploads: bytes, not a form
      // (and caption files, read the same way)
      case STREAM ->
          Set.of(
              "application/offset+octet-stream",
              "application/octet-stream",
              "text/vtt",
              "application/x-subrip");
    };
  }

  @Test
  @DisplayName("every documented request body has the media type the router's body kind takes")
  @SuppressWarnings("unchecked")
  void requestBodiesMatchBodyKinds() {
    int withBody = 0;
    for (RouteSpec spec : app.routes()) {
      Map<String, Object> op = operation(spec.path(), spec.method());
      Map<String, Object> requestBody = (Map<String, Object>) op.get("requestBody");
      Set<String> allowed = documentedTypes(spec.body());
      if (allowed.isEmpty()) {
        assertThat(requestBody).as("%s %s takes no body", spec.method(), spec.path()).isNull();
        continue;
      }
      withBody++;
      assertThat(requestBody)
          .as("%s %s documents its body", spec.method(), spec.path())
          .isNotNull();
      Set<String> types = ((Map<String, Object>) requestBody.get("content")).keySet();
      assertThat(types)
          .as("media types of %s %s (%s body)", spec.method(), spec.path(), spec.body())
          .isNotEmpty()
          .isSubsetOf(allowed);
    }
    assertThat(withBody).isGreaterThan(5);
    // and a streamed route would be held to raw bytes, not JSON
    assertThat(documentedTypes(RouteSpec.Body.STREAM)).doesNotContain("application/json");
  }

  @Test
  @DisplayName("every registered route of the router itself is documented, and nothing more is")
  void routerMatchesDocument() {
    // the live classroom's EventBus bridge is served beside the API router, not as operations of
    // it; the document's description says how it is reached and guarded
    assertThat(info).contains("/eventbus/websocket");
    Set<String> registered = new HashSet<>();
    for (Route route : app.router().getRoutes()) {
      if (route.getPath() == null
          || route.getPath().equals("/")
          || route.getPath().equals("/index.html")
          || route.getPath().startsWith("/v/")) {
        continue; // request ids, security headers, the web app's page and files, error handlers
      }
      String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
      for (HttpMethod m : route.methods()) {
        if (m == HttpMethod.HEAD) {
          // answered wherever GET is (HTTP semantics), stated once in the document's info
          assertThat(route.methods()).as("HEAD only beside GET: %s", path).contains(HttpMethod.GET);
          continue;
        }
        assertThat(operation(path, m)).as("%s %s is documented", m, path).isNotNull();
        registered.add(m.name().toLowerCase(Locale.ROOT) + " " + path);
      }
    }
    Set<String> documented = new HashSet<>();
    paths.forEach(
        (path, item) ->
            ((Map<?, ?>) item)
                .keySet().stream()
                    .filter(
                        k -> Set.of("get", "post", "put", "patch", "delete", "options").contains(k))
                    .forEach(k -> documented.add(k + " " + path)));
    assertThat(registered).containsExactlyInAnyOrderElementsOf(documented);
  }
}
