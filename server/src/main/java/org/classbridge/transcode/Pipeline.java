package org.classbridge.transcode;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.classbridge.blob.BlobStore;
import org.classbridge.blob.StoredBlob;
import org.classbridge.media.MediaException;
import org.classbridge.media.Probe;
import org.classbridge.media.Renditions;
import org.classbridge.media.Transcoder;

/**
 * One job's blocking work, on a worker thread: the source out of the blob store into a work folder,
 * probe, transcode, and every output file into the blob store (content-addressed, so a retried job
 * stores nothing twice). The database learns of the files only afterwards, in one transaction, so
 * nothing is half-published. The work folder goes whatever happens.
 */
final class Pipeline {
  /** What a run produced, ready to be published. */
  record Result(Probe probe, Renditions renditions, List<MediaLibrary.FileRef> files) {}

  private final BlobStore blobs;
  private final java.util.function.Supplier<Transcoder> transcoder;
  private final Path workRoot;

  Pipeline(BlobStore blobs, java.util.function.Supplier<Transcoder> transcoder, Path workRoot) {
    this.blobs = blobs;
    this.transcoder = transcoder;
    this.workRoot = workRoot;
  }

  /** Removes work folders left by runs that a crash or a kill interrupted (at start-up). */
  void clearLeftovers() throws IOException {
    if (Files.isDirectory(workRoot)) {
      org.classbridge.common.FileTrees.delete(workRoot);
    }
  }

  Result run(
      MediaJobs.Job job,
      Consumer<Probe> probed,
      Transcoder.Progress progress,
      BooleanSupplier cancelled)
      throws IOException, MediaException {
    Path work = workRoot.resolve(job.id() + "-" + job.claim().orElseThrow());
    Files.createDirectories(work);
    try {
      Path source = work.resolve("source");
      try (InputStream in = blobs.open(job.sourceSha256())) {
        Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
      }
      progress.report("probe", 0);
      Transcoder tools = transcoder.get();
      Probe probe = tools.probe(source);
      probed.accept(probe);
      Path out = work.resolve("out");
      Renditions renditions = tools.transcode(source, probe, job.trim(), out, progress, cancelled);
      progress.report("publish", 1);
      List<MediaLibrary.FileRef> files = new ArrayList<>();
      for (String name : renditions.files()) {
        StoredBlob stored;
        try (InputStream in = Files.newInputStream(out.resolve(name))) {
          stored = blobs.put(in, Optional.empty());
        }
        files.add(
            new MediaLibrary.FileRef(
                name, stored.sha256(), stored.size(), contentType(name), null));
      }
      // what was published: the part kept, when the recording is trimmed
      return new Result(renditions.ladder().source(), renditions, files);
    } finally {
      org.classbridge.common.FileTrees.delete(work);
    }
  }

  /** The Content-Type each file is served with. */
  static String contentType(String name) {
    if (name.endsWith(".m3u8")) {
      return "application/vnd.apple.mpegurl";
    }
    if (name.endsWith(".vtt")) {
      return "text/vtt; charset=utf-8";
    }
    if (name.endsWith(".jpg")) {
      return "image/jpeg";
    }
    if (name.endsWith(".m4a") || name.startsWith("audio/")) {
      return "audio/mp4";
    }
    return "video/mp4"; // fMP4 init and media segments of picture rungs, the offline MP4
  }

  static JsonObject probeJson(Probe p) {
    JsonObject o =
        new JsonObject()
            .put("container", p.container())
            .put("durationSeconds", Math.round(p.durationSeconds() * 1000) / 1000.0)
            .put("bitrate", p.bitrate());
    p.video()
        .ifPresent(
            v ->
                o.put(
                    "video",
                    new JsonObject()
                        .put("codec", v.codec())
                        .put("width", v.width())
                        .put("height", v.height())
                        .put("fps", Math.round(v.fps() * 100) / 100.0)));
    p.audio()
        .ifPresent(
            a ->
                o.put(
                    "audio",
                    new JsonObject()
                        .put("codec", a.codec())
                        .put("channels", a.channels())
                        .put("sampleRate", a.sampleRate())));
    return o;
  }
}
