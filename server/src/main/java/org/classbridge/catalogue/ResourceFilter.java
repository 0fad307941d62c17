package org.classbridge.catalogue;

import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Subject;

/** What a listing of resources asks for; empty members do not filter. */
public record ResourceFilter(
    Optional<Subject> subject,
    Optional<Integer> grade,
    Optional<Stage> stage,
    Optional<ResourceKind> kind,
    Optional<ResourceStatus> status,
    Optional<UUID> teacher,
    Optional<UUID> node) {

  /** The resources one teacher made. */
  public static ResourceFilter byTeacher(UUID teacher) {
    return new ResourceFilter(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(teacher),
        Optional.empty());
  }
}
