package org.classbridge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Await.failure;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.common.Problem;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthServiceTest {
  @TempDir Path data;

  @Test
  @DisplayName(
      "beyond the logins allowed in flight, a login is refused at once, costing no attempt")
  void busy() throws Exception {
    // a slow hash keeps the first login in flight while the second arrives
    Classbridge app =
        TestApp.start(
            data, Map.of(Setting.DEMO_SEED, "false", Setting.PASSWORD_ITERATIONS, "3000000"));
    try {
      var services = app.services();
      LoginThrottle throttle =
          new LoginThrottle(
              1,
              100,
              Duration.ofMinutes(15),
              Clock.systemUTC(),
              new MemoryBuckets(Duration.ofMinutes(15), Clock.systemUTC()));
      AuthService auth =
          new AuthService(services.accounts(), services.auth().tokens(), throttle, 1);
      Future<AuthService.LoginResult> first = auth.login("nobody.one", "a-password", "10.0.0.1");
      Throwable second = failure(auth.login("nobody.two", "a-password", "10.0.0.1"));
      assertThat(second).isInstanceOf(Problem.class);
      assertThat(((Problem) second).code()).isEqualTo("login-busy");
      assertThat(((Problem) second).kind().status()).isEqualTo(503);
      assertThat(((Problem) failure(first)).code()).isEqualTo("invalid-credentials");
      // the refused attempt gave its reservation back: nobody.two still has its one attempt
      assertThat(((Problem) failure(auth.login("nobody.two", "a-password", "10.0.0.1"))).code())
          .isEqualTo("invalid-credentials");
      assertThat(((Problem) failure(auth.login("nobody.two", "a-password", "10.0.0.1"))).code())
          .isEqualTo("login-throttled");
    } finally {
      app.close();
    }
  }
}
