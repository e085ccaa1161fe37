/**
 * How tasks, values and errors become bytes: the {@link org.mirai4j.internal.serial.Serializer}
 * seam, its default on Java serialization with per-type custom encoders, and the data form of a
 * remote exception. Used by the host only for frames from authenticated daemons, and by a daemon
 * only for frames from an authenticated host.
 */
package org.mirai4j.internal.serial;
