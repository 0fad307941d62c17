package org.classbridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on real ffmpeg runs over tiny generated clips: every rendition is read back by
 * ffprobe with the size, codec and bit-rate ceiling it must have, playlists parse, and the bad
 * inputs a teacher will upload fail with a clear code.
 */
class TranscoderTest {
  @TempDir static Path clips;

  static Transcoder transcoder;

  @BeforeAll
  static void tools() throws Exception {
    transcoder = new Transcoder(TestClips.tools(), Duration.ofHours(4), "veryfast");
  }

  @Test
  void a720pLessonGetsEveryRungAtOrBelowItWithMeasuredBandwidth(@TempDir Path out)
      throws Exception {
    Path src = TestClips.video(clips, "hd.mp4", 1280, 720, 30, 8, true);
    Probe probe = transcoder.probe(src);
    assertThat(probe.video().orElseThrow().width()).isEqualTo(1280);
    assertThat(probe.audio()).isPresent();
    List<String> stages = new ArrayList<>();
    List<Double> fractions = new ArrayList<>();
    Renditions r =
        transcoder.transcode(
            src,
            probe,
            out,
            (stage, f) -> {
              stages.add(stage);
              fractions.add(f);
            },
            () -> false);

    assertThat(r.variants())
        .extracting(Renditions.Variant::rung)
        .containsExactly(Rung.AUDIO, Rung.P240, Rung.P360, Rung.P480, Rung.P720);
    assertThat(stages).contains("240p", "720p", "offline", "pictures", "done");
    assertThat(fractions).isSorted();
    assertThat(fractions.getLast()).isEqualTo(1.0);

    for (Renditions.Variant v : r.variants()) {
      Path playlist = out.resolve(v.playlist());
      Hls.MediaPlaylist media = Hls.parseMedia(Files.readString(playlist));
      assertThat(media.ended()).isTrue();
      assertThat(media.map()).isEqualTo("init.mp4");
      assertThat(media.duration()).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.3));
      // 6 s segments cut on 2 s keyframes: no segment may run past the target duration
      assertThat(media.segments())
          .allSatisfy(s -> assertThat(s.seconds()).isLessThanOrEqualTo(6.05));
      assertThat(v.peakBandwidth()).isPositive().isLessThanOrEqualTo(v.rung().ceiling());
      Map<String, String> p = TestClips.probeStreams(playlist);
      if (v.rung().hasVideo()) {
        assertThat(p).containsEntry("streams_stream_0_codec_name", "h264");
        assertThat(p).containsEntry("streams_stream_0_profile", "Main");
        assertThat(p.get("streams_stream_0_height"))
            .isEqualTo(Integer.toString(v.rung().shortSide()));
        assertThat(v.codecs()).matches("avc1\\.4d40[0-9a-f]{2},mp4a\\.40\\.2");
        assertThat(v.width())
            .isEqualTo(v.rung().shortSide() * 16 / 9 + (v.rung().shortSide() * 16 / 9) % 2);
      } else {
        assertThat(p).containsEntry("streams_stream_0_codec_type", "audio");
        assertThat(p).doesNotContainKey("streams_stream_1_codec_type");
        assertThat(v.codecs()).isEqualTo("mp4a.40.2");
      }
    }

    String master = Files.readString(out.resolve(Renditions.MASTER));
    assertThat(master).startsWith("#EXTM3U\n");
    assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF")).toList())
        .hasSize(5)
        .first()
        .asString()
        .contains("RESOLUTION=426x240")
        .containsPattern("BANDWIDTH=\\d+,AVERAGE-BANDWIDTH=\\d+,CODECS=\"avc1");
    // every URI in the master names a playlist that exists
    master
        .lines()
        .filter(l -> !l.startsWith("#"))
        .forEach(l -> assertThat(out.resolve(l)).exists());

    Map<String, String> offline = TestClips.probeStreams(out.resolve(r.offline()));
    assertThat(r.offline()).isEqualTo("offline.mp4");
    assertThat(offline).containsEntry("streams_stream_0_height", "360");
    assertThat(Double.parseDouble(offline.get("format_duration"))).isGreaterThan(7.5);
    assertThat(TestClips.probeStreams(out.resolve("poster.jpg")))
        .containsEntry("streams_stream_0_height", "360");
    String storyboard = Files.readString(out.resolve(Renditions.STORYBOARD_VTT));
    assertThat(storyboard).startsWith("WEBVTT").contains("storyboard.jpg#xywh=160,0,160,90");
    assertThat(r.files())
        .contains("master.m3u8", "240p/index.m3u8", "240p/init.mp4", "offline.mp4");
    assertThat(r.files()).allSatisfy(f -> assertThat(out.resolve(f)).exists());
  }

  @Test
  void aBrowserRecordingWithoutADurationIsMeasuredAndConverted(@TempDir Path out) throws Exception {
    // what MediaRecorder uploads: live WebM (VP8 and Opus) whose header holds no duration
    Path src = clips.resolve("recorded.webm");
    if (!java.nio.file.Files.exists(src)) {
      transcoder
          .tools()
          .run(
              List.of(
                  "-f",
                  "lavfi",
                  "-i",
                  "testsrc2=size=640x360:rate=15",
                  "-f",
                  "lavfi",
                  "-i",
                  "sine=frequency=440:sample_rate=48000",
                  "-t",
                  "4",
                  "-c:v",
                  "libvpx",
                  "-deadline",
                  "realtime",
                  "-b:v",
                  "400k",
                  "-c:a",
                  "libopus",
                  "-live",
                  "1",
                  "-f",
                  "webm",
                  src.toString()),
              clips.resolve("make.log"),
              f -> {},
              () -> false);
    }
    assertThat(TestClips.probeStreams(src).getOrDefault("format_duration", "N/A"))
        .as("the container says nothing of its length")
        .isEqualTo("N/A");
    Probe probe = transcoder.probe(src);
    assertThat(probe.durationSeconds()).isBetween(3.5, 4.5);
    Renditions r = transcoder.transcode(src, probe, out, (s, f) -> {}, () -> false);
    assertThat(r.variants()).isNotEmpty();
  }

  @Test
  void aTrimKeepsOnlyThePartBetweenItsStartAndEnd(@TempDir Path out) throws Exception {
    Path src = TestClips.video(clips, "trim.mp4", 640, 360, 25, 8, true);
    Probe whole = transcoder.probe(src);
    Renditions r =
        transcoder.transcode(
            src, whole, java.util.Optional.of(new Trim(2, 5)), out, (s, f) -> {}, () -> false);
    double kept =
        Double.parseDouble(TestClips.probeStreams(out.resolve(r.offline())).get("format_duration"));
    assertThat(kept).isBetween(2.5, 3.5);
    // a trim past the recording's end is refused with a clear code
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                transcoder.transcode(
                    src,
                    whole,
                    java.util.Optional.of(new Trim(30, 40)),
                    out.resolve("late"),
                    (s, f) -> {},
                    () -> false))
        .isInstanceOf(MediaException.class)
        .hasMessageContaining("within the recording");
  }

  @Test
  void portraitVideoWithoutSoundKeepsItsShapeAndHasNoSoundRung(@TempDir Path out) throws Exception {
    Path src = TestClips.video(clips, "phone.mp4", 360, 640, 25, 3, false);
    Renditions r = transcoder.transcode(src, transcoder.probe(src), out, (s, f) -> {}, () -> false);
    assertThat(r.variants())
        .extracting(Renditions.Variant::rung)
        .containsExactly(Rung.P240, Rung.P360);
    Renditions.Variant low = r.variants().getFirst();
    assertThat(low.width()).isEqualTo(240);
    assertThat(low.height()).isEqualTo(426);
    assertThat(low.codecs()).matches("avc1\\.[0-9a-f]{6}");
    Map<String, String> p = TestClips.probeStreams(out.resolve(low.playlist()));
    assertThat(p).containsEntry("streams_stream_0_width", "240");
    assertThat(p).doesNotContainKey("streams_stream_1_codec_type");
  }

  @Test
  void soundOnlyGetsTheSoundRungAndAnOfflineM4a(@TempDir Path out) throws Exception {
    Path src = TestClips.audio(clips, "talk.m4a", 4);
    Renditions r = transcoder.transcode(src, transcoder.probe(src), out, (s, f) -> {}, () -> false);
    assertThat(r.variants()).extracting(Renditions.Variant::rung).containsExactly(Rung.AUDIO);
    assertThat(r.offline()).isEqualTo("offline.m4a");
    assertThat(r.poster()).isEmpty();
    assertThat(Files.readString(out.resolve("master.m3u8")))
        .contains("CODECS=\"mp4a.40.2\"")
        .doesNotContain("RESOLUTION");
  }

  @Test
  void a4k60SourceTopsOutAt720pAnd30Frames(@TempDir Path out) throws Exception {
    Path src = TestClips.video(clips, "uhd.mp4", 3840, 2160, 60, 1, true);
    Probe probe = transcoder.probe(src);
    Ladder ladder = Ladder.plan(probe);
    assertThat(ladder.videoRungs().getLast()).isEqualTo(Rung.P720);
    assertThat(ladder.frameRate()).isEqualTo(30.0);
    // encode only the top rung: the whole ladder of 4K would make the suite slow, not more right
    Path dir = out.resolve("720p");
    Files.createDirectories(dir);
    transcoder
        .tools()
        .run(
            transcoder.rungArguments(src, ladder, Rung.P720, dir),
            out.resolve("log"),
            s -> {},
            () -> false);
    Map<String, String> p = TestClips.probeStreams(dir.resolve("index.m3u8"));
    assertThat(p).containsEntry("streams_stream_0_height", "720");
    assertThat(p.get("streams_stream_0_avg_frame_rate")).isIn("30/1", "30000/1001");
  }

  @Test
  void aTinySourceIsNeverBlownUp() throws Exception {
    Probe small =
        new Probe(
            "mov",
            10,
            0,
            java.util.Optional.of(new Probe.Video("h264", 320, 180, 25, 0)),
            java.util.Optional.empty());
    Ladder l = Ladder.plan(small);
    assertThat(l.rungs()).containsExactly(Rung.P240);
    assertThat(l.size(Rung.P240)).containsExactly(320, 180);
  }

  @Test
  void badFilesFailWithAClearCode(@TempDir Path dir) throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.mp4"));
    assertThatThrownBy(() -> transcoder.probe(empty))
        .isInstanceOf(MediaException.class)
        .extracting(e -> ((MediaException) e).code())
        .isEqualTo("unreadable-media");

    byte[] junk = new byte[64 * 1024];
    new java.util.Random(7).nextBytes(junk);
    System.arraycopy(
        new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}, 0, junk, 0, 12);
    Path corrupt = Files.write(dir.resolve("corrupt.mp4"), junk);
    assertThatThrownBy(() -> transcoder.probe(corrupt))
        .isInstanceOf(MediaException.class)
        .extracting(e -> ((MediaException) e).code())
        .isEqualTo("unreadable-media");

    Path pdf = Files.writeString(dir.resolve("slides.mp4"), "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n");
    assertThatThrownBy(() -> transcoder.probe(pdf)).isInstanceOf(MediaException.class);

    Path lesson = TestClips.video(clips, "hd.mp4", 1280, 720, 30, 8, true);
    Transcoder strict = new Transcoder(transcoder.tools(), Duration.ofSeconds(5), "veryfast");
    assertThatThrownBy(() -> strict.probe(lesson))
        .isInstanceOf(MediaException.class)
        .extracting(e -> ((MediaException) e).code())
        .isEqualTo("too-long");
  }

  @Test
  void aCancelledRunStopsAndSaysSo(@TempDir Path out) throws Exception {
    Path src = TestClips.video(clips, "hd.mp4", 1280, 720, 30, 8, true);
    AtomicInteger reports = new AtomicInteger();
    assertThatThrownBy(
            () ->
                transcoder.transcode(
                    src,
                    transcoder.probe(src),
                    out,
                    (s, f) -> {},
                    () -> reports.incrementAndGet() > 1))
        .isInstanceOf(Ffmpeg.CancelledException.class);
    assertThat(out.resolve("master.m3u8")).doesNotExist();
  }

  @Test
  void ffmpegsOwnFailureReachesTheTeacher(@TempDir Path out) throws Exception {
    Path src = TestClips.video(clips, "hd.mp4", 1280, 720, 30, 8, true);
    assertThatThrownBy(
            () ->
                transcoder
                    .tools()
                    .run(
                        List.of(
                            "-i",
                            src.toString(),
                            "-c:v",
                            "no-such-codec",
                            out.resolve("x.mp4").toString()),
                        out.resolve("log"),
                        s -> {},
                        () -> false))
        .isInstanceOf(MediaException.class)
        .hasMessageContaining("converting the file failed: ")
        .hasMessageContaining("Encoder not found");
    assertThat(Files.readString(out.resolve("log"), StandardCharsets.UTF_8)).isNotEmpty();
  }
}
