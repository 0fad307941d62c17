package org.classbridge.schedule;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.identity.Role;

/**
 * What the timetable needs to know about the school directory and accounts, and nothing more. The
 * composition root implements it over the directory's services, so the schedule never reads the
 * directory's tables and the directory never learns about timetables.
 *
 * <p>Lookups by id return every id they know, retired or not, in any group: the schedule checks
 * group membership and retirement itself, so it can say which rule failed.
 */
public interface ScheduleDirectory {

  record Room(
      UUID id,
      UUID schoolId,
      UUID groupId,
      String name,
      Optional<String> nameBo,
      boolean main,
      int capacity,
      boolean retired,
      boolean listenOnly,
      Optional<Integer> uplinkKbps,
      boolean recordPupils) {}

  record Klass(
      UUID id,
      UUID schoolId,
      UUID groupId,
      String name,
      Optional<String> nameBo,
      int grade,
      boolean retired) {}

  record Person(
      UUID id,
      String displayName,
      Role role,
      Optional<UUID> schoolId,
      Optional<UUID> groupId,
      boolean active) {}

  record SchoolInfo(UUID id, UUID groupId, String name, Optional<String> nameBo) {}

  Future<Map<UUID, Room>> rooms(Collection<UUID> ids);

  Future<Map<UUID, Klass>> classes(Collection<UUID> ids);

  Future<Map<UUID, Person>> people(Collection<UUID> ids);

  Future<Map<UUID, SchoolInfo>> schools(Collection<UUID> ids);

  /** The schools of a group. */
  Future<List<SchoolInfo>> schoolsOfGroup(UUID groupId);

  /** The classrooms and classes of a school, retired ones included (history still names them). */
  Future<List<UUID>> roomsAndClassesOf(UUID schoolId);

  /** The classes someone is a member of (a student learns in, a teacher teaches). */
  Future<List<UUID>> classesOf(UUID userId);

  /** The active students of a class. */
  Future<List<Person>> students(UUID classId);
}
