package dev.loopcore.internal;

import java.util.function.Consumer;

/**
 * One entry of a {@link ReplyImpl}'s stack of those who want its outcome: a callback to deliver or a
 * waiting thread to unpark. {@link #next} is written by the pushing thread before its CAS publishes
 * the node, and by the completing thread after its swap took the whole stack.
 */
abstract class ReplyNode {
    ReplyNode next;

    /** A thread parked in {@code await}; {@code thread} is cleared when it stops waiting. */
    static final class Waiter extends ReplyNode {
        volatile Thread thread;

        Waiter(Thread thread) {
            this.thread = thread;
        }
    }

    /** One {@code then} registration: where to run, and the two callbacks. */
    static final class Callback extends ReplyNode {
        final LoopCore loop;
        final Consumer<Object> onValue;
        final Consumer<Object> onError;
        /** Gets its own reference to a RefCounted value, released after onValue (a future borrows the reply's). */
        final boolean ownsValue;
        /** The context of the {@code then} call, restored around the callback; null: none. */
        private final Propagation carried;

        @SuppressWarnings("unchecked")
        Callback(LoopCore loop, Consumer<?> onValue, Consumer<?> onError, boolean ownsValue, Propagation carried) {
            this.loop = loop;
            this.ownsValue = ownsValue;
            this.onValue = (Consumer<Object>) onValue;
            this.onError = (Consumer<Object>) onError;
            this.carried = carried;
        }

        void run(Object value, Throwable error) {
            Propagation c = carried;
            if (c == null) {
                runBare(value, error);
                return;
            }
            try (dev.loopcore.ContextPropagator.Scope s = c.restore()) {
                runBare(value, error);
            }
        }

        private void runBare(Object value, Throwable error) {
            if (error != null) onError.accept(error);
            else onValue.accept(value);
        }
    }
}
