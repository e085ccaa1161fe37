package org.mirai4j.internal.map;

import java.io.Serializable;

/**
 * What a {@link ChunkTask} sends back: per item its value or its {@link
 * org.mirai4j.internal.serial.RemoteError}, and the time the items took on the daemon, from
 * which the host sizes the next chunks.
 *
 * @param values per item, the value or the RemoteError
 * @param failed per item, whether {@code values} holds a RemoteError
 * @param nanos the time the chunk's items took on the daemon
 */
public record ChunkResult(Object[] values, boolean[] failed, long nanos) implements Serializable {}
