package org.classbridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HlsTest {
  @Test
  void aTinyLastSegmentIsNoBurst() {
    // ten 6 s segments of 42 KB (56 kbit/s) and a last one of 23 ms holding one frame and its boxes
    List<Hls.Segment> segments = new java.util.ArrayList<>();
    long[] sizes = new long[11];
    for (int i = 0; i < 10; i++) {
      segments.add(new Hls.Segment("s" + i, 6.0));
      sizes[i] = 42_000;
    }
    segments.add(new Hls.Segment("s10", 0.023));
    sizes[10] = 350;
    // the worst run is the last full segment with the crumb: 56.25 kbit/s, not 122
    assertThat(Hls.peak(segments, sizes, 6)).isEqualTo(Math.round((42_000 + 350) * 8 / 6.023));
    // a real burst in the middle still shows
    sizes[4] = 84_000;
    assertThat(Hls.peak(segments, sizes, 6)).isEqualTo(112_000);
  }

  @Test
  void aStreamShorterThanHalfATargetIsMeasuredWhole() {
    assertThat(Hls.peak(List.of(new Hls.Segment("a", 1.0)), new long[] {1000}, 6)).isEqualTo(8000);
  }

  @Test
  void playlistsParseAndBrokenOnesAreRefused() throws Exception {
    Hls.MediaPlaylist p =
        Hls.parseMedia(
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-MAP:URI=\"init.mp4\"\n"
                + "#EXTINF:6.000000,\nseg_00000.m4s\n#EXTINF:2.5,\nseg_00001.m4s\n#EXT-X-ENDLIST\n");
    assertThat(p.targetDuration()).isEqualTo(6);
    assertThat(p.map()).isEqualTo("init.mp4");
    assertThat(p.segments())
        .extracting(Hls.Segment::uri)
        .containsExactly("seg_00000.m4s", "seg_00001.m4s");
    assertThat(p.duration()).isEqualTo(8.5);
    assertThat(p.ended()).isTrue();
    assertThatThrownBy(() -> Hls.parseMedia("not a playlist")).hasMessageContaining("#EXTM3U");
    assertThatThrownBy(() -> Hls.parseMedia("#EXTM3U\nseg.m4s\n"))
        .hasMessageContaining("no #EXTINF");
  }
}
