/**
 * Who is calling: {@code Principal} and {@code Role}, the smallest idea every feature and the HTTP
 * kernel share.
 *
 * <p>May import: nothing of Classbridge.
 */
package org.classbridge.identity;
