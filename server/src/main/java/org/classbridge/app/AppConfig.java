package org.classbridge.app;

import java.nio.file.Path;
import java.util.Objects;
import org.classbridge.admin.AdminConfig;
import org.classbridge.auth.AuthConfig;
import org.classbridge.blob.BlobConfig;
import org.classbridge.catalogue.CatalogueConfig;
import org.classbridge.http.HttpOptions;
import org.classbridge.live.LiveConfig;
import org.classbridge.schedule.ScheduleConfig;
import org.classbridge.search.SearchConfig;
import org.classbridge.sql.DbConfig;
import org.classbridge.transcode.TranscodeConfig;

/**
 * The whole configuration as one immutable value, built once by {@link ConfigLoader}. It only
 * composes: each package owns the record of what it reads ({@link HttpOptions}, {@link DbConfig},
 * {@link BlobConfig}, {@link AuthConfig}, {@link AdminConfig}, {@link ClusterConfig}) and receives
 * just that slice. Defaults and meanings live in {@link Setting}.
 */
public record AppConfig(
    Mode mode,
    HttpOptions http,
    Path dataDir,
    DbConfig db,
    BlobConfig blob,
    AuthConfig auth,
    ClusterConfig cluster,
    AdminConfig admin,
    ScheduleConfig schedule,
    CatalogueConfig catalogue,
    SearchConfig search,
    LiveConfig live,
    TranscodeConfig media,
    boolean demoSeed,
    boolean jsonLogs) {

  public AppConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(catalogue, "catalogue");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(media, "media");
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

  /** Checks that depend on other settings, after the ones above (their messages come first). */
  static void checkProduction(AppConfig c) {
    if (c.mode() == Mode.PRODUCTION && c.catalogue().pseudonymKey().isEmpty()) {
      throw new ConfigException(
          Setting.CATALOGUE_PSEUDONYM_KEY,
          "production mode needs it (base64, 16+ bytes), the same on every node");
    }
  }

  public enum Mode {
    EMBEDDED,
    PRODUCTION
  }
}
