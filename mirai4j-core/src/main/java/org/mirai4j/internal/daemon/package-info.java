/**
 * The daemon: mirai's {@code daemon()} argument by argument. It dials the host with plain JDK
 * sockets (start-up time and memory matter more here than on the host), proves the secret,
 * then evaluates one task at a time. Two threads take turns: the one holding the read role
 * reads a frame; on a task it passes the read role on and evaluates the task itself, so a task
 * costs no thread hand-off and a cancel can still be read and interrupt it.
 */
package org.mirai4j.internal.daemon;
