package org.classbridge.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.classbridge.app.AppConfig;
import org.classbridge.app.Classbridge;
import org.classbridge.app.ConfigLoader;
import org.classbridge.app.Setting;
import org.classbridge.media.Ffmpeg;

/**
 * A whole Classbridge on a free port with its data in a temporary directory. Password hashing uses
 * few iterations so tests do not spend minutes in PBKDF2; the real cost is a setting and is
 * measured in BENCHMARKS.md.
 */
public final class TestApp {
  private TestApp() {}

  public static AppConfig config(Path data, Map<Setting, String> overrides) {
    Map<Setting, String> s = new EnumMap<>(Setting.class);
    s.put(Setting.PORT, "0");
    s.put(Setting.EXPERIMENTS_PORT, "0");
    s.put(Setting.HOST, "127.0.0.1");
    s.put(Setting.DATA, data.toString());
    s.put(Setting.PASSWORD_ITERATIONS, "1000");
    s.put(Setting.SHUTDOWN_GRACE, "PT5S");
    // no transcoding unless a test asks for it: the demo's 14 videos would convert in the
    // background of every test that starts a server
    s.put(Setting.MEDIA_CONCURRENCY, "0");
    if (overrides.containsKey(Setting.MEDIA_CONCURRENCY)) {
      Ffmpeg tools = Clips.tools();
      s.put(Setting.MEDIA_FFMPEG, tools.ffmpeg().toString());
      s.put(Setting.MEDIA_FFPROBE, tools.ffprobe().toString());
    }
    s.putAll(overrides);
    return ConfigLoader.of(s);
  }

  public static Classbridge start(Path data, Map<Setting, String> overrides) throws Exception {
    return Classbridge.start(config(data, overrides), Clock.systemUTC());
  }

  public static Classbridge start(Path data) throws Exception {
    return start(data, Map.of());
  }
}
