package org.classbridge.auth;

/** How an account came to exist; production refuses to start while DEMO accounts exist. */
public enum AccountOrigin {
  DEMO,
  API,
  IMPORT,
  CLI
}
