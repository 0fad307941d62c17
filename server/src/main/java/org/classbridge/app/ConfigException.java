package org.classbridge.app;

/** A setting that cannot be used; the message names the key and the rule it broke. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(Setting setting, String rule) {
    super(setting.key() + " (" + setting.environmentVariable() + "): " + rule);
  }

  public ConfigException(String message) {
    super(message);
  }
}
