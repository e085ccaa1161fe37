package com.example.modular;

import java.util.concurrent.TimeUnit;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;

/**
 * A host whose mirai4j is a named module (on the module path) while this class is on the class
 * path, for {@code ModulePathTest}: prints {@code MODULE name}, {@code RESULT value} of a mirai
 * run on a local daemon, and {@code INTERNAL hidden} when an internal class cannot be used.
 */
public final class ModularHost {
  private ModularHost() {}

  public static void main(String[] args) throws Exception {
    System.out.println("MODULE " + Mirai.class.getModule().getName());
    try (Daemons daemons = Daemons.start(1)) {
      int x = 21;
      System.out.println("RESULT " + Mirai.mirai(() -> x * 2).get(60, TimeUnit.SECONDS));
    }
    try {
      Class.forName("org.mirai4j.internal.host.Profiles").getMethod("get", String.class)
          .invoke(null, "default");
      System.out.println("INTERNAL visible");
    } catch (IllegalAccessException e) {
      System.out.println("INTERNAL hidden");
    }
  }
}
