package org.mirai4j.internal.transport;

import org.mirai4j.internal.protocol.FrameType;

/**
 * A frame the host received.
 *
 * @param type the type
 * @param id the task id
 * @param payload the payload
 */
public record HostFrame(FrameType type, long id, byte[] payload) {}
