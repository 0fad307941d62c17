package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web app's files are versioned and kept for a year; the page itself is never stale. */
class WebAssetsTest {
  @TempDir Path data;

  @Test
  @DisplayName("the page names its files under a version prefix; those are cached for a year")
  void versionedAndCached() throws Exception {
    try (Classbridge app = TestApp.start(data, Map.of(Setting.DEMO_SEED, "false"))) {
      Api api = new Api(app.port());
      Api.Response page = api.get("/", null);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
      Matcher m = Pattern.compile("src=\"(/v/[0-9a-f]{12}/)app\\.js\"").matcher(page.body());
      assertThat(m.find()).as(page.body()).isTrue();
      String prefix = m.group(1);
      assertThat(page.body()).contains("href=\"" + prefix + "styles.css\"");

      for (String file :
          new String[] {
            "app.js",
            "api.js",
            "features/login.js",
            "styles.css",
            "vendor/fonts/noto-serif-tibetan/noto-serif-tibetan-tibetan-400-normal.woff2"
          }) {
        Api.Response r = api.get(prefix + file, null);
        assertThat(r.status()).as(file).isEqualTo(200);
        assertThat(r.header("Cache-Control")).as(file).contains("max-age=31536000", "immutable");
      }
      assertThat(api.get("/v/000000000000/app.js", null).status()).isEqualTo(404);
      // the font is named relatively, so it is fetched under the same version
      assertThat(api.get(prefix + "styles.css", null).body())
          .contains("url(\"vendor/fonts/")
          .doesNotContain("url(\"/vendor/");

      // revalidating the page costs no body
      Api.Response again =
          api.send(api.builder("/", null).header("If-None-Match", page.header("ETag")).GET());
      assertThat(again.status()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(
              api.send(api.builder("/", null).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                  .status())
          .isEqualTo(200);
    }
  }
}
