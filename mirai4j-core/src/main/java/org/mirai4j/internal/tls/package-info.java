/**
 * TLS material for {@code tls+tcp://} connections between the host and its daemons, the
 * counterpart of mirai's {@code daemons(tls = ...)} and nanonext's {@code write_cert()}.
 *
 * <p>The host side ({@link org.mirai4j.internal.tls.TlsMaterial}) either generates a throw-away
 * self-signed certificate for the URL's host (the zero-configuration path) or loads a
 * user-supplied PEM certificate chain and private key; it hands out the chain as PEM for the
 * daemons to trust and builds the Netty server {@code SslContext} (JDK provider, no tcnative).
 * It uses BouncyCastle ({@code bcpkix}) to sign certificates and to decode (possibly encrypted)
 * private keys. The daemon side ({@link org.mirai4j.internal.tls.TlsClient},
 * {@link org.mirai4j.internal.tls.TlsErrors}, {@link
 * org.mirai4j.internal.tls.HostnameMismatchException}) uses only the JDK, so that a daemon JVM
 * loads neither BouncyCastle nor Netty on its start-up path: it trusts exactly the chain it was
 * given, checks the host name HTTPS-style, and turns handshake failures into one-line
 * explanations.
 */
package org.mirai4j.internal.tls;
