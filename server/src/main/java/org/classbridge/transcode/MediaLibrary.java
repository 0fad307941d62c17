package org.classbridge.transcode;

import io.vertx.core.json.JsonArray;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/** The pipeline's published tables: renditions and their files, captions, chapters, packs. */
final class MediaLibrary {
  /** A stored file of a rendition, a caption, or a pack. */
  record FileRef(String name, String sha256, long size, String contentType, Instant storedAt) {}

  /** A published ladder. */
  record Published(
      UUID resourceId,
      int fileVersion,
      long durationMs,
      JsonArray variants,
      String offlineName,
      Instant createdAt) {
    double durationSeconds() {
      return durationMs / 1000.0;
    }
  }

  Optional<Published> rendition(Tx tx, UUID resourceId, int fileVersion) throws SQLException {
    return tx.one(
        "select duration_ms, variants, offline_name, created_at from media_rendition"
            + " where resource_id = ? and file_version = ?",
        rs ->
            new Published(
                resourceId,
                fileVersion,
                rs.getLong("duration_ms"),
                new JsonArray(rs.getString("variants")),
                rs.getString("offline_name"),
                Sql.instant(rs, "created_at")),
        resourceId,
        fileVersion);
  }

  Optional<FileRef> file(Tx tx, UUID resourceId, int fileVersion, String name) throws SQLException {
    return tx.one(
        "select f.name, f.sha256, f.size_bytes, f.content_type, r.created_at from media_file f"
            + " join media_rendition r on r.resource_id = f.resource_id"
            + " and r.file_version = f.file_version"
            + " where f.resource_id = ? and f.file_version = ? and f.name = ?",
        rs ->
            new FileRef(
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                Sql.instant(rs, "created_at")),
        resourceId,
        fileVersion,
        name);
  }

  void publish(Tx tx, Published p, List<FileRef> files) throws SQLException {
    tx.update(
        "delete from media_file where resource_id = ? and file_version = ?",
        p.resourceId(),
        p.fileVersion());
    tx.update(
        "delete from media_rendition where resource_id = ? and file_version = ?",
        p.resourceId(),
        p.fileVersion());
    tx.update(
        "insert into media_rendition (resource_id, file_version, duration_ms, variants,"
            + " offline_name, created_at) values (?, ?, ?, ?, ?, ?)",
        p.resourceId(),
        p.fileVersion(),
        p.durationMs(),
        p.variants().encode(),
        p.offlineName(),
        p.createdAt());
    tx.batch(
        "insert into media_file (resource_id, file_version, name, sha256, size_bytes,"
            + " content_type) values (?, ?, ?, ?, ?, ?)",
        files.stream()
            .map(
                f ->
                    new Object[] {
                      p.resourceId(),
                      p.fileVersion(),
                      f.name(),
                      f.sha256(),
                      f.size(),
                      f.contentType()
                    })
            .toList());
  }

  // --- captions and chapters

  List<FileRef> captions(Tx tx, UUID resourceId) throws SQLException {
    return tx.list(
        "select lang, sha256, size_bytes, updated_at from media_caption where resource_id = ?"
            + " order by lang",
        rs ->
            new FileRef(
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                "text/vtt; charset=utf-8",
                Sql.instant(rs, "updated_at")),
        resourceId);
  }

  void putCaption(
      Tx tx, UUID resourceId, String lang, String sha256, long size, UUID by, Instant at)
      throws SQLException {
    tx.update("delete from media_caption where resource_id = ? and lang = ?", resourceId, lang);
    tx.update(
        "insert into media_caption (resource_id, lang, sha256, size_bytes, updated_by, updated_at)"
            + " values (?, ?, ?, ?, ?, ?)",
        resourceId,
        lang,
        sha256,
        size,
        by,
        at);
  }

  boolean deleteCaption(Tx tx, UUID resourceId, String lang) throws SQLException {
    return tx.update(
            "delete from media_caption where resource_id = ? and lang = ?", resourceId, lang)
        > 0;
  }

  Optional<JsonArray> chapters(Tx tx, UUID resourceId) throws SQLException {
    return tx.one(
        "select chapters from media_chapters where resource_id = ?",
        rs -> new JsonArray(rs.getString(1)),
        resourceId);
  }

  void putChapters(Tx tx, UUID resourceId, JsonArray chapters, UUID by, Instant at)
      throws SQLException {
    tx.update("delete from media_chapters where resource_id = ?", resourceId);
    if (!chapters.isEmpty()) {
      tx.update(
          "insert into media_chapters (resource_id, chapters, updated_by, updated_at)"
              + " values (?, ?, ?, ?)",
          resourceId,
          chapters.encode(),
          by,
          at);
    }
  }

  // --- offline packs

  Optional<FileRef> pack(Tx tx, String key) throws SQLException {
    return tx.one(
        "select sha256, size_bytes, created_at from media_pack where pack_key = ?",
        rs ->
            new FileRef(
                key,
                rs.getString(1),
                rs.getLong(2),
                "application/zip",
                Sql.instant(rs, "created_at")),
        key);
  }

  void putPack(Tx tx, String key, String sha256, long size, Instant at) throws SQLException {
    if (pack(tx, key).isEmpty()) {
      tx.update(
          "insert into media_pack (pack_key, sha256, size_bytes, created_at) values (?, ?, ?, ?)",
          key,
          sha256,
          size,
          at);
    }
  }
}
