package org.classbridge.catalogue;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
      return blobs.append(u.blobUpload(), offset, new Bounded(body, u.length() - offset));
    } catch (UploadOffsetException e) {
      throw Problem.conflict(
          "offset-mismatch", "Upload-Offset is not where the upload stands; ask with HEAD");
    } catch (UploadNotFoundException e) {
      throw Problem.notFound("upload-not-found", "the upload is gone");
    }
  }

  /**
   * The last byte arrived: publish, check, and attach as the resource's new file version. A file
   * the resource may not hold (an executable renamed .mp4, a page with script as a lesson plan) is
   * refused and its bytes removed.
   */
  public Future<Resource> finish(Principal actor, CatalogueStore.Upload u) {
    return workers
        .executeBlocking(
            () -> {
              StoredBlob blob;
              try {
                blob = blobs.completeUpload(u.blobUpload(), u.sha256());
              } catch (BlobIntegrityException e) {
                throw Problem.invalid(
                    "checksum-mismatch",
                    "the bytes received do not have the SHA-256 the upload named; upload it again");
              }
              MediaKind kind = sniff(blob.sha256());
              return new Sniffed(blob, kind);
            },
            false)
        .recover(
            e -> {
              if (e instanceof Problem p && p.code().equals("checksum-mismatch")) {
                return db.transaction(c -> store.deleteUpload(c, u.id()))
                    .compose(x -> Future.failedFuture(e));
              }
              return Future.failedFuture(e);
            })
        .compose(
            s ->
                db.transaction(
                        c -> {
                          Resource r =
                              store
                                  .resource(c, u.resourceId(), true)
                                  .orElseThrow(
                                      () -> Problem.notFound("resource-not-found", "gone"));
                          store.deleteUpload(c, u.id());
                          if (!r.kind().accepts(s.kind())) {
                            return Optional.<Resource>empty();
                          }
                          return Optional.of(
                              catalogue.attachFile(
                                  c,
                                  u.resourceId(),
                                  new Resource.ResourceFile(
                                      0,
                                      s.blob().sha256(),
                                      s.blob().size(),
                                      s.kind().contentType(),
                                      u.fileName()),
                                  actor));
                        })
                    .compose(
                        attached -> {
                          if (attached.isPresent()) {
                            return Future.succeededFuture(attached.get());
                          }
                          return discard(s.blob().sha256())
                              .compose(
                                  x ->
                                      Future.failedFuture(
                                          Problem.of(
                                                  Problem.Kind.UNSUPPORTED_MEDIA_TYPE,
                                                  "content-not-allowed",
                                                  "the file's bytes are "
                                                      + s.kind().name().toLowerCase(Locale.ROOT)
                                                      + ", which this kind of resource cannot hold")
                                              .with("detected", s.kind().contentType())));
                        }));
  }

  private record Sniffed(StoredBlob blob, MediaKind kind) {}

  /** What the bytes are; a text that carries markup counts as unknown (it may not be served). */
  private MediaKind sniff(String sha256) throws IOException {
    byte[] head;
    try (InputStream in = blobs.openRange(sha256, 0, ContentSniffer.HEAD_LENGTH)) {
      head = in.readAllBytes();
    }
    MediaKind kind = ContentSniffer.sniff(head);
    if (kind == MediaKind.UTF8_TEXT) {
      byte[] text;
      try (InputStream in = blobs.openRange(sha256, 0, TEXT_SCAN)) {
        text = in.readAllBytes();
      }
      if (MARKUP.matcher(new String(text, StandardCharsets.UTF_8)).find()) {
        return MediaKind.UNKNOWN;
      }
    }
    return kind;
  }

  /** Removes a blob no resource refers to (content-addressed: another may share it). */
  private Future<Void> discard(String sha256) {
    return db.read(c -> store.blobInUse(c, sha256))
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
