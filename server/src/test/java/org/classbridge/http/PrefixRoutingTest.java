package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import java.nio.file.Path;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests dispatched by path prefix ({@link ApiRouter#byPrefix}) are answered exactly as the whole
 * router answers them: the prefix rule itself, and on a running server the cases where the two
 * could drift apart (unusual spellings, unknown paths, a known path with another method).
 */
class PrefixRoutingTest {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data, Map.of(Setting.LOGIN_IP_FAILURES, "10000"));
    api = new Api(app.port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  @DisplayName("the prefix of an API path is /api/v1/ and its next segment; of another, its first")
  void prefixes() {
    assertThat(ApiRouter.prefix("/api/v1/resources/{id}/content")).isEqualTo("/api/v1/resources");
    assertThat(ApiRouter.prefix("/api/v1/resources")).isEqualTo("/api/v1/resources");
    assertThat(ApiRouter.prefix("/media/{resourceId}/{version}")).isEqualTo("/media");
    assertThat(ApiRouter.prefix("/calendar/{token}.ics")).isEqualTo("/calendar");
    assertThat(ApiRouter.prefix("/health")).isEqualTo("/health");
    // a parameter where the prefix would be: the route belongs under every prefix
    assertThat(ApiRouter.prefix("/api/v1/{kind}/x")).isNull();
    assertThat(ApiRouter.prefix("/{page}")).isNull();
    assertThat(ApiRouter.prefix("/")).isNull();
    assertThat(ApiRouter.prefix("/api/v1")).isEqualTo("/api"); // no route has that prefix
  }

  @Test
  @DisplayName("paths with something to normalise are not dispatched by prefix")
  void plainPaths() {
    assertThat(ApiRouter.plain("/api/v1/resources/abc")).isTrue();
    assertThat(ApiRouter.plain("/api/v1/./subjects")).isFalse();
    assertThat(ApiRouter.plain("/api/v1/resources/../subjects")).isFalse();
    assertThat(ApiRouter.plain("/api/v1//subjects")).isFalse();
    assertThat(ApiRouter.plain("/api/v1/%73ubjects")).isFalse();
    assertThat(ApiRouter.plain("/api/v1/subjects\\x")).isFalse();
  }

  @Test
  @DisplayName("a dot segment that leads into another prefix is answered by that prefix's route")
  void dotSegments() {
    String teacher = api.login("teacher.xining", "classbridge");
    Api.Response plain = api.get("/api/v1/subjects", teacher);
    assertThat(plain.status()).isEqualTo(200);
    Api.Response dotted = api.get("/api/v1/resources/../subjects", teacher);
    assertThat(dotted.status()).isEqualTo(200);
    assertThat(dotted.json()).isEqualTo(plain.json());
  }

  @Test
  @DisplayName("unknown paths under a known prefix and under none are the same 404 problem")
  void unknown() {
    String teacher = api.login("teacher.xining", "classbridge");
    assertProblem(api.get("/api/v1/resources/x/y/z/w", teacher), 404, "not-found");
    assertProblem(api.get("/api/v1/no-such-thing", teacher), 404, "not-found");
    assertProblem(api.get("/media/nope", null), 404, "not-found");
  }

  @Test
  @DisplayName("a known path with another method is a 405 naming the methods it answers")
  void wrongMethod() {
    Api.Response r = api.send(api.builder("/api/v1/subjects", null).DELETE());
    assertProblem(r, 405, "method-not-allowed");
    assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
  }
}
