/**
 * loopcore: lock-free message loops, replies with filtered nested waits and deadlock detection,
 * loop pools, reference-count handoff. Only {@code dev.loopcore} and {@code dev.loopcore.function} are
 * API; the internals are exported to the proxy module alone.
 */
module dev.loopcore {
    requires org.jctools.core;
    requires org.jctools.core.jdk11;
    requires jdk.jfr; // the dev.loopcore.* events (contract 17); part of every JDK

    exports dev.loopcore;
    exports dev.loopcore.function;
    exports dev.loopcore.internal to dev.loopcore.proxy;
}
