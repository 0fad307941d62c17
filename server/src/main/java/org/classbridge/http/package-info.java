/**
 * The HTTP kernel: one router built from every feature's {@code RouteSpec}, access checks through
 * the {@code Authenticator} interface, body limits and streamed bodies, problem+json for every
 * error, request ids and the access log; the {@code Feature} unit the root composes.
 *
 * <p>May import: {@code identity}, {@code common}. No feature: it never knows how tokens are made.
 */
package org.classbridge.http;
