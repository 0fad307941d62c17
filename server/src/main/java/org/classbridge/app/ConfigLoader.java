package org.classbridge.app;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.classbridge.admin.AdminConfig;
import org.classbridge.auth.AuthConfig;
import org.classbridge.auth.SigningKey;
import org.classbridge.blob.BlobConfig;
import org.classbridge.catalogue.CatalogueConfig;
import org.classbridge.http.HttpOptions;
import org.classbridge.live.LiveConfig;
import org.classbridge.schedule.ScheduleConfig;
import org.classbridge.search.SearchConfig;
import org.classbridge.sql.DbConfig;
import org.classbridge.sql.H2Template;
import org.classbridge.transcode.TranscodeConfig;

/**
 * Reads settings from defaults, a properties file, the environment and command-line flags (later
 * wins) into an {@link AppConfig}. Unknown keys in the file or on the command line are errors, so a
 * typo never silently falls back to a default.
 */
public final class ConfigLoader {

  private final Map<Setting, String> values = new EnumMap<>(Setting.class);

  private ConfigLoader() {
    for (Setting s : Setting.values()) {
      values.put(s, s.defaultValue());
    }
  }

  /**
   * @param args command-line flags ({@code --port 8080}, {@code --data=/srv/cb}, {@code --config
   *     f})
   * @param env the process environment
   */
  public static AppConfig load(List<String> args, Map<String, String> env) {
    ConfigLoader loader = new ConfigLoader();
    Map<String, String> flags = parseFlags(args);
    String configFile = flags.getOrDefault("config", env.get("CLASSBRIDGE_CONFIG"));
    if (configFile != null && !configFile.isBlank()) {
      loader.readFile(Path.of(configFile));
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      Setting.byEnvironmentVariable(e.getKey()).ifPresent(s -> loader.values.put(s, e.getValue()));
    }
    flags.remove("config");
    for (Map.Entry<String, String> e : flags.entrySet()) {
      Setting s =
          Setting.byKey(e.getKey())
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "unknown option --" + e.getKey() + " (see: classbridge.jar settings)"));
      loader.values.put(s, e.getValue());
    }
    return loader.build();
  }

  /** Only the defaults and the given overrides; for tests and tools. */
  public static AppConfig of(Map<Setting, String> overrides) {
    ConfigLoader loader = new ConfigLoader();
    loader.values.putAll(overrides);
    return loader.build();
  }

  static Map<String, String> parseFlags(List<String> args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || a.length() == 2) {
        throw new ConfigException(
            "unexpected argument '" + a + "' (options look like --key=value)");
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        flags.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        flags.put(body, args.get(++i));
      } else {
        throw new ConfigException("option --" + body + " needs a value");
      }
    }
    return flags;
  }

  private void readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    for (String name : p.stringPropertyNames()) {
      Setting s =
          Setting.byKey(name)
              .orElseThrow(
                  () -> new ConfigException("unknown key '" + name + "' in config file " + file));
      values.put(s, p.getProperty(name).trim());
    }
  }

  private AppConfig build() {
    AppConfig.Mode mode =
        switch (str(Setting.MODE).toLowerCase(Locale.ROOT)) {
          case "embedded" -> AppConfig.Mode.EMBEDDED;
          case "production" -> AppConfig.Mode.PRODUCTION;
          default -> throw new ConfigException(Setting.MODE, "must be embedded or production");
        };
    Path data = Path.of(str(Setting.DATA)).toAbsolutePath().normalize();
    String host = str(Setting.HOST);
    if (host.isEmpty()) {
      host = mode == AppConfig.Mode.EMBEDDED ? "127.0.0.1" : "0.0.0.0";
    }
    int instances = intIn(Setting.HTTP_INSTANCES, 0, 256);
    String metricsToken = str(Setting.METRICS_TOKEN);
    if (!metricsToken.isEmpty() && metricsToken.length() < 16) {
      throw new ConfigException(Setting.METRICS_TOKEN, "needs at least 16 characters");
    }
    var http =
        new HttpOptions(
            host,
            intIn(Setting.PORT, 0, 65535),
            longIn(Setting.BODY_LIMIT, 1024, 1L << 30),
            longIn(Setting.IMPORT_LIMIT, 1024, 1L << 30),
            bool(Setting.TRUST_FORWARDED),
            duration(Setting.SHUTDOWN_GRACE),
            instances == 0 ? Runtime.getRuntime().availableProcessors() : instances,
            metricsToken.isEmpty() ? Optional.empty() : Optional.of(metricsToken),
            positive(duration(Setting.HTTP_HEAD_TIMEOUT), Setting.HTTP_HEAD_TIMEOUT),
            positive(duration(Setting.HTTP_IDLE_TIMEOUT), Setting.HTTP_IDLE_TIMEOUT));
    String dbUrl = str(Setting.DB_URL);
    if (dbUrl.isEmpty()) {
      dbUrl = H2Template.fileUrl(data.resolve("db").resolve("classbridge"));
    } else if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
      throw new ConfigException(Setting.DB_URL, "only jdbc:h2: and jdbc:postgresql: URLs");
    }
    var db =
        new DbConfig(
            dbUrl,
            str(Setting.DB_USER),
            str(Setting.DB_PASSWORD),
            intIn(Setting.DB_POOL_SIZE, 1, 200),
            positive(duration(Setting.DB_LOCK_TIMEOUT), Setting.DB_LOCK_TIMEOUT));
    BlobConfig blob =
        switch (str(Setting.BLOB_STORE).toLowerCase(Locale.ROOT)) {
          case "local" ->
              new BlobConfig.Local(
                  str(Setting.BLOB_LOCAL_DIR).isEmpty()
                      ? data.resolve("blobs")
                      : Path.of(str(Setting.BLOB_LOCAL_DIR)).toAbsolutePath().normalize());
          case "minio" -> minio();
          default -> throw new ConfigException(Setting.BLOB_STORE, "must be local or minio");
        };
    var auth =
        new AuthConfig(
            signingKeys(),
            mode == AppConfig.Mode.EMBEDDED
                ? Optional.of(data.resolve("secrets"))
                : Optional.empty(),
            nonEmpty(Setting.JWT_ISSUER),
            nonEmpty(Setting.JWT_AUDIENCE),
            positive(duration(Setting.TOKEN_TTL), Setting.TOKEN_TTL),
            intIn(Setting.PASSWORD_ITERATIONS, 1_000, 100_000_000),
            intIn(Setting.LOGIN_ACCOUNT_FAILURES, 1, 100),
            intIn(Setting.LOGIN_IP_FAILURES, 1, 100_000),
            positive(duration(Setting.LOGIN_WINDOW), Setting.LOGIN_WINDOW),
            bool(Setting.ACCOUNT_CHECK),
            duration(Setting.ACCOUNT_CHECK_CACHE));
    if (auth.accountCheckCache().isNegative() || auth.accountCheckCache().toSeconds() > 60) {
      throw new ConfigException(Setting.ACCOUNT_CHECK_CACHE, "must be between PT0S and PT60S");
    }
    if (mode == AppConfig.Mode.PRODUCTION && !auth.accountCheck()) {
      throw new ConfigException(
          Setting.ACCOUNT_CHECK, "production mode always checks tokens against their account");
    }
    AdminConfig admin =
        new AdminConfig(
            atLeast(
                positive(duration(Setting.IMPORT_JOB_LEASE), Setting.IMPORT_JOB_LEASE),
                Setting.IMPORT_JOB_LEASE));
    String jitsiToken = str(Setting.JITSI_RESERVATIONS_TOKEN);
    if (!jitsiToken.isEmpty() && jitsiToken.length() < 16) {
      throw new ConfigException(Setting.JITSI_RESERVATIONS_TOKEN, "needs at least 16 characters");
    }
    String prefix = str(Setting.JITSI_RESERVATIONS_PREFIX);
    if (!prefix.matches("(/[a-z0-9-]+)+")) {
      throw new ConfigException(
          Setting.JITSI_RESERVATIONS_PREFIX,
          "a path of lower-case segments, like /jitsi/reservations");
    }
    ScheduleConfig schedule =
        new ScheduleConfig(
            positive(duration(Setting.SCHEDULE_EARLY_JOIN), Setting.SCHEDULE_EARLY_JOIN),
            positive(duration(Setting.SCHEDULE_LONGEST_SESSION), Setting.SCHEDULE_LONGEST_SESSION),
            prefix,
            jitsiToken.isEmpty() ? Optional.empty() : Optional.of(jitsiToken));
    long maxUpload = longIn(Setting.CATALOGUE_MAX_UPLOAD, 1, Long.MAX_VALUE);
    String pseudonym = str(Setting.CATALOGUE_PSEUDONYM_KEY);
    byte[] pseudonymKey;
    if (!pseudonym.isEmpty()) {
      try {
        pseudonymKey = Base64.getDecoder().decode(pseudonym);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Setting.CATALOGUE_PSEUDONYM_KEY, "must be base64");
      }
      if (pseudonymKey.length < 16) {
        throw new ConfigException(Setting.CATALOGUE_PSEUDONYM_KEY, "needs at least 16 bytes");
      }
    } else {
      pseudonymKey = null; // embedded: kept in <data>/secrets, made on first start
    }
    CatalogueConfig catalogue =
        new CatalogueConfig(
            maxUpload,
            positive(duration(Setting.CATALOGUE_UPLOAD_EXPIRY), Setting.CATALOGUE_UPLOAD_EXPIRY),
            Optional.ofNullable(pseudonymKey),
            host,
            intIn(Setting.EXPERIMENTS_PORT, 0, 65535),
            nonEmptyUrl(str(Setting.EXPERIMENTS_PUBLIC_URL)));
    SearchConfig search =
        new SearchConfig(
            positive(duration(Setting.SEARCH_POLL), Setting.SEARCH_POLL),
            positive(duration(Setting.SEARCH_COMMIT_EVERY), Setting.SEARCH_COMMIT_EVERY),
            positive(duration(Setting.SEARCH_VIEWS_EVERY), Setting.SEARCH_VIEWS_EVERY));
    AppConfig config =
        new AppConfig(
            mode,
            http,
            data,
            db,
            blob,
            auth,
            cluster(),
            admin,
            schedule,
            catalogue,
            search,
            live(schedule),
            media(),
            bool(Setting.DEMO_SEED),
            switch (str(Setting.LOG_FORMAT).toLowerCase(Locale.ROOT)) {
              case "text" -> false;
              case "json" -> true;
              default -> throw new ConfigException(Setting.LOG_FORMAT, "must be text or json");
            });
    AppConfig.checkProduction(config);
    return config;
  }

  private TranscodeConfig media() {
    String ffmpeg = str(Setting.MEDIA_FFMPEG);
    String ffprobe = str(Setting.MEDIA_FFPROBE);
    if (ffmpeg.isEmpty() != ffprobe.isEmpty()) {
      throw new ConfigException(
          ffmpeg.isEmpty() ? Setting.MEDIA_FFMPEG : Setting.MEDIA_FFPROBE,
          "media.ffmpeg and media.ffprobe go together: set both, or neither for the bundled build");
    }
    String preset = str(Setting.MEDIA_PRESET);
    if (!preset.matches("ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow")) {
      throw new ConfigException(Setting.MEDIA_PRESET, "an x264 preset, e.g. veryfast");
    }
    return new TranscodeConfig(
        ffmpeg.isEmpty()
            ? Optional.empty()
            : Optional.of(new TranscodeConfig.SystemTools(Path.of(ffmpeg), Path.of(ffprobe))),
        intIn(Setting.MEDIA_CONCURRENCY, 0, 16),
        positive(duration(Setting.MEDIA_LEASE), Setting.MEDIA_LEASE),
        intIn(Setting.MEDIA_MAX_ATTEMPTS, 1, 20),
        positive(duration(Setting.MEDIA_MAX_DURATION), Setting.MEDIA_MAX_DURATION),
        preset);
  }

  private LiveConfig live(ScheduleConfig schedule) {
    String origin = str(Setting.LIVE_ALLOWED_ORIGIN);
    if (!origin.isEmpty() && !origin.matches("https?://[^/\\s]+")) {
      throw new ConfigException(
          Setting.LIVE_ALLOWED_ORIGIN, "an origin: scheme, host and port, no path");
    }
    String turnSecret = str(Setting.ICE_TURN_SECRET);
    List<String> turn = urls(Setting.ICE_TURN_URLS, "turns?:");
    if (!turn.isEmpty() && turnSecret.length() < 16) {
      throw new ConfigException(
          Setting.ICE_TURN_SECRET, "TURN servers need their shared secret (16+ characters)");
    }
    boolean relayOnly = bool(Setting.ICE_RELAY_ONLY);
    if (relayOnly && turn.isEmpty()) {
      throw new ConfigException(Setting.ICE_RELAY_ONLY, "relay-only needs ice.turn-urls");
    }
    Optional<LiveConfig.Jitsi> jitsi = Optional.empty();
    String jitsiUrl = str(Setting.JITSI_URL);
    if (!jitsiUrl.isEmpty()) {
      java.net.URI uri;
      try {
        uri = java.net.URI.create(jitsiUrl);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Setting.JITSI_URL, "not a URL");
      }
      if (uri.getHost() == null || !jitsiUrl.matches("https?://.+")) {
        throw new ConfigException(Setting.JITSI_URL, "an http(s) URL with a host");
      }
      String secret = str(Setting.JITSI_APP_SECRET);
      if (secret.length() < 16) {
        throw new ConfigException(
            Setting.JITSI_APP_SECRET, "required with jitsi.url, 16+ characters");
      }
      String tenant = str(Setting.JITSI_TENANT);
      if (!tenant.isEmpty() && !tenant.matches("[A-Za-z0-9_-]+")) {
        throw new ConfigException(Setting.JITSI_TENANT, "letters, digits, - and _");
      }
      String domain = str(Setting.JITSI_DOMAIN);
      jitsi =
          Optional.of(
              new LiveConfig.Jitsi(
                  // host names are case-insensitive; Prosody compares the lower-case form
                  uri.getScheme().toLowerCase(Locale.ROOT)
                      + "://"
                      + uri.getRawAuthority().toLowerCase(Locale.ROOT)
                      + (uri.getRawPath() == null ? "" : uri.getRawPath()),
                  tenant.isEmpty() ? Optional.empty() : Optional.of(tenant),
                  (domain.isEmpty() ? uri.getHost() : domain).toLowerCase(Locale.ROOT),
                  nonEmpty(Setting.JITSI_APP_ID),
                  secret));
    }
    return new LiveConfig(
        origin.isEmpty() ? Optional.empty() : Optional.of(origin),
        intIn(Setting.LIVE_MAX_SUBSCRIPTIONS, 2, 64),
        intIn(Setting.LIVE_MAX_MESSAGE_BYTES, 4096, 1 << 20),
        intIn(Setting.LIVE_MESH_MAX_RECEIVERS, 1, 8),
        schedule.earlyJoin(),
        atLeast(
            positive(duration(Setting.LIVE_RECONNECT_GRACE), Setting.LIVE_RECONNECT_GRACE),
            Setting.LIVE_RECONNECT_GRACE),
        atLeast(
            positive(duration(Setting.LIVE_PRESENCE_TIMEOUT), Setting.LIVE_PRESENCE_TIMEOUT),
            Setting.LIVE_PRESENCE_TIMEOUT),
        urls(Setting.ICE_STUN_URLS, "stuns?:"),
        turn,
        turnSecret.isEmpty() ? Optional.empty() : Optional.of(turnSecret),
        relayOnly,
        jitsi,
        deviceKey());
  }

  private Optional<byte[]> deviceKey() {
    String text = str(Setting.LIVE_DEVICE_KEY);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Setting.LIVE_DEVICE_KEY, "must be base64");
    }
    if (key.length < 32) {
      throw new ConfigException(Setting.LIVE_DEVICE_KEY, "needs at least 32 bytes");
    }
    return Optional.of(key);
  }

  /** A comma-separated list of URLs with one of the schemes {@code scheme} matches. */
  private List<String> urls(Setting s, String scheme) {
    List<String> out = new ArrayList<>();
    for (String part : str(s).split(",")) {
      String u = part.trim();
      if (u.isEmpty()) {
        continue;
      }
      if (!u.matches(scheme + "[^\\s,]+")) {
        throw new ConfigException(s, "not a " + scheme.replace("s?:", "") + " URL: " + u);
      }
      out.add(u);
    }
    return out;
  }

  private static Optional<String> nonEmptyUrl(String url) {
    if (url.isEmpty()) {
      return Optional.empty();
    }
    if (!url.matches("https?://[^/\\s?#]+")) {
      throw new ConfigException(
          Setting.EXPERIMENTS_PUBLIC_URL, "an origin like https://lab.example.org (no path)");
    }
    return Optional.of(url);
  }

  private ClusterConfig cluster() {
    List<String> members = new ArrayList<>();
    for (String m : str(Setting.CLUSTER_MEMBERS).split(",")) {
      String member = m.trim();
      if (member.isEmpty()) {
        continue;
      }
      if (!member.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
        throw new ConfigException(Setting.CLUSTER_MEMBERS, "each member is host:port");
      }
      members.add(member);
    }
    return new ClusterConfig(
        bool(Setting.CLUSTER_ENABLED),
        nonEmpty(Setting.CLUSTER_HOST),
        intIn(Setting.CLUSTER_PORT, 1, 65535),
        members);
  }

  private BlobConfig.Minio minio() {
    URI endpoint;
    try {
      endpoint = URI.create(nonEmpty(Setting.MINIO_ENDPOINT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Setting.MINIO_ENDPOINT, "not a URL: " + e.getMessage());
    }
    if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
      throw new ConfigException(Setting.MINIO_ENDPOINT, "must be an http:// or https:// URL");
    }
    String bucket = nonEmpty(Setting.MINIO_BUCKET);
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new ConfigException(Setting.MINIO_BUCKET, "3-63 of a-z 0-9 . - (S3 bucket naming)");
    }
    return new BlobConfig.Minio(
        endpoint,
        nonEmpty(Setting.MINIO_ACCESS_KEY),
        nonEmpty(Setting.MINIO_SECRET_KEY),
        bucket,
        nonEmpty(Setting.MINIO_REGION),
        positive(duration(Setting.MINIO_TIMEOUT), Setting.MINIO_TIMEOUT),
        positive(duration(Setting.MINIO_PRESIGNED_TTL), Setting.MINIO_PRESIGNED_TTL));
  }

  private List<SigningKey> signingKeys() {
    String raw = str(Setting.JWT_KEYS);
    List<SigningKey> keys = new ArrayList<>();
    if (raw.isBlank()) {
      return keys;
    }
    for (String part : raw.split(",")) {
      String p = part.trim();
      int colon = p.indexOf(':');
      if (colon <= 0) {
        throw new ConfigException(Setting.JWT_KEYS, "each key is kid:base64secret");
      }
      byte[] secret;
      try {
        secret = Base64.getDecoder().decode(p.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Setting.JWT_KEYS, "the secret of a key is not valid base64");
      }
      try {
        keys.add(new SigningKey(p.substring(0, colon).trim(), secret));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(Setting.JWT_KEYS, e.getMessage());
      }
    }
    if (keys.stream().map(SigningKey::kid).distinct().count() != keys.size()) {
      throw new ConfigException(Setting.JWT_KEYS, "key ids must be distinct");
    }
    return keys;
  }

  private String str(Setting s) {
    return values.get(s).trim();
  }

  private String nonEmpty(Setting s) {
    String v = str(s);
    if (v.isEmpty()) {
      throw new ConfigException(s, "must be set");
    }
    return v;
  }

  private boolean bool(Setting s) {
    return switch (str(s).toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new ConfigException(s, "must be true or false");
    };
  }

  private int intIn(Setting s, int min, int max) {
    return (int) longIn(s, min, max);
  }

  private long longIn(Setting s, long min, long max) {
    long v;
    try {
      v = Long.parseLong(str(s));
    } catch (NumberFormatException e) {
      throw new ConfigException(s, "must be a whole number");
    }
    if (v < min || v > max) {
      throw new ConfigException(s, "must be between " + min + " and " + max);
    }
    return v;
  }

  private Duration duration(Setting s) {
    try {
      return Duration.parse(str(s));
    } catch (DateTimeParseException e) {
      throw new ConfigException(s, "must be an ISO-8601 duration such as PT15M");
    }
  }

  private static Duration atLeast(Duration d, Setting s) {
    if (d.toMillis() < 1000) {
      throw new ConfigException(s, "must be at least PT1S");
    }
    return d;
  }

  private static Duration positive(Duration d, Setting s) {
    if (d.isNegative() || d.isZero()) {
      throw new ConfigException(s, "must be longer than zero");
    }
    return d;
  }
}
