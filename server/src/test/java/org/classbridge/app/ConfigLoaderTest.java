package org.classbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.classbridge.blob.BlobConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String KEY =
      "k1:" + Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');

  @Test
  @DisplayName("with nothing set, Classbridge runs embedded on port 8080 with data in ./data")
  void defaults() {
    AppConfig c = ConfigLoader.load(List.of(), Map.of());
    assertThat(c.mode()).isEqualTo(AppConfig.Mode.EMBEDDED);
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.http().host()).as("demo accounts stay on this machine").isEqualTo("127.0.0.1");
    assertThat(c.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(c.db().url()).startsWith("jdbc:h2:file:").contains("MODE=PostgreSQL");
    assertThat(c.blob()).isInstanceOf(BlobConfig.Local.class);
    assertThat(c.demoSeed()).isTrue();
    assertThat(c.auth().signingKeys()).isEmpty();
  }

  @Test
  @DisplayName("--port/--data win over CLASSBRIDGE_PORT/CLASSBRIDGE_DATA, which win over the file")
  void precedence(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cb.properties");
    Files.writeString(
        file, "port=7000\ndata=/srv/file\nauth.token-ttl=PT1H\n", StandardCharsets.UTF_8);
    Map<String, String> env =
        Map.of("CLASSBRIDGE_CONFIG", file.toString(), "CLASSBRIDGE_PORT", "7100");
    AppConfig fromEnv = ConfigLoader.load(List.of(), env);
    assertThat(fromEnv.http().port()).isEqualTo(7100);
    assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/srv/file"));
    assertThat(fromEnv.auth().tokenTtl()).isEqualTo(Duration.ofHours(1));

    AppConfig fromFlags = ConfigLoader.load(List.of("--port", "7200", "--data=/srv/flag"), env);
    assertThat(fromFlags.http().port()).isEqualTo(7200);
    assertThat(fromFlags.dataDir()).isEqualTo(Path.of("/srv/flag"));
  }

  @Test
  @DisplayName(
      "a misspelt key in the file or on the command line is an error, not a silent default")
  void unknownKeys(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cb.properties");
    Files.writeString(file, "prot=7000\n");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--config", file.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'prot'");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--prot=1"), Map.of()))
        .hasMessageContaining("unknown option --prot");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--port"), Map.of()))
        .hasMessageContaining("needs a value");
  }

  @Test
  @DisplayName("bad values name the key, its environment variable and the rule")
  void badValues() {
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--port=http"), Map.of()))
        .hasMessageContaining("port (CLASSBRIDGE_PORT)")
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--port=70000"), Map.of()))
        .hasMessageContaining("between 0 and 65535");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--auth.token-ttl=10h"), Map.of()))
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--db.url=jdbc:mysql://x/y"), Map.of()))
        .hasMessageContaining("jdbc:h2: and jdbc:postgresql:");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--blob.store=minio"), Map.of()))
        .hasMessageContaining("blob.minio.endpoint")
        .hasMessageContaining("must be set");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--auth.jwt-keys=k1:c2hvcnQ="), Map.of()))
        .hasMessageContaining("at least 32 bytes");
  }

  static final String PSEUDONYM_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @Test
  @DisplayName("production refuses to start without a signing key, and with demo data switched on")
  void productionRules() {
    assertThatThrownBy(
            () -> ConfigLoader.load(List.of("--mode=production", "--demo.seed=false"), Map.of()))
        .hasMessageContaining("auth.jwt-keys")
        .hasMessageContaining("never generated in production");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(List.of("--mode=production", "--auth.jwt-keys=" + KEY), Map.of()))
        .hasMessageContaining("demo.seed");
    AppConfig ok =
        ConfigLoader.load(
            List.of(
                "--mode=production",
                "--demo.seed=false",
                "--auth.jwt-keys=" + KEY,
                "--catalogue.pseudonym-key=" + PSEUDONYM_KEY),
            Map.of());
    assertThat(ok.auth().signingKeys()).hasSize(1);
    // and the playback pseudonym key is never made up in production
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    List.of("--mode=production", "--demo.seed=false", "--auth.jwt-keys=" + KEY),
                    Map.of()))
        .hasMessageContaining("catalogue.pseudonym-key");
    assertThat(ok.http().host()).isEqualTo("0.0.0.0");
    assertThat(ok.auth().signingKeys().get(0).kid()).isEqualTo("k1");
  }

  @Test
  @DisplayName("secrets never appear in the printed configuration")
  void secretsStayHidden() {
    AppConfig c =
        ConfigLoader.load(
            List.of(
                "--blob.store=minio",
                "--blob.minio.endpoint=http://minio:9000",
                "--blob.minio.access-key=ak",
                "--blob.minio.secret-key=topsecretvalue",
                "--db.password=dbsecretvalue",
                "--auth.jwt-keys=" + KEY),
            Map.of());
    assertThat(c.toString())
        .doesNotContain("topsecretvalue")
        .doesNotContain("dbsecretvalue")
        .doesNotContain(KEY.substring(3));
  }

  @Test
  @DisplayName("the README's configuration table lists every setting with its default")
  void readmeDocumentsEverySetting() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    for (Setting s : Setting.values()) {
      assertThat(text)
          .as("README documents %s", s.key())
          .contains("| `" + s.key() + "` | `" + s.environmentVariable() + "` |");
    }
    assertThat(text).contains(Setting.markdownTable());
  }
}
