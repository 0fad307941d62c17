package org.classbridge.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration as one immutable value, built once by {@link ConfigLoader} and handed to
 * the features by constructor. Defaults and meanings live in {@link Setting}.
 */
public record AppConfig(
    Mode mode,
    Http http,
    Path dataDir,
    Db db,
    Blob blob,
    Auth auth,
    boolean demoSeed,
    Optional<String> metricsToken) {

  public AppConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(metricsToken, "metricsToken");
    if (mode == Mode.PRODUCTION && demoSeed) {
      throw new ConfigException(
          Setting.DEMO_SEED, "production mode never loads demo accounts: set demo.seed=false");
    }
    if (mode == Mode.PRODUCTION && auth.signingKeys().isEmpty()) {
      throw new ConfigException(
          Setting.JWT_KEYS,
          "production mode needs a configured token signing key (kid:base64secret, 32+ bytes);"
              + " it is never generated in production");
    }
  }

  public enum Mode {
    EMBEDDED,
    PRODUCTION
  }

  public record Http(
      String host,
      int port,
      long bodyLimitBytes,
      long importLimitBytes,
      boolean trustForwarded,
      Duration shutdownGrace) {}

  /** {@code url} is always set: an empty db.url becomes the H2 file database in the data dir. */
  public record Db(String url, String user, String password, int poolSize) {
    @Override
    public String toString() {
      return "Db[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
  }

  public sealed interface Blob permits Blob.Local, Blob.Minio {
    record Local(Path dir) implements Blob {}

    record Minio(
        URI endpoint,
        String accessKey,
        String secretKey,
        String bucket,
        String region,
        Duration timeout)
        implements Blob {
      @Override
      public String toString() {
        // never print the secret
        return "Minio[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
      }
    }
  }

  /**
   * @param signingKeys configured HS256 keys, first signs; empty in embedded mode means "generate
   *     and persist one in the data dir"
   */
  public record Auth(
      List<SigningKey> signingKeys,
      String issuer,
      String audience,
      Duration tokenTtl,
      int passwordIterations,
      int loginAccountFailures,
      int loginIpFailures,
      Duration loginWindow) {
    public Auth {
      signingKeys = List.copyOf(signingKeys);
    }
  }

  /** An HS256 key and its id; the secret never appears in toString. */
  public record SigningKey(String kid, byte[] secret) {
    public static final int MIN_SECRET_BYTES = 32;

    public SigningKey {
      if (kid == null || !kid.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("a key id is 1-64 of A-Z a-z 0-9 . _ -");
      }
      if (secret == null || secret.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(
            "an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes (key " + kid + ")");
      }
      secret = secret.clone();
    }

    @Override
    public byte[] secret() {
      return secret.clone();
    }

    @Override
    public String toString() {
      return "SigningKey[kid=" + kid + "]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SigningKey k
          && k.kid.equals(kid)
          && java.security.MessageDigest.isEqual(k.secret, secret);
    }

    @Override
    public int hashCode() {
      return kid.hashCode();
    }
  }
}
