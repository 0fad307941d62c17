package org.classbridge.auth;

import java.security.SecureRandom;

/**
 * The passwords an account starts with (imports) or gets back after a reset. Both are printed on
 * slips and read off paper in a classroom, so the alphabet leaves out characters that look alike
 * (0/o, 1/l/i); the account must change the password at first login either way.
 */
public final class OneTimePasswords {
  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  private static final int LENGTH = 10;

  private OneTimePasswords() {}

  public static String generate(SecureRandom random) {
    StringBuilder sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
