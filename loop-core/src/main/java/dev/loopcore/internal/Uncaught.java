package dev.loopcore.internal;

import dev.loopcore.MessageLoop;

import java.util.function.BiConsumer;

/**
 * Where a task's or callback's throw goes (contract 4): the loop's uncaught handler, else
 * {@link System.Logger} {@code dev.loopcore} at ERROR; a handler that throws is logged too.
 *
 * <p>Threading: called on the thread running the loop (or, for a loop-less callback, the completing thread).
 */
final class Uncaught {
    private Uncaught() {
    }

    static void handle(LoopCore loop, Throwable t) {
        BiConsumer<? super MessageLoop, ? super Throwable> h = loop.uncaughtHandler;
        if (h == null) {
            log(loop, t);
            return;
        }
        try {
            h.accept(loop, t);
        } catch (Throwable again) {
            log(loop, again);
        }
    }

    static void log(MessageLoop loop, Throwable t) {
        LoopCore.LOG.log(System.Logger.Level.ERROR, "uncaught exception in loop '" + (loop == null ? "?" : loop.name()) + "'", t);
    }
}
