/**
 * Chunked maps: the task that runs several items of a {@link org.mirai4j.Mirai#map} in one
 * evaluation on a daemon, the result it sends back, and the sizing of chunks from what their
 * results report.
 */
package org.mirai4j.internal.map;
