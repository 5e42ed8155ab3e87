package dev.loopcore;

import dev.loopcore.internal.Propagation;

import java.util.Objects;

/**
 * Carries a thread's context (a tracing span such as OpenTelemetry's {@code Context}, an MDC map)
 * across the hops loopcore makes: one global, optional capture/restore pair.
 *
 * <h2>Detailed guarantees</h2>
 * <ul>
 *   <li>While a propagator is installed, {@link #capture()} runs on the thread that posts a task, makes
 *       a call, invokes or calls through a proxy (construction included), schedules a delayed or
 *       repeating task, or registers a reply callback ({@code then}); {@link #restore} runs on the
 *       thread that later runs that task, call, method, delayed task (each run of a repeating one) or
 *       callback, right before it, and the returned {@link Scope} is closed right after it, on the
 *       same thread, also when it threw. Scopes nest: a task run inside an {@code await()} restores
 *       and closes its own inside the awaiting task's.</li>
 *   <li>{@code capture()} returning null carries nothing: the message is posted exactly as without a
 *       propagator.</li>
 *   <li>With none installed (the default), posting reads one static field and otherwise runs as
 *       before: no capture, no allocation, no extra store.</li>
 *   <li>The library's own messages (reply deliveries, timer upkeep, proxy closes and reclamation) carry
 *       no context of their own; a reply callback carries the context of its {@code then} call.</li>
 * </ul>
 * <h2>Not guaranteed</h2>
 * Installing or uninstalling does not change what messages already posted carry. A {@code restore}
 * or {@code close} that throws is reported as the task's failure (the loop's uncaught handler).
 *
 * <p>Threading: {@link #install} and {@link #uninstall} from any thread, visible to posts that start
 * after they return; the propagator itself is called from many threads at once and must be thread-safe.
 *
 * @param <C> what is carried
 */
public interface ContextPropagator<C> {
    /**
     * Called on the posting thread, as the message is made.
     *
     * @return the context to carry, or null for none
     */
    C capture();

    /**
     * Called on the running thread, before the work: makes {@code captured} current until the scope is closed.
     *
     * @param captured what {@link #capture()} returned on the posting thread; never null
     * @return the scope loopcore closes right after the work, on this thread
     */
    Scope restore(C captured);

    /** Undoes one {@link #restore}. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Installs {@code propagator} for every loop, replacing the one installed before (if any).
     *
     * @param propagator captures and restores the context of every later post
     */
    static void install(ContextPropagator<?> propagator) {
        Propagation.install(Objects.requireNonNull(propagator, "propagator"));
    }

    /** Removes the installed propagator: later posts carry nothing. */
    static void uninstall() {
        Propagation.install(null);
    }
}
