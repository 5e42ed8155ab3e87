package dev.loopcore.proxy;

import dev.loopcore.MessageLoop;
import dev.loopcore.RejectedCallException;
import dev.loopcore.Reply;
import dev.loopcore.function.QuadConsumer;
import dev.loopcore.function.QuadFunction;
import dev.loopcore.function.TriConsumer;
import dev.loopcore.function.TriFunction;
import dev.loopcore.internal.Dispatch;
import dev.loopcore.internal.LoopContext;
import dev.loopcore.internal.LoopCore;
import dev.loopcore.internal.Message;
import dev.loopcore.internal.ReplyImpl;

import java.lang.ref.Reference;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A handle to an object that lives on a loop: other threads call it through the proxy, and its
 * methods run on its loop, one at a time.
 *
 * <h2>Summary</h2>
 * {@link #create} constructs the target on its loop (invokes may follow at once: they queue behind
 * the construction); {@link #bind} wraps an object that already lives on a loop so other threads can
 * call it back. {@link #invoke} posts a method call without waiting; {@link #call} returns a
 * {@link Reply} whose callbacks run on the caller's loop; {@link #as} gives a whole interface.
 *
 * <h2>Detailed guarantees</h2>
 * <ul>
 *   <li>Calls one thread makes through a proxy run in the order made, after the construction. The
 *       construction comes before every message of the target's proxies whatever the target loop is
 *       doing: a message that a nested {@code await()} on that loop lets through ahead of the
 *       construct message builds the target first, inline. A constructor that calls its own proxy and
 *       waits for the reply gets a {@link dev.loopcore.CallFailedException} whose cause, an
 *       {@link IllegalStateException}, says so (the reply could only come after the constructor).</li>
 *   <li>If the constructor throws, invokes return false (or are dropped) and calls fail with
 *       {@link RejectedCallException} {@code CONSTRUCTION_FAILED} whose cause is what it threw.</li>
 *   <li>Every proxy, {@link #bind} ones included, has its own close state. {@link #close()} on the
 *       target's loop takes effect at once: none of this proxy's messages not yet run will run, and an
 *       {@link AutoCloseable} target of {@link #create} is closed before it returns (also when a close
 *       from elsewhere came first). From elsewhere, close takes effect on the loop after every message
 *       this proxy accepted before it, in whatever order the loop runs them (a nested await may run the
 *       close ahead of messages it keeps aside: it then waits for them). Afterwards {@code invoke}
 *       returns false and calls fail with {@code TARGET_CLOSED} ({@code LOOP_CLOSED} once the loop
 *       closed).</li>
 *   <li>An {@code invoke} racing a {@link #close()} made off the target's loop runs exactly once or
 *       returns false, never both and never neither; a {@code call} runs or fails with
 *       {@code TARGET_CLOSED}. The same holds for messages of proxies bound from inside a created
 *       target when the target is closed from elsewhere (its close waits for them), and while the proxy
 *       object itself becomes unreachable during the send: it stays reachable until the send decided.
 *       Not guaranteed: messages accepted before a close made <em>on</em> the target's loop still
 *       count as accepted, though they are dropped.</li>
 *   <li>An {@link AutoCloseable} target made by {@link #create} is closed on its loop exactly once: by
 *       {@link #close()} of the proxy {@code create} returned, when its loop closes, or when every proxy
 *       of it became unreachable. A {@link #bind} proxy never closes its target.</li>
 *   <li>Cycles: two targets on two loops that hold each other's proxies and nothing else are collected
 *       if the targets are not {@link AutoCloseable}. An AutoCloseable target must stay reachable until
 *       it is closed, and with it the proxies it holds, so such a cycle stays alive until one of its
 *       proxies is closed or one of its loops closes (which closes the target, which should close the
 *       proxies it holds).</li>
 *   <li>{@code invoke} with a non-capturing method reference allocates nothing in steady state (one
 *       compare-and-set on the proxy's own counter besides the post). {@code RefCounted} arguments are
 *       owned by the message: released after the method returns, or when the message is refused,
 *       rejected or dropped — through {@link #as} too, by either relay.</li>
 *   <li>Footprint: each proxy keeps its senders' counter and its loop's counter on cache lines of
 *       their own, about 0.4 KB per proxy.</li>
 * </ul>
 *
 * <h2>Interface relays ({@link #as})</h2>
 * A generated class (no argument array, nothing allocated per {@code void} call) serves an interface
 * when all of these hold; otherwise a {@link java.lang.reflect.Proxy} serves it, with the same
 * behaviour and an argument array per call:
 * <ul>
 *   <li>every relayed method has at most three parameters;</li>
 *   <li>the interface and every parameter and return type are public (nested in public types), and
 *       resolve to the same classes by name from loopcore-proxy's class loader (not so, for example,
 *       for an interface loaded by a child class loader, as in some plug-in and container setups);</li>
 *   <li>in a named module, their packages are exported, to everyone or to {@code dev.loopcore.proxy}:
 *       loopcore-proxy adds the readability edge to that module itself. A package not exported to
 *       {@code dev.loopcore.proxy} gets the reflective relay at best, which needs the package open to
 *       it ({@code as} throws {@link IllegalArgumentException} otherwise).</li>
 * </ul>
 * Static interface methods are not relayed; {@code equals}, {@code hashCode} and {@code toString}
 * answer locally (identity, identity hash, the interface and the proxy), also where the interface
 * redeclares them.
 *
 * Threading: every method may be called from any thread.
 *
 * @param <T> the target's type
 */
public final class Proxy<T> implements AutoCloseable {
    private final LoopCore loop;
    /** This proxy's own channel to the target: its accepted count and close state (see {@link Channel}). */
    private final Channel channel;
    /** The channel's cell, read by senders here so they never touch the loop's cache line of the channel. */
    private final Cell cell;
    /** Keeps the target's lifetime handle reachable while this proxy is; see {@link Lifetime}. */
    private final Lifetime lifetime;

    private Proxy(LoopCore loop, Channel channel, Lifetime lifetime) {
        this.loop = loop;
        this.channel = channel;
        this.cell = channel.cell;
        this.lifetime = lifetime;
    }

    /**
     * Constructs the target on {@code loop} with {@code constructor}; the proxy is usable at once.
     *
     * @param <T>         the target's type
     * @param loop        the loop the target lives on
     * @param constructor makes the target, on {@code loop}, before any message of its proxies runs
     * @return the proxy that owns the target: its {@link #close()} also closes an {@link AutoCloseable} target
     */
    public static <T> Proxy<T> create(MessageLoop loop, Supplier<? extends T> constructor) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(constructor, "constructor");
        LoopCore core = LoopCore.of(loop);
        Cell cell = Cell.toConstruct(core, constructor);
        Lifetime lifetime = Lifetime.track(cell);
        Proxy<T> p = new Proxy<>(core, new Channel(cell, true), lifetime);
        core.dispatch(ProxyOps.CONSTRUCT, null, cell, null, null, null); // a rejection marks the cell closed
        return p;
    }

    /**
     * A proxy to {@code target}, an object that already lives on {@code loop}. Called from a method of a
     * target that a proxy created, the new proxy shares that target's lifetime: once the target is
     * closed, nothing sent through it runs. Either way the new proxy has its own close state, and its
     * {@link #close()} never closes the target.
     *
     * @param <T>    the target's type
     * @param loop   the loop the target lives on; only that loop's tasks may touch it
     * @param target the object the proxy's messages run on
     * @return a new proxy to {@code target}
     */
    public static <T> Proxy<T> bind(MessageLoop loop, T target) {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(target, "target");
        LoopCore core = LoopCore.of(loop);
        LoopContext ctx = LoopContext.current();
        if (ctx.loop() == core) {
            Message running = ctx.running();
            if (running != null && running.a instanceof Channel && ((Channel) running.a).cell.isTarget(target)) {
                Cell shared = ((Channel) running.a).cell;
                Channel ch = new Channel(shared, false);
                shared.register(ch);
                return new Proxy<>(core, ch, Lifetime.of(shared));
            }
        }
        return new Proxy<>(core, new Channel(Cell.bound(core, target), false), null);
    }

    /** {@return the loop the target lives on} */
    public MessageLoop loop() {
        return loop;
    }

    // ---- invoke: post without waiting ----

    /**
     * Posts {@code method.accept(target)} to the target's loop without waiting.
     *
     * @param method what to run on the target
     * @return true if the proxy accepted the message; false (the method never runs) once the proxy is
     *         closed, its target closed or failed to construct, or its loop closed
     */
    public boolean invoke(Consumer<? super T> method) {
        Objects.requireNonNull(method, "method");
        return send(ProxyOps.INVOKE0, method, null, null, null);
    }

    /**
     * Posts {@code method.accept(target, a)} to the target's loop without waiting.
     *
     * @param <A>    the argument's type
     * @param method what to run on the target
     * @param a      its argument; a {@link dev.loopcore.RefCounted} one is owned by the message from now on
     * @return true if the proxy accepted the message; false (the method never runs) once the proxy is
     *         closed, its target closed or failed to construct, or its loop closed
     */
    public <A> boolean invoke(BiConsumer<? super T, ? super A> method, A a) {
        Objects.requireNonNull(method, "method");
        return send(ProxyOps.INVOKE1, method, a, null, null);
    }

    /**
     * Posts {@code method.accept(target, a, b)} to the target's loop without waiting.
     *
     * @param <A>    the first argument's type
     * @param <B>    the second argument's type
     * @param method what to run on the target
     * @param a      its first argument; a {@link dev.loopcore.RefCounted} one is owned by the message from now on
     * @param b      its second argument, likewise
     * @return true if the proxy accepted the message; false (the method never runs) once the proxy is
     *         closed, its target closed or failed to construct, or its loop closed
     */
    public <A, B> boolean invoke(TriConsumer<? super T, ? super A, ? super B> method, A a, B b) {
        Objects.requireNonNull(method, "method");
        return send(ProxyOps.INVOKE2, method, a, b, null);
    }

    /**
     * Posts {@code method.accept(target, a, b, c)} to the target's loop without waiting.
     *
     * @param <A>    the first argument's type
     * @param <B>    the second argument's type
     * @param <C>    the third argument's type
     * @param method what to run on the target
     * @param a      its first argument; a {@link dev.loopcore.RefCounted} one is owned by the message from now on
     * @param b      its second argument, likewise
     * @param c      its third argument, likewise
     * @return true if the proxy accepted the message; false (the method never runs) once the proxy is
     *         closed, its target closed or failed to construct, or its loop closed
     */
    public <A, B, C> boolean invoke(QuadConsumer<? super T, ? super A, ? super B, ? super C> method, A a, B b, C c) {
        Objects.requireNonNull(method, "method");
        return send(ProxyOps.INVOKE3, method, a, b, c);
    }

    /**
     * Enqueue after deciding: the channel counts the message as accepted (or refuses it once closed),
     * which a close from elsewhere waits for (see {@link Channel}). The fence keeps this proxy, and with
     * it the target's lifetime handle, reachable until the message is in the mailbox: otherwise the
     * collector could find the proxy unreachable once its fields were read and the cleaner's close
     * could overtake the accepted message.
     */
    private boolean send(Dispatch op, Object method, Object a, Object b, Object c) {
        try {
            if (cell.isDead() || !channel.accept()) {
                ((ProxyOps.ProxyDispatch) op).refuse(a, b, c);
                return false;
            }
            return loop.dispatch(op, method, channel, a, b, c); // the loop releases what it rejects
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---- call: reply on the caller's loop ----

    /**
     * Runs {@code method.apply(target)} on the target's loop; the reply's callbacks run on the caller's loop.
     *
     * @param <R>    the result's type
     * @param method what to run on the target
     * @return the reply: the method's value, a {@link dev.loopcore.CallFailedException} if it threw, or a
     *         {@link RejectedCallException} ({@code TARGET_CLOSED}, {@code LOOP_CLOSED} or
     *         {@code CONSTRUCTION_FAILED}) if it never ran
     */
    public <R> Reply<R> call(Function<? super T, ? extends R> method) {
        Objects.requireNonNull(method, "method");
        return ask(ProxyOps.CALL0, method, null, null, null);
    }

    /**
     * Runs {@code method.apply(target, a)} on the target's loop; the reply's callbacks run on the caller's loop.
     *
     * @param <A>    the argument's type
     * @param <R>    the result's type
     * @param method what to run on the target
     * @param a      its argument; a {@link dev.loopcore.RefCounted} one is owned by the message from now on
     * @return the reply: the method's value, a {@link dev.loopcore.CallFailedException} if it threw, or a
     *         {@link RejectedCallException} ({@code TARGET_CLOSED}, {@code LOOP_CLOSED} or
     *         {@code CONSTRUCTION_FAILED}) if it never ran
     */
    public <A, R> Reply<R> call(BiFunction<? super T, ? super A, ? extends R> method, A a) {
        Objects.requireNonNull(method, "method");
        return ask(ProxyOps.CALL1, method, a, null, null);
    }

    /**
     * Runs {@code method.apply(target, a, b)} on the target's loop; the reply's callbacks run on the
     * caller's loop.
     *
     * @param <A>    the first argument's type
     * @param <B>    the second argument's type
     * @param <R>    the result's type
     * @param method what to run on the target
     * @param a      its first argument; a {@link dev.loopcore.RefCounted} one is owned by the message from now on
     * @param b      its second argument, likewise
     * @return the reply: the method's value, a {@link dev.loopcore.CallFailedException} if it threw, or a
     *         {@link RejectedCallException} ({@code TARGET_CLOSED}, {@code LOOP_CLOSED} or
     *         {@code CONSTRUCTION_FAILED}) if it never ran
     */
    public <A, B, R> Reply<R> call(TriFunction<? super T, ? super A, ? super B, ? extends R> method, A a, B b) {
        Objects.requireNonNull(method, "method");
        return ask(ProxyOps.CALL2, method, a, b, null);
    }

    /**
     * Runs {@code method.apply(target, a, b, c)} on the target's loop; the reply's callbacks run on the
     * caller's loop.
     *
     * @param <A>    the first argument's type
     * @param <B>    the second argument's type
     * @param <C>    the third argument's type
     * @param <R>    the result's type
     * @param method what to run on the target
     * @param a      its first argument; a {@link dev.loopcore.RefCounted} one is owned by the message from now on
     * @param b      its second argument, likewise
     * @param c      its third argument, likewise
     * @return the reply: the method's value, a {@link dev.loopcore.CallFailedException} if it threw, or a
     *         {@link RejectedCallException} ({@code TARGET_CLOSED}, {@code LOOP_CLOSED} or
     *         {@code CONSTRUCTION_FAILED}) if it never ran
     */
    public <A, B, C, R> Reply<R> call(QuadFunction<? super T, ? super A, ? super B, ? super C, ? extends R> method,
                                      A a, B b, C c) {
        Objects.requireNonNull(method, "method");
        return ask(ProxyOps.CALL3, method, a, b, c);
    }

    /** As {@link #send}, for a call: refused calls fail with the reason instead. */
    private <R> Reply<R> ask(Dispatch op, Object method, Object a, Object b, Object c) {
        try {
            if (cell.isDead() || !channel.accept()) {
                ((ProxyOps.ProxyDispatch) op).refuse(a, b, c);
                return ReplyImpl.failed(loop, cell.isDead() ? cell.rejection()
                        : new RejectedCallException(RejectedCallException.Reason.TARGET_CLOSED));
            }
            return loop.dispatchCall(op, method, channel, a, b, c);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---- interfaces ----

    /**
     * A thread-safe {@code I} that relays to the target on its loop: {@code void} methods post;
     * methods returning {@link Reply}, {@link java.util.concurrent.CompletionStage} or
     * {@link java.util.concurrent.CompletableFuture} call asynchronously; any other return type calls
     * and awaits (filtered nested loop, deadlock detection). A {@code Reply} method whose target
     * returns a call of its own completes with that call's outcome, and awaiting it runs that call's
     * callbacks on the waiting loop. {@code equals}, {@code hashCode} and {@code toString} answer
     * locally. Which relay serves {@code I}: see the class documentation.
     *
     * @param <I>   the interface's type
     * @param iface an interface the target implements
     * @return an {@code I} whose methods are sent through this proxy (and refused once it is closed)
     * @throws IllegalArgumentException if {@code iface} is not an interface, or a method of it can be
     *         relayed neither by a generated class nor reflectively
     */
    public <I> I as(Class<I> iface) {
        Objects.requireNonNull(iface, "iface");
        return InterfaceProxy.create(this, iface);
    }

    // ---- lifetime ----

    /** {@return true once this proxy was closed, its target closed or failed to construct, or its loop closed} */
    public boolean isClosed() {
        return channel.isClosedForSenders() || cell.isDead() || loop.isClosed();
    }

    /**
     * Closes the proxy: later sends through it are refused. On the target's loop at once: none of its
     * messages not yet run will run. From elsewhere, after every message it accepted before (also those
     * a nested await keeps aside). For the proxy {@link #create} returned, also the target, at the same
     * moment (from elsewhere: once the proxies bound from inside the target drained too). A
     * {@link #bind} proxy never closes its target. Idempotent; a close on the target's loop after one
     * from elsewhere still takes effect at once.
     */
    @Override
    public void close() {
        try {
            boolean first = channel.stopAccepting();
            if (loop.isCurrent()) {
                channel.closeNow();
            } else if (first) {
                loop.dispatch(ProxyOps.CLOSE, null, channel, null, null, null); // rejected: the loop closes the target
            }
            if (first && channel.owner && lifetime != null) lifetime.closedExplicitly();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** For the interface relay: posts {@code op} with a prepared method and arguments. */
    boolean relay(Dispatch op, Object fn, Object b, Object c, Object d) {
        return send(op, fn, b, c, d);
    }

    <R> Reply<R> relayCall(Dispatch op, Object fn, Object b, Object c, Object d) {
        return ask(op, fn, b, c, d);
    }

    @Override
    public String toString() {
        return "Proxy[" + loop.name() + (isClosed() ? ", closed" : "") + "]";
    }
}
