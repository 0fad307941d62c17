package org.classbridge.auth;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;

/**
 * What accounts need to know about schools and classes, answered by the schedule feature (which
 * owns schools and groups). Accounts never read the school tables themselves.
 */
public interface SchoolLookup {

  /** A school and the education group it belongs to. */
  record SchoolRef(UUID id, String name, UUID groupId, String groupName) {}

  /** A teaching class a person is a member of. */
  record ClassRef(UUID id, String name, int grade, String language, UUID schoolId) {}

  Future<Optional<SchoolRef>> school(UUID schoolId);

  /** The classes an account learns or teaches in, by grade then name. */
  Future<java.util.List<ClassRef>> classesOf(UUID userId);
}
