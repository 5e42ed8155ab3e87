package dev.loopcore.internal;

import dev.loopcore.IdleStrategy;
import dev.loopcore.MessageLoop;

import java.util.concurrent.ThreadFactory;
import java.util.function.BiConsumer;

/**
 * A loop on a thread of its own, which ends when the loop has terminated. The thread comes from the
 * builder's {@link ThreadFactory} if one was given (as the factory made it), else it is a
 * {@link LoopThread} named after the loop.
 */
final class ThreadLoop extends LoopCore {
    private final Thread own;

    ThreadLoop(String name, Mailbox mailbox, IdleStrategy idle, boolean daemon, ThreadFactory factory,
               BiConsumer<? super MessageLoop, ? super Throwable> handler, long stallNanos, long congestionNanos) {
        super(name, mailbox, idle, handler, stallNanos, congestionNanos);
        if (factory == null) {
            own = new LoopThread(this::body, name, daemon);
        } else {
            own = factory.newThread(this::body);
            if (own == null) throw new IllegalStateException("threadFactory returned null for loop '" + name + "'");
        }
        thread = own;
    }

    void start() {
        own.start();
    }

    private void body() {
        LoopContext ctx = LoopContext.runner();
        LoopCore outer = ctx.enter(this);
        try {
            RunLoop.runUntilTerminated(this, ctx);
        } finally {
            ctx.leave(this, outer);
        }
    }
}
