package dev.loopcore.internal;

/**
 * A thread that runs loops: a dedicated loop's thread or a pool thread. Holding the {@link LoopContext}
 * in a field lets the hot path find it with a type check instead of a {@code ThreadLocal} lookup.
 */
public class LoopThread extends Thread {
    final LoopContext context = new LoopContext(false);

    public LoopThread(Runnable body, String name, boolean daemon) {
        super(body, name);
        setDaemon(daemon);
    }
}
