package org.mirai4j.internal.daemon;

import java.io.IOException;

/**
 * Loads the classes of a task that exist only on the host. Parent first: classes the daemon
 * has (the JDK, mirai4j, its own class path) are never shipped. Cleanup drops the loader after
 * a task, and with it the classes the task brought, as R detaches packages a task attached.
 */
final class ShippedClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final ClassShipping shipping;
  private volatile boolean definedAny;

  ShippedClassLoader(ClassShipping shipping) {
    super("mirai4j-shipped", ShippedClassLoader.class.getClassLoader());
    this.shipping = shipping;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes;
    try {
      bytes = shipping.fetch(name);
    } catch (IOException e) {
      throw new ClassNotFoundException(name + " (" + e.getMessage() + ")", e);
    }
    if (bytes == null) {
      throw new ClassNotFoundException(name + " (not on this daemon, and the host did not ship"
          + " it: not on its class path, or outside the profile's shipClasses packages)");
    }
    definedAny = true;
    return defineClass(name, bytes, 0, bytes.length);
  }

  /** Whether the loader defined any class, so dropping it matters. */
  boolean definedAny() {
    return definedAny;
  }
}
