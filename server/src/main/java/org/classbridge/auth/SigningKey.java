package org.classbridge.auth;

import java.security.MessageDigest;

/** An HS256 key and its id; the secret never appears in toString. */
public record SigningKey(String kid, byte[] secret) {
  public static final int MIN_SECRET_BYTES = 32;

  public SigningKey {
    if (kid == null || !kid.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("a key id is 1-64 of A-Z a-z 0-9 . _ -");
    }
    if (secret == null || secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes (key " + kid + ")");
    }
    secret = secret.clone();
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningKey k
        && k.kid.equals(kid)
        && MessageDigest.isEqual(k.secret, secret);
  }

  @Override
  public int hashCode() {
    return kid.hashCode();
  }
}
