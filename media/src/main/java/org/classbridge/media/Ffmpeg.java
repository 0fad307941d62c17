package org.classbridge.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The ffmpeg and ffprobe executables and how to run them: either the ones bundled in the jar
 * (JavaCPP's {@code org.bytedeco:ffmpeg} for linux-x86_64, GPL build with libx264), extracted once
 * into a cache folder, or a system installation named in configuration. We run them as child
 * processes, never in-process through JNI: a corrupt upload can crash a decoder, and a crashed
 * child is a failed job where a crashed JVM would be a failed server.
 *
 * @param ffmpeg the ffmpeg executable
 * @param ffprobe the ffprobe executable
 * @param environment extra environment: the bundled build finds its libraries only through {@code
 *     LD_LIBRARY_PATH}
 */
public record Ffmpeg(Path ffmpeg, Path ffprobe, Map<String, String> environment) {
  /** Where the bundled build sits inside the jar (JavaCPP's layout). */
  static final String BUNDLE = "org/bytedeco/ffmpeg/linux-x86_64-gpl/";

  /** Version of the bundled build; the cache folder is per version so an upgrade re-extracts. */
  static final String BUNDLED_VERSION = "8.0.1-1.5.13-gpl";

  /**
   * What a conversion is started through: {@code nice -n 10} where the system has nice (every
   * Linux), so ffmpeg, which takes every core it can, yields them to the HTTP server and the live
   * classroom's signalling whenever they have work. On an idle machine it still gets all of them.
   * On two cores without it, a first start's demo conversions made each page and API call wait
   * behind ffmpeg (BENCHMARKS.md, Start-up). nice runs ffmpeg in its own place (exec), so the child
   * process is ffmpeg itself, with the same pid, and stopping it stops ffmpeg.
   */
  static final List<String> BACKGROUND =
      Stream.of("/usr/bin/nice", "/bin/nice")
          .filter(p -> Files.isExecutable(Path.of(p)))
          .findFirst()
          .map(nice -> List.of(nice, "-n", "10"))
          .orElse(List.of());

  public Ffmpeg {
    Objects.requireNonNull(ffmpeg, "ffmpeg");
    Objects.requireNonNull(ffprobe, "ffprobe");
    environment = Map.copyOf(environment);
  }

  /**
   * A system installation (Debian's {@code ffmpeg} package puts both in /usr/bin), or a copy of the
   * bundled build extracted elsewhere: when the executable's folder holds its own libav libraries,
   * they are put on {@code LD_LIBRARY_PATH} as the bundled build needs.
   */
  public static Ffmpeg system(Path ffmpeg, Path ffprobe) {
    Path home = ffmpeg.toAbsolutePath().getParent();
    boolean ownLibraries;
    try (Stream<Path> files = home == null ? Stream.empty() : Files.list(home)) {
      ownLibraries = files.anyMatch(f -> f.getFileName().toString().startsWith("libavcodec.so"));
    } catch (IOException e) {
      ownLibraries = false;
    }
    return new Ffmpeg(
        ffmpeg, ffprobe, ownLibraries ? Map.of("LD_LIBRARY_PATH", home.toString()) : Map.of());
  }

  /**
   * The bundled build, extracted into {@code cacheDir} (once per version; a half-extracted folder
   * from a crash is replaced, because extraction goes to a temporary folder that is renamed).
   *
   * @throws MediaException when this jar carries no build for this platform
   */
  public static Ffmpeg bundled(Path cacheDir) throws IOException, MediaException {
    Path home = cacheDir.resolve("ffmpeg-" + BUNDLED_VERSION);
    if (!Files.isExecutable(home.resolve("ffmpeg"))) {
      extract(home);
    }
    return new Ffmpeg(
        home.resolve("ffmpeg"),
        home.resolve("ffprobe"),
        Map.of("LD_LIBRARY_PATH", home.toString()));
  }

  private static void extract(Path home) throws IOException, MediaException {
    URL marker = Ffmpeg.class.getClassLoader().getResource(BUNDLE + "ffprobe");
    if (marker == null) {
      throw new MediaException(
          "no-ffmpeg",
          "this build carries no ffmpeg for "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch")
              + "; set media.ffmpeg and media.ffprobe to a system installation");
    }
    Files.createDirectories(home.getParent());
    Path tmp = Files.createTempDirectory(home.getParent(), ".ffmpeg-");
    try {
      for (String name : bundledNames(marker)) {
        try (InputStream in = Ffmpeg.class.getClassLoader().getResourceAsStream(BUNDLE + name)) {
          Files.copy(Objects.requireNonNull(in, name), tmp.resolve(name));
        }
      }
      for (String exe : List.of("ffmpeg", "ffprobe")) {
        Files.setPosixFilePermissions(
            tmp.resolve(exe), PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      try {
        Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!Files.isExecutable(home.resolve("ffmpeg"))) {
          throw raced; // not another process that got there first
        }
      }
    } finally {
      if (Files.exists(tmp)) {
        try (Stream<Path> files = Files.walk(tmp)) {
          files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /**
   * The executables and shared libraries of the bundle (not JavaCPP's JNI glue, which we never
   * load), read from the jar that holds them.
   */
  private static List<String> bundledNames(URL marker) throws IOException {
    URI uri;
    try {
      uri = marker.toURI();
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    List<String> names = new ArrayList<>();
    if ("jar".equals(uri.getScheme())) {
      // read the jar's directory with a JarFile of our own: a zip file system on the application's
      // jar is shared JVM-wide, and closing it would pull it from under whoever else reads it
      String spec = uri.getRawSchemeSpecificPart();
      Path jar = Path.of(URI.create(spec.substring(0, spec.indexOf("!/"))));
      try (JarFile file = new JarFile(jar.toFile())) {
        file.stream()
            .map(JarEntry::getName)
            .filter(n -> n.startsWith(BUNDLE) && n.length() > BUNDLE.length())
            .map(n -> n.substring(BUNDLE.length()))
            .filter(n -> !n.contains("/"))
            .forEach(names::add);
      }
    } else {
      try (Stream<Path> list = Files.list(Path.of(uri).getParent())) {
        list.forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    return names.stream()
        .filter(n -> n.equals("ffmpeg") || n.equals("ffprobe") || n.matches("lib(?!jni).*\\.so.*"))
        .sorted()
        .toList();
  }

  /** What a run printed on stdout, for ffprobe. */
  String probeOutput(List<String> args, long timeoutSeconds) throws IOException, MediaException {
    List<String> command = new ArrayList<>();
    command.add(ffprobe.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
    pb.environment().putAll(environment);
    Process p = pb.start();
    p.getOutputStream().close();
    // ffprobe's output is small (one line per field): read both streams without a thread each
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    String err;
    try (InputStream in = p.getErrorStream()) {
      err = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new MediaException("unreadable-media", "reading the file took too long");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new MediaException(
          "unreadable-media", "the file holds no picture or sound we can read" + lastLine(err));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /**
   * Runs ffmpeg to completion with machine-readable progress ({@code -progress pipe:1}), telling
   * {@code progress} the seconds of output written, and stops it when {@code cancelled} says so
   * (checked at every progress report, about twice a second).
   *
   * @param log where ffmpeg's own messages go (its last line names the failure)
   * @throws CancelledException when cancelled
   * @throws MediaException when ffmpeg fails; the detail is its last message
   */
  public void run(List<String> args, Path log, DoubleConsumer progress, BooleanSupplier cancelled)
      throws IOException, MediaException {
    if (cancelled.getAsBoolean()) {
      throw new CancelledException(); // never start a run for a job already given up
    }
    List<String> command = new ArrayList<>(BACKGROUND);
    command.add(ffmpeg.toString());
    command.addAll(List.of("-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y"));
    command.addAll(List.of("-progress", "pipe:1", "-stats_period", "0.5"));
    command.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile()));
    pb.environment().putAll(environment);
    Process p = pb.start();
    p.getOutputStream().close();
    try (var lines =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("out_time_us=") && !line.endsWith("N/A")) {
          try {
            progress.accept(Long.parseLong(line.substring(12)) / 1e6);
          } catch (NumberFormatException ignored) {
            // a malformed report is no reason to stop; the next one will do
          }
        }
        if (line.startsWith("progress=") && cancelled.getAsBoolean()) {
          p.destroyForcibly();
          waitQuietly(p);
          throw new CancelledException();
        }
      }
    }
    int exit = waitQuietly(p);
    if (exit != 0) {
      String err = Files.exists(log) ? tail(log) : "";
      throw new MediaException("transcode-failed", "converting the file failed" + lastLine(err));
    }
  }

  private static int waitQuietly(Process p) throws IOException {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String tail(Path log) throws IOException {
    long size = Files.size(log);
    try (var in = Files.newInputStream(log)) {
      in.skip(Math.max(0, size - 2048));
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** ": " and the last non-empty line of a tool's messages, or nothing. */
  static String lastLine(String messages) {
    String[] lines = messages.strip().split("\\R");
    String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
    if (last.isEmpty()) {
      return "";
    }
    return ": " + (last.length() > 300 ? last.substring(0, 300) : last);
  }

  /** The run was stopped because its job was cancelled. */
  public static final class CancelledException extends IOException {
    CancelledException() {
      super("cancelled");
    }
  }
}
