package org.classbridge.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.TcpSwitch;
import org.classbridge.testing.TestApp;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object store goes away under a running server (S3Proxy behind a TCP switch, through the real
 * MinIO SDK): a student's download is answered 503 {@code blob-store-unavailable} with a {@code
 * Retry-After}, not 500, and names no host; the experiments' origin answers 503 too; readiness says
 * the store is down; when the store is back, so is the download.
 */
class StoreOutageApiTest {
  @RegisterExtension
  static final S3ProxyExtension S3 =
      S3ProxyExtension.builder()
          .withBlobStoreProvider("transient")
          .withCredentials("classbridge-outage", "classbridge-outage-secret")
          .build();

  @TempDir Path data;

  private static java.net.http.HttpResponse<String> fetch(String url) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName(
      "the file store down: content is 503 blob-store-unavailable with Retry-After, readiness 503;"
          + " back up: served again")
  void storeDownAndBack() throws Exception {
    try (TcpSwitch link = new TcpSwitch(S3.getUri())) {
      Classbridge app =
          TestApp.start(
              data,
              Map.of(
                  Setting.BLOB_STORE, "minio",
                  Setting.MINIO_ENDPOINT, link.uri().toString(),
                  Setting.MINIO_ACCESS_KEY, S3.getAccessKey(),
                  Setting.MINIO_SECRET_KEY, S3.getSecretKey(),
                  Setting.MINIO_TIMEOUT, "PT5S"));
      try {
        Api api = new Api(app.port());
        String pupil = api.login("student.guoluo", "classbridge");
        JsonObject experiment =
            (JsonObject) api.get("/api/v1/resources?kind=experiment", pupil).items().getValue(0);
        String content = "/api/v1/resources/" + experiment.getString("id") + "/content";
        assertThat(api.get(content, pupil).status()).isIn(200, 307);
        String launch =
            api.get("/api/v1/resources/" + experiment.getString("id") + "/launch", pupil)
                .json()
                .getString("url");
        assertThat(fetch(launch).statusCode()).isEqualTo(200);

        link.off();
        Api.Response down = api.get(content, pupil);
        assertThat(down.status()).as("%s", down).isEqualTo(503);
        assertThat(down.code()).isEqualTo("blob-store-unavailable");
        assertThat(down.header("Retry-After")).isNotBlank();
        assertThat(down.body())
            .doesNotContain("127.0.0.1")
            .doesNotContain(Integer.toString(link.uri().getPort()));
        // the experiments' own origin (plain text there, not problem+json) says the same
        java.net.http.HttpResponse<String> frame = fetch(launch);
        assertThat(frame.statusCode()).isEqualTo(503);
        assertThat(frame.headers().firstValue("Retry-After")).isPresent();
        Api.Response ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().getJsonObject("checks").getString("blobStore")).isEqualTo("down");

        link.on();
        assertThat(api.get(content, pupil).status()).isIn(200, 307);
        assertThat(fetch(launch).statusCode()).isEqualTo(200);
      } finally {
        app.close();
      }
    }
  }
}
