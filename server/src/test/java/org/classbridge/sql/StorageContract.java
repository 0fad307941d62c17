package org.classbridge.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Await.await;
import static org.classbridge.testing.Await.failure;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.app.AppConfig;
import org.classbridge.app.Services;
import org.classbridge.app.Setting;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountOrigin;
import org.classbridge.auth.NewAccount;
import org.classbridge.common.Language;
import org.classbridge.common.Problem;
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
    AppConfig config = TestApp.config(data, Map.of(Setting.DB_URL, jdbcUrl(data)));
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
    assertThat(await(services.accounts().list(Optional.of(Role.STUDENT), Optional.of(s.id()))))
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
    org.classbridge.common.Validation v = new org.classbridge.common.Validation();
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
}
