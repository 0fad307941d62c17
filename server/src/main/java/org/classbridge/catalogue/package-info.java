/**
 * The lesson and virtual-experiment repository: resources with their curriculum position and
 * status, their files as versions in the blob store, resumable tus uploads, Range delivery and
 * pseudonymous playback progress. Every change is a numbered entry of the change log's {@code
 * catalogue} topic, which search and the media pipeline follow.
 *
 * <p>May import {@code blob}, {@code media} (content sniffing), {@code http}, {@code sql}, {@code
 * audit}, {@code identity} and {@code common}. It needs nothing of the directory: a resource's
 * school and group come from its author's token.
 */
package org.classbridge.catalogue;
