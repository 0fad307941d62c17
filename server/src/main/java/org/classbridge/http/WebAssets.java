package org.classbridge.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The web app's files, versioned so a browser may keep them for a year: the version is a digest of
 * every file, the page ({@code index.html}, never cached) names its script and style sheet under
 * {@code /v/<version>/}, and everything the app loads from there (its modules import each other
 * relatively, the style sheet names its font relatively) shares that prefix. A changed file changes
 * the version, so a school on a weak link downloads each file once per release, not every five
 * minutes. Loaded once at start-up (it reads and hashes every file) and shared by every HTTP
 * instance's router.
 */
public final class WebAssets {
  /** How long a versioned file may be kept: a year, the most HTTP caches honour. */
  static final long MAX_AGE_SECONDS = 365L * 24 * 3600;

  private final String webroot;
  private final String version;
  private final Buffer index;

  private WebAssets(String webroot, String version, Buffer index) {
    this.webroot = webroot;
    this.version = version;
    this.index = index;
  }

  /**
   * Reads the web app from the class path folder {@code webroot} ({@code webroot} inside the jar)
   * and works out its version. Blocking: call it at start-up, off the event loop.
   */
  public static WebAssets load(String webroot) {
    ClassLoader loader = WebAssets.class.getClassLoader();
    URL root = loader.getResource(webroot + "/index.html");
    if (root == null) {
      throw new IllegalStateException(webroot + "/index.html is missing");
    }
    try {
      String version = digest(folderOf(root.toURI()));
      String page;
      try (InputStream in = root.openStream()) {
        page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String prefix = "/v/" + version + "/";
      page =
          page.replace("href=\"/styles.css\"", "href=\"" + prefix + "styles.css\"")
              .replace("src=\"/app.js\"", "src=\"" + prefix + "app.js\"")
              .replace("href=\"/favicon.svg\"", "href=\"" + prefix + "favicon.svg\"");
      return new WebAssets(webroot, version, Buffer.buffer(page));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path folderOf(URI indexUri) throws IOException {
    if ("jar".equals(indexUri.getScheme())) {
      FileSystem jar;
      try {
        jar = FileSystems.newFileSystem(indexUri, Map.of());
      } catch (FileSystemAlreadyExistsException e) {
        jar = FileSystems.getFileSystem(indexUri);
      }
      String inside = indexUri.getSchemeSpecificPart();
      inside = inside.substring(inside.indexOf("!/") + 1);
      return jar.getPath(inside).getParent();
    }
    return Path.of(indexUri).getParent();
  }

  /** The first 12 hex digits of SHA-256 over every file's path and bytes, in path order. */
  private static String digest(Path folder) throws IOException {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      d.update(folder.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
      d.update(Files.readAllBytes(f));
    }
    return HexFormat.of().formatHex(d.digest(), 0, 6);
  }

  String version() {
    return version;
  }

  /** The class path folder the files are served from. */
  String webroot() {
    return webroot;
  }

  /** The page itself: always asked for again (cheaply, by ETag), never kept stale. */
  void page(RoutingContext ctx) {
    String etag = "\"" + version + "\"";
    ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "no-cache");
    if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(index);
  }
}
