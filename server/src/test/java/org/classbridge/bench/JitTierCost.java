package org.classbridge.bench;

import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * What the server's two CPU-heavy primitives cost under a given JIT setting: SHA-256 over 512 MiB
 * (every upload and blob write is hashed) and one PBKDF2-HMAC-SHA256 of 600,000 rounds (every
 * login). Run twice, with and without {@code -XX:TieredStopAtLevel=1}, to see what a start-up
 * without C2 would cost afterwards (BENCHMARKS.md, Start-up):
 *
 * <pre>
 * java -cp server/target/test-classes org.classbridge.bench.JitTierCost
 * java -XX:TieredStopAtLevel=1 -cp server/target/test-classes org.classbridge.bench.JitTierCost
 * </pre>
 */
public final class JitTierCost {
  private JitTierCost() {}

  public static void main(String[] args) throws Exception {
    byte[] block = new byte[1 << 20];
    for (int round = 1; round <= 3; round++) {
      long t = System.nanoTime();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < 512; i++) {
        sha.update(block);
      }
      String digest = HexFormat.of().formatHex(sha.digest()).substring(0, 8);
      long shaMs = (System.nanoTime() - t) / 1_000_000;
      t = System.nanoTime();
      SecretKeyFactory kdf = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      kdf.generateSecret(new PBEKeySpec("classbridge".toCharArray(), new byte[16], 600_000, 256))
          .getEncoded();
      long kdfMs = (System.nanoTime() - t) / 1_000_000;
      System.out.printf(
          "round %d: SHA-256 of 512 MiB %d ms (%s...), PBKDF2 600,000 rounds %d ms%n",
          round, shaMs, digest, kdfMs);
    }
  }
}
