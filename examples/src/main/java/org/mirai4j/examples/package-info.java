/**
 * Small programs to copy from: a quick start, a parallel map, error handling, and a host whose
 * daemons are started by hand from printed commands. Each class says how to run it.
 */
package org.mirai4j.examples;
