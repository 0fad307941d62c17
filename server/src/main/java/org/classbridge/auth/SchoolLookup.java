package org.classbridge.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What accounts need to know about schools and classes, answered by the school directory (which
 * owns schools and groups). Owned by the consumer, so {@code auth} never imports {@code directory}:
 * accounts never read the school tables themselves.
 */
public interface SchoolLookup {

  /** A school and the education group it belongs to. */
  record SchoolRef(UUID id, String name, UUID groupId, String groupName) {
    /** As the signed-in user's own school appears on the wire, with its group nested. */
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id.toString())
          .put("name", name)
          .put("group", new JsonObject().put("id", groupId.toString()).put("name", groupName));
    }
  }

  /** A teaching class a person is a member of. */
  record ClassRef(UUID id, String name, int grade, String language, UUID schoolId) {
    // language: the class's teaching language as its wire id (zh, bo, bilingual)

    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id.toString())
          .put("name", name)
          .put("grade", grade)
          .put("language", language);
    }
  }

  Future<Optional<SchoolRef>> school(UUID schoolId);

  /** The ids of a group's schools. */
  Future<List<UUID>> schoolsOfGroup(UUID groupId);

  /** Which of these school ids exist; one query however many. */
  Future<Set<UUID>> existingSchools(Collection<UUID> schoolIds);

  /** The classes an account learns or teaches in, by grade then name. */
  Future<List<ClassRef>> classesOf(UUID userId);
}
