package org.classbridge.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/** The timetable's SQL, all of it: one text for H2 and PostgreSQL. */
final class ScheduleStore {

  // --- period grids

  List<PeriodSlot> grid(Tx c, UUID schoolId) throws SQLException {
    return c.list(
        "select weekday, period, label, start_minute, end_minute from period_slot"
            + " where school_id = ? order by weekday, period",
        ScheduleStore::slot,
        schoolId);
  }

  Map<UUID, PeriodGrid> grids(Tx c, Collection<UUID> schoolIds) throws SQLException {
    Map<UUID, List<PeriodSlot>> slots = new HashMap<>();
    for (List<UUID> chunk : Sql.chunks(List.copyOf(schoolIds))) {
      c.list(
          "select school_id, weekday, period, label, start_minute, end_minute from period_slot"
              + " where school_id in ("
              + Sql.marks(chunk)
              + ")",
          rs -> {
            slots.computeIfAbsent(Sql.uuid(rs, "school_id"), k -> new ArrayList<>()).add(slot(rs));
            return null;
          },
          chunk.toArray());
    }
    Map<UUID, PeriodGrid> out = new HashMap<>();
    for (UUID s : schoolIds) {
      out.put(s, new PeriodGrid(s, slots.getOrDefault(s, List.of())));
    }
    return out;
  }

  private static PeriodSlot slot(ResultSet rs) throws SQLException {
    return new PeriodSlot(
        DayOfWeek.of(rs.getInt("weekday")),
        rs.getInt("period"),
        rs.getString("label"),
        LocalTime.ofSecondOfDay(rs.getInt("start_minute") * 60L),
        minuteToTime(rs.getInt("end_minute")));
  }

  private static LocalTime minuteToTime(int minute) {
    return minute >= 1440 ? LocalTime.MAX : LocalTime.ofSecondOfDay(minute * 60L);
  }

  private static int minute(LocalTime t) {
    return t.equals(LocalTime.MAX) ? 1440 : t.toSecondOfDay() / 60;
  }

  void replaceGrid(Tx c, UUID schoolId, List<PeriodSlot> slots) throws SQLException {
    c.update("delete from period_slot where school_id = ?", schoolId);
    List<Object[]> rows = new ArrayList<>();
    for (PeriodSlot s : slots) {
      rows.add(
          new Object[] {
            schoolId,
            s.weekday().getValue(),
            s.period(),
            s.label(),
            minute(s.start()),
            minute(s.end())
          });
    }
    if (!rows.isEmpty()) {
      c.batch(
          "insert into period_slot (school_id, weekday, period, label, start_minute, end_minute)"
              + " values (?, ?, ?, ?, ?, ?)",
          rows);
    }
  }

  // --- terms

  void insertTerm(Tx c, Term t) throws SQLException {
    c.update(
        "insert into term (id, group_id, name, first_day, last_day, version, created_at)"
            + " values (?, ?, ?, ?, ?, ?, ?)",
        t.id(),
        t.groupId(),
        t.name(),
        t.firstDay(),
        t.lastDay(),
        t.version(),
        t.createdAt());
    insertTermDays(c, t);
  }

