package org.classbridge.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.classbridge.admin.AdminFeature;
import org.classbridge.audit.AuditLog;
import org.classbridge.auth.AccountService;
import org.classbridge.auth.AuthFeature;
import org.classbridge.blob.BlobStore;
import org.classbridge.blob.BlobStores;
import org.classbridge.catalogue.CatalogueFeature;
import org.classbridge.coverage.CoverageFeature;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.DirectoryFeature;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.home.HomeFeature;
import org.classbridge.http.Authenticator;
import org.classbridge.http.Feature;
import org.classbridge.live.LiveFeature;
import org.classbridge.schedule.ScheduleFeature;
import org.classbridge.search.SearchFeature;
import org.classbridge.sql.ChangeLog;
import org.classbridge.sql.Database;
import org.classbridge.studio.StudioFeature;
import org.classbridge.transcode.TranscodeFeature;

/**
 * The object graph: storage, then each feature's entry class in dependency order, each given the
 * infrastructure it needs by constructor. Used by the server and by the CLI, so both act through
 * the same services. A new feature adds one field and one constructor line here and lists itself in
 * {@link #features()}; its routes, verticles and close come with it.
 */
public final class Services implements AutoCloseable {
  private final AppConfig config;
  private final Database database;
  private final BlobStore blobs;
  private final ChangeLog changes;
  private final AuditLog audit;
  private final AuthFeature auth;
  private final DirectoryFeature directory;
  private final AdminFeature admin;
  private final HomeFeature home;
  private final ScheduleFeature schedule;
  private final CatalogueFeature catalogue;
  private final SearchFeature search;
  private final LiveFeature live;
  private final TranscodeFeature media;
  private final CoverageFeature coverage;
  private final StudioFeature studios;
  private final org.classbridge.privacy.PrivacyFeature privacy;

  private Services(Vertx vertx, AppConfig config, Clock clock, Database database, BlobStore blobs)
      throws IOException {
    this.config = config;
    this.database = database;
    this.blobs = blobs;
    this.changes = new ChangeLog(database, vertx.eventBus(), clock);
    this.audit = new AuditLog(database, clock);
    // the directory answers accounts' questions about schools, so it is made first
    SchoolDirectory schools = new SchoolDirectory(database, audit, clock);
    this.auth = new AuthFeature(vertx, config.auth(), database, schools, audit, clock);
    this.directory = new DirectoryFeature(database, schools, auth.accounts(), audit, clock);
    this.admin =
        new AdminFeature(
            vertx,
            database,
            blobs,
            auth.accounts(),
            auth.admin(),
            schools,
            directory.roster(),
            audit,
            config.admin(),
            clock);
    DirectoryForSchedule forSchedule =
        new DirectoryForSchedule(schools, directory.roster(), auth.accounts());
    this.schedule =
        new ScheduleFeature(database, forSchedule, changes, audit, clock, config.schedule());
    this.catalogue =
        new CatalogueFeature(
            vertx, database, blobs, changes, audit, clock, config.catalogue(), config.dataDir());
    this.search =
        new SearchFeature(
            vertx, catalogue.catalogue(), changes, clock, config.search(), config.dataDir());
    this.coverage =
        new CoverageFeature(
            database,
            new SourcesForCoverage(schools, forSchedule, schedule, catalogue.playbackTally()),
            clock);
    this.studios =
        new StudioFeature(
            database, new SourcesForStudio(auth.accounts(), schools, catalogue, schedule), clock);
    this.media =
        new TranscodeFeature(
            vertx,
            database,
            blobs,
            changes,
            catalogue,
            schedule.views()::lessonPush,
            config.media(),
            clock,
            config.dataDir());
    this.live =
        new LiveFeature(
            vertx,
            auth.authenticator(),
            new ScheduleForLive(schedule.live(), studios::colleaguesOf),
            config.live(),
            clock,
            config.mode() == AppConfig.Mode.EMBEDDED
                ? Optional.of(config.dataDir().resolve("secrets"))
                : Optional.empty());
    this.home = new HomeFeature(auth.accounts(), schools, directory.roster(), schedule);
    this.privacy =
        new org.classbridge.privacy.PrivacyFeature(
            database,
            auth.admin(),
            schools,
            directory.roster(),
            schedule.attendance(),
            catalogue.playback(),
            audit,
            clock);
  }

  /** Opens storage (runs migrations, creates the bucket) and wires the features. Blocking. */
  public static Services open(Vertx vertx, AppConfig config, Clock clock) throws IOException {
    return open(vertx, config, clock, Database.connect(config.db(), Optional.empty()));
  }

  /** As {@link #open(Vertx, AppConfig, Clock)}, on a pool already migrated (with metrics). */
  public static Services open(
      Vertx vertx, AppConfig config, Clock clock, Database.Connected connected) throws IOException {
    Database db = Database.on(vertx, connected);
    BlobStore blobs = null;
    try {
      blobs = BlobStores.open(config.blob(), clock);
      return new Services(vertx, config, clock, db, blobs);
    } catch (IOException | RuntimeException e) {
      if (blobs != null) {
        try {
          blobs.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      db.close();
      throw e;
    }
  }

  /** Opens the database with its pool metrics on {@code meters}. Blocking. */
  static Database.Connected connect(AppConfig config, MeterRegistry meters) {
    return Database.connect(config.db(), Optional.of(meters));
  }

  /** Every feature, in the order their verticles deploy and their routes mount. */
  public List<Feature> features() {
    return List.of(
        auth, directory, admin, privacy, schedule, coverage, studios, catalogue, search, media,
        live, home);
  }

  /** The audit log every administrative change writes to. */
  public AuditLog audit() {
    return audit;
  }

  public AppConfig config() {
    return config;
  }

  public Database database() {
    return database;
  }

  public BlobStore blobs() {
    return blobs;
  }

  /** The outbox the catalogue and its followers will share. */
  public ChangeLog changes() {
    return changes;
  }

  public Authenticator authenticator() {
    return auth.authenticator();
  }

  public AuthFeature auth() {
    return auth;
  }

  public AccountService accounts() {
    return auth.accounts();
  }

  public CatalogueFeature catalogue() {
    return catalogue;
  }

  public CoverageFeature coverage() {
    return coverage;
  }

  public StudioFeature studios() {
    return studios;
  }

  public TranscodeFeature media() {
    return media;
  }

  public LiveFeature live() {
    return live;
  }

  public SearchFeature search() {
    return search;
  }

  public ScheduleFeature schedule() {
    return schedule;
  }

  public SchoolDirectory directory() {
    return directory.directory();
  }

  public ClassRoster roster() {
    return directory.roster();
  }

  @Override
  public void close() {
    List<Feature> reversed = new ArrayList<>(features());
    Collections.reverse(reversed);
    reversed.forEach(Feature::close);
    try {
      blobs.close();
    } catch (IOException e) {
      // closing: nothing left to do with it
    }
    database.close();
  }
}
