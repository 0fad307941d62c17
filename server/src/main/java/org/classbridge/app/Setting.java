package org.classbridge.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key Classbridge reads, with its default and why. This enum is the one place
 * settings are documented: the README table is checked against it by a test, and {@code java -jar
 * classbridge.jar settings} prints it.
 *
 * <p>Sources, later wins: defaults here, the config file ({@code --config FILE} or {@code
 * CLASSBRIDGE_CONFIG}, Java properties format, UTF-8), environment variables ({@code CLASSBRIDGE_}
 * + key upper-cased with {@code .} and {@code -} as {@code _}), command-line flags ({@code
 * --key=value} or {@code --key value}).
 */
public enum Setting {
  LOG_FORMAT(
      "log.format",
      "text",
      "`text` (one line per event) or `json` (one JSON object per line for a log collector: time,"
          + " level, logger, message, and for requests requestId, method, path, status, ms and"
          + " accountId; never a token or a password)."),
  MODE(
      "mode",
      "embedded",
      "`embedded` (one machine, no services, demo data) or `production` (needs auth.jwt-keys,"
          + " refuses demo data)."),
  PORT("port", "8080", "HTTP port. 0 picks a free port (tests)."),
  HOST(
      "host",
      "",
      "Address the HTTP server binds. Empty: 127.0.0.1 in embedded mode (the demo accounts'"
          + " password is public: expose them on a network only on purpose, with --host"
          + " 0.0.0.0), 0.0.0.0 in production."),
  DATA(
      "data",
      "./data",
      "Data directory: H2 database, local blobs, search index and the generated embedded JWT key."),
  BODY_LIMIT(
      "http.body-limit",
      "1048576",
      "Largest JSON request body in bytes; larger gets 413 `body-too-large`. 1 MiB is far above"
          + " any form the API takes and small enough that a flood cannot fill memory."),
  IMPORT_LIMIT(
      "http.import-limit",
      "4194304",
      "Largest CSV account import in bytes; ample for the 2,000 rows a file may hold, with long"
          + " Chinese and Tibetan names."),
  TRUST_FORWARDED(
      "http.trust-forwarded",
      "false",
      "Take the client address from X-Forwarded-For (only behind a reverse proxy you run: the"
          + " login throttle keys on it)."),
  HTTP_INSTANCES(
      "http.instances",
      "0",
      "HTTP server verticles, each on its own event loop. 0: one per core, so every core serves"
          + " connections (measured on 2 cores: one loop reached 81% of a core under load, two"
          + " shared it 45/44%; four, Vert.x's loop count, only raised p99). 1: one thread serves"
          + " every connection."),
  HTTP_HEAD_TIMEOUT(
      "http.head-timeout",
      "PT10S",
      "Longest a request line and headers may take to arrive before the connection is closed"
          + " with 408: a head is at most 16 KiB, seconds even at 400 kbit/s, while a client"
          + " trickling one header line at a time would otherwise hold a connection for good."),
  HTTP_IDLE_TIMEOUT(
      "http.idle-timeout",
      "PT60S",
      "A connection that sends and receives nothing this long is closed (between keep-alive"
          + " requests, or a body that stopped arriving)."),
  SHUTDOWN_GRACE(
      "shutdown.grace",
      "PT20S",
      "On SIGTERM, how long in-flight requests may take to finish before connections are cut"
          + " (ISO-8601 duration). Below the 30 s a container runtime waits before SIGKILL."),
  DB_URL(
      "db.url",
      "",
      "JDBC URL. Empty: an H2 file database in `<data>/db` (PostgreSQL mode). PostgreSQL:"
          + " `jdbc:postgresql://host:5432/classbridge`."),
  DB_USER("db.user", "", "Database user (empty for H2's default)."),
  DB_PASSWORD("db.password", "", "Database password."),
  DB_POOL_SIZE(
      "db.pool-size",
      "8",
      "JDBC connections; also the number of worker threads that run SQL, so the event loop never"
          + " waits for a connection."),
  DB_LOCK_TIMEOUT(
      "db.lock-timeout",
      "PT5S",
      "How long a statement waits for a row lock (ISO-8601). Set on both databases (H2's own"
          + " default is about 2 s, PostgreSQL's is forever); a timeout is retried twice, then"
          + " answered 503 `database-busy`, never 500."),
  BLOB_STORE("blob.store", "local", "`local` (files under blob.local.dir) or `minio`."),
  BLOB_LOCAL_DIR("blob.local.dir", "", "Local blob directory. Empty: `<data>/blobs`."),
  MINIO_ENDPOINT(
      "blob.minio.endpoint", "", "MinIO (or any S3) endpoint, e.g. `http://minio:9000`."),
  MINIO_ACCESS_KEY("blob.minio.access-key", "", "MinIO access key."),
  MINIO_SECRET_KEY("blob.minio.secret-key", "", "MinIO secret key (never logged)."),
  MINIO_BUCKET("blob.minio.bucket", "classbridge", "Bucket; created at start when missing."),
  MINIO_REGION("blob.minio.region", "us-east-1", "Region sent in signatures (MinIO's default)."),
  MINIO_TIMEOUT(
      "blob.minio.timeout",
      "PT60S",
      "Connect/read/write timeout of the MinIO client; the SDK default of 5 minutes would hold"
          + " worker threads far too long on a dead link."),
  MINIO_PRESIGNED_TTL(
      "blob.minio.presigned-ttl",
      "PT5M",
      "Lifetime of a presigned download link from MinIO: minutes, since whoever holds the URL can"
          + " read the object until it expires."),
  JWT_KEYS(
      "auth.jwt-keys",
      "",
      "HS256 signing keys as `kid:base64secret` (32+ bytes), comma separated; the first signs,"
          + " all verify (rotation). Required in production; embedded mode generates one in"
          + " `<data>/secrets`."),
  JWT_ISSUER("auth.issuer", "classbridge", "`iss` of the tokens we issue and accept."),
  JWT_AUDIENCE("auth.audience", "classbridge-api", "`aud` of the tokens we issue and accept."),
  TOKEN_TTL(
      "auth.token-ttl",
      "PT10H",
      "Lifetime of a login token: one school day, so a classroom PC is not logged out mid-lesson."),
  PASSWORD_ITERATIONS(
      "auth.password-iterations",
      "600000",
      "PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP 2023 figure). Stored per hash,"
          + " so raising it does not break existing passwords."),
  LOGIN_ACCOUNT_FAILURES(
      "auth.login.account-failures",
      "10",
      "Failed logins allowed per account per auth.login.window before 429 (ASVS allows at most"
          + " 100 per hour). Only failures count: a right password gives its reservation back."),
  LOGIN_IP_FAILURES(
      "auth.login.ip-failures",
      "300",
      "Failed logins allowed per client address (IPv6: per /64) per auth.login.window. A whole"
          + " school shares one NAT address and 08:00 brings many typos, hence far above the"
          + " per-account figure; it still stops one client spraying passwords over many"
          + " accounts."),
  LOGIN_WINDOW(
      "auth.login.window",
      "PT15M",
      "Window of the login throttle; allowance refills evenly over it."),
  CLUSTER_ENABLED(
      "cluster.enabled",
      "false",
      "Join a Hazelcast cluster so the EventBus spans every node (live classrooms on different"
          + " nodes reach each other). Off in embedded mode."),
  CLUSTER_HOST(
      "cluster.host",
      "127.0.0.1",
      "Address this node's cluster member binds and announces (the node's own address on the"
          + " cluster network)."),
  CLUSTER_PORT("cluster.port", "5701", "Hazelcast member port of this node."),
  CLUSTER_MEMBERS(
      "cluster.members",
      "",
      "The other members, `host:port` comma separated (TCP/IP join; multicast is off, since"
          + " school and bureau networks rarely pass it)."),
  ACCOUNT_CHECK(
      "auth.account-check",
      "true",
      "Check on every request that the token's account is active and the token not revoked"
          + " (deactivation, password change or reset, log out everywhere). `false` only to"
          + " measure the check's cost: tokens then live until they expire; production refuses"
          + " it."),
  ACCOUNT_CHECK_CACHE(
      "auth.account-check-cache",
      "PT5S",
      "How long a node reuses what it last read about an account for that check: a token revoked"
          + " on another node stops working within this time (at once on the node that revoked"
          + " it). PT0S reads the database on every request."),
  IMPORT_JOB_LEASE(
      "import.job-lease",
      "PT60S",
      "How long a node's claim on a running roll import lasts unless renewed (renewed every"
          + " quarter of it): if the node dies, another node takes the import over after this,"
          + " from the start, since nothing of an unfinished import is ever applied."),
  DEMO_SEED(
      "demo.seed",
      "true",
      "Load the Qinghai demo education group and demo accounts on start (embedded mode only;"
          + " production refuses to start with it on)."),
  CATALOGUE_MAX_UPLOAD(
      "catalogue.max-upload",
      "8589934592",
      "Largest resource file one upload may declare, in bytes (8 GiB: a 45-minute 1080p lesson is"
          + " 1-3 GiB). The bytes stream to the blob store; memory does not grow with it."),
  CATALOGUE_UPLOAD_EXPIRY(
      "catalogue.upload-expiry",
      "PT24H",
      "How long an unfinished upload may be resumed (tus Upload-Expires); after that its bytes,"
          + " including incomplete MinIO multipart uploads, are removed. A day covers a school"
          + " day's interruptions on a weak link."),
  EXPERIMENTS_PORT(
      "experiments.port",
      "8081",
      "Port of the separate origin that serves HTML5 experiments (untrusted code): no cookies, a"
          + " strict CSP, and only behind short-lived signed URLs. 0 picks a free port (tests)."),
  EXPERIMENTS_PUBLIC_URL(
      "experiments.public-url",
      "",
      "The experiments origin as browsers reach it, e.g. `https://lab.example.org` (its own host"
          + " name, never the app's). Empty: `http://<host>:<experiments.port>`."),
  CATALOGUE_PSEUDONYM_KEY(
      "catalogue.pseudonym-key",
      "",
      "Base64 secret (16+ bytes) that turns account ids into the pseudonyms playback progress is"
          + " kept under. Empty: embedded mode keeps one in `<data>/secrets`; production needs it"
          + " set, the same on every node."),
  SEARCH_POLL(
      "search.poll",
      "PT0.5S",
      "How often each node reads the catalogue's change log for its search index, besides the"
          + " EventBus wake-up: nodes that share PostgreSQL but not an EventBus cluster still see"
          + " each other's changes within about this (the target is 2 s)."),
  SEARCH_COMMIT_EVERY(
      "search.commit-every",
      "PT5S",
      "How often the search index makes applied changes durable. Changes are searchable at once"
          + " (near-real-time); after a crash the index replays the change log from its last"
          + " commit."),
  SEARCH_VIEWS_EVERY(
      "search.views-every",
      "PT5M",
      "How often the \"most viewed\" order is refreshed from playback counts (watching is not a"
          + " catalogue change, so it is not in the change log)."),
  SCHEDULE_EARLY_JOIN(
      "schedule.early-join",
      "PT15M",
      "How long before a session starts its classrooms may open the live room (and Jitsi may"
          + " open its room): time to test a projector and a weak uplink before the bell."),
  SCHEDULE_LONGEST_SESSION(
      "schedule.longest-session",
      "PT4H",
      "Longest bookable session. Also the window the double-booking check reads back in time:"
          + " its cost stays the same however large the timetable grows."),
  JITSI_RESERVATIONS_PREFIX(
      "jitsi.reservations-prefix",
      "/jitsi/reservations",
      "Path under which Prosody's mod_reservations finds the reservation API (its"
          + " `reservations_api_prefix` is this server's URL plus this path)."),
  JITSI_RESERVATIONS_TOKEN(
      "jitsi.reservations-token",
      "",
      "Bearer token Prosody sends (`reservations_api_headers`). Empty: the reservation API refuses"
          + " every call. At least 16 characters."),
  LIVE_ALLOWED_ORIGIN(
      "live.allowed-origin",
      "",
      "The Origin browsers open the live classroom's EventBus bridge from, e.g."
          + " `https://classbridge.example.org`. Empty: only pages of the host the request names"
          + " (behind a proxy that rewrites Host, set it). Pages of other sites are refused."),
  LIVE_MAX_SUBSCRIPTIONS(
      "live.max-subscriptions",
      "4",
      "Addresses one bridge connection may listen to (a classroom needs 2: its inbox and the"
          + " room). Vert.x's default is 1000."),
  LIVE_MAX_MESSAGE_BYTES(
      "live.max-message-bytes",
      "65536",
      "Largest signalling message a classroom may send (an SDP offer is ~5-15 KiB)."),
  LIVE_MESH_MAX_RECEIVERS(
      "live.mesh-max-receivers",
      "3",
      "Receiving classrooms a browser mesh carries; a session with more is handed to Jitsi Meet"
          + " (jitsi.url)."),
  LIVE_RECONNECT_GRACE(
      "live.reconnect-grace",
      "PT60S",
      "How long a classroom whose connection dropped keeps its place; back within it, its peers"
          + " restart ICE with it."),
  LIVE_PRESENCE_TIMEOUT(
      "live.presence-timeout",
      "PT90S",
      "A node refreshes its classrooms' presence every third of this; a node that died loses"
          + " them from every roster after it."),
  LIVE_DEVICE_KEY(
      "live.device-key",
      "",
      "Base64 secret (32 bytes) that signs classroom device links (a classroom's own PC joins"
          + " without anybody's login), the same on every node. Empty: embedded mode keeps one in"
          + " `<data>/secrets`; production has no device links."),
  ICE_STUN_URLS(
      "ice.stun-urls",
      "",
      "Comma-separated STUN URLs given to browsers, e.g. `stun:turn.example.org:3478`."),
  ICE_TURN_URLS(
      "ice.turn-urls",
      "",
      "Comma-separated TURN URLs, e.g. `turn:turn.example.org:3478?transport=udp,"
          + "turns:turn.example.org:5349`. Browsers get time-limited TURN REST credentials."),
  ICE_TURN_SECRET(
      "ice.turn-secret",
      "",
      "coturn's `static-auth-secret` (`use-auth-secret`); credentials expire with the session."
          + " Empty: no TURN."),
  ICE_RELAY_ONLY(
      "ice.relay-only",
      "false",
      "Browsers use TURN relays only (`iceTransportPolicy: relay`): for networks that block"
          + " peer-to-peer UDP, or to hide classrooms' addresses from each other."),
  JITSI_URL(
      "jitsi.url",
      "",
      "Base URL of the Jitsi Meet deployment large sessions go to, e.g. `https://meet.example.org`."
          + " Empty: none (sessions over live.mesh-max-receivers cannot go live)."),
  JITSI_TENANT("jitsi.tenant", "", "Jitsi tenant (path segment and token `sub`); empty for none."),
  JITSI_DOMAIN(
      "jitsi.domain",
      "",
      "Jitsi's XMPP domain, the token `sub` without a tenant. Empty: the host of jitsi.url."),
  JITSI_APP_ID(
      "jitsi.app-id",
      "classbridge",
      "Prosody's `app_id`: the Jitsi token's `iss` and `aud` (list it in Prosody's accepted"
          + " issuers and audiences)."),
  JITSI_APP_SECRET(
      "jitsi.app-secret",
      "",
      "Prosody's `app_secret` (HS256), at least 16 characters; required with jitsi.url."),
  MEDIA_FFMPEG(
      "media.ffmpeg",
      "",
      "Path of a system ffmpeg (Debian's `/usr/bin/ffmpeg`, with libx264). Empty: the build"
          + " bundled in the jar (linux-x86_64, GPL), extracted into `<data>/tools` on first use."
          + " Set it together with media.ffprobe."),
  MEDIA_FFPROBE("media.ffprobe", "", "Path of the system ffprobe that goes with media.ffmpeg."),
  MEDIA_CONCURRENCY(
      "media.concurrency",
      "1",
      "Transcode jobs one node runs at once. Each uses every core ffmpeg can get: on 2 cores a"
          + " second job only halves the speed of both while the HTTP server starves. 0: this"
          + " node runs none (a node kept for serving, or tests); others still queue them."),
  MEDIA_LEASE(
      "media.job-lease",
      "PT30S",
      "How long a claimed transcode job is its node's; renewed every third of it while ffmpeg"
          + " runs. A node that dies has its job taken over by another once the lease runs out."),
  MEDIA_MAX_ATTEMPTS(
      "media.max-attempts",
      "3",
      "Tries a transcode job gets (interrupted runs and ffmpeg failures count) before it fails"
          + " for good, with the last reason kept."),
  MEDIA_MAX_DURATION(
      "media.max-duration",
      "PT4H",
      "Longest video or audio transcoded; longer fails with `too-long`. A lesson is 45 minutes;"
          + " a whole day's recording is a mistake, and would hold the queue for hours."),
  MEDIA_PRESET(
      "media.x264-preset",
      "veryfast",
      "x264 speed preset for the ladder: `veryfast` takes about half the time of `medium` for a"
          + " few percent more bits at the same quality; `ultrafast` for slow machines."),
  METRICS_TOKEN(
      "metrics.token",
      "",
      "Bearer token a Prometheus scraper sends to /metrics. Empty: only admins may read metrics.");

  private final String key;
  private final String defaultValue;
  private final String description;

  Setting(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The environment variable that sets this key. */
  public String environmentVariable() {
    return "CLASSBRIDGE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public static Optional<Setting> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }

  public static Optional<Setting> byEnvironmentVariable(String name) {
    return Arrays.stream(values()).filter(s -> s.environmentVariable().equals(name)).findFirst();
  }

  /** The settings as a Markdown table (README and {@code classbridge.jar settings}). */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| key | environment | default | meaning |\n|---|---|---|---|\n");
    for (Setting s : values()) {
      sb.append("| `")
          .append(s.key)
          .append("` | `")
          .append(s.environmentVariable())
          .append("` | ")
          .append(s.defaultValue.isEmpty() ? "" : "`" + s.defaultValue + "`")
          .append(" | ")
          .append(s.description)
          .append(" |\n");
    }
    return sb.toString();
  }
}
