/**
 * Scale past one machine: {@link org.mirai4j.bench.scale.DaemonEmulator} runs thousands of
 * protocol-level daemons (real handshake v2, frame MACs, tasks evaluated inline) on a few NIO
 * threads in one child JVM, so one host can be measured serving 10,000 connections (see
 * {@code org.mirai4j.bench.mirai.ScaleDispatch}).
 */
package org.mirai4j.bench.scale;
