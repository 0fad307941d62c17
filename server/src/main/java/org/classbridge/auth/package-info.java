/**
 * Accounts, passwords (PBKDF2), the API's bearer tokens and the login throttle. Owns {@code
 * SchoolLookup}, the question it asks the directory, and implements the HTTP kernel's {@code
 * Authenticator}.
 *
 * <p>May import: {@code identity}, {@code http}, {@code sql}, {@code common}. Never {@code
 * directory} or {@code app}.
 */
package org.classbridge.auth;
