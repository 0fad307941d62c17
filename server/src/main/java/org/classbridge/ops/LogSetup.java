package org.classbridge.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging set up in code: one line per event on stdout (containers and systemd collect it), our own
 * INFO, libraries' WARN. Why not logback.xml: parsing XML configuration costs about a tenth of
 * start-up on these machines. An operator's own file still wins: with {@code
 * -Dlogback.configurationFile=...} (or a logback-test.xml on the class path, as in tests) this
 * steps aside and Logback reads that file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{24} - %msg%n";

  /**
   * Switches the console to one JSON object per line (log.format=json), once the configuration is
   * read: Logback's JSON encoder, which writes an event's key-value pairs (the access log's
   * requestId, accountId...) as fields. Does nothing when an operator's own Logback file is in use.
   */
  public static void useJson() {
    if (!ours || !(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (!(root.getAppender("STDOUT") instanceof ConsoleAppender<ILoggingEvent> console)) {
      return;
    }
    console.stop();
    console.setEncoder(jsonEncoder(context));
    console.start();
  }

  /** Logback's JSON encoder with what a collector needs: no MDC, context or sequence numbers. */
  static ch.qos.logback.classic.encoder.JsonEncoder jsonEncoder(LoggerContext context) {
    ch.qos.logback.classic.encoder.JsonEncoder json =
        new ch.qos.logback.classic.encoder.JsonEncoder();
    json.setContext(context);
    json.setWithContext(false);
    json.setWithMDC(false);
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.start();
    return json;
  }

  /** Set when this class configured Logback (no operator's file, no test configuration). */
  private static volatile boolean ours;

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getResource("/logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    for (String quiet : new String[] {"com.zaxxer.hikari", "org.flywaydb", "io.netty"}) {
      context.getLogger(quiet).setLevel(Level.WARN);
    }
    ours = true;
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
