/**
 * The host side of a compute profile: its listener, event loop, dispatcher and local daemon
 * processes, and the registry of profiles by name that the public API reads.
 */
package org.mirai4j.internal.host;
