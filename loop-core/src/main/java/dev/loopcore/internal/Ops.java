package dev.loopcore.internal;

import dev.loopcore.function.QuadConsumer;
import dev.loopcore.function.TriConsumer;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The loop's own {@link Dispatch}es: posts of 0-4 arguments, calls, reply callbacks, timer upkeep. */
final class Ops {
    private Ops() {
    }

    static final Dispatch RUN0 = new Dispatch() {
        @Override
        protected void run(Message m) {
            ((Runnable) m.fn).run();
        }
    };

    static final Dispatch RUN1 = new Dispatch() {
        @SuppressWarnings("unchecked")
        @Override
        protected void run(Message m) {
            ((Consumer<Object>) m.fn).accept(m.a);
        }
    };

    static final Dispatch RUN2 = new Dispatch() {
        @SuppressWarnings("unchecked")
        @Override
        protected void run(Message m) {
            ((BiConsumer<Object, Object>) m.fn).accept(m.a, m.b);
        }
    };

    static final Dispatch RUN3 = new Dispatch() {
        @SuppressWarnings("unchecked")
        @Override
        protected void run(Message m) {
            ((TriConsumer<Object, Object, Object>) m.fn).accept(m.a, m.b, m.c);
        }
    };

    static final Dispatch RUN4 = new Dispatch() {
        @SuppressWarnings("unchecked")
        @Override
        protected void run(Message m) {
            ((QuadConsumer<Object, Object, Object, Object>) m.fn).accept(m.a, m.b, m.c, m.d);
        }
    };

    /** {@code loop.call(supplier)}: the supplier's throw fails the reply instead of reaching the handler. */
    static final Dispatch CALL = new Dispatch() {
        @SuppressWarnings("unchecked")
        @Override
        protected void run(Message m) {
            Object v;
            try {
                v = ((Supplier<Object>) m.fn).get();
            } catch (Throwable t) {
                m.reply.failWith(t);
                return;
            }
            ((ReplyImpl<Object>) m.reply).complete(v);
        }

        @Override
        protected String describe(Object fn, Object a) {
            return "call of " + Watch.typeName(fn);
        }
    };

    /**
     * A user message posted with a captured context (see {@link Propagation}): fn is the
     * Propagation. Puts the posted Dispatch and fn back into the message, then runs them inside the
     * restored context. Not exempt: it stands for a user message in a bounded mailbox's count.
     */
    static final Dispatch CARRIED = new Dispatch() {
        @Override
        protected void run(Message m) throws Throwable {
            Propagation p = (Propagation) m.fn;
            m.op = p.op;
            m.fn = p.fn;
            try (dev.loopcore.ContextPropagator.Scope s = p.restore()) {
                p.op.run(m);
            }
        }

        @Override
        protected void reject(Object fn, Object a, Object b, Object c, Object d, ReplyImpl<?> reply,
                              dev.loopcore.RejectedCallException.Reason reason) {
            Propagation p = (Propagation) fn;
            p.op.reject(p.fn, a, b, c, d, reply, reason);
        }

        @Override
        protected String describe(Object fn, Object a) {
            return fn instanceof Propagation ? ((Propagation) fn).op.describe(((Propagation) fn).fn, a) : typeName(fn);
        }
    };

    /** A reply's callback on its loop: fn is the {@link ReplyNode.Callback}, a the value, b the failure. */
    static final Dispatch DELIVER = new Dispatch(true) {
        @Override
        protected void run(Message m) {
            ((ReplyNode.Callback) m.fn).run(m.a, (Throwable) m.b);
        }

        @Override
        protected String describe(Object fn, Object a) {
            return fn instanceof ReplyNode.Callback ? "reply callback " + Watch.typeName(((ReplyNode.Callback) fn).onValue)
                    : "reply callback";
        }

        @Override
        protected void reject(Object fn, Object a, Object b, Object c, Object d, ReplyImpl<?> reply,
                              dev.loopcore.RejectedCallException.Reason reason) {
            // the callback's loop closed: callbacks are dropped, never run elsewhere
        }
    };

    /**
     * Inserts a timer posted from another thread into the loop's heap. The message carries the timer's
     * chain, so an await of that chain takes it in (contract 6). Once the loop is closed the timer is
     * cancelled instead: a delayed task never starts after close() (contract 3).
     */
    static final Dispatch SCHEDULE = new Dispatch(true, true) {
        @Override
        protected void run(Message m) {
            ScheduledTask t = (ScheduledTask) m.fn;
            if (t.loop.lvClosed()) t.cancelByLoop();
            else t.loop.runner.timers().add(t);
        }

        @Override
        protected void reject(Object fn, Object a, Object b, Object c, Object d, ReplyImpl<?> reply,
                              dev.loopcore.RejectedCallException.Reason reason) {
            ((ScheduledTask) fn).cancelByLoop();
        }
    };

    /** Removes a timer cancelled from another thread from the loop's heap. */
    static final Dispatch UNSCHEDULE = new Dispatch(true, true) {
        @Override
        protected void run(Message m) {
            ScheduledTask t = (ScheduledTask) m.fn;
            t.loop.runner.timers().remove(t);
        }

        @Override
        protected void reject(Object fn, Object a, Object b, Object c, Object d, ReplyImpl<?> reply,
                              dev.loopcore.RejectedCallException.Reason reason) {
        }
    };

    /** A due timer, made by the loop itself (never offered): fn is the {@link ScheduledTask}. */
    static final Dispatch TIMER = new Dispatch(true, true) {
        @Override
        protected void run(Message m) {
            ScheduledTask t = (ScheduledTask) m.fn;
            t.loop.runner.fire(t);
        }

        @Override
        protected String describe(Object fn, Object a) {
            return fn instanceof ScheduledTask ? "delayed task " + Watch.typeName(((ScheduledTask) fn).peekTask())
                    : "delayed task";
        }
    };
}
