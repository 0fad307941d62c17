package org.classbridge.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everyone and everything a session occupies: the teacher, the main classroom (and the class in it,
 * when a class sits there), each receiving classroom with its class and assistant, and, in a
 * teachers' research session, the colleagues taking part. Each of these can be in one session at a
 * time, so a teacher in a research session is not also booked to teach a class.
 *
 * @param colleagues teachers taking part in a research session from wherever they are (no room)
 */
public record Participants(
    UUID teacherId,
    UUID mainClassroomId,
    Optional<UUID> mainClassId,
    List<Receiver> receivers,
    List<UUID> colleagues) {
  public Participants {
    Objects.requireNonNull(teacherId, "teacherId");
    Objects.requireNonNull(mainClassroomId, "mainClassroomId");
    Objects.requireNonNull(mainClassId, "mainClassId");
    receivers = List.copyOf(receivers);
    colleagues = List.copyOf(colleagues);
  }

  /** A class's participants: classrooms and classes, no colleagues. */
  public Participants(
      UUID teacherId, UUID mainClassroomId, Optional<UUID> mainClassId, List<Receiver> receivers) {
    this(teacherId, mainClassroomId, mainClassId, receivers, List.of());
  }

  /** The kinds of thing a session holds; the conflict report names them. */
  public enum HoldKind {
    TEACHER,
    CLASSROOM,
    CLASS,
    ASSISTANT
  }

  /**
   * What this session holds, resource id -> kind. An id named twice (the same room as main and
   * receiving) is a mistake the caller is told about before this is asked.
   */
  public Map<UUID, HoldKind> holds() {
    Map<UUID, HoldKind> out = new LinkedHashMap<>();
    out.put(teacherId, HoldKind.TEACHER);
    out.put(mainClassroomId, HoldKind.CLASSROOM);
    mainClassId.ifPresent(k -> out.put(k, HoldKind.CLASS));
    for (Receiver r : receivers) {
      out.put(r.classroomId(), HoldKind.CLASSROOM);
      out.put(r.classId(), HoldKind.CLASS);
      r.assistantId().ifPresent(a -> out.put(a, HoldKind.ASSISTANT));
    }
    colleagues.forEach(t -> out.put(t, HoldKind.TEACHER));
    return out;
  }

  public Participants withTeacher(UUID teacher) {
    return new Participants(teacher, mainClassroomId, mainClassId, receivers, colleagues);
  }
}
