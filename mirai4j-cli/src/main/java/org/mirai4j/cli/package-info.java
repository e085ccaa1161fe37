/**
 * The {@code mirai4j} command line (picocli): {@code daemon} runs a daemon exactly as
 * {@link org.mirai4j.Daemon#main} does, {@code demo} is the quick start, {@code bench} hands over
 * to the benchmark jar. Built as the all-in-one jar a remote machine needs to run daemons.
 */
package org.mirai4j.cli;
