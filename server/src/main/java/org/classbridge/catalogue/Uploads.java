package org.classbridge.catalogue;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.classbridge.blob.BlobIntegrityException;
import org.classbridge.blob.BlobStore;
import org.classbridge.blob.StoredBlob;
import org.classbridge.blob.UploadNotFoundException;
import org.classbridge.blob.UploadOffsetException;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.media.ContentSniffer;
import org.classbridge.media.ExperimentPackage;
import org.classbridge.media.MediaKind;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable uploads of resource files (tus 1.0: core, creation, termination, expiration). The bytes
 * go straight into the blob store's upload session as they arrive (a file on disk, or S3 multipart
 * parts), never held in memory; what the upload is for, and whose it is, lives in the database, so
 * the next PATCH may land on any node.
 *
 * <p>When the last byte arrives the store publishes the file under its SHA-256 (checked against the
 * client's, when it sent one), the first bytes decide what it is, and only a file the resource's
 * kind accepts becomes its new version; anything else is removed again, so nothing half-stored or
 * unwanted stays.
 */
public final class Uploads {
  private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);

  /** Markup that must never be served as a lesson text (stored XSS through a "lesson plan"). */
  private static final Pattern MARKUP =
      Pattern.compile(
          "<\\s*(script|svg|html|!doctype|iframe|object|embed|body|img|a\\s)|javascript:|on\\w+\\s*=",
          Pattern.CASE_INSENSITIVE);

  /** How much of a text file is searched for markup: lesson plans are small. */
  static final int TEXT_SCAN = 256 * 1024;

  private final Database db;
  private final CatalogueStore store;
  private final Catalogue catalogue;
  private final BlobStore blobs;
  private final WorkerExecutor workers;
  private final Clock clock;
  private final CatalogueConfig config;

  Uploads(
      Database db,
      CatalogueStore store,
      Catalogue catalogue,
      BlobStore blobs,
      WorkerExecutor workers,
      Clock clock,
      CatalogueConfig config) {
    this.db = db;
    this.store = store;
    this.catalogue = catalogue;
    this.blobs = blobs;
    this.workers = workers;
    this.clock = clock;
    this.config = config;
  }

  WorkerExecutor workers() {
    return workers;
  }

  CatalogueConfig config() {
    return config;
  }

  /** A new upload of {@code length} bytes for a resource the caller may edit. */
  public Future<CatalogueStore.Upload> create(
      Principal actor,
      UUID resourceId,
      long length,
      Optional<String> fileName,
      Optional<String> sha256) {
    if (length < 1) {
      return Future.failedFuture(
          Problem.invalid("bad-upload-length", "Upload-Length is at least 1"));
    }
    if (length > config.maxUploadBytes()) {
      return Future.failedFuture(
          Problem.of(
              Problem.Kind.TOO_LARGE,
              "upload-too-large",
              "a file is at most " + config.maxUploadBytes() + " bytes"));
    }
    return db.read(c -> catalogue.editable(c, actor, resourceId))
        .compose(r -> workers.executeBlocking(blobs::beginUpload, false))
        .compose(
            blobId -> {
              Instant now = Tx.now(clock);
              CatalogueStore.Upload u =
                  new CatalogueStore.Upload(
                      UUID.randomUUID().toString().replace("-", ""),
                      blobId,
                      resourceId,
                      actor.userId(),
                      length,
                      fileName,
                      sha256,
                      now.plus(config.uploadExpiry()));
              return db.transaction(
                  c -> {
                    store.insertUpload(c, u, now);
                    return u;
                  });
            });
  }

  /** The caller's open upload, or not found (also for someone else's). */
  Future<CatalogueStore.Upload> mine(Principal actor, String id) {
    Problem missing = Problem.notFound("upload-not-found", "no upload " + id);
    if (!id.matches("[0-9a-f]{32}")) {
      return Future.failedFuture(missing);
    }
    return db.read(c -> store.openUpload(c, id, Tx.now(clock), false))
        .map(u -> u.filter(x -> x.ownerId().equals(actor.userId())).orElseThrow(() -> missing));
  }

  /** How many bytes the upload holds (tus HEAD). */
  public Future<Long> offset(CatalogueStore.Upload u) {
    return workers
        .executeBlocking(() -> blobs.uploadedBytes(u.blobUpload()), false)
        .recover(Uploads::translate);
  }

  private static <T> Future<T> translate(Throwable e) {
    if (e instanceof UploadNotFoundException) {
      return Future.failedFuture(Problem.notFound("upload-not-found", "the upload is gone"));
    }
    if (e instanceof UploadOffsetException) {
      return Future.failedFuture(
          Problem.conflict(
              "offset-mismatch", "Upload-Offset is not where the upload stands; ask with HEAD"));
    }
    return Future.failedFuture(e);
  }

  /**
   * Appends a PATCH body from {@code offset} (run on a worker, the body streamed in); returns the
   * new offset. Bytes beyond the declared length are refused.
   */
  long append(CatalogueStore.Upload u, long offset, InputStream body) throws IOException {
    if (offset > u.length()) {
      throw Problem.conflict("offset-mismatch", "Upload-Offset is beyond Upload-Length");
    }
    try {
      long next = blobs.append(u.blobUpload(), offset, new Bounded(body, u.length() - offset));
      // bytes that arrived over teachers' uplinks (classbridge_upload_bytes_total)
      io.micrometer.core.instrument.Metrics.counter("classbridge.upload.bytes")
          .increment(Math.max(0, next - offset));
      return next;
    } catch (UploadOffsetException e) {
      throw Problem.conflict(
          "offset-mismatch", "Upload-Offset is not where the upload stands; ask with HEAD");
    } catch (UploadNotFoundException e) {
      throw Problem.notFound("upload-not-found", "the upload is gone");
    }
  }

  /**
   * The last byte arrived: publish, check, and attach as the resource's new file version. A file
   * the resource may not hold (an executable renamed .mp4, a page with script as a lesson plan, an
   * experiment package with a path trick) is refused and its bytes removed.
   */
  public Future<Resource> finish(Principal actor, CatalogueStore.Upload u) {
    return db.read(c -> store.resource(c, u.resourceId(), false))
        .map(
            r ->
                r.orElseThrow(() -> Problem.notFound("resource-not-found", "the resource is gone")))
        .compose(
            resource ->
                workers
                    .executeBlocking(
                        () -> {
                          StoredBlob blob;
                          try {
                            blob = blobs.completeUpload(u.blobUpload(), u.sha256());
                          } catch (BlobIntegrityException e) {
                            throw Problem.invalid(
                                "checksum-mismatch",
                                "the bytes received do not have the SHA-256 the upload named;"
                                    + " upload it again");
                          }
                          return blob;
                        },
                        false)
                    .recover(
                        e ->
                            // a wrong checksum ends the upload (the store dropped its bytes); an
                            // I/O failure leaves it for the client to retry
                            e instanceof Problem p && p.code().equals("checksum-mismatch")
                                ? db.transaction(c -> store.deleteUpload(c, u.id()))
                                    .compose(x -> Future.<StoredBlob>failedFuture(e))
                                : Future.<StoredBlob>failedFuture(e))
                    .compose(
                        blob ->
                            accept(resource.kind(), blob, u.fileName())
                                .compose(
                                    accepted ->
                                        db.transaction(
                                            c -> {
                                              store.deleteUpload(c, u.id());
                                              Resource saved =
                                                  catalogue.attachFile(
                                                      c, u.resourceId(), accepted.file(), actor);
                                              if (!accepted.entries().isEmpty()) {
                                                store.insertEntries(
                                                    c,
                                                    u.resourceId(),
                                                    saved.file().orElseThrow().version(),
                                                    accepted.entries());
                                              }
                                              return saved;
                                            }))
                                .recover(
                                    e ->
                                        db.transaction(c -> store.deleteUpload(c, u.id()))
                                            .compose(x -> discard(blob.sha256()))
                                            .compose(x -> Future.<Resource>failedFuture(e)))));
  }

  /**
   * Stores {@code content} as the resource's new file without a tus upload (demo data, tools): the
   * same checks as an upload's last byte.
   */
  public Future<Resource> attach(
      Principal actor, UUID resourceId, InputStream content, Optional<String> fileName) {
    return db.read(c -> catalogue.editable(c, actor, resourceId))
        .compose(
            resource ->
                workers
                    .executeBlocking(() -> blobs.put(content, Optional.empty()), false)
                    .compose(
                        blob ->
                            accept(resource.kind(), blob, fileName)
                                .compose(
                                    accepted ->
                                        db.transaction(
                                            c -> {
                                              Resource saved =
                                                  catalogue.attachFile(
                                                      c, resourceId, accepted.file(), actor);
                                              if (!accepted.entries().isEmpty()) {
                                                store.insertEntries(
                                                    c,
                                                    resourceId,
                                                    saved.file().orElseThrow().version(),
                                                    accepted.entries());
                                              }
                                              return saved;
                                            }))
                                .recover(
                                    e ->
                                        discard(blob.sha256())
                                            .compose(x -> Future.<Resource>failedFuture(e)))));
  }

  /** A file accepted for a resource, with an experiment's files when it is one. */
  private record Accepted(
      Resource.ResourceFile file, List<CatalogueStore.ExperimentFile> entries) {}

  /**
   * Decides from the bytes whether {@code kind} may hold this blob; for an experiment package,
   * checks and unpacks it into the blob store (entry by entry, content-addressed).
   */
  Future<Accepted> accept(ResourceKind kind, StoredBlob blob, Optional<String> fileName) {
    return workers.executeBlocking(
        () -> {
          MediaKind sniffed = sniffHead(blob.sha256());
          boolean markup = sniffed == MediaKind.UTF8_TEXT && hasMarkup(blob.sha256());
          boolean ok =
              switch (kind) {
                case LESSON_PLAN ->
                    sniffed == MediaKind.PDF || (sniffed == MediaKind.UTF8_TEXT && !markup);
                case EXPERIMENT ->
                    sniffed == MediaKind.ZIP || (sniffed == MediaKind.UTF8_TEXT && markup);
                default -> kind.accepts(sniffed);
              };
          if (!ok) {
            throw Problem.of(
                    Problem.Kind.UNSUPPORTED_MEDIA_TYPE,
                    "content-not-allowed",
                    "the file's bytes are "
                        + (markup ? "a page with markup" : sniffed.name().toLowerCase(Locale.ROOT))
                        + ", which this kind of resource cannot hold")
                .with("detected", sniffed.contentType());
          }
          List<CatalogueStore.ExperimentFile> entries = List.of();
          String type = sniffed.contentType();
          if (kind == ResourceKind.EXPERIMENT && sniffed == MediaKind.ZIP) {
            entries = unpack(blob);
          } else if (kind == ResourceKind.EXPERIMENT) {
            type = "text/html; charset=utf-8";
            entries =
                List.of(
                    new CatalogueStore.ExperimentFile(
                        "index.html", blob.sha256(), blob.size(), type));
          }
          return new Accepted(
              new Resource.ResourceFile(0, blob.sha256(), blob.size(), type, fileName), entries);
        },
        false);
  }

  /** Checks an experiment zip and stores each of its files as a blob. */
  private List<CatalogueStore.ExperimentFile> unpack(StoredBlob blob) throws IOException {
    if (blob.size() > ExperimentPackage.MAX_UNPACKED) {
      throw Problem.invalid("package-too-large", "an experiment package is at most 200 MB");
    }
    java.nio.file.Path tmp = java.nio.file.Files.createTempFile("experiment", ".zip");
    List<String> stored = new java.util.ArrayList<>();
    try {
      try (InputStream in = blobs.open(blob.sha256())) {
        java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      List<ExperimentPackage.Entry> checked = ExperimentPackage.check(tmp);
      List<CatalogueStore.ExperimentFile> out = new java.util.ArrayList<>();
      ExperimentPackage.extract(
          tmp,
          checked,
          (entry, content) -> {
            StoredBlob b = blobs.put(content, Optional.empty());
            stored.add(b.sha256());
            out.add(
                new CatalogueStore.ExperimentFile(
                    entry.path(), b.sha256(), b.size(), entry.contentType()));
          });
      return out;
    } catch (ExperimentPackage.Refused r) {
      for (String sha : stored) {
        discardNow(sha);
      }
      throw Problem.invalid(r.code(), r.getMessage());
    } finally {
      java.nio.file.Files.deleteIfExists(tmp);
    }
  }

  /** Deletes a blob nothing refers to, on this worker. */
  private void discardNow(String sha256) {
    try {
      boolean used =
          db.read(c -> store.blobInUse(c, sha256) || store.entryBlobInUse(c, sha256))
              .toCompletionStage()
              .toCompletableFuture()
              .get();
      if (!used) {
        blobs.delete(sha256);
      }
    } catch (Exception e) {
      LOG.warn("could not remove unused blob {}: {}", sha256, e.toString());
    }
  }

  private MediaKind sniffHead(String sha256) throws IOException {
    byte[] head;
    try (InputStream in = blobs.openRange(sha256, 0, ContentSniffer.HEAD_LENGTH)) {
      head = in.readAllBytes();
    }
    return ContentSniffer.sniff(head);
  }

  private boolean hasMarkup(String sha256) throws IOException {
    byte[] text;
    try (InputStream in = blobs.openRange(sha256, 0, TEXT_SCAN)) {
      text = in.readAllBytes();
    }
    return MARKUP.matcher(new String(text, StandardCharsets.UTF_8)).find();
  }

  /** Removes a blob no resource refers to (content-addressed: another may share it). */
  private Future<Void> discard(String sha256) {
    return db.read(c -> store.blobInUse(c, sha256) || store.entryBlobInUse(c, sha256))
        .compose(
            used ->
                used
                    ? Future.succeededFuture()
                    : workers.executeBlocking(
                        () -> {
                          blobs.delete(sha256);
                          return null;
                        },
                        false));
  }

  /** Ends an upload and drops its bytes (tus termination). */
  public Future<Void> terminate(CatalogueStore.Upload u) {
    return workers
        .executeBlocking(
            () -> {
              try {
                blobs.abortUpload(u.blobUpload());
              } catch (UploadNotFoundException e) {
                // already gone: the row goes too
              }
              return null;
            },
            false)
        .compose(x -> db.transaction(c -> store.deleteUpload(c, u.id())))
        .mapEmpty();
  }

  /** Drops expired uploads and their bytes; returns how many. Run by the sweep timer. */
  public Future<Integer> sweep() {
    Instant now = Tx.now(clock);
    return db.read(c -> store.expiredUploads(c, now, 200))
        .compose(
            expired -> {
              Future<Void> all = Future.succeededFuture();
              for (CatalogueStore.Upload u : expired) {
                all = all.compose(x -> terminate(u));
              }
              return all.map(x -> expired.size());
            })
        .compose(
            n ->
                workers
                    .executeBlocking(
                        // sessions whose row is gone (a crash between the two): older than any
                        // upload may live
                        () ->
                            blobs.sweepIncomplete(config.uploadExpiry().plus(Duration.ofHours(1))),
                        false)
                    .map(m -> n))
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.info("removed {} expired uploads", n);
              }
            });
  }

  /** A body that may not run past the upload's declared length. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long left;

    Bounded(InputStream in, long left) {
      this.in = in;
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        left -= n;
        if (left < 0) {
          throw Problem.of(
              Problem.Kind.TOO_LARGE,
              "upload-too-long",
              "the body runs past Upload-Length; nothing beyond it is kept");
        }
      }
      return n;
    }
  }
}
