package org.classbridge.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a search index needs to know of one resource: the resource itself, the names people search
 * by, where it sits in the curriculum tree, and how often it was watched. The catalogue's record
 * contract with its followers; they never read the catalogue's tables.
 *
 * @param path the curriculum nodes from the chapter down to the resource's node; empty when the
 *     resource is not filed on the tree
 * @param views distinct viewers who played it (for "most viewed")
 */
public record IndexRecord(
    Resource resource,
    String teacherName,
    String schoolName,
    Optional<Instant> publishedAt,
    List<CurriculumNode> path,
    long views) {
  public IndexRecord {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(teacherName, "teacherName");
    Objects.requireNonNull(schoolName, "schoolName");
    Objects.requireNonNull(publishedAt, "publishedAt");
    path = List.copyOf(path);
  }
}
