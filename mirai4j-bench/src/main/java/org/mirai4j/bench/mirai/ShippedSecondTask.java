package org.mirai4j.bench.mirai;

import org.mirai4j.Task;

/**
 * The task {@link ShippingFirst} ships to an already warm daemon ({@code shipping_new_class_ms}). Its lambda lives in this class, which exists only in the bench jar, so a daemon started
 * from the bare CLI jar must fetch it from the host before it can deserialize the task. Top level
 * on purpose: a nested holder would make the daemon fetch its nest host as well (the lambda's
 * hidden class is a nestmate of its capturing class), so exactly one class is shipped here.
 */
final class ShippedSecondTask {

    private ShippedSecondTask() {
    }

    /** @return a task that returns the pid of the JVM it runs in */
    static Task<Long> pid() {
        return () -> ProcessHandle.current().pid();
    }
}