  private void insertTermDays(Tx c, Term t) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    t.holidays().forEach((d, label) -> rows.add(new Object[] {t.id(), d, "holiday", null, label}));
    t.makeupDays()
        .forEach((d, w) -> rows.add(new Object[] {t.id(), d, "makeup", w.getValue(), null}));
    if (!rows.isEmpty()) {
      c.batch(
          "insert into term_day (term_id, teaching_day, kind, teaches_as, label)"
              + " values (?, ?, ?, ?, ?)",
          rows);
    }
  }

  /** Replaces name and days of a term whose version is still {@code expectedVersion}. */
  int updateTerm(Tx c, Term t, int expectedVersion) throws SQLException {
    int n =
        c.update(
            "update term set name = ?, first_day = ?, last_day = ?, version = ?"
                + " where id = ? and version = ?",
            t.name(),
            t.firstDay(),
            t.lastDay(),
            t.version(),
            t.id(),
            expectedVersion);
    if (n == 1) {
      c.update("delete from term_day where term_id = ?", t.id());
      insertTermDays(c, t);
    }
    return n;
  }

  Optional<Term> term(Tx c, UUID id) throws SQLException {
    List<Term> found = terms(c, "t.id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  List<Term> termsOfGroup(Tx c, UUID groupId) throws SQLException {
    return terms(c, "t.group_id = ?", groupId);
  }

  List<Term> allTerms(Tx c) throws SQLException {
    return terms(c, "1 = 1");
  }

  private List<Term> terms(Tx c, String where, Object... params) throws SQLException {
    record Row(
        UUID id, UUID group, String name, LocalDate first, LocalDate last, Instant at, int v) {}
    List<Row> rows =
        c.list(
            "select t.id, t.group_id, t.name, t.first_day, t.last_day, t.created_at, t.version"
                + " from term t where "
                + where
                + " order by t.first_day, t.name",
            rs ->
                new Row(
                    Sql.uuid(rs, "id"),
                    Sql.uuid(rs, "group_id"),
                    rs.getString("name"),
                    rs.getObject("first_day", LocalDate.class),
                    rs.getObject("last_day", LocalDate.class),
                    Sql.instant(rs, "created_at"),
                    rs.getInt("version")),
            params);
    List<Term> out = new ArrayList<>();
    for (Row r : rows) {
      Map<LocalDate, String> holidays = new LinkedHashMap<>();
      Map<LocalDate, DayOfWeek> makeup = new LinkedHashMap<>();
      c.list(
          "select teaching_day, kind, teaches_as, label from term_day where term_id = ?"
              + " order by teaching_day",
          rs -> {
            LocalDate d = rs.getObject("teaching_day", LocalDate.class);
            if (rs.getString("kind").equals("holiday")) {
              String label = rs.getString("label");
              holidays.put(d, label == null ? "" : label);
            } else {
              makeup.put(d, DayOfWeek.of(rs.getInt("teaches_as")));
            }
            return null;
          },
          r.id());
      out.add(
          new Term(
              r.id(), r.group(), r.name(), r.first(), r.last(), holidays, makeup, r.at(), r.v()));
    }
    return out;
  }

  // --- pairings

  void insertPairing(Tx c, Pairing p) throws SQLException {
    Participants who = p.participants();
    c.update(
        "insert into pairing (id, group_id, term_id, subject, teacher_id, main_classroom_id,"
            + " main_class_id, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, 0)",
        p.id(),
        p.groupId(),
        p.termId(),
        p.subject(),
        who.teacherId(),
        who.mainClassroomId(),
        who.mainClassId().orElse(null),
        p.createdAt());
    List<Object[]> rows = new ArrayList<>();
    for (Receiver r : who.receivers()) {
      rows.add(new Object[] {p.id(), r.classroomId(), r.classId(), r.assistantId().orElse(null)});
    }
    c.batch(
        "insert into pairing_receiver (pairing_id, classroom_id, class_id, assistant_id)"
            + " values (?, ?, ?, ?)",
        rows);
  }

  int retirePairing(Tx c, UUID id, Instant at) throws SQLException {
    return c.update(
        "update pairing set retired_at = ?, version = version + 1 where id = ? and retired_at is null",
        at,
        id);
  }

  Optional<Pairing> pairing(Tx c, UUID id) throws SQLException {
    List<Pairing> found = pairings(c, "p.id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  List<Pairing> pairingsOfGroup(Tx c, UUID groupId, Optional<UUID> termId) throws SQLException {
    return termId.isPresent()
        ? pairings(
            c, "p.group_id = ? and p.term_id = ? and p.retired_at is null", groupId, termId.get())
        : pairings(c, "p.group_id = ? and p.retired_at is null", groupId);
  }

  /** Pairings someone teaches, assists in, or whose classes they are in. */
  List<Pairing> pairingsInvolving(Tx c, UUID userId, Collection<UUID> classIds)
      throws SQLException {
    List<Object> params = new ArrayList<>(List.of(userId, userId));
    String classes = "";
    if (!classIds.isEmpty()) {
      List<UUID> ids = List.copyOf(classIds);
      classes =
          " or p.main_class_id in ("
              + Sql.marks(ids)
              + ") or p.id in (select pairing_id from pairing_receiver where class_id in ("
              + Sql.marks(ids)
              + "))";
      params.addAll(ids);
      params.addAll(ids);
    }
    return pairings(
        c,
        "p.retired_at is null and (p.teacher_id = ? or p.id in (select pairing_id from"
            + " pairing_receiver where assistant_id = ?)"
            + classes
            + ")",
        params.toArray());
  }

  private List<Pairing> pairings(Tx c, String where, Object... params) throws SQLException {
    List<Pairing> heads =
        c.list(
            "select p.id, p.group_id, p.term_id, p.subject, p.teacher_id, p.main_classroom_id,"
                + " p.main_class_id, p.created_at, p.retired_at, p.version from pairing p where "
                + where
                + " order by p.created_at, p.id",
            rs ->
                new Pairing(
                    Sql.uuid(rs, "id"),
                    Sql.uuid(rs, "group_id"),
                    Sql.uuid(rs, "term_id"),
                    Wire.require(Subject.class, rs.getString("subject")),
                    new Participants(
                        Sql.uuid(rs, "teacher_id"),
                        Sql.uuid(rs, "main_classroom_id"),
                        Optional.ofNullable(Sql.uuid(rs, "main_class_id")),
                        List.of()),
                    Sql.instant(rs, "created_at"),
                    Optional.ofNullable(Sql.instant(rs, "retired_at")),
                    rs.getInt("version")),
            params);
    if (heads.isEmpty()) {
      return heads;
    }
    Map<UUID, List<Receiver>> receivers = new HashMap<>();
    for (List<Pairing> chunk : Sql.chunks(heads)) {
      List<UUID> ids = chunk.stream().map(Pairing::id).toList();
      c.list(
          "select pairing_id, classroom_id, class_id, assistant_id from pairing_receiver"
              + " where pairing_id in ("
              + Sql.marks(ids)
              + ") order by classroom_id",
          rs -> {
            receivers
                .computeIfAbsent(Sql.uuid(rs, "pairing_id"), k -> new ArrayList<>())
                .add(receiver(rs));
            return null;
          },
          ids.toArray());
    }
    List<Pairing> out = new ArrayList<>();
    for (Pairing p : heads) {
      Participants w = p.participants();
      out.add(
          new Pairing(
              p.id(),
              p.groupId(),
              p.termId(),
              p.subject(),
              new Participants(
                  w.teacherId(),
                  w.mainClassroomId(),
                  w.mainClassId(),
                  receivers.getOrDefault(p.id(), List.of())),
              p.createdAt(),
              p.retiredAt(),
              p.version()));
    }
    return out;
  }

  private static Receiver receiver(ResultSet rs) throws SQLException {
    return new Receiver(
        Sql.uuid(rs, "classroom_id"),
        Sql.uuid(rs, "class_id"),
        Optional.ofNullable(Sql.uuid(rs, "assistant_id")));
  }

  // --- series

  void insertSeries(
      Tx c,
      UUID id,
      UUID groupId,
      UUID termId,
      Optional<UUID> pairingId,
      Set<DayOfWeek> weekdays,
      int period,
      LocalDate first,
      LocalDate last,
      UUID createdBy,
      Instant at)
      throws SQLException {
    StringBuilder days = new StringBuilder();
    for (DayOfWeek d : new TreeSet<>(weekdays)) {
      days.append(days.isEmpty() ? "" : ",").append(d.getValue());
    }
    c.update(
        "insert into session_series (id, group_id, term_id, pairing_id, weekdays, period,"
            + " first_day, last_day, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        groupId,
        termId,
        pairingId.orElse(null),
        days.toString(),
        period,
        first,
        last,
        createdBy,
        at);
  }

  // --- sessions

  private static final String SESSION_COLUMNS =
      "s.id, s.group_id, s.term_id, s.series_id, s.pairing_id, s.subject, s.title, s.teacher_id,"
          + " s.main_classroom_id, s.main_class_id, s.starts_at, s.ends_at, s.teaching_day, s.period,"
          + " s.room_name, s.status, s.version, s.studio_id";

  void insertSession(Tx c, ClassSession s, Instant at) throws SQLException {
    Participants p = s.participants();
    c.update(
        "insert into class_session (id, group_id, term_id, series_id, pairing_id, subject, title,"
            + " teacher_id, main_classroom_id, main_class_id, starts_at, ends_at, teaching_day, period,"
            + " room_name, status, version, created_at, studio_id)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.id(),
        s.groupId(),
        s.termId(),
        s.seriesId().orElse(null),
        s.pairingId().orElse(null),
        s.subject(),
        s.title().orElse(null),
        p.teacherId(),
        p.mainClassroomId(),
        p.mainClassId().orElse(null),
        s.startsAt(),
        s.endsAt(),
        s.day(),
        s.period().orElse(null),
        s.roomName(),
        s.status(),
        s.version(),
        at,
        s.studioId().orElse(null));
    insertParts(c, s);
  }

  private void insertParts(Tx c, ClassSession s) throws SQLException {
    List<Object[]> receivers = new ArrayList<>();
    for (Receiver r : s.participants().receivers()) {
      receivers.add(
          new Object[] {s.id(), r.classroomId(), r.classId(), r.assistantId().orElse(null)});
    }
    c.batch(
        "insert into session_receiver (session_id, classroom_id, class_id, assistant_id)"
            + " values (?, ?, ?, ?)",
        receivers);
    List<Object[]> colleagues = new ArrayList<>();
    for (UUID t : s.participants().colleagues()) {
      colleagues.add(new Object[] {s.id(), t});
    }
    if (!colleagues.isEmpty()) {
      c.batch("insert into session_colleague (session_id, teacher_id) values (?, ?)", colleagues);
    }
    List<Object[]> resources = new ArrayList<>();
    for (int i = 0; i < s.resources().size(); i++) {
      resources.add(new Object[] {s.id(), s.resources().get(i), i});
    }
    if (!resources.isEmpty()) {
      c.batch(
          "insert into session_resource (session_id, resource_id, sort_order) values (?, ?, ?)",
          resources);
    }
    if (s.booked()) {
      insertHolds(c, s);
    }
  }

  /** Writes a changed session over the one at {@code expectedVersion}; 0 when it moved on. */
  int updateSession(Tx c, ClassSession s, int expectedVersion, Instant at) throws SQLException {
    Participants p = s.participants();
    int n =
        c.update(
            "update class_session set title = ?, teacher_id = ?, main_classroom_id = ?,"
                + " main_class_id = ?, starts_at = ?, ends_at = ?, teaching_day = ?, period = ?,"
                + " status = ?, version = ?, updated_at = ? where id = ? and version = ?",
            s.title().orElse(null),
            p.teacherId(),
            p.mainClassroomId(),
            p.mainClassId().orElse(null),
            s.startsAt(),
            s.endsAt(),
            s.day(),
            s.period().orElse(null),
            s.status(),
            s.version(),
            at,
            s.id(),
            expectedVersion);
    if (n == 1) {
      c.update("delete from session_hold where session_id = ?", s.id());
      c.update("delete from session_receiver where session_id = ?", s.id());
      c.update("delete from session_colleague where session_id = ?", s.id());
      c.update("delete from session_resource where session_id = ?", s.id());
      insertParts(c, s);
    }
    return n;
  }

  private void insertHolds(Tx c, ClassSession s) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    s.participants()
        .holds()
        .forEach((id, kind) -> rows.add(new Object[] {s.id(), id, kind, s.startsAt(), s.endsAt()}));
    c.batch(
        "insert into session_hold (session_id, resource_id, kind, starts_at, ends_at)"
            + " values (?, ?, ?, ?, ?)",
        rows);
  }

  Optional<ClassSession> session(Tx c, UUID id, boolean lock) throws SQLException {
    List<ClassSession> found = sessions(c, "s.id = ?" + (lock ? " for update" : ""), List.of(id));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  List<ClassSession> sessionsById(Tx c, Collection<UUID> ids) throws SQLException {
    List<ClassSession> out = new ArrayList<>();
    for (List<UUID> chunk : Sql.chunks(List.copyOf(ids))) {
      out.addAll(sessions(c, "s.id in (" + Sql.marks(chunk) + ")", List.copyOf(chunk)));
    }
    out.sort(java.util.Comparator.comparing(ClassSession::startsAt));
    return out;
  }

  /** Booked sessions of a series starting at or after {@code from}, in time order. */
  List<ClassSession> seriesFrom(Tx c, UUID seriesId, Instant from) throws SQLException {
    return sessions(
        c,
        "s.series_id = ? and s.starts_at >= ? and s.status = 'booked' order by s.starts_at",
        List.of(seriesId, from));
  }

  /** Booked sessions of a group starting in [from, to). */
  List<ClassSession> sessionsOfGroup(Tx c, UUID groupId, Instant from, Instant to)
      throws SQLException {
    return sessions(
        c,
        "s.group_id = ? and s.starts_at >= ? and s.starts_at < ? and s.status = 'booked'"
            + " order by s.starts_at",
        List.of(groupId, from, to));
  }

  /** A studio's research sessions starting in [from, to), cancelled ones too, in time order. */
  List<ClassSession> sessionsOfStudio(Tx c, UUID studioId, Instant from, Instant to)
      throws SQLException {
    return sessions(
        c,
        "s.studio_id = ? and s.starts_at >= ? and s.starts_at < ? order by s.starts_at",
        List.of(studioId, from, to));
  }

  /** Ids of the booked sessions holding any of {@code resources}, starting in [from, to). */
  Set<UUID> sessionsHolding(Tx c, Collection<UUID> resources, Instant from, Instant to)
      throws SQLException {
    Set<UUID> out = new TreeSet<>();
    for (List<UUID> chunk : Sql.chunks(List.copyOf(resources))) {
      List<Object> params = new ArrayList<>(chunk);
      params.add(from);
      params.add(to);
      out.addAll(
          c.list(
              "select distinct session_id from session_hold where resource_id in ("
                  + Sql.marks(chunk)
                  + ") and starts_at >= ? and starts_at < ?",
              rs -> Sql.uuid(rs, "session_id"),
              params.toArray()));
    }
    return out;
  }

  private List<ClassSession> sessions(Tx c, String where, List<Object> params) throws SQLException {
    List<ClassSession> heads =
        c.list(
            "select " + SESSION_COLUMNS + " from class_session s where " + where,
            ScheduleStore::sessionHead,
            params.toArray());
    if (heads.isEmpty()) {
      return heads;
    }
    Map<UUID, List<Receiver>> receivers = new HashMap<>();
    Map<UUID, List<UUID>> resources = new HashMap<>();
    Map<UUID, List<UUID>> colleagues = new HashMap<>();
    for (List<ClassSession> chunk : Sql.chunks(heads)) {
      List<UUID> ids = chunk.stream().map(ClassSession::id).toList();
      if (chunk.stream().anyMatch(ClassSession::research)) {
        c.list(
            "select session_id, teacher_id from session_colleague where session_id in ("
                + Sql.marks(ids)
                + ") order by teacher_id",
            rs -> {
              colleagues
                  .computeIfAbsent(Sql.uuid(rs, "session_id"), k -> new ArrayList<>())
                  .add(Sql.uuid(rs, "teacher_id"));
              return null;
            },
            ids.toArray());
      }
      c.list(
          "select session_id, classroom_id, class_id, assistant_id from session_receiver"
              + " where session_id in ("
              + Sql.marks(ids)
              + ") order by classroom_id",
          rs -> {
            receivers
                .computeIfAbsent(Sql.uuid(rs, "session_id"), k -> new ArrayList<>())
                .add(receiver(rs));
            return null;
          },
          ids.toArray());
      c.list(
          "select session_id, resource_id from session_resource where session_id in ("
              + Sql.marks(ids)
              + ") order by session_id, sort_order",
          rs -> {
            resources
                .computeIfAbsent(Sql.uuid(rs, "session_id"), k -> new ArrayList<>())
                .add(Sql.uuid(rs, "resource_id"));
            return null;
          },
          ids.toArray());
    }
    List<ClassSession> out = new ArrayList<>(heads.size());
    for (ClassSession s : heads) {
      Participants p = s.participants();
      out.add(
          new ClassSession(
              s.id(),
              s.groupId(),
              s.termId(),
              s.seriesId(),
              s.pairingId(),
              s.studioId(),
              s.subject(),
              s.title(),
              new Participants(
                  p.teacherId(),
                  p.mainClassroomId(),
                  p.mainClassId(),
                  receivers.getOrDefault(s.id(), List.of()),
                  colleagues.getOrDefault(s.id(), List.of())),
              s.startsAt(),
              s.endsAt(),
              s.day(),
              s.period(),
              s.roomName(),
              s.status(),
              resources.getOrDefault(s.id(), List.of()),
              s.version()));
    }
    return out;
  }

  private static ClassSession sessionHead(ResultSet rs) throws SQLException {
    int period = rs.getInt("period");
    Optional<Integer> p = rs.wasNull() ? Optional.empty() : Optional.of(period);
    return new ClassSession(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "group_id"),
        Sql.uuid(rs, "term_id"),
        Optional.ofNullable(Sql.uuid(rs, "series_id")),
        Optional.ofNullable(Sql.uuid(rs, "pairing_id")),
        Optional.ofNullable(Sql.uuid(rs, "studio_id")),
        Wire.require(Subject.class, rs.getString("subject")),
        Optional.ofNullable(rs.getString("title")),
        new Participants(
            Sql.uuid(rs, "teacher_id"),
            Sql.uuid(rs, "main_classroom_id"),
            Optional.ofNullable(Sql.uuid(rs, "main_class_id")),
            List.of()),
        Sql.instant(rs, "starts_at"),
        Sql.instant(rs, "ends_at"),
        rs.getObject("teaching_day", LocalDate.class),
        p,
        rs.getString("room_name"),
        Wire.require(SessionStatus.class, rs.getString("status")),
        List.of(),
        rs.getInt("version"));
  }

  // --- locks and overlap

  /**
   * Makes sure every resource has its lock row. ON CONFLICT DO NOTHING (PostgreSQL, and H2 in
   * PostgreSQL mode) waits for a concurrent insert of the same row instead of failing, so two first
   * bookings of a new room do not abort each other.
   */
  void ensureLockRows(Tx c, Map<UUID, Participants.HoldKind> resources) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    new java.util.TreeMap<>(resources).forEach((id, kind) -> rows.add(new Object[] {id, kind}));
    c.batch("insert into schedule_lock (id, kind) values (?, ?) on conflict do nothing", rows);
  }

  /**
   * Locks the resources' rows in id order, in one statement: every booking takes its locks in the
   * same global order, so two bookings can wait for each other but never deadlock.
   */
  void lockInOrder(Tx c, Collection<UUID> resources) throws SQLException {
    List<UUID> sorted = List.copyOf(new TreeSet<>(resources));
    for (List<UUID> chunk : Sql.chunks(sorted)) {
      c.list(
          "select id from schedule_lock where id in ("
              + Sql.marks(chunk)
              + ") order by id for update",
          rs -> Sql.uuid(rs, "id"),
          chunk.toArray());
    }
  }

  /**
   * Holds of {@code resources} overlapping [start, end), other than those of {@code ignore}. Reads
   * only holds starting within {@code longest} before {@code start}: an index range per resource,
   * whatever the size of the timetable.
   */
  List<Conflict> overlapping(
      Tx c,
      Collection<UUID> resources,
      Instant start,
      Instant end,
      LocalDate day,
      Set<UUID> ignore,
      Duration longest)
      throws SQLException {
    List<Object> params = new ArrayList<>(resources);
    params.add(start.minus(longest));
    params.add(end);
    params.add(start);
    List<Conflict> out = new ArrayList<>();
    for (Conflict k :
        c.list(
            "select resource_id, kind, session_id, starts_at, ends_at from session_hold"
                + " where resource_id in ("
                + Sql.marks(List.copyOf(resources))
                + ") and starts_at > ? and starts_at < ? and ends_at > ?",
            rs ->
                new Conflict(
                    day,
                    start,
                    end,
                    Sql.uuid(rs, "resource_id"),
                    Wire.require(Participants.HoldKind.class, rs.getString("kind")),
                    Optional.of(Sql.uuid(rs, "session_id")),
                    Optional.of(Sql.instant(rs, "starts_at")),
                    Optional.of(Sql.instant(rs, "ends_at"))),
            params.toArray())) {
      if (!ignore.contains(k.otherSession().orElseThrow())) {
        out.add(k);
      }
    }
    return out;
  }

  // --- attendance

  /** Students marked present per session, for the sessions asked about. */
  Map<UUID, Integer> presentCounts(Tx c, Collection<UUID> sessionIds) throws SQLException {
    Map<UUID, Integer> out = new HashMap<>();
    for (List<UUID> chunk : Sql.chunks(List.copyOf(sessionIds))) {
      c.list(
          "select session_id, count(*) as n from attendance where present = true and session_id in ("
              + Sql.marks(chunk)
              + ") group by session_id",
          rs -> out.put(Sql.uuid(rs, "session_id"), rs.getInt("n")),
          chunk.toArray());
    }
    return out;
  }

  /**
   * Sessions a receiving classroom connected to live (the connection log): held, even when nobody
   * has ticked the attendance list yet.
   */
  java.util.Set<UUID> connected(Tx c, Collection<UUID> sessionIds) throws SQLException {
    java.util.Set<UUID> out = new java.util.HashSet<>();
    for (List<UUID> chunk : Sql.chunks(List.copyOf(sessionIds))) {
      c.list(
          "select distinct session_id from live_connection where endpoint_id like 'r-%'"
              + " and session_id in ("
              + Sql.marks(chunk)
              + ")",
          rs -> out.add(Sql.uuid(rs, "session_id")),
          chunk.toArray());
    }
    return out;
  }

  /** Who was marked, per session and class: student -> present. */
  Map<UUID, Boolean> attendance(Tx c, UUID sessionId, UUID classId) throws SQLException {
    Map<UUID, Boolean> out = new LinkedHashMap<>();
    c.list(
        "select student_id, present from attendance where session_id = ? and class_id = ?",
        rs -> out.put(Sql.uuid(rs, "student_id"), rs.getBoolean("present")),
        sessionId,
        classId);
    return out;
  }

  /** Marks per (session, class) for many sessions: [session, class, present, marked]. */
  record Marks(UUID sessionId, UUID classId, int present, int marked) {}

  List<Marks> marks(Tx c, Collection<UUID> sessionIds) throws SQLException {
    List<Marks> out = new ArrayList<>();
    for (List<UUID> chunk : Sql.chunks(List.copyOf(sessionIds))) {
      out.addAll(
          c.list(
              "select session_id, class_id,"
                  + " sum(case when present then 1 else 0 end) as present, count(*) as marked"
                  + " from attendance where session_id in ("
                  + Sql.marks(chunk)
                  + ") group by session_id, class_id",
              rs ->
                  new Marks(
                      Sql.uuid(rs, "session_id"),
                      Sql.uuid(rs, "class_id"),
                      rs.getInt("present"),
                      rs.getInt("marked")),
              chunk.toArray()));
    }
    return out;
  }

  void replaceAttendance(
      Tx c, UUID sessionId, UUID classId, Map<UUID, Boolean> marks, UUID by, Instant at)
      throws SQLException {
    c.update("delete from attendance where session_id = ? and class_id = ?", sessionId, classId);
    List<Object[]> rows = new ArrayList<>();
    marks.forEach(
        (student, present) ->
            rows.add(new Object[] {sessionId, classId, student, present, by, at}));
    if (!rows.isEmpty()) {
      c.batch(
          "insert into attendance (session_id, class_id, student_id, present, marked_by, marked_at)"
              + " values (?, ?, ?, ?, ?, ?)",
          rows);
    }
  }

  // --- calendar feeds

  record Feed(
      UUID id,
      String ownerKind,
      UUID ownerId,
      UUID groupId,
      UUID createdBy,
      Instant createdAt,
      Optional<Instant> revokedAt) {}

  private static final String FEED_COLUMNS =
      "id, owner_kind, owner_id, group_id, created_by, created_at, revoked_at";

  private static Feed feed(ResultSet rs) throws SQLException {
    return new Feed(
        Sql.uuid(rs, "id"),
        rs.getString("owner_kind"),
        Sql.uuid(rs, "owner_id"),
        Sql.uuid(rs, "group_id"),
        Sql.uuid(rs, "created_by"),
        Sql.instant(rs, "created_at"),
        Optional.ofNullable(Sql.instant(rs, "revoked_at")));
  }

  void insertFeed(Tx c, Feed f, String tokenHash) throws SQLException {
    c.update(
        "insert into calendar_feed (id, token_hash, owner_kind, owner_id, group_id, created_by,"
            + " created_at) values (?, ?, ?, ?, ?, ?, ?)",
        f.id(),
        tokenHash,
        f.ownerKind(),
        f.ownerId(),
        f.groupId(),
        f.createdBy(),
        f.createdAt());
  }

  Optional<Feed> feedByToken(Tx c, String tokenHash) throws SQLException {
    return c.one(
        "select "
            + FEED_COLUMNS
            + " from calendar_feed where token_hash = ? and revoked_at is null",
        ScheduleStore::feed,
        tokenHash);
  }

  Optional<Feed> feed(Tx c, UUID id) throws SQLException {
    return c.one(
        "select " + FEED_COLUMNS + " from calendar_feed where id = ?", ScheduleStore::feed, id);
  }

  List<Feed> feedsVisibleTo(Tx c, UUID createdBy, Optional<UUID> groupId) throws SQLException {
    if (groupId.isPresent()) {
      return c.list(
          "select "
              + FEED_COLUMNS
              + " from calendar_feed where revoked_at is null and group_id = ?"
              + " order by created_at",
          ScheduleStore::feed,
          groupId.get());
    }
    return c.list(
        "select "
            + FEED_COLUMNS
            + " from calendar_feed where revoked_at is null and created_by = ?"
            + " order by created_at",
        ScheduleStore::feed,
        createdBy);
  }

  int revokeFeed(Tx c, UUID id, Instant at) throws SQLException {
    return c.update(
        "update calendar_feed set revoked_at = ? where id = ? and revoked_at is null", at, id);
  }

  // --- Jitsi conferences

  record Conference(
      long id, UUID sessionId, String room, String mailOwner, Instant startTime, boolean active) {}

  private static Conference conference(ResultSet rs) throws SQLException {
    return new Conference(
        rs.getLong("id"),
        Sql.uuid(rs, "session_id"),
        rs.getString("room"),
        rs.getString("mail_owner"),
        Sql.instant(rs, "start_time"),
        rs.getBoolean("active"));
  }

  Optional<Conference> conferenceOfSession(Tx c, UUID sessionId, boolean lock) throws SQLException {
    return c.one(
        "select id, session_id, room, mail_owner, start_time, active from jitsi_conference"
            + " where session_id = ?"
            + (lock ? " for update" : ""),
        ScheduleStore::conference,
        sessionId);
  }

  Optional<Conference> conference(Tx c, long id) throws SQLException {
    return c.one(
        "select id, session_id, room, mail_owner, start_time, active from jitsi_conference"
            + " where id = ?",
        ScheduleStore::conference,
        id);
  }

  void insertConference(Tx c, Conference k) throws SQLException {
    c.update(
        "insert into jitsi_conference (id, session_id, room, mail_owner, start_time, active)"
            + " values (?, ?, ?, ?, ?, ?)",
        k.id(),
        k.sessionId(),
        k.room(),
        k.mailOwner(),
        k.startTime(),
        k.active());
  }

  int reopenConference(Tx c, long id, String mailOwner, Instant startTime) throws SQLException {
    return c.update(
        "update jitsi_conference set active = true, mail_owner = ?, start_time = ? where id = ?",
        mailOwner,
        startTime,
        id);
  }

  int closeConference(Tx c, long id) throws SQLException {
    return c.update(
        "update jitsi_conference set active = false where id = ? and active = true", id);
  }

  /** The booked session whose live room this is. */
  Optional<ClassSession> sessionByRoom(Tx c, String room) throws SQLException {
    List<ClassSession> found = sessions(c, "s.room_name = ?", List.of(room));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }
}
