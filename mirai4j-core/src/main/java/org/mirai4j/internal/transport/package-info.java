/**
 * Moving frames: URL parsing, the host's Netty listener and pipeline for every scheme, and the
 * daemon's blocking JDK connection (tcp, ipc, tls, ws), kept free of Netty so a daemon starts
 * fast and small.
 */
package org.mirai4j.internal.transport;
