/**
 * The media pipeline as a pure library: content sniffing now; probing, the HLS ladder plan, the
 * ffmpeg runner and offline-pack writing as the media issue fills it. Files in, files out, plus a
 * progress callback. The job queue, the worker verticle and blob I/O live in the server's {@code
 * transcode} package, so no package is split across the two jars.
 *
 * <p>May import: nothing of Classbridge, and never Vert.x, a database or the blob store (the
 * module's pom has no such dependency, so the compiler enforces it).
 */
package org.classbridge.media;
