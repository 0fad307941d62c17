package org.classbridge.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Await.await;
import static org.classbridge.testing.Await.failure;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.classbridge.app.AppConfig;
import org.classbridge.app.Services;
import org.classbridge.app.Setting;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountOrigin;
import org.classbridge.auth.AccountService;
import org.classbridge.auth.NewAccount;
import org.classbridge.common.Language;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.Classroom;
import org.classbridge.directory.ClassroomKind;
import org.classbridge.directory.EducationGroup;
import org.classbridge.directory.School;
import org.classbridge.directory.SchoolClass;
import org.classbridge.directory.SchoolSetting;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.Poll;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage rules every SQL backend must keep, run through the services (the one SQL code path).
 * Subclasses supply the database: H2 always, PostgreSQL when one is reachable.
 */
abstract class StorageContract {
  private static final Principal ADMIN =
      new Principal(UUID.randomUUID(), "root", Role.ADMIN, Optional.empty(), Optional.empty());

  @TempDir Path data;
  Vertx vertx;
  Services services;
  final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T00:00:00.123456Z"));

  /** The JDBC URL of an empty database (or schema) for one test. */
  abstract String jdbcUrl(Path data) throws Exception;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    // a short lock wait, so the contention tests take a second, not the default 15
    AppConfig config =
        TestApp.config(
            data, Map.of(Setting.DB_URL, jdbcUrl(data), Setting.DB_LOCK_TIMEOUT, "PT0.3S"));
    services = Services.open(vertx, config, clock);
  }

  @AfterEach
  void close() {
    if (services != null) {
      services.close();
    }
    await(vertx.close());
  }

  private EducationGroup group(String name) {
    return await(services.directory().createGroup(name));
  }

  private School school(EducationGroup g, String name, String setting) {
    return await(
        services.directory().createSchool(g.id().toString(), name, "玉树藏族自治州", "称多县", setting));
  }

  private NewAccount account(String username, Role role, UUID school) {
    return new NewAccount(
        username, "ཚེ་རིང་ " + username, role, school, Language.BO, "classbridge");
  }

  private static String code(Throwable t) {
    assertThat(t).isInstanceOf(Problem.class);
    return ((Problem) t).code();
  }

  @Test
  @DisplayName("groups, schools, classrooms and classes round-trip with Chinese and Tibetan names")
  void directoryRoundTrip() {
    EducationGroup g = group("三江源教育集团");
    School s = school(g, "玉树州通天河寄宿学校 ཡུལ་ཤུལ།", "pastoral");
    Classroom room = await(services.directory().createClassroom(s.id(), "接收教室", "receiving", 45));
    SchoolClass k = await(services.directory().createClass(s.id(), "八年级（1）班", 8, "bilingual"));

    assertThat(await(services.directory().groups(ADMIN))).containsExactly(g);
    List<School> schools = await(services.directory().schools(ADMIN, Optional.of(g.id())));
    assertThat(schools).containsExactly(s);
    assertThat(schools.get(0).setting()).isEqualTo(SchoolSetting.PASTORAL);
    assertThat(s.createdAt()).isEqualTo(clock.instant());
    assertThat(await(services.directory().classrooms(ADMIN, s.id())))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r).isEqualTo(room);
              assertThat(r.kind()).isEqualTo(ClassroomKind.RECEIVING);
            });
    assertThat(await(services.directory().classes(ADMIN, s.id()))).containsExactly(k);
    assertThat(await(services.directory().schoolByName("玉树州通天河寄宿学校 ཡུལ་ཤུལ།"))).contains(s);
  }

  @Test
  @DisplayName(
      "names are unique where the domain says so, and a duplicate is a conflict, not an error")
  void uniqueness() {
    EducationGroup g = group("集团");
    School s = school(g, "学校甲", "urban");
    assertThat(code(failure(services.directory().createGroup("集团")))).isEqualTo("group-exists");
    assertThat(
            code(
                failure(
                    services
                        .directory()
                        .createSchool(g.id().toString(), "学校甲", "西宁市", "城西区", "urban"))))
        .isEqualTo("school-exists");
    await(services.directory().createClassroom(s.id(), "A201", "main", 60));
    assertThat(code(failure(services.directory().createClassroom(s.id(), "A201", "main", 30))))
        .isEqualTo("classroom-exists");
    assertThat(
            code(
                failure(
                    services
                        .directory()
                        .createSchool(UUID.randomUUID().toString(), "学校乙", "西宁市", "城西区", "urban"))))
        .isEqualTo("unknown-group");
    assertThat(await(services.directory().schools(ADMIN, Optional.empty()))).hasSize(1);
  }

  @Test
  @DisplayName("a batch of accounts is created whole or not at all")
  void accountBatchIsAtomic() {
    School s = school(group("集团"), "学校", "rural");
    await(services.accounts().create(account("taken", Role.STUDENT, s.id()), AccountOrigin.API));
    Throwable f =
        failure(
            services
                .accounts()
                .createAll(
                    List.of(
                        account("fresh.one", Role.STUDENT, s.id()),
                        account("taken", Role.STUDENT, s.id()),
                        account("fresh.two", Role.TEACHER, s.id())),
                    AccountOrigin.IMPORT));
    assertThat(code(f)).isEqualTo("username-taken");
    assertThat(
            await(services.accounts().findByUsernames(List.of("fresh.one", "fresh.two", "taken"))))
        .containsOnlyKeys("taken");
    assertThat(
            code(
                failure(
                    services
                        .accounts()
                        .create(
                            account("lost", Role.TEACHER, UUID.randomUUID()), AccountOrigin.API))))
        .isEqualTo("unknown-school");
  }

  @Test
  @DisplayName("sixteen concurrent creations of one username make exactly one account")
  void concurrentUsernames() {
    School s = school(group("集团"), "学校", "rural");
    List<Future<Account>> attempts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      attempts.add(
          services
              .accounts()
              .create(account("same.name", Role.STUDENT, s.id()), AccountOrigin.API));
    }
    await(Future.join(attempts).otherwiseEmpty());
    long ok = attempts.stream().filter(Future::succeeded).count();
    assertThat(ok).isEqualTo(1);
    for (Future<Account> a : attempts) {
      if (a.failed()) {
        assertThat(code(a.cause())).isEqualTo("username-taken");
      }
    }
  }

  @Test
  @DisplayName(
      "accounts keep role, school, language and origin; the list filters by role and school")
  void accountsRoundTrip() {
    School s = school(group("集团"), "学校", "pastoral");
    Account created =
        await(
            services
                .accounts()
                .create(account("student.a", Role.STUDENT, s.id()), AccountOrigin.IMPORT));
    await(
        services.accounts().create(account("teacher.a", Role.TEACHER, s.id()), AccountOrigin.API));
    Account found = await(services.accounts().find(created.id())).orElseThrow();
    assertThat(found).isEqualTo(created);
    assertThat(found.createdAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
    assertThat(found.language()).isEqualTo(Language.BO);
    assertThat(
            await(
                services
                    .accounts()
                    .list(
                        ADMIN,
                        new AccountService.Query(
                            Optional.of(Role.STUDENT),
                            Optional.of(s.id()),
                            Optional.empty(),
                            Optional.empty(),
                            0,
                            100))))
        .extracting(Account::username)
        .containsExactly("student.a");
    assertThat(await(services.accounts().countByOrigin(AccountOrigin.IMPORT))).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "class membership is idempotent and only for students and teachers of the same school")
  void membership() {
    EducationGroup g = group("集团");
    School a = school(g, "学校A", "urban");
    School b = school(g, "学校B", "rural");
    SchoolClass k = await(services.directory().createClass(a.id(), "八年级（1）班", 8, "zh"));
    Account student =
        await(services.accounts().create(account("s.a", Role.STUDENT, a.id()), AccountOrigin.API));
    Account elsewhere =
        await(services.accounts().create(account("s.b", Role.STUDENT, b.id()), AccountOrigin.API));
    Account coordinator =
        await(
            services
                .accounts()
                .create(account("c.a", Role.COORDINATOR, a.id()), AccountOrigin.API));

    assertThat(await(services.roster().addMember(k.id(), student.id()))).isTrue();
    assertThat(await(services.roster().addMember(k.id(), student.id()))).isFalse();
    assertThat(code(failure(services.roster().addMember(k.id(), elsewhere.id()))))
        .isEqualTo("member-wrong-school");
    assertThat(code(failure(services.roster().addMember(k.id(), coordinator.id()))))
        .isEqualTo("member-wrong-role");
    assertThat(code(failure(services.roster().addMember(UUID.randomUUID(), student.id()))))
        .isEqualTo("class-not-found");
    assertThat(
            code(
                failure(
                    services
                        .roster()
                        .ensureMembers(
                            List.of(
                                new ClassRoster.Membership(k.id(), student.id()),
                                new ClassRoster.Membership(k.id(), elsewhere.id()))))))
        .isEqualTo("member-wrong-school");
    assertThat(await(services.roster().members(ADMIN, k.id()))).containsExactly(student);
    assertThat(await(services.directory().classesOf(student.id())))
        .singleElement()
        .satisfies(ref -> assertThat(ref.name()).isEqualTo("八年级（1）班"));
  }

  @Test
  @DisplayName("sixteen concurrent additions of one member add it once and fail none")
  void concurrentMembership() {
    School a = school(group("集团"), "学校", "urban");
    SchoolClass k = await(services.directory().createClass(a.id(), "八年级（1）班", 8, "zh"));
    Account student =
        await(
            services.accounts().create(account("s.same", Role.STUDENT, a.id()), AccountOrigin.API));
    List<Future<Boolean>> adds = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      adds.add(services.roster().addMember(k.id(), student.id()));
    }
    await(Future.join(adds).otherwiseEmpty());
    assertThat(adds).allMatch(Future::succeeded);
    assertThat(adds.stream().filter(f -> f.result()).count()).isEqualTo(1);
    assertThat(await(services.roster().members(ADMIN, k.id()))).containsExactly(student);
  }

  @Test
  @DisplayName(
      "names at their full length in rare CJK characters (two UTF-16 units each) are stored")
  void supplementaryCharacters() {
    String rare = "𠀀"; // U+20000, CJK Extension B
    School s = school(group(rare.repeat(200)), rare.repeat(200), "rural");
    Validation v = new Validation();
    NewAccount n =
        NewAccount.validated(
            v,
            "",
            "rare.name",
            rare.repeat(100),
            "student",
            s.id().toString(),
            "zh-CN",
            "classbridge");
    v.orThrow();
    Account a = await(services.accounts().create(n, AccountOrigin.API));
    assertThat(await(services.accounts().find(a.id())).orElseThrow().displayName())
        .isEqualTo(rare.repeat(100));
    assertThat(await(services.directory().schoolByName(rare.repeat(200)))).contains(s);
  }

  @Test
  @DisplayName(
      "coordinators and teachers see their own group only; other groups' schools are not found")
  void groupScope() {
    EducationGroup mine = group("我的集团");
    EducationGroup other = group("别的集团");
    School home = school(mine, "本校", "urban");
    School foreign = school(other, "外校", "rural");
    Principal coordinator =
        new Principal(
            UUID.randomUUID(),
            "c",
            Role.COORDINATOR,
            Optional.of(home.id()),
            Optional.of(mine.id()));
    assertThat(await(services.directory().groups(coordinator))).containsExactly(mine);
    assertThat(await(services.directory().schools(coordinator, Optional.empty())))
        .containsExactly(home);
    assertThat(await(services.directory().schools(coordinator, Optional.of(other.id())))).isEmpty();
    assertThat(code(failure(services.directory().school(coordinator, foreign.id()))))
        .isEqualTo("school-not-found");
    assertThat(code(failure(services.directory().classrooms(coordinator, foreign.id()))))
        .isEqualTo("school-not-found");
    assertThat(await(services.directory().school(coordinator, home.id()))).isEqualTo(home);
  }

  /** Holds a row lock on a SQL worker until released; the lock is taken when this returns. */
  private CountDownLatch holdLock(UUID groupId, Future<?>[] holder) throws InterruptedException {
    CountDownLatch taken = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    holder[0] =
        services
            .database()
            .transaction(
                tx -> {
                  tx.one(
                      "select id from education_group where id = ? for update",
                      rs -> rs.getObject(1),
                      groupId);
                  taken.countDown();
                  try {
                    release.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return null;
                });
    assertThat(taken.await(10, TimeUnit.SECONDS))
        .as("the first transaction holds the lock")
        .isTrue();
    return release;
  }

  private Future<Object> lockAgain(UUID groupId) {
    return services
        .database()
        .transaction(
            tx ->
                tx.one(
                        "select id from education_group where id = ? for update",
                        rs -> rs.getObject(1),
                        groupId)
                    .orElseThrow());
  }

  @Test
  @DisplayName(
      "a row lock held too long is retried, then answered 503 database-busy, never an error")
  void lockTimeoutBecomesBusy() throws Exception {
    EducationGroup g = group("三江源教育集团");
    Future<?>[] holder = new Future<?>[1];
    CountDownLatch release = holdLock(g.id(), holder);
    long start = System.nanoTime();
    Throwable refused = failure(lockAgain(g.id()));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    release.countDown();
    await(holder[0]);
    assertThat(refused).isInstanceOf(Problem.class);
    assertThat(((Problem) refused).code()).isEqualTo("database-busy");
    assertThat(((Problem) refused).kind()).isEqualTo(Problem.Kind.UNAVAILABLE);
    assertThat(((Problem) refused).retryAfter()).isPresent();
    // three attempts, each waiting out the 0.3 s lock timeout
    assertThat(waitedMs).as("waited through every attempt").isGreaterThanOrEqualTo(800);
  }

  @Test
  @DisplayName("a lock released while a transaction waits lets its retry succeed")
  void lockTimeoutRetried() throws Exception {
    EducationGroup g = group("三江源教育集团");
    Future<?>[] holder = new Future<?>[1];
    CountDownLatch release = holdLock(g.id(), holder);
    Future<Object> second = lockAgain(g.id());
    // released after the first attempt timed out and before the last one does
    Thread.sleep(450);
    release.countDown();
    assertThat(await(second)).isEqualTo(g.id());
    await(holder[0]);
  }

  @Test
  @DisplayName(
      "the change log numbers committed changes without gaps, forgets rolled-back ones, and"
          + " announces each number after commit")
  void changeLog() throws Exception {
    ChangeLog log = services.changes();
    List<Long> announced = Collections.synchronizedList(new ArrayList<>());
    await(
        vertx
            .eventBus()
            .<Long>consumer(ChangeLog.address("catalogue"), m -> announced.add(m.body()))
            .completion());
    long first =
        await(
            services
                .database()
                .transaction(
                    tx ->
                        log.append(
                            tx,
                            "catalogue",
                            "created",
                            "r-1",
                            new JsonObject().put("title", "勾股定理 ཀ་ཁ"))));
    assertThat(first).isEqualTo(1);
    Throwable rolledBack =
        failure(
            services
                .database()
                .transaction(
                    tx -> {
                      log.append(tx, "catalogue", "created", "r-2", new JsonObject());
                      throw Problem.invalid("changed-my-mind", "rolled back on purpose");
                    }));
    assertThat(((Problem) rolledBack).code()).isEqualTo("changed-my-mind");
    // eight writers at once: every number once, none skipped
    List<Future<Long>> writers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id = "r-" + (10 + i);
      writers.add(
          services
              .database()
              .transaction(tx -> log.append(tx, "catalogue", "updated", id, new JsonObject())));
    }
    await(Future.all(writers));
    List<ChangeLog.Change> all = await(log.after("catalogue", 0, 100));
    assertThat(all)
        .extracting(ChangeLog.Change::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(all.get(0).payload().getString("title")).isEqualTo("勾股定理 ཀ་ཁ");
    assertThat(all).extracting(ChangeLog.Change::entityId).doesNotContain("r-2");
    assertThat(await(log.after("catalogue", 7, 100)))
        .extracting(ChangeLog.Change::seq)
        .containsExactly(8L, 9L);
    assertThat(await(log.last("catalogue"))).isEqualTo(9L);
    assertThat(await(log.last("search"))).isZero();
    assertThat(Poll.until(Duration.ofSeconds(5), () -> announced.size() == 9))
        .as("announced: %s", announced)
        .isTrue();
    assertThat(announced).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    // a topic's first changes, eight at once: its counter is made once, and numbers 1..8
    List<Future<Long>> firsts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id = "s-" + i;
      firsts.add(
          services
              .database()
              .transaction(tx -> log.append(tx, "first-race", "created", id, new JsonObject())));
    }
    await(Future.all(firsts));
    assertThat(firsts.stream().map(Future::result).toList())
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(await(log.last("first-race"))).isEqualTo(8L);
  }

  @Test
  @DisplayName("one use case's transaction spans two features' stores: both commit or neither")
  void useCaseTransaction() {
    EducationGroup g = group("三江源教育集团");
    School s = school(g, "玉树州第一民族中学", "rural");
    SchoolClass k = await(services.directory().createClass(s.id(), "七年级（2）班", 7, "bo"));
    var prepared =
        await(
            services
                .accounts()
                .prepare(
                    List.of(account("tashi.pupil", Role.STUDENT, s.id())), AccountOrigin.IMPORT));
    UUID pupil = prepared.accounts().get(0).id();
    // the membership refers to a class that does not exist: the account insert rolls back too
    Throwable failed =
        failure(
            services
                .database()
                .transaction(
                    tx -> {
                      services.accounts().insert(tx, prepared);
                      services
                          .roster()
                          .addMembers(
                              tx, List.of(new ClassRoster.Membership(UUID.randomUUID(), pupil)));
                      return null;
                    }));
    assertThat(failed).isNotInstanceOf(Problem.class); // a foreign-key violation
    assertThat(await(services.accounts().find(pupil))).isEmpty();
    await(
        services
            .database()
            .transaction(
                tx -> {
                  services.accounts().insert(tx, prepared);
                  return services
                      .roster()
                      .addMembers(tx, List.of(new ClassRoster.Membership(k.id(), pupil)));
                }));
    assertThat(await(services.roster().members(ADMIN, k.id())))
        .extracting(Account::username)
        .containsExactly("tashi.pupil");
  }
}
